from django import template

from review import gate
from review.claims import check_page, is_checked, unverified_references

register = template.Library()


@register.simple_tag
def revision_under_review(obj):
    """The revision a clinician's decision on this object is about."""
    return gate.revision_under_review(obj)


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
