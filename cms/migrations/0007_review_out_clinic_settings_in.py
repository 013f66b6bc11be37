"""The review task and records now belong to the medical review app (lifecycle 0005), and
the clinic settings, a register pages display, join the core from ``home``. Tables keep
their names: only Django's state moves, and the settings' content type is relabelled so
Editors' permission to change them carries over."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def relabel(old, new):
    def run(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        if not ContentType.objects.filter(app_label=new, model="clinicsettings").exists():
            ContentType.objects.filter(app_label=old, model="clinicsettings").update(
                app_label=new
            )

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("cms", "0006_preview_token"),
        ("lifecycle", "0005_review_records_from_cms"),
        ("articles", "0005_review_record_moved"),
        ("faq", "0003_review_record_moved"),
        ("home", "0002_clinicsettings_reuse_terms_url"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="MedicalReviewTask"),
                migrations.DeleteModel(name="ReviewRecord"),
                migrations.CreateModel(
                    name="ClinicSettings",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=255)),
                        ("address", models.TextField(blank=True)),
                        ("phone", models.CharField(blank=True, max_length=40)),
                        ("email", models.EmailField(blank=True, max_length=254)),
                        ("booking_url", models.URLField(blank=True, help_text="Where “Book a consultation” leads.")),
                        ("reuse_terms_url", models.URLField(blank=True, help_text="The terms under which other sites and apps may republish the clinic's articles; the content API gives this address as each page's licence.", verbose_name="terms for reusing our content")),
                        ("default_review_interval_months", models.PositiveSmallIntegerField(default=12, help_text="Months between medical reviews unless a page sets its own (at most 36).", validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(36)])),
                        ("site", models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site")),
                    ],
                    options={
                        "verbose_name": "clinic settings",
                        "db_table": "home_clinicsettings",
                    },
                ),
            ],
        ),
        migrations.RunPython(relabel("home", "cms"), relabel("cms", "home")),
    ]
