"""``make faults``: what the CMS does when what it stands on fails, each as a PASS or FAIL
line with its figures; exits 1 if any fails.

It starts its own PostgreSQL (initdb into a temporary folder, as the ``postgres`` user)
and its own Redis on free ports, never the machine's shared ones, seeds a small clinic
(``bench/harness.py``) and serves it with gunicorn and production settings.

a. PostgreSQL restarted under load: answers are 503 with ``Retry-After`` (JSON on the
   APIs), never a 500 or a 4xx; the same gunicorn serves again once it is back; nothing is
   half published (every live article has its approval; every approval its publish).
b. gunicorn's workers SIGKILLed while a clinician's approval is in flight, ``FAULTS_KILLS``
   (8) times at points spread over an approval's duration: each approval happened whole
   (record, task, publish, review metadata) or not at all, and one that did not can be
   given again.
c. Redis killed: the APIs still answer 200, uncached, and drafts still save.
d. A webhook receiver that hangs and then answers 500: the delivery is retried on the
   documented schedule and arrives, once the receiver answers 2xx. The attempts run in
   this process (as ``db_worker`` runs them), loopback allowed only here.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from load import APPROVED, CSRF_FIELD, REVISION_FIELD  # noqa: E402

PG_BIN = Path(os.environ.get("FAULTS_PG_BIN", "/usr/lib/postgresql/15/bin"))
KILLS = int(os.environ.get("FAULTS_KILLS", "8"))
# What PostgreSQL logs when a client dies with a transaction open.
OPEN_TRANSACTION = "unexpected EOF on client connection with an open transaction"
DOWN_SECONDS = float(os.environ.get("FAULTS_DB_DOWN_SECONDS", "4"))


def as_postgres(*command, **kwargs):
    """PostgreSQL refuses to run as root: as root, run it as ``postgres``."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], check=True, **kwargs)


class OwnPostgres:
    def __init__(self, workdir):
        self.dir = workdir / "pg"
        self.dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self.port = harness.free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/clinic_faults"
        as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres",
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self.start()

    def pg_ctl(self, *args):
        as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-l", str(self.dir / "log"),
            "-w", *args, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def start(self):
        self.pg_ctl("-o", f"-p {self.port} -k /tmp -c fsync=off", "start")

    def stop(self):
        self.pg_ctl("-m", "fast", "stop")


class OwnRedis:
    def __init__(self):
        self.port = harness.free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--save", "", "--bind", "127.0.0.1"],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)

    def kill(self):
        self.process.kill()
        self.process.wait()


def approval_form(client, url, session_key):
    """Opens the review screen: the cookies and the form that approve the revision shown, or
    None when nothing is in review there."""
    cookies = f"sessionid={session_key}"
    screen = client.get(url, headers={"Cookie": cookies})
    revision = REVISION_FIELD.search(screen.text)
    if screen.status_code != 200 or revision is None:
        return None
    data = {
        "csrfmiddlewaretoken": CSRF_FIELD.search(screen.text).group(1),
        "decision": "approve",
        "approve-revision_id": revision.group(1),
        "approve-confirm": "on",
    }
    return f"{cookies}; csrftoken={screen.cookies['csrftoken']}", data


def approve(client, url, session_key):
    """Approves the revision the review screen shows; True if the screen then says so."""
    form = approval_form(client, url, session_key)
    if form is None:
        return False
    cookies, data = form
    posted = client.post(url, headers={"Cookie": cookies}, data=data)
    messages = posted.cookies.get("messages")
    if posted.status_code != 302 or not messages:
        return False
    outcome = client.get(url, headers={"Cookie": f"{cookies}; messages={messages}"})
    return APPROVED in outcome.text


