"""What is read from an uploaded file, and what is refused: formulas are text, never worked
out; a file that is not a tracker, too big, a zip bomb or an XML bomb is refused with one
clear sentence and nothing kept."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from followthrough.delivery.models import ProgressUpdate
from followthrough.trackers.models import TrackerUpload
from followthrough.trackers.sheet import SHEET
from tests.trackers.conftest import COLUMN, fill, rows_by_action, saved, upload_file, workbook


@pytest.fixture
def book(client, world):
    client.force_login(world.lead)
    return workbook(client.get(reverse("trackers:download_mine")).content)


def test_formulas_and_injected_formulas_are_kept_as_their_text(client, world, book):
    train, audit, publish, _ = world.actions
    # openpyxl writes a value starting with "=" as a formula cell, as Excel would save one.
    fill(book, train.pk, narrative='=HYPERLINK("http://evil.example","Click")')
    fill(book, audit.pk, narrative="+cmd|' /C calc'!A0")
    fill(book, publish.pk, narrative="@SUM(A1:A9)")
    row = rows_by_action(book)[train.pk]
    assert book[SHEET].cell(row=row, column=COLUMN["narrative"]).data_type == "f"
    upload_file(client, saved(book))
    upload = TrackerUpload.objects.get()
    client.post(reverse("trackers:apply", args=[upload.pk]))
    narratives = dict(ProgressUpdate.objects.values_list("action_id", "narrative"))
    assert narratives == {
        train.pk: '=HYPERLINK("http://evil.example","Click")',
        audit.pk: "+cmd|' /C calc'!A0",
        publish.pk: "@SUM(A1:A9)",
    }


def test_the_download_writes_text_that_looks_like_a_formula_as_text(client, world):
    action = world.actions[0]
    action.text = '=HYPERLINK("http://evil.example","x")'
    action.save()
    client.force_login(world.lead)
    sheet = workbook(client.get(reverse("trackers:download_mine")).content)[SHEET]
    cells = [sheet.cell(row=r, column=COLUMN["action"]) for r in range(2, sheet.max_row + 1)]
    cell = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
    assert cell.quotePrefix


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def refused(client, data: bytes, name: str = "tracker.xlsx") -> str:
    response = upload_file(client, data, name)
    assert response.status_code == 200
    assert not TrackerUpload.objects.exists()
    [message] = response.context["form"].errors["spreadsheet"]
    assert message in response.content.decode().replace("&#x27;", "'")
    return message


def test_it_refuses_a_file_that_is_not_a_workbook(client, world):
    client.force_login(world.lead)
    assert refused(client, b"%PDF-1.7 not a spreadsheet").startswith(
        "The file is not an Excel workbook (.xlsx)"
    )
    assert refused(client, b"Action id,Version\n1,1\n", "tracker.csv").startswith(
        "The file is not an Excel workbook (.xlsx)"
    )
    word = zipped({"word/document.xml": b"<w:document/>", "[Content_Types].xml": b"<Types/>"})
    assert refused(client, word).startswith("The file is not an Excel workbook")


def test_it_refuses_a_workbook_that_is_not_a_tracker(client, world):
    import openpyxl

    client.force_login(world.lead)
    book = openpyxl.Workbook()
    book.active.append(["Recommendation", "Action", "Status"])
    book.active.append(["1", "Train", "On track"])
    assert refused(client, saved(book)).startswith(
        "The spreadsheet has no 'Action id' and 'Version at download' columns"
    )


def test_it_refuses_a_file_too_big(client, world, settings):
    settings.FOLLOWTHROUGH_TRACKER_MAX_BYTES = 1000
    client.force_login(world.lead)
    message = refused(client, b"PK\x03\x04" + b"x" * 2000)
    assert message.startswith("The file is 2.0\xa0KB: the largest spreadsheet Followthrough takes")


def test_it_refuses_a_zip_bomb(client, world):
    client.force_login(world.lead)
    bomb = zipped(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"<worksheet>" + b" " * (3 << 20) + b"</worksheet>",
        }
    )
    assert len(bomb) < 50_000
    message = refused(client, bomb)
    assert "as zip bombs are" in message and "to protect the server" in message


def test_it_refuses_an_xml_bomb(client, world):
    client.force_login(world.lead)
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<sst>&lol2;</sst>"
    )
    bomb = zipped(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/sharedStrings.xml": laughs,
        }
    )
    message = refused(client, bomb)
    assert "document type declaration" in message


def test_it_refuses_a_damaged_workbook(client, world):
    client.force_login(world.lead)
    broken = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook>"})
    message = refused(client, broken)
    assert message.startswith("The Excel workbook cannot be opened: it is damaged")
