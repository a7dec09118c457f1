"""Same-day mail: the partnership hears what a lead did to an action that day (delivery.news).

A lead marks an action completed, proposes closing it or proposes a new target date: each of
the partnership's coordinators gets one e-mail about it. A comment on an action's thread goes to
both sides of the thread: the partnership's coordinators and the action's leads (the agency
leads the partnership made leads for its lead agencies), never to whoever wrote it.

What the mail carries is what the reminders carry: the action's text, its review's title
(pseudonymous) and partnership, and the link. Never the narrative, the reason, the comment or
anyone's name: mail leaves the system, and the page behind the link asks who is reading.
People who are inactive or have no e-mail address are skipped.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from followthrough.delivery.news import ActionNews, News
from followthrough.partnerships.models import Membership, Role
from followthrough.plans.models import Action

logger = logging.getLogger("followthrough.notifications")

HEADERS = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}

# (subject, what happened: one sentence in fixed words)
WORDS: dict[News, tuple[str, str]] = {
    News.COMPLETED: (
        "Action marked completed",
        "Its lead marked this action completed. It now waits for the partnership to sign it "
        "off or return it.",
    ),
    News.CLOSURE_PROPOSED: (
        "Closure proposed",
        "Its lead proposed closing this action without its being completed as planned. It "
        "now waits for the partnership to accept the closure or return it.",
    ),
    News.DATE_PROPOSED: (
        "New target date proposed",
        "Its lead proposed a new target date for this action. It applies once a coordinator "
        "approves it.",
    ),
    News.COMMENTED: (
        "New comment",
        "There is a new comment on this action. Read it, and reply, on the action's page.",
    ),
}


def recipients(action: Action, news: News, actor_id: int | None):
    """Who hears of it: the coordinators of the action's partnership, and for a comment the
    action's leads too; active, with an address, and not the person who did it. One query."""
    here = Membership.objects.filter(partnership_id=action.recommendation.review.partnership_id)
    told = Q(role=Role.COORDINATOR)
    if news == News.COMMENTED:
        agencies = action.leads.exclude(agency=None).values("agency_id")
        told |= Q(role=Role.AGENCY_LEAD, agency__in=agencies)
    who = (
        get_user_model()
        .objects.filter(pk__in=here.filter(told).values("user_id"), is_active=True)
        .exclude(email="")
    )
    if actor_id is not None:
        who = who.exclude(pk=actor_id)
    return who.order_by("pk")


def _message(action: Action, news: News, to: str) -> EmailMessage:
    review = action.recommendation.review
    subject, happened = WORDS[news]
    context = {
        "happened": happened,
        "text": action.text,
        "review": review.title,
        "partnership": review.partnership.name,
        "link": settings.FOLLOWTHROUGH_BASE_URL + reverse("actions:detail", args=[action.pk]),
        "base_url": settings.FOLLOWTHROUGH_BASE_URL,
        "to_leads": news == News.COMMENTED,
    }
    return EmailMessage(
        subject=f"{subject}: {' '.join(review.title.split())[:120]}",
        body=render_to_string("notifications/email/action_news.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=HEADERS,
    )


def action_news_send(news: ActionNews) -> int:
    """Mail each person who should hear of ``news``, one message each; returns how many were
    sent. A mail server that fails is logged with the error's class, never an address."""
    action = (
        Action.objects.select_related("recommendation__review__partnership")
        .filter(pk=news.action_id)
        .first()
    )
    if action is None:  # deleted since: there is nothing to link to
        return 0
    messages = [
        _message(action, news.news, user.email)
        for user in recipients(action, news.news, news.actor_id)
    ]
    if not messages:
        return 0
    try:
        return get_connection().send_messages(messages) or 0
    except (smtplib.SMTPException, OSError) as exc:
        logger.error("action news mail failed: %s", exc.__class__.__name__)
        return 0
