"""N more approved, published articles for ``bench/run``, in minutes rather than hours.

    bench/seed.py N

Building an article with the factories costs about a second (the gate, the claims checker
and the background tasks each page save queues), so 100,000 would take more than a day.
This builds three articles that way, through the real gate with a clinician's real
approval, and then copies them in bulk, a thousand at a time: page rows at the next tree
paths, each with its own revision, its own review record (the approving clinician,
the revision and the hash of the copy's own medical content, title and slug included),
its authors, topics, references and disclaimers, its reference index rows and its search
index entry. So what the gate and the API check of a live page is true of every copy:
``publish_refusal`` of its live revision is None, as a sample at the end confirms.

Rows are inserted without ``save()`` (that is the point), so nothing is queued and no
signal fires; ``bench/probe.py seed`` bumps the content version afterwards. PostgreSQL
only, like the benchmark.
"""

import datetime
import os
import random
import sys
import time
import uuid
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, os.environ.get("BENCH_APP", str(BENCH.parent)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings.production")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Avg, F  # noqa: E402
from django.db.models.functions import Length  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page, ReferenceIndex, Revision  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402
from wagtail.search.models import IndexEntry  # noqa: E402

from articles.models import (  # noqa: E402
    ArticleAuthor,
    ArticleDisclaimer,
    ArticlePage,
    ArticleReference,
)
from review.gate import content_hash, publish_refusal  # noqa: E402
from review.records import ReviewRecord  # noqa: E402

TEMPLATES = 3  # built with the factories; two mention iron, one does not (as probe.py)
BATCH = 1000
PAGE_FIELDS_SET_HERE = {
    "id",
    "path",
    "depth",
    "numchild",
    "title",
    "draft_title",
    "slug",
    "url_path",
    "translation_key",
    "live_revision",
    "latest_revision",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
}


class Template:
    """One real, approved article and everything a copy of it needs."""

    def __init__(self, page):
        self.page = page
        self.revision = page.live_revision
        self.record = page.review_record
        self.obj = self.revision.as_object()  # medical content without database reads
        get_search_backend().add(page)  # its entry is copied; the page's save only queued it
        self.authors = list(ArticleAuthor.objects.filter(page=page))
        self.references = list(ArticleReference.objects.filter(page=page))
        self.disclaimers = list(ArticleDisclaimer.objects.filter(page=page))
        self.topic_ids = list(page.topics.values_list("pk", flat=True))
        self.references_index = list(ReferenceIndex.get_references_for_object(page))
        self.page_values = {
            field.attname: getattr(page, field.attname)
            for field in Page._meta.concrete_fields
            if field.name not in PAGE_FIELDS_SET_HERE and field.attname not in PAGE_FIELDS_SET_HERE
        }

    def digest(self, title, slug):
        """The hash the gate computes for a copy: the template's content, the copy's title
        and slug."""
        self.obj.title, self.obj.slug = title, slug
        return content_hash(self.obj)


def copies_of(model, rows, page_ids):
    """Each child row of a template again, for each new page."""
    made = []
    for page_id in page_ids:
        for row in rows:
            values = {
                field.attname: getattr(row, field.attname)
                for field in model._meta.concrete_fields
                if not field.primary_key
            }
            values["page_id"] = page_id
            made.append(model(**values))
    return made


def insert_specific_rows(template, page_ids, record_ids):
    """The ``articles_articlepage`` rows: the template's values, each copy's own review
    record. One INSERT … SELECT (multi-table inheritance has no bulk_create)."""
    table = ArticlePage._meta.db_table
    columns = [field.column for field in ArticlePage._meta.local_concrete_fields]
    copied = [c for c in columns if c not in ("page_ptr_id", "review_record_id")]
    quote = connection.ops.quote_name
    values = ", ".join(["(%s, %s)"] * len(page_ids))
    into = ", ".join(quote(c) for c in ["page_ptr_id", "review_record_id", *copied])
    sql = (
        f"INSERT INTO {quote(table)} ({into}) "
        f"SELECT v.page_id, v.record_id, {', '.join('t.' + quote(c) for c in copied)} "
        f"FROM {quote(table)} t, (VALUES {values}) AS v(page_id, record_id) "
        f"WHERE t.page_ptr_id = %s"
    )
    params = [value for pair in zip(page_ids, record_ids, strict=True) for value in pair]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, template.page.pk])


