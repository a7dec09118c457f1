"""Rows refused, each with its reason; a refused row never stops the others."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from followthrough.delivery.models import ProgressUpdate
from followthrough.plans.models import Action
from followthrough.trackers.models import TrackerUpload
from followthrough.trackers.sheet import SHEET
from tests.factories import ActionFactory
from tests.trackers.conftest import COLUMN, fill, saved, upload_file, workbook


@pytest.fixture
def book(client, world):
    client.force_login(world.lead)
    return workbook(client.get(reverse("trackers:download_mine")).content)


def add_row(book, **values) -> None:
    """A row typed by hand under the others."""
    sheet = book[SHEET]
    row = sheet.max_row + 1
    for key, value in values.items():
        sheet.cell(row=row, column=COLUMN[key]).value = value


def preview_of(client, book):
    upload_file(client, saved(book))
    upload = TrackerUpload.objects.latest("pk")
    return upload, client.get(reverse("trackers:preview", args=[upload.pk])).context["preview"]


def reasons(preview) -> list[str]:
    return [r.reason for r in preview.refused]


def test_it_refuses_an_action_the_user_cannot_see_as_unknown(client, world, book):
    elsewhere = ActionFactory(text="Eden Valley's action")  # another partnership's
    fill(book, world.actions[0].pk, narrative="Real progress")
    add_row(book, action_id=str(elsewhere.pk), version="1", narrative="Guess")
    add_row(book, action_id=str(elsewhere.pk + 1000), version="1", narrative="Missing")
    add_row(book, action_id="=1+1", version="1", narrative="A formula for an id")
    _, preview = preview_of(client, book)
    assert [r.row for r in preview.refused] == [6, 7, 8]
    assert all(r.startswith("Unknown action") for r in reasons(preview))
    assert {r.text for r in preview.refused} == {""}  # nothing of it shown
    assert [c.action.pk for c in preview.changes] == [world.actions[0].pk]


def test_it_refuses_an_action_of_another_agency(client, world, book):
    health = world.actions[3]
    add_row(book, action_id=str(health.pk), version=str(health.version), narrative="Not mine")
    _, preview = preview_of(client, book)
    assert reasons(preview) == [
        "You may not update this action: only the leads of its lead agency and the "
        "partnership's coordinator may."
    ]
    assert preview.refused[0].text == health.text  # a member of its partnership sees it


def test_it_refuses_a_move_the_lifecycle_does_not_allow(client, world, book):
    finished = Action.objects.get(text="Done long ago")
    add_row(book, action_id=str(finished.pk), version=str(finished.version), narrative="More")
    add_row(book, action_id=str(finished.pk + 0), version=str(finished.version), narrative="Again")
    _, preview = preview_of(client, book)
    assert "progress is recorded only while it is open" in reasons(preview)[0]
    assert reasons(preview)[1].startswith("This action is on row 6 already")


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        (
            {"new_status": "Done", "narrative": "x"},
            "New status 'Done' is not one to choose: Not started, On track, At risk or Completed.",
        ),
        (
            {"new_status": "Completed", "completed_on": "next Tuesday", "outcome": "Done"},
            "The date of completion 'next Tuesday' is not a day, like 27/3/2026.",
        ),
        (
            {"new_status": "Completed", "completed_on": dt.datetime(2099, 1, 1), "outcome": "x"},
            "The date of completion must be today or in the past.",
        ),
        (
            {"new_status": "Completed", "completed_on": "1/3/2026"},
            "Write the outcome: what was done, and how it shows it is complete.",
        ),
        (
            {"proposed_date": "soonish", "reason": "Staff"},
            "The proposed target date 'soonish' is not a date, like July 2026 or 31/07/2026.",
        ),
        (
            {"proposed_date": "March 2031"},
            "Give the reason the target date needs to change.",
        ),
        (
            {"new_status": "At risk"},
            "Write the progress narrative: what has happened since the last update.",
        ),
        (
            {"narrative": "x", "milestones_done": "7"},
            "There is no milestone 7 on this action.",
        ),
        (
            {"narrative": "x", "milestones_done": "the first"},
            "Milestones done 'the first' is not a list of milestone numbers, like 1, 3.",
        ),
        (
            {"narrative": "x", "version": "seven"},
            "Its 'Version at download' cell was changed, so Followthrough cannot tell whether "
            "the action changed since: download a new spreadsheet.",
        ),
    ],
)
def test_each_refused_row_says_why(client, world, book, values, reason):
    train, audit = world.actions[:2]
    fill(book, train.pk, **values)
    fill(book, audit.pk, narrative="Audit under way")  # a good row beside the refused one
    upload, preview = preview_of(client, book)
    assert reasons(preview) == [reason]
    assert [c.action.pk for c in preview.changes] == [audit.pk]
    page = client.get(reverse("trackers:preview", args=[upload.pk])).content.decode()
    assert "Rows refused" in page

    client.post(reverse("trackers:apply", args=[upload.pk]))
    assert list(ProgressUpdate.objects.values_list("action_id", flat=True)) == [audit.pk]
    upload.refresh_from_db()
    assert [r["reason"] for r in upload.result["refused"]] == [reason]


def test_a_row_that_fails_at_apply_leaves_nothing_half_done(client, world, book):
    """Progress and a date proposal in one row; the proposal fails when applied (another
    proposal arrived meanwhile): the progress update is not kept either."""
    from followthrough.delivery import services as delivery
    from followthrough.interchange import PartialDate

    train = world.actions[0]
    fill(book, train.pk, narrative="Slow", proposed_date="March 2031", reason="Staff")
    upload, preview = preview_of(client, book)
    assert len(preview.changes) == 1
    delivery.target_date_revision_propose(
        action=train, actor=world.coordinator, proposed=PartialDate(2032, 1), reason="Other"
    )  # no version change: the row is no conflict, but its proposal now fails
    client.post(reverse("trackers:apply", args=[upload.pk]))
    upload.refresh_from_db()
    assert upload.result["applied"] == []
    assert "already waiting" in upload.result["refused"][0]["reason"]
    assert not ProgressUpdate.objects.filter(action=train).exists()


def test_rows_with_nothing_filled_in_are_skipped(client, world, book):
    upload, preview = preview_of(client, book)
    assert preview.nothing and preview.skipped == 4
    page = client.get(reverse("trackers:preview", args=[upload.pk])).content.decode()
    assert "No row of this spreadsheet has anything filled in" in page
