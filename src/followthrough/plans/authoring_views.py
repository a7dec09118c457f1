"""Pages for writing a plan: thin views that fetch with permission, bind a form, call one
service and redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from followthrough.pages import form_page
from followthrough.partnerships.selectors import partnerships_for_user
from followthrough.plans import forms, selectors, services
from followthrough.plans.models import ImportSource
from followthrough.plans.rules import PLAN_AUTHORS

CHANGE = "plans.change_plan"


def _write_url(review, anchor: str = "") -> str:
    return reverse("plans:review_write", args=[review.pk]) + (f"#{anchor}" if anchor else "")


def _with_rule_errors(form, call):
    """Run a service; a refusal (a plan rule, or a stale page) becomes a form error rather
    than a crash, and nothing is saved."""
    try:
        return call()
    except (services.PlanRuleError, services.StaleEdit) as exc:
        form.add_error(None, str(exc))
        return None


def _edited(form) -> dict:
    """The form's fields for an update service: the version goes as ``expected_version``."""
    data = dict(form.cleaned_data)
    data["expected_version"] = data.pop("version")
    return data


@login_required
def review_create(request):
    if not request.user.has_perm("plans.create_review"):
        raise Http404("Not found")
    partnerships = partnerships_for_user(request.user, roles=PLAN_AUTHORS)
    form = forms.ReviewForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partnership = data.pop("partnership")
        if not request.user.has_perm("plans.create_review_in", partnership):
            raise PermissionDenied
        review = services.review_create(partnership=partnership, actor=request.user, **data)
        messages.success(request, "Review created. Now add its recommendations.")
        return redirect(_write_url(review))
    return form_page(
        request,
        form,
        title="Create a review",
        caption="Reviews",
        back_url=reverse("plans:review_list"),
        submit="Create review",
    )


@login_required
def review_edit(request, pk: int):
    review = selectors.get_review_for_user(request, pk, perm=CHANGE)
    form = forms.ReviewForm.for_review(review, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = _edited(form)
        data.pop("partnership")
        if _with_rule_errors(
            form, lambda: services.review_update(review=review, actor=request.user, **data)
        ):
            messages.success(request, "Review details saved.")
            return redirect("plans:review_details", review.pk)
    return form_page(
        request,
        form,
        title="Change the review's details",
        caption=review.title,
        back_url=reverse("plans:review_details", args=[review.pk]),
    )


@login_required
def review_details(request, pk: int):
    """Every detail of a review on one page, for anyone who may read it; the plan's authors
    change them from here (``review_edit``), whether the plan is a draft or agreed."""
    review = selectors.get_review_for_user(request, pk)
    return render(
        request,
        "plans/review_details.html",
        {
            "review": review,
            # The document it was imported from, if any (its name and date, not its bytes).
            "source": ImportSource.objects.without_content().filter(review=review).first(),
            "today": timezone.localdate(),
            "nav": "reviews",
        },
    )


@login_required
def review_write(request, pk: int):
    """The author's view of a plan: each recommendation as a card with its actions."""
    review = selectors.get_review_for_user(request, pk, perm=CHANGE)
    recommendations = selectors.review_plan(review)
    prefetch_related_objects(recommendations, "themes")  # shown as tags: one query
    return render(
        request,
        "plans/review_write.html",
        {
            "review": review,
            "recommendations": recommendations,
            "nav": "reviews",
            **selectors.plan_findings(review, recommendations),
        },
    )


@login_required
def plan_agree(request, pk: int):
    review = selectors.get_review_for_user(request, pk, perm=CHANGE)
    if request.method == "POST":
        try:
            services.plan_agree(review=review, actor=request.user)
        except services.PlanRuleError as exc:
            messages.error(request, str(exc))
            return redirect(_write_url(review))
        messages.success(request, "The plan is agreed. Changes from now on are recorded.")
        return redirect("plans:review_detail", review.pk)
    return render(
        request,
        "pages/confirm.html",
        {
            "title": "Agree this plan",
            "caption": review.title,
            "nav": "reviews",
            "body": "Once agreed, target dates change only through a revised date with a reason, "
            "and every change to the plan is recorded in its history.",
            "submit": "Agree the plan",
            "back_url": _write_url(review),
            "warning": False,
        },
    )


USE_SUGGESTED = "use_suggested_themes"


def _recommendation_page(request, form, *, title, caption, back_url, submit, review, rec=None):
    """The recommendation's one-form page: its fields, then its themes as checkboxes beside
    those suggested from its text (shown, never ticked or saved unless the person asks)."""
    text = (form.data.get("text", "") if form.is_bound else form.initial.get("text")) or ""
    suggestions = forms.themes_suggested([text])[0]
    return render(
        request,
        "plans/recommendation_form.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "back_url": back_url,
            "submit": submit,
            "nav": "reviews",
            "field_findings": selectors.findings_by_field(rec) if rec else None,
            "suggestions": suggestions,
            "theme_rows": form.theme_rows(suggestions),
            "use_suggested": USE_SUGGESTED,
            "text": text,
            "review": review,
        },
    )


