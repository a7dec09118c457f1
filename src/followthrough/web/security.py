"""What every request passes through: the client's address as the lock-out counts it, the
session's limits, the second factor, and no caching of pages.

(``web/middleware.py`` is the busy-database page's; these are the sign-in's.)
"""

from __future__ import annotations

import ipaddress
import time
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

from followthrough.web.second_factor import Step, second_factor_step

# --- The client's address ------------------------------------------------------------------


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The address a sign-in attempt comes from, for the lock-out per address.

    The peer's address, unless the peer is one of FOLLOWTHROUGH_TRUSTED_PROXIES: then
    X-Forwarded-For is read from the right (each proxy appends the address it saw), passing
    over the trusted proxies, and the first address that is not one of them is the client.
    Entries further left were written by the client and are never believed."""
    peer = request.META.get("REMOTE_ADDR", "")
    trusted = _networks(tuple(settings.FOLLOWTHROUGH_TRUSTED_PROXIES))
    peer_address = _address(peer)
    if not trusted or peer_address is None:
        return peer or None

    def is_trusted(address) -> bool:
        return any(address in network for network in trusted)

    if not is_trusted(peer_address):
        return peer
    client = peer
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a garbled entry: the last proxy is as far as we can trust
        client = str(address)
        if not is_trusted(address):
            break
    return client


# --- Middleware ----------------------------------------------------------------------------


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response the app makes (pages, downloads, the
    calendar feed), so no browser or proxy keeps personal data. Static files are served before
    this by WhiteNoise and keep their long caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "open_to_anyone", False):
            return response  # a public page (public/views.py): no personal data, cached briefly
        patch_cache_control(response, no_store=True, private=True)
        return response


SIGNED_IN_AT = "followthrough_signed_in_at"
_REFRESHED_AT = "followthrough_refreshed_at"
# How often (seconds) a busy session's idle expiry is pushed on: at most one session write
# per user every five minutes, rather than one per request.
_REFRESH_EVERY = 300


def session_started(sender, request, user, **kwargs):
    """On signing in (Django's user_logged_in signal): when, for the session's limits. Only
    the session's own bookkeeping, so no service and no audit event."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = request.session[_REFRESHED_AT] = now


class SessionLimitsMiddleware:
    """Signs a user out after ``FOLLOWTHROUGH_SESSION_MAX_SECONDS`` however busy, and keeps
    the idle expiry (``SESSION_COOKIE_AGE``) moving while they use the app."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if request.user.is_authenticated:
            now = int(time.time())
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            if now - signed_in_at > settings.FOLLOWTHROUGH_SESSION_MAX_SECONDS:
                logout(request)
                messages.info(request, "You have been signed out. Sign in again to carry on.")
                return redirect(_with_next(reverse(settings.LOGIN_URL), request))
            if now - session.get(_REFRESHED_AT, 0) >= _REFRESH_EVERY:
                session[_REFRESHED_AT] = now  # modified: saved with a fresh expiry
        return self.get_response(request)


# Pages open to a user who has given their password but not yet their code.
_OPEN_BEFORE_CODE = {
    "web:logout",
    "web:login",
    "web:password_reset",
    "web:password_reset_done",
    "web:password_reset_confirm",
    "web:password_reset_complete",
    "healthz",
    "notifications:calendar_feed",
}


class SecondFactorMiddleware:
    """Between the password and every other page (the Django admin included): a user who must
    give a code, or set up an authenticator first, is sent to do that."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        step = second_factor_step(user)
        if step is Step.NONE:
            return None
        name = request.resolver_match.view_name
        if name in _OPEN_BEFORE_CODE or request.resolver_match.namespace == "public":
            return None  # the public pages are open to anyone, signed in or not
        target = "web:verify" if step is Step.VERIFY else "web:authenticator_setup"
        if name == target:
            return None
        url = reverse(target)
        return redirect(_with_next(url, request) if request.method == "GET" else url)


def _with_next(url: str, request) -> str:
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


# --- Lock-outs -----------------------------------------------------------------------------


def lockout_recorded(sender, request, username=None, ip_address=None, **kwargs):
    """django-axes' user_locked_out signal: it fires on the failure that reaches the limit and
    again on every refused attempt after; the audit trail records the first of each lock-out."""
    from followthrough.web.services import signin_lockout_record

    failures = getattr(request, "axes_failures_since_start", None)
    if failures != settings.AXES_FAILURE_LIMIT:
        return
    signin_lockout_record(username=username, address=ip_address, failures=failures)
