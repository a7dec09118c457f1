"""The permission matrix's rows for pfd (see tests/test_permissions.py)."""

import datetime as dt

from tests.permission_rows import AUTHORS, MEMBERS

# Everyone who may read the review reads its addressees; those who write its plan write them.
# The import page: anyone who writes plans somewhere (the outsider, for their own partnership).
ROWS: dict = {
    "pfd:addressee_list": ("pfd_review", MEMBERS),
    "pfd:addressee_add": ("pfd_review", AUTHORS),
    "pfd:addressee_detail": ("pfd_addressee", MEMBERS),
    "pfd:addressee_change": ("pfd_addressee", AUTHORS),
    "pfd:addressee_remove": ("pfd_addressee", AUTHORS),
    "pfd:extension_record": ("pfd_addressee", AUTHORS),
    "pfd:response_record": ("pfd_addressee", AUTHORS),
    "pfd:import": (None, AUTHORS | {"outsider"}),
}


def world_add(*, users, objects, home, review, rec) -> None:
    """Add this area's records to the permission world (tests/worlds.py): URL arguments into
    ``objects`` by kind, people into ``users``. ``home`` is Northmoor CSP, ``review`` its
    unpublished review with the recommendation ``rec``."""
    from followthrough.pfd.models import Addressee
    from tests.factories import RecommendationFactory, ReviewFactory

    pfd = ReviewFactory(partnership=home, review_type="PFD", subject_pseudonym="")
    RecommendationFactory(review=pfd)
    addressee = Addressee.objects.create(
        review=pfd, name="NHS England", order=1, sent_on=dt.date(2025, 3, 17)
    )
    objects["pfd_review"] = [pfd.pk]
    objects["pfd_addressee"] = [addressee.pk]
