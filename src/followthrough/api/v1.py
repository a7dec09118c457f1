"""The REST API, version 1 (/api/v1/): thin endpoints over the same selectors, predicates and
services as the pages. Each endpoint's first step is the page's: the record for this user or
404. Writes need a token with the write scope and ``If-Match`` with the action's version."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from ninja import File, Form, Header, NinjaAPI, Path, Query, Status, Swagger
from ninja.files import UploadedFile
from pydantic import Field

from followthrough.api import errors
from followthrough.api import schemas as s
from followthrough.api.auth import TokenAuth, require_write
from followthrough.api.errors import Problem
from followthrough.delivery import evidence_services, forms, services
from followthrough.delivery.evidence import EvidenceRejected
from followthrough.delivery.models import ProgressUpdate
from followthrough.delivery.selectors import get_evidence_for_user
from followthrough.exports.services import review_export
from followthrough.partnerships.selectors import (
    get_partnership_for_user,
    partnership_ids_for_user,
    partnerships_for_user,
    roles_by_partnership,
)
from followthrough.plans.models import Action, ActionLead, Recommendation
from followthrough.plans.selectors import (
    get_action_for_user,
    get_recommendation_for_user,
    get_review_for_user,
    led_by_their_agencies,
    reviews_for_user,
)

ID = Path(..., ge=1, le=s.MAX_ID)
LIMIT = Query(50, ge=1, le=100, description="How many to return (at most 100).")
OFFSET = Query(0, ge=0, le=10**9, description="How many to skip.")
IF_MATCH = Header(
    None,
    alias="If-Match",
    description='The action\'s version as its ETag gave it, for example "3". Required.',
)
READ = {401: s.Problem, 404: s.Problem, 422: s.Problem, 429: s.Problem}
WRITE = {
    **READ,
    **{status: s.Problem for status in (400, 403, 409, 428)},
    412: s.StaleProblem,
}


class FollowthroughAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The document ninja makes, with each error response's media type made
        ``application/problem+json`` (which is what they are)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[errors.CONTENT_TYPE] = content.pop("application/json")
        return schema


api = FollowthroughAPI(
    title="Followthrough API",
    version="1",
    description="Read partnerships, reviews, recommendations, actions and their progress; "
    "record progress, completion and proposed dates. Authenticate with a personal API token "
    "('Authorization: Bearer <token>'), made on your account's API tokens page. docs/api.md "
    "in the source says more.",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
)
errors.install(api)


# Helpers --------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _base_url() -> str:
    return settings.FOLLOWTHROUGH_BASE_URL


def _page(queryset, limit: int, offset: int, convert) -> dict:
    """A page of ``queryset`` (already in a stable order): two queries, plus its prefetches."""
    return {
        "count": queryset.count(),
        "limit": limit,
        "offset": offset,
        "items": [convert(obj) for obj in queryset[offset : offset + limit]],
    }


def _action_detail(queryset):
    return queryset.select_related("recommendation").prefetch_related(
        Prefetch("leads", queryset=ActionLead.objects.select_related("agency")), "milestones"
    )


def _action(action) -> dict:
    return s.action_out(
        action,
        today=_today(),
        due_soon_days=settings.FOLLOWTHROUGH_DUE_SOON_DAYS,
        base_url=_base_url(),
    )


def _etag(action) -> str:
    return f'"{action.version}"'


def _stale(request, pk: int) -> Problem:
    """412, with the action as it is now (read again: the one in hand is the stale one)."""
    current = get_action_for_user(request, pk)
    return Problem(
        412,
        "The action changed since the version in If-Match: the current one is in 'current'. "
        "Check your change still makes sense, then send it again with the new version.",
        current=_action(current),
        headers={"ETag": _etag(current)},
    )


def _if_match(header: str | None, request, action) -> int:
    """The version the client saw, from If-Match: 428 without one, 412 if it is not the
    action's version now. Entity tags compare strongly (RFC 9110): a weak tag never matches;
    '*' is refused, as it would skip the check the header is for."""
    header = (header or "").strip()
    if not header or header == "*":
        raise Problem(
            428,
            "Send If-Match with the action's version as its ETag gave it (for example "
            'If-Match: "3"), so that a change made meanwhile is not overwritten.',
        )
    tags = {tag.strip() for tag in header.split(",")}
    if _etag(action) not in tags:
        raise _stale(request, action.pk)
    return action.version


def _form_problem(form) -> Problem:
    return Problem(
        422,
        "Correct the fields listed in errors.",
        errors=[
            {"field": "" if field == "__all__" else field, "message": str(message)}
            for field, messages in form.errors.items()
            for message in messages
        ],
    )


def _evidence_files(evidence) -> MultiValueDict:
    return MultiValueDict({"evidence": list(evidence or [])})


def _write(request, pk: int, call):
    """Run a delivery service; its refusals become problems (nothing was saved)."""
    try:
        return call()
    except EvidenceRejected as exc:
        refused = [{"field": "evidence", "message": str(exc)}]
        raise Problem(422, "An evidence file was refused.", errors=refused) from None
    except services.StaleEdit:
        raise _stale(request, pk) from None
    except services.DeliveryRuleError as exc:
        raise Problem(409, str(exc)) from None


def _with_etag(response: HttpResponse, action) -> None:
    action.refresh_from_db(fields=["version"])
    response["ETag"] = _etag(action)


# Partnerships and reviews ----------------------------------------------------------------


@api.get("/partnerships", response={200: s.PartnershipPage, **READ}, tags=["read"])
def partnership_list(request, limit: int = LIMIT, offset: int = OFFSET):
    """The partnerships the token's user belongs to (all, for a site administrator)."""
    roles = roles_by_partnership(request.user)
    partnerships = partnerships_for_user(request.user).order_by("name", "pk")
    return _page(partnerships, limit, offset, lambda p: s.partnership_out(p, roles.get(p.pk, ())))


