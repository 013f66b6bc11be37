"""The in-process half of ``bench/run``: what needs Django itself rather than a server.

``bench/run`` calls it in a subprocess with the same settings and database as the servers
it measures:

- ``seed N``: make sure the database holds at least N approved, published articles. It runs
  ``bench/seed.py`` (or ``BENCH_SEED_SCRIPT``) when that exists; until then it builds them
  with the project's own factories, which approve and publish through the real gate
  (slow: about half a second each).
- ``endpoints``: the endpoints to measure (name, URL) for this database, as JSON.
- ``queries``: SQL queries per request of each endpoint: built (no response cache), built
  just after a content change, answered from the response cache, and a matching 304.
- ``profile NAME OUT``: a pyinstrument profile of one endpoint's uncached requests.
"""

import argparse
import json
import os
import random
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# The code measured: this checkout, or another one (``bench/run --app``, e.g. a commit
# from before a change).
sys.path.insert(0, os.environ.get("BENCH_APP", str(BENCH.parent)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings.production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

HOST = "127.0.0.1"

SEARCH_TERM = "iron"

# Plain-English sentences with nothing the claims checker flags, so the factories' approvals
# go through; about two in three articles mention iron (the benchmark's search term).
SENTENCES = [
    "Iron is a mineral the body uses to make haemoglobin, which carries oxygen in the blood.",
    "A blood test called ferritin shows how much iron the body has stored.",
    "Your doctor will ask about your diet, your periods and any medicines you take.",
    "Many things can make a person feel tired, and most of them are common.",
    "The clinic offers appointments in the morning, at lunchtime and in the evening.",
    "Bring a list of your current medicines and any recent test results.",
    "Foods such as beans, lentils, green vegetables and red meat contain iron.",
    "Vitamin C in the same meal helps the body absorb iron from plant foods.",
    "Your doctor may ask how much tea and coffee you drink with meals and iron tablets.",
    "The doctor explains the results and what the options are before anything is decided.",
    "Some people find it useful to keep a diary of their sleep and energy for two weeks.",
    "A follow-up appointment is usually offered a few weeks after starting a new plan.",
    "Thyroid problems, low vitamin B12 and poor sleep are other causes doctors look for.",
    "The nurse takes a small blood sample from a vein in the arm.",
    "Results from the laboratory usually come back within two working days.",
    "You can ask questions at any point, and you can bring someone with you.",
]
IRONLESS = [sentence for sentence in SENTENCES if "iron" not in sentence.lower()]


def paragraph(rng, words=110, mentions_iron=True):
    pool = SENTENCES if mentions_iron else IRONLESS
    text, count = [], 0
    while count < words:
        sentence = rng.choice(pool)
        text.append(sentence)
        count += len(sentence.split())
    return "<p>" + " ".join(text) + "</p>"


def article_body(rng, images, shared_faqs, mentions_iron):
    """About 1,600 words in 16 blocks: headings, paragraphs, lists, a figure, a callout, a
    quote, a call to action and an FAQ section of five questions, two from the library."""
    from articles.factories import body_from_outline

    def para(words=110):
        return paragraph(rng, words, mentions_iron)

    body = body_from_outline(
        [
            ("heading", "What it is"),
            ("paragraph", para(160)),
            ("paragraph", para(160)),
            ("heading", "Who it may help"),
            ("paragraph", para(160)),
            ("numbered_list", [(f"Point {n}", para(40)) for n in range(1, 6)]),
            ("heading", "What happens at the clinic"),
            ("paragraph", para(160)),
            ("bulleted_list", [("", para(30)) for _ in range(4)]),
            ("paragraph", para(160)),
            ("call_to_action", "Talk to one of our doctors about your results."),
        ]
    )
    body.insert(
        5,
        {
            "type": "image",
            "value": {"image": rng.choice(images).pk, "alt_text": "A clinic room", "caption": ""},
        },
    )
    body.insert(
        8,
        {
            "type": "callout",
            "value": {"style": "note", "title": "Good to know", "body": para(50)},
        },
    )
    body.insert(
        9,
        {"type": "quote", "value": {"text": "We explain every result.", "attribution": "A GP"}},
    )
    items = [
        {"type": "faq", "value": {"question": f"Question {n}?", "answer": para(40)}}
        for n in range(3)
    ]
    items += [{"type": "shared_faq", "value": faq.pk} for faq in rng.sample(shared_faqs, 2)]
    body.append({"type": "faq_section", "value": {"heading": "Questions", "items": items}})
    return body


def seed_with_factories(target):
    """Build articles with the project's factories until ``target`` are live: each is
    approved by a clinician and published through the gate, as in the admin."""
    from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
    from articles.models import ArticleAuthor, ArticlePage, ArticleReference
    from cms import roles
    from cms.factories import (
        ClinicianFactory,
        ImageFactory,
        TopicFactory,
        UserFactory,
        WriterProfileFactory,
    )
    from cms.models import ClinicSettings
    from faq.factories import FAQFactory
    from home.site_tree import ensure_home_page
    from review.factories import DisclaimerFactory, ReferenceFactory

    have = ArticlePage.objects.live().count()
    if have >= target:
        return have
    home = ensure_home_page("Bench Clinic")
    site = home.get_site()
    ClinicSettings.for_site(site)
    settings_row = ClinicSettings.for_site(site)
    settings_row.name = "Bench Clinic"
    settings_row.booking_url = "https://clinic.example/book"
    settings_row.phone = "020 7946 0000"
    settings_row.save()
    groups = roles.ensure_groups(home)
    doctor = UserFactory(username="bench-doctor")
    doctor.groups.add(groups[roles.MEDICAL_REVIEWERS])
    ClinicianFactory(user=doctor, name="Dr Bench", gmc_number="7000001")
    DisclaimerFactory(
        title="Not a substitute for medical advice", required_for_all=True, approved_by=doctor
    )
    index = ArticleIndexPageFactory(parent=home)
    if not index.live:
        index.save_revision().publish()
    rng = random.Random(have)
    topics = [TopicFactory(name=f"Topic {n}", slug=f"topic-{n}") for n in range(20)]
    writers = [WriterProfileFactory(name=f"Bench writer {n}") for n in range(5)]
    images = [ImageFactory(title=f"Bench image {n}") for n in range(10)]
    references = [
        ReferenceFactory(title=f"A randomised trial of plan {n}", approved_by=doctor)
        for n in range(50)
    ]
    shared_faqs = [
        FAQFactory(question=f"Shared question {n}?", approved_by=doctor) for n in range(10)
    ]
    for number in range(have, target):
        mentions_iron = number % 3 != 2
        ArticlePageFactory(
            parent=index,
            title=f"Bench article {number}",
            slug=f"bench-article-{number}",
            summary=paragraph(rng, 30, mentions_iron).removeprefix("<p>").removesuffix("</p>"),
            hero_image=rng.choice(images),
            hero_image_alt="A doctor talking to a patient",
            topics=rng.sample(topics, 2),
            authors=[ArticleAuthor(author=rng.choice(writers))],
            references=[
                ArticleReference(reference=reference)
                for reference in rng.sample(references, rng.randint(2, 4))
            ],
            body=article_body(rng, images, shared_faqs, mentions_iron),
            published=True,
            approved_by=doctor,
        )
        if (number + 1) % 50 == 0:
            print(f"  {number + 1} articles", flush=True)
    return ArticlePage.objects.live().count()


def seed(target):
    """At least ``target`` live articles, then a new content version (a bulk seed writes
    without signals, so nothing else tells the caches)."""
    from articles.models import ArticlePage

    script = Path(os.environ.get("BENCH_SEED_SCRIPT", BENCH / "seed.py"))
    have = ArticlePage.objects.live().count()
    if script.exists():
        if have < target:  # ``seed.py N`` adds N more
            subprocess.run([sys.executable, str(script), str(target - have)], check=True)
    else:
        seed_with_factories(target)
    try:
        from delivery.api.caching import bump_content_version
    except ImportError:  # code from before the content version
        pass
    else:
        bump_content_version()
    return ArticlePage.objects.live().count()


def endpoints():
    """``[(name, URL)]``: the reads the goals name, on an article from the middle of the
    tree (neither the newest nor the oldest)."""
    from articles.models import ArticlePage

    articles = ArticlePage.objects.live().public().order_by("pk")
    article = articles[articles.count() // 2]
    path = article.get_url_parts()[2]
    return [
        ("v2 listing", "/api/v2/pages/?type=articles.ArticlePage&fields=*&limit=20"),
        ("v2 detail", f"/api/v2/pages/{article.pk}/"),
        ("v2 find", f"/api/v2/pages/find/?html_path={path}"),
        ("v2 search", f"/api/v2/pages/?type=articles.ArticlePage&search={SEARCH_TERM}"),
        ("content API article", f"/api/content{path}"),
        ("content API hub", "/api/content/articles/"),
        ("v3 detail", f"/api/v3/pages/{article.pk}/"),
    ]


def _client():
    return Client(HTTP_HOST=HOST, HTTP_ACCEPT="application/json")


def _count(client, url, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code in (200, 302, 304), (url, response.status_code)
    return len(captured), response


def queries():
    """Queries per request of each endpoint in four states."""
    try:
        from delivery.api.caching import bump_content_version
    except ImportError:  # code from before the content version
        bump_content_version = None

    settings.API_CONTENT_VERSION_MAX_AGE = 0  # count the content version's query too
    client = _client()
    counts = {}
    for name, url in endpoints():
        settings.API_CACHE_TIMEOUT = 0
        client.get(url)  # the first request makes the image renditions
        built, response = _count(client, url)
        after_change = None
        if bump_content_version is not None:
            bump_content_version()
            after_change, _ = _count(client, url)
        settings.API_CACHE_TIMEOUT = 3600
        client.get(url)
        cached, response = _count(client, url)
        etag = response.get("ETag")
        not_modified = _count(client, url, HTTP_IF_NONE_MATCH=etag)[0] if etag else None
        counts[name] = {
            "built": built,
            "after_change": after_change,
            "cached": cached,
            "not_modified": not_modified,
        }
    return counts


def profile(name, out, requests=20):
    """A pyinstrument profile of ``requests`` uncached requests to one endpoint, written as
    text to ``out``."""
    from pyinstrument import Profiler

    settings.API_CACHE_TIMEOUT = 0
    url = dict(endpoints())[name]
    client = _client()
    client.get(url)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(requests):
        client.get(url)
    profiler.stop()
    Path(out).write_text(profiler.output_text(unicode=True, color=False))


STAFF_RUNS = 5


def _timed(client, method, url, data=None, stream=False):
    """(milliseconds, queries, response) of one admin request; for a streamed response,
    the time to its first chunk."""
    import time

    from django.db import reset_queries

    reset_queries()  # the log keeps 9,000 queries: a full one counts none
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
        if stream and getattr(response, "streaming", False):
            next(iter(response.streaming_content))
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code in (200, 302), (url, response.status_code)
    return elapsed, len(captured), response


def staff():
    """Each staff action on a seed-sized article, ``STAFF_RUNS`` times through the admin
    with Django's test client (as the issue measured): p50 milliseconds and the queries of
    the median run. A round is the writer's save and submit, then a second clinician's
    approval, which publishes."""
    import statistics

    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from articles.models import ArticlePage
    from cms import roles
    from cms.factories import ClinicianFactory, UserFactory
    from review.setup import ensure_medical_review_workflow
    from tests.admin_forms import approval_data, article_edit_data

    settings.REQUIRE_2FA = False  # the pages measured, not the sign-in
    # The notifications a submission and an approval send are built and kept, not sent to
    # an SMTP server the benchmark does not have.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ensure_medical_review_workflow()  # as the demo and a deployment set it up
    home = ArticlePage.objects.live().order_by("pk").first().get_site().root_page
    groups = roles.ensure_groups(home)
    users = get_user_model().objects
    writer = users.filter(username="bench-writer").first() or UserFactory(username="bench-writer")
    writer.groups.add(groups[roles.WRITERS])
    reviewer = users.filter(username="bench-reviewer").first()
    if reviewer is None:
        reviewer = UserFactory(username="bench-reviewer")
        ClinicianFactory(user=reviewer, name="Dr Second Bench", gmc_number="7000002")
    reviewer.groups.add(groups[roles.MEDICAL_REVIEWERS])
    articles = ArticlePage.objects.live().order_by("pk")
    page = articles[articles.count() // 3]
    index = page.get_parent()
    writes, reads = Client(HTTP_HOST=HOST), Client(HTTP_HOST=HOST)
    writes.force_login(writer)
    reads.force_login(reviewer)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    figures = {}

    def note(name, measured):
        measured.sort(key=lambda pair: pair[0])
        median = measured[len(measured) // 2]
        figures[name] = {"p50_ms": round(statistics.median(m for m, _ in measured), 1)}
        figures[name]["queries"] = median[1]

    rounds = {"open the editor": [], "save a draft": [], "submit for review": [], "approve": []}
    for n in range(STAFF_RUNS):
        rounds["open the editor"].append(_timed(writes, "get", edit)[:2])
        page.refresh_from_db()
        data = article_edit_data(page.get_latest_revision_as_object(), summary=f"Summary {n}.")
        rounds["save a draft"].append(_timed(writes, "post", edit, data)[:2])
        data["action-submit"] = "1"
        rounds["submit for review"].append(_timed(writes, "post", edit, data)[:2])
        page.refresh_from_db()
        task_state = page.current_workflow_task_state
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
        )
        rounds["approve"].append(_timed(reads, "post", url, approval_data(page))[:2])
        page.refresh_from_db()
        assert page.live_revision_id == page.latest_revision_id, "the approval did not publish"
    for name, measured in rounds.items():
        note(name, measured)
    for name, client, url, stream in [
        ("doctor's dashboard", reads, reverse("wagtailadmin_home"), False),
        ("writer's dashboard", writes, reverse("wagtailadmin_home"), False),
        ("explorer listing", reads, reverse("wagtailadmin_explore", args=[index.pk]), False),
        ("review status report", reads, reverse("lifecycle_review_status"), False),
        (
            "review status CSV, first byte",
            reads,
            reverse("lifecycle_review_status") + "?export=csv",
            True,
        ),
    ]:
        _timed(client, "get", url, stream=stream)
        note(name, [_timed(client, "get", url, stream=stream)[:2] for _ in range(STAFF_RUNS)])
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("seed").add_argument("articles", type=int)
    sub.add_parser("endpoints")
    sub.add_parser("queries")
    sub.add_parser("staff")
    profile_parser = sub.add_parser("profile")
    profile_parser.add_argument("name")
    profile_parser.add_argument("out")
    args = parser.parse_args()
    if args.command == "seed":
        print(json.dumps({"articles": seed(args.articles)}))
    elif args.command == "endpoints":
        print(json.dumps(endpoints()))
    elif args.command == "queries":
        print(json.dumps(queries()))
    elif args.command == "staff":
        print(json.dumps(staff()))
    else:
        profile(args.name, args.out)


if __name__ == "__main__":
    main()
