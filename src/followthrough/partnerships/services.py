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


def _clean(name: str) -> str:
    return " ".join(name.split())


def agency_find(name: str) -> Agency | None:
    """An agency anywhere in Followthrough by its name or short name, ignoring case and
    spacing. Finding one gives no one anything: only a deliberate link makes it a partner."""
    name = _clean(name)
    return Agency.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name)).first()


class AgencyExists(Exception):
    """An agency of that name is already in Followthrough: link it rather than make another."""

    def __init__(self, agency: Agency):
        super().__init__(
            f"{agency.name} is already in Followthrough: add it as a partner instead of "
            "creating it again"
        )
        self.agency = agency


@transaction.atomic
def agency_partnership_link(*, agency: Agency, partnership: Partnership, actor) -> bool:
    """Make the agency a partner of the partnership: a deliberate act, by someone entitled to
    manage the partnership's agencies (its coordinator, a site administrator, or an importer who
    confirmed the link). Returns False when it was a partner already."""
    if agency.partnerships.filter(pk=partnership.pk).exists():
        return False
    agency.partnerships.add(partnership)
    audit_event_record(
        actor=actor,
        event_type=events.AGENCY_JOINED_PARTNERSHIP,
        target=agency,
        partnership=partnership,
        summary=f"{agency.name} became a partner of {partnership.name}",
        after={"agency_id": agency.pk, "partnership_id": partnership.pk},
    )
    return True


@transaction.atomic
def agency_partnership_unlink(*, agency: Agency, partnership: Partnership, actor) -> None:
    """The agency is no longer a partner. Refused while it leads actions of the partnership or
    has leads there: those must move first."""
    if agency.action_leads.filter(action__recommendation__review__partnership=partnership).exists():
        raise AgencyInUse(
            f"{agency.name} leads actions of {partnership.name}: change their leads first"
        )
    if Membership.objects.filter(agency=agency, partnership=partnership).exists():
        raise AgencyInUse(
            f"{agency.name} has leads in {partnership.name}: remove their memberships first"
        )
    agency.partnerships.remove(partnership)
    audit_event_record(
        actor=actor,
        event_type=events.AGENCY_LEFT_PARTNERSHIP,
        target=agency,
        partnership=partnership,
        summary=f"{agency.name} is no longer a partner of {partnership.name}",
        before={"agency_id": agency.pk, "partnership_id": partnership.pk},
    )


class AgencyInUse(Exception):
    """The agency cannot stop being a partner while the partnership uses it."""


@transaction.atomic
def agency_create(
    *,
    name: str,
    partnership: Partnership,
    actor,
    short_name: str = "",
    sector: str = Agency.Sector.OTHER,
) -> Agency:
    """A new agency, made a partner of the partnership that added it. Refused (``AgencyExists``)
    when one of that name or short name is already in Followthrough."""
    name, short_name = _clean(name), _clean(short_name)
    existing = agency_find(name) or (agency_find(short_name) if short_name else None)
    if existing is not None:
        raise AgencyExists(existing)
    if not short_name and len(name) <= 40:
        short_name = name
    agency = Agency.objects.create(name=name, short_name=short_name, sector=sector)
    audit_event_record(
        actor=actor,
        event_type=events.AGENCY_CREATED,
        target=agency,
        partnership=partnership,
        summary=f"Agency created: {name}",
        after={"name": name, "short_name": short_name, "sector": sector},
    )
    agency_partnership_link(agency=agency, partnership=partnership, actor=actor)
    return agency


@transaction.atomic
def agency_get_or_create_for_partnership(
    *, name: str, partnership: Partnership, actor, sector: str = Agency.Sector.OTHER
) -> Agency:
    """The agency of that name, created if new, and linked to the partnership whatever other
    partnerships it serves. Site-level commands only (the demo); imports confirm each link."""
    agency = agency_find(name)
    if agency is None:
        return agency_create(name=name, partnership=partnership, actor=actor, sector=sector)
    agency_partnership_link(agency=agency, partnership=partnership, actor=actor)
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
