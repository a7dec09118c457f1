"""Writes about who belongs to a partnership: invitations (sent, sent again, withdrawn,
accepted), a person's role changed, a person removed. Each in one transaction, each audited;
mail goes out through notifications once the transaction has committed.

Every change to a partnership's memberships first locks the partnership's row, so that two
coordinators removing each other at the same moment cannot leave it with none."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import dateformat, timezone

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.notifications.invitation_mail import (
    invitation_mail_send,
    membership_added_mail_send,
)
from followthrough.notifications.models import token_hash
from followthrough.partnerships.models import Agency, Invitation, Membership, Partnership, Role
from followthrough.partnerships.services import membership_create
from followthrough.plans.concurrency import claim


class PeopleRuleError(Exception):
    """A change to the partnership's people that cannot be made; the message says why."""


class InvitationUnusable(Exception):
    """The invitation cannot be used (any more); the message says why and what to do."""

    def __init__(self, message: str, *, state: str = ""):
        super().__init__(message)
        self.state = state


@dataclass
class Mailed:
    """Whether the mail went: None until the transaction commits and it is sent."""

    sent: bool | None = None


@dataclass
class Invited:
    """What inviting someone did: ``invitation`` for a new person, ``membership`` for someone
    who already had an account (added at once, and told)."""

    mailed: Mailed
    invitation: Invitation | None = None
    membership: Membership | None = None
    # The link's secret, for the mail (and the tests); never stored, shown or logged.
    token: str = field(default="", repr=False)


def _lock(partnership: Partnership) -> Partnership:
    return Partnership.objects.select_for_update().get(pk=partnership.pk)


def _role_checked(partnership: Partnership, role: str, agency: Agency | None) -> Agency | None:
    """The agency the role goes with: required for an agency lead, and one of the
    partnership's partners; none for the other roles."""
    if role not in Role.values:
        raise PeopleRuleError("Choose a role from the list")
    if role != Role.AGENCY_LEAD:
        return None
    if agency is None:
        raise PeopleRuleError("Choose the agency they lead for")
    if not partnership.agencies.filter(pk=agency.pk).exists():
        raise PeopleRuleError(f"{agency.name} is not a partner of {partnership.name}")
    return agency


def role_words(role: str, agency: Agency | None) -> str:
    """A role in a sentence: 'agency lead for Northmoor Police', 'viewer'."""
    words = Role(role).label.lower()
    return f"{words} for {agency.name}" if agency else words


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def _expiry(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(days=settings.FOLLOWTHROUGH_INVITATION_DAYS)


def _mail_invitation_on_commit(invitation: Invitation, token: str) -> Mailed:
    mailed = Mailed()

    def send():
        mailed.sent = invitation_mail_send(invitation=invitation, token=token)

    transaction.on_commit(send)
    return mailed


def normalised_email(email: str) -> str:
    """The address as typed, trimmed, with its domain in lower case (the local part is the
    mail server's to interpret)."""
    local, _, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}" if local else email.strip()


@transaction.atomic
def invitation_create(
    *, partnership: Partnership, email: str, role: str, agency: Agency | None = None, actor
) -> Invited:
    """Invite ``email`` to the partnership with ``role`` (and the agency an agency lead leads
    for). Someone who already has an account is added at once and told by e-mail (no new
    password); anyone else gets a link to set up an account, which works once, for
    FOLLOWTHROUGH_INVITATION_DAYS."""
    partnership = _lock(partnership)
    agency = _role_checked(partnership, role, agency)
    email = normalised_email(email)
    User = get_user_model()
    accounts = list(User.objects.filter(email__iexact=email).order_by("pk")[:2])
    if len(accounts) > 1:
        raise PeopleRuleError(
            "More than one account uses this email address, so Followthrough cannot tell "
            "whom to add. A site administrator can give each account its own address."
        )
    if accounts:
        return _existing_account_add(partnership, accounts[0], role, agency, actor)
    now = timezone.now()
    waiting = Invitation.objects.filter(
        partnership=partnership,
        email__iexact=email,
        role=role,
        agency=agency,
        accepted_at=None,
        withdrawn_at=None,
        expires_at__gt=now,
    ).first()
    if waiting is not None:
        sent = dateformat.format(timezone.localtime(waiting.sent_at), "j F Y")
        raise PeopleRuleError(
            f"{email} was invited as {role_words(role, agency)} on {sent}: send that "
            "invitation again from the list of invitations instead"
        )
    token, hashed = _new_token()
    invitation = Invitation.objects.create(
        partnership=partnership,
        email=email,
        role=role,
        agency=agency,
        token_hash=hashed,
        invited_by=actor if actor is not None and actor.is_authenticated else None,
        sent_at=now,
        expires_at=_expiry(now),
    )
    audit_event_record(
        actor=actor,
        event_type=events.INVITATION_SENT,
        target=invitation,
        partnership=partnership,
        summary=f"Invitation sent to join as {role_words(role, agency)}",
        after={
            "email": email,
            "role": role,
            "agency_id": agency.pk if agency else None,
            "expires_at": invitation.expires_at.isoformat(),
        },
    )
    return Invited(
        mailed=_mail_invitation_on_commit(invitation, token), invitation=invitation, token=token
    )