def whole_or_nothing(page_id):
    """'whole' if the page's approval went through completely, 'nothing' if no part of it
    did, else what is half done."""
    from wagtail.models import PageLogEntry, TaskState

    from articles.models import ArticlePage
    from review.records import ReviewRecord

    page = ArticlePage.objects.get(pk=page_id)
    records = ReviewRecord.objects.filter(object_id=str(page_id), outcome="approved")
    approved = TaskState.objects.filter(
        workflow_state__object_id=str(page_id), status=TaskState.STATUS_APPROVED
    ).count()
    published = PageLogEntry.objects.filter(page_id=page_id, action="wagtail.publish").count()
    parts = (
        records.count(),
        approved,
        published,
        int(page.live),
        int(page.review_record_id is not None),
    )
    if parts == (1, 1, 1, 1, 1) and page.review_record.revision_id == page.live_revision_id:
        return "whole"
    if parts == (0, 0, 0, 0, 0):
        return "nothing"
    return f"half: records, tasks, publishes, live, metadata = {parts}"


def nothing_half_published():
    """Every live article has the approval of its live revision; every approval of a
    finished review was published."""
    from articles.models import ArticlePage
    from review.records import ReviewRecord

    broken = [
        page.pk
        for page in ArticlePage.objects.live()
        if page.review_record is None
        or not ReviewRecord.objects.filter(
            revision_id=page.live_revision_id, outcome="approved"
        ).exists()
    ]
    for record in ReviewRecord.objects.filter(outcome="approved", task_state__isnull=False):
        page = ArticlePage.objects.filter(pk=record.object_id).first()
        if page is not None and page.live_revision_id != record.revision_id:
            broken.append(page.pk)
    return broken


