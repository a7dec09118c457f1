"""Pages for delivering actions: thin views that fetch with permission, bind a form, call one
service and redirect. A stale page or a broken rule becomes a message on the form."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from followthrough.delivery import evidence_services, forms, selectors, services
from followthrough.delivery.evidence import EvidenceRejected
from followthrough.pages import form_page
from followthrough.partnerships.selectors import get_partnership_for_user
from followthrough.plans import lifecycle
from followthrough.plans.action_filters import NO_AGENCY, ActionFilterForm, action_filter_options
from followthrough.plans.lifecycle import Move
from followthrough.plans.rag import RULE
from followthrough.plans.selectors import get_action_for_user, plan_page_url
from followthrough.plans.updates import awaiting_update_days


def _action_url(action) -> str:
    return reverse("actions:detail", args=[action.pk])


def _attempt(form, call) -> bool:
    """Run a service; refusals become errors on the form (nothing is saved): a refused
    evidence file beside the evidence field, anything else at the top."""
    try:
        call()
    except EvidenceRejected as exc:
        form.add_error("evidence" if "evidence" in form.fields else None, str(exc))
        return False
    except (services.StaleEdit, services.DeliveryRuleError) as exc:
        form.add_error(None, str(exc))
        return False
    return True


def _not_now(request, action, move: Move):
    """The page for a move the action's status does not allow: back to the action, with why,
    rather than a form that can only fail when it is sent."""
    if lifecycle.allowed(move, action.status):
        return None
    messages.info(
        request, lifecycle.TABLE[move].refusal.format(status=action.get_status_display().lower())
    )
    return redirect(_action_url(action))


def _page(request, form, action, *, title, submit, intro="", **extra):
    return form_page(
        request,
        form,
        title=title,
        caption=action.text[:120],
        back_url=_action_url(action),
        submit=submit,
        intro=intro,
        **extra,
    )


@login_required
def action_detail(request, pk: int):
    """The action page: the action as the plan has it, and its delivery (progress, evidence,
    sign-off, revised dates). Here rather than in plans, which knows nothing of delivery."""
    action = get_action_for_user(request, pk)
    today = timezone.localdate()
    action.current_state = action.state(today, settings.FOLLOWTHROUGH_DUE_SOON_DAYS)
    action.current_standing = action.standing(today, settings.FOLLOWTHROUGH_DUE_SOON_DAYS)
    action.current_rag = action.rag(today, settings.FOLLOWTHROUGH_DUE_SOON_DAYS)
    return render(
        request,
        "plans/action_detail.html",
        {
            "action": action,
            "recommendation": action.recommendation,
            "review": action.recommendation.review,
            "today": today,
            "nav": "reviews",
            # The plan page at this action's row, on the page of a long plan that shows it.
            "plan_url": plan_page_url(
                action.recommendation_id,
                review_id=action.recommendation.review_id,
                action_id=action.pk,
            ),
            **selectors.action_delivery(action),
        },
    )


@login_required
def progress_add(request, pk: int):
    action = get_action_for_user(request, pk, perm="delivery.update_action")
    if refused := _not_now(request, action, Move.PROGRESS):
        return refused
    form = forms.ProgressForm(
        request.POST or None,
        request.FILES or None,
        action=action,
        version=action.version,
        initial={"status": action.status},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            form,
            lambda: services.progress_update_add(
                action=action,
                actor=request.user,
                expected_version=data["version"],
                narrative=data["narrative"],
                status=data["status"],
                milestones_done=list(data.get("milestones_done") or []),
                files=data["evidence"],
            ),
        ):
            messages.success(request, "Progress recorded.")
            return redirect(_action_url(action))
    return _page(request, form, action, title="Record progress", submit="Save progress")


@login_required
def complete(request, pk: int):
    action = get_action_for_user(request, pk, perm="delivery.update_action")
    if refused := _not_now(request, action, Move.COMPLETE):
        return refused
    form = forms.CompleteForm(
        request.POST or None,
        request.FILES or None,
        version=action.version,
        initial={"outcome": action.outcome},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            form,
            lambda: services.action_mark_completed(
                action=action,
                actor=request.user,
                expected_version=data["version"],
                outcome=data["outcome"],
                completed_on=data["completed_on"],
                files=data["evidence"],
            ),
        ):
            messages.success(
                request, "Marked as completed. The partnership will now review it for sign-off."
            )
            return redirect(_action_url(action))
    return _page(
        request,
        form,
        action,
        title="Mark the action as completed",
        submit="Mark as completed",
        intro="The coordinator or the board then signs it off, or returns it to you "
        "with a comment. Attach what shows it is done.",
    )


@login_required
def sign_off(request, pk: int):
    action = get_action_for_user(request, pk, perm="delivery.sign_off")
    if refused := _not_now(request, action, Move.RETURN):  # completed or closure proposed
        return refused
    closing = action.status == lifecycle.ActionStatus.CLOSURE_PROPOSED
    form = forms.SignOffForm(
        request.POST or None,
        version=action.version,
        closure=action.proposed_closure if closing else "",
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["decision"] == "sign_off":
            decide = services.action_closure_accept if closing else services.action_sign_off
            call = lambda: decide(  # noqa: E731
                action=action,
                actor=request.user,
                expected_version=data["version"],
                meeting_date=data["meeting_date"],
                minutes_reference=data["minutes_reference"],
                comment=data["comment"],
            )
            done = "Closure accepted." if closing else "Signed off."
        else:
            call = lambda: services.action_return(  # noqa: E731
                action=action,
                actor=request.user,
                expected_version=data["version"],
                comment=data["comment"],
            )
            done = "Returned to the lead with your comment."
        if _attempt(form, call):
            messages.success(request, done)
            return redirect(_action_url(action))
    proposal = (
        f"Its lead proposes closing it as {lifecycle.label(action.proposed_closure).lower()}. "
        f"The reason given: {action.outcome or 'none'}"
    )
    return _page(
        request,
        form,
        action,
        title="Accept the closure or return the action"
        if closing
        else "Sign off or return the action",
        submit="Save decision",
        intro=proposal if closing else f"Outcome recorded by the lead: {action.outcome or 'none'}",
        before_form="delivery/_decision_evidence.html",
        context={"evidence": selectors.evidence_for_decision(action)},
    )


@login_required
def close(request, pk: int):
    """A lead proposes ending the action (the partnership decides, as with completion); the
    coordinator or a board member, who decide, close it themselves."""
    action = get_action_for_user(request, pk, perm="delivery.update_action")
    if refused := _not_now(request, action, Move.PROPOSE_CLOSE):
        return refused
    decides = request.user.has_perm("delivery.sign_off", action)
    form = forms.CloseForm(
        request.POST or None, request.FILES or None, version=action.version, proposing=not decides
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if decides:
            call = lambda: services.action_close(  # noqa: E731
                action=action,
                actor=request.user,
                expected_version=data["version"],
                status=data["status"],
                reason=data["reason"],
            )
            done = "The action is closed."
        else:
            call = lambda: services.action_closure_propose(  # noqa: E731
                action=action,
                actor=request.user,
                expected_version=data["version"],
                status=data["status"],
                reason=data["reason"],
                files=data["evidence"],
            )
            done = "Closure proposed. The partnership will now accept it or return it to you."
        if _attempt(form, call):
            messages.success(request, done)
            return redirect(_action_url(action))
    if decides:
        return _page(
            request,
            form,
            action,
            title="Close the action",
            submit="Close the action",
            intro="Use this when the action ends without being completed as planned. As you "
            "decide for the partnership, it is closed at once; the reason is recorded.",
        )
    return _page(
        request,
        form,
        action,
        title="Propose closing the action",
        submit="Propose closing it",
        intro="Use this when the action ends without being completed as planned. The "
        "coordinator or the board then accepts the closure, or returns the action to you.",
    )


@login_required
def reopen(request, pk: int):
    action = get_action_for_user(request, pk, perm="delivery.reopen")
    if refused := _not_now(request, action, Move.REOPEN):
        return refused
    form = forms.ReopenForm(request.POST or None, version=action.version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            form,
            lambda: services.action_reopen(
                action=action,
                actor=request.user,
                expected_version=data["version"],
                status=data["status"],
                reason=data["reason"],
            ),
        ):
            messages.success(request, "The action is open again. Its lead can record progress.")
            return redirect(_action_url(action))
    return _page(
        request,
        form,
        action,
        title="Reopen the action",
        submit="Reopen the action",
        intro=f"It is {action.get_status_display().lower()}. Reopening clears its completion "
        "date and outcome (both stay in its history) and gives it back to its lead.",
    )


@login_required
def revision_propose(request, pk: int):
    action = get_action_for_user(request, pk, perm="delivery.update_action")
    if selectors.revision_pending(action):
        messages.info(
            request,
            "A new target date is already waiting for the coordinator's decision: wait for it "
            "before proposing another.",
        )
        return redirect(_action_url(action))
    if not action.is_open:
        messages.info(request, "Only an open action's target date can change.")
        return redirect(_action_url(action))
    form = forms.RevisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            form,
            lambda: services.target_date_revision_propose(
                action=action,
                actor=request.user,
                proposed=data["proposed"],
                reason=data["reason"],
            ),
        ):
            messages.success(
                request, "New target date proposed. It applies once the coordinator approves it."
            )
            return redirect(_action_url(action))
    current = action.target.display() if action.target else "none"
    return _page(
        request,
        form,
        action,
        title="Propose a new target date",
        submit="Propose the date",
        intro=f"The target date is {current}. A new date needs a reason and the "
        "coordinator's approval; the original date is kept.",
    )


@login_required
def revision_decide(request, pk: int):
    revision = selectors.get_revision_for_user(request, pk, perm="delivery.decide_revision")
    action = revision.action
    form = forms.RevisionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            form,
            lambda: services.target_date_revision_decide(
                revision=revision,
                actor=request.user,
                approve=data["decision"] == "approve",
                note=data["note"],
            ),
        ):
            messages.success(request, "Decision recorded.")
            return redirect(_action_url(action))
    previous = revision.previous.display() if revision.previous else "none"
    return _page(
        request,
        form,
        action,
        title="Decide on a new target date",
        submit="Save decision",
        intro=f"From {previous} to {revision.proposed.display()}. Reason given: {revision.reason}",
    )


@login_required
def evidence_download(request, pk: int):
    """The file as an attachment, with the type found from its content and a safe name;
    every download is in the audit trail."""
    evidence = selectors.get_evidence_for_user(request, pk)
    try:
        file = evidence_services.evidence_download(evidence=evidence, actor=request.user)
    except evidence_services.EvidenceMissing as exc:
        return render(
            request,
            "exports/refused.html",
            {"message": str(exc), "back_url": _action_url(evidence.action), "nav": "reviews"},
            status=404,
        )
    response = FileResponse(
        file,
        as_attachment=True,
        filename=evidence.download_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def rag_help(request):
    """How RAG is worked out: the same rule the code applies."""
    days = settings.FOLLOWTHROUGH_DUE_SOON_DAYS
    lines = [(line.when.format(due_soon_days=days), line.rag) for line in RULE]
    return render(request, "delivery/rag_help.html", {"lines": lines})


@login_required
def comment_add(request, pk: int):
    """A comment on the action's thread (the action page carries the same form)."""
    action = get_action_for_user(request, pk, perm="delivery.comment")
    form = forms.CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        if _attempt(
            form, lambda: services.action_comment_add(action=action, actor=request.user, text=text)
        ):
            messages.success(request, "Comment added.")
            return redirect(_action_url(action) + "#comments")
    return _page(
        request,
        form,
        action,
        title="Comment on the action",
        submit="Add the comment",
        intro="A comment is kept on the action's page for its leads and the partnership. It "
        "cannot be changed or deleted once added.",
    )


