"""What ``bench/load.py`` and ``bench/faults.py`` share: a fresh PostgreSQL database, Django
set up in this process against it (to seed and to check the outcome from the database),
gunicorn serving this checkout with production settings, and a seeded clinic.

Everything runs on loopback; the servers are started in their own process groups and
stopped by their own ids."""

import collections
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SECRET_KEY = "load-only-" + secrets.token_hex(24)
# gunicorn as production runs it: gthread workers, each thread with its own connection.
WORKERS = int(os.environ.get("LOAD_WORKERS", "2"))
THREADS = int(os.environ.get("LOAD_THREADS", "4"))


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def recreate_database(url):
    """Drop and create the database ``url`` names, connecting to its server's ``postgres``."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    name = info.pop("dbname")
    with psycopg.connect(psycopg.conninfo.make_conninfo(**info, dbname="postgres")) as conn:
        conn.autocommit = True
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def server_env(database_url, redis_url, port, media_root, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(media_root),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "WAGTAILADMIN_BASE_URL": f"http://{HOST}:{port}",
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    env.pop("API_CONTENT_VERSION_MAX_AGE", None)  # production's own default
    return env


def setup_django(database_url, redis_url, media_root):
    """Django in this process, with the servers' settings, so seeds and checks see what
    they see."""
    os.environ.update(server_env(database_url, redis_url, 8000, media_root))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


class Gunicorn:
    """gunicorn serving this checkout on a free loopback port."""

    def __init__(self, env, log_path, timeout=30):
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        env = {**env, "WAGTAILADMIN_BASE_URL": self.url}
        self.log = open(log_path, "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "clinic.wsgi",
                "--workers",
                str(WORKERS),
                "--threads",
                str(THREADS),
                "--bind",
                f"{HOST}:{self.port}",
                "--timeout",
                str(timeout),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait(self, path="/api/v2/pages/?limit=1"):
        import httpx

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if httpx.get(self.url + path, timeout=5).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not start; see {self.log.name}")

    def workers(self):
        """The pids of the master's workers."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


Writer = collections.namedtuple("Writer", "user profile token session_key")


def signed_in(user, device=None):
    """The key of a session signed in as ``user`` (past the second factor with ``device``),
    as the sign-in page would leave it: the load is on the work, not on sign-in."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key


def migrate():
    """Migrate, and collect the static files production's manifest storage needs (once)."""
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("setup_workflows", verbosity=0)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", verbosity=0, interactive=False)


class Clinic:
    """A small clinic: ``published`` approved, live articles; writers with API tokens, each
    with a draft of their own to edit; clinicians, each with a signed-in admin session past
    its second factor; ``in_review`` drafts waiting for medical review."""

    def __init__(self, published=50, writers=5, clinicians=4, in_review=0, own_drafts=0):
        from django_otp.plugins.otp_totp.models import TOTPDevice
        from wagtail.models import APIToken

        from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
        from articles.models import ArticleAuthor, ArticleReference
        from cms import roles
        from cms.factories import ClinicianFactory, UserFactory, WriterProfileFactory
        from home.site_tree import ensure_home_page
        from review.factories import DisclaimerFactory, ReferenceFactory
        from review.records import medical_review_workflow

        home = ensure_home_page("Load Clinic")
        groups = roles.ensure_groups(home)
        self.clinicians = []
        for n in range(clinicians):
            user = UserFactory(username=f"load-doctor-{n}")
            user.groups.add(groups[roles.MEDICAL_REVIEWERS])
            ClinicianFactory(user=user, name=f"Dr Load {n}", gmc_number=f"{7200000 + n}")
            device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
            self.clinicians.append((user, signed_in(user, device)))
        doctor = self.clinicians[0][0] if self.clinicians else None
        DisclaimerFactory(
            title="Not a substitute for medical advice", required_for_all=True, approved_by=doctor
        )
        reference = ReferenceFactory(approved_by=doctor)
        self.index = ArticleIndexPageFactory(parent=home)
        self.index.save_revision().publish()
        self.writers = []
        for n in range(writers):
            user = UserFactory(username=f"load-writer-{n}")
            user.groups.add(groups[roles.WRITERS])
            profile = WriterProfileFactory(name=f"Load writer {n}", user=user)
            _, token = APIToken.create_token(user=user, name="load")
            self.writers.append(Writer(user, profile, token, signed_in(user)))
        self.published = [
            ArticlePageFactory(
                parent=self.index,
                title=f"Iron and tiredness {n}",
                slug=f"iron-and-tiredness-{n}",
                authors=[ArticleAuthor(author=self.writers[n % writers].profile)],
                references=[ArticleReference(reference=reference)],
                published=True,
                approved_by=doctor,
            )
            for n in range(published)
        ]

        def draft(title, slug, writer):
            user, profile = writer.user, writer.profile
            page = ArticlePageFactory(
                parent=self.index,
                title=title,
                slug=slug,
                owner=user,
                authors=[ArticleAuthor(author=profile)],
                references=[ArticleReference(reference=reference)],
            )
            page.save_revision(user=user)
            return page

        # Each writer's drafts, which only they edit.
        self.own_drafts = [
            (writer, draft(f"Draft by {writer.user} {n}", f"draft-{writer.user}-{n}", writer))
            for writer in self.writers
            for n in range(own_drafts)
        ]
        workflow = medical_review_workflow()
        self.in_review = []
        for n in range(in_review):
            writer = self.writers[n % len(self.writers)]
            page = draft(f"Sleep and energy {n}", f"sleep-and-energy-{n}", writer)
            workflow.start(page, writer.user)
            self.in_review.append(page)
