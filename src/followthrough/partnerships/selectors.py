"""Reads about who belongs where. The permission predicates and the list pages both use
``roles_by_partnership``, so what a user can list and what they can open always agree."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from followthrough.partnerships.models import Agency, AgencyAlias, Membership, Partnership, Role

_CACHE_ATTR = "_followthrough_roles_by_partnership"


def roles_by_partnership(user) -> dict[int, frozenset[str]]:
    """Each partnership the user belongs to, with the roles they hold there. Cached on the user
    object, which lives for one request."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        roles: dict[int, set[str]] = defaultdict(set)
        for partnership_id, role in Membership.objects.filter(user=user).values_list(
            "partnership_id", "role"
        ):
            roles[partnership_id].add(role)
        cached = {pid: frozenset(r) for pid, r in roles.items()}
        setattr(user, _CACHE_ATTR, cached)
    return cached


def partnership_ids_for_user(user, *, roles: frozenset[str] | None = None) -> frozenset[int]:
    """The partnerships a user belongs to, in any role or in one of ``roles``."""
    return frozenset(
        pid for pid, held in roles_by_partnership(user).items() if roles is None or held & roles
    )


def partnerships_for_user(user, *, roles: frozenset[str] | None = None):
    if user.is_superuser:
        return Partnership.objects.all()
    return Partnership.objects.filter(pk__in=partnership_ids_for_user(user, roles=roles))


def get_partnership_for_user(
    request, pk: int, *, perm: str = "partnerships.view_partnership"
) -> Partnership:
    """The partnership, if the user has the permission on it; otherwise 404, so that an
    outsider never learns whether it exists."""
    partnership = Partnership.objects.filter(pk=pk).first()
    if partnership is None or not request.user.has_perm(perm, partnership):
        raise Http404("Not found")
    return partnership


def partner_agencies(partnership: Partnership) -> list[Agency]:
    """The partnership's agencies, by name, each with how many of the partnership's actions it
    leads (``action_count``), how many leads it has there (``lead_count``) and how many
    partnerships it serves (``partnership_count``). One query."""
    # The leads of actions (plans.ActionLead), reached through the agency's reverse relation:
    # partnerships sits below plans and imports nothing of it.
    ActionLead = Agency._meta.get_field("action_leads").related_model
    led = ActionLead.objects.filter(
        agency=OuterRef("pk"), action__recommendation__review__partnership=partnership
    )
    leads = Membership.objects.filter(agency=OuterRef("pk"), partnership=partnership)
    served = Agency.partnerships.through.objects.filter(agency=OuterRef("pk"))
    return list(
        partnership.agencies.annotate(
            action_count=_count(led), lead_count=_count(leads), partnership_count=_count(served)
        ).order_by("name")
    )


def mergeable_agencies(partnership: Partnership, user):
    """The partnership's agencies that ``user`` may merge: every one for a site administrator;
    for a coordinator, those that serve no partnership but ones they coordinate (merging moves
    the agency's leads and names in every partnership it serves, which only those
    partnerships decide). The query twin of the ``partnerships.merge_agency`` rule."""
    agencies = partnership.agencies.order_by("name")
    if user.is_superuser:
        return agencies
    coordinated = partnership_ids_for_user(user, roles=frozenset({Role.COORDINATOR}))
    if partnership.pk not in coordinated:
        return agencies.none()
    return agencies.exclude(partnerships__in=Partnership.objects.exclude(pk__in=coordinated))


def _count(queryset) -> Subquery:
    return Coalesce(
        Subquery(queryset.order_by().values("agency").annotate(n=Count("pk")).values("n")[:1]),
        0,
    )


def agencies_to_add(partnership: Partnership):
    """The agencies in Followthrough that are not yet partners of the partnership, by name."""
    return Agency.objects.exclude(partnerships=partnership).order_by("name")


_AGENCY_CACHE_ATTR = "_followthrough_lead_agencies"


def lead_agencies(user) -> dict[int, frozenset[int]]:
    """The agencies the user is a lead for, each with the partnerships where they lead for it.

    A lead's reach is decided by each partnership: they update and read their agency's actions
    only in the partnerships that made them a lead for it (a Membership with the role agency
    lead). An agency serving several partnerships gives its leads in one of them nothing in the
    others. Cached on the user object, which lives for one request (one query)."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, _AGENCY_CACHE_ATTR, None)
    if cached is None:
        from followthrough.partnerships.models import Role

        granted: dict[int, set[int]] = defaultdict(set)
        rows = Membership.objects.filter(
            user=user, role=Role.AGENCY_LEAD, agency__isnull=False
        ).values_list("agency_id", "partnership_id")
        for agency_id, partnership_id in rows:
            granted[agency_id].add(partnership_id)
        cached = {agency: frozenset(pids) for agency, pids in granted.items()}
        setattr(user, _AGENCY_CACHE_ATTR, cached)
    return cached


@dataclass(frozen=True)
class AgencyMatch:
    """An agency name as a plan writes it, and what it matches: an agency of the partnership,
    or one in Followthrough that is not the partnership's (linking it must be confirmed), or
    nothing (saving the plan adds it as a new agency of the partnership)."""

    name: str
    partner: Agency | None = None
    elsewhere: Agency | None = None

    @property
    def needs_link(self) -> bool:
        return self.partner is None and self.elsewhere is not None

    @property
    def is_new(self) -> bool:
        return self.partner is None and self.elsewhere is None

    @property
    def agency(self) -> Agency | None:
        return self.partner or self.elsewhere


def _key(name: str) -> str:
    return " ".join(name.split()).lower()


def agency_matches(names, partnership: Partnership) -> list[AgencyMatch]:
    """What each agency name matches, by name, short name or another name it goes by (the
    names of an agency merged into it) ignoring case and spacing, in the order first named.
    Two queries whatever the number of names."""
    wanted: dict[str, str] = {}
    for name in names:
        if name and _key(name) and _key(name) not in wanted:
            wanted[_key(name)] = " ".join(name.split())
    if not wanted:
        return []
    lookup, alias_lookup = Q(), Q()
    for key in wanted:
        lookup |= Q(name__iexact=key) | Q(short_name__iexact=key)
        alias_lookup |= Q(name__iexact=key)
    through = Agency.partnerships.through.objects.filter(partnership=partnership)
    by_key: dict[str, dict[bool, Agency]] = defaultdict(dict)
    agencies = Agency.objects.filter(lookup).annotate(
        is_partner=Exists(through.filter(agency=OuterRef("pk")))
    )
    for agency in agencies.order_by("pk"):
        for key in {_key(agency.name), _key(agency.short_name)} & wanted.keys():
            by_key[key].setdefault(agency.is_partner, agency)
    aliases = (
        AgencyAlias.objects.filter(alias_lookup)
        .select_related("agency")
        .annotate(is_partner=Exists(through.filter(agency=OuterRef("agency_id"))))
    )
    for alias in aliases.order_by("agency_id"):
        by_key[_key(alias.name)].setdefault(alias.is_partner, alias.agency)
    return [
        AgencyMatch(name, partner=by_key[key].get(True), elsewhere=by_key[key].get(False))
        for key, name in wanted.items()
    ]
