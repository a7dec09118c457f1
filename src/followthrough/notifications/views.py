"""The calendar page (signed in) and the calendar feed (no sign-in: calendar apps cannot sign
in, so the secret link is the key)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET, require_POST

from followthrough.notifications import selectors, services
from followthrough.notifications.ics import calendar_ics
from followthrough.partnerships.models import Role
from followthrough.partnerships.selectors import lead_agencies, partnership_ids_for_user


def _page(request, *, feed_url: str = ""):
    return render(
        request,
        "notifications/calendar.html",
        {
            "feed": selectors.live_calendar_feed(request.user),
            "feed_url": feed_url,
            "nav": "calendar",
            "is_lead": bool(lead_agencies(request.user)),
            "is_coordinator": bool(
                partnership_ids_for_user(request.user, roles=frozenset({Role.COORDINATOR}))
            ),
        },
    )


@login_required
def calendar_page(request):
    return _page(request)


@login_required
@require_POST
def calendar_create(request):
    _feed, token = services.calendar_feed_create(user=request.user, actor=request.user)
    # The link is shown in this response only: it is kept nowhere but as a hash, so there is
    # no redirect to a page that could show it again. Reloading asks to send the form again,
    # which makes a new link.
    feed_url = settings.FOLLOWTHROUGH_BASE_URL + reverse(
        "notifications:calendar_feed", args=[token]
    )
    response = _page(request, feed_url=feed_url)
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def calendar_revoke(request):
    if services.calendar_feed_revoke(user=request.user, actor=request.user):
        messages.success(
            request, "Your calendar link has been revoked. It no longer shows your due dates."
        )
    return redirect("notifications:calendar")


@require_GET
def calendar_feed(request, token: str):
    feed = selectors.calendar_feed_for_token(token)
    if feed is None:
        raise Http404("Not found")
    body = calendar_ics(
        selectors.calendar_entries(feed.user),
        base_url=settings.FOLLOWTHROUGH_BASE_URL,
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="followthrough.ics"'
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, private=True, no_cache=True)
    return response
