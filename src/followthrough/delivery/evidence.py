"""Evidence files: what they are, found from their content, and checked by opening them.

Neither a file's name nor the type the browser sends says anything. Its first bytes say what
it claims to be (``sniff``); opening it says whether it is (``inspect``):

* a PDF must open with pdfminer, without a password, and have at least one page (a PDF that
  asks for a password to open, or whose structure is broken, is refused; one with an owner
  password that only restricts printing or copying opens for everyone, and is kept);
* a Word or Excel file (.docx, .xlsx) must pass the reader's own checks for Office packages
  (``parsing.formats.package.open_package``: zip bombs, document type declarations, password
  protection, damage), and carry no macros;
* a Word or Excel 97-2003 file (.doc, .xls) must be a readable OLE2 file (olefile) holding a
  Word document or an Excel workbook, not protected with a password, with no macros;
* an image must be the kind its header says (Pillow), decode whole, and stay under
  ``MAX_IMAGE_PIXELS`` (a few bytes can declare a picture of billions of pixels).

Opening runs in a child process with a ceiling on time and memory (``evidence_check``, through
``followthrough.sandbox``): these libraries are handed bytes a stranger wrote. Each refusal is
an ``EvidenceRejected`` with one sentence for the person uploading.

The stored file gets a random name with the extension of the detected type; the name the
person gave is kept only to show (``display_name``: no folders, no control or direction-
changing characters), and a download is named from it with the detected extension
(``download_name``).

Plain Python: no Django import, since the sandbox's child imports this module.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from dataclasses import dataclass

from followthrough.sandbox import (
    ChildFailed,
    ChildRefused,
    Limits,
    OutOfMemory,
    OutOfTime,
    run_limited,
)


@dataclass(frozen=True)
class EvidenceType:
    key: str
    label: str
    content_type: str
    extension: str  # of the stored file and of the download
    also_named: tuple[str, ...] = ()  # other extensions people give this type


PDF = EvidenceType("pdf", "PDF", "application/pdf", "pdf")
DOCX = EvidenceType(
    "docx",
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
)
XLSX = EvidenceType(
    "xlsx",
    "Excel workbook",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsx",
)
DOC = EvidenceType("doc", "Word 97-2003 document", "application/msword", "doc", ("dot",))
XLS = EvidenceType("xls", "Excel 97-2003 workbook", "application/vnd.ms-excel", "xls")
PNG = EvidenceType("png", "PNG image", "image/png", "png")
JPEG = EvidenceType("jpeg", "JPEG image", "image/jpeg", "jpg", ("jpeg", "jpe"))
GIF = EvidenceType("gif", "GIF image", "image/gif", "gif")
TYPES = {kind.key: kind for kind in (PDF, DOCX, XLSX, DOC, XLS, PNG, JPEG, GIF)}
EXTENSIONS = frozenset(kind.extension for kind in TYPES.values())

ACCEPTED = "PDF, Word (.docx, .doc), Excel (.xlsx, .xls), PNG, JPEG or GIF"
# A 48-megapixel phone photo is 48 million; a "decompression bomb" declares billions.
MAX_IMAGE_PIXELS = 64_000_000

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PILLOW_FORMATS = {PNG: "PNG", JPEG: "JPEG", GIF: "GIF"}


class EvidenceRejected(ValueError):
    """The file is not evidence we accept; the message says why, for the person uploading."""


def _unknown() -> EvidenceRejected:
    return EvidenceRejected(f"This type of file cannot be used as evidence. Upload a {ACCEPTED}.")


def sniff(data: bytes) -> EvidenceType:
    """What the file claims to be, from its first bytes (and, for a zip, its part names)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if data.startswith(_OLE):
        return DOC  # or XLS: ``inspect`` looks inside to tell
    if data.startswith(b"PK\x03\x04"):
        from followthrough.parsing.formats.package import part_names

        names = set(part_names(data))
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    raise _unknown()


def inspect(data: bytes) -> EvidenceType:
    """What the file is, once opened: ``EvidenceRejected`` if it is not what it claims, or
    cannot be opened by the people who will download it. Run it through ``evidence_check``,
    never on the server's own process."""
    kind = sniff(data)
    if kind is PDF:
        _open_pdf(data)
    elif kind in (DOCX, XLSX):
        _open_package(data, kind)
    elif kind is DOC:
        kind = _open_ole(data)
    else:
        _open_image(data, kind)
    return kind


def inspect_in_child(payload: bytes) -> str:
    """The sandbox's target: the key of the type ``inspect`` found."""
    return inspect(payload).key


def evidence_check(data: bytes, *, limits: Limits) -> EvidenceType:
    """``inspect`` in a child process with ``limits``; every way it fails is an
    ``EvidenceRejected`` with one sentence."""
    try:
        key = run_limited(
            "followthrough.delivery.evidence:inspect_in_child",
            data,
            limits=limits,
            expected=("followthrough.delivery.evidence.EvidenceRejected",),
            what="checking the file",
        )
    except ChildRefused as exc:
        raise EvidenceRejected(str(exc)) from None
    except (OutOfTime, OutOfMemory):
        raise EvidenceRejected(
            "The file could not be checked within the time and memory allowed, so it was not "
            "kept: save a smaller or simpler copy and upload that."
        ) from None
    except ChildFailed:
        raise EvidenceRejected(
            "The file could not be opened to check it, so it was not kept: it may be damaged. "
            "Open it, save it again and upload the new copy."
        ) from None
    return TYPES[key]


# Opening each kind ---------------------------------------------------------------------------


