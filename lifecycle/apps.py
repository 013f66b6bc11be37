from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    """The life of medical content after approval: review due dates, reminders, the
    re-review queue, and the claims checker a clinician works through before approving."""

    name = "lifecycle"
    verbose_name = "Review lifecycle"
