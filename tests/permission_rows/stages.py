"""The permission matrix's rows for stages (see tests/test_permissions.py)."""

ROWS: dict = {}
