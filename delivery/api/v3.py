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

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import PositiveInt
from pydantic import ValidationError as PydanticValidationError
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail, problem_response
from wagtail.api.v3.routers import pages as wagtail_pages
from wagtail.api.v3.schemas.pages import BASE_PAGE_READ_FIELDS
from wagtail.api.v3.urls import api as api_v3
from wagtail.api.validators import OrderingValidator
from wagtail.contrib.redirects.api.v3.router import BASE_REDIRECT_READ_FIELDS
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.documents.api.v3 import router as v3_documents
from wagtail.documents.api.v3.router import BASE_DOCUMENT_READ_FIELDS
from wagtail.images import get_image_model
from wagtail.images.api.v3 import router as v3_images
from wagtail.images.api.v3.router import BASE_IMAGE_READ_FIELDS
from wagtail.models import Page, TranslatableMixin, WorkflowState
from wagtail.snippets.api.v3 import router as v3_snippets
from wagtail.snippets.api.v3.router import enabled_models

from cms.models import required_disclaimers
from delivery.api import parameters as rules
from delivery.api.errors import database_reachable, parameter_error_response, unavailable
from delivery.api.renderers import ScriptSafeNinjaRenderer
from review.gate import MedicalReviewRequired, in_live_use, log_refusal
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


# Wagtail answers every pydantic ValidationError with a 422, also one raised while building
# the response, where a field's query failed because the database went away mid-request
# (pydantic's get_attribute_error): the server's failure, a 503 as elsewhere. Wagtail's own
# handler answers the rest.
_wagtail_validation_error = api_v3._exception_handlers[PydanticValidationError]


@api_v3.exception_handler(PydanticValidationError)
def validation_error(request, exc):
    building_response = any(error["loc"][:1] == ("response",) for error in exc.errors())
    if building_response and not database_reachable():
        return unavailable(request, exc)
    return _wagtail_validation_error(request, exc)


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


# Images and documents: public only while a live page uses them, as in v2
# (``delivery.api.v2.PublicImagesAPIViewSet``). Wagtail's v3 routers read each one's queryset
# through a module-level function, which we wrap; a token's user (staff, who choose files
# in the admin) sees every file.


def _used_by_live_pages(get_queryset):
    @wraps(get_queryset)
    def public_queryset(request):
        queryset = get_queryset(request)
        if request.user.is_authenticated:
            return queryset
        return queryset.filter(pk__in=in_live_use(queryset.model).values("pk"))

    return public_queryset


for _router, _name in (
    (v3_images, "get_images_queryset"),
    (v3_documents, "get_documents_queryset"),
):
    setattr(_router, _name, _used_by_live_pages(getattr(_router, _name)))


def refuse_malformed_snippet_keys(view):
    """A snippet's key in the path is the primary key of its type (a whole number for every
    type registered here); Wagtail looks it up as given, and a database that compares it
    with a number fails (a 500)."""
    if view.__module__ != v3_snippets.__name__:
        return view

    @wraps(view)
    def checked(request, *args, **kwargs):
        key = kwargs.get("pk")
        if key is not None and not (key.isascii() and key.isdigit()):
            message = "pk must be a whole number"
            return problem_response(
                status=422,
                detail=message,
                errors=[{"type": "invalid_parameter", "loc": ["path", "pk"], "msg": message}],
            )
        return view(request, *args, **kwargs)

    return checked


api_v3.add_decorator(refuse_malformed_snippet_keys)


