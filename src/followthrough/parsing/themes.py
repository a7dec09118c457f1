"""Theme headings inside the table: "Theme 2 – Processes – Cumbria wide".

The theme is the heading without its "Theme N" label and without the area; the area is the place
it names; the scope follows from the area: a named district is local, "X wide", a county or a
region is regional, "National ..." is national (with no area).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LABEL = re.compile(
    r"^(?:theme|section|part|priority|area|objective)\s*\d+[a-z]?\b\s*[–—:.)-]?\s*",
    re.IGNORECASE,
)
_PARTS = re.compile(r"\s+[–—-]\s+|\s*[–—]\s*|:\s+")
_NATIONAL = re.compile(r"\bnational\b|\bgovernment\b|\bhome office\b|\bministry\b", re.I)
_REGIONAL = re.compile(
    r"\bwide\b|countywide|county|region|regional|\bforce\b|\bpan[- ]|cross[- ]border", re.I
)
_SCOPE_HEADING = re.compile(r"(local|regional)(?: recommendations?| actions?)?", re.I)


@dataclass(frozen=True)
class Section:
    theme: str | None = None
    area: str | None = None
    scope: str | None = None


def merge_heading_cells(texts: list[str]) -> str:
    """A heading that spans cells reaches the text split or doubled: "Theme 1 – Local partner" +
    "Theme 1 – Local partnership – South Lakeland" is the second; "Theme 3 – Perpetrators" +
    "– Cumbria wide" is both."""
    merged = ""
    for text in texts:
        if text.startswith(merged):
            merged = text
        elif merged.startswith(text):
            continue
        elif _label(text) and _label(text) == _label(merged):
            merged = max(merged, text, key=len)
        else:
            merged = f"{merged} {text}"
    return merged.strip()


def _label(text: str) -> str | None:
    m = LABEL.match(text)
    return m.group(0).strip(" –—:.)-").lower() if m else None


def section_from_heading(text: str) -> Section:
    body = LABEL.sub("", text).strip(" –—-:")
    parts = [p.strip() for p in _PARTS.split(body) if p.strip()]
    if not parts:
        return Section()
    theme = parts[0]
    area = parts[-1] if len(parts) > 1 else None
    if len(parts) > 2:
        theme = " – ".join(parts[:-1])
    scope = scope_of(area, theme)
    if area and scope == "national" and _NATIONAL.match(area):
        area = None
    return Section(theme=theme, area=area, scope=scope)


def scope_of(area: str | None, theme: str | None = None) -> str | None:
    """local, regional or national, from the area the heading names; with no area, only from a
    heading that is itself about scope ("National outcomes", "Local recommendations")."""
    if area:
        if _NATIONAL.search(area):
            return "national"
        if _REGIONAL.search(area):
            return "regional"
        return "local"
    theme = (theme or "").strip()
    if _NATIONAL.search(theme):
        return "national"
    m = _SCOPE_HEADING.fullmatch(theme)
    return m.group(1).lower() if m else None
