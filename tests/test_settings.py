"""Production settings are safe by construction: they refuse to start without a secret and
pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "WAGTAILADMIN_BASE_URL")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = manage("check", "--settings=clinic.settings.production", ALLOWED_HOSTS="cms.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_its_admin_address():
    """E-mails link reviewers and writers to the CMS: never to a development address."""
    result = manage(
        "check",
        "--settings=clinic.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="cms.example",
    )
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL" in result.stderr and "must be set" in result.stderr


def test_production_passes_djangos_deploy_checks():
    result = manage(
        "check",
        "--deploy",
        "--fail-level=WARNING",
        "--settings=clinic.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="cms.example",
        WAGTAILADMIN_BASE_URL="https://cms.example",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
