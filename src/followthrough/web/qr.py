"""The QR code an authenticator app scans, as inline SVG (no image request, nothing for the
Content-Security-Policy to allow)."""

from __future__ import annotations

import io

import segno
from django.utils.safestring import SafeString, mark_safe

LABEL = "QR code to scan with your authenticator app"


def qr_svg(data: str) -> SafeString:
    buffer = io.BytesIO()
    segno.make(data, error="m").save(
        buffer, kind="svg", xmldecl=False, svgclass="app-qr", lineclass=None, scale=5,
        border=4, light="#fff", dark="#0b0c0c",
    )  # fmt: skip
    svg = buffer.getvalue().decode("ascii")
    # segno's output is markup it made itself from our data, so it is safe to put in the page.
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{LABEL}" ', 1))  # noqa: S308