def add_batch(index, templates, numbers, now):
    pages, plans = [], []
    last = index.get_last_child()
    step = int(last.path[-Page.steplen :], 36) if last else 0
    for offset, number in enumerate(numbers):
        template = templates[number % len(templates)]
        title, slug = f"Bench article {number}", f"bench-article-{number}"
        published = now - datetime.timedelta(minutes=number)
        page = Page(
            **template.page_values,
            path=Page._get_path(index.path, index.depth + 1, step + offset + 1),
            depth=index.depth + 1,
            numchild=0,
            title=title,
            draft_title=title,
            slug=slug,
            url_path=f"{index.url_path}{slug}/",
            translation_key=uuid.uuid4(),
            first_published_at=published,
            last_published_at=published,
            latest_revision_created_at=published,
        )
        pages.append(page)
        plans.append((template, title, slug, published))
    Page.objects.bulk_create(pages)

    revisions = []
    for page, (template, title, slug, published) in zip(pages, plans, strict=True):
        content = dict(template.revision.content)
        content.update(
            pk=page.pk,
            id=page.pk,
            page_ptr=page.pk,
            title=title,
            draft_title=title,
            slug=slug,
            path=page.path,
            url_path=page.url_path,
            translation_key=str(page.translation_key),
            numchild=0,
        )
        revisions.append(
            Revision(
                content_type_id=template.revision.content_type_id,
                base_content_type_id=template.revision.base_content_type_id,
                object_id=str(page.pk),
                object_str=title,
                content=content,
                user_id=template.revision.user_id,
                created_at=published,
            )
        )
    Revision.objects.bulk_create(revisions)

    records = []
    for page, revision, (template, title, _slug, _) in zip(pages, revisions, plans, strict=True):
        record = template.record
        records.append(
            ReviewRecord(
                content_type_id=record.content_type_id,
                object_id=str(page.pk),
                object_title=title,
                revision=revision,
                revision_number=record.revision_number,
                task_state=None,
                clinician_id=record.clinician_id,
                clinician_name=record.clinician_name,
                gmc_number=record.gmc_number,
                specialty=record.specialty,
                outcome=record.outcome,
                content_hash=template.digest(title, page.slug),
                contributor_ids=record.contributor_ids,
                comment=record.comment,
            )
        )
    ReviewRecord.objects.bulk_create(records)

    for page, revision in zip(pages, revisions, strict=True):
        page.live_revision, page.latest_revision = revision, revision
    Page.objects.bulk_update(pages, ["live_revision", "latest_revision"])

    by_template = {}
    for page, record, (template, *_) in zip(pages, records, plans, strict=True):
        by_template.setdefault(id(template), (template, [], []))
        by_template[id(template)][1].append(page.pk)
        by_template[id(template)][2].append(record.pk)
    through = ArticlePage.topics.through
    for template, page_ids, record_ids in by_template.values():
        insert_specific_rows(template, page_ids, record_ids)
        ArticleAuthor.objects.bulk_create(copies_of(ArticleAuthor, template.authors, page_ids))
        ArticleReference.objects.bulk_create(
            copies_of(ArticleReference, template.references, page_ids)
        )
        ArticleDisclaimer.objects.bulk_create(
            copies_of(ArticleDisclaimer, template.disclaimers, page_ids)
        )
        through.objects.bulk_create(
            through(articlepage_id=page_id, topic_id=topic_id)
            for page_id in page_ids
            for topic_id in template.topic_ids
        )
        ReferenceIndex.objects.bulk_create(
            ReferenceIndex(
                **{
                    field.attname: getattr(row, field.attname)
                    for field in ReferenceIndex._meta.concrete_fields
                    if not field.primary_key and field.attname != "object_id"
                },
                object_id=str(page_id),
            )
            for page_id in page_ids
            for row in template.references_index
        )
        index_copies(template, page_ids)
    refresh_title_norms([page.pk for page in pages])
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(pages))


