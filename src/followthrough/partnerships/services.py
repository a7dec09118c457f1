from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.partnerships.models import Agency, Membership, Partnership


@transaction.atomic
def partnership_get_or_create(*, name: str, actor) -> Partnership:
    name = " ".join(name.split())
    partnership = Partnership.objects.filter(name__iexact=name).first()
    if partnership is None:
        partnership = Partnership.objects.create(name=name)
        audit_event_record(
            actor=actor,
            event_type=events.PARTNERSHIP_CREATED,
            target=partnership,
            partnership=partnership,
            summary=f"Partnership created: {name}",
            after={"name": name},
        )
    return partnership


def agency_find(name: str) -> Agency | None:
    """An agency by its name or short name, ignoring case and spacing."""
    name = " ".join(name.split())
    return Agency.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name)).first()


@transaction.atomic
def agency_get_or_create_for_partnership(
    *, name: str, partnership: Partnership, actor, sector: str = Agency.Sector.OTHER
) -> Agency:
    """The agency of that name (created if new), made a partner of the partnership."""
    name = " ".join(name.split())
    agency = agency_find(name)
    if agency is None:
        agency = Agency.objects.create(
            name=name, short_name=name if len(name) <= 40 else "", sector=sector
        )
        audit_event_record(
            actor=actor,
            event_type=events.AGENCY_CREATED,
            target=agency,
            partnership=partnership,
            summary=f"Agency created: {name}",
            after={"name": name},
        )
    if not agency.partnerships.filter(pk=partnership.pk).exists():
        agency.partnerships.add(partnership)
        audit_event_record(
            actor=actor,
            event_type=events.AGENCY_JOINED_PARTNERSHIP,
            target=agency,
            partnership=partnership,
            summary=f"{agency.name} became a partner of {partnership.name}",
        )
    return agency


@transaction.atomic
def membership_create(
    *, user, partnership: Partnership, role: str, agency: Agency | None = None, actor
) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, partnership=partnership, role=role, agency=agency
    )
    if created:
        audit_event_record(
            actor=actor,
            event_type=events.MEMBERSHIP_CREATED,
            target=membership,
            partnership=partnership,
            summary=f"User #{user.pk} joined as {membership.get_role_display()}",
            after={"user_id": user.pk, "role": role, "agency_id": agency.pk if agency else None},
        )
    return membership
