"""What a person does in the Wagtail admin, as small steps the browser tests read like.
Selectors follow what the admin shows: labels, roles and the field ids Wagtail renders."""

import re

from playwright.sync_api import expect

# Rich text: the Draftail editor next to the hidden input that holds the field's value.
DRAFTAIL = "xpath=..//div[contains(@class, 'public-DraftEditor-content')]"


def rich_text_editor(page, input_id):
    return page.locator(f"#{input_id}").locator(DRAFTAIL)


def type_rich_text(page, input_id, text, replace=False):
    editor = rich_text_editor(page, input_id)
    expect(editor).to_be_visible()
    editor.click()
    if replace:
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
    else:
        page.keyboard.press("Control+End")
    page.keyboard.type(text)
    expect(editor).to_contain_text(text)


def add_block(page, container, label):
    """Insert a block at the end of a StreamField (or of a stream inside a block). A block
    just added may still be starting its own stream's controls on a loaded machine: the
    chooser is opened again until it shows the option."""
    option = page.get_by_role("option", name=label, exact=True)
    button = container.locator(".c-sf-add-button").last
    for _ in range(5):
        expect(button).to_be_visible()
        button.click()
        try:
            expect(option).to_be_visible(timeout=6_000)
            break
        except AssertionError:
            page.keyboard.press("Escape")
    expect(option).to_be_visible()
    option.click()
    expect(option).to_be_hidden()


def open_tab(page, name):
    tab = page.get_by_role("tab", name=name, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")


def choose_snippet(page, input_id, button_label, choice_text):
    """Open a snippet chooser next to a hidden input and pick the row with this text."""
    page.locator(f"#{input_id}").locator("xpath=..").get_by_role(
        "button", name=button_label
    ).click()
    modal = page.locator(".modal-dialog")
    choice = modal.locator("a[data-chooser-modal-choice]", has_text=choice_text)
    expect(choice).to_be_visible()
    choice.click()
    expect(modal).to_be_hidden()
    expect(page.locator(f"#{input_id}")).not_to_have_value("")


def settle_autosave(page):
    """Wait until the editor's autosave has caught up, so that a click on a save button
    cannot race an autosave request (on the create view, the first autosave creates the
    page and turns the form into the edit form). The editor checks for changes every
    500 ms and autosaves 0.5 s after it notices them; a field's last edit shows when it
    loses focus."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_timeout(700)  # one change check (500 ms) and a margin
    page.wait_for_function(
        """() => {
            const form = document.querySelector('form[data-controller~="w-autosave"]');
            const indicator = document.querySelector('#w-autosave-indicator');
            if (!form || !indicator) return true;  // autosave is off
            const state = indicator.getAttribute('data-w-autosave-state-value');
            const edits = form.getAttribute('data-w-unsaved-has-edits-value') === 'true';
            return state !== 'saving' && (!edits || state === 'paused');
        }""",
        timeout=30_000,
    )


def save_draft(page):
    settle_autosave(page)
    page.get_by_role("button", name="Save draft", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("has been updated")


def open_action_menu(page):
    """The editor's footer: the Save draft button and the menu of further actions."""
    page.get_by_role("button", name="More actions").click()
    menu = page.locator("footer .w-dropdown__content")
    expect(menu).to_be_visible()
    return menu


def close_menu(page, menu):
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()


def action_names(menu):
    return [name.strip() for name in menu.locator("button, a").all_inner_texts() if name.strip()]


def submit_for_review(page):
    settle_autosave(page)
    menu = open_action_menu(page)
    menu.get_by_role("button", name="Submit to Medical review").click()
    expect(page.locator(".messages")).to_contain_text("has been submitted for moderation")


def review_queue(page):
    """The dashboard panel that lists what waits for this user's review."""
    return page.locator("section").filter(
        has=page.get_by_role("heading", name="Awaiting your review")
    )


def queue_row(page, title):
    page.goto("/admin/")
    queue = review_queue(page)
    expect(queue).to_be_visible()
    row = queue.locator("tr").filter(has_text=title)
    expect(row).to_be_visible()
    return row


def row_actions(row):
    """Open a review queue row's actions menu; returns the menu."""
    row.get_by_role("button", name="Actions").click()
    menu = row.locator(".w-dropdown__content")
    expect(menu).to_be_visible()
    return menu


def open_review(page, title):
    """Open the review screen from the dashboard's medical review queue."""
    page.goto("/admin/")
    queue = page.locator("#lifecycle-clinician-queue-content")
    queue.locator("tr.lifecycle-review-row").filter(has_text=title).get_by_role(
        "link", name=title
    ).click()
    expect(page.locator("#review-decision")).to_be_visible()


def open_approval(page, title):
    """Open the Approve modal from the review queue; returns the modal."""
    menu = row_actions(queue_row(page, title))
    menu.get_by_role("button", name="Approve", exact=True).click()
    modal = page.locator(".modal-dialog")
    expect(modal.get_by_role("heading", name="Approve")).to_be_visible()
    return modal


def approve_with_comment(page, title, comment):
    """Approve from the review queue: a comment, the confirmation that the revision shown
    was reviewed, and wait for the dashboard to reload."""
    modal = open_approval(page, title)
    modal.get_by_label("Comment").fill(comment)
    modal.get_by_label(re.compile("I have reviewed the medical content")).check()
    page.evaluate("window.e2eBeforeApproval = true")
    modal.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_function("() => !window.e2eBeforeApproval")  # a new document loaded
    page.wait_for_url(re.compile(r"/admin/$"))
    expect(page.locator("main")).to_be_visible()


def in_queue(page, title):
    """This title's rows in the review queue on the dashboard now shown."""
    return review_queue(page).locator("tr").filter(has_text=title)