@api.get("/partnerships/{pk}", response={200: s.PartnershipOut, **READ}, tags=["read"])
def partnership_detail(request, pk: int = ID):
    partnership = get_partnership_for_user(request, pk)
    return s.partnership_out(partnership, roles_by_partnership(request.user).get(pk, ()))


@api.get("/reviews", response={200: s.ReviewPage, **READ}, tags=["read"])
def review_list(
    request,
    partnership: int | None = Query(None, ge=1, le=s.MAX_ID),
    limit: int = LIMIT,
    offset: int = OFFSET,
):
    """The reviews the token's user may read, newest first."""
    reviews = reviews_for_user(request.user).order_by("-created_at", "-pk")
    if partnership is not None:
        reviews = reviews.filter(partnership_id=partnership)
    return _page(reviews, limit, offset, lambda r: s.review_out(r, _base_url()))


@api.get("/reviews/{pk}", response={200: s.ReviewOut, **READ}, tags=["read"])
def review_detail(request, pk: int = ID):
    return s.review_out(get_review_for_user(request, pk), _base_url())


@api.get("/reviews/{pk}/plan", response={200: dict, **READ}, tags=["read"])
def review_plan_json(request, pk: int = ID):
    """The review's plan in the interchange format (followthrough.action-plan/1), as the JSON
    download gives it; audited like it."""
    review = get_review_for_user(request, pk, perm="exports.export_review")
    file = review_export(review=review, fmt="json", actor=request.user, via="api")
    return HttpResponse(file.content, content_type="application/json")


@api.get(
    "/reviews/{pk}/recommendations", response={200: s.RecommendationPage, **READ}, tags=["read"]
)
def recommendation_list(request, pk: int = ID, limit: int = LIMIT, offset: int = OFFSET):
    review = get_review_for_user(request, pk)
    recommendations = (
        Recommendation.objects.filter(review=review)
        .order_by("order", "pk")
        .prefetch_related(
            "themes", Prefetch("actions", queryset=Action.objects.only("pk", "recommendation_id"))
        )
    )
    return _page(recommendations, limit, offset, s.recommendation_out)


