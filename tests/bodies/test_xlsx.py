"""The register as Excel: the body's own rows only, with the columns the page shows, dates as
dates, and text a spreadsheet would run as a formula kept as text."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.bodies.services import recommendation_address
from tests.bodies.conftest import ADDRESSED_AT, body
from tests.factories import RecommendationFactory


def _rows(client, query=None):
    response = client.get(reverse("bodies:register_xlsx"), query or {})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="national-register-')
    sheet = load_workbook(BytesIO(response.content))["Register"]
    return [[c.value for c in row] for row in sheet.iter_rows()], sheet


def test_the_register_downloads_with_the_bodys_rows_only(
    client, homeoffice, review, coordinator, addressing, today
):
    today(dt.date(2026, 5, 7))
    formula = RecommendationFactory(review=review, number="8", text='=HYPERLINK("http://x")')
    recommendation_address(
        recommendation=formula, bodies=[body("HO")], actor=coordinator, addressed_at=ADDRESSED_AT
    )
    other = RecommendationFactory(review=review, number="9", text="For DHSC only")
    recommendation_address(recommendation=other, bodies=[body("DHSC")], actor=coordinator)
    client.force_login(homeoffice)
    rows, sheet = _rows(client)
    assert rows[0][:3] == ["National body", "Partnership", "Review type"]
    assert len(rows) == 3
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Partnership"] == "Northmoor CSP"
    assert first["Review reference"] == "DHR-2025-04"
    assert first["Recommendation number"] == "7"
    assert first["Addressed on"].date() == dt.date(2026, 3, 2)
    assert first["Due by"].date() == dt.date(2026, 4, 27)
    assert first["Days overdue"] == 10
    assert first["Response"] == "No response yet"
    texts = [row[6] for row in rows[1:]]
    assert '=HYPERLINK("http://x")' in texts
    formula_cell = next(c for c in sheet["G"] if c.value == '=HYPERLINK("http://x")')
    assert formula_cell.data_type == "s"
    assert "For DHSC only" not in texts
    assert AuditEvent.objects.filter(event_type=events.NATIONAL_BODY_REGISTER_DOWNLOADED).count()


def test_the_download_follows_the_registers_filters(client, homeoffice, addressing, today):
    today(dt.date(2026, 4, 1))
    client.force_login(homeoffice)
    assert len(_rows(client, {"state": "overdue"})[0]) == 1  # the header only
    assert len(_rows(client, {"state": "awaiting"})[0]) == 2
