"""``make load``: many clients at once on a production-like server, then a check, from the
database, that nothing acknowledged was lost, doubled or half done.

1. Drops and creates ``LOAD_DATABASE_URL`` (``clinic_load`` on the local PostgreSQL),
   migrates it and seeds a small clinic with the project's factories (``bench/harness.py``):
   50 approved, live articles, writers with API tokens, clinicians signed in to the admin,
   and drafts waiting for medical review.
2. Starts gunicorn (production settings, DEBUG off, Redis response cache, 2 gthread workers
   of 4 threads) on a free loopback port.
3. For ``LOAD_SECONDS`` (60), ``LOAD_CLIENTS`` (100) clients send requests back to back:
   ``LOAD_WRITERS`` (10) writers save drafts, half in Wagtail's editor (its edit view, with
   session and CSRF), half through v3 (``PATCH /api/v3/pages/{id}/``, as their tools do),
   each save with a unique marker; ``LOAD_CLINICIANS`` (6)
   clinicians approve through the review screen (its page, then its form with session and
   CSRF, then the page the redirect shows with the outcome), two of them on each review so
   they race; the rest read anonymously (v2 listing and detail, v3 detail, content API).
4. Checks: no response >= 500 and no failed connection; every acknowledged draft save is
   exactly one revision; every acknowledged approval exactly one approval record, one
   approved task state and one publish of that revision, with the page's review metadata;
   no approval nobody was told of. Prints req/s and p50/p95 per kind, exits 1 on failure.
"""

import collections
import itertools
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic_load")
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/0")
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "100"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
WRITERS = int(os.environ.get("LOAD_WRITERS", "10"))
CLINICIANS = int(os.environ.get("LOAD_CLINICIANS", "6"))
REVIEWS = int(os.environ.get("LOAD_REVIEWS", "120"))
TIMEOUT = 60

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION_FIELD = re.compile(r'name="approve-revision_id" value="(\d+)"')
APPROVED = "Approved and published"
SUMMARY = "What to ask your doctor about tiredness"


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.timings = collections.defaultdict(list)
        self.statuses = collections.Counter()
        self.server_errors = []
        self.failures = []
        self.saved_markers = []
        self.approved_pages = []
        self.refused_approvals = 0

    def record(self, kind, started, response):
        elapsed = time.monotonic() - started
        with self.lock:
            self.timings[kind].append(elapsed)
            self.statuses[response.status_code] += 1
            if response.status_code >= 500:
                self.server_errors.append((kind, response.status_code, response.text[:200]))


def timed(results, kind, client, method, url, **kwargs):
    started = time.monotonic()
    try:
        response = client.request(method, url, **kwargs)
    except httpx.HTTPError as error:
        with results.lock:
            results.failures.append((kind, repr(error)))
        return None
    results.record(kind, started, response)
    return response


def reader(base, results, stop, reads, rng):
    with httpx.Client(base_url=base, timeout=TIMEOUT) as client:
        while not stop.is_set():
            kind, url = rng.choice(reads)
            timed(results, kind, client, "GET", url, headers={"Accept": "application/json"})


def writer(base, results, stop, token, page_id, name):
    """Saves drafts through v3, as writers' tools do."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, timeout=TIMEOUT) as client:
        for n in itertools.count():
            if stop.is_set():
                return
            marker = f"load-{name}-{n}"
            body = {"summary": f"{SUMMARY} ({marker})."}
            response = timed(
                results, "draft save v3", client, "PATCH", f"/api/v3/pages/{page_id}/",
                headers=headers, json=body,
            )  # fmt: skip
            if response is not None and response.status_code == 200:
                with results.lock:
                    results.saved_markers.append(marker)


def editor_writer(base, results, stop, session_key, page_id, form, name):
    """Opens the page in Wagtail's editor once, then saves drafts from it again and again,
    as a writer at work does; the editor's answer to a saved draft is a redirect to it."""
    url = f"/admin/pages/{page_id}/edit/"
    with httpx.Client(base_url=base, timeout=TIMEOUT) as client:
        cookies = f"sessionid={session_key}"
        editor = timed(results, "editor", client, "GET", url, headers={"Cookie": cookies})
        if editor is None or editor.status_code != 200:
            return
        cookies += f"; csrftoken={editor.cookies['csrftoken']}"
        form = {**form, "csrfmiddlewaretoken": CSRF_FIELD.search(editor.text).group(1)}
        for n in itertools.count():
            if stop.is_set():
                return
            marker = f"load-{name}-{n}"
            data = {**form, "summary": f"{SUMMARY} ({marker})."}
            response = timed(
                results, "draft save admin", client, "POST", url,
                headers={"Cookie": cookies}, data=data,
            )  # fmt: skip
            if response is not None and response.status_code == 302:
                if response.headers["location"].endswith(url):
                    with results.lock:
                        results.saved_markers.append(marker)


