"""Evidence is what it claims to be (issue 10, finding 11): each file is opened in a limited
child process before it is kept, stored under a random name with the extension of the type
found, served with that type, a safe name and nosniff, and every download is audited."""

from __future__ import annotations

import io
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.delivery import services
from followthrough.delivery.evidence import (
    DOC,
    EvidenceRejected,
    display_name,
    download_name,
    inspect,
    sniff,
)
from followthrough.delivery.evidence import PDF as PDF_TYPE
from followthrough.delivery.models import Evidence, ProgressUpdate
from tests.parsing.test_package import BILLION_LAUGHS, declare_size, mark_encrypted, rezip

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# Files, made here ---------------------------------------------------------------------------


def pdf(*, user_password: str | None = None, owner_password: str | None = None) -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    encrypt = None
    if user_password is not None or owner_password is not None:
        encrypt = pdfencrypt.StandardEncryption(
            user_password or "", ownerPassword=owner_password or "owner"
        )
    page = canvas.Canvas(buffer, encrypt=encrypt)
    page.drawString(72, 720, "Training register: 40 of 60 officers trained")
    page.save()
    return buffer.getvalue()


def docx() -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("Training register")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Officer", "Trained on"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def image(fmt: str, size=(40, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (29, 112, 184)).save(buffer, fmt)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A PNG a few bytes long whose header declares ``width`` x ``height`` pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def ole(streams: dict[str, bytes], storages: tuple[str, ...] = ()) -> bytes:
    """A Word or Excel 97-2003 file's container (an OLE2 compound file, version 3): the root,
    then each stream and storage as a sibling. Streams are padded to 4096 bytes, so they live
    in ordinary sectors and no mini stream is needed."""
    end, free, fat_sector, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    sector = 512
    entries = [("Root Entry", 5, None)] + [(n, 2, d) for n, d in streams.items()]
    entries += [(n, 1, None) for n in storages]
    dir_sectors = -(-len(entries) // 4)
    next_sector = 1 + dir_sectors  # sector 0 is the FAT
    fat = [fat_sector] + [1 + i + 1 if i + 1 < dir_sectors else end for i in range(dir_sectors)]
    body = b""
    starts = {}
    for name, kind, data in entries:
        if kind != 2:
            continue
        data = data.ljust(max(len(data), 4096), b"\x00")
        count = -(-len(data) // sector)
        starts[name] = (next_sector, len(data))
        fat += [next_sector + i + 1 for i in range(count - 1)] + [end]
        body += data.ljust(count * sector, b"\x00")
        next_sector += count
    assert len(fat) <= sector // 4
    fat += [free] * (sector // 4 - len(fat))

    directory = b""
    for i, (name, kind, _data) in enumerate(entries):
        encoded = (name + "\x00").encode("utf-16-le")
        start, size = starts.get(name, (end, 0))
        child = 1 if kind == 5 and len(entries) > 1 else none
        right = i + 1 if 0 < i < len(entries) - 1 else none
        directory += (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", none, right, child)
            + b"\x00" * 16  # CLSID
            + b"\x00" * 4  # state bits
            + b"\x00" * 16  # times
            + struct.pack("<IQ", start, size)
        )
    directory = directory.ljust(dir_sectors * sector, b"\x00")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    assert len(header) == sector
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + body


def word_stream(*, encrypted: bool = False) -> bytes:
    flags = 0x0100 if encrypted else 0
    return struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0x0809, 0, flags)


def workbook_stream(*, encrypted: bool = False) -> bytes:
    def record(kind: int, body: bytes = b"") -> bytes:
        return struct.pack("<HH", kind, len(body)) + body

    records = record(0x0809, b"\x00\x06\x05\x00" + b"\x00" * 12)  # BOF
    if encrypted:
        records += record(0x002F, b"\x01\x00" + b"\x00" * 52)  # FILEPASS
    return records + record(0x000A)  # EOF


# What is kept, and how -----------------------------------------------------------------------

ACCEPTED = {
    "pdf": (lambda: pdf(), "application/pdf", "pdf"),
    "pdf restricted by its owner only": (
        lambda: pdf(owner_password="owner"),
        "application/pdf",
        "pdf",
    ),
    "docx": (
        docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "xlsx": (xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "doc": (lambda: ole({"WordDocument": word_stream()}), "application/msword", "doc"),
    "xls": (lambda: ole({"Workbook": workbook_stream()}), "application/vnd.ms-excel", "xls"),
    "png": (lambda: image("PNG"), "image/png", "png"),
    "jpeg": (lambda: image("JPEG"), "image/jpeg", "jpg"),
    "gif": (lambda: image("GIF"), "image/gif", "gif"),
}


def add(action, lead, *uploads):
    return services.progress_update_add(
        action=action,
        actor=lead,
        expected_version=action.version,
        narrative="Evidence attached.",
        status="on_track",
        files=[services.Upload(name, data) for name, data in uploads],
    )


@pytest.mark.parametrize("kind", ACCEPTED)
def test_each_kind_of_evidence_is_kept_under_a_random_name_with_its_real_extension(
    action, police_lead, kind
):
    make, content_type, extension = ACCEPTED[kind]
    data = make()
    evidence = add(action, police_lead, ("Training Register 2026", data)).evidence.get()
    assert evidence.content_type == content_type
    assert re.fullmatch(rf"evidence/[0-9a-f]{{32}}\.{extension}", evidence.file.name)
    assert evidence.file.read() == data
    assert evidence.original_name == "Training Register 2026"


def test_the_name_given_is_kept_only_to_show_without_folders_or_control_characters(
    action, police_lead
):
    hostile = "..\\..\\C:/tmp/\u202egpj.exe\x00\n.pdf"
    evidence = add(action, police_lead, (hostile, pdf())).evidence.get()
    assert evidence.original_name == "gpj.exe .pdf"
    assert "gpj" not in evidence.file.name and ".." not in evidence.file.name


@pytest.mark.parametrize(
    ("name", "given", "shown"),
    [
        ("folders", "/etc/passwd", "passwd"),
        ("windows folders", "C:\\Users\\kit\\Minutes.docx", "Minutes.docx"),
        ("direction override", "report\u202excod.exe", "reportxcod.exe"),
        ("zero-width space", "a\u200bb.pdf", "ab.pdf"),
        ("nothing left", "\x00\x01/", "evidence"),
        ("dots", "...", "evidence"),
        ("long", "x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_a_display_name_is_only_a_name(name, given, shown):
    assert display_name(given) == shown


@pytest.mark.parametrize(
    ("name", "kind", "download"),
    [
        ("register.pdf", PDF_TYPE, "register.pdf"),
        ("register.PDF", PDF_TYPE, "register.PDF"),
        ("scan.exe", PDF_TYPE, "scan.exe.pdf"),
        ("scan", PDF_TYPE, "scan.pdf"),
        ('minutes "final".doc', DOC, "minutes _final_.doc"),
        ("notes.docx", DOC, "notes.docx.doc"),
    ],
)
def test_a_download_is_named_with_the_type_found(name, kind, download):
    assert download_name(name, kind) == download


# What is refused -----------------------------------------------------------------------------


def _docx_cut_short() -> bytes:
    data = docx()
    return data[: len(data) // 2]


REFUSED = {
    "PDF that needs a password": (lambda: pdf(user_password="secret"), "protected with a password"),
    "PDF with nothing in it": (lambda: b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n", "damaged"),
    "PDF header on noise": (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40, "damaged"),
    "Word zip bomb": (
        lambda: declare_size(docx(), "word/document.xml", 3_000_000_000),
        "Word document",
    ),
    "Word with entity expansion": (
        lambda: rezip(docx(), replace={"word/document.xml": BILLION_LAUGHS}),
        "document type declaration",
    ),
    "Word with a password": (
        lambda: mark_encrypted(docx(), "word/document.xml"),
        "protected with a password",
    ),
    "Word cut short": (_docx_cut_short, "damaged"),
    "Word with macros": (
        lambda: rezip(docx(), add={"word/vbaProject.bin": b"\x00" * 64}),
        "contains macros",
    ),
    "Excel with macros": (
        lambda: rezip(xlsx(), add={"xl/vbaProject.bin": b"\x00" * 64}),
        "contains macros",
    ),
    "zip of something else": (lambda: rezip(docx(), drop=("word/document.xml",)), "type of file"),
    "Word 97 with a password": (
        lambda: ole({"WordDocument": word_stream(encrypted=True)}),
        "protected with a password",
    ),
    "Excel 97 with a password": (
        lambda: ole({"Workbook": workbook_stream(encrypted=True)}),
        "protected with a password",
    ),
    "docx saved with a password": (
        lambda: ole({"EncryptionInfo": b"\x04\x00", "EncryptedPackage": b"\x00" * 64}),
        "protected with a password",
    ),
    "Word 97 with macros": (
        lambda: ole({"WordDocument": word_stream()}, storages=("Macros",)),
        "contains macros",
    ),
    "Excel 97 with macros": (
        lambda: ole({"Workbook": workbook_stream()}, storages=("_VBA_PROJECT_CUR",)),
        "contains macros",
    ),
    "OLE header on noise": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8,
        "damaged",
    ),
    "OLE file of another program": (lambda: ole({"Contents": b"x" * 10}), "type of file"),
    "PNG header on a web page": (
        lambda: b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
        "starts like a PNG image but is not one",
    ),
    "GIF header on a script": (
        lambda: b"GIF89a/*" + b"*/=1;alert(document.cookie)//" * 4,
        "starts like a GIF image but is not one",
    ),
    "PNG that is a GIF inside": (
        lambda: b"\x89PNG\r\n\x1a\n" + image("GIF")[8:],
        "starts like a PNG image",
    ),
    "JPEG cut short": (lambda: image("JPEG", (400, 300))[:300], "starts like a JPEG image"),
    "PNG declaring ten billion pixels": (
        lambda: png_declaring(100_000, 100_000),
        "too large to check",
    ),
    "program": (lambda: b"MZ\x90\x00" + b"\x00" * 200, "cannot be used as evidence"),
    "web page": (lambda: b"<!DOCTYPE html><script>alert(1)</script>", "cannot be used"),
}


@pytest.mark.parametrize("kind", REFUSED)
def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_kept(
    action, police_lead, media, kind
):
    make, expected = REFUSED[kind]
    with pytest.raises(EvidenceRejected) as refused:
        add(action, police_lead, ("ok.pdf", pdf()), ("C:\\evidence\\upload.pdf", make()))
    message = str(refused.value)
    assert expected in message
    assert message.startswith("upload.pdf: ")
    assert "\n" not in message and len(message) < 400
    assert not Evidence.objects.exists() and not ProgressUpdate.objects.exists()
    stored = media / "evidence"
    assert not stored.exists() or not any(stored.iterdir())  # ok.pdf deleted again


def test_the_checks_run_in_the_server_process_give_the_same_answers():
    """``inspect`` is plain Python; the child runs exactly it."""
    assert inspect(pdf()) is PDF_TYPE
    assert inspect(ole({"WordDocument": word_stream()})) is DOC
    with pytest.raises(EvidenceRejected, match="protected with a password"):
        inspect(pdf(user_password="secret"))
    with pytest.raises(EvidenceRejected, match="cannot be used as evidence"):
        sniff(b"MZ")


def test_a_file_that_needs_more_memory_to_check_than_allowed_is_refused(
    action, police_lead, settings
):
    settings.FOLLOWTHROUGH_EVIDENCE_CHECK_MEMORY_MB = 150
    add(action, police_lead, ("small.png", image("PNG")))  # fits under the ceiling
    action.refresh_from_db()
    big = image("PNG", (6000, 6000))  # 120 KB that decodes to 108 MB of pixels
    with pytest.raises(EvidenceRejected, match="could not be checked within the time and memory"):
        add(action, police_lead, ("big.png", big))
    assert Evidence.objects.count() == 1


def test_a_file_that_takes_longer_to_check_than_allowed_is_refused(action, police_lead, settings):
    settings.FOLLOWTHROUGH_EVIDENCE_CHECK_SECONDS = 0.01
    with pytest.raises(EvidenceRejected, match="could not be checked within the time and memory"):
        add(action, police_lead, ("register.pdf", pdf()))
    assert not Evidence.objects.exists()


# The form and the download -------------------------------------------------------------------


def post_evidence(client, action, lead, upload):
    client.force_login(lead)
    return client.post(
        reverse("delivery:progress_add", args=[action.pk]),
        {
            "version": action.version,
            "narrative": "Register attached.",
            "status": "on_track",
            "evidence": [upload],
        },
    )


def test_a_refused_file_is_one_line_on_the_form(client, action, police_lead):
    response = post_evidence(
        client, action, police_lead, SimpleUploadedFile("locked.pdf", pdf(user_password="x"))
    )
    assert response.status_code == 200
    assert "locked.pdf: The PDF is protected with a password" in response.text
    assert not ProgressUpdate.objects.exists()


def test_evidence_downloads_with_its_real_type_a_safe_name_and_nosniff(client, action, police_lead):
    post_evidence(client, action, police_lead, SimpleUploadedFile("scan.exe", pdf()))
    evidence = Evidence.objects.get()
    response = client.get(reverse("delivery:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="scan.exe.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == evidence.file.open("rb").read()


def test_a_name_with_quotes_breaks_and_accents_downloads_safely(client, action, police_lead):
    add(action, police_lead, ('Réunion "minutes"\r\nSet-Cookie: x=1', pdf()))
    evidence = Evidence.objects.get()
    client.force_login(police_lead)
    response = client.get(reverse("delivery:evidence_download", args=[evidence.pk]))
    disposition = response["Content-Disposition"]
    assert disposition == (
        "attachment; filename*=utf-8''R%C3%A9union%20_minutes_%20Set-Cookie_%20x%3D1.pdf"
    )
    assert "Set-Cookie" not in response.headers


def test_every_download_is_audited_by_the_evidence_id_never_its_name(
    client, action, police_lead, viewer
):
    post_evidence(client, action, police_lead, SimpleUploadedFile("Kit Marsh DBS.pdf", pdf()))
    evidence = Evidence.objects.get()
    client.force_login(viewer)
    client.get(reverse("delivery:evidence_download", args=[evidence.pk]))
    client.get(reverse("delivery:evidence_download", args=[evidence.pk]))
    downloads = AuditEvent.objects.filter(event_type=events.EVIDENCE_DOWNLOADED)
    assert downloads.count() == 2
    event = downloads.first()
    assert event.actor == viewer
    assert (event.target_type, event.target_id) == ("delivery.evidence", evidence.pk)
    assert event.partnership == action.recommendation.review.partnership
    assert event.after["evidence"] == evidence.pk
    recorded = f"{event.summary} {event.after}"
    assert "Kit Marsh" not in recorded and "DBS" not in recorded


def test_an_outsider_gets_404_and_no_download_is_recorded(client, action, police_lead, outsider):
    post_evidence(client, action, police_lead, SimpleUploadedFile("register.pdf", pdf()))
    evidence = Evidence.objects.get()
    client.force_login(outsider)
    assert client.get(reverse("delivery:evidence_download", args=[evidence.pk])).status_code == 404
    assert not AuditEvent.objects.filter(event_type=events.EVIDENCE_DOWNLOADED).exists()


def test_a_file_missing_from_storage_is_a_clear_page_not_an_error(client, action, police_lead):
    post_evidence(client, action, police_lead, SimpleUploadedFile("register.pdf", pdf()))
    evidence = Evidence.objects.get()
    evidence.file.storage.delete(evidence.file.name)
    response = client.get(reverse("delivery:evidence_download", args=[evidence.pk]))
    assert response.status_code == 404
    assert "missing from the server" in response.text
    assert "restore it from the last backup" in response.text
    assert not AuditEvent.objects.filter(event_type=events.EVIDENCE_DOWNLOADED).exists()
