"""Errors as RFC 9457 problem details (``application/problem+json``): a ``type`` URI naming
the kind of problem (documented in docs/api.md), a ``title`` for it, the HTTP ``status``, a
``detail`` for this occurrence, and, for 422, ``errors``: one per field."""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse
from ninja.errors import AuthenticationError, HttpError, ValidationError

CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "urn:followthrough:problem:"  # a name, not a link: docs/api.md lists them

TITLES = {
    400: ("bad-request", "The request could not be read"),
    401: ("unauthenticated", "A valid API token is needed"),
    403: ("forbidden", "The token may not do this"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    409: ("conflict", "The action's state does not allow this"),
    412: ("stale", "The action changed since that version"),
    413: ("too-large", "The request is too large"),
    422: ("invalid", "Some of what was sent is not valid"),
    428: ("version-required", "Send If-Match with the action's version"),
    429: ("rate-limited", "Too many requests"),
}


class Problem(Exception):
    """Raised in an endpoint to answer with a problem document. ``extra`` adds members (the
    action's current state for 412, for example); ``headers`` are set on the response."""

    def __init__(self, status: int, detail: str, *, errors=None, headers=None, **extra):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra


def problem_response(
    status: int, detail: str, *, errors=None, headers=None, **extra
) -> HttpResponse:
    slug, title = TITLES.get(status, ("error", "Error"))
    body = {"type": TYPE_BASE + slug, "title": title, "status": status, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    body.update(extra)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, default=str), status=status, content_type=CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field(loc) -> str:
    """The field a pydantic error is about, without where it was sent ("body", "query")."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form", "file")]
    return ".".join(parts[-2:] if len(parts) > 1 and parts[0] in ("data", "filters") else parts)


def install(api) -> None:
    """Answer every error of ``api`` as problem+json (a server error stays Django's 500)."""

    @api.exception_handler(Problem)
    def _problem(request, exc: Problem):
        return problem_response(
            exc.status, exc.detail, errors=exc.errors, headers=exc.headers, **exc.extra
        )

    @api.exception_handler(ValidationError)
    def _invalid(request, exc: ValidationError):
        errors = [
            {"field": _field(e.get("loc", ())), "message": str(e.get("msg", "Not valid"))}
            for e in exc.errors
        ]
        return problem_response(422, "Correct the fields listed in errors.", errors=errors)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return problem_response(
            401,
            "Send a live token as 'Authorization: Bearer <token>'. Tokens expire, are revoked "
            "on the API tokens page, and stop while their user is deactivated.",
            headers={"WWW-Authenticate": 'Bearer realm="followthrough"'},
        )

    @api.exception_handler(Http404)
    def _missing(request, exc):
        return problem_response(404, "There is nothing here that this token may see.")

    @api.exception_handler(HttpError)
    def _http(request, exc: HttpError):
        return problem_response(exc.status_code, str(exc))
