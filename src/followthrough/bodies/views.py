"""Pages of national bodies: the register of what is addressed to the user's body, one
recommendation with its answer, and, for a plan's authors, addressing a recommendation to
bodies. A body's user reaches only these, and only what is addressed to their body; anyone
else gets 404 (the anonymous are sent to sign in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.bodies import forms, selectors, services
from followthrough.bodies.models import NationalBody
from followthrough.bodies.xlsx import CONTENT_TYPE, register_xlsx
from followthrough.plans.concurrency import StaleEdit
from followthrough.plans.selectors import get_recommendation_for_user

CHANGE = "plans.change_plan"


def _require_register(request) -> None:
    if not request.user.has_perm("bodies.view_register"):
        raise Http404("No such page")


@require_safe
@login_required
def register(request):
    _require_register(request)
    filters = selectors.RegisterFilters.from_query(request.GET)
    today = timezone.localdate()
    shown = selectors.register_page(request.user, filters, today, request.GET.get("page"))
    return render(
        request,
        "bodies/register.html",
        {
            "register": shown,
            "page": shown.page,
            "addressings": shown.addressings,
            "filters": filters,
            "filter_query": filters.as_query(),
            "states": selectors.STATES,
            "body": selectors.bodies_seen_by(request.user).first()
            if not request.user.is_superuser
            else None,
            "today": today,
            "nav": "bodies",
        },
    )


@require_safe
@login_required
def register_download(request):
    _require_register(request)
    filters = selectors.RegisterFilters.from_query(request.GET)
    today = timezone.localdate()
    addressings = selectors.register_addressings(request.user, filters, today)
    response = HttpResponse(content_type=CONTENT_TYPE)
    count = register_xlsx(response, addressings, today)
    audit_event_record(
        actor=request.user,
        event_type=events.NATIONAL_BODY_REGISTER_DOWNLOADED,
        target=request.user,
        summary="National body's register downloaded as Excel",
        after={"filters": filters.as_query(), "rows": count},
    )
    response["Content-Disposition"] = (
        f'attachment; filename="national-register-{today.isoformat()}.xlsx"'
    )
    return response


def _addressing_page(request, addressing, respond_form=None, status=200):
    today = timezone.localdate()
    if respond_form is None:
        initial = {"response": addressing.response, "reasons": addressing.reasons}
        if addressing.responded_on:
            initial["responded_on"] = addressing.responded_on.strftime("%d/%m/%Y")
        respond_form = forms.RespondForm(initial=initial, version=addressing.version)
    review = addressing.recommendation.review
    return render(
        request,
        "bodies/addressing.html",
        {
            "addressing": addressing,
            "rec": addressing.recommendation,
            "review": review,
            "overdue_by": addressing.overdue_days(today),
            "acknowledge_form": forms.AcknowledgeForm(version=addressing.version),
            "form": respond_form,
            "today": today,
            "nav": "bodies",
        },
        status=status,
    )


@require_safe
@login_required
def addressing_detail(request, pk: int):
    addressing = selectors.get_addressing_for_user(request, pk)
    return _addressing_page(request, addressing)


@login_required
@require_POST
def acknowledge(request, pk: int):
    addressing = selectors.get_addressing_for_user(request, pk, perm="bodies.answer")
    form = forms.AcknowledgeForm(request.POST, version=addressing.version)
    url = reverse("bodies:addressing", args=[addressing.pk])
    if not form.is_valid():
        messages.error(request, form.errors["version"][0])
        return redirect(url)
    try:
        services.addressing_acknowledge(
            addressing=addressing,
            expected_version=form.cleaned_data["version"],
            actor=request.user,
        )
    except StaleEdit as exc:
        messages.error(request, str(exc))
        return redirect(url)
    messages.success(request, "Acknowledged. The partnership sees it on its plan.")
    return redirect(url)


@login_required
def respond(request, pk: int):
    addressing = selectors.get_addressing_for_user(request, pk, perm="bodies.answer")
    if request.method != "POST":
        return _addressing_page(request, addressing)
    form = forms.RespondForm(request.POST, version=addressing.version)
    if form.is_valid():
        try:
            services.addressing_respond(
                addressing=addressing,
                expected_version=form.cleaned_data["version"],
                response=form.cleaned_data["response"],
                reasons=form.cleaned_data["reasons"],
                responded_on=form.cleaned_data["responded_on"],
                actor=request.user,
            )
        except StaleEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, "Response saved. The partnership sees it on its plan.")
            return redirect("bodies:addressing", addressing.pk)
    return _addressing_page(request, addressing, respond_form=form)


# --- The plan's side ---------------------------------------------------------------------------


@login_required
def address(request, pk: int):
    rec = get_recommendation_for_user(request, pk, perm=CHANGE)
    addressed = list(rec.addressings.select_related("body").order_by("body__name"))
    taken = {a.body_id for a in addressed}
    available = [b for b in NationalBody.objects.filter(active=True) if b.pk not in taken]
    form = forms.AddressForm(request.POST if request.method == "POST" else None, bodies=available)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.recommendation_address(
                recommendation=rec, bodies=form.chosen(), actor=request.user
            )
        except ValidationError as exc:
            form.add_error("bodies", exc.messages[0])
        else:
            names = ", ".join(a.body.name for a in made) or "nobody new"
            messages.success(request, f"Recommendation addressed to {names}.")
            return redirect(
                reverse("plans:review_write", args=[rec.review_id]) + f"#recommendation-{rec.pk}"
            )
    today = timezone.localdate()
    for addressing in addressed:
        addressing.overdue_by = addressing.overdue_days(today)
    mentioned = selectors.mentioned_bodies(f"{rec.text}\n{rec.area}", available)
    return render(
        request,
        "bodies/address.html",
        {
            "rec": rec,
            "review": rec.review,
            "form": form,
            "addressed": addressed,
            "choices": [(body, body.pk in mentioned) for body in available],
            "chosen": set(form["bodies"].value() or []) if form.is_bound else set(),
            "nav": "reviews",
        },
    )


@login_required
@require_POST
def withdraw(request, pk: int):
    addressing = selectors.get_addressing_for_user(request, pk, perm="bodies.withdraw")
    rec = addressing.recommendation
    try:
        services.addressing_withdraw(addressing=addressing, actor=request.user)
    except services.AlreadyAnswered as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"The recommendation is no longer addressed to {addressing.body.in_sentence}."
        )
    return redirect("bodies:address", rec.pk)
