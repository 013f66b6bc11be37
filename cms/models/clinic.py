from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.log_actions import log

from .medical import MAX_REVIEW_INTERVAL_MONTHS


@register_setting(icon="site")
class ClinicSettings(BaseSiteSetting):
    """Who the clinic is and how patients book: calls to action and structured data
    read these, so a new phone number is changed in one place."""

    name = models.CharField(max_length=255)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    booking_url = models.URLField(blank=True, help_text="Where “Book a consultation” leads.")
    reuse_terms_url = models.URLField(
        "terms for reusing our content",
        blank=True,
        help_text="The terms under which other sites and apps may republish the clinic's "
        "articles; the content API gives this address as each page's licence.",
    )
    default_review_interval_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REVIEW_INTERVAL_MONTHS)],
        help_text="Months between medical reviews unless a page sets its own (at most 36).",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")],
            heading="Clinic",
        ),
        FieldPanel("booking_url"),
        FieldPanel("reuse_terms_url"),
        FieldPanel("default_review_interval_months"),
    ]

    class Meta:
        verbose_name = "clinic settings"
        # Moved here from the home app: the table keeps its name.
        db_table = "home_clinicsettings"

    def save(self, *args, **kwargs):
        """Live pages show these at once: every change is in the audit log, with the
        Editor who made it (the admin's log context supplies the user)."""
        creating = self.pk is None
        super().save(*args, **kwargs)
        log(self, "wagtail.create" if creating else "wagtail.edit")
