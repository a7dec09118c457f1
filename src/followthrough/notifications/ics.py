"""The calendar feed as iCalendar (RFC 5545), written by the icalendar library."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar

from followthrough.notifications.selectors import CalendarEntry

PRODID = "-//Followthrough//Calendar of due dates//EN"


def calendar_ics(entries: list[CalendarEntry], *, base_url: str, now: dt.datetime) -> bytes:
    """One all-day event per entry. UIDs are stable per action or milestone (and the site),
    so calendar apps update an event when its date moves instead of adding another."""
    host = urlsplit(base_url).hostname or "followthrough"
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Followthrough: due dates")
    calendar.add("x-published-ttl", dt.timedelta(hours=1))
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    stamp = now.astimezone(dt.UTC)
    for entry in entries:
        event = icalendar.Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.on)
        event.add("dtend", entry.on + dt.timedelta(days=1))
        event.add("summary", entry.summary)
        event.add("description", f"{entry.description}\n{base_url}{entry.path}")
        event.add("url", f"{base_url}{entry.path}")
        event.add("transp", "TRANSPARENT")  # a due date does not make anyone busy
        calendar.add_component(event)
    return calendar.to_ical()
