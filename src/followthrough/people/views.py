"""The people of a partnership, for its coordinator, and the page an invitation's link opens.
Thin views: fetch with permission, bind a form, call one service, redirect."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from followthrough.pages import form_page
from followthrough.partnerships.models import Invitation, Role
from followthrough.partnerships.selectors import get_partnership_for_user
from followthrough.people import forms, selectors, services
from followthrough.people.selectors import MANAGE_PEOPLE
from followthrough.plans.concurrency import StaleEdit

# The backend that signs in someone who has just chosen their password (login() needs one when
# there are several; the lock-out's backend only refuses).
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _people_url(partnership_id: int) -> str:
    return reverse("people:people", args=[partnership_id])


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


@login_required
def people(request, pk: int):
    partnership = get_partnership_for_user(request, pk, perm=MANAGE_PEOPLE)
    return render(
        request,
        "people/people.html",
        {
            "partnership": partnership,
            "members": selectors.partnership_people(partnership),
            "invitations": selectors.waiting_invitations(partnership),
            "gaps": selectors.partnership_reminder_gaps(partnership),
            "now": timezone.now(),
            "invitation_days": settings.FOLLOWTHROUGH_INVITATION_DAYS,
            "nav": "dashboard",
        },
    )


def _prefilled(request) -> dict:
    """The role and agency a link to the form asks for (from a reminder warning)."""
    initial = {}
    if request.GET.get("role") in Role.values:
        initial["role"] = request.GET["role"]
    agency = request.GET.get("agency", "")
    if agency.isascii() and agency.isdigit() and len(agency) < 12:
        initial["agency"] = int(agency)
    return initial


@login_required
def invite(request, pk: int):
    partnership = get_partnership_for_user(request, pk, perm=MANAGE_PEOPLE)
    form = forms.InviteForm(
        request.POST or None, partnership=partnership, initial=_prefilled(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invited = services.invitation_create(
                partnership=partnership,
                email=data["email"],
                role=data["role"],
                agency=data["agency"],
                actor=request.user,
            )
        except services.PeopleRuleError as exc:
            form.add_error("email", str(exc))
        else:
            _say_how_it_went(request, invited)
            return redirect(_people_url(partnership.pk))
    return form_page(
        request,
        form,
        title="Invite someone",
        caption=partnership.name,
        back_url=_people_url(partnership.pk),
        submit="Send the invitation",
        intro="They get an email with a link to set up their account, which works once, for "
        f"{settings.FOLLOWTHROUGH_INVITATION_DAYS} days. Someone who already has an "
        "account is added straight away and told by email.",
    )


def _say_how_it_went(request, invited: services.Invited) -> None:
    if invited.membership is not None:
        membership = invited.membership
        who, role = _name(membership.user), services.role_words(membership.role, membership.agency)
        if invited.mailed.sent is False:
            messages.success(
                request,
                f"{who} already had an account and has been added as {role}. The email "
                "telling them could not be sent.",
            )
        else:
            messages.success(
                request,
                f"{who} already had an account, so they have been added as {role} and told "
                "by email.",
            )
        return
    email = invited.invitation.email
    if invited.mailed.sent is False:
        messages.error(
            request,
            f"The invitation to {email} is saved, but the email could not be sent. Send it "
            "again from the list of invitations later.",
        )
    else:
        messages.success(request, f"Invitation sent to {email}.")


@login_required
def membership_change(request, pk: int, membership_pk: int):
    membership = selectors.get_membership_for_user(request, pk, membership_pk)
    form = forms.MembershipForm(
        request.POST or None,
        partnership=membership.partnership,
        version=membership.version,
        initial={"role": membership.role, "agency": membership.agency_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.membership_change(
                membership=membership,
                expected_version=data["version"],
                role=data["role"],
                agency=data["agency"],
                actor=request.user,
            )
        except (services.PeopleRuleError, StaleEdit) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{_name(membership.user)}'s role is changed.")
            if membership.user_id == request.user.pk:
                return redirect("home")
            return redirect(_people_url(pk))
    return form_page(
        request,
        form,
        title=f"Change {_name(membership.user)}'s role",
        caption=membership.partnership.name,
        back_url=_people_url(pk),
        submit="Save the role",
        intro=f"Now {services.role_words(membership.role, membership.agency)}. A person can "
        "hold several roles here: invite them again to add another.",
    )


@login_required
def membership_remove(request, pk: int, membership_pk: int):
    membership = selectors.get_membership_for_user(request, pk, membership_pk)
    name = _name(membership.user)
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, actor=request.user)
        except services.PeopleRuleError as exc:
            messages.error(request, str(exc))
            return redirect(_people_url(pk))
        messages.success(
            request,
            f"{name} is no longer {services.role_words(membership.role, membership.agency)}.",
        )
        if membership.user_id == request.user.pk:
            return redirect("home")
        return redirect(_people_url(pk))
    return render(
        request,
        "pages/confirm.html",
        {
            "title": f"Remove {name} as {services.role_words(membership.role, membership.agency)}?",
            "caption": membership.partnership.name,
            "body": "They will no longer have this role here from their next page. Any other "
            "role they hold here stays. Their account stays, with its history.",
            "submit": "Remove",
            "back_url": _people_url(pk),
            "warning": True,
            "nav": "dashboard",
        },
    )


@login_required
def invitation_resend(request, pk: int, invitation_pk: int):
    invitation = selectors.get_invitation_for_user(request, pk, invitation_pk)
    if request.method == "POST":
        try:
            invited = services.invitation_resend(invitation=invitation, actor=request.user)
        except services.PeopleRuleError as exc:
            messages.error(request, str(exc))
        else:
            _say_how_it_went(request, invited)
        return redirect(_people_url(pk))
    return render(
        request,
        "pages/confirm.html",
        {
            "title": f"Send the invitation to {invitation.email} again?",
            "caption": invitation.partnership.name,
            "body": "They get a new email with a new link, which works for "
            f"{settings.FOLLOWTHROUGH_INVITATION_DAYS} days. The link in the "
            "earlier email stops working.",
            "submit": "Send it again",
            "back_url": _people_url(pk),
            "nav": "dashboard",
        },
    )


@login_required
def invitation_withdraw(request, pk: int, invitation_pk: int):
    invitation = selectors.get_invitation_for_user(request, pk, invitation_pk)
    if request.method == "POST":
        try:
            services.invitation_withdraw(invitation=invitation, actor=request.user)
        except services.PeopleRuleError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
        return redirect(_people_url(pk))
    return render(
        request,
        "pages/confirm.html",
        {
            "title": f"Withdraw the invitation to {invitation.email}?",
            "caption": invitation.partnership.name,
            "body": "The link in the email stops working at once. You can invite them again later.",
            "submit": "Withdraw the invitation",
            "back_url": _people_url(pk),
            "warning": True,
            "nav": "dashboard",
        },
    )


# --- The invitation's link ------------------------------------------------------------------


def _unusable(request, message: str, *, state: str, status: int = 410):
    return render(
        request,
        "people/invitation_unusable.html",
        {"message": message, "state": state, "signing_in": True},
        status=status,
    )


def invitation_accept(request, token: str):
    """Open to anyone with the link (the token is the key). A new person chooses a username
    and password and is signed in; someone whose account uses the address signs in and
    joins. Nothing sent can change the partnership or role the invitation names."""
    invitation = selectors.invitation_for_token(token)
    if invitation is None:
        return _unusable(
            request,
            "This invitation link does not work. Check that you opened the whole link from "
            "the email, or ask the partnership's coordinator to send it again.",
            state="unknown",
            status=404,
        )
    state = invitation.state(timezone.now())
    if state != Invitation.State.PENDING:
        return _unusable(request, services.UNUSABLE_MESSAGES[state], state=state)
    accounts = selectors.accounts_for_email(invitation.email)
    context = {"invitation": invitation, "signing_in": True}
    if accounts:
        return _join(request, token, invitation, accounts, context)
    if request.user.is_authenticated:
        return render(request, "people/invitation_other_account.html", context)
    form = forms.AcceptForm(
        request.POST or None,
        email=invitation.email,
        initial={"username": selectors.suggested_username(invitation.email)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.invitation_accept(
                token=token,
                username=data["username"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except services.UsernameTaken:
            form.add_error("username", "That username is taken: choose another")
        except services.InvitationUnusable as exc:
            return _unusable(request, str(exc), state=exc.state)
        else:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(
                request,
                f"Your account is set up. Welcome to {invitation.partnership.name}.",
            )
            return redirect("dashboards:partnership", invitation.partnership_id)
    return render(request, "people/invitation_accept.html", {**context, "form": form})


def _join(request, token, invitation, accounts, context):
    """The address has an account: its owner signs in, then joins with one button."""
    if not request.user.is_authenticated:
        return render(request, "people/invitation_sign_in.html", context)
    if len(accounts) > 1 or request.user.pk != accounts[0].pk:
        return render(request, "people/invitation_other_account.html", context)
    if request.method == "POST":
        try:
            services.invitation_join(token=token, user=request.user)
        except services.InvitationUnusable as exc:
            return _unusable(request, str(exc), state=exc.state)
        messages.success(request, f"You have joined {invitation.partnership.name}.")
        return redirect("dashboards:partnership", invitation.partnership_id)
    return render(request, "people/invitation_join.html", context)
