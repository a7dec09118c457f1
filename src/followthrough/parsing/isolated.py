"""The reader run in a child process with a ceiling on time and memory (``followthrough.sandbox``).

A document from a user is hostile until read. ``read_plan_isolated`` runs ``read_plan`` in a
fresh process whose memory and time the kernel caps: whatever the document does to the reader,
the process that asked (the web server's worker, the command line) keeps its memory and gets
either the plan or one line saying why not. The reader's own bounds (``limits.py``) refuse a
document far bigger than any plan first, with a message that says what was too big; the
ceilings catch what they cannot foresee.

Plain Python: no Django import (the command line and the worker both use it).
"""

from __future__ import annotations

from dataclasses import asdict

from followthrough.interchange import ActionPlan, plan_from_dict, plan_to_dict
from followthrough.parsing.errors import ParseError
from followthrough.parsing.limits import SAVE_JUST_THE_PLAN, Limits
from followthrough.parsing.reader import read_plan
from followthrough.sandbox import ChildFailed, ChildRefused, SandboxError, run_limited
from followthrough.sandbox import Limits as Ceilings

TARGET = "followthrough.parsing.isolated:plan_as_dict"
__all__ = ["Ceilings", "plan_as_dict", "read_plan_isolated"]


def plan_as_dict(
    payload: bytes, *, filename: str | None = None, limits: dict | None = None
) -> dict:
    """What the child runs: the plan in ``payload`` in its interchange form, warnings and all."""
    bounds = Limits(**limits) if limits else None
    return plan_to_dict(read_plan(payload, filename=filename, limits=bounds), warnings=True)


def read_plan_isolated(
    data: bytes,
    *,
    filename: str | None = None,
    ceilings: Ceilings,
    limits: Limits | None = None,
) -> ActionPlan:
    """``read_plan`` in a child process held to ``ceilings``. Raises ``ParseError`` with one line
    (prefixed with ``filename`` when given) whatever went wrong: the reader's own refusal, or the
    time or memory running out, or the child failing."""
    kwargs = {"filename": filename, "limits": asdict(limits) if limits else None}
    try:
        found = run_limited(
            TARGET,
            data,
            kwargs=kwargs,
            limits=ceilings,
            expected=(f"{ParseError.__module__}.{ParseError.__qualname__}",),
            what="reading the document",
        )
    except ChildRefused as exc:
        raise ParseError(str(exc)) from None
    except ChildFailed as exc:
        raise ParseError(
            _named(
                filename,
                f"{exc}: open it, save it again and try again; if it fails again, "
                "report it to your administrator",
            )  # fmt: skip
        ) from None
    except SandboxError as exc:  # out of time or memory
        raise ParseError(_named(filename, f"{exc}: {SAVE_JUST_THE_PLAN}")) from None
    return plan_from_dict(found)


def _named(filename: str | None, message: str) -> str:
    return f"{filename}: {message}" if filename else message
