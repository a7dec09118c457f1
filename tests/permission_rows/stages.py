"""The permission matrix's rows for review stages (see tests/test_permissions.py): every
member reads a review's timeline and the partnership's reviews in progress; its coordinator
(and the site administrator) records, changes, removes and extends stages; any signed-in
person reads the table of stages and timescales."""

import datetime as dt

from tests.permission_rows import MEMBERS, SIGNED_IN

COORDINATOR = {"coordinator", "superuser"}

ROWS: dict = {
    "stages:clocks": (None, SIGNED_IN),
    "stages:timeline": ("review", MEMBERS),
    "stages:record": ("review", COORDINATOR),
    "stages:extend": ("review", COORDINATOR),
    "stages:entry_change": ("stage_entry", COORDINATOR),
    "stages:entry_remove": ("stage_entry", COORDINATOR),
    "stages:in_progress": ("partnership", MEMBERS),
    "stages:in_progress_xlsx": ("partnership", MEMBERS),
}


def world_add(*, users, objects, home, review, rec) -> None:
    """Add this area's records to the permission world (tests/worlds.py): URL arguments into
    ``objects`` by kind, people into ``users``. ``home`` is Northmoor CSP, ``review`` its
    unpublished review with the recommendation ``rec``."""
    from followthrough.stages.models import StageEntry

    entry = StageEntry.objects.create(review=review, stage="notification", on=dt.date(2025, 6, 2))
    objects["stage_entry"] = [entry.pk]
