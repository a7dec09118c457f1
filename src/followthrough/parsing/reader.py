"""Choose a reader for a document by what it contains, and run it.

Interchange JSON is validated and read as it is; text goes to the text format reader and then
to the shared table interpreter. Anything else gets a ``ParseError`` that says what the file
looks like and what to do instead.
"""

from __future__ import annotations

from pathlib import Path

from followthrough.interchange import ActionPlan
from followthrough.parsing.errors import ParseError
from followthrough.parsing.formats.text import document_from_text
from followthrough.parsing.interchange_json import looks_like_json, read_interchange_json
from followthrough.parsing.sniff import decode_text, describe_binary
from followthrough.parsing.table import interpret


def read_plan(data: bytes, *, filename: str | None = None) -> ActionPlan:
    """The action plan in ``data``. Raises ``ParseError`` with one line for the person who
    supplied the file (prefixed with ``filename`` when given)."""
    try:
        return _read(data, filename)
    except ParseError as exc:
        if filename:
            raise ParseError(f"{filename}: {exc}") from None
        raise


def _read(data: bytes, filename: str | None) -> ActionPlan:
    if not data.strip():
        raise ParseError("the file is empty: export the action plan as text and try again")
    problem = describe_binary(data)
    if problem:
        raise ParseError(problem)
    text = decode_text(data)
    if not text.strip():
        raise ParseError("the file has no text in it: export the action plan as text and try again")
    if looks_like_json(text):
        return read_interchange_json(text)
    return interpret(document_from_text(text, name=filename))


def read_plan_file(path: str | Path) -> ActionPlan:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ParseError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ParseError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise ParseError(f"{path}: permission denied") from None
    return read_plan(data, filename=path.name)
