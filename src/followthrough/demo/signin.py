"""How a newcomer signs in as a demo user who must give a security code (the coordinators and
the site administrator): each gets an authenticator key of their own, made once per install
and printed by `followthrough demo`, and `followthrough demo --code USERNAME` prints the code
it makes now. Only devices the demo made answer to --code, so on a real install it prints
nothing."""

from __future__ import annotations

import time
from base64 import b32encode

from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

DEMO_DEVICE_NAME = "Demo authenticator (published key: demo only)"


def demo_authenticator(user) -> TOTPDevice:
    """The demo user's authenticator, made on the first load and kept after."""
    device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, confirmed=True)


def readable_key(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def demo_code(username: str) -> str | None:
    """The code the demo user's authenticator would show now, or None when that user has no
    authenticator the demo made."""
    device = TOTPDevice.objects.filter(
        user__in=get_user_model().objects.filter(username=username),
        name=DEMO_DEVICE_NAME,
        confirmed=True,
    ).first()
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def demo_authenticators(usernames) -> list[TOTPDevice]:
    return list(
        TOTPDevice.objects.filter(
            user__username__in=list(usernames), name=DEMO_DEVICE_NAME, confirmed=True
        )
        .select_related("user")
        .order_by("user__username")
    )
