"""The permission matrix's rows for pfd (see tests/test_permissions.py)."""

ROWS: dict = {}
