"""What a lead did to an action, told to the partnership the same day.

When a lead marks an action completed, proposes closing it, proposes a new target date or
comments on it, the partnership's coordinators should hear of it that day rather than at the
next reminder or meeting. The delivery services that make those moves announce them here, in
their transaction; the e-mail itself is the notifications package's
(``notifications/action_news.py``), which listens from the moment the app is ready
(``NotificationsConfig.ready``).

Why delivery announces rather than calls the mail service: notifications reads delivery's
records for the reminders, so delivery importing notifications would close a circle between
the packages (``tests/test_layers.py``). The announcement is explicit in each service, beside
its audit event, and reaches the listeners only once the service's transaction has committed
(``transaction.on_commit``): nobody is told of a change that was rolled back, and a listener
that fails (a mail server down) cannot undo a change that is saved and audited already.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db import transaction

logger = logging.getLogger("followthrough.delivery")


class News(enum.StrEnum):
    COMPLETED = "completed"  # a lead marked it completed: it awaits sign-off
    CLOSURE_PROPOSED = "closure_proposed"  # a lead proposed ending it otherwise
    DATE_PROPOSED = "date_proposed"  # a lead proposed a new target date
    COMMENTED = "commented"  # someone wrote on its thread


@dataclass(frozen=True)
class ActionNews:
    """Ids only: whoever tells it reads what it may say from the database, after the commit."""

    news: News
    action_id: int
    actor_id: int | None


Listener = Callable[[ActionNews], object]
_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    """Hear every announcement from now on (once, however often it is asked)."""
    if listener not in _listeners:
        _listeners.append(listener)


def announce(news: News, *, action, actor) -> None:
    """Tell the listeners once the current transaction commits (at once outside one)."""
    said = ActionNews(
        news=news,
        action_id=action.pk,
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
    )
    for listener in list(_listeners):
        transaction.on_commit(partial(_tell, listener, said))


def _tell(listener: Listener, news: ActionNews) -> None:
    try:
        listener(news)
    except Exception as exc:  # the change is saved and audited; telling it is best effort
        logger.error(
            "news %s of action #%s not told: %s", news.news, news.action_id, type(exc).__name__
        )
