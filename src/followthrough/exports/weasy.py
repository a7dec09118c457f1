"""Laying out HTML as PDF with WeasyPrint: the work ``followthrough.sandbox`` runs in a child
process, so that text no layout engine can shape in reasonable time (ten thousand emoji in one
table cell took eight minutes) costs the server a capped child and never a request thread.

Plain Python: no Django import, so the child starts quickly. ``exports.pdf`` renders the
template, then calls ``run_limited("followthrough.exports.weasy:write_pdf", html, ...)``.
"""

from __future__ import annotations

__all__ = ["PdfUnavailable", "write_pdf"]


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
