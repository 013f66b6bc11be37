"""The Content-Security-Policy in a real browser: the public pages (anonymous and with the
Wagtail userbar of a signed-in writer) and the admin screens people use every day load
with no violation in Chromium's console, under the policy every response carries."""

import pytest
from playwright.sync_api import expect

from articles.factories import ArticlePageFactory, body_from_outline
from cms import roles
from cms.factories import ClinicianFactory, UserFactory
from review.factories import DisclaimerFactory, ReferenceFactory
from review.setup import ensure_medical_review_workflow
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Every violation the page reports, however it is caused (element, attribute, eval).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile || document.location.pathname}:${event.lineNumber} ` +
    `${(event.sample || "").slice(0, 60)}`
  );
});
"""


@pytest.fixture
def people(groups):
    editor = UserFactory(username="editor", is_superuser=True)
    writer = UserFactory(username="writer")
    writer.groups.add(groups[roles.WRITERS])
    doctor = UserFactory(username="doctor")
    doctor.groups.add(groups[roles.MEDICAL_REVIEWERS])
    ClinicianFactory(user=doctor, name="Dr Amelia Hart", gmc_number="7012345")
    return {"editor": editor, "writer": writer, "doctor": doctor}


@pytest.fixture
def article(article_index, people):
    ensure_medical_review_workflow()
    doctor = people["doctor"]
    disclaimer = DisclaimerFactory(
        title="Not a substitute for medical advice", required_for_all=True, approved_by=doctor
    )
    ReferenceFactory(title="Iron and fatigue", doi="10.1136/bmj.k4321", approved_by=doctor)
    assert disclaimer.live
    return ArticlePageFactory(
        parent=article_index,
        owner=people["writer"],
        title="Iron infusions for tiredness",
        body=body_from_outline(
            [
                ("heading", "What an iron infusion is"),
                ("paragraph", "<p>An iron infusion puts iron into a vein.</p>"),
                ("faq_section", [("Does it hurt?", "<p>A small scratch.</p>")]),
            ]
        ),
        published=True,
        approved_by=doctor,
    )


def open_page(new_page):
    page = new_page()
    page.add_init_script(LISTEN)
    console = []

    def keep_csp_reports(message):
        if "Content Security Policy" in message.text:
            console.append(message.text)

    page.on("console", keep_csp_reports)
    return page, console


def violations(page, console):
    return [*page.evaluate("window.__cspViolations || []"), *console]


def visit(page, console, path, artifacts, step):
    response = page.goto(path)
    assert response.status == 200, f"GET {path} -> {response.status}"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    artifacts.screenshot(page, step)
    found = violations(page, console)
    assert not found, f"{path}:\n" + "\n".join(found)


def test_public_pages_load_without_violations(new_page, artifacts, article, people):
    page, console = open_page(new_page)
    for path, step in [("/", "home"), (article.url, "article"), ("/articles/", "index")]:
        visit(page, console, path, artifacts, f"anonymous-{step}")
    response = page.goto("/no-such-page/")
    assert (
        response.status == 404
        and "'unsafe-inline'" not in response.headers["content-security-policy"]
    )
    assert not violations(page, console)
    expect(page.locator("h1")).to_have_text("Page not found")

    signed_in, console = open_page(new_page)
    login(signed_in, people["writer"])
    visit(signed_in, console, article.url, artifacts, "article-with-userbar")
    expect(signed_in.locator("wagtail-userbar")).to_be_attached()


def test_the_admin_loads_without_violations(new_page, artifacts, article, people):
    page, console = open_page(new_page)
    login(page, people["editor"])
    assert not violations(page, console), violations(page, console)
    screens = [
        ("/admin/", "dashboard"),
        (f"/admin/pages/{article.get_parent().pk}/", "explorer"),
        (f"/admin/pages/{article.pk}/edit/", "editor"),
        ("/admin/snippets/cms/reference/", "references"),
        ("/admin/images/", "images"),
        ("/admin/users/", "users"),
        ("/admin/reports/medical-review-records/", "review-records"),
    ]
    for path, step in screens:
        visit(page, console, path, artifacts, step)

    # The editor's interactive parts: tabs, the block chooser, the preview panel.
    page.goto(f"/admin/pages/{article.pk}/edit/")
    page.get_by_role("tab", name="References").click()
    page.get_by_role("tab", name="Content").click()
    page.locator(".c-sf-add-button").last.click()
    expect(page.get_by_role("option", name="Paragraph", exact=True)).to_be_visible()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text("Iron infusions for tiredness")
    page.wait_for_load_state("networkidle")
    artifacts.screenshot(page, "editor-preview-panel")
    found = violations(page, console)
    assert not found, "the editor:\n" + "\n".join(found)
