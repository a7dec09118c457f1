"""The permission matrix's rows for the public pages (see tests/test_permissions.py)."""

ROWS: dict = {}
