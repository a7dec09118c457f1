"""Who must give a second factor, and what they have to do next. One rule, asked by the
middleware, the sign-in page, the account page and the test client."""

from __future__ import annotations

import enum

from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from followthrough.partnerships.models import Role
from followthrough.partnerships.selectors import roles_by_partnership


class Step(enum.Enum):
    NONE = "none"  # nothing to do: no authenticator, and none required
    VERIFY = "verify"  # has an authenticator: give its code (or a backup code)
    SETUP = "setup"  # must have one and has none: set one up first


def second_factor_required(user) -> bool:
    """Site administrators, coordinators (of any partnership) and the users of a national
    body must sign in with a code. A body's user answers, for a government department, the
    recommendations of every partnership that addressed it: what they write is on the record
    of many plans at once, as a coordinator's is on one."""
    if user.is_superuser or user.is_staff:
        return True
    roles = roles_by_partnership(user)
    if roles:  # a member of a partnership is never a body's user
        return any(Role.COORDINATOR in held for held in roles.values())
    from followthrough.bodies.selectors import body_id_for_user

    return body_id_for_user(user) is not None


def authenticator_for(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_step(user) -> Step:
    """What a signed-in user who has not given a code this session must do next. Whoever has
    set up an authenticator is asked for its code, required or not."""
    if has_authenticator(user):
        return Step.VERIFY
    if second_factor_required(user):
        return Step.SETUP
    return Step.NONE
