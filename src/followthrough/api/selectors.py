"""Reads about API tokens."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from followthrough.api.models import ApiToken, token_hash


def api_token_for_secret(secret: str) -> ApiToken | None:
    """The live token a secret opens, with its user, or None: unknown, revoked, expired, or
    its user deactivated."""
    if not secret or len(secret) > 200:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(
            token_hash=token_hash(secret),
            revoked_at=None,
            expires_on__gte=timezone.localdate(),
            user__is_active=True,
        )
        .first()
    )


def api_tokens_for_user(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def get_api_token_for_user(request, pk: int) -> ApiToken:
    """The user's own token; anyone else's is 404, the site administrator's included."""
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:
        raise Http404("Not found")
    return token
