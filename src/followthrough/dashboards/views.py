"""The dashboards: thin views over dashboards.selectors."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from followthrough.dashboards import selectors
from followthrough.partnerships.selectors import get_partnership_for_user
from followthrough.plans.action_filters import ActionFilterForm, action_filter_options
from followthrough.plans.updates import awaiting_update_days


@login_required
def index(request):
    """A member of one partnership goes straight to its dashboard; others choose."""
    partnerships = selectors.dashboard_partnerships(request.user)
    if len(partnerships) == 1:
        return redirect("dashboards:partnership", partnerships[0].pk)
    return render(
        request, "dashboards/index.html", {"partnerships": partnerships, "nav": "dashboard"}
    )


@login_required
def partnership_dashboard(request, pk: int):
    partnership = get_partnership_for_user(request, pk)
    dashboard = selectors.partnership_dashboard(
        partnership,
        today=timezone.localdate(),
        due_soon_days=settings.FOLLOWTHROUGH_DUE_SOON_DAYS,
        review_page=request.GET.get("page"),  # of the table of reviews
    )
    return render(
        request,
        "dashboards/partnership.html",
        {"partnership": partnership, "dashboard": dashboard, "nav": "dashboard"},
    )


@login_required
def partnership_actions(request, pk: int):
    """Every action of the partnership, filtered (a GET form, so each filter has an address
    the dashboard links to) and a page at a time. Members see it, as they see the dashboard."""
    partnership = get_partnership_for_user(request, pk)
    due_soon_days = settings.FOLLOWTHROUGH_DUE_SOON_DAYS
    stale_days = awaiting_update_days()
    form = ActionFilterForm(
        request.GET or None,
        options=action_filter_options(partnership),
        due_soon_days=due_soon_days,
        stale_days=stale_days,
    )
    listing = selectors.partnership_actions(
        partnership,
        filters=form.filters(),
        today=timezone.localdate(),
        due_soon_days=due_soon_days,
        stale_days=stale_days,
        page=request.GET.get("page"),
    )
    return render(
        request,
        "dashboards/actions.html",
        {"partnership": partnership, "form": form, "listing": listing, "nav": "dashboard"},
    )


@login_required
def my_actions(request):
    """The lead's actions, grouped, each group's first few; ``?group=`` lists one group in
    full, a page at a time."""
    mine = selectors.my_actions(
        request.user,
        today=timezone.localdate(),
        due_soon_days=settings.FOLLOWTHROUGH_DUE_SOON_DAYS,
        group=request.GET.get("group"),
        page=request.GET.get("page"),
    )
    return render(request, "dashboards/my_actions.html", {"mine": mine, "nav": "my_actions"})
