"""A plan already in the interchange format (``{"format": "followthrough.action-plan/1", ...}``),
checked against the JSON schema before it is read."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from followthrough.interchange import FORMAT, ActionPlan, plan_from_dict, schema
from followthrough.parsing.errors import ParseError

_MAX_MESSAGE = 160


def looks_like_json(text: str) -> bool:
    return text.lstrip().startswith(("{", "["))


def read_interchange_json(text: str) -> ActionPlan:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"the file looks like JSON but is not valid JSON (line {exc.lineno}, column "
            f"{exc.colno}: {exc.msg})"
        ) from None
    error = best_match(Draft202012Validator(schema()).iter_errors(data))
    if error is not None:
        message = error.message
        if len(message) > _MAX_MESSAGE:
            message = message[: _MAX_MESSAGE - 1] + "…"
        raise ParseError(
            f"the JSON is not an action plan in the {FORMAT} format: at {error.json_path}, "
            f"{message}"
        )
    try:
        return plan_from_dict(data)
    except (KeyError, ValueError, TypeError) as exc:
        raise ParseError(f"the JSON action plan cannot be read: {exc}") from None
