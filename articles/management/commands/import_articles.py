"""``manage.py import_articles PATH...``: the clinic's old blog posts (HTML, Markdown or
plain text) as draft articles, each file in its own transaction, never published. Files
over ``IMPORT_MAX_BYTES``, nested too deeply, or reached through a link out of the folder
given fail with a reason each; the others are imported."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.importing.build import (
    DUPLICATE,
    IMPORTED,
    SKIPPED,
    importer_refusal,
    save_article,
)
from articles.importing.parse import parse
from articles.importing.sources import ImportFailure, collect_paths, read_source
from articles.models import ArticleIndexPage

BAR_WIDTH = 30
SHOWN_CLAIMS = 80  # characters of a flagged sentence in the summary


class Command(BaseCommand):
    help = (
        "Import old blog posts (.html, .md, .txt; a directory stands for the files in it) "
        "as draft articles under the articles index. Re-importing a post updates its draft."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--user",
            required=True,
            help="Username the drafts are created as; needs permission to add pages under "
            "the articles index (e.g. a writer).",
        )
        parser.add_argument(
            "--index",
            type=int,
            help="Page id of the articles index (default: the first one in the page tree).",
        )
        parser.add_argument(
            "--encoding",
            help="Read every file in this encoding (default: UTF-8, or what the file declares).",
        )

    def handle(self, *args, paths, user, index=None, encoding=None, verbosity=1, **options):
        importer = self._user(user)
        articles_index = self._index(index)
        if reason := importer_refusal(importer, articles_index):
            raise CommandError(reason)
        files = collect_paths(paths)
        if not files:
            raise CommandError("No .html, .md or .txt files found.")

        outcomes, failures = [], []
        for number, (path, folder) in enumerate(files, 1):
            if verbosity and len(files) > 1:
                self._progress(number, len(files), path.name)
            try:
                article = parse(read_source(path, encoding, folder))
                with transaction.atomic():
                    outcomes.append(
                        (path, save_article(article, path.name, articles_index, importer))
                    )
            except ImportFailure as failure:
                failures.append((path, str(failure)))
            except ValidationError as error:
                failures.append((path, _validation_message(error)))
            except Exception as error:  # one broken file must not stop the others
                if options.get("traceback"):
                    raise
                failures.append((path, f"unexpected error: {error!r}"))

        if verbosity:
            self._summary(outcomes, len(failures))
        self._failures(failures)
        if failures:
            raise CommandError(f"{len(failures)} of {len(files)} file(s) failed; see above.")

    def _user(self, username):
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user “{username}”.") from None

    def _index(self, page_id):
        indexes = ArticleIndexPage.objects.order_by("path")
        found = indexes.filter(pk=page_id).first() if page_id else indexes.first()
        if found is None:
            raise CommandError(
                f"No articles index with id {page_id}." if page_id else "No articles index yet."
            )
        return found

    def _progress(self, number, total, name):
        """A bar redrawn in place on a terminal; a line per file in a log."""
        if self.stderr.isatty():
            done = BAR_WIDTH * number // total
            bar = "#" * done + "-" * (BAR_WIDTH - done)
            ending = "\n" if number == total else ""
            self.stderr.write(f"\r[{bar}] {number}/{total} {name[:40]:<40}", ending=ending)
            self.stderr.flush()
        else:
            self.stderr.write(f"[{number}/{total}] {name}")

    def _summary(self, outcomes, failed):
        done = [(p, o) for p, o in outcomes if o.status not in (DUPLICATE, SKIPPED)]
        duplicates = [(p, o) for p, o in outcomes if o.status == DUPLICATE]
        skipped = [(p, o) for p, o in outcomes if o.status == SKIPPED]
        write = self.stdout.write
        write(
            f"Imported {len(done)}, skipped {len(duplicates) + len(skipped)} "
            f"({len(duplicates)} duplicate), failed {failed}."
        )
        for path, outcome in done:
            page = outcome.page
            state = "new draft" if outcome.status == IMPORTED else "draft updated"
            write(f"\n{path.name}: “{page.title}”, page {page.pk} ({state}, not published)")
            for note in outcome.notes:
                write(f"  {note}")
            unverified = [r for r in outcome.references if not r.is_verified]
            if outcome.references:
                write(
                    f"  references: {len(outcome.references)}, {len(unverified)} unverified "
                    "(a writer adds each one's DOI, PubMed ID or URL before review)"
                )
            if outcome.disclaimer is not None and outcome.disclaimer_similarity is None:
                write(f"  disclaimer: new draft “{outcome.disclaimer}” (needs review)")
            elif outcome.disclaimer is not None:
                write(
                    f"  disclaimer: matched “{outcome.disclaimer}” "
                    f"({outcome.disclaimer_similarity:.0%} similar)"
                )
            write(f"  claims flagged: {len(outcome.claims)}")
            for claim in outcome.claims:
                text = claim.text
                text = text if len(text) <= SHOWN_CLAIMS else text[: SHOWN_CLAIMS - 1] + "…"
                write(f"    - “{text}”: {claim.reasons}")
        if duplicates or skipped:
            write("\nSkipped:")
            for path, outcome in [*duplicates, *skipped]:
                label = "duplicate, " if outcome.status == DUPLICATE else ""
                write(f"  {path.name}: “{outcome.page.title}” ({label}{outcome.reason})")

    def _failures(self, failures):
        if failures:
            self.stdout.write("\nFailed:")
            for path, reason in failures:
                self.stdout.write(f"  {path}: {reason}")


def _validation_message(error):
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(str(m) for m in messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