def _existing_account_add(partnership, user, role, agency, actor) -> Invited:
    if not user.is_active:
        raise PeopleRuleError(
            "The account that uses this email address is switched off. A site administrator "
            "can switch it on; then add them again."
        )
    if Membership.objects.filter(
        user=user, partnership=partnership, role=role, agency=agency
    ).exists():
        raise PeopleRuleError(f"They are already {role_words(role, agency)} in {partnership.name}")
    membership = membership_create(
        user=user, partnership=partnership, role=role, agency=agency, actor=actor
    )
    mailed = Mailed()

    def send():
        mailed.sent = membership_added_mail_send(membership=membership)

    transaction.on_commit(send)
    return Invited(mailed=mailed, membership=membership)


def _locked_invitation(invitation: Invitation) -> Invitation:
    # The partnership joined in (never null); the agency read after, as PostgreSQL cannot lock
    # the nullable side of an outer join.
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("partnership")
        .get(pk=invitation.pk)
    )


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor) -> Invited:
    """Send the invitation again with a new link (the earlier link stops working) and a new
    expiry. Refused once it has been accepted or withdrawn."""
    invitation = _locked_invitation(invitation)
    now = timezone.now()
    state = invitation.state(now)
    if state == Invitation.State.ACCEPTED:
        raise PeopleRuleError("This invitation has been accepted already")
    if state == Invitation.State.WITHDRAWN:
        raise PeopleRuleError("This invitation was withdrawn: invite them again instead")
    token, invitation.token_hash = _new_token()
    invitation.sent_at = now
    invitation.expires_at = _expiry(now)
    invitation.send_count += 1
    invitation.save()
    audit_event_record(
        actor=actor,
        event_type=events.INVITATION_RESENT,
        target=invitation,
        partnership=invitation.partnership,
        summary=f"Invitation sent again ({invitation.send_count} times in all); the earlier "
        "link no longer works",
        after={"expires_at": invitation.expires_at.isoformat(), "was": state},
    )
    return Invited(
        mailed=_mail_invitation_on_commit(invitation, token), invitation=invitation, token=token
    )


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, actor) -> Invitation:
    """The link stops working at once. Refused once it has been accepted."""
    invitation = _locked_invitation(invitation)
    state = invitation.state(timezone.now())
    if state == Invitation.State.ACCEPTED:
        raise PeopleRuleError(
            "This invitation has been accepted already: remove the person from the list of "
            "people instead"
        )
    if state == Invitation.State.WITHDRAWN:
        return invitation
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    audit_event_record(
        actor=actor,
        event_type=events.INVITATION_WITHDRAWN,
        target=invitation,
        partnership=invitation.partnership,
        summary="Invitation withdrawn; its link no longer works",
        before={"state": state},
    )
    return invitation


UNUSABLE_MESSAGES = {
    Invitation.State.ACCEPTED: "This invitation has been used already. Sign in with the "
    "username and password chosen then.",
    Invitation.State.EXPIRED: "This invitation has expired. Ask the partnership's coordinator "
    "to send it again.",
    Invitation.State.WITHDRAWN: "This invitation was withdrawn. Ask the partnership's "
    "coordinator if you expected to join.",
}


