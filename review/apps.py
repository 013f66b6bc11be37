from django.apps import AppConfig


class MedicalReviewConfig(AppConfig):
    """Medical review: the publish gate, the review task and its records, who may approve,
    the claims checker, and the life of content after approval (review due dates,
    reminders, the re-review queue). It sits below the page types, which declare their
    medical fields; it knows no page type.

    The label stays ``lifecycle``, the app's name before the gate joined it, so its tables,
    migrations and content types carry on unchanged."""

    name = "review"
    label = "lifecycle"
    verbose_name = "Medical review"

    def ready(self):
        from django.db.models.signals import pre_delete, pre_save
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Revision

        from . import gate

        pre_save.connect(
            gate.refuse_rewriting_frozen_revision,
            sender=Revision,
            dispatch_uid="medical_review_frozen_revisions",
        )
        pre_delete.connect(
            gate.refuse_deleting_used_snippet, dispatch_uid="medical_review_used_snippets"
        )
        for model in (get_image_model(), get_document_model()):
            pre_save.connect(
                gate.refuse_replacing_used_file,
                sender=model,
                dispatch_uid=f"medical_review_used_files_{model._meta.label_lower}",
            )
