"""A plan already in the interchange format (``{"format": "followthrough.action-plan/1", ...}``),
checked against the JSON schema before it is read."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from followthrough.interchange import FORMAT, ActionPlan, PartialDate, plan_from_dict, schema
from followthrough.parsing.errors import ParseError
from followthrough.parsing.limits import Limits, Tally, too_big

_MAX_MESSAGE = 160


def looks_like_json(text: str) -> bool:
    return text.lstrip().startswith(("{", "["))


def read_interchange_json(text: str, *, limits: Limits | None = None) -> ActionPlan:
    limits = limits or Limits()
    Tally(limits, "the JSON file").whole_text(len(text))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"the file looks like JSON but is not valid JSON (line {exc.lineno}, column "
            f"{exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:  # nested deeper than the decoder goes
        raise _too_deep(None, limits) from None
    depth = _depth(data, limits.nesting)
    if depth > limits.nesting:
        raise _too_deep(None, limits)
    error = best_match(Draft202012Validator(schema()).iter_errors(data))
    if error is not None:
        message = error.message
        if len(message) > _MAX_MESSAGE:
            message = message[: _MAX_MESSAGE - 1] + "…"
        raise ParseError(
            f"the JSON is not an action plan in the {FORMAT} format: at {error.json_path}, "
            f"{message}"
        )
    _check_dates(data)
    try:
        return plan_from_dict(data)
    except (KeyError, ValueError, TypeError, OverflowError) as exc:
        raise ParseError(f"the JSON action plan cannot be read: {exc}") from None


_DATE_KEYS = frozenset({"published_on", "target_date", "completed_on"})


def _check_dates(value, path: str = "$") -> None:
    """Every date the plan gives, read as a ``PartialDate`` (which refuses years outside
    1900-2199), so that a bad one is named with where it is: "at $.review.published_on"."""
    if isinstance(value, dict):
        for key, child in value.items():
            where = f"{path}.{key}"
            if key in _DATE_KEYS and isinstance(child, str) and child:
                try:
                    PartialDate.fromisoformat(child)
                except (ValueError, OverflowError) as exc:
                    raise ParseError(
                        f"the JSON action plan cannot be read: at {where}, the date '{child[:20]}' "
                        f"cannot be used ({exc}); correct it and try again"
                    ) from None
            else:
                _check_dates(child, where)
    elif isinstance(value, list):
        for i, child in enumerate(value):
            _check_dates(child, f"{path}[{i}]")


def _too_deep(found: int | None, limits: Limits) -> ParseError:
    return too_big(
        "the JSON", found, limits.nesting, "levels of nesting", plan="an action plan",
        advice="export the plan from Followthrough again, or check the file is a plan",
    )  # fmt: skip


def _depth(data, stop: int) -> int:
    """How deep arrays and objects nest in ``data`` (counted without recursion, and no further
    than one level past ``stop``)."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            if level > stop:
                return level
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, level + 1) for child in children)
    return deepest
