"""The clinic settings moved to the core (cms 0007); their table is unchanged."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("home", "0002_clinicsettings_reuse_terms_url"),
        ("cms", "0007_review_out_clinic_settings_in"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ClinicSettings")],
        ),
    ]
