"""The permission matrix's rows for bodies (see tests/test_permissions.py)."""

ROWS: dict = {}
