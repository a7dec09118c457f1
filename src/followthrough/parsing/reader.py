"""Choose a reader for a document and run it. (Placeholder until the text reader lands.)"""

from __future__ import annotations

from pathlib import Path

from followthrough.interchange import ActionPlan
from followthrough.parsing.errors import ParseError


def read_plan(data: bytes, *, filename: str | None = None) -> ActionPlan:
    raise ParseError("no reader is available yet")


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
