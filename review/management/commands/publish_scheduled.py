"""Wagtail's ``publish_scheduled``, made safe for medical content: a due revision that the
publish gate would refuse is taken off the schedule and logged, instead of stopping the
run (and every later run) at the first refusal and leaving other due content unpublished."""

from django.utils import timezone
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import Revision

from review.gate import MedicalReviewRequired, is_medical, log_refusal, publish_refusal


class Command(WagtailCommand):
    help = "Publish and unpublish scheduled content; unapproved medical content stays unpublished."

    def handle(self, *args, **options):
        if not options["dryrun"]:
            self.unschedule_unapproved()
        super().handle(*args, **options)

    def unschedule_unapproved(self):
        due = Revision.objects.filter(approved_go_live_at__lt=timezone.now())
        for revision in due:
            if not is_medical(revision.content_object):
                continue
            reason = publish_refusal(revision)
            if reason is None:
                continue
            revision.approved_go_live_at = None
            revision.save(update_fields=["approved_go_live_at"])
            log_refusal(MedicalReviewRequired(reason, obj=revision.content_object), None)
            self.stderr.write(f"Not published: {reason}")
