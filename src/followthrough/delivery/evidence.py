"""Checking evidence files by their content, not their name."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class EvidenceType:
    label: str
    content_type: str


PDF = EvidenceType("PDF", "application/pdf")
DOCX = EvidenceType(
    "Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
XLSX = EvidenceType(
    "Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
OLD_OFFICE = EvidenceType("Word or Excel 97-2003 file", "application/octet-stream")
PNG = EvidenceType("PNG image", "image/png")
JPEG = EvidenceType("JPEG image", "image/jpeg")
GIF = EvidenceType("GIF image", "image/gif")

ACCEPTED = "PDF, Word (.docx, .doc), Excel (.xlsx, .xls), PNG, JPEG or GIF"


class EvidenceRejected(ValueError):
    """The file is not evidence we accept; the message says why, for the person uploading."""


def evidence_type(head: bytes, data: bytes | None = None) -> EvidenceType:
    """The type of an evidence file from its first bytes (and, for Office files, the names of
    the parts inside the zip). Raises EvidenceRejected for anything else."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLD_OFFICE
    if head.startswith(b"PK\x03\x04") and data is not None:
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise EvidenceRejected(
                "The file looks like a Word or Excel file but is damaged."
            ) from None
        if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
            return DOCX
        if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
            return XLSX
    raise EvidenceRejected(f"This type of file cannot be used as evidence. Upload a {ACCEPTED}.")
