from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Shared machinery: people, the reference library, disclaimers and medical review."""

    name = "cms"
    verbose_name = "Clinic CMS"

    def ready(self):
        from django.db.models.signals import pre_delete, pre_save
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Revision

        from cms import medical_review
        from cms.api import caching

        pre_save.connect(
            medical_review.refuse_rewriting_frozen_revision,
            sender=Revision,
            dispatch_uid="medical_review_frozen_revisions",
        )
        pre_delete.connect(
            medical_review.refuse_deleting_used_snippet, dispatch_uid="medical_review_used_snippets"
        )
        for model in (get_image_model(), get_document_model()):
            pre_save.connect(
                medical_review.refuse_replacing_used_file,
                sender=model,
                dispatch_uid=f"medical_review_used_files_{model._meta.label_lower}",
            )
        caching.connect_invalidation()
