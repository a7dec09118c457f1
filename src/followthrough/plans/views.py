from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from followthrough.plans import history, selectors
from followthrough.plans.forms import AsOfForm


@login_required
def review_list(request):
    page = selectors.review_page(request.user, request.GET.get("page"))
    return render(
        request,
        "plans/review_list.html",
        {"page": page, "reviews": page.object_list, "nav": "reviews"},
    )


@login_required
def review_detail(request, pk: int):
    review = selectors.get_review_for_user(request, pk)
    shown = selectors.review_plan_page(review, request.GET.get("page"))
    recommendations = shown["recommendations"]
    today = timezone.localdate()
    selectors.with_states(recommendations, today, settings.FOLLOWTHROUGH_DUE_SOON_DAYS)
    findings = selectors.plan_findings(review, recommendations, shown["positions"])
    return render(
        request,
        "plans/review_detail.html",
        {
            "review": review,
            "groups": selectors.theme_groups(recommendations),
            "recommendation_count": len(shown["entries"]),
            "page": shown["page"],
            "entries": shown["entries"],
            "first": shown["first"],
            "last": shown["last"],
            "today": today,
            "nav": "reviews",
            **findings,
        },
    )


@login_required
def action_history(request, pk: int):
    action = selectors.get_action_for_user(request, pk)
    return render(
        request,
        "plans/action_history.html",
        {
            "action": action,
            "review": action.recommendation.review,
            "versions": history.action_versions(action),
            "events": history.action_events(action),
            "nav": "reviews",
        },
    )


@login_required
def review_as_of(request, pk: int):
    review = selectors.get_review_for_user(request, pk)
    form = AsOfForm(request.GET or None, review=review)
    recommendations = None
    if form.is_bound and form.is_valid():
        recommendations = history.plan_as_of(review, form.moment())
    return render(
        request,
        "plans/review_as_of.html",
        {"review": review, "form": form, "recommendations": recommendations, "nav": "reviews"},
    )
