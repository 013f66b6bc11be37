"""The review task and review records join the medical review app from ``cms``. The tables
keep their names, so only Django's state moves; the content types are relabelled so every
workflow task, log entry and permission that points at them still does."""

import django.db.models.deletion
from django.db import migrations, models


MOVED = ["medicalreviewtask", "reviewrecord"]


def relabel(old, new):
    def run(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in MOVED:
            if not ContentType.objects.filter(app_label=new, model=model).exists():
                ContentType.objects.filter(app_label=old, model=model).update(app_label=new)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('cms', '0006_preview_token'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('lifecycle', '0004_seed_claims_checker_v2'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='MedicalReviewTask',
                    fields=[
                        ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
                        ('groups', models.ManyToManyField(help_text='Pages/snippets at this step in a workflow will be moderated or approved by these groups of users', to='auth.group', verbose_name='groups')),
                    ],
                    options={
                        'verbose_name': 'Medical review task',
                        'verbose_name_plural': 'Medical review tasks',
                        'db_table': 'cms_medicalreviewtask',
                    },
                    bases=('wagtailcore.task',),
                ),
                migrations.CreateModel(
                    name='ReviewRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.CharField(max_length=255)),
                        ('object_title', models.CharField(max_length=255)),
                        ('revision_number', models.PositiveIntegerField(editable=False, null=True)),
                        ('clinician_name', models.CharField(max_length=150)),
                        ('gmc_number', models.CharField(max_length=20, verbose_name='GMC number')),
                        ('specialty', models.CharField(blank=True, max_length=150)),
                        ('outcome', models.CharField(choices=[('approved', 'Approved'), ('rejected', 'Changes requested')], max_length=16)),
                        ('content_hash', models.CharField(db_index=True, max_length=64)),
                        ('contributor_ids', models.JSONField(default=list, help_text='Users who wrote or edited the content; none may approve it.')),
                        ('comment', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('clinician', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='review_records', to='cms.clinician')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype')),
                        ('revision', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision')),
                        ('task_state', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.taskstate')),
                    ],
                    options={
                        'db_table': 'cms_reviewrecord',
                        'ordering': ['-created_at', '-pk'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('task_state__isnull', False)), fields=('task_state',), name='one_decision_per_task_state')],
                    },
                ),
            ],
        ),
        migrations.RunPython(relabel("cms", "lifecycle"), relabel("lifecycle", "cms")),
    ]
