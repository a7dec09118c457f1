"""Token authentication: ``Authorization: Bearer <token>``. No session, no cookie, no CSRF.

Each request finds the token's user afresh and acts as them: their roles are read at this
request (``partnerships.selectors.roles_by_partnership``), so a token reaches no further than
its user does now, and not at all once the user is deactivated. The request is counted
against the token's limit per minute before anything else is done."""

from __future__ import annotations

from ninja.security import HttpBearer

from followthrough.api.errors import Problem
from followthrough.api.selectors import api_token_for_secret
from followthrough.api.services import api_request_admit


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        api_token = api_token_for_secret(token.strip())
        if api_token is None:
            return None  # 401
        retry_after = api_request_admit(token=api_token)
        if retry_after is not None:
            raise Problem(
                429,
                "This token has made as many requests as it may this minute: wait and try again.",
                headers={"Retry-After": str(retry_after)},
            )
        request.user = api_token.user
        request.api_token = api_token
        return api_token


def require_write(request) -> None:
    """Writes need a token with the write scope (checked before the record is looked up, so
    the refusal says nothing about whether the record exists)."""
    if not request.api_token.may_write:
        raise Problem(403, "This token is read-only: make a token with the write scope to write.")
