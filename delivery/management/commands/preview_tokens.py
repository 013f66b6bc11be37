"""``manage.py preview_tokens``: list and revoke headless preview links (delivery/api/preview.py).

preview_tokens list [--user USERNAME]
preview_tokens revoke --user USERNAME     every active link of one user
preview_tokens revoke --token TOKEN_ID    one link, by the id ``list`` shows
preview_tokens revoke --all               every active link (e.g. after a leak)
"""

import uuid

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from wagtail.log_actions import log

from cms.models import PreviewToken
from delivery.api.preview import REVOKED_LOG_ACTION


class Command(BaseCommand):
    help = "List or revoke headless preview links."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True)
        listing = commands.add_parser("list", help="The links that still work.")
        listing.add_argument("--user", help="Only this user's.")
        revoking = commands.add_parser("revoke", help="Revoke links.")
        which = revoking.add_mutually_exclusive_group(required=True)
        which.add_argument("--user", help="Every active link of this user.")
        which.add_argument("--token", help="One link, by its token id (see list).")
        which.add_argument("--all", action="store_true", dest="every", help="Every active link.")

    def handle(self, *args, command, user=None, token=None, **options):
        tokens = PreviewToken.objects.active().select_related("user", "page")
        owner = self._user(user) if user else None
        if owner is not None:
            tokens = tokens.filter(user=owner)
        if command == "list":
            for row in tokens:
                self.stdout.write(
                    f"{row.jti}  {row.user}  page {row.page_id} “{row.page.title}”  "
                    f"revision {row.revision_id}  until {row.expires_at:%Y-%m-%d %H:%M}"
                )
            return
        if token:
            tokens = tokens.filter(jti=self._token_id(token))
        count = tokens.revoke()
        if owner is not None:
            log(owner, REVOKED_LOG_ACTION, data={"count": count})
        self.stdout.write(self.style.SUCCESS(f"Revoked {count} preview link(s)."))

    def _user(self, username):
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user “{username}”.") from None

    def _token_id(self, value):
        try:
            return uuid.UUID(value)
        except ValueError:
            raise CommandError(f"“{value}” is not a token id (see preview_tokens list).") from None
