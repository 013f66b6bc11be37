from django.core.management.base import BaseCommand

from review.setup import ensure_medical_review_workflow


class Command(BaseCommand):
    help = "Create the Medical review workflow and assign it to all medical content."

    def handle(self, *args, **options):
        workflow = ensure_medical_review_workflow()
        self.stdout.write(self.style.SUCCESS(f"Workflow “{workflow.name}” is set up."))
