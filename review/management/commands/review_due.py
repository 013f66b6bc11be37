"""``manage.py review_due``: the daily review reminder job, safe to run from cron (it never
sends the same reminder twice, and one page's failure does not stop the others)."""

from django.core.management.base import BaseCommand, CommandError

from review.review_due import run_review_due, start_review_when_overdue
from review.status import due_soon_days


class Command(BaseCommand):
    help = (
        "Remind authors and last reviewers of medical pages due for review within --days "
        "or overdue; optionally start the medical review workflow on overdue pages."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Remind this many days before the due date (default: "
            "LIFECYCLE_DUE_SOON_DAYS, else 30).",
        )
        parser.add_argument(
            "--start-workflow",
            action="store_true",
            default=None,
            help="Start the medical review workflow on overdue pages (default: "
            "LIFECYCLE_START_REVIEW_WHEN_OVERDUE, else no).",
        )

    def handle(self, *args, days=None, start_workflow=None, verbosity=1, **options):
        if days is not None and days < 0:
            raise CommandError("--days cannot be negative.")
        summary = run_review_due(days=days, start_workflow=start_workflow)
        if verbosity:
            window = due_soon_days() if days is None else days
            starting = start_review_when_overdue() if start_workflow is None else start_workflow
            self.stdout.write(
                f"{summary['checked']} page(s) due within {window} days or overdue: "
                f"{len(summary['due_soon'])} due soon, {len(summary['overdue'])} overdue; "
                f"{len(summary['reminded'])} reminder(s) sent; "
                f"{len(summary['workflows_started'])} review(s) started"
                f"{'' if starting else ' (not enabled)'}; "
                f"{len(summary['unpublished'])} unpublished."
            )
        for error in summary["errors"]:
            self.stderr.write(f"Page {error['page']}: {error['error']}")
        if summary["errors"]:
            raise CommandError(f"{len(summary['errors'])} page(s) failed; see above.")
