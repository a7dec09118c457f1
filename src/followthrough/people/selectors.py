"""Reads about the people of a partnership: who belongs, the invitations waiting, and which
open actions no one would be reminded of. Each a fixed number of queries."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.http import Http404

from followthrough.notifications.models import token_hash
from followthrough.partnerships.models import Agency, Invitation, Membership, Partnership, Role
from followthrough.partnerships.selectors import get_partnership_for_user
from followthrough.plans.lifecycle import open_q
from followthrough.plans.models import Action

MANAGE_PEOPLE = "partnerships.manage_people"


def get_membership_for_user(
    request, pk: int, membership_pk: int, *, perm: str = MANAGE_PEOPLE
) -> Membership:
    """A membership of the partnership ``pk``, if the user may manage its people; otherwise
    404 (a membership of another partnership under this one's address is not found either)."""
    partnership = get_partnership_for_user(request, pk, perm=perm)
    membership = (
        partnership.memberships.select_related("user", "agency", "partnership")
        .filter(pk=membership_pk)
        .first()
    )
    if membership is None:
        raise Http404("Not found")
    return membership


def get_invitation_for_user(
    request, pk: int, invitation_pk: int, *, perm: str = MANAGE_PEOPLE
) -> Invitation:
    """An invitation of the partnership ``pk``, if the user may manage its people; else 404."""
    partnership = get_partnership_for_user(request, pk, perm=perm)
    invitation = (
        partnership.invitations.select_related("agency", "partnership")
        .filter(pk=invitation_pk)
        .first()
    )
    if invitation is None:
        raise Http404("Not found")
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link's token opens, whatever its state, or None. Only the token's
    SHA-256 is stored, so the lookup is by that."""
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.select_related("partnership", "agency")
        .filter(token_hash=token_hash(token))
        .first()
    )


def accounts_for_email(email: str) -> list:
    """The accounts that use an e-mail address, ignoring case (at most two: enough to tell
    one from several)."""
    return list(get_user_model().objects.filter(email__iexact=email.strip()).order_by("pk")[:2])


def suggested_username(email: str) -> str:
    """A username for a new account, from the e-mail address's local part: lower case,
    the characters a username may hold, and a number added when taken. At most two queries."""
    local = email.split("@", 1)[0].lower()
    base = re.sub(r"[^a-z0-9.+_-]", "", local)[:30] or "user"
    User = get_user_model()
    taken = {
        name.lower()
        for name in User.objects.filter(username__istartswith=base).values_list(
            "username", flat=True
        )[:500]
    }
    if base not in taken:
        return base
    for n in range(2, 502):
        if f"{base}{n}" not in taken:
            return f"{base}{n}"
    return f"{base}{len(taken) + 2}"


def partnership_people(partnership: Partnership) -> list[Membership]:
    """Everyone who belongs to the partnership, one row per role they hold (a lead once per
    agency), by name. One query."""
    return list(
        partnership.memberships.select_related("user", "agency").order_by(
            "user__first_name", "user__last_name", "user__username", "role", "agency__name"
        )
    )


def coordinator_count(partnership: Partnership) -> int:
    return Membership.objects.filter(
        partnership=partnership, role=Role.COORDINATOR, user__is_active=True
    ).count()


def waiting_invitations(partnership: Partnership) -> list[Invitation]:
    """Invitations neither accepted nor withdrawn (expired ones included: they can be sent
    again), the newest first. One query."""
    return list(
        partnership.invitations.filter(accepted_at=None, withdrawn_at=None).select_related("agency")
    )


# --- Who would be reminded ----------------------------------------------------------------
#
# Reminders about an action go to the leads, in its partnership, of the agencies that lead it
# (notifications.selectors: an active user with an e-mail address). An open action none of
# whose agencies has such a lead there is reminded to no lead at all: the pages say so.


def _reached_leads(partnership_id: int):
    """The partnership's lead memberships whose person would get a reminder: an account that
    is switched on and has an e-mail address."""
    return Membership.objects.filter(
        partnership_id=partnership_id, role=Role.AGENCY_LEAD, user__is_active=True
    ).exclude(user__email="")


def _reached_agency_ids(partnership_id: int, agency_ids) -> set[int]:
    """Of ``agency_ids``, those with a lead in the partnership who would get a reminder. One
    query."""
    return set(
        _reached_leads(partnership_id)
        .filter(agency_id__in=list(agency_ids))
        .values_list("agency_id", flat=True)
    )


@dataclass(frozen=True)
class ActionReminderGap:
    """An open action no lead would be reminded of: the agencies that lead it (none when the
    plan names no lead agency), none of which has a lead with an e-mail address here."""

    partnership_id: int
    agencies: tuple[Agency, ...]


def action_reminder_gap(action: Action) -> ActionReminderGap | None:
    """None when some lead of the action would be reminded of it, or it is no longer open.
    One query, however many agencies lead it."""
    if not action.is_open:
        return None
    partnership_id = action.recommendation.review.partnership_id
    agencies = list(
        Agency.objects.filter(action_leads__action_id=action.pk)
        .distinct()
        .annotate(reached=Exists(_reached_leads(partnership_id).filter(agency=OuterRef("pk"))))
        .order_by("name")
    )
    if any(agency.reached for agency in agencies):
        return None
    return ActionReminderGap(partnership_id=partnership_id, agencies=tuple(agencies))


@dataclass(frozen=True)
class AgencyGap:
    agency: Agency
    action_count: int


@dataclass
class PartnershipReminderGaps:
    """The partnership's open actions no lead would be reminded of, by agency (an action led
    by two such agencies counts for each), and how many name no lead agency at all."""

    action_count: int = 0
    agencies: list[AgencyGap] = field(default_factory=list)
    unled_count: int = 0

    def __bool__(self) -> bool:
        return self.action_count > 0


def partnership_reminder_gaps(partnership: Partnership) -> PartnershipReminderGaps:
    """Three queries at most, whatever the number of reviews and actions."""
    rows = (
        Action.objects.filter(open_q(), partnership=partnership)
        .values_list("pk", "leads__agency_id")
        .order_by()
    )
    agencies_of: dict[int, set[int]] = {}
    for action_id, agency_id in rows:
        held = agencies_of.setdefault(action_id, set())
        if agency_id is not None:
            held.add(agency_id)
    every_agency = set().union(*agencies_of.values()) if agencies_of else set()
    reached = _reached_agency_ids(partnership.pk, every_agency) if every_agency else set()
    gaps = PartnershipReminderGaps()
    counts: dict[int, int] = defaultdict(int)
    for agency_ids in agencies_of.values():
        if agency_ids & reached:
            continue
        gaps.action_count += 1
        if not agency_ids:
            gaps.unled_count += 1
        for agency_id in agency_ids:
            counts[agency_id] += 1
    if counts:
        by_pk = Agency.objects.in_bulk(list(counts))
        gaps.agencies = sorted(
            (AgencyGap(agency=by_pk[pk], action_count=n) for pk, n in counts.items()),
            key=lambda gap: gap.agency.name.lower(),
        )
    return gaps
