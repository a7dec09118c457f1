"""Page helpers shared by the apps' views: below every app, importing none of them (the
templates are under templates/pages/)."""

from django.shortcuts import render


def form_page(
    request, form, *, title, caption, back_url, submit="Save", intro="", field_findings=None
):
    """A one-form page in the GOV.UK pattern: error summary, caption, heading, fields with
    their hints, errors and SMART findings, a submit button and a way back."""
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
        },
    )
