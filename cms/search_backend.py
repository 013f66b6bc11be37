"""The search backend (``WAGTAILSEARCH_BACKENDS``): Wagtail's database backend, whose
PostgreSQL flavour (``modelsearch``) ranks the matches and returns the page of results in
one query. There, that query sorts whole rows (a page's StreamField body included) by rank;
here the ranked query returns ids only and the rows are read by id afterwards, which on
PostgreSQL costs one more query and far less sorting. The full-text index it matches with
is in ``cms/migrations/0009_search_index_title_body.py``. Other databases are unchanged."""

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchResults,
)


class RankedIdsSearchResults(PostgresSearchResults):
    def _do_search(self):
        if self._score_field:  # the caller wants the rank on each object: Wagtail's way
            return super()._do_search()
        ids = list(self.get_queryset().values_list("pk", flat=True))
        by_id = self.query_compiler.queryset.filter(pk__in=ids).in_bulk()
        return [by_id[pk] for pk in ids if pk in by_id]


class ClinicPostgresSearchBackend(PostgresSearchBackend):
    results_class = RankedIdsSearchResults


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks for in a backend module)
    from django.db import connection

    if connection.vendor == "postgresql":
        return ClinicPostgresSearchBackend(params)
    return database_backend(params)
