"""Page helpers shared by the apps' views: below every app, importing none of them (the
templates are under templates/pages/)."""

from django.shortcuts import render


def form_page(
    request,
    form,
    *,
    title,
    caption,
    back_url,
    submit="Save",
    intro="",
    field_findings=None,
    before_form: str | None = None,
    context: dict | None = None,
):
    """A one-form page in the GOV.UK pattern: error summary, caption, heading, fields with
    their hints, errors and SMART findings, a submit button and a way back. ``before_form``
    names a template shown between the introduction and the form (with ``context``)."""
    return render(
        request,
        "pages/form_page.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "back_url": back_url,
            "submit": submit,
            "intro": intro,
            "nav": "reviews",
            "field_findings": field_findings,
            "before_form": before_form,
            **(context or {}),
        },
    )
