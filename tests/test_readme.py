"""Every shell example in the README runs as written against a live server with the demo
content, and returns what the README says it returns. The README is the first thing a
newcomer trusts: an example added to it without a check here fails
``test_every_readme_example_is_checked``.

``curl`` lines run in a real shell with the real ``curl``, with ``http://127.0.0.1:8000``
(``make run``'s address) pointed at the live server; ``python manage.py`` lines run the
command in-process, on the live server's database."""

import io
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from articles.models import ArticlePage

pytestmark = pytest.mark.usefixtures("wagtail_roots")

README = Path(settings.BASE_DIR) / "README.md"
RUN_ADDRESS = "http://127.0.0.1:8000"
POST = Path(__file__).parent / "data" / "posts" / "iron-infusions-post-viral-fatigue.txt"
ASSIGNMENT = re.compile(r"^([A-Z_]+)=(.*)$")


def readme_examples():
    """The README's ``sh`` blocks as commands: continuation lines joined, comments and the
    two ``make`` commands (CI runs those) left out."""
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(), re.S)
    commands = []
    for block in blocks:
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("  #")[0].strip() if not line.lstrip().startswith("#") else ""
            if line and not line.startswith("make "):
                commands.append(" ".join(line.split()))
    return commands


def the_api_root(output, state):
    assert output == f"{state['server']}/api/v2"


def listing_about_fatigue(output, state):
    items = json.loads(output)["items"]
    assert items and all(item["meta"]["type"] == "articles.ArticlePage" for item in items)
    assert all("fatigue" in [t["slug"] for t in item["topics"]] for item in items)
    assert all(item["meta"]["detail_url"].startswith(state["server"]) for item in items)


def search_finds_iron(output, state):
    titles = [item["title"] for item in json.loads(output)["items"]]
    assert any("iron" in title.lower() for title in titles), titles


def find_follows_to_the_detail(output, state):
    page = json.loads(output)
    assert page["meta"]["slug"] == "iron-infusions-and-fatigue"
    assert page["meta"]["html_url"] == f"{state['server']}/articles/iron-infusions-and-fatigue/"
    assert page["references"] and page["disclaimers"] and page["medical_review"]["reviewed_by"]


def a_token(output, state):
    assert re.fullmatch(r"\S{20,}", output), output


def a_page_id(output, state):
    assert int(output) == ArticlePage.objects.get(slug="iron-infusions-and-fatigue").pk


def submitted_for_review(output, state):
    body = json.loads(output)
    assert body["status"] == "in_progress", body
    page = ArticlePage.objects.get(slug="iron-infusions-and-fatigue")
    assert page.live and page.current_workflow_state is not None


def a_preview_token(output, state):
    body = json.loads(output)
    assert set(body) >= {"token", "expires_at", "url", "page_id", "revision_id"}
    assert body["url"].startswith(f"{state['server']}/api/preview/?token=")


def a_bare_preview_token(output, state):
    assert re.fullmatch(r"\S{20,}", output), output


def the_draft_in_the_v2_shape(output, state):
    body = json.loads(output)
    assert body["meta"]["slug"] == "iron-infusions-and-fatigue"
    assert {"body", "references", "disclaimers", "medical_review"} <= set(body)


def the_token_is_revoked(output, state):
    assert json.loads(output), output
    again = shell(
        f'curl -s -H "Authorization: Preview $PREVIEW_TOKEN" {state["server"]}/api/preview/',
        state["env"],
    )
    assert json.loads(again)["code"] == "token_revoked", again


def review_reminders(output, state):
    assert re.match(r"\d+ page\(s\) due within 30 days or overdue", output), output


def imported_as_a_draft(output, state):
    assert output.startswith("Imported 1, skipped 0 (0 duplicate), failed 0."), output
    page = ArticlePage.objects.get(title="Can Iron Infusions Help Treat Post-Viral Fatigue?")
    assert not page.live


def a_hub_by_review_date(output, state):
    hub = json.loads(output)
    assert hub["significantLink"], hub
    assert all(link["mainEntityOfPage"]["lastReviewed"] for link in hub["significantLink"])


def only_the_modules(output, state):
    body = json.loads(output)
    assert body["hasPart"] and "mainEntityOfPage" not in body


# Each README example, by a piece of it, and what the README says it returns.
CHECKS = {
    "API=http": the_api_root,
    "topic=fatigue&fields=*": listing_about_fatigue,
    "search=iron": search_finds_iron,
    'curl -L "$API/pages/find/': find_follows_to_the_detail,
    "TOKEN=$(python manage.py api_tokens create": a_token,
    "PAGE_ID=$(curl": a_page_id,
    "actions/submit-for-review/": submitted_for_review,
    'curl -b "sessionid=$SESSIONID"': a_preview_token,
    "PREVIEW_TOKEN=$(": a_bare_preview_token,
    'curl -H "Authorization: Preview': the_draft_in_the_v2_shape,
    "api/preview/revoke/": the_token_is_revoked,
    "manage.py review_due": review_reminders,
    "api/content/articles/?orderBy=lastReviewed": a_hub_by_review_date,
    "?modules=true": only_the_modules,
    "manage.py import_articles old-blog/": imported_as_a_draft,
}


def check_for(command):
    matches = [check for fragment, check in CHECKS.items() if fragment in command]
    assert len(matches) == 1, f"README example without exactly one check: {command}"
    return matches[0]


def manage(command_line):
    """``python manage.py NAME ARGS`` in-process, its stdout."""
    _, _, name, *args = shlex.split(command_line)
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue().strip()


def shell(command_line, env):
    done = subprocess.run(
        ["bash", "-c", command_line], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, f"{command_line}\n{done.stderr}"
    return done.stdout.strip()


def run(command, state):
    command = command.replace(RUN_ADDRESS, state["server"])
    assignment = ASSIGNMENT.match(command)
    if assignment:
        name, value = assignment.groups()
        if value.startswith("$(python manage.py "):
            output = manage(value[2:-1])
        else:
            output = shell(f'{name}={value}; printf %s "${name}"', state["env"])
        state["env"][name] = output
        return output
    if command.startswith("python manage.py "):
        return manage(command)
    return shell(command, state["env"])


def test_every_readme_example_is_checked():
    examples = readme_examples()
    checked = {fragment for fragment in CHECKS if any(fragment in e for e in examples)}
    assert checked == set(CHECKS), f"checks whose example left the README: {set(CHECKS) - checked}"
    for command in examples:
        check_for(command)


def test_readme_examples_return_what_the_readme_says(live_server, settings, tmp_path, monkeypatch):
    settings.WAGTAILAPI_BASE_URL = live_server.url
    call_command("load_demo", stdout=io.StringIO())
    writer = Client()
    writer.force_login(get_user_model().objects.get(username="writer"))

    old_blog = tmp_path / "old-blog"
    old_blog.mkdir()
    shutil.copy(POST, old_blog)
    monkeypatch.chdir(tmp_path)
    state = {
        "server": live_server.url,
        "env": {
            "PATH": "/usr/bin:/bin:/usr/local/bin",
            "HOME": str(tmp_path),
            "SESSIONID": writer.cookies[settings.SESSION_COOKIE_NAME].value,
        },
    }
    if shutil.which("python3"):
        state["env"]["PATH"] = f"{Path(shutil.which('python3')).parent}:{state['env']['PATH']}"

    for command in readme_examples():
        check_for(command)(run(command, state), state)