@api.get("/recommendations/{pk}", response={200: s.RecommendationOut, **READ}, tags=["read"])
def recommendation_detail(request, pk: int = ID):
    rec = get_recommendation_for_user(request, pk, perm="plans.view_review")
    return s.recommendation_out(rec)


# Actions ----------------------------------------------------------------------------------


def _visible_actions(user):
    """The actions ``user`` may read: the query twin of ``plans.view_action``."""
    if user.is_superuser:
        return Action.objects.all()
    where = Q(partnership_id__in=partnership_ids_for_user(user))
    if (led := led_by_their_agencies(user)) is not None:
        where |= led
    return Action.objects.filter(where)


class ActionFilters(s.Schema):
    partnership: int | None = Field(None, ge=1, le=s.MAX_ID)
    review: int | None = Field(None, ge=1, le=s.MAX_ID)
    agency: int | None = Field(None, ge=1, le=s.MAX_ID, description="Led by this agency.")
    status: s.StatusEnum | None = None
    due_before: dt.date | None = Field(None, description="Target date on or before this day.")
    due_after: dt.date | None = Field(None, description="Target date on or after this day.")
    mine: bool = Field(False, description="Only actions led by the agencies you lead for.")


@api.get("/actions", response={200: s.ActionPage, **READ}, tags=["read"])
def action_list(request, filters: Query[ActionFilters], limit: int = LIMIT, offset: int = OFFSET):
    """The actions the token's user may read, in plan order, filtered."""
    actions = _visible_actions(request.user)
    if filters.partnership is not None:
        actions = actions.filter(partnership_id=filters.partnership)
    if filters.review is not None:
        actions = actions.filter(recommendation__review_id=filters.review)
    if filters.agency is not None:
        led = ActionLead.objects.filter(agency_id=filters.agency).values("action_id")
        actions = actions.filter(pk__in=led)
    if filters.status is not None:
        actions = actions.filter(status=filters.status.value)
    if filters.due_before is not None:
        actions = actions.filter(target_date__lte=filters.due_before)
    if filters.due_after is not None:
        actions = actions.filter(target_date__gte=filters.due_after)
    if filters.mine:
        led = led_by_their_agencies(request.user)
        actions = actions.filter(led) if led is not None else actions.none()
    actions = _action_detail(actions).order_by(
        "partnership_id", "recommendation__review_id", "recommendation__order", "order", "pk"
    )
    return _page(actions, limit, offset, _action)


@api.get("/actions/{pk}", response={200: s.ActionOut, **READ}, tags=["read"])
def action_detail(request, response: HttpResponse, pk: int = ID):
    """The action, with its version as the ETag."""
    action = get_action_for_user(request, pk)
    response["ETag"] = _etag(action)
    return _action(action)


@api.get(
    "/actions/{pk}/progress-updates",
    response={200: s.ProgressUpdatePage, **READ},
    tags=["read"],
)
def progress_update_list(request, pk: int = ID, limit: int = LIMIT, offset: int = OFFSET):
    """The action's progress updates, newest first, with their evidence."""
    action = get_action_for_user(request, pk)
    updates = (
        ProgressUpdate.objects.filter(action=action)
        .select_related("author")
        .prefetch_related("evidence")
        .order_by("-created_at", "-pk")
    )
    return _page(updates, limit, offset, s.update_out)


@api.post(
    "/actions/{pk}/progress-updates",
    response={201: s.ProgressUpdateOut, **WRITE},
    tags=["write"],
)
def progress_update_add(
    request,
    response: HttpResponse,
    data: Form[s.ProgressIn],
    pk: int = ID,
    evidence: File[list[UploadedFile]] = None,
    if_match: str | None = IF_MATCH,
):
    """Record progress: a narrative, a status that keeps the action open, milestones done,
    and evidence files (multipart/form-data). Needs If-Match."""
    require_write(request)
    action = get_action_for_user(request, pk, perm="delivery.update_action")
    version = _if_match(if_match, request, action)
    form = forms.ProgressForm(
        MultiValueDict(
            {
                "version": [str(version)],
                "narrative": [data.narrative],
                "status": [data.status.value],
                "milestones_done": [str(m) for m in data.milestones_done],
            }
        ),
        _evidence_files(evidence),
        action=action,
        version=version,
    )
    if data.milestones_done and "milestones_done" not in form.fields:
        form.is_valid()
        form.add_error(None, "This action has no milestones left to mark done.")
    if not form.is_valid():
        raise _form_problem(form)
    clean = form.cleaned_data
    update = _write(
        request,
        pk,
        lambda: services.progress_update_add(
            action=action,
            actor=request.user,
            expected_version=version,
            narrative=clean["narrative"],
            status=clean["status"],
            milestones_done=list(clean.get("milestones_done") or []),
            files=clean["evidence"],
        ),
    )
    _with_etag(response, action)
    return Status(201, s.update_out(update))