def clinician(base, results, stop, session_key, reviews):
    """Works through its reviews as a clinician would: opens the screen, approves the
    revision shown, reads the outcome on the page the redirect leads to."""
    with httpx.Client(base_url=base, timeout=TIMEOUT) as client:
        for page_id, url in reviews:
            if stop.is_set():
                return
            cookies = f"sessionid={session_key}"
            screen = timed(
                results, "review screen", client, "GET", url, headers={"Cookie": cookies}
            )
            if screen is None or screen.status_code != 200:
                continue
            revision = REVISION_FIELD.search(screen.text)
            if revision is None:  # no longer in review: another clinician approved it
                continue
            cookies += f"; csrftoken={screen.cookies['csrftoken']}"
            data = {
                "csrfmiddlewaretoken": CSRF_FIELD.search(screen.text).group(1),
                "decision": "approve",
                "approve-revision_id": revision.group(1),
                "approve-confirm": "on",
            }
            posted = timed(
                results, "approve", client, "POST", url, headers={"Cookie": cookies}, data=data
            )
            if posted is None or posted.status_code != 302:
                continue
            messages = posted.cookies.get("messages")
            if messages:
                cookies += f"; messages={messages}"
            outcome = timed(
                results, "review screen", client, "GET", url, headers={"Cookie": cookies}
            )
            if outcome is not None:
                with results.lock:
                    if APPROVED in outcome.text:
                        results.approved_pages.append(page_id)
                    else:  # the other clinician of the pair was first
                        results.refused_approvals += 1


def percentile(values, share):
    return sorted(values)[min(len(values) - 1, int(len(values) * share))]


def report(results, seconds):
    print(f"\n{'kind':<18}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}")
    everything = []
    for kind in sorted(results.timings):
        values = results.timings[kind]
        everything += values
        print(
            f"{kind:<18}{len(values):>9}{len(values) / seconds:>8.1f}"
            f"{statistics.median(values) * 1000:>9.0f}{percentile(values, 0.95) * 1000:>9.0f}"
        )
    print(
        f"{'all':<18}{len(everything):>9}{len(everything) / seconds:>8.1f}"
        f"{statistics.median(everything) * 1000:>9.0f}{percentile(everything, 0.95) * 1000:>9.0f}"
    )
    print("statuses:", dict(sorted(results.statuses.items())))


def check(results, clinic, started_at):
    """Each check as (what, passed, figures), from the database."""
    from django.db.models import Count
    from wagtail.models import PageLogEntry, Revision, TaskState

    from review.records import ReviewRecord

    checks = [
        ("no response >= 500", not results.server_errors, f"{len(results.server_errors)}"),
        ("no failed connection", not results.failures, f"{len(results.failures)}"),
    ]
    # Draft saves: each acknowledged marker in exactly one revision.
    own_pages = [page.pk for _, page in clinic.own_drafts]
    found = collections.Counter()
    marker = re.compile(r"\((load-[\w-]+)\)")
    for content in Revision.page_revisions.filter(
        object_id__in=[str(pk) for pk in own_pages], created_at__gte=started_at
    ).values_list("content", flat=True):
        match = marker.search(content.get("summary") or "")
        if match:
            found[match.group(1)] += 1
    acked = collections.Counter(results.saved_markers)
    lost = [m for m in acked if found[m] == 0]
    doubled = [m for m in found if found[m] > 1 or acked[m] > 1]
    unacked = [m for m in found if m not in acked]
    checks.append(
        (
            "every acknowledged draft save is one revision",
            acked and not lost and not doubled,
            f"{len(acked)} acknowledged, {len(lost)} lost, {len(doubled)} doubled, "
            f"{len(unacked)} saved unacknowledged",
        )
    )
    # Approvals: each acknowledged one recorded, task finished and published exactly once.
    review_ids = [page.pk for page in clinic.in_review]
    records = collections.Counter(
        int(r)
        for r in ReviewRecord.objects.filter(
            object_id__in=[str(pk) for pk in review_ids], outcome=ReviewRecord.Outcome.APPROVED
        ).values_list("object_id", flat=True)
    )
    task_states = collections.Counter(
        dict(
            TaskState.objects.filter(
                workflow_state__object_id__in=[str(pk) for pk in review_ids],
                status=TaskState.STATUS_APPROVED,
            )
            .values_list("workflow_state__object_id")
            .annotate(n=Count("pk"))
        )
    )
    publishes = collections.Counter(
        dict(
            PageLogEntry.objects.filter(page_id__in=review_ids, action="wagtail.publish")
            .values_list("page_id")
            .annotate(n=Count("pk"))
        )
    )
    from articles.models import ArticlePage

    pages = ArticlePage.objects.filter(pk__in=review_ids).select_related("review_record")
    approved = collections.Counter(results.approved_pages)
    wrong = []
    for page in pages:
        want = 1 if approved[page.pk] else 0
        got = (records[page.pk], task_states[str(page.pk)], publishes[page.pk], int(page.live))
        if approved[page.pk] > 1 or got != (want,) * 4:
            wrong.append((page.pk, approved[page.pk], got))
        elif want and (
            page.review_record is None
            or page.review_record.revision_id != page.live_revision_id
            or page.next_review_due is None
        ):
            wrong.append((page.pk, "review metadata", page.review_record_id))
    checks.append(
        (
            "every acknowledged approval recorded and published once",
            approved and not wrong,
            f"{len(approved)} acknowledged of {len(review_ids)} in review "
            f"({results.refused_approvals} refused: the pair's other clinician was first), "
            f"{sum(records.values())} records, {len(wrong)} wrong {wrong[:5]}",
        )
    )
    return checks