def _usable_invitation(token: str) -> Invitation:
    """The invitation the token opens, locked, if it can still be used."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("partnership")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise InvitationUnusable("This invitation link does not work", state="unknown")
    state = invitation.state(timezone.now())
    if state != Invitation.State.PENDING:
        raise InvitationUnusable(UNUSABLE_MESSAGES[state], state=state)
    if (
        invitation.agency_id
        and not invitation.partnership.agencies.filter(pk=invitation.agency_id).exists()
    ):
        raise InvitationUnusable(
            f"{invitation.agency.name} is no longer a partner of {invitation.partnership.name}, "
            "so this invitation cannot be used. Ask the partnership's coordinator to invite "
            "you again.",
            state="agency_gone",
        )
    return invitation


def _accept(invitation: Invitation, user) -> Membership:
    """Join the partnership the invitation names, in the role it names: nothing the person
    sends can change either."""
    partnership = _lock(invitation.partnership)
    membership = membership_create(
        user=user,
        partnership=partnership,
        role=invitation.role,
        agency=invitation.agency,
        actor=user,
    )
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    audit_event_record(
        actor=user,
        event_type=events.INVITATION_ACCEPTED,
        target=invitation,
        partnership=partnership,
        summary=f"Invitation accepted: joined as {role_words(invitation.role, invitation.agency)}",
        after={"user_id": user.pk, "membership_id": membership.pk},
    )
    return membership


class UsernameTaken(Exception):
    """Another account has that username (ignoring case)."""


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str, first_name: str, last_name: str):
    """A new account for the invited address, with the username and password the person
    chose, made a member of the partnership the invitation names. Returns the new user.
    Refused (``InvitationUnusable``) when the link has been used, has expired or was
    withdrawn, or when an account with the address exists already (they sign in and accept)."""
    invitation = _usable_invitation(token)
    User = get_user_model()
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationUnusable(
            "An account with this email address exists already: sign in to accept the invitation.",
            state="has_account",
        )
    if User.objects.filter(username__iexact=username).exists():
        raise UsernameTaken(username)
    user = User.objects.create_user(
        username=username,
        email=invitation.email,
        password=password,
        first_name=first_name,
        last_name=last_name,
    )
    _accept(invitation, user)
    return user


@transaction.atomic
def invitation_join(*, token: str, user) -> Membership:
    """Someone who already has an account, signed in, accepts an invitation sent to their
    address (sent before their account existed)."""
    invitation = _usable_invitation(token)
    if (user.email or "").lower() != invitation.email.lower():
        raise InvitationUnusable(
            "This invitation was sent to another email address. Sign out, then open the link "
            "again to accept it as that person.",
            state="other_account",
        )
    return _accept(invitation, user)


# --- Memberships ------------------------------------------------------------------------------


def _others_coordinate(membership: Membership) -> bool:
    """Someone else, with an account that is switched on, coordinates the partnership."""
    return (
        Membership.objects.filter(
            partnership_id=membership.partnership_id,
            role=Role.COORDINATOR,
            user__is_active=True,
        )
        .exclude(user_id=membership.user_id)
        .exists()
    )


def _last_coordinator_message(membership: Membership, actor) -> str:
    if actor is not None and membership.user_id == actor.pk:
        return (
            "You are the partnership's only coordinator. Make someone else coordinator first, "
            "so that someone can still manage its people."
        )
    return (
        f"{membership.user.get_full_name() or membership.user.get_username()} is the "
        "partnership's only coordinator. Make someone else coordinator first."
    )


@transaction.atomic
def membership_change(
    *, membership: Membership, expected_version: int, role: str, agency: Agency | None, actor
):
    """Change the role someone holds in the partnership (and the agency a lead leads for), if
    the page showed the membership as it still is. A partnership always keeps a
    coordinator."""
    partnership = _lock(membership.partnership)
    current = Membership.objects.select_related("user").filter(pk=membership.pk).first()
    if current is None:
        raise PeopleRuleError("They are no longer in the partnership in this role")
    agency = _role_checked(partnership, role, agency)
    if (
        Membership.objects.filter(
            user_id=current.user_id, partnership=partnership, role=role, agency=agency
        )
        .exclude(pk=current.pk)
        .exists()
    ):
        raise PeopleRuleError(f"They are already {role_words(role, agency)} here")
    if (
        current.role == Role.COORDINATOR
        and role != Role.COORDINATOR
        and current.version == expected_version
        and not _others_coordinate(current)
    ):
        raise PeopleRuleError(_last_coordinator_message(current, actor))
    claimed = claim(current, expected_version, changes={"role": role, "agency": agency})
    if claimed.changed:
        audit_event_record(
            actor=actor,
            event_type=events.MEMBERSHIP_CHANGED,
            target=claimed.obj,
            partnership=partnership,
            summary=f"User #{current.user_id} is now {role_words(role, agency)}",
            before=claimed.before,
            after=claimed.after,
        )
    return claimed


@transaction.atomic
def membership_remove(*, membership: Membership, actor) -> None:
    """Remove someone from the partnership in one role (a person who holds several keeps the
    others). Their access ends with their next page. A partnership always keeps a
    coordinator: neither the last one nor anyone removing themselves as it."""
    _lock(membership.partnership)
    current = Membership.objects.select_related("user", "agency").filter(pk=membership.pk).first()
    if current is None:
        raise PeopleRuleError("They had already been removed in this role")
    if current.role == Role.COORDINATOR and not _others_coordinate(current):
        raise PeopleRuleError(_last_coordinator_message(current, actor))
    before = {
        "user_id": current.user_id,
        "role": current.role,
        "agency_id": current.agency_id,
    }
    summary = f"User #{current.user_id} removed as {role_words(current.role, current.agency)}"
    audit_event_record(
        actor=actor,
        event_type=events.MEMBERSHIP_REMOVED,
        target=current,
        partnership=current.partnership,
        summary=summary,
        before=before,
    )
    current.delete()
