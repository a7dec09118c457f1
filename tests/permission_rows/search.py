"""The permission matrix's rows for search (see tests/test_permissions.py). Everyone signed in
may search; what they find is only what the review list shows them (tests/search)."""

from tests.permission_rows import SIGNED_IN

ROWS: dict = {
    "search:results": (None, SIGNED_IN),
}
