"""A PFD report's pages: its addressees with their 56-day clocks, each addressee's extension
and response (with the actions it promises), and the import of a report from its text. Thin
views: fetch with permission or 404, bind a form, call one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from followthrough.pages import form_page
from followthrough.parsing import ParseError
from followthrough.parsing.pfd import read_pfd_report
from followthrough.partnerships.selectors import partnerships_for_user
from followthrough.pfd import forms, importing, selectors, services
from followthrough.pfd.clock import day, response_period
from followthrough.plans.rules import PLAN_AUTHORS

VIEW = "pfd.view_addressees"
CHANGE = "pfd.change_addressees"


def _list_url(review) -> str:
    return reverse("pfd:addressee_list", args=[review.pk])


def _detail_url(addressee) -> str:
    return reverse("pfd:addressee_detail", args=[addressee.pk])


def _refused(form, call):
    """Run a service; a refusal (a PFD rule, or a stale page) becomes a form error rather than
    a crash, and nothing is saved."""
    try:
        return call()
    except (services.PfdRuleError, services.StaleEdit) as exc:
        form.add_error(None, str(exc))
        return None


def _agencies(review):
    return review.partnership.agencies.order_by("name")


@login_required
def addressee_list(request, pk: int):
    review = selectors.get_pfd_for_user(request, pk, perm=VIEW)
    today = timezone.localdate()
    return render(
        request,
        "pfd/addressee_list.html",
        {
            "review": review,
            "addressees": selectors.review_addressees(review, today=today),
            "can_change": request.user.has_perm(CHANGE, review),
            "period": response_period(),
            "nav": "reviews",
        },
    )


@login_required
def addressee_detail(request, pk: int):
    addressee = selectors.get_addressee_for_user(request, pk, perm=VIEW)
    today = timezone.localdate()
    return render(
        request,
        "pfd/addressee_detail.html",
        {
            "addressee": selectors.addressee_detail(addressee, today=today),
            "review": addressee.review,
            "can_change": request.user.has_perm(CHANGE, addressee.review),
            "period": response_period(),
            "nav": "reviews",
        },
    )


@login_required
def addressee_add(request, pk: int):
    review = selectors.get_pfd_for_user(request, pk, perm=CHANGE)
    first = review.pfd_addressees.order_by("order").first()
    form = forms.AddresseeForm(
        request.POST or None,
        agencies=_agencies(review),
        initial={"sent_on": first.sent_on if first else review.notified_on},
    )
    if request.method == "POST" and form.is_valid():
        added = _refused(
            form,
            lambda: services.addressee_add(review=review, actor=request.user, **form.cleaned_data),
        )
        if added is not None:
            messages.success(request, f"{added.name} added.")
            return redirect(_list_url(review))
    return form_page(
        request,
        form,
        title="Add an addressee",
        caption=review.title,
        back_url=_list_url(review),
        submit="Add addressee",
    )


@login_required
def addressee_change(request, pk: int):
    addressee = selectors.get_addressee_for_user(request, pk, perm=CHANGE)
    form = forms.AddresseeForm(
        request.POST or None,
        agencies=_agencies(addressee.review),
        version=addressee.version,
        initial={"name": addressee.name, "agency": addressee.agency, "sent_on": addressee.sent_on},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        changed = _refused(
            form,
            lambda: services.addressee_change(
                addressee=addressee, actor=request.user, expected_version=version, **data
            ),
        )
        if changed is not None:
            messages.success(request, "Addressee changed.")
            return redirect(_detail_url(addressee))
    return form_page(
        request,
        form,
        title="Change the addressee",
        caption=addressee.review.title,
        back_url=_detail_url(addressee),
    )


@login_required
def addressee_remove(request, pk: int):
    addressee = selectors.get_addressee_for_user(request, pk, perm=CHANGE)
    review = addressee.review
    if request.method == "POST":
        services.addressee_remove(addressee=addressee, actor=request.user)
        messages.success(request, f"{addressee.name} removed.")
        return redirect(_list_url(review))
    return render(
        request,
        "pages/confirm.html",
        {
            "title": "Remove this addressee?",
            "caption": review.title,
            "nav": "reviews",
            "quote": addressee.name,
            "body": "Its clock and response are removed with it. Any actions its response "
            "promised stay in the plan. The removal is recorded.",
            "submit": "Remove addressee",
            "back_url": _detail_url(addressee),
            "warning": True,
        },
    )


@login_required
def extension_record(request, pk: int):
    addressee = selectors.get_addressee_for_user(request, pk, perm=CHANGE)
    form = forms.ExtensionForm(
        request.POST or None,
        version=addressee.version,
        initial={
            "due_on": addressee.extended_to,
            "reason": addressee.extension_reason,
            "granted_on": addressee.extension_granted_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        done = _refused(
            form,
            lambda: services.addressee_extension_record(
                addressee=addressee,
                actor=request.user,
                expected_version=version,
                today=timezone.localdate(),
                **data,
            ),
        )
        if done is not None:
            messages.success(request, f"Extension recorded: now due on {day(done.extended_to)}.")
            return redirect(_detail_url(addressee))
    statutory = response_period().after(addressee.sent_on)
    return form_page(
        request,
        form,
        title="Record an extension",
        caption=addressee.name,
        back_url=_detail_url(addressee),
        intro=f"Without an extension the response is due on {day(statutory)}, "
        f"{response_period()} after the report's date. Only the coroner may extend it.",
        submit="Record extension",
    )


_ROW_BUTTONS = ("add_promise", "remove_promise")


def _typed_promises(data) -> list[dict]:
    try:
        total = int(data.get("promises-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    names = forms.PromiseForm.base_fields
    return [
        {name: data.get(f"promises-{row}-{name}", "") for name in names}
        for row in range(max(0, min(total, forms.MAX_PROMISES)))
    ]


@login_required
def response_record(request, pk: int):
    """The addressee's response, with the actions it promises as rows: "Add another action"
    and "Remove" show the page again with what was typed, one row more or less; nothing is
    kept until it is saved. No JavaScript needed."""
    addressee = selectors.get_addressee_for_user(request, pk, perm=CHANGE)
    review = addressee.review
    concerns = list(selectors.concerns_of(review))
    pressed = next((name for name in _ROW_BUTTONS if name in request.POST), None)
    if request.method == "POST" and pressed is not None:
        rows = _typed_promises(request.POST)
        if pressed == "add_promise" and len(rows) < forms.MAX_PROMISES:
            rows.append({})
        elif pressed == "remove_promise":
            gone = request.POST.get("remove_promise", "")
            rows = [row for n, row in enumerate(rows) if str(n) != gone]
        form = forms.ResponseForm(
            version=addressee.version,
            initial={name: request.POST.get(name, "") for name in ("response_on", "summary")},
        )
        if request.POST.get("version"):
            form.initial["version"] = request.POST["version"]
        promises = forms.PromiseRows(prefix="promises", initial=rows, extra=0, concerns=concerns)
    else:
        data = request.POST if request.method == "POST" else None
        form = forms.ResponseForm(
            data,
            version=addressee.version,
            initial={"response_on": addressee.response_on, "summary": addressee.response_summary},
        )
        promises = forms.PromiseRows(data, prefix="promises", concerns=concerns)
    saving = request.method == "POST" and pressed is None
    if saving and form.is_valid() and promises.is_valid():
        by_pk = {concern.pk: concern for concern in concerns}
        wanted = [
            services.Promise(
                concern=by_pk[row.cleaned_data["concern"]],
                text=row.cleaned_data["text"].strip(),
                target_date=row.cleaned_data["target_date"],
            )
            for row in promises.forms
            if not row.is_empty and row.cleaned_data.get("concern") in by_pk
        ]
        done = _refused(
            form,
            lambda: services.addressee_response_record(
                addressee=addressee,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                response_on=form.cleaned_data["response_on"],
                summary=form.cleaned_data["summary"],
                promises=wanted,
                today=timezone.localdate(),
            ),
        )
        if done is not None:
            count = len(wanted)
            messages.success(
                request,
                f"Response recorded, with {count} promised action{'' if count == 1 else 's'} "
                "added to the plan.",
            )
            return redirect(_detail_url(addressee))
    return render(
        request,
        "pfd/response_form.html",
        {
            "form": form,
            "promises": promises,
            "addressee": addressee,
            "review": review,
            "concerns": concerns,
            "max_rows": forms.MAX_PROMISES,
            "back_url": _detail_url(addressee),
            "nav": "reviews",
        },
    )


@login_required
def report_import(request):
    """Import a coroner's report from its text: read it, show what was read, then save it."""
    if not request.user.has_perm("pfd.import_report"):
        raise Http404("Not found")
    partnerships = partnerships_for_user(request.user, roles=PLAN_AUTHORS)
    if request.method == "POST" and "save" in request.POST:
        return _import_save(request, partnerships)
    form = forms.ImportForm(request.POST or None, request.FILES or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        field = "document" if form.cleaned_data.get("document") else "text"
        try:
            text = importing.text_of(form.cleaned_data)
            report = read_pfd_report(text)
        except ParseError as exc:
            form.add_error(field, str(exc))
        else:
            save_form = forms.ImportSaveForm(
                partnerships=partnerships,
                initial={
                    "partnership": form.cleaned_data["partnership"].pk,
                    "text": text,
                    "report_date": report.report_date,
                },
            )
            return _import_preview(request, report, save_form, form.cleaned_data["partnership"])
    return form_page(
        request,
        form,
        title="Import a coroner's report",
        caption="Prevention of Future Deaths reports",
        back_url=reverse("plans:review_list"),
        submit="Read the report",
        intro="Followthrough reads the report's concerns, who it was sent to and its date, and "
        "shows you what it read before anything is saved. The deceased's name is never kept: "
        "the review is titled by the report's date.",
    )


def _import_preview(request, report, save_form, partnership, status=200):
    return render(
        request,
        "pfd/import_preview.html",
        importing.preview_context(report, save_form, partnership),
        status=status,
    )


def _import_save(request, partnerships):
    save_form = forms.ImportSaveForm(request.POST, partnerships=partnerships)
    if not save_form.is_valid() and (
        save_form.has_error("text") or save_form.has_error("partnership")
    ):
        messages.error(request, "The page was incomplete: paste the report again.")
        return redirect("pfd:import")
    try:
        report = read_pfd_report(save_form.data.get("text", ""))
    except ParseError as exc:
        messages.error(request, str(exc))
        return redirect("pfd:import")
    partnership = save_form.cleaned_data["partnership"]
    if save_form.is_valid():
        review = _refused(
            save_form,
            lambda: services.pfd_report_import(
                partnership=partnership,
                report=report,
                report_date=save_form.cleaned_data["report_date"],
                actor=request.user,
                today=timezone.localdate(),
            ),
        )
        if review is not None:
            messages.success(
                request,
                f"Report saved with {len(report.concerns)} concerns and "
                f"{len(report.addressees)} addressees.",
            )
            return redirect(_list_url(review))
    return _import_preview(request, report, save_form, partnership)