# The list of actions' filters that narrow a meeting's agenda: those that tell actions awaiting
# a decision apart (RAG, due and "no recent update" describe open actions).
MEETING_FILTERS = ("agency", "review", "theme", "status")


@dataclass
class _Narrowing:
    """The list of actions' filters the meeting page was given (the list sends its own, and
    ``?review=`` or ``?agency=`` can be typed): as given, for links back to the list; as a
    bound filter form (None when there are none, so no query reads its choices), for their
    names and errors; and as the selector's narrowing, from the form's valid fields."""

    given: dict[str, str]
    form: ActionFilterForm | None
    selector: dict

    @classmethod
    def of(cls, request, partnership) -> _Narrowing:
        given = {name: request.GET[name] for name in MEETING_FILTERS if request.GET.get(name)}
        if not given:
            return cls(given={}, form=None, selector={})
        form = ActionFilterForm(
            given,
            options=action_filter_options(partnership),
            due_soon_days=settings.FOLLOWTHROUGH_DUE_SOON_DAYS,
            stale_days=awaiting_update_days(),
        )
        filters = form.filters()
        return cls(
            given=given,
            form=form,
            selector={
                "agency": filters.agency if isinstance(filters.agency, int) else None,
                "without_agency": filters.agency == NO_AGENCY,
                "review": filters.review,
                "theme": filters.theme,
                "status": filters.status,
            },
        )

    @property
    def applied(self) -> list[str]:
        return self.form.applied() if self.form else []

    @property
    def errors(self) -> list[str]:
        if self.form is None:
            return []
        return [error for errors in self.form.errors.values() for error in errors]