def scenario_database_restart(server, postgres, clinic):
    """Readers, a writer and a clinician while PostgreSQL stops for a few seconds."""
    from django.db import connections

    from review.review_screen import review_url

    statuses, problems, stop = {}, [], threading.Event()
    lock = threading.Lock()
    detail = f"/api/v2/pages/{clinic.published[0].pk}/"
    paths = [detail, "/api/v2/pages/?limit=5", f"/api/v3/pages/{clinic.published[1].pk}/",
             f"/api/content{clinic.published[2].get_url_parts()[2]}", "/articles/"]  # fmt: skip
    last_error_at = [0.0]

    def check(response):
        with lock:
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if response.status_code >= 500:
                last_error_at[0] = time.monotonic()
        if response.status_code == 503:
            api = response.request.url.path.startswith("/api/")
            if "Retry-After" not in response.headers or (
                api
                and not response.headers["content-type"].startswith(
                    ("application/json", "application/problem+json")
                )
            ):
                problems.append(f"503 without Retry-After or JSON: {response.request.url}")
        elif response.status_code != 200:  # a 4xx would be a wrong answer too
            problems.append(
                f"{response.status_code} {response.request.url} {response.text[:300]!r}"
            )

    def reader(n):
        with httpx.Client(base_url=server.url, timeout=30) as client:
            while not stop.is_set():
                try:
                    check(client.get(paths[n % len(paths)]))
                except httpx.HTTPError as error:
                    problems.append(f"connection: {error!r}")
                time.sleep(0.05)

    def writer():
        writer, page = clinic.own_drafts[0]
        token = writer.token
        with httpx.Client(base_url=server.url, timeout=30) as client:
            n = 0
            while not stop.is_set():
                n += 1
                body = {"summary": f"Tiredness, while the database restarts ({n})."}
                try:
                    check(client.patch(f"/api/v3/pages/{page.pk}/", json=body,
                                       headers={"Authorization": f"Bearer {token}"}))  # fmt: skip
                except httpx.HTTPError as error:
                    problems.append(f"connection: {error!r}")

    def clinician():
        with httpx.Client(base_url=server.url, timeout=30) as client:
            for page in clinic.in_review[KILLS + 2 :]:
                if stop.is_set():
                    return
                try:
                    approve(client, review_url(page), clinic.clinicians[0][1])
                except (httpx.HTTPError, AttributeError):  # a 503 page has no form
                    pass

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(8)]
    threads += [threading.Thread(target=writer), threading.Thread(target=clinician)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    postgres.stop()
    stopped_at = time.monotonic()
    time.sleep(DOWN_SECONDS)
    postgres.start()
    back_at = time.monotonic()
    time.sleep(5)
    stop.set()
    for thread in threads:
        thread.join()
    recovery = max(0.0, last_error_at[0] - back_at)
    connections.close_all()  # this process's own connection died with the server
    half = nothing_half_published()
    passed = (
        statuses.get(503, 0) > 0 and not problems and not half and last_error_at[0] < back_at + 5
    )
    return passed, (
        f"down {back_at - stopped_at:.1f} s: statuses {dict(sorted(statuses.items()))}, "
        f"last 503 {recovery:.1f} s after it was back, same gunicorn (pid {server.process.pid}), "
        f"{len(problems)} problems {problems[:3]}, half published {half}"
    )


def scenario_killed_worker(server, postgres, clinic):
    """Kills at points spread over an approval's own duration (measured first), so some
    land before its transaction, some inside it and some after its commit."""
    from review.review_screen import review_url

    session_key = clinic.clinicians[1][1]
    with httpx.Client(base_url=server.url, timeout=30) as client:
        url = review_url(clinic.in_review[KILLS])
        cookies, data = approval_form(client, url, session_key)
        started = time.monotonic()
        client.post(url, headers={"Cookie": cookies}, data=data)
        duration = time.monotonic() - started
    log = postgres.dir / "log"
    open_before = log.read_text().count(OPEN_TRANSACTION)
    outcomes = {}
    for n, page in enumerate(clinic.in_review[:KILLS]):
        url = review_url(page)
        with httpx.Client(base_url=server.url, timeout=30) as client:
            cookies, data = approval_form(client, url, session_key)
            posting = threading.Thread(target=_post_quietly, args=(client, url, cookies, data))
            posting.start()
            time.sleep(duration * (0.2 + 0.9 * n / max(1, KILLS - 1)))
            for pid in server.workers():
                os.kill(pid, signal.SIGKILL)
            posting.join()
        outcome = whole_or_nothing(page.pk)
        server.wait()
        if outcome == "nothing":
            with httpx.Client(base_url=server.url, timeout=30) as client:
                again = approve(client, url, session_key)
            outcome = (
                "nothing, then approved again"
                if again and whole_or_nothing(page.pk) == "whole"
                else f"nothing, then refused: {whole_or_nothing(page.pk)}"
            )
        outcomes[page.pk] = outcome
    inside = log.read_text().count(OPEN_TRANSACTION) - open_before
    half = [o for o in outcomes.values() if not o.startswith(("whole", "nothing, then approved"))]
    counts = {}
    for outcome in outcomes.values():
        counts[outcome] = counts.get(outcome, 0) + 1
    return not half, (
        f"{len(outcomes)} kills over an approval of {duration * 1000:.0f} ms, {inside} inside "
        f"an open transaction (PostgreSQL's log): {counts}"
    )


def _post_quietly(client, url, cookies, data):
    try:
        client.post(url, headers={"Cookie": cookies}, data=data)
    except httpx.HTTPError:
        pass  # the worker died under it


def scenario_redis_down(server, redis, clinic):
    paths = [f"/api/v2/pages/{page.pk}/" for page in clinic.published[:5]]
    paths += ["/api/v2/pages/?limit=5", f"/api/content{clinic.published[0].get_url_parts()[2]}"]
    statuses = {}
    with httpx.Client(base_url=server.url, timeout=30) as client:
        for path in paths:  # cached while Redis is up
            client.get(path)
        redis.kill()
        # Pages of the listing never asked for before: in no cache at all.
        paths += [f"/api/v2/pages/?limit=1&offset={n}" for n in range(10)]
        started = time.monotonic()
        for _ in range(3):
            for path in paths:
                status = client.get(path).status_code
                statuses[status] = statuses.get(status, 0) + 1
        writer, page = clinic.own_drafts[1]
        token = writer.token
        saved = client.patch(f"/api/v3/pages/{page.pk}/", json={"summary": "Saved without Redis."},
                             headers={"Authorization": f"Bearer {token}"}).status_code  # fmt: skip
        elapsed = time.monotonic() - started
        redis.start()
        after = client.get(paths[0]).status_code
    requests = sum(statuses.values())
    passed = statuses == {200: requests} and saved == 200 and after == 200
    return passed, (
        f"Redis down: {requests} reads {statuses} in {elapsed:.1f} s "
        f"({elapsed / (requests + 1) * 1000:.0f} ms each), draft save {saved}; "
        f"Redis back: {after}"
    )


class Receiver(BaseHTTPRequestHandler):
    """Hangs on the first delivery, answers 500 to the second, 204 after that."""

    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append(body)
        if len(Receiver.received) == 1:
            time.sleep(7)  # longer than the sender's timeout
            return
        self.send_response(500 if len(Receiver.received) == 2 else 204)
        self.end_headers()

    def log_message(self, *args):
        pass


def scenario_webhook_receiver(server, clinic):
    import time_machine
    from django.test import override_settings
    from django.utils import timezone

    from review.factories import publish_with_approval
    from webhooks import tasks
    from webhooks.factories import WebhookEndpointFactory
    from webhooks.models import WebhookDelivery

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    port = receiver.server_address[1]
    WebhookEndpointFactory(url=f"http://127.0.0.1:{port}/hook/")
    page = clinic.published[-1]
    draft = page.get_latest_revision_as_object()
    draft.title = "Iron, ferritin and tiredness"
    draft.save_revision(user=clinic.writers[0].user)
    publish_with_approval(draft, approved_by=clinic.clinicians[1][0])
    delivery = WebhookDelivery.objects.get(payload__page__id=page.pk)
    history = []
    allowed = override_settings(
        WEBHOOKS_ALLOWED_PRIVATE_HOSTS=[f"127.0.0.1:{port}"], WEBHOOKS_REQUIRE_HTTPS=False
    )
    with allowed:
        for _ in range(tasks.MAX_ATTEMPTS):
            delivery.refresh_from_db()
            # Each retry when it is due, without waiting for it.
            with time_machine.travel(delivery.next_attempt_at or timezone.now(), tick=True):
                status = tasks.attempt_delivery(delivery.pk)
            delivery.refresh_from_db()
            history.append(f"{status} ({delivery.error or delivery.response_status_code})")
            if status == "succeeded":
                break
    receiver.shutdown()
    bodies = set(Receiver.received)
    passed = delivery.status == "succeeded" and delivery.attempts == 3 and len(bodies) == 1
    return passed, (
        f"attempts {delivery.attempts}: {', '.join(history)}; receiver got "
        f"{len(Receiver.received)} requests, {len(bodies)} distinct body"
    )


def main():
    workdir = Path(tempfile.mkdtemp(prefix="clinic-faults-"))
    os.chmod(workdir, 0o755)
    postgres = OwnPostgres(workdir)
    redis = OwnRedis()
    server = None
    results = []
    try:
        harness.recreate_database(postgres.url)
        harness.setup_django(postgres.url, redis.url, workdir / "media")
        harness.migrate()
        clinic = harness.Clinic(
            published=5, writers=2, clinicians=2, in_review=KILLS + 12, own_drafts=1
        )
        server = harness.Gunicorn(
            harness.server_env(postgres.url, redis.url, 0, workdir / "media"),
            workdir / "gunicorn.log",
        ).wait()
        for name, run, args in (
            ("a. PostgreSQL restarted under load", scenario_database_restart, (postgres,)),
            ("b. workers SIGKILLed mid-approval", scenario_killed_worker, (postgres,)),
            ("c. Redis down", scenario_redis_down, (redis,)),
            ("d. webhook receiver hangs, then 500", scenario_webhook_receiver, ()),
        ):
            started = time.monotonic()
            passed, figures = run(server, *args, clinic)
            results.append(passed)
            took = time.monotonic() - started
            print(f"{'PASS' if passed else 'FAIL'}  {name} ({took:.0f} s): {figures}", flush=True)
    finally:
        if server is not None:
            server.stop()
        from django.db import connections

        connections.close_all()
        redis.kill()
        postgres.stop()
    print(f"gunicorn's log: {workdir / 'gunicorn.log'}")
    sys.exit(0 if results and all(results) else 1)


if __name__ == "__main__":
    main()
