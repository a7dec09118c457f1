"""Upload a plan document, check and correct its parse in the preview, then save it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from followthrough.imports import forms, services
from followthrough.imports.selectors import get_pending_import_for_user, names_another_partnership
from followthrough.parsing import ParseError
from followthrough.partnerships.selectors import partnerships_for_user
from followthrough.plans.rules import PLAN_AUTHORS
from followthrough.plans.services import PlanAlreadyImported
from followthrough.plans.smart import findings_for_parsed
from followthrough.web.pages import form_page


def _preview_url(pending, anchor=""):
    return reverse("imports:preview", args=[pending.pk]) + (f"#{anchor}" if anchor else "")


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
        except ParseError as exc:
            form.add_error("document", str(exc))  # the reader names the file
        except PlanAlreadyImported as exc:
            form.add_error(
                "document",
                f"{document.name} has already been imported as \u201c{exc.review.title}\u201d. "
                "Open that review from your list of reviews instead.",
            )
        else:
            return redirect(_preview_url(pending))
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


@login_required
def preview(request, pk: int):
    pending = get_pending_import_for_user(request, pk)
    plan = services.pending_import_plan(pending)
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
        },
    )


@login_required
def correct_review(request, pk: int):
    pending = get_pending_import_for_user(request, pk)
    plan = services.pending_import_plan(pending)
    info = plan.review
    form = forms.ReviewInfoForm(
        request.POST or None,
        initial={
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
        services.pending_import_correct(
            pending=pending, plan=plan, what="review details", actor=request.user
        )
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
    plan = services.pending_import_plan(pending)
    recommendation = _item(plan.recommendations, rec)
    form = forms.RecommendationInfoForm(
        request.POST or None,
        initial={
            "number": recommendation.number or "",
            "text": recommendation.text,
            "theme": recommendation.theme or "",
            "scope": recommendation.scope or "",
            "area": recommendation.area or "",
        },
    )
    if request.method == "POST" and form.is_valid():
        for name, value in form.cleaned_data.items():
            setattr(recommendation, name, value or None)
        recommendation.warnings = []
        services.pending_import_correct(
            pending=pending, plan=plan, what=f"recommendation {rec}", actor=request.user
        )
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
    plan = services.pending_import_plan(pending)
    item = _item(_item(plan.recommendations, rec).actions, action)
    form = forms.ActionInfoForm(
        request.POST or None, initial=forms.ActionInfoForm.initial_for(item)
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
        services.pending_import_correct(
            pending=pending, plan=plan, what=f"action {rec}.{action}", actor=request.user
        )
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
    try:
        result = services.pending_import_save(pending=pending, actor=request.user)
    except PlanAlreadyImported as exc:
        messages.error(
            request, f"This document was imported meanwhile as \u201c{exc.review.title}\u201d."
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
    services.pending_import_discard(pending=pending, actor=request.user)
    messages.success(request, "Import cancelled. Nothing was saved.")
    return redirect("plans:review_list")
