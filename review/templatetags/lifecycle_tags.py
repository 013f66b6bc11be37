from django import template

from review import gate
from review.claims import check_page, is_checked, unverified_references

register = template.Library()


@register.simple_tag
def revision_under_review(obj):
    """The revision a clinician's decision on this object is about."""
    return gate.revision_under_review(obj)


@register.simple_tag
def review_of(obj):
    """The object's review as the review screen shows it (its URL, its confirmation)."""
    from review.review_screen import open_review

    return open_review(obj)


@register.simple_tag
def review_path(obj):
    """The admin path of the object's review screen; "" for content outside medical review."""
    from wagtail.models import Page

    from review.review_screen import review_url

    if isinstance(obj, Page):
        obj = obj.specific_deferred  # a workflow's content object is the base Page
    return review_url(obj) if obj is not None and gate.is_medical(obj) else ""


@register.simple_tag
def review_decision(task_state):
    """The clinician's recorded decision that finished this task state, or None."""
    from review.models import ReviewRecord

    return ReviewRecord.objects.filter(task_state_id=task_state.pk).first() if task_state else None


@register.simple_tag
def approval_refusal(obj, user, revision):
    """Why this user may not approve this revision, or None."""
    return gate.approval_refusal(user, obj, revision) if revision else None


@register.simple_tag
def review_claims(revision):
    """The flagged sentences of a revision of a medical page; None for other objects."""
    if revision is None:
        return None
    obj = revision.as_object()
    return check_page(obj) if is_checked(obj) else None


@register.simple_tag
def review_unverified_references(revision):
    """The unverified references a revision of a medical page cites."""
    if revision is None:
        return []
    obj = revision.as_object()
    return unverified_references(obj) if is_checked(obj) else []
