"""The permission matrix's rows for national oversight (see tests/test_permissions.py)."""

ROWS: dict = {}
