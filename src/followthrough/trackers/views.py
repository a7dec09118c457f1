"""The spreadsheet round trip's pages: thin views over trackers.selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from followthrough.partnerships.selectors import get_partnership_for_user
from followthrough.trackers import forms, selectors, services
from followthrough.trackers.sheet import CONTENT_TYPE


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Content-Length"] = str(len(data))
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
def download_mine(request):
    """The open actions the user leads for their agency, in every partnership where they do
    (an empty sheet for someone who leads for no agency)."""
    actions = selectors.my_tracker_actions(request.user)
    data = services.tracker_download(
        lines=selectors.tracker_lines(actions),
        title="My actions",
        target=request.user,
        partnership=None,
        actor=request.user,
    )
    return _xlsx(data, f"my-actions-{timezone.localdate():%Y-%m-%d}.xlsx")


@login_required
def download_partnership(request, pk: int):
    """The partnership's open actions, for its coordinator."""
    partnership = get_partnership_for_user(request, pk, perm="trackers.download_partnership")
    actions = selectors.partnership_tracker_actions(partnership)
    data = services.tracker_download(
        lines=selectors.tracker_lines(actions),
        title=f"Open actions: {partnership.name}",
        target=partnership,
        partnership=partnership,
        actor=request.user,
    )
    name = slugify(partnership.name)[:60] or "partnership"
    return _xlsx(data, f"{name}-open-actions-{timezone.localdate():%Y-%m-%d}.xlsx")


@login_required
def upload(request):
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["spreadsheet"]
        try:
            made = services.tracker_upload_create(
                data=file.read(), filename=file.name, actor=request.user
            )
        except services.TrackerRefused as exc:
            form.add_error("spreadsheet", str(exc))
        else:
            return redirect("trackers:preview", made.pk)
    return render(request, "trackers/upload.html", {"form": form, "nav": "my_actions"})


@login_required
def preview(request, pk: int):
    """What each filled-in row would change, worked out against the actions as they are now;
    once applied, what each row came to."""
    made = selectors.get_upload_for_user(request, pk)
    found = None
    if not made.is_applied:
        found = selectors.tracker_preview(made, request.user, timezone.localdate())
    return render(
        request,
        "trackers/preview.html",
        {"upload": made, "preview": found, "result": made.result, "nav": "my_actions"},
    )


@login_required
@require_POST
def apply(request, pk: int):
    made = selectors.get_upload_for_user(request, pk)
    try:
        result = services.tracker_upload_apply(upload=made, actor=request.user)
    except services.TrackerAlreadyApplied as exc:
        messages.info(request, str(exc))
    else:
        count = len(result["applied"])
        messages.success(
            request,
            f"{count} action{'s' if count != 1 else ''} updated."
            if count
            else "No action was updated.",
        )
    return redirect("trackers:preview", made.pk)
