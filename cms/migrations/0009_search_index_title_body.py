"""An index for the full-text search the API runs on PostgreSQL.

Wagtail's PostgreSQL search backend (``modelsearch``) matches ``title || body`` of its index
entries against the query; its own GIN indexes are on each column, so that expression was
checked row by row for every live page (a scan that grew with the number of articles).
This GIN index is on the expression itself. Other databases have their own full-text
search and get nothing here.
"""

from django.db import migrations

INDEX = "cms_search_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0008_content_version"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
