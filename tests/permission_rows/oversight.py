"""The permission matrix's rows for national oversight (see tests/test_permissions.py): the
national role and the site administrator only; everyone else, coordinators included, 404. A
review's page answers for a published review only: an unpublished one is 404 to them too."""

from tests.permission_rows import NATIONAL

ROWS: dict = {
    "oversight:figures": (None, NATIONAL),
    "oversight:figures_xlsx": (None, NATIONAL),
    "oversight:recommendations": (None, NATIONAL),
    "oversight:review": [
        ("published_review", NATIONAL),
        ("review", set()),
    ],
}
