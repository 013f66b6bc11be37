"""API v3 wiring (Wagtail's django-ninja API, mounted at /api/v3/).

- A publish refused by the medical review gate becomes an RFC 7807 problem response that
  says why, and the refusal is recorded.
- ``POST /api/v3/pages/{id}/actions/submit-for-review/`` sends a page's latest draft to
  its review workflow, as the editor's *Submit to Medical review* button does. v3 has no
  workflow endpoints of its own.
- The read schemas of the medical page types (see ``delivery.api.v3_schemas``).
- Errors Wagtail does not answer itself go to ``delivery.api.errors`` (never the exception's
  text, which Wagtail's handler shows when DEBUG is on); the tree actions refuse to move,
  copy or alias the root of the page tree, or to put a page beside it, with a 422.

What a client sees: an anonymous client gets live, public pages only; listings
(``GET /pages/``) are compact for everyone (id, title, meta), a detail
(``GET /pages/{id}/``) carries the page type's fields. A bearer token's user gets the pages
they may edit or publish, live or not (and only those), ``?version=draft`` for the latest
revision, the schema discovery endpoints and the write endpoints their permissions allow.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import PositiveInt
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail, problem_response
from wagtail.api.v3.routers import pages as wagtail_pages
from wagtail.api.v3.urls import api as api_v3
from wagtail.models import Page, WorkflowState

from cms.models import required_disclaimers
from delivery.api.renderers import ScriptSafeNinjaRenderer
from review.gate import MedicalReviewRequired, log_refusal
from review.pages import MedicalPageMixin


@api_v3.exception_handler(MedicalReviewRequired)
def medical_review_required(request, exc):
    log_refusal(exc, request.user)
    return problem_response(status=403, title="Medical review required", detail=str(exc))


# JSON that can be embedded in a <script> as it is (delivery/api/renderers.py).
api_v3.renderer = ScriptSafeNinjaRenderer()


@api_v3.exception_handler(Exception)
def unhandled_exception(request, exc):
    raise exc  # to delivery.api.errors.APIErrorMiddleware


# The tree actions (move, copy, create_alias) and the root of the page tree, which has no
# parent: Wagtail's actions fail on it with an AttributeError (a 500) before any check.

CHILD_POSITIONS = ("first-child", "last-child")


def _off_the_tree(view, page_id, data):
    """Why this action would take a page off the tree, or None."""
    if Page.objects.filter(pk=page_id, depth=1).exists():
        return "The root of the page tree cannot be moved, copied or aliased."
    if view is wagtail_pages.move and data.position not in CHILD_POSITIONS:
        if Page.objects.filter(pk=data.destination_id, depth=1).exists():
            return (
                "Nothing can be placed beside the root of the page tree: move the page under "
                "it, with position first-child or last-child."
            )
    return None


def refuse_tree_actions_off_the_tree(view):
    if view not in (wagtail_pages.move, wagtail_pages.copy, wagtail_pages.create_alias):
        return view

    @wraps(view)
    def guarded(request, page_id, data, **kwargs):
        if reason := _off_the_tree(view, page_id, data):
            return problem_response(
                status=422,
                detail=reason,
                errors=[{"type": "page_tree", "loc": ["body", "data"], "msg": reason}],
            )
        return view(request, page_id=page_id, data=data, **kwargs)

    return guarded


api_v3.add_decorator(refuse_tree_actions_off_the_tree)


# Submit for review

review_router = Router(tags=["pages"], auth=BearerTokenAuth())

PROBLEM_RESPONSES = {status: ProblemDetail for status in (401, 403, 404, 409, 422, 423)}


class SubmissionSchema(Schema):
    id: int
    title: str
    revision_id: int
    workflow: str
    task: str | None
    status: str
    requested_by: str


def missing_required_disclaimers(draft):
    """Disclaimers the clinic's rules require on this draft that are not attached to it."""
    if not isinstance(draft, MedicalPageMixin):
        return []
    attached = {item.disclaimer_id for item in draft.disclaimers.all()}
    topic_ids = [topic.pk for topic in draft.topics.all()] if hasattr(draft, "topics") else []
    return [d for d in required_disclaimers(type(draft), topic_ids) if d.pk not in attached]


