"""Downloads: thin views that fetch with permission (404 for anyone who may not see the
record), call one export service and return the file as an attachment."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from followthrough.exports import services
from followthrough.exports.model import Profile
from followthrough.exports.pdf import PdfTooCostly, PdfUnavailable
from followthrough.exports.selectors import default_since
from followthrough.partnerships.selectors import get_partnership_for_user
from followthrough.plans.selectors import get_review_for_user


class BadRequest(Exception):
    pass


def _profile(request) -> Profile:
    value = request.GET.get("profile") or Profile.INTERNAL.value
    try:
        return Profile(value)
    except ValueError:
        raise BadRequest(
            f"There is no '{value[:40]}' profile: choose 'internal' or 'public'."
        ) from None


def _since(request) -> dt.date:
    value = request.GET.get("since")
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
    review = get_review_for_user(request, pk, perm="exports.export_review")
    return _export(
        request,
        lambda: services.review_export(
            review=review, fmt=fmt, profile=_profile(request), actor=request.user
        ),
        review_url(review),
        _word_url(request, "exports:review_docx", review.pk),
    )


@login_required
def review_board_pack(request, pk: int, fmt: str):
    review = get_review_for_user(request, pk, perm="exports.export_review")
    return _export(
        request,
        lambda: services.board_pack_export(
            review=review,
            since=_since(request),
            fmt=fmt,
            profile=_profile(request),
            actor=request.user,
        ),
        review_url(review),
        _word_url(request, "exports:review_board_pack_docx", review.pk),
    )


@login_required
def partnership_board_pack(request, pk: int, fmt: str):
    partnership = get_partnership_for_user(request, pk, perm="exports.export_partnership")
    return _export(
        request,
        lambda: services.board_pack_export(
            partnership=partnership,
            since=_since(request),
            fmt=fmt,
            profile=_profile(request),
            actor=request.user,
        ),
        reverse("home"),
        _word_url(request, "exports:partnership_board_pack_docx", partnership.pk),
    )


def review_url(review) -> str:
    return reverse("plans:review_detail", args=[review.pk])
