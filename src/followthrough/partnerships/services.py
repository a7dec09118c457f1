from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.partnerships.models import Agency, AgencyAlias, Membership, Partnership


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
    """An agency anywhere in Followthrough by its name, short name or another name it goes by
    (the names of an agency merged into it), ignoring case and spacing. Finding one gives no
    one anything: only a deliberate link makes it a partner."""
    name = _clean(name)
    found = Agency.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name)).first()
    if found is None:
        alias = AgencyAlias.objects.filter(name__iexact=name).select_related("agency").first()
        found = alias.agency if alias else None
    return found


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


class AgencyMergeRefused(Exception):
    """The two agencies cannot be merged; the message says why."""


@dataclass(frozen=True)
class AgencyMerged:
    """What a merge did, for the page that reports it."""

    kept: Agency
    leads_moved: int
    memberships_moved: int
    memberships_dropped: int
    names_kept: tuple[str, ...]


def _names_of(agency: Agency) -> list[str]:
    names = [agency.name, agency.short_name, *agency.aliases.values_list("name", flat=True)]
    seen: dict[str, str] = {}
    for name in names:
        name = _clean(name or "")
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return list(seen.values())


@transaction.atomic
def agency_merge(*, agency: Agency, into: Agency, actor) -> AgencyMerged:
    """``agency`` and ``into`` are the same organisation: ``agency`` becomes part of ``into``.

    The actions it leads and the memberships that make people its leads move to ``into`` (a
    membership ``into`` already has is not made twice), as do invitations waiting for a lead,
    and the partnerships it serves. Its names become ``into``'s short name, where ``into`` has
    none of its own, or other names of ``into``, so that a plan that writes them still finds
    ``into`` on import. Then ``agency`` is deleted; its row history and the audit events keep
    what it was. Every move is saved through the model, so each lead and membership keeps its
    history. Who may merge is the view's rule (``partnerships.merge_agency``)."""
    if agency.pk == into.pk:
        raise AgencyMergeRefused("Choose a different agency to merge it into")
    # Both rows locked, in a fixed order, so two merges of the same agencies cannot cross.
    rows = Agency.objects.select_for_update().filter(pk__in=[agency.pk, into.pk]).order_by("pk")
    locked = {a.pk: a for a in rows}
    if len(locked) != 2:
        raise AgencyMergeRefused("One of the agencies is no longer in Followthrough")
    agency, into = locked[agency.pk], locked[into.pk]
    before = {
        "agency_id": agency.pk,
        "name": agency.name,
        "short_name": agency.short_name,
        "sector": agency.sector,
        "partnership_ids": sorted(agency.partnerships.values_list("pk", flat=True)),
    }
    into_before = {"name": into.name, "short_name": into.short_name, "sector": into.sector}
    affected = set(before["partnership_ids"]) | set(into.partnerships.values_list("pk", flat=True))

    leads = list(agency.action_leads.all())
    for lead in leads:
        lead.agency = into
        lead.save(update_fields=["agency"])

    moved = dropped = 0
    for membership in agency.memberships.select_for_update():
        duplicate = Membership.objects.filter(
            user_id=membership.user_id,
            partnership_id=membership.partnership_id,
            role=membership.role,
            agency=into,
        ).exists()
        if duplicate:
            membership.delete()
            dropped += 1
        else:
            membership.agency = into
            membership.version += 1
            membership.save(update_fields=["agency", "version"])
            moved += 1
    for invitation in agency.invitations.all():
        invitation.agency = into
        invitation.save(update_fields=["agency"])

    into.partnerships.add(*agency.partnerships.all())
    own = {_clean(n).lower() for n in (into.name, into.short_name) if n}
    own |= {n.lower() for n in into.aliases.values_list("name", flat=True)}
    names = [n for n in _names_of(agency) if n.lower() not in own]
    agency.aliases.all().delete()
    if (not into.short_name or into.short_name == into.name) and names:
        short = next((n for n in sorted(names, key=len) if len(n) <= 40), None)
        if short is not None:
            into.short_name = short
            names.remove(short)
    if into.sector == Agency.Sector.OTHER:
        into.sector = agency.sector
    into.save()
    agency.delete()
    AgencyAlias.objects.bulk_create(AgencyAlias(agency=into, name=n) for n in names)

    merged = AgencyMerged(
        kept=into,
        leads_moved=len(leads),
        memberships_moved=moved,
        memberships_dropped=dropped,
        names_kept=tuple(_names_of(into)),
    )
    after = {
        "into_id": into.pk,
        "name": into.name,
        "short_name": into.short_name,
        "sector": into.sector,
        "other_names": sorted(into.aliases.values_list("name", flat=True)),
        "action_lead_ids": [lead.pk for lead in leads],
        "memberships_moved": moved,
        "memberships_dropped": dropped,
        "into_before": into_before,
    }
    summary = f"{before['name']} merged into {into.name}"
    # One event in the trail of each partnership the two agencies served: a merge changes
    # what each of them sees.
    for partnership in Partnership.objects.filter(pk__in=affected).order_by("pk") or [None]:
        audit_event_record(
            actor=actor,
            event_type=events.AGENCY_MERGED,
            target=into,
            partnership=partnership,
            summary=summary,
            before=before,
            after=after,
        )
    return merged
