"""The review-due job as a django-tasks task, for deployments that schedule tasks rather
than cron (``review.tasks.review_due.enqueue()``)."""

from django_tasks import task

from .review_due import run_review_due


@task()
def review_due(days=None, start_workflow=None):
    """See ``review.review_due.run_review_due``. Returns its summary (plain data)."""
    return run_review_due(days=days, start_workflow=start_workflow)
