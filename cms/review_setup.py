"""Creates the "Medical review" workflow and assigns it to everything that carries medical
content. Safe to run repeatedly: it completes what is missing and changes nothing else."""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Workflow, WorkflowContentType, WorkflowPage, WorkflowTask

from cms.models import MedicalReviewTask
from cms.models.review import MEDICAL_REVIEW_WORKFLOW
from cms.roles import MEDICAL_REVIEWERS, MEDICAL_SNIPPETS


def ensure_medical_review_workflow():
    reviewers, _ = Group.objects.get_or_create(name=MEDICAL_REVIEWERS)
    task = MedicalReviewTask.objects.filter(name=MEDICAL_REVIEW_WORKFLOW).first()
    if task is None:
        task = MedicalReviewTask.objects.create(name=MEDICAL_REVIEW_WORKFLOW)
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name=MEDICAL_REVIEW_WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    # Medical pages find the workflow themselves (MedicalPageMixin.get_workflow); the
    # assignments below make it visible on the admin's workflow screen.
    from articles.models import ArticleIndexPage
    from faq.models import FAQPage

    for page in [*ArticleIndexPage.objects.all(), *FAQPage.objects.all()]:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    for label in MEDICAL_SNIPPETS:
        app_label, model = label.split(".")
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
    return workflow
