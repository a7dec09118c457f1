"""Upload a plan document, wait while the worker reads it, check and correct its parse in the
preview, then save it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from followthrough.imports import forms, services
from followthrough.imports.models import PendingImport
from followthrough.imports.selectors import get_pending_import_for_user, names_another_partnership
from followthrough.pages import form_page
from followthrough.partnerships.selectors import agency_matches, partnerships_for_user
from followthrough.plans.rules import PLAN_AUTHORS
from followthrough.plans.services import (
    AgenciesNeedLinking,
    PlanAlreadyImported,
    plan_agency_names,
)
from followthrough.plans.smart import findings_for_parsed


def _preview_url(pending, anchor=""):
    return reverse("imports:preview", args=[pending.pk]) + (f"#{anchor}" if anchor else "")


def _status_url(pending):
    return reverse("imports:status", args=[pending.pk])


@login_required
def upload(request):
    if not request.user.has_perm("imports.upload"):
        raise Http404("Not found")
    partnerships = partnerships_for_user(request.user, roles=PLAN_AUTHORS)
    form = forms.UploadForm(request.POST or None, request.FILES or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        document = form.cleaned_data["document"]
        try:
            pending = services.pending_import_create(
                partnership=form.cleaned_data["partnership"],
                data=document.read(),
                filename=document.name,
                actor=request.user,
            )
        except PlanAlreadyImported as exc:
            form.add_error(
                "document",
                f"{document.name} has already been imported as \u201c{exc.review.title}\u201d. "
                "Open that review from your list of reviews instead.",
            )
        else:
            return redirect(_status_url(pending))
    return form_page(
        request,
        form,
        title="Import a plan",
        caption="Reviews",
        back_url=reverse("plans:review_list"),
        submit="Upload and preview",
        intro="Followthrough reads the plan and shows it to you before anything is saved. "
        "You can correct anything it read wrongly.",
    )


def _progress(pending: PendingImport) -> dict:
    """Where the reading of a document has got to, as the progress page and its status
    endpoint say it."""
    lost = services.is_lost(pending)
    state = "lost" if lost else pending.state
    text = {
        "queued": "Waiting to be read. It will be read as soon as the reader is free.",
        "reading": "Being read now.",
        "ready": "Read. Opening the preview.",
        "refused": "The document could not be read.",
        "lost": "The document has not been read: it waited longer than it ever should.",
    }[state]
    return {"state": state, "label": _LABELS[state], "text": text}


_LABELS = {
    "queued": "Queued",
    "reading": "Reading",
    "ready": "Done",
    "refused": "Refused",
    "lost": "Stopped",
}


@login_required
def status(request, pk: int):
    """How the reading of an uploaded document is going: queued, reading, refused (with why),
    or lost; once it is read, the preview. Works without JavaScript ("Check again"); with it,
    the page asks ``status_json`` every few seconds and moves on by itself."""
    pending = get_pending_import_for_user(request, pk)
    if pending.is_ready:
        return redirect(_preview_url(pending))
    return render(
        request,
        "imports/status.html",
        {"pending": pending, "progress": _progress(pending), "nav": "reviews"},
    )


@login_required
def status_json(request, pk: int):
    pending = get_pending_import_for_user(request, pk)
    progress = _progress(pending)
    progress["url"] = _preview_url(pending) if pending.is_ready else _status_url(pending)
    return JsonResponse(progress)


@login_required
@require_POST
def requeue(request, pk: int):
    pending = get_pending_import_for_user(request, pk)
    try:
        services.pending_import_requeue(pending=pending, actor=request.user)
    except services.ImportNotReady:
        pass  # not lost after all (the worker got to it meanwhile): the page says how it is
    except services.ImportGone:
        messages.error(request, "This import has been saved or cancelled meanwhile.")
        return redirect("plans:review_list")
    return redirect(_status_url(pending))


@login_required
def preview(request, pk: int):
    pending = get_pending_import_for_user(request, pk)
    if not pending.is_ready:
        return redirect(_status_url(pending))
    plan = services.pending_import_plan(pending)
    agencies = agency_matches(plan_agency_names(plan), pending.partnership)
    warning_count = len(plan.warnings) + sum(
        len(rec.warnings) + sum(len(a.warnings) for a in rec.actions)
        for rec in plan.recommendations
    )
    return render(
        request,
        "imports/preview.html",
        {
            **findings_for_parsed(plan),
            "pending": pending,
            "plan": plan,
            "warning_count": warning_count,
            "nav": "reviews",
            "action_count": len(plan.actions()),
            "other_partnership": names_another_partnership(
                plan.review.partnership, pending.partnership
            ),
            "agencies": agencies,
            "to_link": [match for match in agencies if match.needs_link],
        },
    )


def _correct(request, form, pending, plan, what: str) -> bool:
    """Keep the correction if the page showed the current version; otherwise the form says
    why not (and keeps what the person entered)."""
    try:
        services.pending_import_correct(
            pending=pending,
            plan=plan,
            what=what,
            expected_version=form.cleaned_data["version"],
            actor=request.user,
        )
    except (services.StaleCorrection, services.ImportGone) as exc:
        form.add_error(None, str(exc) or _GONE)
        return False
    return True


_GONE = "This import has been saved or cancelled meanwhile, so your change was not kept."


@login_required
def correct_review(request, pk: int):
    pending = get_pending_import_for_user(request, pk)
    if not pending.is_ready:
        return redirect(_status_url(pending))
    plan = services.pending_import_plan(pending)
    info = plan.review
    form = forms.ReviewInfoForm(
        request.POST or None,
        initial={
            "version": pending.version,
            "title": info.title,
            "review_type": info.review_type or "",
            "subject_pseudonym": info.subject_pseudonym or "",
            "reference": info.reference or "",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        info.title = data["title"]
        info.review_type = data["review_type"] or None
        info.subject_pseudonym = data["subject_pseudonym"] or None
        info.reference = data["reference"] or None
        if _correct(request, form, pending, plan, "review details"):
            return redirect(_preview_url(pending))
    return form_page(
        request,
        form,
        title="Correct the review's details",
        caption=pending.filename,
        back_url=_preview_url(pending),
    )


def _item(items, number):
    if not 1 <= number <= len(items):
        raise Http404("Not found")
    return items[number - 1]


@login_required
def correct_recommendation(request, pk: int, rec: int):
    pending = get_pending_import_for_user(request, pk)
    if not pending.is_ready:
        return redirect(_status_url(pending))
    plan = services.pending_import_plan(pending)
    recommendation = _item(plan.recommendations, rec)
    form = forms.RecommendationInfoForm(
        request.POST or None,
        initial={
            "version": pending.version,
            "number": recommendation.number or "",
            "text": recommendation.text,
            "theme": recommendation.theme or "",
            "scope": recommendation.scope or "",
            "area": recommendation.area or "",
        },
    )
    if request.method == "POST" and form.is_valid():
        for name, value in form.cleaned_data.items():
            if name != "version":
                setattr(recommendation, name, value or None)
        recommendation.warnings = []
        if _correct(request, form, pending, plan, f"recommendation {rec}"):
            return redirect(_preview_url(pending, f"recommendation-{rec}"))
    return form_page(
        request,
        form,
        title=f"Correct recommendation {rec}",
        caption=pending.filename,
        back_url=_preview_url(pending, f"recommendation-{rec}"),
    )


@login_required
def correct_action(request, pk: int, rec: int, action: int):
    pending = get_pending_import_for_user(request, pk)
    if not pending.is_ready:
        return redirect(_status_url(pending))
    plan = services.pending_import_plan(pending)
    item = _item(_item(plan.recommendations, rec).actions, action)
    form = forms.ActionInfoForm(
        request.POST or None,
        initial={"version": pending.version, **forms.ActionInfoForm.initial_for(item)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item.text = data["text"]
        item.leads = data["leads"]
        item.milestones = data["milestones"]
        item.measure = data["measure"] or None
        if data["target_date"] != item.target_date:
            item.target_date_text = None  # corrected: the date now says it all
        item.target_date = data["target_date"]
        item.completed_on = data["completed_on"]
        item.outcome = data["outcome"] or None
        item.status = data["status"] or None
        item.warnings = []
        if _correct(request, form, pending, plan, f"action {rec}.{action}"):
            return redirect(_preview_url(pending, f"recommendation-{rec}"))
    return form_page(
        request,
        form,
        title=f"Correct action {action} of recommendation {rec}",
        caption=pending.filename,
        back_url=_preview_url(pending, f"recommendation-{rec}"),
    )


@login_required
@require_POST
def save(request, pk: int):
    pending = get_pending_import_for_user(request, pk)
    if not pending.is_ready:
        return redirect(_status_url(pending))
    try:
        result = services.pending_import_save(
            pending=pending,
            actor=request.user,
            link_agencies=request.POST.get("link_agencies") == "yes",
        )
    except AgenciesNeedLinking as exc:
        names = ", ".join(m.elsewhere.name for m in exc.matches)
        messages.error(
            request,
            f"Nothing was saved. Tick the box to confirm that {names} in this plan "
            "and in Followthrough are the same, or correct the agency names in the plan.",
        )
        return redirect(_preview_url(pending) + "#agencies")
    except services.ImportGone:
        messages.error(request, "This import has been saved or cancelled meanwhile.")
        return redirect("plans:review_list")
    except services.PlanDoesNotFit as exc:
        messages.error(request, str(exc))
        return redirect(_preview_url(pending))
    except PlanAlreadyImported as exc:
        messages.error(
            request,
            f"This document was saved meanwhile as \u201c{exc.review.title}\u201d, so this "
            "import has been closed and nothing more was saved. This is the review that was saved.",
        )
        return redirect("plans:review_detail", exc.review.pk)
    messages.success(
        request,
        f"Plan saved: {result.recommendation_count} recommendations and "
        f"{result.action_count} actions.",
    )
    return redirect("plans:review_detail", result.review.pk)


@login_required
@require_POST
def discard(request, pk: int):
    pending = get_pending_import_for_user(request, pk)
    refused = pending.state == PendingImport.State.REFUSED
    services.pending_import_discard(pending=pending, actor=request.user)
    if refused:  # the refusal was read: on to another document, and nothing of it kept
        return redirect("imports:upload")
    messages.success(request, "Import cancelled. Nothing was saved.")
    return redirect("plans:review_list")
