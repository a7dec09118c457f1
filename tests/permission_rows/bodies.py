"""The permission matrix's rows for national bodies (see tests/test_permissions.py). A body's
user (the Home Office's) reaches its register and what is addressed to the Home Office, not
what is addressed to another body; nobody else does, the national oversight role included.
Addressing a recommendation to bodies is a change to the plan: its authors."""

from tests.permission_rows import AUTHORS, BODY_USERS

ROWS: dict = {
    "bodies:register": (None, BODY_USERS),
    "bodies:register_xlsx": (None, BODY_USERS),
    "bodies:addressing": [
        ("addressing", BODY_USERS),
        ("addressing_elsewhere", {"superuser"}),
    ],
    "bodies:respond": [
        ("addressing", BODY_USERS),
        ("addressing_elsewhere", {"superuser"}),
    ],
    "bodies:acknowledge": ("addressing", "405"),
    "bodies:withdraw": ("addressing", "405"),
    "bodies:address": ("rec", AUTHORS),
}


def world_add(*, users, objects, home, review, rec) -> None:
    """Add this area's records to the permission world (tests/worlds.py): URL arguments into
    ``objects`` by kind, people into ``users``. ``home`` is Northmoor CSP, ``review`` its
    unpublished review with the recommendation ``rec``."""
    from followthrough.bodies.models import NationalBody
    from followthrough.bodies.services import body_membership_grant, recommendation_address
    from tests.factories import UserFactory

    home_office = NationalBody.objects.get(name="Home Office")
    dhsc = NationalBody.objects.get(short_name="DHSC")
    users["homeoffice"] = UserFactory(username="homeoffice")
    body_membership_grant(user=users["homeoffice"], body=home_office, actor=users["superuser"])
    to_home_office, to_dhsc = recommendation_address(
        recommendation=rec, bodies=[home_office, dhsc], actor=users["coordinator"]
    )
    objects["addressing"] = [to_home_office.pk]
    objects["addressing_elsewhere"] = [to_dhsc.pk]
