"""Hostile and broken Word and Excel files: each refused with one clear line, before python-docx
or openpyxl sees it."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from followthrough.parsing import ParseError, read_plan
from followthrough.parsing.formats import package
from tests.parsing.corpus.office import excel, word


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return word.home_office_template()


@pytest.fixture(scope="module")
def xlsx_bytes() -> bytes:
    return excel.one_row_per_action()


def rezip(data: bytes, *, replace=None, add=None, drop=()) -> bytes:
    """The package with parts replaced, added or left out."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename in drop:
                continue
            content = (replace or {}).get(info.filename, source.read(info.filename))
            archive.writestr(info.filename, content)
        for name, content in (add or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def _central_entries(data: bytes):
    """(offset, name) of each entry of the zip's central directory."""
    start = data.find(b"PK\x01\x02")
    while start != -1:
        length = int.from_bytes(data[start + 28 : start + 30], "little")
        yield start, data[start + 46 : start + 46 + length].decode()
        start = data.find(b"PK\x01\x02", start + 4)


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """The zip with one part claiming to unpack to ``size`` bytes (in its local header and the
    central directory), as a zip bomb's parts do."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    buffer = bytearray(data)
    buffer[info.header_offset + 22 : info.header_offset + 26] = size.to_bytes(4, "little")
    for offset, entry in _central_entries(data):
        if entry == name:
            buffer[offset + 24 : offset + 28] = size.to_bytes(4, "little")
    return bytes(buffer)


def mark_encrypted(data: bytes, name: str) -> bytes:
    buffer = bytearray(data)
    for offset, entry in _central_entries(data):
        if entry == name:
            buffer[offset + 8] |= 0x1
    return bytes(buffer)


def error(data: bytes, filename: str) -> str:
    with pytest.raises(ParseError) as caught:
        read_plan(data, filename=filename)
    message = str(caught.value)
    assert "\n" not in message
    return message


BILLION_LAUGHS = (
    "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
    "<!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
    "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>"
    "<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
    "<w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"
)
EXTERNAL_ENTITY = (
    "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY secret SYSTEM 'file:///etc/passwd'>]>"
    "<workbook xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>&secret;"
    "</workbook>"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_it_refuses_a_word_document_with_entity_declarations(docx_bytes, encoding):
    data = rezip(docx_bytes, replace={"word/document.xml": BILLION_LAUGHS.encode(encoding)})
    message = error(data, "plan.docx")
    assert message.startswith("plan.docx: the Word document contains an XML document type")
    assert "word/document.xml" in message and "not opened" in message


def test_it_refuses_an_excel_workbook_with_an_external_entity(xlsx_bytes):
    data = rezip(xlsx_bytes, replace={"xl/workbook.xml": EXTERNAL_ENTITY.encode()})
    assert "Excel workbook contains an XML document type declaration" in error(data, "p.xlsx")


def test_it_refuses_a_part_packed_like_a_zip_bomb(docx_bytes):
    data = rezip(docx_bytes, add={"word/media/filler.bin": b"\0" * 3_000_000})
    message = error(data, "plan.docx")
    assert "packed" in message and "zip bombs" in message and "word/media/filler.bin" in message


def test_it_refuses_a_package_that_declares_more_than_100_mb(xlsx_bytes):
    data = declare_size(xlsx_bytes, "xl/styles.xml", 150 * 1024 * 1024)
    message = error(data, "plan.xlsx")
    assert "would unpack to 150 MB, more than the 100 MB allowed" in message


def test_it_checks_sizes_before_it_unpacks_anything(docx_bytes, monkeypatch):
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: opened.append(a) or 1 / 0)
    data = declare_size(docx_bytes, "word/document.xml", 200 * 1024 * 1024)
    assert "would unpack to" in error(data, "plan.docx")
    assert opened == []


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.9])
def test_it_refuses_a_word_document_cut_short(docx_bytes, keep):
    message = error(docx_bytes[: int(len(docx_bytes) * keep)], "plan.docx")
    assert message == (
        "plan.docx: the Word document is damaged or incomplete (perhaps cut short when it was "
        "copied or downloaded): open it in Word, save it again and try again"
    )


def test_it_refuses_an_excel_workbook_cut_short_even_without_its_name(xlsx_bytes):
    message = error(xlsx_bytes[: len(xlsx_bytes) // 2], "download")
    assert "the Excel workbook is damaged or incomplete" in message


def test_it_refuses_a_docx_that_is_a_zip_of_something_else():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/holiday.jpg", b"\xff\xd8\xff")
    message = error(buffer.getvalue(), "plan.docx")
    assert message == (
        "plan.docx: the file is named .docx but it is not a Word document: it is a zip archive "
        "of other files; choose the plan itself, saved from Word or Excel"
    )


def test_it_refuses_a_word_package_missing_its_document_part(docx_bytes):
    data = rezip(docx_bytes, drop=("word/document.xml",))
    assert "is a zip archive but not a Word document: it has no word/document.xml" in error(
        data, "plan.docx"
    )


def test_it_refuses_a_part_that_is_not_well_formed_xml(docx_bytes):
    data = rezip(docx_bytes, replace={"word/document.xml": b"<w:document><w:body"})
    assert "its part word/document.xml is not well-formed XML" in error(data, "plan.docx")


def test_it_refuses_a_package_python_docx_cannot_open(docx_bytes):
    data = rezip(docx_bytes, drop=("[Content_Types].xml",))
    message = error(data, "plan.docx")
    assert "the Word document cannot be opened: it is damaged or not really a .docx" in message


def test_it_refuses_a_package_with_an_encrypted_part(docx_bytes):
    data = mark_encrypted(docx_bytes, "word/styles.xml")
    assert "protected with a password" in error(data, "plan.docx")


def test_it_reads_an_excel_workbook_named_csv_and_says_so(xlsx_bytes):
    plan = read_plan(xlsx_bytes, filename="plan.csv")
    assert plan.warnings[0] == (
        "file: named .csv but it is an Excel workbook (.xlsx); read as what it is"
    )
    assert len(plan.recommendations) == 3


def test_the_limits_are_those_the_issue_sets():
    assert package.MAX_UNPACKED == 100 * 1024 * 1024
    assert package.MAX_RATIO == 100


@pytest.mark.parametrize("name", ["docx_bytes", "xlsx_bytes"])
def test_damaged_files_only_ever_get_a_parse_error(name, request):
    data = request.getfixturevalue(name)
    rng = random.Random(7)
    for _ in range(40):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 12)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            read_plan(bytes(damaged[: rng.randrange(len(damaged) // 2, len(damaged) + 1)]))
        except ParseError as exc:
            assert "\n" not in str(exc)
