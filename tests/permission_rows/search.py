"""The permission matrix's rows for search (see tests/test_permissions.py)."""

ROWS: dict = {}