@review_router.post(
    "/{page_id}/actions/submit-for-review/",
    response={200: SubmissionSchema, **PROBLEM_RESPONSES},
    url_name="pages_actions_submit_for_review",
    summary="Submit a page's latest draft for review",
    description=(
        "Starts the page's review workflow (for medical pages, *Medical review*) on its "
        "latest revision, or resubmits it after a reviewer asked for changes; the "
        "reviewers are e-mailed. Needs a token whose user may edit the page. Refused with "
        "409 while the page is already in review, 422 while a required disclaimer is "
        "missing or the draft is invalid, 423 while another user has it locked."
    ),
    operation_id="pages_actions_submit_for_review",
)
def submit_for_review(request: HttpRequest, page_id: PositiveInt):
    page = get_object_or_404(Page, pk=page_id).specific
    permissions = page.permissions_for_user(request.user)
    if not permissions.can_edit():
        raise PermissionDenied("You do not have permission to edit this page.")
    if page.workflow_in_progress:
        return _already_in_review(page, page.current_workflow_state)
    if permissions.page_locked():
        return problem_response(status=423, detail="This page is locked by another user.")
    workflow = page.get_workflow()
    if workflow is None:
        return problem_response(status=409, detail="This page has no review workflow.")

    draft = page.get_latest_revision_as_object()
    missing = missing_required_disclaimers(draft)
    if missing:
        names = ", ".join(f"“{d.title}”" for d in missing)
        return problem_response(
            status=422,
            title="Required disclaimer missing",
            detail=f"Attach the required disclaimer {names} before sending this page for "
            "medical review.",
            errors=[
                {
                    "type": "missing_required_disclaimer",
                    "loc": ["disclaimers"],
                    "msg": f"“{d.title}” is required on this page.",
                    "disclaimer": {"id": d.pk, "title": d.title},
                }
                for d in missing
            ],
        )
    draft.full_clean()  # a ValidationError becomes a 422 problem (Wagtail's handler)

    try:
        with transaction.atomic():
            # Lock the page row so two submissions at once start one workflow.
            Page.objects.select_for_update().filter(pk=page.pk).first()
            state = page.current_workflow_state
            if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
                return _already_in_review(page, state)
            if page.get_latest_revision() is None:
                page.save_revision(user=request.user, log_action=True)
            if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
                state.resume(request.user)
            else:
                state = workflow.start(page, request.user)
    except IntegrityError:
        return _already_in_review(page, page.current_workflow_state)

    state.refresh_from_db()
    task_state = state.current_task_state
    return {
        "id": page.pk,
        "title": page.title,
        "revision_id": task_state.revision_id if task_state else page.latest_revision_id,
        "workflow": state.workflow.name,
        "task": task_state.task.name if task_state else None,
        "status": state.status,
        "requested_by": request.user.get_username(),
    }


def _already_in_review(page, state):
    task = state.current_task_state.task.name if state and state.current_task_state else None
    return problem_response(
        status=409,
        title="Already in review",
        detail=f"“{page.title}” is already in review"
        + (f" ({task})." if task else ".")
        + " Wait for the reviewer's decision before submitting it again.",
    )


api_v3.add_router("/pages/", review_router)


# The OpenAPI document

_wagtail_openapi_schema = api_v3.get_openapi_schema


def get_openapi_schema(*args, **kwargs):
    """Wagtail's document, made valid OpenAPI 3.1. Wagtail's ``AllowAnonymous`` fallback
    appears as an ``http`` security scheme without a ``scheme``, which the specification
    forbids; "a bearer token is optional" is spelt as an empty security requirement."""
    schema = _wagtail_openapi_schema(*args, **kwargs)
    schemes = schema.get("components", {}).get("securitySchemes", {})
    anonymous = [name for name, scheme in schemes.items() if "scheme" not in scheme]
    for name in anonymous:
        del schemes[name]
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict) and operation.get("security"):
                operation["security"] = [
                    {} if set(requirement) & set(anonymous) else requirement
                    for requirement in operation["security"]
                ]
    return schema


api_v3.get_openapi_schema = get_openapi_schema