def refuse_invalid_parameters(view):
    """A parameter ``delivery.api.parameters`` refused (``APIErrorMiddleware`` noted it), once
    the token is checked and before the view runs."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if (error := getattr(request, "invalid_parameter", None)) is not None:
            return parameter_error_response(request, error)
        return view(request, *args, **kwargs)

    return checked


# Added last, so it runs first.
api_v3.add_decorator(refuse_invalid_parameters)


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

PROBLEM_JSON = "application/problem+json"

# Why each error status can come back, in the document's words. Which operations answer
# which status follows from what the operation takes (``_error_statuses``).
ERROR_DESCRIPTIONS = {
    400: "A value the database cannot store or compare, rich text in a form that cannot be "
    "read, or a `limit` above the maximum.",
    401: "No bearer token, or one that is unknown, revoked or whose user is inactive.",
    403: "The token's user may not do this, or the medical review gate refuses to make this "
    "content live (the detail says why: no approval of this exact content by a clinician "
    "other than its author, or a reference, disclaimer or FAQ it shows is not live).",
    404: "No such object, or none the caller may see (anonymous callers see live, public "
    "pages only).",
    409: "The request conflicts with what is stored: a value that must be unique is in use, "
    "an object it refers to is gone or still in use; for a review, the page is already in "
    "review or has no review workflow.",
    413: "The request body is larger than the server accepts (`DATA_UPLOAD_MAX_MEMORY_SIZE`).",
    422: "A parameter or the body does not validate: see `errors`, each with the `loc` of the "
    "value it is about. Also rules no schema can express: a page type not allowed under "
    "that parent, a slug in use, a required disclaimer missing, a `child_of` page the "
    "caller cannot see, `order=random` with an `offset`.",
    423: "Another user has locked the page.",
    503: "The database is unavailable for a moment: retry after `Retry-After` seconds.",
}

WRITES = {"post", "put", "patch", "delete"}
NO_NUL = "^[^\\x00]*$"


def _error_statuses(operation, method):
    """The error statuses an operation can answer with."""
    parameters = operation.get("parameters", [])
    names = {parameter["name"] for parameter in parameters}
    in_path = any(parameter["in"] == "path" for parameter in parameters)
    statuses = {503}
    if parameters or "requestBody" in operation:
        statuses.add(422)
    if {} not in operation.get("security", [{}]):  # a token is required
        statuses |= {401, 403}
    if in_path or "requestBody" in operation or names & {"id", "html_path", "locale", "site"}:
        statuses.add(404)
    if "limit" in names or "requestBody" in operation:
        statuses.add(400)
    if "requestBody" in operation:
        statuses.add(413)
    if method in WRITES:
        statuses.add(409)
    return statuses | {int(code) for code in operation["responses"] if 400 <= int(code) < 500}


def _order_fields():
    """Per list operation, the ``order`` values its view accepts (each also with ``-``).
    Snippet types share only their primary key; a type's own fields are listed in the
    parameter's description."""

    def allowed(model, base_fields):
        validator = OrderingValidator(
            model=model, fields=[], base_fields=list(base_fields), db_fields_only=True
        )
        return validator.allowed_fields - {"random", "pk", "-pk"}  # pk is listed as id

    snippets = {model._meta.label: allowed(model, ["id"]) for model in enabled_models}
    return {
        "pages_list": (allowed(Page, BASE_PAGE_READ_FIELDS), {}),
        "images_list": (allowed(get_image_model(), BASE_IMAGE_READ_FIELDS), {}),
        "documents_list": (allowed(get_document_model(), BASE_DOCUMENT_READ_FIELDS), {}),
        "redirects_list": (allowed(Redirect, BASE_REDIRECT_READ_FIELDS), {}),
        "snippets_list": (set.intersection(*snippets.values()) if snippets else set(), snippets),
    }


def _string_branch(schema):
    """The string schema inside ``schema`` (which may be ``anyOf`` string or null)."""
    for branch in [schema, *schema.get("anyOf", [])]:
        if branch.get("type") == "string" and "const" not in branch and "enum" not in branch:
            return branch
    return None