def _open_pdf(data: bytes) -> None:
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))  # the empty password
        pages = sum(1 for _ in PDFPage.create_pages(document))
    except PDFPasswordIncorrect:
        raise EvidenceRejected(
            "The PDF is protected with a password, so no one else could open it: remove the "
            "password and upload it again."
        ) from None
    except MemoryError:
        raise  # the sandbox says the file needed more memory than allowed
    except Exception:  # pdfminer raises many kinds on a broken file
        pages = 0
    if pages == 0:
        raise EvidenceRejected(
            "The PDF is damaged and cannot be opened: save or print it as a PDF again and "
            "upload the new file."
        )


def _open_package(data: bytes, kind: EvidenceType) -> None:
    from followthrough.parsing.errors import ParseError
    from followthrough.parsing.formats.package import EXCEL, WORD, open_package

    package = WORD if kind is DOCX else EXCEL
    try:
        archive = open_package(data, package)
    except ParseError as exc:
        raise EvidenceRejected(_sentence(str(exc))) from None
    with archive:
        names = [name.lower() for name in archive.namelist()]
    if any(name.endswith("vbaproject.bin") for name in names):
        raise _macros(package.label, package.program, kind.extension)


def _open_ole(data: bytes) -> EvidenceType:
    import olefile

    damaged = EvidenceRejected(
        "The file looks like a Word or Excel 97-2003 file but is damaged: open it in Word or "
        "Excel, save it again and upload it."
    )
    try:
        with olefile.OleFileIO(data) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True)}
            storages = {
                "/".join(entry).lower() for entry in ole.listdir(streams=False, storages=True)
            }
            if "encryptedpackage" in streams:  # a .docx or .xlsx saved with a password
                raise _password("Word or Excel file", "Word or Excel")
            if "worddocument" in streams:
                kind, program, flags = DOC, "Word", ole.openstream("WordDocument").read(12)
                if len(flags) < 12 or flags[:2] != b"\xec\xa5":
                    raise damaged
                if int.from_bytes(flags[10:12], "little") & 0x0100:  # FIB: fEncrypted
                    raise _password(DOC.label, program)
                macros = "macros" in storages
            elif "workbook" in streams or "book" in streams:
                kind, program = XLS, "Excel"
                name = "Workbook" if "workbook" in streams else "Book"
                if _biff_has_password(ole.openstream(name).read()):
                    raise _password(XLS.label, program)
                macros = "_vba_project_cur" in storages
            else:
                raise _unknown()
    except EvidenceRejected:
        raise
    except MemoryError:
        raise  # the sandbox says the file needed more memory than allowed
    except Exception:  # olefile raises OSError and others on a broken file
        raise damaged from None
    if macros:
        raise _macros(kind.label, program, "docx" if kind is DOC else "xlsx")
    return kind


def _biff_has_password(stream: bytes) -> bool:
    """Whether the workbook's first substream has a FILEPASS record (it is encrypted)."""
    at = 0
    while at + 4 <= len(stream):
        record = int.from_bytes(stream[at : at + 2], "little")
        length = int.from_bytes(stream[at + 2 : at + 4], "little")
        if record == 0x002F:  # FILEPASS
            return True
        if record == 0x000A:  # EOF of the globals substream
            return False
        at += 4 + length
    return False


def _open_image(data: bytes, kind: EvidenceType) -> None:
    from PIL import Image

    lies = EvidenceRejected(
        f"The file starts like a {kind.label} but is not one, or is damaged: save the picture "
        "again and upload it."
    )
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != _PILLOW_FORMATS[kind]:
                    raise lies
                width, height = image.size
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # every pixel decoded: a truncated or broken file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise EvidenceRejected(
            f"The picture is too large to check (more than {MAX_IMAGE_PIXELS // 1_000_000} "
            "million pixels): make it smaller and upload it again."
        ) from None
    except EvidenceRejected:
        raise
    except MemoryError:
        raise  # the sandbox says the file needed more memory than allowed
    except Exception:  # Pillow raises many kinds on a broken file
        raise lies from None
    if width * height == 0:
        raise lies


def _password(label: str, program: str) -> EvidenceRejected:
    return EvidenceRejected(
        f"The {label} is protected with a password, so no one else could open it: remove the "
        f"password in {program}, save it and upload it again."
    )


def _macros(label: str, program: str, extension: str) -> EvidenceRejected:
    return EvidenceRejected(
        f"The {label} contains macros, which can carry harmful code: save it from {program} "
        f"as a .{extension} without macros and upload that."
    )


def _sentence(message: str) -> str:
    message = message[:1].upper() + message[1:]
    return message if message.endswith(".") else message + "."


# Names ---------------------------------------------------------------------------------------

_FOLDERS = re.compile(r"^.*[/\\]")
_NOT_IN_FILENAMES = re.compile(r'[<>:"|?*]')


def display_name(name: str, *, fallback: str = "evidence") -> str:
    """The name the person gave, fit to show and never to use as a path: folders dropped,
    control, format and direction-changing characters (a right-to-left override makes
    "gpj.exe" look like "exe.jpg") left out, line breaks and runs of spaces made one space, at
    most 200 characters."""
    name = _FOLDERS.sub("", name or "")
    name = "".join(
        " " if c.isspace() else c
        for c in name
        if c.isspace() or not unicodedata.category(c).startswith("C")
    )
    name = " ".join(name.split()).strip(". ")
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: 199 - len(extension)] + dot + extension) if dot else name[:200]
    return name or fallback


def download_name(name: str, kind: EvidenceType) -> str:
    """A safe name to download as: the display name, with the detected type's extension
    where it does not already have one of that type ("scan.exe" that is a PDF comes down as
    "scan.exe.pdf")."""
    name = _NOT_IN_FILENAMES.sub("_", display_name(name))
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension in (kind.extension, *kind.also_named):
        return name
    return f"{name}.{kind.extension}"
