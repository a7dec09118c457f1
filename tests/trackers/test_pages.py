"""The pages: who reaches what, and a preview whose cost does not grow with its rows."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followthrough.trackers.models import TrackerUpload
from tests.factories import ActionFactory, ActionLeadFactory, RecommendationFactory
from tests.trackers.conftest import fill, saved, upload_file, workbook


def uploaded(client, user, world) -> TrackerUpload:
    client.force_login(user)
    book = workbook(client.get(reverse("trackers:download_mine")).content)
    for action in world.actions[:3]:
        fill(book, action.pk, narrative="Some progress", milestones_done="1")
    upload_file(client, saved(book))
    return TrackerUpload.objects.latest("pk")


def test_another_persons_upload_is_not_found(client, world):
    upload = uploaded(client, world.lead, world)
    for someone in (world.coordinator, world.health_lead, world.outsider):
        client.force_login(someone)
        assert client.get(reverse("trackers:preview", args=[upload.pk])).status_code == 404
        assert client.post(reverse("trackers:apply", args=[upload.pk])).status_code == 404
    upload.refresh_from_db()
    assert not upload.is_applied


def test_only_the_partnerships_coordinator_downloads_its_open_actions(client, world):
    url = reverse("trackers:download_partnership", args=[world.home.pk])
    for someone, status in [
        (world.coordinator, 200),
        (world.lead, 404),
        (world.outsider, 404),
    ]:
        client.force_login(someone)
        assert client.get(url).status_code == status


def test_the_pages_link_to_the_round_trip(client, world):
    client.force_login(world.lead)
    mine = client.get(reverse("dashboards:my_actions")).content.decode()
    assert reverse("trackers:download_mine") in mine
    assert reverse("trackers:upload") in mine
    client.force_login(world.coordinator)
    actions = client.get(reverse("dashboards:actions", args=[world.home.pk])).content.decode()
    assert reverse("trackers:download_partnership", args=[world.home.pk]) in actions
    assert reverse("trackers:upload") in actions
    client.force_login(world.health_lead)  # a member, not the coordinator
    actions = client.get(reverse("dashboards:actions", args=[world.home.pk])).content.decode()
    assert reverse("trackers:download_partnership", args=[world.home.pk]) not in actions


def _grow(world, n: int) -> None:
    rec = RecommendationFactory(review=world.actions[0].recommendation.review)
    for _ in range(n):
        ActionLeadFactory(action=ActionFactory(recommendation=rec, status="on_track"),
                          agency=world.police)  # fmt: skip


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_preview_and_the_download_cost_the_same_whatever_the_rows(client, world):
    small = uploaded(client, world.lead, world)
    preview_small = _queries(client, reverse("trackers:preview", args=[small.pk]))
    download_small = _queries(client, reverse("trackers:download_mine"))
    _grow(world, 30)
    client.force_login(world.lead)
    book = workbook(client.get(reverse("trackers:download_mine")).content)
    for row in range(2, book.active.max_row + 1):
        book.active.cell(row=row, column=13).value = "Progress on every row"
    upload_file(client, saved(book))
    large = TrackerUpload.objects.latest("pk")
    assert len(large.rows) == 34
    assert _queries(client, reverse("trackers:preview", args=[large.pk])) == preview_small
    assert _queries(client, reverse("trackers:download_mine")) == download_small