def _document_parameter(parameter, order_fields):
    name, schema = parameter["name"], parameter["schema"]
    if name == "limit":
        schema["maximum"] = settings.WAGTAILAPI_LIMIT_MAX
    elif name == "offset":
        schema["maximum"] = rules.MAX_OFFSET
    elif name == "search":
        text = _string_branch(schema)
        # "A letter or digit" in any script has no JSON Schema pattern that both the
        # ECMA-262 and the Python readings agree on: the description says it.
        text |= {"maxLength": rules.SEARCH_MAX_LENGTH, "pattern": NO_NUL}
        parameter["description"] = (
            f"Plain text, at most {rules.SEARCH_MAX_LENGTH} characters with at least one "
            "letter or digit; quotation marks and control characters count as spaces."
        )
    elif name == "pk" and parameter["in"] == "path":
        schema["pattern"] = "^[0-9]+$"
    elif name == "user_id":
        parameter["schema"] = schema = {
            "anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}],
            "title": schema.get("title", "User Id"),
        }
    elif name == "order" and order_fields is not None:
        common, per_type = order_fields
        for branch in schema.get("anyOf", []):
            if branch.get("type") == "array":
                branch["items"] = {"type": "string", "enum": sorted(common)}
        parameter["description"] = (
            "Fields to order by, ascending, or descending with a leading `-`; or `random`, "
            "alone and without `offset`."
            + "".join(
                f" `{label}` also orders by: "
                + ", ".join(f"`{field}`" for field in sorted(fields - common) if field[0] != "-")
                + "."
                for label, fields in sorted(per_type.items())
                if fields - common
            )
        )
    for branch in [schema, *schema.get("anyOf", [])]:
        if branch.get("type") == "integer" and branch.get("maximum") is None:
            branch["maximum"] = rules.MAX_ID
        if (text := _string_branch(branch)) and "pattern" not in text:
            text["pattern"] = NO_NUL


def _drop_what_this_site_does_not_offer(schema):
    """Operations and parameters that can only fail here: translation needs
    ``WAGTAIL_I18N_ENABLED``, and no snippet type is translatable."""
    i18n = getattr(settings, "WAGTAIL_I18N_ENABLED", False)
    translatable_snippets = any(issubclass(m, TranslatableMixin) for m in enabled_models)
    for path, path_item in list(schema["paths"].items()):
        for method, operation in list(path_item.items()):
            operation_id = operation.get("operationId", "")
            if operation_id.endswith("copy_for_translation") and (
                not i18n or (operation_id.startswith("snippets") and not translatable_snippets)
            ):
                del path_item[method]
            elif operation_id == "snippets_list" and not translatable_snippets:
                operation["parameters"] = [
                    parameter
                    for parameter in operation["parameters"]
                    if parameter["name"] not in ("locale", "translation_of")
                ]
        if not path_item:
            del schema["paths"][path]


def get_openapi_schema(*args, **kwargs):
    """Wagtail's document, made valid OpenAPI 3.1 and true to what the endpoints answer:

    - Wagtail's ``AllowAnonymous`` fallback appears as an ``http`` security scheme
      without a ``scheme``, which the specification forbids: "a bearer token is optional"
      is spelt as an empty security requirement;
    - every error status an operation can answer with, each an
      ``application/problem+json`` ``ProblemDetail`` (``ERROR_DESCRIPTIONS`` says when);
    - the limits ``delivery.api.parameters`` and ``WAGTAILAPI_LIMIT_MAX`` enforce, the
      ``order`` values each listing accepts, and that no string may hold a NUL character;
    - without the operations and parameters this site cannot serve (translation).
    """
    schema = _wagtail_openapi_schema(*args, **kwargs)
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["ProblemDetail"] = ProblemDetail.model_json_schema()
    schemes = components.get("securitySchemes", {})
    anonymous = [name for name, scheme in schemes.items() if "scheme" not in scheme]
    for name in anonymous:
        del schemes[name]
    order_fields = _order_fields()
    _drop_what_this_site_does_not_offer(schema)
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict):
                continue
            if operation.get("security"):
                operation["security"] = [
                    {} if set(requirement) & set(anonymous) else requirement
                    for requirement in operation["security"]
                ]
            for parameter in operation.get("parameters", []):
                _document_parameter(parameter, order_fields.get(operation.get("operationId")))
            responses = operation["responses"]
            for status in sorted(_error_statuses(operation, method)):
                responses.pop(status, None)  # ninja keys its own by number
                responses[str(status)] = {
                    "description": ERROR_DESCRIPTIONS[status],
                    "content": {
                        PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}
                    },
                }
    schema["info"]["description"] = (
        "Wagtail's v3 read and write API, as this CMS serves it. Anonymous callers read live, "
        "public pages; a bearer token (Settings → API tokens) reads and writes what its "
        "user may. Every error is an `application/problem+json` document. Strings, in "
        "parameters and in JSON bodies, may not contain NUL characters. Listings also filter "
        "by any of their fields (`?slug=…`); other query parameters are ignored."
    )
    return schema


api_v3.get_openapi_schema = get_openapi_schema
