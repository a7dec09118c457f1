"""Writes about a person's sign-in: their password, their second factor, lock-outs. Each one
audited, with the person as the target (never their name in a log)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.web.second_factor import second_factor_required

BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"


class CodeRefused(Exception):
    """The code was wrong, or too many wrong codes came too fast. The message says which."""


@dataclass(frozen=True)
class SecondFactorSetUp:
    device: TOTPDevice
    backup_codes: list[str]


def _normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def _wait_message(device) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (data or {}).get("locked_until")
    if locked_until is None:
        return "Too many wrong codes. Wait a minute, then try again."
    from django.utils import timezone

    seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
    if seconds < 120:
        return f"Too many wrong codes. Wait {seconds} seconds, then try again."
    return f"Too many wrong codes. Wait {seconds // 60} minutes, then try again."


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def authenticator_confirm(*, user, key: str, code: str, actor) -> SecondFactorSetUp:
    """Keep the authenticator app whose secret ``key`` (hex) the person has added, once they
    have given a code it makes; it replaces any earlier one. New backup codes go with it."""
    replacing = TOTPDevice.objects.filter(user=user).exists()
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, key=key, confirmed=True)
    if not device.verify_token(_normalise(code)):
        raise CodeRefused(
            "Enter the 6-digit code your authenticator app shows now. If it keeps failing, "
            "check that your phone's clock is set automatically."
        )
    codes = _new_backup_codes(user)
    audit_event_record(
        actor=actor,
        event_type=events.SECOND_FACTOR_SET_UP,
        target=user,
        summary="Authenticator app replaced" if replacing else "Authenticator app set up",
    )
    return SecondFactorSetUp(device=device, backup_codes=codes)


@transaction.atomic
def backup_codes_create(*, user, actor) -> list[str]:
    """A new set of backup codes; the old ones stop working."""
    codes = _new_backup_codes(user)
    audit_event_record(
        actor=actor,
        event_type=events.BACKUP_CODES_CREATED,
        target=user,
        summary=f"{len(codes)} new backup codes created; earlier ones no longer work",
    )
    return codes


def _devices_delete(user) -> int:
    totp, _ = TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    return totp


@transaction.atomic
def second_factor_remove(*, user, actor) -> None:
    """The person turns two-factor sign-in off. Not for those who must have it."""
    if second_factor_required(user):
        raise PermissionDenied("Coordinators and site administrators must sign in with a code.")
    _devices_delete(user)
    audit_event_record(
        actor=actor,
        event_type=events.SECOND_FACTOR_REMOVED,
        target=user,
        summary="Authenticator app and backup codes removed",
    )


@transaction.atomic
def second_factor_reset(*, user, actor) -> bool:
    """A site administrator clears someone's authenticator and backup codes (a lost phone):
    at their next sign-in they set up a new one. ``actor`` None is the command line."""
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied("Only a site administrator resets a second factor.")
    had = _devices_delete(user) > 0
    audit_event_record(
        actor=actor,
        event_type=events.SECOND_FACTOR_RESET,
        target=user,
        summary="Second factor reset by a site administrator"
        if had
        else "Second factor reset by a site administrator (none was set up)",
    )
    return had


def second_factor_verify(*, user, code: str):
    """The device that accepts ``code``: the authenticator for six digits, else a backup code
    (used up, and audited). Raises CodeRefused with what to do."""
    code = _normalise(code)
    if re.fullmatch(r"\d{6}", code):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise CodeRefused("Enter the 6-digit code from your authenticator app, or a backup code")
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        wait = _wait_message(device)
        if wait:
            raise CodeRefused(wait)
        accepted = device.verify_token(code)
        if accepted and isinstance(device, StaticDevice):
            left = device.token_set.count()
            audit_event_record(
                actor=user,
                event_type=events.BACKUP_CODE_USED,
                target=user,
                summary=f"Signed in with a backup code ({left} left)",
            )
    if not accepted:
        raise CodeRefused(
            "That code is not right. Enter the code your authenticator app shows now, "
            "or one of your backup codes"
        )
    return device


def _password_set(*, user, password: str, actor, event_type: str, summary: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_event_record(actor=actor, event_type=event_type, target=user, summary=summary)


@transaction.atomic
def password_change(*, user, password: str, actor) -> None:
    """The person changes their password, having given the old one."""
    _password_set(
        user=user,
        password=password,
        actor=actor,
        event_type=events.PASSWORD_CHANGED,
        summary="Password changed",
    )


@transaction.atomic
def password_reset_complete(*, user, password: str) -> None:
    """A new password from the link in a reset e-mail (which proves the mailbox)."""
    _password_set(
        user=user,
        password=password,
        actor=user,
        event_type=events.PASSWORD_RESET,
        summary="Password reset from an e-mailed link",
    )


@transaction.atomic
def signin_lockout_record(*, username: str | None, address: str | None, failures: int) -> None:
    """Record that sign-in was locked for a username and an address. The target is the user
    when the username is one; the name typed is never recorded (it may be a password typed in
    the wrong box)."""
    from axes.models import AccessAttempt
    from django.conf import settings

    user = get_user_model().objects.filter(username=username).first() if username else None
    target = user or AccessAttempt.objects.filter(ip_address=address).order_by("-pk").first()
    if target is None:
        return
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    audit_event_record(
        actor=None,
        event_type=events.SIGNIN_LOCKED_OUT,
        target=target,
        summary=f"Sign-in locked for {minutes} minutes after {failures} failed attempts "
        + ("for this account" if user else "for an unknown username"),
        after={"address": address, "failures": failures},
    )


@transaction.atomic
def signin_unlock(*, username: str, actor) -> int:
    """Clear the failed sign-in attempts for a username (a site administrator's unlock)."""
    from axes.utils import reset

    cleared = reset(username=username)
    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        audit_event_record(
            actor=actor,
            event_type=events.SIGNIN_UNLOCKED,
            target=user,
            summary="Sign-in unlocked: failed attempts cleared",
        )
    return cleared