@api.post("/actions/{pk}/completion", response={201: s.ProgressUpdateOut, **WRITE}, tags=["write"])
def completion_add(
    request,
    response: HttpResponse,
    data: Form[s.CompletionIn],
    pk: int = ID,
    evidence: File[list[UploadedFile]] = None,
    if_match: str | None = IF_MATCH,
):
    """Mark the action completed with its outcome and evidence (multipart/form-data): it then
    waits for the partnership's sign-off. Needs If-Match."""
    require_write(request)
    action = get_action_for_user(request, pk, perm="delivery.update_action")
    version = _if_match(if_match, request, action)
    form = forms.CompleteForm(
        MultiValueDict(
            {
                "version": [str(version)],
                "outcome": [data.outcome],
                "completed_on": [data.completed_on.isoformat()],
            }
        ),
        _evidence_files(evidence),
        version=version,
    )
    if not form.is_valid():
        raise _form_problem(form)
    clean = form.cleaned_data
    update = _write(
        request,
        pk,
        lambda: services.action_mark_completed(
            action=action,
            actor=request.user,
            expected_version=version,
            outcome=clean["outcome"],
            completed_on=clean["completed_on"],
            files=clean["evidence"],
        ),
    )
    _with_etag(response, action)
    return Status(201, s.update_out(update))


@api.post("/actions/{pk}/date-revisions", response={201: s.RevisionOut, **WRITE}, tags=["write"])
def revision_propose(
    request,
    response: HttpResponse,
    data: s.RevisionIn,
    pk: int = ID,
    if_match: str | None = IF_MATCH,
):
    """Propose a new target date, with the reason: it applies once the coordinator approves
    it. Needs If-Match."""
    require_write(request)
    action = get_action_for_user(request, pk, perm="delivery.update_action")
    _if_match(if_match, request, action)
    if not action.is_open:
        raise Problem(409, "Only an open action's target date can change.")
    form = forms.RevisionForm({"proposed": data.proposed, "reason": data.reason})
    if not form.is_valid():
        raise _form_problem(form)
    revision = _write(
        request,
        pk,
        lambda: services.target_date_revision_propose(
            action=action,
            actor=request.user,
            proposed=form.cleaned_data["proposed"],
            reason=form.cleaned_data["reason"],
        ),
    )
    response["ETag"] = _etag(action)
    return Status(
        201,
        {
            "id": revision.pk,
            "action_id": action.pk,
            "proposed": s.date_as_written(revision.proposed),
            "reason": revision.reason,
            "state": revision.state,
        },
    )


# Evidence -------------------------------------------------------------------------------


@api.get("/evidence/{pk}", response={200: s.EvidenceOut, **READ}, tags=["read"])
def evidence_detail(request, pk: int = ID):
    return s.evidence_out(get_evidence_for_user(request, pk))


@api.get(
    "/evidence/{pk}/file",
    response={200: bytes, **READ},
    tags=["read"],
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as an attachment, with the type found in it.",
                "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def evidence_file(request, pk: int = ID):
    """The evidence file (the download is audited)."""
    evidence = get_evidence_for_user(request, pk)
    try:
        file = evidence_services.evidence_download(evidence=evidence, actor=request.user)
    except evidence_services.EvidenceMissing as exc:
        raise Problem(404, str(exc)) from None
    response = FileResponse(
        file,
        as_attachment=True,
        filename=evidence.download_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
