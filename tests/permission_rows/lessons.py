"""The permission matrix's rows for repeated recommendations and recurring lessons
(see tests/test_permissions.py)."""

from tests.permission_rows import SIGNED_IN

# Everyone signed in reads the report: each group shows only the members they may see (their
# own partnerships' reviews, and other partnerships' published ones without names).
ROWS: dict = {
    "lessons:recurring": (None, SIGNED_IN),
    "lessons:recurring_xlsx": (None, SIGNED_IN),
}
