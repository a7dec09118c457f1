"""Downloads: thin views that fetch with permission (404 for anyone who may not see the
record), call one export service and return the file as an attachment.

A review's action plan of up to ``FOLLOWTHROUGH_EXPORT_IN_REQUEST_ACTIONS`` actions is made in
the request; a longer one, like a board pack, by the worker (its download goes to the job's
page). A board pack (of a review or of
a partnership) is asked for with a form and made by the worker (``exports.tasks``): the
request returns at once with the job's page, which offers the files once they are made, to
whoever asked for them only, while they still may export."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from followthrough.exports import selectors, services
from followthrough.exports.model import Profile
from followthrough.exports.pdf import PdfTooCostly, PdfUnavailable
from followthrough.exports.selectors import default_since
from followthrough.partnerships.selectors import get_partnership_for_user
from followthrough.plans.selectors import get_review_for_user


class BadRequest(Exception):
    pass


def _profile(request) -> Profile:
    return _profile_of(request.GET.get("profile"))


def _profile_of(value: str | None) -> Profile:
    value = value or Profile.INTERNAL.value
    try:
        return Profile(value)
    except ValueError:
        raise BadRequest(
            f"There is no '{value[:40]}' profile: choose 'internal' or 'public'."
        ) from None


def _since_of(value: str | None) -> dt.date:
    today = timezone.localdate()
    if not value:
        return default_since(today)
    try:
        since = dt.date.fromisoformat(value)
    except ValueError:
        raise BadRequest(
            "Give the date the board pack counts changes from as YYYY-MM-DD, for example "
            f"{default_since(today).isoformat()}."
        ) from None
    if since > today:
        raise BadRequest("The date the board pack counts changes from must not be in the future.")
    return since


def _download(file: services.ExportFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.filename)
    response["Content-Length"] = str(len(file.content))
    # Personal data: no copy kept by browsers or proxies.
    response["Cache-Control"] = "no-store, private"
    return response


def _refused(
    request, message: str, back_url: str, status: int, word_url: str | None = None
) -> HttpResponse:
    return render(
        request,
        "exports/refused.html",
        {"message": message, "back_url": back_url, "word_url": word_url, "nav": "reviews"},
        status=status,
    )


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def _export(request, make, back_url: str, word_url: str) -> HttpResponse:
    try:
        return _download(make())
    except BadRequest as exc:
        return _refused(request, str(exc), back_url, 400)
    except services.ProfileRefused as exc:
        return _refused(request, _sentence(str(exc)), back_url, 409)
    except PdfTooCostly as exc:
        message = (
            f"The PDF could not be made: {exc.reason}. Something in it, such as a very long "
            "piece of text, takes too long to lay out. The Word version has the same content."
        )
        return _refused(request, message, back_url, 422, word_url=word_url)
    except PdfUnavailable as exc:
        return _refused(request, str(exc), back_url, 503, word_url=word_url)


def _word_url(request, name: str, pk: int) -> str:
    """The Word version of the same download, with the same profile and date."""
    query = request.GET.urlencode()
    return reverse(name, args=[pk]) + (f"?{query}" if query else "")


@login_required
def review_download(request, pk: int, fmt: str):
    """The plan's file at once when it is small (most are); a long one is made by the worker,
    so asking for it goes to its job's page, which offers the file when it is ready."""
    review = get_review_for_user(request, pk, perm="exports.export_review")
    if not services.review_export_in_request(review):
        try:
            job = services.plan_export_job_request(
                review=review, fmt=fmt, profile=_profile(request), actor=request.user
            )
        except BadRequest as exc:
            return _refused(request, str(exc), review_url(review), 400)
        except services.ProfileRefused as exc:
            return _refused(request, _sentence(str(exc)), review_url(review), 409)
        return redirect("exports:job", job.pk)
    return _export(
        request,
        lambda: services.review_export(
            review=review, fmt=fmt, profile=_profile(request), actor=request.user
        ),
        review_url(review),
        _word_url(request, "exports:review_docx", review.pk),
    )


# Board packs: asked for here, made by the worker --------------------------------------------


def _pack_choices(data, fmt: str) -> tuple[dict, dict]:
    """What the board pack form asks (changes since, profile, format) from ``data`` (the query
    or the form), and the errors beside each field."""
    values = {
        "since": (data.get("since") or "").strip(),
        "profile": data.get("profile") or Profile.INTERNAL.value,
        "format": data.get("format") or fmt,
    }
    errors = {}
    for field, read in (("since", _since_of), ("profile", _profile_of)):
        try:
            values[f"{field}_value"] = read(values[field])
        except BadRequest as exc:
            errors[field] = str(exc)
    if values["format"] not in services.PACK_FORMATS:
        errors["format"] = "Choose PDF or Word."
    return values, errors


