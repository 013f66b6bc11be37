"""Creates the "Medical review" workflow and assigns it to everything that carries medical
content. Safe to run repeatedly: it completes what is missing and changes nothing else."""

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Workflow, WorkflowContentType, WorkflowPage, WorkflowTask

from cms.roles import MEDICAL_REVIEWERS, MEDICAL_SNIPPETS
from review.models import MedicalReviewTask
from review.records import MEDICAL_REVIEW_WORKFLOW


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
    for model in workflow_page_models():
        for page in model.objects.all():
            WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    for label in MEDICAL_SNIPPETS:
        app_label, model = label.split(".")
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
    return workflow


def workflow_page_models():
    """The page types the workflow is shown on: every type whose children can only be
    medical pages (an articles index), and every medical page type that can sit elsewhere
    (an FAQ page under the home page). Derived from the page types' own declarations, so
    a new medical page type needs nothing here."""
    from .gate import is_medical_model

    def holds_only_medical(model):
        children = model.allowed_subpage_models()
        return bool(children) and all(is_medical_model(child) for child in children)

    page_models = [m for m in apps.get_models() if issubclass(m, Page) and m is not Page]
    holders = [m for m in page_models if holds_only_medical(m)]
    loose = [
        m
        for m in page_models
        if is_medical_model(m) and not all(p in holders for p in m.allowed_parent_page_models())
    ]
    return holders + loose
