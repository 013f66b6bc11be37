"""Backup and restore (#16), with the real ``manage.py backup`` and ``restore`` processes,
pg_dump and pg_restore: an archive restored into an empty database serves the same v2 API
for every page, image and document, keeps the review trail (and the gate still accepts what
is live), and brings the media back byte for byte. A restore that cannot be done safely is
refused and changes nothing."""

import io
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Collection
from wagtail_factories import DocumentFactory

from articles.factories import ArticlePageFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump and pg_restore need a PostgreSQL server: runs on PostgreSQL (CI), not "
    "on the test run's in-memory SQLite",
)

# What a frontend and an auditor see, printed as JSON by `manage.py shell -c` on whichever
# database DATABASE_URL names.
SNAPSHOT = """
import json
from django.test import Client
from wagtail.models import ModelLogEntry, Page, PageLogEntry
from review.gate import content_hash, is_medical, publish_refusal
from review.models import ReviewRecord

client = Client()
api = {}
for endpoint in ("pages", "images", "documents"):
    listing = client.get(f"/api/v2/{endpoint}/?fields=*&limit=50")
    api[endpoint] = [listing.status_code, listing.json()]
    for item in listing.json()["items"]:
        detail = client.get(f"/api/v2/{endpoint}/{item['id']}/")
        api[f"{endpoint}/{item['id']}"] = [detail.status_code, detail.json()]

def rows(model):
    return list(model.objects.order_by("pk").values())

records = ReviewRecord.objects.order_by("pk").select_related("revision")
print(json.dumps({
    "api": api,
    "review_records": rows(ReviewRecord),
    "page_log": rows(PageLogEntry),
    "model_log": rows(ModelLogEntry),
    "hash_matches_revision": [
        content_hash(r.revision.as_object()) == r.content_hash for r in records if r.revision
    ],
    "gate_refusals": [
        publish_refusal(page.live_revision)
        for page in Page.objects.live().specific()
        if is_medical(page)
    ],
}, default=str, sort_keys=True))
"""


def database_url(name):
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def manage(*arguments, database_url, media_root):
    """``manage.py`` in its own process, as an operator runs it: dev settings, the
    database and media folder from the environment."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings.dev",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "ALLOWED_HOSTS": "testserver",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def snapshot(database_url, media_root):
    done = manage(
        "shell", "--no-imports", "-c", SNAPSHOT, database_url=database_url, media_root=media_root
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def files(folder):
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(Path(folder).rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def this_database(transactional_db):
    return database_url(connection.settings_dict["NAME"])


@pytest.fixture
def empty_database(transactional_db):
    name = f"clinic_backup_restored_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield database_url(name)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def backup(this_database, media_root, archive):
    """In this process, on the test database: what the backup holds is committed (the tests
    are transactional), and the command's own code is measured by coverage."""
    call_command("backup", str(archive), stdout=io.StringIO())
    return archive


@on_postgresql
def test_a_restore_into_an_empty_database_serves_the_same_content_and_review_trail(
    this_database, empty_database, media_root, tmp_path
):
    # The demo: a published article approved through the workflow (references, disclaimers,
    # an FAQ section, a hero image), one waiting for review, an FAQ page; and a document.
    call_command("load_demo", stdout=io.StringIO())
    DocumentFactory(title="Leaflet", collection=Collection.get_first_root_node())
    # Read first, so the renditions the API makes are in the backup too.
    before = snapshot(this_database, media_root)
    archive = backup(this_database, media_root, tmp_path / "clinic.tar")

    restored_media = tmp_path / "restored-media"
    done = manage("restore", str(archive), database_url=empty_database, media_root=restored_media)
    assert done.returncode == 0, done.stderr
    assert files(restored_media) == files(media_root)

    after = snapshot(empty_database, restored_media)
    assert after == before
    pages = after["api"]["pages"][1]
    assert pages["meta"]["total_count"] == len(pages["items"]) >= 4
    iron = next(page for page in pages["items"] if page["meta"]["slug"].startswith("iron"))
    status, iron = after["api"][f"pages/{iron['id']}"]
    assert status == 200
    assert iron["references"] and iron["disclaimers"] and iron["medical_review"]["reviewed_by"]
    assert after["api"]["images"][1]["items"] and after["api"]["documents"][0] == 200
    assert after["review_records"] and after["page_log"] and after["model_log"]
    assert all(after["hash_matches_revision"])
    assert after["gate_refusals"] and not any(after["gate_refusals"])
    # The originals, the document and the renditions the API made
    restored = files(restored_media)
    assert any(name.startswith("documents/") for name in restored)
    assert any(name.startswith("images/") for name in restored)


@on_postgresql
def test_a_restore_that_would_overwrite_or_is_damaged_is_refused_and_changes_nothing(
    this_database, empty_database, media_root, tmp_path
):
    ArticlePageFactory(title="Iron and tiredness", published=True)
    DocumentFactory(title="Leaflet", collection=Collection.get_first_root_node())
    archive = backup(this_database, media_root, tmp_path / "clinic.tar")
    before = snapshot(this_database, media_root)
    media_before = files(media_root)

    def refused(archive, database_url, media_root, message):
        done = manage("restore", str(archive), database_url=database_url, media_root=media_root)
        assert done.returncode != 0
        assert message in done.stderr, done.stderr

    # A database with content, whose media folder has files (in this process too)
    with pytest.raises(CommandError, match="is not empty; restore into an empty database"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert snapshot(this_database, media_root) == before
    assert files(media_root) == media_before

    # An empty database, but a media folder with files
    refused(archive, empty_database, media_root, "MEDIA_ROOT")
    # A damaged archive, a missing one, something else
    damaged = tmp_path / "damaged.tar"
    data = bytearray(archive.read_bytes())
    data[len(data) // 3] ^= 0xFF
    damaged.write_bytes(bytes(data))
    refused(damaged, empty_database, tmp_path / "new-media", "is damaged")
    refused(tmp_path / "missing.tar", empty_database, tmp_path / "new-media", "No backup archive")
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("not a tar")
    refused(not_a_backup, empty_database, tmp_path / "new-media", "is not a backup archive")

    assert not (tmp_path / "new-media").exists()
    empty = manage("restore", str(archive), database_url=empty_database, media_root=tmp_path / "m")
    assert empty.returncode == 0, empty.stderr  # still empty: a restore there works


@on_postgresql
def test_force_replaces_the_content_of_a_database(
    this_database, empty_database, media_root, tmp_path
):
    ArticlePageFactory(title="Iron and tiredness", published=True)
    archive = backup(this_database, media_root, tmp_path / "clinic.tar")
    before = snapshot(this_database, media_root)

    restored_media = tmp_path / "restored-media"
    manage("restore", str(archive), database_url=empty_database, media_root=restored_media)
    ArticlePageFactory(title="Written after the backup", published=True)
    second = backup(this_database, media_root, tmp_path / "later.tar")

    done = manage(
        "restore", str(second), "--force", database_url=empty_database, media_root=restored_media
    )
    assert done.returncode == 0, done.stderr
    after = snapshot(empty_database, restored_media)
    assert after != before
    assert after == snapshot(this_database, media_root)


def test_backups_need_postgresql(tmp_path):
    done = manage(
        "backup",
        str(tmp_path / "clinic.tar"),
        database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        media_root=tmp_path,
    )
    assert done.returncode != 0
    assert "PostgreSQL only" in done.stderr
    assert not (tmp_path / "clinic.tar").exists()
