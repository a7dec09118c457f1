"""Laying out HTML as PDF with WeasyPrint: the work ``followthrough.sandbox`` runs in a child
process, so that text no layout engine can shape in reasonable time (ten thousand emoji in one
table cell took eight minutes) costs the server a capped child and never a request thread.

Plain Python: no Django import, so the child starts quickly. ``exports.pdf`` renders the
template, then calls ``run_limited("followthrough.exports.weasy:write_pdf", html, ...)``.
"""

from __future__ import annotations

__all__ = ["PdfUnavailable", "warm_up", "write_pdf"]


class PdfUnavailable(Exception):
    """WeasyPrint cannot run here (its system libraries are missing), or it was stopped."""


def write_pdf(payload: bytes) -> bytes:
    """The PDF of the HTML document in ``payload`` (UTF-8)."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except OSError as exc:  # cannot load Pango, HarfBuzz or fontconfig
        raise PdfUnavailable(
            "PDF export needs WeasyPrint's system libraries (Pango): install them "
            f"(apt-get install libpango-1.0-0 libpangoft2-1.0-0) and try again ({exc})"
        ) from None
    # The templates carry their CSS and draw the chart as inline SVG: no protocol is allowed,
    # so nothing is fetched while laying out, whatever a URL in the text says.
    fetch_nothing = URLFetcher(allowed_protocols=())
    return HTML(string=payload.decode("utf-8"), url_fetcher=fetch_nothing).write_pdf()


# What the templates use (exports/_print.css.html): the font in its regular and bold faces, a
# table, the running footer and the page counter, so that a child that lays this out first
# has loaded WeasyPrint, fontconfig and the fonts before its job arrives.
_WARM_UP = (
    "<html><head><style>@page { size: A4 landscape; @bottom-right { content: counter(page) "
    "' of ' counter(pages); } } body { font: 9pt 'Liberation Sans', Arial, sans-serif; } "
    ".f { position: running(f); } table { table-layout: fixed; width: 100%; }</style></head>"
    "<body><div class='f'>Followthrough</div><h1>Board pack</h1><table><tr><th>Action</th>"
    "<td>On track <b>Red</b> <i>1 June 2026</i></td></tr></table></body></html>"
)


def warm_up() -> None:
    """Load WeasyPrint and lay out a small page with the templates' fonts: the preload of the
    child that waits for the next PDF (``exports.pdf``, ``sandbox.WarmChild``)."""
    write_pdf(_WARM_UP.encode("utf-8"))
