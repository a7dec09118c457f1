"""The recurring lessons report: thin views over lessons.selectors."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from followthrough.lessons import selectors, xlsx


@login_required
def recurring(request):
    """Groups of repeated recommendations across reviews, as the user may see them, a page at
    a time. Any signed-in user: what each group shows is decided member by member."""
    page = selectors.recurring_lessons(request.user, page=request.GET.get("page"))
    return render(request, "lessons/recurring.html", {"page": page, "nav": "lessons"})


@login_required
def recurring_xlsx(request):
    """Every group the user may see, one row per member."""
    out = io.BytesIO()
    xlsx.recurring_lessons_xlsx(out, selectors.every_recurring_lesson(request.user))
    response = HttpResponse(out.getvalue(), content_type=xlsx.CONTENT_TYPE)
    filename = f"recurring-lessons-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store, private"
    return response
