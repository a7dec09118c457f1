"""National oversight's pages: for a user with the national role and the site administrator;
anyone else signed in gets 404 (they never learn the pages exist), the anonymous are sent to
sign in."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.oversight import charts, selectors
from followthrough.oversight.xlsx import SUPPRESSION_NOTE, figures_workbook
from followthrough.plans.models import ReviewType, Theme
from followthrough.plans.outcomes import Outcome
from followthrough.public.selectors import public_plan, published_review_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_national(request) -> None:
    if not request.user.has_perm("oversight.view_figures"):
        raise Http404("No such page")


@require_safe
@login_required
def figures(request):
    _require_national(request)
    filters = selectors.Filters.from_query(request.GET)
    data = selectors.national_figures(filters)
    _link_cells(data, filters)
    tables = [(table, charts.chart(table)) for table in data.tables]
    return render(
        request,
        "oversight/figures.html",
        {
            "figures": data,
            "tables": tables,
            "review_types": ReviewType.choices,
            "outcomes": [(o, selectors.OUTCOME_MEANINGS[o]) for o in selectors.OUTCOMES],
            "suppression_note": SUPPRESSION_NOTE,
            "filter_query": filters.as_query(),
            "threshold": selectors.THRESHOLD,
        },
    )


def _link_cells(data, filters) -> None:
    """Each cell's drill-down address: its row's value and its outcome, with the filters."""
    base = reverse("oversight:recommendations")
    for table in data.tables:
        for row in table.rows:
            for cell in row.cells:
                query = {**filters.as_query(), table.facet: row.value}
                query["outcome"] = cell.outcome.value
                cell.url = f"{base}?{urlencode(query)}"


@require_safe
@login_required
def figures_xlsx(request):
    _require_national(request)
    filters = selectors.Filters.from_query(request.GET)
    today = timezone.localdate()
    content = figures_workbook(selectors.national_figures(filters, today), today)
    audit_event_record(
        actor=request.user,
        event_type=events.NATIONAL_FIGURES_DOWNLOADED,
        target=request.user,
        summary="National figures downloaded as Excel",
        after={"filters": filters.as_query()},
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="national-figures-{today.isoformat()}.xlsx"'
    )
    return response


@require_safe
@login_required
def recommendations(request):
    _require_national(request)
    drill = selectors.DrillDown.from_query(request.GET)
    theme_name = None
    if drill.theme and drill.theme != selectors.NOT_STATED:
        theme_name = Theme.objects.filter(slug=drill.theme).values_list("name", flat=True).first()
        if theme_name is None:
            drill = selectors.DrillDown(
                filters=drill.filters,
                scope=drill.scope,
                sector=drill.sector,
                outcome=drill.outcome,
                errors=(*drill.errors, "Choose a theme from the figures."),
            )
    page = selectors.drill_down_page(drill, timezone.localdate(), request.GET.get("page"))
    return render(
        request,
        "oversight/recommendations.html",
        {
            "drill": drill,
            "described": drill.describe(theme_name),
            "page": page,
            "recommendations": page.object_list,
            "figures_query": drill.filters.as_query(),
        },
    )


@require_safe
@login_required
def review(request, pk: int):
    _require_national(request)
    published = published_review_or_404(pk, timezone.localdate())
    return render(
        request,
        "oversight/review.html",
        {"plan": public_plan(published), "outcomes": Outcome},
    )