def _board_pack(request, *, fmt: str, back_url: str, partnership=None, review=None):
    """The board pack's page: GET shows what will be made (changes since, profile, format),
    POST asks the worker to make it and goes to the job's page at once."""
    data = request.POST if request.method == "POST" else request.GET
    values, errors = _pack_choices(data, fmt)
    title = review.title if review is not None else partnership.name
    if request.method == "POST" and not errors:
        try:
            job = services.export_job_request(
                partnership=partnership,
                review=review,
                since=values["since_value"],
                fmt=values["format"],
                profile=values["profile_value"],
                actor=request.user,
            )
        except services.ProfileRefused as exc:
            return _refused(request, _sentence(str(exc)), back_url, 409)
        return redirect("exports:job", job.pk)
    return render(
        request,
        "exports/board_pack_request.html",
        {
            "title": title,
            "values": values,
            "errors": errors,
            "default_since": default_since(timezone.localdate()),
            "formats": [(key, kind.label) for key, kind in services.PACK_FORMATS.items()],
            "back_url": back_url,
            "nav": "reviews" if review is not None else "dashboards",
            "jobs": selectors.recent_export_jobs(
                request.user, partnership=partnership, review=review
            ),
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_board_pack(request, pk: int, fmt: str):
    review = get_review_for_user(request, pk, perm="exports.export_review")
    return _board_pack(request, fmt=fmt, back_url=review_url(review), review=review)


@login_required
@require_http_methods(["GET", "POST"])
def partnership_board_pack(request, pk: int, fmt: str):
    partnership = get_partnership_for_user(request, pk, perm="exports.export_partnership")
    return _board_pack(request, fmt=fmt, back_url=reverse("home"), partnership=partnership)


def _job_state(job) -> dict:
    """What the job's page and its status JSON say of it."""
    # Waiting longer than any pack takes: the worker has stopped (queued), or stopped while
    # making it (running, its process gone); the page says so and offers to ask again.
    since = job.started_at if job.status == job.Status.RUNNING else job.requested_at
    waited = (timezone.now() - since).total_seconds()
    lost = job.is_waiting and waited > settings.FOLLOWTHROUGH_IMPORT_WAIT_SECONDS
    return {
        "state": "lost" if lost else job.status,
        "label": job.get_status_display(),
        "text": job.progress,
    }


@login_required
def job(request, pk: int):
    """A board pack (or a long plan's download) being made: how it is going (the page asks
    again by itself every 5 s with JavaScript; "Check again" without), then the files to
    download, or why it could not be made and a button to ask again."""
    job = selectors.get_export_job_for_user(request, pk)
    return render(
        request,
        "exports/job.html",
        {
            "job": job,
            "plan": job.kind == job.Kind.PLAN,
            "what": "action plan" if job.kind == job.Kind.PLAN else "board pack",
            "progress": _job_state(job),
            "keep_hours": settings.FOLLOWTHROUGH_EXPORT_KEEP_HOURS,
            "deleted_at": job.finished_at
            and job.finished_at + dt.timedelta(hours=settings.FOLLOWTHROUGH_EXPORT_KEEP_HOURS),
            "nav": "reviews" if job.review_id else "dashboards",
        },
    )


@login_required
def job_status(request, pk: int):
    job = selectors.get_export_job_for_user(request, pk)
    return JsonResponse({**_job_state(job), "url": reverse("exports:job", args=[job.pk])})


@login_required
def job_download(request, pk: int, part: str):
    job = selectors.get_export_job_for_user(request, pk)
    try:
        handle, name, content_type = services.export_job_download(
            job=job, part=part, actor=request.user
        )
    except services.JobGone:
        return redirect("exports:job", job.pk)
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "no-store, private"  # personal data: no copy kept on the way
    return response


@login_required
@require_POST
def job_again(request, pk: int):
    """Ask again for the same pack or plan (after a failure, or once its files were deleted),
    in the format posted (the Word version of a PDF too costly to lay out) or the same one."""
    job = selectors.get_export_job_for_user(request, pk)
    fmt = request.POST.get("format")
    try:
        if job.kind == job.Kind.PLAN:
            again = services.plan_export_job_request(
                review=job.review,
                fmt=fmt if fmt in services.PLAN_FORMATS else job.fmt,
                profile=job.profile,
                actor=request.user,
            )
            return redirect("exports:job", again.pk)
        again = services.export_job_request(
            partnership=None if job.review_id else job.partnership,
            review=job.review,
            since=job.since,
            fmt=fmt if fmt in services.PACK_FORMATS else job.fmt,
            profile=job.profile,
            actor=request.user,
        )
    except services.ProfileRefused as exc:
        return _refused(request, _sentence(str(exc)), reverse("exports:job", args=[job.pk]), 409)
    return redirect("exports:job", again.pk)


def review_url(review) -> str:
    return reverse("plans:review_detail", args=[review.pk])
