"""PDFs: a Django template rendered to HTML, laid out by WeasyPrint on A4 landscape.

Layout runs in a child process with a ceiling on time and memory (``followthrough.sandbox``;
``FOLLOWTHROUGH_PDF_SECONDS`` and ``FOLLOWTHROUGH_PDF_MEMORY_MB``), a fresh one for each PDF,
started ahead of it with WeasyPrint loaded (``sandbox.WarmChild``): text that no layout engine
can shape in reasonable time (ten thousand emoji in one cell) stops the child, not the server,
and becomes ``PdfTooCostly``, whose message offers the Word version, which has the same
content. Where WeasyPrint cannot load Pango (a system library), ``PdfUnavailable`` says so in
one line instead of a traceback. Templates carry their own CSS and draw the RAG chart as
inline SVG, and nothing is fetched while laying out.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.template.loader import render_to_string

from followthrough.exports.model import BoardPack, PlanExport, Profile
from followthrough.exports.weasy import PdfUnavailable
from followthrough.exports.writers import docx as template_cells
from followthrough.sandbox import ChildRefused, Limits, SandboxError, WarmChild

__all__ = ["CONTENT_TYPE", "PdfTooCostly", "PdfUnavailable", "board_pack_pdf", "plan_pdf"]

CONTENT_TYPE = "application/pdf"
logger = logging.getLogger(__name__)


class PdfTooCostly(PdfUnavailable):
    """Laying out the PDF was stopped at its ceiling of time or memory; the Word version of
    the same export can still be made. ``reason`` is the sandbox's line ("laying out the PDF
    took longer than the 30 seconds allowed, so it was stopped")."""

    def __init__(self, reason: str):
        super().__init__(
            f"the PDF could not be made: {reason}; the Word version (docx) has the same content"
        )
        self.reason = reason


def limits() -> Limits:
    return Limits(
        seconds=settings.FOLLOWTHROUGH_PDF_SECONDS,
        memory_bytes=settings.FOLLOWTHROUGH_PDF_MEMORY_MB << 20,
    )


# The child that lays out the next PDF is started ahead of it, with WeasyPrint and the fonts
# loaded (about 0.5 s of every PDF otherwise): each PDF still has a fresh child of its own.
CHILDREN = WarmChild("followthrough.exports.weasy:warm_up")


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html``, laid out in a limited child process (started ahead of it)."""
    try:
        return CHILDREN.run(
            "followthrough.exports.weasy:write_pdf",
            html.encode("utf-8"),
            limits=limits(),
            expected=("followthrough.exports.weasy.PdfUnavailable",),
            what="laying out the PDF",
        )
    except ChildRefused as exc:
        raise PdfUnavailable(str(exc)) from None
    except SandboxError as exc:
        logger.warning("PDF layout stopped (%s)", exc.__class__.__name__)  # never the text
        raise PdfTooCostly(str(exc)) from None


def plan_groups(export: PlanExport) -> list[dict]:
    """The plan as the template lays it out: theme rows, each with its recommendations, each
    with the cells of its actions (the same cell contents as the Word export)."""
    rows = list(export.rows())
    groups: list[dict] = []
    number = 0
    previous = None
    for rec in export.plan.recommendations:
        key = (rec.theme, rec.area)
        if not groups or key != previous:
            heading = None
            if rec.theme or rec.area or previous is not None:
                number += 1
                heading = template_cells.theme_heading(number, rec)
            groups.append({"heading": heading, "recommendations": []})
        previous = key
        actions = []
        for row in (r for r in rows if r.recommendation is rec):
            actions.append(
                {
                    "text": row.action.text,
                    "leads": [template_cells.lead_text(lead) for lead in row.action.leads],
                    "milestones": [template_cells.milestone_text(m) for m in row.action.milestones],
                    "target": template_cells.target_lines(row.action, row),
                    "outcome": template_cells.outcome_lines(export, row),
                    "rag": row.delivery.rag,
                    "rag_label": row.delivery.rag_label,
                    "state_label": row.delivery.state_label,
                }
            )
        groups[-1]["recommendations"].append(
            {
                "text": template_cells.recommendation_text(rec),
                "scope": template_cells.SCOPE_LABELS.get(rec.scope or "", ""),
                "actions": actions,
                "span": max(len(actions), 1),
            }
        )
    return groups


def plan_pdf(export: PlanExport) -> bytes:
    html = render_to_string(
        "exports/plan.html",
        {
            "export": export,
            "review": export.plan.review,
            "preamble": [p for p in (export.plan.preamble or "").split("\n\n") if p.strip()],
            "groups": plan_groups(export),
            "headers": template_cells.HEADERS,
            "footer": template_cells.footer(export),
            "public": export.profile is Profile.PUBLIC,
        },
    )
    return html_to_pdf(html)


BAR_WIDTH = 420  # the longest bar, in SVG units
BAR_COLOURS = {"red": "#d4351c", "amber": "#ffdd00", "green": "#00703c", "not_rated": "#b1b4b6"}


def rag_bars(pack: BoardPack) -> list[dict]:
    return [
        {
            "rag": rag,
            "colour": BAR_COLOURS[rag],
            "label": label,
            "count": count,
            "width": round(BAR_WIDTH * count / pack.rag_max) if count else 0,
            "y": 8 + i * 34,
        }
        for i, (rag, label, count) in enumerate(pack.rag_counts)
    ]


def board_pack_html(pack: BoardPack) -> str:
    from followthrough.exports.writers.board_pack import APPENDIX_NOTE, FIGURE_COLUMNS, footer

    latest = pack.latest_updates()
    return render_to_string(
        "exports/board_pack.html",
        {
            "pack": pack,
            "bars": rag_bars(pack),
            "chart_height": 8 + 34 * len(pack.rag_counts),
            "many_reviews": len(pack.reviews) > 1,
            "public": pack.profile is Profile.PUBLIC,
            "footer": footer(pack),
            "change_sections": pack.change_sections,
            "figure_columns": FIGURE_COLUMNS,
            "overdue": [(item, latest.get(id(item.action))) for item in pack.overdue],
            "exceptions": [(item, latest.get(id(item.action))) for item in pack.exceptions],
            "signed_off_count": sum(n for _, n in pack.signed_off_meetings),
            "appendix_note": APPENDIX_NOTE,
        },
    )


def board_pack_pdf(pack: BoardPack) -> bytes:
    return html_to_pdf(board_pack_html(pack))