def _meeting_url(partnership, narrowing: _Narrowing) -> str:
    url = reverse("delivery:meeting", args=[partnership.pk])
    return url + "?" + urlencode(narrowing.given) if narrowing.given else url


@login_required
def meeting(request, pk: int):
    """Several actions awaiting the partnership's decision, decided at one meeting: ticked
    (the list of actions links here with its ticks and filters), one decision, one meeting
    date and minutes reference. All or nothing: if one cannot be decided, nothing is saved,
    the page says which and why, and keeps what was typed. At most ``MEETING_SIZE`` actions
    are listed, the ticked ones first; when more wait, the page says so, and deciding these
    brings the next ones up."""
    partnership = get_partnership_for_user(request, pk, perm="delivery.sign_off")
    form = forms.MeetingForm(
        request.POST or None, initial={"actions": request.GET.getlist("action")}
    )
    narrowing = _Narrowing.of(request, partnership)
    list_url = (
        reverse("dashboards:actions", args=[partnership.pk])
        + "?"
        + urlencode({"awaiting": "on", **narrowing.given})
    )
    problems: list[services.Problem] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decided = services.actions_decide(
                partnership=partnership,
                choices=data["choices"],
                decision=data["decision"],
                actor=request.user,
                meeting_date=data["meeting_date"],
                minutes_reference=data["minutes_reference"],
                comment=data["comment"],
            )
        except services.MeetingRefused as exc:
            problems = exc.problems
            form.add_error(
                None,
                "Nothing was saved: "
                + (
                    "one of the ticked actions could not be decided."
                    if len(problems) == 1
                    else f"{len(problems)} of the ticked actions could not be decided."
                )
                + " Check each one below, then save the decisions again.",
            )
        except services.DeliveryRuleError as exc:
            form.add_error(None, str(exc))
        else:
            accepted = data["decision"] == "accept"
            messages.success(
                request,
                f"{len(decided)} action{'s' if len(decided) != 1 else ''} "
                + ("signed off or closed" if accepted else "returned to their leads")
                + (
                    f" at the meeting of {data['meeting_date']:%-d %B %Y}."
                    if data["meeting_date"]
                    else "."
                ),
            )
            # A page that could not list every action waiting comes back with the next ones.
            left = selectors.awaiting_decision_count(partnership, **narrowing.selector)
            if left and left + len(decided) > selectors.MEETING_SIZE:
                return redirect(_meeting_url(partnership, narrowing))
            return redirect(list_url)
    ticked = [int(pk) for pk in (form["actions"].value() or []) if str(pk).isdecimal()]
    agenda = selectors.awaiting_decision(partnership, ticked=ticked, **narrowing.selector)
    today = timezone.localdate()
    for action in agenda.actions:
        action.current_standing = action.standing(today, settings.FOLLOWTHROUGH_DUE_SOON_DAYS)
    by_id = {problem.action_id: problem for problem in problems}
    for action in agenda.actions:
        action.problem = by_id.pop(action.pk, None)
    return render(
        request,
        "delivery/meeting.html",
        {
            "partnership": partnership,
            "form": form,
            "awaiting": agenda.actions,
            "agenda": agenda,
            "size": selectors.MEETING_SIZE,
            "narrowing": narrowing,
            "ticked": {str(pk) for pk in (form["actions"].value() or [])},
            "row_problems": len(problems) - len(by_id),
            "gone": list(by_id.values()),  # no longer waiting, so no longer listed
            "back_url": list_url,
            "nav": "dashboard",
        },
    )
