"""Writing an imported article as a draft ``ArticlePage`` under the articles index, with
its byline, its study mentions as unverified references and its disclaimer, and
recording where it came from (``ArticleImport``) so a second import updates it.

Nothing here publishes: pages and snippets are saved with ``live=False`` and a revision,
and reach readers only through medical review. Callers run ``save_article`` in a
transaction, so a file that fails part-way leaves nothing behind.
"""

import dataclasses
import difflib
import hashlib
import html
import json
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail.log_actions import log

from articles.models import (
    ArticleAuthor,
    ArticleDisclaimer,
    ArticleImport,
    ArticlePage,
    ArticleReference,
)
from cms.admin_links import admin_url
from cms.models import Disclaimer, Reference, WriterProfile, required_disclaimers
from review.claims import check_page

from .sources import ImportFailure

IMPORTED, UPDATED, DUPLICATE, SKIPPED = "imported", "updated", "duplicate", "skipped"

# Word-level similarity (difflib's ratio, 0 to 1) at which an imported disclaimer is taken
# to be an existing one: rewording a phrase or two keeps it above, a disclaimer about
# something else stays well below (the seed's and the demo's treatment disclaimers: 0.23).
DISCLAIMER_MATCH_RATIO = 0.8

DISCLAIMER_KINDS = [
    (re.compile(r"(?i)emergenc|\b999\b|\bA&E\b"), Disclaimer.Kind.EMERGENCY),
    (re.compile(r"(?i)results\s+(?:may\s+)?(?:vary|differ)"), Disclaimer.Kind.RESULTS_VARY),
    (re.compile(r"(?i)\bclaims?\b|\bcures?\b|\btreat"), Disclaimer.Kind.TREATMENT_CLAIMS),
]


@dataclass
class Outcome:
    status: str
    page: ArticlePage
    reason: str = ""
    references: list = field(default_factory=list)
    disclaimer: Disclaimer | None = None
    disclaimer_similarity: float | None = None  # None: created by this import
    notes: list = field(default_factory=list)
    claims: list = field(default_factory=list)


def importer_refusal(user, index):
    """Why this user may not import articles under this index, or None. The command is
    one more way to create content, so the admin's permissions hold here too."""
    if not user.is_active:
        return f"{user.get_username()} is not an active user."
    if not index.permissions_for_user(user).can_add_subpage():
        return f"{user.get_username()} may not add pages under “{index.title}”."
    missing = [p for p in ("cms.add_reference", "cms.add_disclaimer") if not user.has_perm(p)]
    if missing:
        return f"{user.get_username()} may not add {' or '.join(missing)}, which an import creates."
    return None