@login_required
def recommendation_create(request, pk: int):
    review = selectors.get_review_for_user(request, pk, perm=CHANGE)
    if request.method == "POST" and USE_SUGGESTED in request.POST:
        form = forms.RecommendationForm.with_suggested_themes(request.POST)
    else:
        form = forms.RecommendationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            rec = services.recommendation_create(
                review=review, actor=request.user, **form.cleaned_data
            )
            messages.success(request, "Recommendation added. Now add the actions that deliver it.")
            return redirect(reverse("plans:action_create", args=[rec.pk]))
    return _recommendation_page(
        request,
        form,
        title="Add a recommendation",
        caption=review.title,
        back_url=_write_url(review),
        submit="Add recommendation",
        review=review,
    )


@login_required
def recommendation_edit(request, pk: int):
    rec = selectors.get_recommendation_for_user(request, pk, perm=CHANGE)
    if request.method == "POST" and USE_SUGGESTED in request.POST:
        form = forms.RecommendationForm.with_suggested_themes(request.POST, version=rec.version)
    else:
        form = forms.RecommendationForm.for_recommendation(rec, request.POST or None)
        if request.method == "POST" and form.is_valid():
            if _with_rule_errors(
                form,
                lambda: services.recommendation_update(
                    recommendation=rec, actor=request.user, **_edited(form)
                ),
            ):
                messages.success(request, "Recommendation saved.")
                return redirect(_write_url(rec.review, f"recommendation-{rec.pk}"))
    return _recommendation_page(
        request,
        form,
        title="Change the recommendation",
        caption=rec.review.title,
        back_url=_write_url(rec.review, f"recommendation-{rec.pk}"),
        submit="Save",
        review=rec.review,
        rec=rec,
    )


@login_required
def recommendation_delete(request, pk: int):
    rec = selectors.get_recommendation_for_user(request, pk, perm=CHANGE)
    if request.method == "POST":
        services.recommendation_delete(recommendation=rec, actor=request.user)
        messages.success(request, "Recommendation deleted.")
        return redirect(_write_url(rec.review))
    return render(
        request,
        "pages/confirm.html",
        {
            "title": "Delete this recommendation?",
            "caption": rec.review.title,
            "nav": "reviews",
            "quote": rec.text,
            "body": f"Its {rec.actions.count()} action(s), their leads and milestones are deleted "
            "with it. The deletion is recorded in the plan's history.",
            "submit": "Delete recommendation",
            "back_url": _write_url(rec.review),
            "warning": True,
        },
    )


@login_required
@require_POST
def recommendation_move(request, pk: int):
    rec = selectors.get_recommendation_for_user(request, pk, perm=CHANGE)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        raise Http404("Not found")
    services.recommendation_move(recommendation=rec, direction=direction, actor=request.user)
    return redirect(_write_url(rec.review, f"recommendation-{rec.pk}"))


@login_required
def action_create(request, pk: int):
    rec = selectors.get_recommendation_for_user(request, pk, perm=CHANGE)
    form = forms.ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = services.action_create(recommendation=rec, actor=request.user, **form.cleaned_data)
        messages.success(request, "Action added. Now name who leads it.")
        return redirect(reverse("plans:lead_add", args=[action.pk]))
    return form_page(
        request,
        form,
        title="Add an action",
        caption=rec.text[:120],
        back_url=_write_url(rec.review, f"recommendation-{rec.pk}"),
        submit="Add action",
    )


@login_required
def action_edit(request, pk: int):
    action = selectors.get_action_for_user(request, pk, perm=CHANGE)
    review = action.recommendation.review
    form = forms.ActionForm(
        request.POST or None,
        dates_locked=review.is_agreed,
        version=action.version,
        initial={"text": action.text, "measure": action.measure, "target_date": action.target},
    )
    if request.method == "POST" and form.is_valid():
        done = _with_rule_errors(
            form,
            lambda: services.action_update(action=action, actor=request.user, **_edited(form)),
        )
        if done:
            messages.success(request, "Action saved.")
            return redirect("actions:detail", action.pk)
    return form_page(
        request,
        form,
        title="Change the action",
        caption=review.title,
        back_url=reverse("actions:detail", args=[action.pk]),
        field_findings=selectors.findings_by_field(action.recommendation, action),
    )