# The search index. The backend's own indexer reads each page's StreamField five times
# (title, body, autocomplete and their plain texts): 70% of the seed's time. A copy's
# entry is its template's but for the title, so it is copied in SQL with the title's
# vectors made as the backend makes them; ``check_index_copies`` compares one copy per
# run with what the backend itself writes, so a change in the backend fails the seed.
TITLE_VECTOR = "setweight(to_tsvector('english', p.title), 'B')"
AUTOCOMPLETE_VECTOR = "to_tsvector('simple', p.title)"


def index_copies(template, page_ids):
    table = IndexEntry._meta.db_table
    ids = ", ".join(["%s"] * len(page_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (content_type_id, object_id, title_norm, autocomplete, "
            "title, body, title_text, body_text) "
            f"SELECT t.content_type_id, p.id::text, 1.0, {AUTOCOMPLETE_VECTOR}, "
            f"{TITLE_VECTOR}, t.body, p.title, t.body_text "
            f"FROM {table} t, wagtailcore_page p "
            f"WHERE t.object_id = %s AND t.content_type_id = %s AND p.id IN ({ids})",
            [str(template.page.pk), template.page.content_type_id, *page_ids],
        )


def refresh_title_norms(page_ids):
    """``title_norm`` as the backend sets it on new entries: the average title length over
    all entries divided by this title's length."""
    with_length = IndexEntry.objects.annotate(title_length=Length("title")).filter(
        title_length__gt=0
    )
    average = with_length.aggregate(Avg("title_length"))["title_length__avg"]
    with_length.filter(object_id__in=[str(pk) for pk in page_ids], title_norm=1.0).update(
        title_norm=average / F("title_length")
    )


def check_index_copies(page):
    """The copied entry of ``page`` is the one the search backend writes for it."""
    columns = ["title", "autocomplete", "body", "title_text", "body_text", "title_norm"]
    entry = IndexEntry.objects.filter(object_id=str(page.pk), content_type=page.content_type_id)
    copied = list(entry.values_list(*columns))
    entry.delete()
    get_search_backend().add(page)
    written = list(entry.values_list(*columns))
    assert copied and written, f"no search index entry was copied for {page}"
    differ = [c for c, a, b in zip(columns, copied[0], written[0], strict=True) if a != b]
    assert not differ, f"the search index entry copied for {page} differs in {differ}"


def main():
    from probe import seed_with_factories  # noqa: PLC0415 (after django.setup())

    more = int(sys.argv[1])
    started = time.perf_counter()
    have = ArticlePage.objects.live().count()
    if have < TEMPLATES:
        seed_with_factories(TEMPLATES)
        more -= ArticlePage.objects.live().count() - have
    live = ArticlePage.objects.live().order_by("pk").select_related("review_record")
    templates = [Template(page) for page in live[:TEMPLATES]]
    index = templates[0].page.get_parent()
    first = ArticlePage.objects.count()
    now = timezone.now()
    for start in range(first, first + max(more, 0), BATCH):
        numbers = range(start, min(start + BATCH, first + more))
        with transaction.atomic():
            add_batch(Page.objects.get(pk=index.pk), templates, numbers, now)
        done = start + len(numbers) - first
        print(f"  {done} articles in {time.perf_counter() - started:.0f} s", flush=True)

    sample = random.Random(0).sample(list(live.values_list("pk", flat=True)), 5)
    for page in ArticlePage.objects.filter(pk__in=sample):
        refusal = publish_refusal(page.live_revision)
        assert refusal is None, f"{page}: {refusal}"
    if more > 0:
        check_index_copies(ArticlePage.objects.live().order_by("-pk").first())
    print(f"seeded {max(more, 0)} articles in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
