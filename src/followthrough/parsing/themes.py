"""Headings inside the table, and what they say about the rows under them.

* A theme heading ("Theme 2 – Processes – Cumbria wide"): the theme is the heading without its
  "Theme N" label and without the area; the area is the place it names; the scope follows from
  the area: a named district is local, "X wide", a county or a region is regional,
  "National ..." is national (with no area).
* A heading that says what kind of recommendations follow ("Single agency recommendations",
  "Multi-agency recommendations", "National recommendations – Home Office"): no theme; the scope
  where it says one; the agency where it names one.
* A heading that names an organisation ("Northvale Police", "Westshire NHS Foundation Trust"):
  a plan grouped by agency. The rows under it are that agency's, within the theme before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from followthrough.parsing.words import is_acronym, is_org_word

# "Theme 2 – ", "Priority 1: ", and "Theme: " with no number.
LABEL = re.compile(
    r"^(?:theme|section|part|priority|area|objective|finding|learning point|lp)"
    r"(?:\s*\d+[a-z]?\b\s*[–—:.)-]?|\s*[:–—]|\s+-)\s*",
    re.IGNORECASE,
)
_PARTS = re.compile(r"\s+[–—-]\s+|\s*[–—]\s*|:\s+")
_NATIONAL = re.compile(
    r"\bnational\b|\bgovernment\b|\bhome office\b|\bministry\b|\bdepartment (?:for|of)\b", re.I
)
_REGIONAL = re.compile(
    r"\bwide\b|countywide|county|region|regional|\bforce\b|\bpan[- ]|cross[- ]border", re.I
)
_SCOPE_HEADING = re.compile(r"(local|regional)(?: recommendations?| actions?)?", re.I)


_KIND = re.compile(
    r"^(?:(?P<kind>single[- ]?agency|multi[- ]?agency|partnership|local|regional|national"
    r"|county[- ]?wide|force[- ]?wide|internal|individual agency|overview(?: report)?|panel"
    r"|review|imr|agency|agencies'?|board)"
    r"(?:\s+(?:recommendations?|actions?|learning))?|recommendations?|actions?|learning)"
    r"(?:\s+(?:for|to|from|of|by)\s+(?P<for>.+))?$",
    re.IGNORECASE,
)
_LINKS = {"of", "and", "&", "for", "the", "in", "on"}
# The agency first, then the kind: "Police single agency", "Northvale Police – Single Agency
# Action Plan (Adult P)".
_AGENCY_THEN_KIND = re.compile(
    r"^(?P<agency>.+?)\s*(?:[–—:-]\s*)?single[- ]?agency"
    r"(?:\s+(?:recommendations?|actions?|action plan|plan|learning))?(?:\s*\([^()]*\))?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Section:
    theme: str | None = None
    area: str | None = None
    scope: str | None = None
    # The agency the section is for, in a plan grouped by agency.
    agency: str | None = None


def section_after(previous: Section, heading: str) -> Section:
    """The section a heading starts, following ``previous``."""
    if LABEL.match(heading):
        return section_from_heading(heading)
    if agency := _agency_first(heading):
        return Section(agency=agency)
    parts = [p.strip() for p in _PARTS.split(heading) if p.strip()]
    kind = _KIND.match(parts[0]) if parts else None
    if kind:
        named = kind.group("for") or (parts[1] if len(parts) > 1 else None)
        scope = scope_of(None, f"{kind.group('kind') or ''} recommendations".strip())
        agency = named if named and names_agency(named) else None
        if agency and scope is None and _NATIONAL.search(agency):
            scope = "national"
        return Section(scope=scope, agency=agency)
    if names_agency(heading):
        scope = "national" if _NATIONAL.search(heading) else previous.scope
        return Section(theme=previous.theme, area=previous.area, scope=scope, agency=heading)
    return section_from_heading(heading)


def names_kind(text: str) -> bool:
    """'Single agency recommendations – Northvale Police', 'National recommendation': a
    heading that says what kind of recommendations follow (and for whom)."""
    parts = [p.strip() for p in _PARTS.split(text) if p.strip()]
    kind = _KIND.match(parts[0]) if parts else None
    if _agency_first(text):
        return True
    return kind is not None and (kind.group("kind") is not None or len(parts) > 1)


def _agency_first(text: str) -> str | None:
    """The agency of a heading that names it before its kind ("Northvale Police – Single
    Agency Action Plan"), or None."""
    m = _AGENCY_THEN_KIND.match(text.strip())
    return m.group("agency") if m and names_agency(m.group("agency")) else None


def names_agency(text: str) -> bool:
    """'Northvale Police', 'Westshire NHS Foundation Trust', 'Home Office': a short name, every
    word capitalised (or a linking word), that ends with a word for an organisation or an
    acronym, or starts with one ('Department for Education'). A bracket after the name says
    which part ('Anytown ICB (Primary Care)')."""
    words = re.sub(r"\s*\([^()]*\)$", "", text.strip()).split()
    if not 1 <= len(words) <= 8:
        return False
    if not all(w[:1].isupper() or w.lower() in _LINKS for w in words):
        return False
    return (
        is_org_word(words[-1])
        or (is_acronym(words[-1]) and len(words) > 1)
        or (len(words) > 2 and is_org_word(words[0]) and words[1].lower() in _LINKS)
    )


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


_SCOPE_WITH_AREA = re.compile(
    r"^(?:local|regional|national)\b\s*(?:\((?P<bracketed>[^()]+)\)|[–—:-]\s*(?P<after>.+))$",
    re.IGNORECASE,
)


def area_of_scope(text: str) -> str | None:
    """The place a scope cell names beside its scope: 'Regional (Anytown & Westmere force
    area)', 'Local – Anytown'; or in place of it: 'Northshire-wide', 'Anytown'."""
    m = _SCOPE_WITH_AREA.match(text.strip())
    if m:
        return (m.group("bracketed") or m.group("after")).strip() or None
    return _place(text.strip())


# Words that say how far a recommendation reaches or who it is for, not where.
_NOT_PLACE_WORDS = frozenset(
    "local regional national county countywide force forcewide region pan cross multi single "
    "all both partnership partnerships agency agencies wide n/a".split()
)


def _place(text: str) -> str | None:
    """A scope cell that is a place name alone ('Northshire-wide', 'Cumbria wide', 'Anytown'):
    a few capitalised words, none a scope word or a kind of organisation; never national."""
    words = re.split(r"[\s-]+", text)
    if not 1 <= len(words) <= 4 or not re.fullmatch(r"[A-Z][\w' &-]*", text):
        return None
    if words[0].lower() in _NOT_PLACE_WORDS or any(is_org_word(w) for w in words):
        return None
    return None if scope_of(text) == "national" else text


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