@login_required
def action_delete(request, pk: int):
    action = selectors.get_action_for_user(request, pk, perm=CHANGE)
    review = action.recommendation.review
    if request.method == "POST":
        services.action_delete(action=action, actor=request.user)
        messages.success(request, "Action deleted.")
        return redirect(_write_url(review, f"recommendation-{action.recommendation_id}"))
    return render(
        request,
        "pages/confirm.html",
        {
            "title": "Delete this action?",
            "caption": review.title,
            "quote": action.text,
            "body": "Its leads and milestones are deleted with it. The deletion is recorded in "
            "the plan's history.",
            "nav": "reviews",
            "submit": "Delete action",
            "back_url": reverse("actions:detail", args=[action.pk]),
            "warning": True,
        },
    )


@login_required
@require_POST
def action_move(request, pk: int):
    action = selectors.get_action_for_user(request, pk, perm=CHANGE)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        raise Http404("Not found")
    services.action_move(action=action, direction=direction, actor=request.user)
    return redirect(
        _write_url(action.recommendation.review, f"recommendation-{action.recommendation_id}")
    )


@login_required
def lead_add(request, pk: int):
    action = selectors.get_action_for_user(request, pk, perm=CHANGE)
    review = action.recommendation.review
    form = forms.LeadForm(request.POST or None, agencies=review.partnership.agencies.all())
    if request.method == "POST" and form.is_valid():
        services.action_lead_add(action=action, actor=request.user, **form.cleaned_data)
        messages.success(request, "Lead added.")
        return redirect("actions:detail", action.pk)
    return form_page(
        request,
        form,
        title="Add a lead",
        caption=action.text[:120],
        back_url=reverse("actions:detail", args=[action.pk]),
        submit="Add lead",
        intro="Only the partnership's agencies can lead actions. If the agency is missing, "
        "the partnership's coordinator adds it on the partner agencies page, which is linked "
        "from the partnership's dashboard.",
    )


@login_required
def lead_remove(request, pk: int):
    lead = selectors.get_lead_for_user(request, pk, perm=CHANGE)
    if request.method == "POST":
        services.action_lead_remove(lead=lead, actor=request.user)
        messages.success(request, "Lead removed.")
        return redirect("actions:detail", lead.action_id)
    return render(
        request,
        "pages/confirm.html",
        {
            "title": "Remove this lead?",
            "caption": lead.action.text[:120],
            "quote": str(lead),
            "submit": "Remove lead",
            "nav": "reviews",
            "warning": True,
            "back_url": reverse("actions:detail", args=[lead.action_id]),
        },
    )


@login_required
def milestone_create(request, pk: int):
    action = selectors.get_action_for_user(request, pk, perm=CHANGE)
    form = forms.MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.milestone_create(action=action, actor=request.user, **form.cleaned_data)
        messages.success(request, "Milestone added.")
        return redirect("actions:detail", action.pk)
    return form_page(
        request,
        form,
        title="Add a milestone",
        caption=action.text[:120],
        back_url=reverse("actions:detail", args=[action.pk]),
        submit="Add milestone",
    )


@login_required
def milestone_edit(request, pk: int):
    milestone = selectors.get_milestone_for_user(request, pk, perm=CHANGE)
    review = milestone.action.recommendation.review
    form = forms.MilestoneForm(
        request.POST or None,
        dates_locked=review.is_agreed,
        version=milestone.version,
        initial={
            "number": milestone.number,
            "text": milestone.text,
            "target_date": milestone.target,
        },
    )
    if request.method == "POST" and form.is_valid():
        done = _with_rule_errors(
            form,
            lambda: services.milestone_update(
                milestone=milestone, actor=request.user, **_edited(form)
            ),
        )
        if done:
            messages.success(request, "Milestone saved.")
            return redirect("actions:detail", milestone.action_id)
    return form_page(
        request,
        form,
        title="Change the milestone",
        caption=milestone.text[:120],
        back_url=reverse("actions:detail", args=[milestone.action_id]),
    )


@login_required
def milestone_delete(request, pk: int):
    milestone = selectors.get_milestone_for_user(request, pk, perm=CHANGE)
    if request.method == "POST":
        services.milestone_delete(milestone=milestone, actor=request.user)
        messages.success(request, "Milestone deleted.")
        return redirect("actions:detail", milestone.action_id)
    return render(
        request,
        "pages/confirm.html",
        {
            "title": "Delete this milestone?",
            "caption": milestone.action.text[:120],
            "quote": milestone.text,
            "submit": "Delete milestone",
            "nav": "reviews",
            "warning": True,
            "back_url": reverse("actions:detail", args=[milestone.action_id]),
        },
    )
