"""The permission matrix's rows for pfd (see tests/test_permissions.py)."""

ROWS: dict = {}


def world_add(*, users, objects, home, review, rec) -> None:
    """Add this area's records to the permission world (tests/worlds.py): URL arguments into
    ``objects`` by kind, people into ``users``. ``home`` is Northmoor CSP, ``review`` its
    unpublished review with the recommendation ``rec``."""
