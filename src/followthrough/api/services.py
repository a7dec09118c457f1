"""Writes about API tokens: made (on the page or by ``followthrough token``), revoked, and the
per-token request count that the rate limit reads. Token changes are audited; the counter is
bookkeeping, like a session's expiry, and is not."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from followthrough.api.models import ApiRequestCount, ApiToken, token_hash
from followthrough.audit import events
from followthrough.audit.services import audit_event_record

# Every secret starts so, which lets a secret scanner (and a person) recognise one.
SECRET_PREFIX = "ft_"


class ApiTokenRefused(ValueError):
    """A token that may not be made as asked; the message says why."""


def latest_expiry(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=settings.FOLLOWTHROUGH_API_TOKEN_MAX_DAYS)


@transaction.atomic
def api_token_create(
    *, user, name: str, scope: str, expires_on: dt.date, actor, via: str = "web"
) -> tuple[ApiToken, str]:
    """A new token for ``user``. Returns it with its secret, which is kept only as a hash:
    show it once. ``via`` says where it was made, for the audit trail."""
    today = timezone.localdate()
    name = name.strip()
    if not name:
        raise ApiTokenRefused("Give the token a name.")
    if scope not in ApiToken.Scope.values:
        raise ApiTokenRefused("The scope must be read or write.")
    if not user.is_active:
        raise ApiTokenRefused("The account is deactivated: it cannot have a token.")
    if not today <= expires_on <= latest_expiry(today):
        raise ApiTokenRefused(
            f"The expiry must be between today and {latest_expiry(today):%d %B %Y}."
        )
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        scope=scope,
        expires_on=expires_on,
        token_hash=token_hash(secret),
        hint=secret[:8],
    )
    audit_event_record(
        actor=actor,
        event_type=events.API_TOKEN_CREATED,
        target=token,
        summary=f"API token created ({scope}, until {expires_on:%d %B %Y}, {via})",
        after={"user": user.pk, "scope": scope, "expires_on": expires_on.isoformat(), "via": via},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> bool:
    """Stop the token at once. False when it was already revoked."""
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    if revoked:
        token.refresh_from_db(fields=["revoked_at"])
        audit_event_record(
            actor=actor,
            event_type=events.API_TOKEN_REVOKED,
            target=token,
            summary="API token revoked",
            after={"user": token.user_id},
        )
    return bool(revoked)


def api_request_admit(*, token: ApiToken, now: dt.datetime | None = None) -> int | None:
    """Count one request of ``token`` in the current minute. None when it is within
    ``FOLLOWTHROUGH_API_PER_MINUTE``; otherwise the seconds until the next minute, when it may
    try again. One conditional update, so the limit holds across processes: a request raises
    the count only while it is under the limit."""
    now = now or timezone.now()
    minute = now.replace(second=0, microsecond=0)
    limit = settings.FOLLOWTHROUGH_API_PER_MINUTE
    counted = ApiRequestCount.objects.filter(token=token, minute=minute, count__lt=limit)
    if counted.update(count=F("count") + 1):
        return None
    if not ApiRequestCount.objects.filter(token=token, minute=minute).exists():
        try:
            with transaction.atomic():
                ApiRequestCount.objects.create(token=token, minute=minute, count=1)
        except IntegrityError:  # another process counted the minute's first request
            if counted.update(count=F("count") + 1):
                return None
        else:
            # A token's first request in a minute: forget its older minutes, note it was used.
            ApiRequestCount.objects.filter(token=token, minute__lt=minute).delete()
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            return None
    return max(1, 60 - now.second)
