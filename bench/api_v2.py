"""Cost of the v2 article listing (``fields=*``) and detail as the number of articles grows.

Builds a throwaway test database (SQLite, or the database DATABASE_URL names, with a
``test_`` prefix), publishes N approved articles with everything that could cost a query
per item (hero image, topics, references, body links and images, a shared FAQ), then
requests the listing and one article's detail several times each and prints the SQL query
count and the median time. Run: ``.venv/bin/python bench/api_v2.py [--runs 15]``.
"""

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

SIZES = (5, 20, 50)


def build_site():
    from articles.factories import ArticleIndexPageFactory
    from cms import roles
    from cms.factories import ClinicianFactory, UserFactory
    from home.site_tree import ensure_home_page
    from review.factories import DisclaimerFactory

    home = ensure_home_page("Bench Clinic")
    groups = roles.ensure_groups(home)
    doctor = UserFactory(username="bench-doctor")
    doctor.groups.add(groups[roles.MEDICAL_REVIEWERS])
    ClinicianFactory(user=doctor, name="Dr Bench")
    DisclaimerFactory(required_for_all=True, approved_by=doctor)
    index = ArticleIndexPageFactory(parent=home)
    index.save_revision().publish()
    return index, doctor


def add_articles(index, doctor, count):
    from articles.factories import ArticlePageFactory, body_from_outline
    from articles.models import ArticleReference
    from cms.factories import ImageFactory, TopicFactory
    from faq.factories import FAQFactory
    from review.factories import ReferenceFactory

    shared_faq = FAQFactory(approved_by=doctor)
    link = f'<p>See <a linktype="page" id="{index.pk}">all articles</a>.</p>'
    for _ in range(count):
        body = body_from_outline(
            [("heading", "Section"), ("paragraph", link), ("call_to_action", "Book now.")]
        )
        body.append(
            {"type": "image", "value": {"image": ImageFactory().pk, "alt_text": "A", "caption": ""}}
        )
        items = [{"type": "shared_faq", "value": shared_faq.pk}]
        body.append({"type": "faq_section", "value": {"heading": "FAQ", "items": items}})
        ArticlePageFactory(
            parent=index,
            topics=[TopicFactory()],
            hero_image=ImageFactory(),
            hero_image_alt="Alt",
            body=body,
            references=[
                ArticleReference(reference=ReferenceFactory(approved_by=doctor)) for _ in range(3)
            ],
            published=True,
            approved_by=doctor,
        )


def measure(client, url, params, runs):
    timings, queries = [], None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, params)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content[:500]
        queries = len(captured)
    return queries, statistics.median(timings) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="requests per measurement")
    args = parser.parse_args()

    from django.conf import settings

    settings.MEDIA_ROOT = Path(settings.BASE_DIR) / ".bench-media"
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        index, doctor = build_site()
        client = Client()
        listing = {"type": "articles.ArticlePage", "fields": "*", "limit": 50}
        print(f"{connection.vendor}, median of {args.runs} requests")
        print(
            f"{'articles':>8} {'listing queries':>16} {'listing ms':>11} {'ms/article':>11}"
            f" {'detail queries':>15} {'detail ms':>10}"
        )
        built = 0
        for size in SIZES:
            add_articles(index, doctor, size - built)
            built = size
            from articles.models import ArticlePage

            detail_id = ArticlePage.objects.live().first().pk
            lq, lms = measure(client, "/api/v2/pages/", listing, args.runs)
            dq, dms = measure(client, f"/api/v2/pages/{detail_id}/", {}, args.runs)
            print(f"{size:>8} {lq:>16} {lms:>11.1f} {lms / size:>11.2f} {dq:>15} {dms:>10.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