def article_hash(article):
    serialised = json.dumps(dataclasses.asdict(article), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(serialised.encode()).hexdigest()


def save_article(article, source_name, index, user):
    key = slugify(article.title)[:255]
    if not key:
        raise ImportFailure(f"the title “{article.title}” has no letters or digits")
    digest = article_hash(article)
    record = ArticleImport.objects.filter(source_key=key).select_related("page").first()
    if record is not None:
        page = record.page.specific
        if record.content_hash == digest:
            imported = f"{record.source_name} on {record.last_imported_at:%d %b %Y}"
            return Outcome(DUPLICATE, page, f"unchanged since the import of {imported}")
        if reason := _untouchable(page, user):
            return Outcome(SKIPPED, page, reason)
        page = page.get_latest_revision_as_object()
    else:
        page = ArticlePage(owner=user, live=False, has_unpublished_changes=True)

    outcome = Outcome(IMPORTED if record is None else UPDATED, page)
    author = _writer_profile(article, user, outcome)
    outcome.references = [_reference(mention, user) for mention in article.studies]
    disclaimers = _disclaimers(article, user, outcome)

    page.title = article.title
    if article.summary:
        page.summary = article.summary
    elif not page.summary:
        outcome.notes.append(
            "no summary: the post has no excerpt (meta description); write the standfirst "
            "in the editor before submitting it for review"
        )
    page.body = article.body
    page.authors = [ArticleAuthor(author=author)] if author else []
    page.references = [ArticleReference(reference=r) for r in outcome.references]
    page.disclaimers = [ArticleDisclaimer(disclaimer=d) for d in disclaimers]
    if record is None:
        page.slug = _free_slug(index, key)
    # Validated as the editor would, so a failure names the field; the tree fields are
    # set by add_child. A draft may wait for its summary, as the editor's "Save draft"
    # lets it; submitting it for review requires one.
    blank = [] if page.summary else ["summary"]
    page.full_clean(exclude=["path", "depth", "draft_title", *blank])
    if record is None:
        index.add_child(instance=page)
        page.save_revision(user=user, clean=False)
        log(instance=page, action="wagtail.create", user=user)
    else:
        page.save_revision(user=user, log_action=True, clean=False)
    ArticleImport.objects.update_or_create(
        source_key=key,
        defaults={"page": page, "source_name": source_name[:255], "content_hash": digest},
    )
    outcome.claims = check_page(page)
    return outcome


def _untouchable(page, user):
    """Why an earlier import's page must not be overwritten: once published, in review or
    locked, it is in people's hands, and changes go through the editor."""
    if page.live:
        return "the article is published: change it in the CMS editor"
    if page.workflow_in_progress:
        return "the article is in medical review: change it in the CMS editor"
    if page.locked:
        return "the article is locked"
    if not page.permissions_for_user(user).can_edit():
        return f"{user.get_username()} may not edit the article"
    return None


def _free_slug(index, base):
    slug, number = base, 1
    while index.get_children().filter(slug=slug).exists():
        number += 1
        slug = f"{base[:250]}-{number}"
    return slug


def _writer_profile(article, user, outcome):
    """The byline's writer profile, matched by name. A new one is created only for a user
    who may add writer profiles (Editors); otherwise the byline is reported for an
    editor to add."""
    if not article.author:
        outcome.notes.append("no byline found: choose the author in the editor")
        return None
    profile = WriterProfile.objects.filter(name__iexact=article.author).first()
    if profile is not None:
        return profile
    if not user.has_perm("cms.add_writerprofile"):
        asked = _request_writer_profile(article, user)
        outcome.notes.append(
            f"byline “{article.author}” has no writer profile and "
            f"{user.get_username()} may not add one: "
            + (f"asked {asked} to add it" if asked else "ask an editor")
            + ", then choose it"
        )
        return None
    outcome.notes.append(f"writer profile “{article.author}” created")
    return WriterProfile.objects.create(
        name=article.author, role="Author", credentials=article.author_credentials
    )


def _request_writer_profile(article, user):
    """E-mail the people who keep the writer register (Editors own it, so bylines stay
    audited) asking for the missing profile; returns how many were asked."""
    keepers = (
        get_user_model()
        .objects.filter(is_active=True, groups__permissions__codename="add_writerprofile")
        .exclude(email="")
        .distinct()
    )
    recipients = [keeper.email for keeper in keepers]
    if recipients:
        url = admin_url("cms_writerprofile_modeladmin_create")
        EmailMessage(
            f"Writer profile needed: {article.author}",
            f"{user.get_full_name() or user.get_username()} imported “{article.title}”, whose "
            f"byline is “{article.author}”"
            + (f" ({article.author_credentials})" if article.author_credentials else "")
            + f". There is no writer profile of that name. Add it at {url} and the writer "
            "can then choose it as the article's author.",
            to=recipients,
        ).send()
    return len(recipients)


def _reference(mention, user):
    """A draft reference for a study the article mentions, reused when an earlier import
    made one from the same sentence. ``clean()`` is not run: it demands the DOI, PubMed ID
    or URL that the writer adds when verifying it in the reference library."""
    existing = Reference.objects.filter(source_text=mention.source_text).first()
    if existing is not None:
        return existing
    reference = Reference(live=False, **dataclasses.asdict(mention))
    reference.save()
    reference.save_revision(user=user, clean=False)
    log(instance=reference, action="wagtail.create", user=user)
    return reference


def _words(rich_text):
    return re.findall(r"\w+", html.unescape(strip_tags(rich_text)).lower())


def closest_disclaimer(text):
    """The existing disclaimer (live or draft) whose wording is closest to this text, with
    its similarity; None when none reaches ``DISCLAIMER_MATCH_RATIO``."""
    words = _words(text)
    best, best_ratio = None, 0.0
    for disclaimer in Disclaimer.objects.order_by("-live", "pk"):
        ratio = difflib.SequenceMatcher(None, words, _words(disclaimer.text), False).ratio()
        if ratio > best_ratio:
            best, best_ratio = disclaimer, ratio
    return (best, best_ratio) if best_ratio >= DISCLAIMER_MATCH_RATIO else (None, best_ratio)


def _disclaimers(article, user, outcome):
    """The article's own disclaimer (matched, else a new draft) and those the clinic's
    rules require, so the draft can be submitted for review as it is."""
    chosen = []
    if article.disclaimer:
        disclaimer, ratio = closest_disclaimer(article.disclaimer)
        if disclaimer is None:
            kind = next(
                (k for pattern, k in DISCLAIMER_KINDS if pattern.search(article.disclaimer)),
                Disclaimer.Kind.MEDICAL_ADVICE,
            )
            disclaimer = Disclaimer(
                title=Disclaimer.Kind(kind).label,
                kind=kind,
                text=f"<p>{html.escape(article.disclaimer, quote=False)}</p>",
                live=False,
            )
            disclaimer.save()
            disclaimer.save_revision(user=user)
            log(instance=disclaimer, action="wagtail.create", user=user)
            ratio = None
        outcome.disclaimer, outcome.disclaimer_similarity = disclaimer, ratio
        chosen.append(disclaimer)
    for required in required_disclaimers(ArticlePage, []):
        if required.pk not in {d.pk for d in chosen}:
            chosen.append(required)
    return chosen
