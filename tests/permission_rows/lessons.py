"""The permission matrix's rows for repeated recommendations and recurring lessons
(see tests/test_permissions.py)."""

ROWS: dict = {}
