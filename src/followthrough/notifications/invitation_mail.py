"""Mail about joining a partnership: the invitation with its link, and the note to someone who
already has an account that they have been added. (All mail leaves from this package; the
people services call these once their transaction has committed.)

What the mails carry: the partnership's name, the role (and agency), the link and when it
stops working. Never who else belongs, nor anything of the partnership's plans."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

logger = logging.getLogger("followthrough.notifications")

HEADERS = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}


def _send(*, to: str, subject: str, template: str, context: dict, what: str) -> bool:
    """Send one plain-text mail. A mail server that fails is logged with the kind of mail and
    the error's class, never the address, and reported to the caller as False."""
    body = render_to_string(template, {**context, "base_url": settings.FOLLOWTHROUGH_BASE_URL})
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=HEADERS,
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        logger.error("%s mail failed: %s", what, exc.__class__.__name__)
        return False
    return True


def invitation_mail_send(*, invitation, token: str) -> bool:
    """Mail the invitation's link to its address. The link is built on
    FOLLOWTHROUGH_BASE_URL, never on the Host header of a request."""
    path = reverse("people:invitation_accept", args=[token])
    expires: dt.datetime = timezone.localtime(invitation.expires_at)
    return _send(
        to=invitation.email,
        subject=f"You are invited to join {invitation.partnership.name} on Followthrough",
        template="notifications/email/invitation.txt",
        context={
            "invitation": invitation,
            "link": f"{settings.FOLLOWTHROUGH_BASE_URL}{path}",
            "expires": expires,
        },
        what="invitation",
    )


def membership_added_mail_send(*, membership) -> bool:
    """Tell someone who already has an account that a partnership has added them."""
    user = membership.user
    if not user.email:
        return False
    path = reverse("dashboards:partnership", args=[membership.partnership_id])
    return _send(
        to=user.email,
        subject=f"You have been added to {membership.partnership.name} on Followthrough",
        template="notifications/email/membership_added.txt",
        context={
            "membership": membership,
            "link": f"{settings.FOLLOWTHROUGH_BASE_URL}{path}",
            "username": user.get_username(),
        },
        what="membership added",
    )
