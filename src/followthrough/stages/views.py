"""A review's timeline and its stages, a partnership's reviews in progress, and the table of
every review type's stages and clocks: thin views that fetch with permission, bind a form,
call one service and redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.pages import form_page
from followthrough.partnerships.selectors import get_partnership_for_user
from followthrough.plans.selectors import get_review_for_user, paged
from followthrough.stages import forms, selectors, services
from followthrough.stages.xlsx import in_progress_workbook

VIEW = "stages.view_timeline"
CHANGE = "stages.change_stages"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PER_PAGE = 50


def _timeline_url(review) -> str:
    return reverse("stages:timeline", args=[review.pk])


def _stages_or_404(review):
    stages = selectors.stages_of(review)
    if stages is None:
        raise Http404("Not found")
    return stages


def _refused(form, call):
    """Run a service; a refusal (a stage rule, or a stale page) becomes a form error rather
    than a crash, and nothing is saved."""
    try:
        return call()
    except (services.StageError, services.StaleEdit) as exc:
        form.add_error(None, str(exc))
        return None


@require_safe
@login_required
def timeline(request, pk: int):
    review = get_review_for_user(request, pk, perm=VIEW)
    line, lines = selectors.timeline_lines(review, today=timezone.localdate())
    return render(
        request,
        "stages/timeline.html",
        {
            "review": review,
            "timeline": line,
            "lines": lines,
            "pressing": selectors.pressing(line),
            "can_change": request.user.has_perm(CHANGE, review),
            "nav": "reviews",
        },
    )


@login_required
def stage_record(request, pk: int):
    review = get_review_for_user(request, pk, perm=CHANGE)
    stages = _stages_or_404(review)
    initial = {}
    if request.GET.get("stage") in stages.keys():
        initial["stage"] = request.GET["stage"]
    form = forms.StageRecordForm(
        request.POST or None, stages=stages, version=review.version, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _refused(
            form,
            lambda: services.stage_record(
                review=review,
                stage=data["stage"],
                on=data["on"],
                outcome=data.get("outcome") or "",
                note=data["note"],
                actor=request.user,
                expected_version=data["version"],
            ),
        ):
            messages.success(request, "Stage recorded.")
            return redirect(_timeline_url(review))
    return form_page(
        request,
        form,
        title="Record a stage",
        caption=review.title,
        back_url=_timeline_url(review),
        submit="Record the stage",
        intro="Record a stage once it has happened. A date before today is fine: the review "
        "may have begun before it was in Followthrough.",
    )


@login_required
def entry_change(request, pk: int):
    entry = selectors.get_entry_for_user(request, pk, perm=CHANGE)
    review = entry.review
    stages = _stages_or_404(review)
    try:
        rule = stages.stage(entry.stage)
    except KeyError:
        raise Http404("Not found") from None
    form = forms.StageEntryForm(
        request.POST or None,
        rule=rule,
        version=entry.version,
        initial={"on": entry.on, "outcome": entry.outcome, "note": entry.note},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _refused(
            form,
            lambda: services.stage_entry_change(
                entry=entry,
                on=data["on"],
                outcome=data.get("outcome") or "",
                note=data["note"],
                actor=request.user,
                expected_version=data["version"],
            ),
        ):
            messages.success(request, "Stage changed.")
            return redirect(_timeline_url(review))
    title = f"Change: {rule.label}" + (f" (round {entry.round})" if entry.round > 1 else "")
    return form_page(
        request, form, title=title, caption=review.title, back_url=_timeline_url(review)
    )


@login_required
def entry_remove(request, pk: int):
    entry = selectors.get_entry_for_user(request, pk, perm=CHANGE)
    review = entry.review
    stages = _stages_or_404(review)
    label = stages.stage(entry.stage).label if entry.stage in stages.keys() else entry.stage
    form = forms.VersionedForm(request.POST or None, version=entry.version)
    if request.method == "POST" and form.is_valid():
        if _refused(
            form,
            lambda: services.stage_entry_remove(
                entry=entry, actor=request.user, expected_version=form.cleaned_data["version"]
            ),
        ):
            messages.success(request, "Stage removed.")
            return redirect(_timeline_url(review))
    return render(
        request,
        "stages/remove.html",
        {
            "form": form,
            "review": review,
            "entry": entry,
            "label": label,
            "back_url": _timeline_url(review),
            "nav": "reviews",
        },
    )


@login_required
def stage_extend(request, pk: int):
    review = get_review_for_user(request, pk, perm=CHANGE)
    stages = _stages_or_404(review)
    initial = {}
    if request.GET.get("stage") in stages.keys():
        initial["stage"] = request.GET["stage"]
    form = forms.StageExtensionForm(
        request.POST or None, stages=stages, version=review.version, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _refused(
            form,
            lambda: services.stage_extension_record(
                review=review,
                stage=data["stage"],
                due_on=data["due_on"],
                reason=data["reason"],
                actor=request.user,
                expected_version=data["version"],
            ),
        ):
            messages.success(request, "Due date moved.")
            return redirect(_timeline_url(review))
    return form_page(
        request,
        form,
        title="Move a stage's due date",
        caption=review.title,
        back_url=_timeline_url(review),
        submit="Move the due date",
        intro="Record an extension when the time allowed for a stage changes, for example "
        "while criminal proceedings are under way. The earlier due date is kept in the history.",
    )


def _in_progress(request, pk: int):
    partnership = get_partnership_for_user(request, pk)
    form = forms.InProgressFilterForm(request.GET or None)
    filters = form.filters()
    items = selectors.reviews_in_progress(
        partnerships=[partnership], today=timezone.localdate(), **filters
    )
    return partnership, form, filters, items


@require_safe
@login_required
def in_progress(request, pk: int):
    partnership, form, filters, items = _in_progress(request, pk)
    page = paged(items, PER_PAGE, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "stages/in_progress.html",
        {
            "partnership": partnership,
            "form": form,
            "filtered": any(filters.values()),
            "page": page,
            "total": len(items),
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "nav": "reviews",
        },
    )


@require_safe
@login_required
def in_progress_xlsx(request, pk: int):
    partnership, _, filters, items = _in_progress(request, pk)
    today = timezone.localdate()
    content = in_progress_workbook(partnership, items, today)
    audit_event_record(
        actor=request.user,
        event_type=events.REVIEWS_IN_PROGRESS_DOWNLOADED,
        target=partnership,
        partnership=partnership,
        summary="Reviews in progress downloaded as Excel",
        after={"filters": filters, "reviews": len(items)},
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="reviews-in-progress-{today.isoformat()}.xlsx"'
    )
    return response


@require_safe
@login_required
def clocks(request):
    return render(
        request,
        "stages/clocks.html",
        {"types": list(selectors.stages_by_type().values()), "nav": "reviews"},
    )
