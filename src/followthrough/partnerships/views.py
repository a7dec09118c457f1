"""A partnership's agencies: which organisations are its partners, managed by its coordinator.
Thin views: fetch with permission, bind a form, call one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from followthrough.pages import form_page
from followthrough.partnerships import forms, selectors, services

MANAGE = "partnerships.manage_agencies"
MERGE = "partnerships.merge_agency"


def _agencies_url(partnership) -> str:
    return reverse("partnerships:agencies", args=[partnership.pk])


@login_required
def agencies(request, pk: int):
    partnership = selectors.get_partnership_for_user(request, pk, perm=MANAGE)
    mergeable = selectors.mergeable_agencies(partnership, request.user)
    return render(
        request,
        "partnerships/agencies.html",
        {
            "partnership": partnership,
            "agencies": selectors.partner_agencies(partnership),
            "mergeable_ids": set(mergeable.values_list("pk", flat=True)),
            "nav": "dashboards",
        },
    )


@login_required
def agency_link(request, pk: int):
    partnership = selectors.get_partnership_for_user(request, pk, perm=MANAGE)
    form = forms.AgencyLinkForm(
        request.POST or None, agencies=selectors.agencies_to_add(partnership)
    )
    if request.method == "POST" and form.is_valid():
        agency = form.cleaned_data["agency"]
        services.agency_partnership_link(agency=agency, partnership=partnership, actor=request.user)
        messages.success(request, f"{agency.name} is now a partner of {partnership.name}.")
        return redirect(_agencies_url(partnership))
    return form_page(
        request,
        form,
        title="Add an agency already in Followthrough",
        caption=partnership.name,
        back_url=_agencies_url(partnership),
        submit="Add the agency",
    )


@login_required
def agency_create(request, pk: int):
    partnership = selectors.get_partnership_for_user(request, pk, perm=MANAGE)
    form = forms.AgencyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_create(
                partnership=partnership, actor=request.user, **form.cleaned_data
            )
        except services.AgencyExists as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, f"{agency.name} is now a partner of {partnership.name}.")
            return redirect(_agencies_url(partnership))
    return form_page(
        request,
        form,
        title="Add a new agency",
        caption=partnership.name,
        back_url=_agencies_url(partnership),
        submit="Add the agency",
        intro="Check the list of agencies already in Followthrough first: an organisation that "
        "serves several partnerships is added once and made a partner of each.",
    )


@login_required
def agency_unlink(request, pk: int, agency_pk: int):
    partnership = selectors.get_partnership_for_user(request, pk, perm=MANAGE)
    agency = partnership.agencies.filter(pk=agency_pk).first()
    if agency is None:
        raise Http404("Not found")
    if request.method == "POST":
        try:
            services.agency_partnership_unlink(
                agency=agency, partnership=partnership, actor=request.user
            )
        except services.AgencyInUse as exc:
            messages.error(request, f"{exc}.")
        else:
            messages.success(request, f"{agency.name} is no longer a partner.")
        return redirect(_agencies_url(partnership))
    return render(
        request,
        "pages/confirm.html",
        {
            "title": f"Remove {agency.name} as a partner?",
            "caption": partnership.name,
            "nav": "dashboards",
            "body": "It stays in Followthrough for the other partnerships it serves. You can "
            "add it again later.",
            "submit": "Remove the agency",
            "back_url": _agencies_url(partnership),
            "warning": True,
        },
    )


@login_required
def agency_merge(request, pk: int, agency_pk: int):
    """Two agencies that are the same organisation become one: choose the one to keep, check
    what will move, confirm."""
    partnership = selectors.get_partnership_for_user(request, pk, perm=MANAGE)
    agency = partnership.agencies.filter(pk=agency_pk).first()
    if agency is None or not request.user.has_perm(MERGE, agency):
        raise Http404("Not found")
    others = selectors.mergeable_agencies(partnership, request.user).exclude(pk=agency.pk)
    form = forms.AgencyMergeForm(request.POST or None, agencies=others)
    if request.method == "POST" and form.is_valid():
        into = form.cleaned_data["into"]
        if form.cleaned_data["confirm"]:
            try:
                merged = services.agency_merge(agency=agency, into=into, actor=request.user)
            except services.AgencyMergeRefused as exc:
                form.add_error("into", str(exc))
            else:
                messages.success(
                    request,
                    f"{agency.name} is now part of {merged.kept.name}: "
                    f"{merged.leads_moved} action lead{'s' if merged.leads_moved != 1 else ''} "
                    "moved.",
                )
                return redirect(_agencies_url(partnership))
        else:
            return render(
                request,
                "partnerships/agency_merge_confirm.html",
                {
                    "partnership": partnership,
                    "agency": agency,
                    "into": into,
                    "lead_count": agency.action_leads.count(),
                    "membership_count": agency.memberships.count(),
                    "back_url": request.path,
                    "nav": "dashboards",
                },
            )
    return form_page(
        request,
        form,
        title=f"Merge {agency.name} into another agency",
        caption=partnership.name,
        back_url=_agencies_url(partnership),
        submit="Continue",
        intro=f"When {agency.name} and another agency are the same organisation, keep one. "
        f"The actions {agency.name} leads and its leads move to the one you keep, and its "
        "names are kept as other names of it, so plans that use them still find it when "
        "imported. You can check what will change before anything is saved.",
    )
