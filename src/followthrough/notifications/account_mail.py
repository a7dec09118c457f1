"""Mail about a person's own account: the password reset link. (All mail leaves from this
package; the password reset form calls this rather than Django's own send_mail.)"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger("followthrough.notifications")


def password_reset_mail_send(*, to: str, uid: str, token: str) -> bool:
    """Mail the reset link to ``to``. The link is built on FOLLOWTHROUGH_BASE_URL, never on
    the Host header of the request that asked for it. A mail server that fails is logged (no
    address) and otherwise kept quiet: the page says the same whatever happened."""
    path = reverse("web:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    context = {
        "link": f"{settings.FOLLOWTHROUGH_BASE_URL}{path}",
        "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        "base_url": settings.FOLLOWTHROUGH_BASE_URL,
    }
    body = render_to_string("registration/password_reset_email.txt", context)
    message = EmailMessage(
        subject="Reset your Followthrough password",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        logger.error("password reset mail failed: %s", exc.__class__.__name__)
        return False
    return True
