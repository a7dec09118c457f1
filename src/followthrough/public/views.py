"""The public pages: published reviews' plans, open to anyone, signed in or not.

Every page is the same for everyone (no navigation for the signed in, no messages, no form),
so it sets no session and asks for no CSRF token, and browsers may keep it for five minutes
(``Cache-Control: private, max-age=300``: in the browser only, never a shared cache, since a
signed-in visitor's response may carry their session's cookie). Anything not yet published
answers 404, exactly as a missing review does (``selectors.published_review_or_404``).
"""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from followthrough.public import selectors

CACHE_SECONDS = 300


def _open_to_anyone(response):
    """Cached briefly by the browser; ``web.security.NoStoreMiddleware`` leaves it so."""
    patch_cache_control(response, private=True, max_age=CACHE_SECONDS)
    response.open_to_anyone = True
    return response


def _page(request, template: str, context: dict):
    # signing_in hides the signed-in navigation (and its sign-out form's CSRF token); messages
    # are left for the user's next page of the app. The page is the same for everyone.
    return _open_to_anyone(
        render(request, template, {**context, "signing_in": True, "messages": ()})
    )


def _links(review: selectors.PublicReview) -> dict:
    return {
        "url": reverse("public:review", args=[review.id]),
        "json_url": reverse("public:review_json", args=[review.id]),
    }


@require_safe
def index(request):
    partnerships = selectors.published_reviews(timezone.localdate())
    return _page(request, "public/index.html", {"partnerships": partnerships})


@require_safe
def index_json(request):
    today = timezone.localdate()
    partnerships = selectors.published_reviews(today)
    data = {
        "as_of": today.isoformat(),
        "partnerships": [
            {
                **partnership.to_dict(),
                "url": reverse("public:partnership", args=[partnership.id]),
                "reviews": [
                    {**review.to_dict(), **_links(review)} for review in partnership.reviews
                ],
            }
            for partnership in partnerships
        ],
    }
    return _open_to_anyone(JsonResponse(data))


@require_safe
def partnership(request, pk: int):
    found = selectors.published_reviews(timezone.localdate(), partnership_id=pk)
    if not found:
        raise Http404("No published reviews in this partnership")
    return _page(request, "public/partnership.html", {"partnership": found[0]})


@require_safe
def review(request, pk: int):
    plan = selectors.public_plan(selectors.published_review_or_404(pk, timezone.localdate()))
    return _page(request, "public/review.html", {"plan": plan})


@require_safe
def review_json(request, pk: int):
    plan = selectors.public_plan(selectors.published_review_or_404(pk, timezone.localdate()))
    data = plan.to_dict()
    data["review"].update(_links(plan.review))
    return _open_to_anyone(JsonResponse(data))
