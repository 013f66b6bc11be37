"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's
``live_server`` (a real server thread on the test database, PostgreSQL in CI).

Playwright's own browser download cannot reach its servers from our machines, so the tests
launch the system Chromium (``apt-get install chromium``). Each test gets fresh browser
contexts (one per user, so sessions never mix), a screenshot per step under
``test-artifacts/<test>/`` and, when it fails, a screenshot and the HTML of every page
still open.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from playwright.sync_api import expect, sync_playwright

from home.site_tree import ensure_home_page

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
PASSWORD = "correct-horse-battery-staple"  # cms.factories.UserFactory's password
# Generous: two cores, and other test runs may share them.
TIMEOUT_MS = 30_000
NAVIGATION_TIMEOUT_MS = 60_000
VIEWPORT = {"width": 1400, "height": 1000}
EXTERNAL_URL = re.compile(r"^(?!https?://(localhost|127\.0\.0\.1)[:/])[a-z]+://")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests last. Like every live-server test they empty the database
    afterwards (a transactional test flushes it), so a transactional test that ran after
    them would lose the rows Wagtail's migrations create (root page, default locale)."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


# Browser


@pytest.fixture(scope="session")
def playwright_instance():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium), "
            "or run `make test-fast` to leave them out."
        )
    # Playwright's sync API runs an event loop in this thread; Django refuses database
    # access from a thread with a running event loop unless told it is safe (it is: the
    # loop only drives the browser). Only while the browser runs: a subprocess started
    # with it set (the deploy checks test) would fail Django's async.E001 check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    expect.set_options(timeout=TIMEOUT_MS)
    yield browser
    browser.close()


class Artifacts:
    """Screenshots of one test, numbered in the order they were taken."""

    def __init__(self, test_name):
        self.folder = ARTIFACTS / re.sub(r"^test_|[^\w-]+", "", test_name)
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*"):
            old.unlink()
        self.count = 0

    def screenshot(self, page, step):
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        page.screenshot(path=path, full_page=True)
        return path


@pytest.fixture
def artifacts(request):
    return Artifacts(request.node.name)


@pytest.fixture
def new_page(browser, live_server, request, artifacts):
    """Open a page in a new browser context: ``new_page()`` for an anonymous visitor,
    then ``login(page, user)`` to sign someone in. Contexts share nothing."""
    contexts = []

    def open_page():
        context = browser.new_context(
            base_url=live_server.url, viewport=VIEWPORT, locale="en-GB", timezone_id="Europe/London"
        )
        # Hermetic: nothing leaves the machine (the admin asks Gravatar for avatars).
        context.route(EXTERNAL_URL, lambda route: route.abort())
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page

    if getattr(request.node, "e2e_failed", False):
        for n, page in enumerate(p for c in contexts for p in c.pages):
            try:
                page.screenshot(path=artifacts.folder / f"failure-{n}.png", full_page=True)
                (artifacts.folder / f"failure-{n}.html").write_text(page.content())
            except Exception:  # noqa: BLE001 - a dead page must not hide the real failure
                pass
    for context in contexts:
        context.close()


def login(page, user):
    """Sign in through the admin's login form and wait for the dashboard."""
    page.goto("/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    expect(page.locator("main")).to_be_visible()
    return page


# Data


@pytest.fixture
def home(wagtail_roots):
    """The site's home page, on a database that a previous browser test may have emptied."""
    cache.clear()
    return ensure_home_page("Test Clinic")