def main():
    readers = CLIENTS - WRITERS - CLINICIANS
    if readers < 0 or WRITERS < 1 or CLINICIANS < 2:
        raise SystemExit("LOAD_CLIENTS must cover LOAD_WRITERS and LOAD_CLINICIANS (2 or more)")
    workdir = Path(tempfile.mkdtemp(prefix="clinic-load-"))
    media = workdir / "media"
    harness.recreate_database(DATABASE_URL)
    harness.setup_django(DATABASE_URL, REDIS_URL, media)
    started = time.monotonic()
    harness.migrate()
    clinic = harness.Clinic(
        published=50,
        writers=min(WRITERS, 5),
        clinicians=CLINICIANS,
        in_review=REVIEWS,
        own_drafts=-(-WRITERS // min(WRITERS, 5)),
    )
    seeded = time.monotonic() - started
    print(f"seeded in {seeded:.0f} s: {len(clinic.published)} live, {len(clinic.in_review)} "
          f"in review, {len(clinic.own_drafts)} writers' drafts")  # fmt: skip

    from django.utils import timezone

    from review.review_screen import review_url
    from tests.admin_forms import article_edit_data

    reads = []
    for page in clinic.published:
        reads += [
            ("v2 detail", f"/api/v2/pages/{page.pk}/"),
            ("v3 detail", f"/api/v3/pages/{page.pk}/"),
            ("content API", f"/api/content{page.get_url_parts()[2]}"),
        ]
    reads += [("v2 listing", f"/api/v2/pages/?type=articles.ArticlePage&limit=20&offset={n}")
              for n in range(0, 50, 10)] * 10  # fmt: skip
    reviews = [(page.pk, review_url(page)) for page in clinic.in_review]

    server = harness.Gunicorn(
        harness.server_env(DATABASE_URL, REDIS_URL, 0, media), workdir / "gunicorn.log"
    ).wait()
    results, stop = Results(), threading.Event()
    threads = []
    rng = random.Random(16)
    for n in range(readers):
        args = (server.url, results, stop, reads, random.Random(n))
        threads.append(threading.Thread(target=reader, args=args))
    for n in range(WRITERS):
        author, page = clinic.own_drafts[n]
        if n % 2:
            args = (server.url, results, stop, author.token, page.pk, f"w{n}")
            threads.append(threading.Thread(target=writer, args=args))
        else:
            form = article_edit_data(page.get_latest_revision_as_object())
            args = (server.url, results, stop, author.session_key, page.pk, form, f"w{n}")
            threads.append(threading.Thread(target=editor_writer, args=args))
    for n in range(CLINICIANS):
        # Clinicians in pairs work through the same reviews, so every review is raced.
        pair = reviews[n // 2 :: -(-CLINICIANS // 2)] if CLINICIANS > 1 else reviews
        pair = rng.sample(pair, len(pair))
        args = (server.url, results, stop, clinic.clinicians[n][1], pair)
        threads.append(threading.Thread(target=clinician, args=args))
    started_at = timezone.now()
    print(f"{CLIENTS} clients ({readers} readers, {WRITERS} writers, {CLINICIANS} clinicians) "
          f"for {SECONDS:.0f} s on {server.url}, {harness.WORKERS} workers x "
          f"{harness.THREADS} threads")  # fmt: skip
    began = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(SECONDS)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    server.stop()

    report(results, elapsed)
    failed = False
    for what, passed, figures in check(results, clinic, started_at):
        failed |= not passed
        print(f"{'PASS' if passed else 'FAIL'}  {what}: {figures}")
    for kind, status, body in results.server_errors[:5]:
        print(f"  {kind}: {status} {body!r}")
    for kind, error in results.failures[:5]:
        print(f"  {kind}: {error}")
    print(f"gunicorn's log: {server.log.name}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
