"""The words found, marked: the text escaped, and only the back end's markers made HTML."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from followthrough.search.backends import START, STOP

_MARKERS = re.compile(f"([{START}{STOP}])")


def marked(raw: str) -> SafeString:
    """``raw`` (a snippet with the words found between START and STOP) as HTML: every piece of
    text escaped, each found word in ``<mark>``, every ``<mark>`` closed."""
    out: list[str] = []
    inside = False
    for piece in _MARKERS.split(raw or ""):
        if piece == START:
            if not inside:
                out.append("<mark>")
                inside = True
        elif piece == STOP:
            if inside:
                out.append("</mark>")
                inside = False
        elif piece:
            out.append(escape(piece))
    if inside:
        out.append("</mark>")
    # Safe: every piece of text went through escape() above; the only tags are our own.
    return mark_safe("".join(out))  # noqa: S308


def has_match(raw: str | None) -> bool:
    return bool(raw) and START in raw
