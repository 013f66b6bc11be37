from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from accounts.two_factor import RESET_LOG_ACTION


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator app (a lost phone): they enrol a new one at their "
        "next sign-in. Run by an administrator who has checked who is asking."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        log(user, RESET_LOG_ACTION, data={"source": "management_command"})
        self.stdout.write(f"Removed {removed} authenticator app(s) of {username}.")
