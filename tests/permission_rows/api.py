"""The permission matrix's rows for the API (see tests/test_permissions.py): everyone signed in
lists and makes their own API tokens and revokes only their own (the lead's, here: not even the
site administrator revokes someone else's); the OpenAPI document and its docs page describe the
API to anyone. The API's operations take a token, never a session, and have no URL names: their
own persona walk, with a token for each persona, is tests/api/test_permissions.py."""

import datetime as dt

from tests.permission_rows import SIGNED_IN

ROWS: dict = {
    "api_tokens:list": (None, SIGNED_IN),
    "api_tokens:create": (None, SIGNED_IN),
    "api_tokens:revoke": ("api_token", {"lead"}),
    "api-v1:openapi-json": (None, "public"),
    "api-v1:openapi-view": (None, "public"),
    "api-v1:api-root": (None, "hidden from all"),  # ninja's marker of the API's root: 404
}


def world_add(*, users, objects, home, review, rec) -> None:
    """Add this area's records to the permission world (tests/worlds.py): the lead's token."""
    from followthrough.api.services import api_token_create

    token, _secret = api_token_create(
        user=users["lead"],
        name="Tracker sync",
        scope="write",
        expires_on=dt.date.today() + dt.timedelta(days=30),
        actor=users["lead"],
    )
    objects["api_token"] = [token.pk]
