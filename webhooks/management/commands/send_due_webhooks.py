from django.core.management.base import BaseCommand

from webhooks.tasks import enqueue_due_deliveries


class Command(BaseCommand):
    help = (
        "Enqueue every webhook delivery that is due: retries, when the task backend cannot "
        "defer tasks (the immediate backend in development), and deliveries whose task was "
        "lost. Safe to run at any time, e.g. from cron: a delivery is never sent twice at once."
    )

    def handle(self, *args, **options):
        count = enqueue_due_deliveries()
        self.stdout.write(f"Enqueued {count} webhook deliver{'y' if count == 1 else 'ies'}.")
