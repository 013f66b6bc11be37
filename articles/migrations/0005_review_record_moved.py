"""Review records moved to the medical review app; the column and its table are unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_review_attribution'),
        ('lifecycle', '0005_review_records_from_cms'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='articlepage',
                    name='review_record',
                    field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='lifecycle.reviewrecord'),
                ),
            ],
        ),
    ]
