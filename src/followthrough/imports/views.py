"""Upload a plan document, wait while the worker reads it, check and correct its parse in the
preview, then save it."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from followthrough.imports import forms, services, template
from followthrough.imports.models import PendingImport
from followthrough.imports.selectors import (
    drafts_for_user,
    get_pending_import_for_user,
    names_another_partnership,
    reviews_it_may_update,
    reviews_of,
)
from followthrough.interchange import PartialDate
from followthrough.pages import form_page
from followthrough.parsing.confidence import CHECK_BELOW
from followthrough.parsing.relative import relative_date
from followthrough.partnerships.selectors import agency_matches, partnerships_for_user
from followthrough.plans.forms import themes_suggested
from followthrough.plans.models import Theme
from followthrough.plans.rules import PLAN_AUTHORS
from followthrough.plans.selectors import get_review_for_user
from followthrough.plans.services import (
    AgenciesNeedLinking,
    PlanAlreadyImported,
    PlanRuleError,
    plan_agency_names,
)
from followthrough.plans.services.revising import PlanChangedMeanwhile, plan_compare
from followthrough.plans.smart import findings_for_parsed


def _preview_url(pending, anchor=""):
    return reverse("imports:preview", args=[pending.pk]) + (f"#{anchor}" if anchor else "")


def _status_url(pending):
    return reverse("imports:status", args=[pending.pk])


@login_required
def upload(request):
    if not request.user.has_perm("imports.upload"):
        raise Http404("Not found")
    partnerships = partnerships_for_user(request.user, roles=PLAN_AUTHORS)
    form = forms.UploadForm(request.POST or None, request.FILES or None, partnerships=partnerships)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        data, filename = form.upload(timezone.localtime())
        what = "This text" if form.is_pasted else filename
        field = "text" if form.is_pasted else "document"
        try:
            pending = services.pending_import_create(
                partnership=form.cleaned_data["partnership"],
                data=data,
                filename=filename,
                actor=request.user,
            )
        except PlanAlreadyImported as exc:
            duplicate = exc.review
            form.add_error(
                field, f"{what} has already been imported as \u201c{exc.review.title}\u201d"
            )
        except services.DraftExists as exc:
            draft = exc.pending
            verb = "pasted" if form.is_pasted else "uploaded"
            messages.info(
                request,
                f"{what} was {verb} before, on "
                f"{timezone.localtime(draft.created_at):%-d %B %Y}, and has not been saved yet. "
                "This is that import"
                + (", with the corrections made since." if draft.version > 1 else "."),
            )
            return redirect(_status_url(draft))
        else:
            return redirect(_status_url(pending))
    return render(
        request,
        "imports/upload.html",
        {"form": form, "duplicate": duplicate, "nav": "reviews"},
    )


@login_required
def drafts(request):
    """The imports not yet saved, of every partnership the user writes plans for: to go back
    to one, or to cancel it."""
    if not request.user.has_perm("imports.upload"):
        raise Http404("Not found")
    now = timezone.now()
    rows = [
        {"pending": pending, "progress": _progress(pending, now)}
        for pending in drafts_for_user(request.user)
    ]
    return render(request, "imports/drafts.html", {"rows": rows, "nav": "reviews"})


def _progress(pending: PendingImport, now=None) -> dict:
    """Where the reading of a document has got to, as the progress page, its status endpoint
    and the list of unsaved imports say it."""
    lost = services.is_lost(pending, now)
    state = "lost" if lost else pending.state
    text = {
        "queued": "Waiting to be read. It will be read as soon as the reader is free.",
        "reading": "Being read now.",
        "ready": "Read. Opening the preview.",
        "refused": "The document could not be read.",
        "lost": "The document has not been read: it waited longer than it ever should.",
    }[state]
    return {"state": state, "label": _LABELS[state], "text": text}


_LABELS = {
    "queued": "Queued",
    "reading": "Reading",
    "ready": "Done",
    "refused": "Refused",
    "lost": "Stopped",
}


@login_required
def status(request, pk: int):
    """How the reading of an uploaded document is going: queued, reading, refused (with why),
    or lost; once it is read, the preview. Works without JavaScript ("Check again"); with it,
    the page asks ``status_json`` every few seconds and moves on by itself."""
    pending = get_pending_import_for_user(request, pk)
    if pending.is_ready:
        return redirect(_preview_url(pending))
    return render(
        request,
        "imports/status.html",
        {"pending": pending, "progress": _progress(pending), "nav": "reviews"},
    )


@login_required
def status_json(request, pk: int):
    pending = get_pending_import_for_user(request, pk)
    progress = _progress(pending)
    progress["url"] = _preview_url(pending) if pending.is_ready else _status_url(pending)
    return JsonResponse(progress)


@login_required
@require_POST
def requeue(request, pk: int):
    pending = get_pending_import_for_user(request, pk)
    try:
        services.pending_import_requeue(pending=pending, actor=request.user)
    except services.ImportNotReady:
        pass  # not lost after all (the worker got to it meanwhile): the page says how it is
    except services.ImportGone:
        messages.error(request, "This import has been saved or cancelled meanwhile.")
        return redirect("plans:review_list")
    return redirect(_status_url(pending))


def _save_form(plan, data=None) -> forms.SaveForm:
    """The preview's question, the day offered being the document's date when it gives one."""
    day, given = services.agreed_day(plan, timezone.localdate())
    form = forms.SaveForm(data, initial={"agreed": "yes", "agreed_on": day})
    if given is None:
        hint = "The document gives no date, so today is filled in."
    elif given.date.precision.value == "day":
        hint = f"{given.date.display()} is {given.what}."
    else:
        hint = (
            f"The document gives {given.date.display()} ({given.what}) without the day, so "
            "the last day of it is filled in: change it if you know the day."
        )
    form.fields["agreed_on"].help_text = f"{hint} For example 27/3/2025"
    return form


def _action_anchor(rec: int, action: int) -> str:
    return f"recommendation-{rec}-action-{action}"


def _checks_first(plan) -> list[dict]:
    """The recommendations and actions the reader was least sure of (confidence under
    ``CHECK_BELOW``), least sure first: what to check before anything else."""
    items = []
    for r, rec in enumerate(plan.recommendations, start=1):
        name = f"Recommendation {rec.number or r}"
        if rec.confidence is not None and rec.confidence < CHECK_BELOW:
            label = f"{name} ({rec.place})" if rec.place else name
            items.append((rec.confidence, r, 0, label, f"recommendation-{r}", rec.warnings))
        for a, action in enumerate(rec.actions, start=1):
            if action.confidence is not None and action.confidence < CHECK_BELOW:
                anchor, where = _action_anchor(r, a), f"{name}, action {a}"
                if action.place:
                    where = f"{where} ({action.place})"
                items.append((action.confidence, r, a, where, anchor, action.warnings))
    items.sort(key=lambda item: item[:3])
    return [
        {
            "label": label,
            "anchor": anchor,
            "reason": _sentence(warnings[0]) if warnings else "Read with low confidence",
        }
        for _, _, _, label, anchor, warnings in items
    ]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _relative_offer(plan, action) -> dict | None:
    """The target date an action with none gives relative to the document ("within six
    months of this report"), counted from the document's date, when the document gives one."""
    if action.target_date is not None or not action.target_date_text:
        return None
    given = services.document_date(plan)
    if given is None:
        return None
    start = given.date.due_on
    day = relative_date(action.target_date_text, start)
    if day is None:
        return None
    if given.date.precision.value == "day":
        counted = f"{given.date.display()} ({given.what})"
    else:
        counted = (
            f"{start:%-d %B %Y}, the last day of {given.date.display()} ({given.what}, "
            "given without the day)"
        )
    return {"date": PartialDate(day.year, day.month, day.day), "counted_from": counted}


def _preview(request, pending, save_form=None, status=200):
    plan = services.pending_import_plan(pending)
    for r, rec in enumerate(plan.recommendations, start=1):
        for a, action in enumerate(rec.actions, start=1):
            action.anchor = _action_anchor(r, a)
            action.date_offer = _relative_offer(plan, action)
    suggested = themes_suggested([rec.text for rec in plan.recommendations])
    for r, rec in enumerate(plan.recommendations, start=1):
        rec.suggested_themes = suggested[r - 1]
        rec.chosen_themes = pending.themes.get(str(r))  # None: not chosen, follows the answer
    agencies = agency_matches(plan_agency_names(plan), pending.partnership)
    warning_count = len(plan.warnings) + sum(
        len(rec.warnings) + sum(len(a.warnings) for a in rec.actions)
        for rec in plan.recommendations
    )
    return render(
        request,
        "imports/preview.html",
        {
            **findings_for_parsed(plan),
            "pending": pending,
            "plan": plan,
            "form": save_form or _save_form(plan),
            "warning_count": warning_count,
            "nav": "reviews",
            "action_count": len(plan.actions()),
            "other_partnership": names_another_partnership(
                plan.review.partnership, pending.partnership
            ),
            "agencies": agencies,
            "to_link": [match for match in agencies if match.needs_link],
            "updates": reviews_it_may_update(plan, pending.partnership),
            "checks_first": _checks_first(plan),
            "rec_texts": [rec.text for rec in plan.recommendations],
        },
        status=status,
    )


@login_required
def preview(request, pk: int):
    pending = get_pending_import_for_user(request, pk)
    if not pending.is_ready:
        return redirect(_status_url(pending))
    return _preview(request, pending)


def _correct(request, form, pending, plan, what: str, themes_chosen=None) -> bool:
    """Keep the correction if the page showed the current version; otherwise the form says
    why not (and keeps what the person entered)."""
    try:
        services.pending_import_correct(
            pending=pending,
            plan=plan,
            what=what,
            expected_version=form.cleaned_data["version"],
            actor=request.user,
            themes_chosen=themes_chosen,
        )
    except (services.StaleCorrection, services.ImportGone) as exc:
        form.add_error(None, str(exc) or _GONE)
        return False
    return True


_GONE = "This import has been saved or cancelled meanwhile, so your change was not kept."


@login_required
def correct_review(request, pk: int):
    pending = get_pending_import_for_user(request, pk)
    if not pending.is_ready:
        return redirect(_status_url(pending))
    plan = services.pending_import_plan(pending)
    info = plan.review
    form = forms.ReviewInfoForm(
        request.POST or None,
        initial={
            "version": pending.version,
            "title": info.title,
            "review_type": info.review_type or "",
            "subject_pseudonym": info.subject_pseudonym or "",
            "reference": info.reference or "",
            "published_on": info.published_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        info.title = data["title"]
        info.review_type = data["review_type"] or None
        info.subject_pseudonym = data["subject_pseudonym"] or None
        info.reference = data["reference"] or None
        info.published_on = data["published_on"]
        if _correct(request, form, pending, plan, "review details"):
            return redirect(_preview_url(pending))
    return form_page(
        request,
        form,
        title="Correct the review's details",
        caption=pending.filename,
        back_url=_preview_url(pending),
    )


def _item(items, number):
    if not 1 <= number <= len(items):
        raise Http404("Not found")
    return items[number - 1]


@login_required
def correct_recommendation(request, pk: int, rec: int):
    pending = get_pending_import_for_user(request, pk)
    if not pending.is_ready:
        return redirect(_status_url(pending))
    plan = services.pending_import_plan(pending)
    recommendation = _item(plan.recommendations, rec)
    chosen = pending.themes.get(str(rec))
    if chosen is not None:
        shown = list(Theme.objects.filter(name__in=chosen).values_list("pk", flat=True))
    else:
        shown = [s.theme.pk for s in themes_suggested([recommendation.text])[0]]
    form = forms.RecommendationInfoForm(
        request.POST or None,
        initial={
            "version": pending.version,
            "number": recommendation.number or "",
            "text": recommendation.text,
            "theme": recommendation.theme or "",
            "scope": recommendation.scope or "",
            "area": recommendation.area or "",
            "themes": shown,
            "themes_shown": ",".join(str(pk) for pk in sorted(shown)),
        },
    )
    if request.method == "POST" and form.is_valid():
        for name, value in form.cleaned_data.items():
            if name not in ("version", "themes", "themes_shown"):
                setattr(recommendation, name, value or None)
        recommendation.warnings = []
        themes_chosen = None
        if chosen is not None or form.themes_changed():
            themes_chosen = (rec, [theme.name for theme in form.cleaned_data["themes"]])
        if _correct(
            request, form, pending, plan, f"recommendation {rec}", themes_chosen=themes_chosen
        ):
            return redirect(_preview_url(pending, f"recommendation-{rec}"))
    text = (form.data.get("text", "") if form.is_bound else recommendation.text) or ""
    suggestions = themes_suggested([text])[0]
    return render(
        request,
        "imports/correct_recommendation.html",
        {
            "form": form,
            "title": f"Correct recommendation {rec}",
            "caption": pending.filename,
            "back_url": _preview_url(pending, f"recommendation-{rec}"),
            "nav": "reviews",
            "suggestions": suggestions,
            "theme_rows": form.theme_rows(suggestions),
            "text": text,
            "chosen": chosen is not None,
        },
    )


def _typed_rows(data, prefix: str, names) -> list[dict]:
    """The rows of a repeated fieldset as typed (never more than the page may have)."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    return [
        {name: data.get(f"{prefix}-{row}-{name}", "") for name in names}
        for row in range(max(0, min(total, forms.MAX_ROWS)))
    ]


def _rows_changed(rows: list[dict], change: str) -> list[dict]:
    """The rows with one added ("add") or one taken out (its index)."""
    if change == "add":
        return rows + [{}] if len(rows) < forms.MAX_ROWS else rows
    try:
        gone = int(change)
    except ValueError:
        return rows
    return [row for index, row in enumerate(rows) if index != gone]


_ROW_BUTTONS = {
    "add_lead": ("leads", "add"),
    "remove_lead": ("leads", None),
    "add_milestone": ("milestones", "add"),
    "remove_milestone": ("milestones", None),
}


@login_required
def correct_action(request, pk: int, rec: int, action: int):
    """An action as read, to correct: its fields, and its leads and milestones as rows of
    their own. "Add another" and "Remove" show the page again with what was typed, one row
    more or less; nothing is kept until it is saved. No JavaScript needed."""
    pending = get_pending_import_for_user(request, pk)
    if not pending.is_ready:
        return redirect(_status_url(pending))
    plan = services.pending_import_plan(pending)
    item = _item(_item(plan.recommendations, rec).actions, action)
    back_url = _preview_url(pending, f"recommendation-{rec}")
    if request.method == "POST" and "use_offered_date" in request.POST:
        return _use_offered_date(request, pending, plan, item, rec, action)
    pressed = next((name for name in _ROW_BUTTONS if name in request.POST), None)
    if request.method == "POST" and pressed is not None:
        # Shown again as typed, unchecked: the page is not being saved yet.
        typed = request.POST
        rows = {
            "leads": _typed_rows(typed, "leads", forms.LeadRowForm.base_fields),
            "milestones": _typed_rows(typed, "milestones", forms.MilestoneRowForm.base_fields),
        }
        prefix, change = _ROW_BUTTONS[pressed]
        rows[prefix] = _rows_changed(rows[prefix], change or typed.get(pressed, ""))
        form = forms.ActionInfoForm(
            initial={name: typed.get(name, "") for name in forms.ActionInfoForm.base_fields}
        )
        leads = forms.LeadRows(prefix="leads", initial=rows["leads"], extra=0)
        milestones = forms.MilestoneRows(prefix="milestones", initial=rows["milestones"], extra=0)
    else:
        data = request.POST if request.method == "POST" else None
        form = forms.ActionInfoForm(
            data, initial={"version": pending.version, **forms.ActionInfoForm.initial_for(item)}
        )
        leads = forms.LeadRows(
            data, prefix="leads", initial=[forms.LeadRowForm.initial_for(ld) for ld in item.leads]
        )
        milestones = forms.MilestoneRows(
            data,
            prefix="milestones",
            initial=[forms.MilestoneRowForm.initial_for(ms) for ms in item.milestones],
        )
    saving = request.method == "POST" and pressed is None
    if saving and all(f.is_valid() for f in (form, leads, milestones)):
        data = form.cleaned_data
        item.text = data["text"]
        item.leads = leads.items()
        item.milestones = milestones.items()
        item.measure = data["measure"] or None
        if data["target_date"] != item.target_date:
            item.target_date_text = None  # corrected: the date now says it all
        item.target_date = data["target_date"]
        item.completed_on = data["completed_on"]
        item.outcome = data["outcome"] or None
        item.status = data["status"] or None
        item.warnings = []
        if _correct(request, form, pending, plan, f"action {rec}.{action}"):
            return redirect(back_url)
    return render(
        request,
        "imports/correct_action.html",
        {
            "form": form,
            "leads": leads,
            "milestones": milestones,
            "title": f"Correct action {action} of recommendation {rec}",
            "caption": pending.filename,
            "back_url": back_url,
            "max_rows": forms.MAX_ROWS,
            "nav": "reviews",
        },
    )


def _use_offered_date(request, pending, plan, item, rec: int, action: int):
    """The preview's "Use this date": the date its relative target date gives (``_relative_offer``)
    becomes the action's target date, through the same correction as the page's own form. The
    plan's words stay as written beside it."""
    back_url = _preview_url(pending, _action_anchor(rec, action))
    form = forms.VersionedForm(request.POST)
    offer = _relative_offer(plan, item)
    if not form.is_valid() or offer is None:
        messages.error(request, "That date is no longer offered: the plan has changed. Check it.")
        return redirect(back_url)
    item.target_date = offer["date"]
    if _correct(request, form, pending, plan, f"action {rec}.{action}: target date"):
        messages.success(
            request,
            f"Recommendation {rec}, action {action}: target date set to {offer['date'].display()}.",
        )
    else:
        messages.error(request, form.non_field_errors()[0])
    return redirect(back_url)


@login_required
@require_POST
def save(request, pk: int):
    pending = get_pending_import_for_user(request, pk)
    if not pending.is_ready:
        return redirect(_status_url(pending))
    form = _save_form(services.pending_import_plan(pending), request.POST)
    if not form.is_valid():
        return _preview(request, pending, form)
    try:
        result = services.pending_import_save(
            pending=pending,
            actor=request.user,
            link_agencies=form.cleaned_data["link_agencies"],
            agreed=form.is_agreed,
            agreed_on=form.cleaned_data["agreed_on"],
            save_suggested_themes=form.saves_suggested_themes,
        )
    except AgenciesNeedLinking as exc:
        names = ", ".join(m.elsewhere.name for m in exc.matches)
        form.add_error(
            "link_agencies",
            f"Tick the box to confirm that {names} in this plan and in Followthrough are the "
            "same, or correct the agency names in the plan. Nothing was saved.",
        )
        return _preview(request, pending, form)
    except services.ImportGone:
        messages.error(request, "This import has been saved or cancelled meanwhile.")
        return redirect("plans:review_list")
    except (services.PlanDoesNotFit, services.ReferenceTaken) as exc:
        form.add_error(None, str(exc))
        return _preview(request, pending, form)
    except PlanAlreadyImported as exc:
        messages.error(
            request,
            f"This document was saved meanwhile as \u201c{exc.review.title}\u201d, so this "
            "import has been closed and nothing more was saved. This is the review that was saved.",
        )
        return redirect("plans:review_detail", exc.review.pk)
    agreed = (
        " It is agreed: its target dates now change only through revised dates."
        if result.review.is_agreed
        else " It is a draft: agree it from its page when its dates are right."
    )
    messages.success(
        request,
        f"Plan saved: {result.recommendation_count} recommendations and "
        f"{result.action_count} actions.{agreed}",
    )
    return redirect("plans:review_detail", result.review.pk)


@login_required
def discard(request, pk: int):
    """Cancel an import: asked first ("Cancel the import"), then the document, the plan as
    read and its corrections are deleted. A refused upload is let go without asking (its
    page's "Upload another document"): nothing of it is left to lose."""
    pending = get_pending_import_for_user(request, pk)
    refused = pending.state == PendingImport.State.REFUSED
    if request.method == "POST":
        services.pending_import_discard(pending=pending, actor=request.user)
        if refused:  # the refusal was read: on to another document, and nothing of it kept
            return redirect("imports:upload")
        messages.success(request, "Import cancelled. Nothing was saved.")
        return redirect("imports:drafts")
    corrections = pending.version - 1
    body = "The uploaded document and the plan as read are deleted. Nothing has been saved yet."
    if corrections:
        body = (
            f"The uploaded document, the plan as read and the {corrections} correction"
            f"{'s' if corrections != 1 else ''} made to it are deleted. Nothing has been "
            "saved yet."
        )
    return render(
        request,
        "pages/confirm.html",
        {
            "title": "Cancel this import?",
            "caption": pending.filename,
            "body": body,
            "submit": "Cancel the import",
            "back_url": _preview_url(pending) if pending.is_ready else _status_url(pending),
            "nav": "reviews",
            "warning": True,
        },
    )


def _template_download(content: bytes, pending: PendingImport) -> HttpResponse:
    stem = slugify(PurePath(pending.filename).stem)[:60].strip("-") or "plan"
    response = HttpResponse(content, content_type=template.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}-template.xlsx")
    response["Content-Length"] = str(len(content))
    response["Cache-Control"] = "no-store, private"  # plan data: no copy kept on the way
    return response


@login_required
def filled_template(request, pk: int):
    """What was read, as the Excel template: to complete offline and upload again."""
    pending = get_pending_import_for_user(request, pk)
    if not pending.is_ready:
        return redirect(_status_url(pending))
    content = services.pending_import_template(pending=pending, actor=request.user)
    return _template_download(content, pending)


@login_required
def blank_template(request, pk: int):
    """The Excel template, empty but for the partnership (and the review's title, once read):
    the way out for a document that could not be read."""
    pending = get_pending_import_for_user(request, pk)
    title = services.pending_import_plan(pending).review.title if pending.is_ready else ""
    content = template.plan_template(None, title=title, partnership=pending.partnership.name)
    return _template_download(content, pending)


@login_required
def compare_choose(request, pk: int):
    """Which of the partnership's reviews the document is a new version of."""
    pending = get_pending_import_for_user(request, pk)
    if not pending.is_ready:
        return redirect(_status_url(pending))
    plan = services.pending_import_plan(pending)
    likely = reviews_it_may_update(plan, pending.partnership)
    form = forms.ChooseReviewForm(request.GET or None, reviews=reviews_of(pending.partnership))
    if form.is_bound and form.is_valid():
        return redirect("imports:compare", pending.pk, form.cleaned_data["review"].pk)
    return render(
        request,
        "imports/compare_choose.html",
        {
            "pending": pending,
            "form": form,
            "likely": likely,
            "has_reviews": bool(form.fields["review"].queryset),
            "back_url": _preview_url(pending, "versions"),
            "nav": "reviews",
        },
    )


@login_required
def compare(request, pk: int, review: int):
    """The differences between the document and the review it updates, and applying them
    to the review as changes (new, changed and removed items; progress kept)."""
    pending = get_pending_import_for_user(request, pk)
    target = get_review_for_user(request, review, perm="plans.change_plan")
    if target.partnership_id != pending.partnership_id:
        raise Http404("Not found")
    if not pending.is_ready:
        return redirect(_status_url(pending))
    plan = services.pending_import_plan(pending)
    form = forms.ApplyRevisionForm(request.POST or None, initial={"version": pending.version})
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.pending_import_revise(
                pending=pending,
                review=target,
                fingerprint=form.cleaned_data["fingerprint"],
                expected_version=form.cleaned_data["version"],
                actor=request.user,
                link_agencies=form.cleaned_data["link_agencies"],
            )
        except services.ImportGone:
            messages.error(request, "This import has been saved or cancelled meanwhile.")
            return redirect("plans:review_list")
        except AgenciesNeedLinking as exc:
            names = ", ".join(m.elsewhere.name for m in exc.matches)
            form.add_error(
                "link_agencies",
                f"Tick the box to confirm that {names} in this plan and in Followthrough are "
                "the same, or correct the agency names in the preview. Nothing was changed.",
            )
        except (
            PlanChangedMeanwhile,
            PlanRuleError,
            services.StaleCorrection,
            services.PlanDoesNotFit,
        ) as exc:
            form.add_error(None, str(exc))
        else:
            counts = changes.counts
            kept = counts["actions_kept"]
            messages.success(
                request,
                f"The review now follows {pending.filename}: {counts['actions_new']} actions "
                f"added, {counts['actions_changed']} changed and {counts['actions_removed']} "
                "removed"
                + (
                    f"; {kept} removed from the document kept for their progress "
                    "(close each from its page if it no longer applies)."
                    if kept
                    else "."
                ),
            )
            return redirect("plans:review_detail", target.pk)
    changes = plan_compare(review=target, plan=plan)
    form.initial["fingerprint"] = changes.fingerprint
    if form.is_bound:  # shown again: with the comparison as it is now
        form.data = form.data.copy()
        form.data["fingerprint"] = changes.fingerprint
        form.data["version"] = str(pending.version)
    return render(
        request,
        "imports/compare.html",
        {
            "pending": pending,
            "review": target,
            "changes": changes,
            "counts": changes.counts,
            "form": form,
            "back_url": _preview_url(pending, "versions"),
            "nav": "reviews",
        },
    )
