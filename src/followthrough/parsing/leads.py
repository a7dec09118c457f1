"""Who leads an action, read from a "Lead" cell as plans write it.

Handles, in any mix: "Name (Agency)", "Name - Role (Agency)", "Name (Agency Role)" and
"Name (Role Agency)", "Rank Name (Agency)" (the rank becomes the role), "Name Agency Role"
without brackets, several leads one after another or split by "/" or ";", an agency alone, a
bracket the extraction lost ("(GP services Jo Bloggs (Unity)"), a hyphenated surname split
by extraction ("Wealleans - Turner"), a name straight before an organisation's ("Jo Bloggs
Anytown Police"), a title and its department in comma-separated parts ("DI Jo Bloggs, Public
Protection Unit, Northshire Police"), and an organisation and a title either side of a dash
("Adult Social Care - Head of Service"). Where it splits a lead written without brackets it
says so, for the preview.
"""

from __future__ import annotations

import re

from followthrough.interchange import Lead
from followthrough.parsing.cleanup import clean
from followthrough.parsing.words import (
    RANK_PREFIXES,
    bare,
    is_acronym,
    is_named_org_word,
    is_org_word,
    is_place_prefix,
    is_role_noun,
    is_role_qualifier,
    is_service_word,
    is_title_word,
    is_topic,
)

_SEPARATOR = re.compile(r"\s*(?:;|\s/\s|\n)\s*")
_BRACKETED = re.compile(r"^(?P<before>[^()]*?)\s*\((?P<inner>[^()]*)\)\s*(?P<after>[^()]*)$")
_SPACED_DASH = re.compile(r"\s+[-–—]\s+")
# A rank, acting or temporary ("A/Supt", "T/Insp") or not.
_RANK = re.compile(
    r"^(?P<rank>(?:[ta]/)?(?:"
    + "|".join(re.escape(r) for r in RANK_PREFIXES)
    + r"))\.?\s+(?=[A-Z])",
    re.IGNORECASE,
)
_NAME_PARTICLES = frozenset({"van", "von", "de", "der", "da", "di", "du", "la", "le", "bin"})
_MAX_NAME_WORDS = 4


_LIST_MARK = re.compile(r"^\s*(?:[•▪◦*–-]|\d{1,2}[.)])\s+")


def parse_leads(
    text: str, warnings: list[str] | None = None, *, warn_missing_agency: bool = True
) -> list[Lead]:
    """The leads named in ``text``, in order. Where the cell had to be repaired or a lead has
    no agency (unless ``warn_missing_agency`` is false: the caller may find it elsewhere), a
    note is appended to ``warnings`` (when given)."""
    notes = warnings if warnings is not None else []
    # A lead to a line, as typed in a Word or Excel cell.
    # A list of leads ("• Head of Patient Safety"): the bullets are not part of the names.
    lines = [_LIST_MARK.sub("", line) for line in text.split("\n")]
    original = clean("; ".join(line for line in lines if line.strip()))
    if not original:
        return []
    text, repaired = _close_brackets(original)
    if repaired:
        notes.append(f"lead: unbalanced brackets in '{original}'; read as '{text}'")
    leads: list[Lead] = []
    for group in _SEPARATOR.split(text):
        for piece in _split_after_brackets(group):
            agency_from_part = False  # the piece's agency came from a later comma part
            for k, part in enumerate(_split_top_level_commas(piece)):
                lead = parse_lead(part)
                if lead is None:
                    continue
                previous = leads[-1] if leads and k else None
                if k and _agency_after_person(previous, lead):
                    # 'Jo Bloggs, Named Nurse, Anytown Community Health': a person has one
                    # name, so a third part that reads like one names the organisation.
                    lead = Lead(agency=lead.name)
                if lead.name and "(" not in part and (lead.role or lead.agency):
                    notes.append(f"lead: '{part}' has no brackets; read as {_describe(lead)}")
                if (
                    previous
                    and previous.role
                    and not previous.agency
                    and lead.role
                    and lead.agency
                    and not lead.name
                    and _is_department(Lead(agency=lead.role))
                ):
                    # 'Detective Inspector, Public Protection – Eastridge Police': the unit
                    # says more about the role, the force is the agency.
                    previous.role = _join(previous.role, lead.role)
                    previous.agency = lead.agency
                elif previous and _is_department(lead) and (previous.name or previous.role):
                    # 'Detective Superintendent, Public Protection': a part of an
                    # organisation, not one; it says more about the role.
                    previous.role = _join(previous.role, lead.agency)
                elif (
                    previous
                    and agency_from_part
                    and _agency_only(lead)
                    and (previous.name or previous.role)
                ):
                    # 'DI Jo Bloggs, Public Protection Unit, Northshire Police': the unit
                    # before the organisation belongs with the role.
                    previous.role = _join(previous.role, previous.agency)
                    previous.agency = lead.agency
                elif previous and _title_before_agency(previous, lead) and not agency_from_part:
                    # 'DHR Coordinator, Anytown CSP': what looked like an agency ('DHR') was
                    # part of the title, since the organisation follows.
                    previous.role = f"{previous.agency} {previous.role}"
                    previous.agency = lead.agency
                elif previous and _name_only(lead) and not previous.name and previous.role:
                    # 'Anytown Council – Head of Systems, Jo Bloggs': the title, then the name.
                    previous.name = lead.name
                elif leads and _completes(leads[-1], lead):
                    agency_from_part = bool(k and lead.agency and not leads[-1].agency)
                    _merge(leads[-1], lead)
                else:
                    leads.append(lead)
    for lead in leads:
        if lead.agency is None and warn_missing_agency:
            who = lead.name or lead.role
            notes.append(f"lead '{who}' has no agency")
    return leads


def _name_only(lead: Lead) -> bool:
    return bool(lead.name) and not (lead.role or lead.agency)


def _agency_only(lead: Lead) -> bool:
    return bool(lead.agency) and not (lead.name or lead.role)


def _qualifies_title(before: str, inner: str) -> bool:
    """'Station Manager (Prevention)': a bracket straight after a job title, holding no
    organisation's name, says which part of the job."""
    words = before.split()
    return (
        bool(words)
        and is_role_noun(words[-1])
        and not _names_organisation(inner.split())
        and not _looks_like_name(inner)
        and _unbracketed(before).role is not None
    )


def _title_before_agency(previous: Lead, part: Lead) -> bool:
    return (
        not previous.name
        and bool(previous.role and previous.agency)
        and is_acronym(previous.agency)
        and _agency_only(part)
    )


def _is_department(lead: Lead) -> bool:
    """'Public Protection', 'Adult Safeguarding': words of a service and nothing that names
    an organisation (no acronym, no 'Council', 'Trust')."""
    if not _agency_only(lead):
        return False
    words = lead.agency.split()
    # "Community Services", "Public Protection Unit": a service's words, and a word for a part
    # of an organisation at the end.
    if len(words) > 1 and bare(words[-1]) in _PART_WORDS:
        words = words[:-1]
    return all(is_service_word(w) and not is_org_word(w) for w in words)


# Words that name a part of an organisation, not one: "Community Services", "Public Protection
# Unit", "Perinatal Team".
_PART_WORDS = frozenset({"services", "service", "unit", "team", "teams", "department", "division"})


def _describe(lead: Lead) -> str:
    fields = [("name", lead.name), ("role", lead.role), ("agency", lead.agency)]
    return ", ".join(f"{label} '{value}'" for label, value in fields if value)


def parse_lead(text: str) -> Lead | None:
    """One lead: a person, a role, an agency, or any of them together."""
    text = text.strip(" ,.")
    if not text:
        return None
    m = _BRACKETED.match(text)
    if not m:
        return _unbracketed(text)
    before, inner = m["before"].strip(" ,-–—"), m["inner"].strip()
    after = m["after"].strip(" ,-–—")
    name, role, agency = _person(before) if before else (None, None, None)
    inner_rank, inner_name = _strip_rank(inner)
    if before and name is None and _looks_like_name(inner_name):
        # "Anytown Police (DI Jo Bloggs)": the agency first, the person in brackets.
        other = _unbracketed(before)
        name, agency = _tidy_name(inner_name), agency or other.agency
        role = _join(inner_rank, role or other.role)
    elif before and name is None and _qualifies_title(before, inner):
        # "Anytown Fire Service – Station Manager (Prevention)": the bracket is the title's.
        other = _unbracketed(before)
        role, agency = f"{other.role} ({inner})", other.agency
    elif before and name is None:
        # "Anytown Council (Safeguarding)": the bracket qualifies the agency.
        other = _unbracketed(before)
        role, agency = other.role, other.agency
        extra_agency, extra_role = _agency_and_role(inner)
        role = _join(role, extra_role)
        if agency and extra_agency and not extra_role and is_acronym(extra_agency):
            agency = f"{agency} ({extra_agency})"  # 'Probation (NPS)': the agency's own name
        else:
            agency = _join(agency, extra_agency, sep=" ")
    else:
        inner_agency, inner_role = _agency_and_role(inner)
        if agency and inner_agency and not inner_role:
            # 'Jo Bloggs - MARAC Coordinator (Anytown Council)': the bracket holds the agency,
            # so all that followed the dash is the role.
            role, agency = _join(agency, role, sep=" "), inner_agency
        else:
            agency = agency or inner_agency
            role = _join(role, inner_role)
    if after:
        role = _join(role, after)
    return Lead(name=name, role=role, agency=agency)


def _unbracketed(text: str) -> Lead:
    """'Graham Vincent SLCSP Chair', 'Jo Bloggs - Chair of Anytown CSP', 'Cumbria Police',
    'Jo Bloggs', 'Safeguarding Lead'. A leading pair of capitalised words is taken for a name
    only when a role follows (or nothing else does): 'South Lakeland CSP' is an agency."""
    if _SPACED_DASH.search(text):
        name, role, agency = _person(text)
        if name:
            return Lead(name=name, role=role, agency=agency)
        agency, role = _agency_and_role(text)
        if agency and role:
            # 'Adult Social Care - Head of Service': an organisation and a title.
            return Lead(role=role, agency=agency)
    rank, text = _strip_rank(text)
    words = text.split()
    run = 0
    while run < min(len(words), _MAX_NAME_WORDS) and _name_word(words[run]):
        run += 1
    rest = " ".join(words[run:])
    rest_agency, rest_role = _agency_and_role(rest)
    has_org = any(is_org_word(w) or is_acronym(w) for w in words)
    if run >= 2 and (rank or rest_role or not has_org):
        name = " ".join(words[:run])
        return Lead(name=_tidy_name(name), role=_join(rank, rest_role), agency=rest_agency)
    if run >= 3 and not rest_role and (cut := _name_before_organisation(words)):
        # 'Jo Bloggs Anytown Police': a name, then the organisation's own name.
        agency = " ".join(words[cut:])
        return Lead(name=_tidy_name(" ".join(words[:cut])), role=rank, agency=agency)
    head, trailing = _split_trailing_name(text)
    if trailing and is_role_noun(head.split()[-1]) and not has_org:
        # 'Station Manager Priya Shah': a title written before the name, as ranks are.
        return Lead(name=_tidy_name(trailing), role=_join(rank, head))
    agency, role = _agency_and_role(text)
    return Lead(name=None, role=_join(rank, role), agency=agency)


def _name_before_organisation(words: list[str]) -> int | None:
    """Where a person's name ends and an organisation's begins in 'Jo Bloggs Anytown Police'
    or 'Sam Patel Northshire County Council': a first name and a surname (with an initial or
    a particle between), then at least two words that end with an organisation's. None when
    the words cannot be cut so ('North East Anytown Council', 'Thames Valley Police')."""
    cut = (
        3 if len(words) > 1 and (_is_initial(words[1]) or bare(words[1]) in _NAME_PARTICLES) else 2
    )
    if is_place_prefix(words[0]) or len(words) - cut < 2:
        return None
    if not _looks_like_name(" ".join(words[:cut])):
        return None
    organisation = words[cut:]
    if not (is_org_word(organisation[-1]) or is_acronym(organisation[-1])):
        return None
    return cut


def _person(text: str) -> tuple[str | None, str | None, str | None]:
    """(name, role, agency) from what stands before a bracket: 'Supt Mike Forrester',
    'Jo Bloggs - Safeguarding Lead', 'Natalia Wealleans - Turner'."""
    rank, text = _strip_rank(text)
    parts = _SPACED_DASH.split(text)
    name, role, agency = parts[0], rank, None
    for part in parts[1:]:
        words = part.split()
        if len(words) == 1 and is_title_word(part) and not _is_role_or_org(part):
            name = f"{name}-{part}"  # a double-barrelled surname the extraction spaced out
        else:
            extra_agency, extra_role = _agency_and_role(part)
            role, agency = _join(role, extra_role), agency or extra_agency
    if not _looks_like_name(name):
        return None, role, agency
    return _tidy_name(name), role, agency


def _agency_and_role(text: str) -> tuple[str | None, str | None]:
    """Split 'CCC DV Lead Officer' into ('CCC', 'DV Lead Officer'), 'Anytown Council
    Safeguarding Manager' into the council and the manager, 'Safeguarding Lead Anytown
    Council' and 'Chair of Anytown CSP' the other way round; 'Head of Community Safety' is a
    role alone and 'South Lakeland CSP' an agency alone."""
    text = text.strip(" ,-–—")
    if not text:
        return None, None
    if _SPACED_DASH.search(text):
        # 'Adult Social Care - Head of Service': each side is an organisation or a title.
        agencies, roles = [], []
        for part in _SPACED_DASH.split(text):
            first = part.split()[0] if part.split() else ""
            if is_role_noun(first) or is_role_qualifier(first):
                roles.append(part.strip())  # 'Head of ASC Systems': a title, whatever follows
                continue
            agency, role = _agency_and_role(part)
            agencies += [agency] if agency else []
            roles += [role] if role else []
        if len(agencies) > 1:
            # 'Public Protection – Eastridge Police': a part of the organisation says more
            # about the role; the organisation is the one that names itself.
            parts = [a for a in agencies if _is_department(Lead(agency=a))]
            if parts and len(parts) < len(agencies):
                roles += parts
                agencies = [a for a in agencies if a not in parts]
        return (" – ".join(agencies) or None), (", ".join(roles) or None)
    if "," in text:
        parts = [p.strip() for p in text.split(",") if p.strip()]
        roles = [p for p in parts if _agency_and_role(p)[0] is None]
        others = [p for p in parts if p not in roles]
        return (", ".join(others) or None), (", ".join(roles) or None)
    words = text.split()
    role_at = [i for i, w in enumerate(words) if is_role_noun(w)]
    if not role_at:
        return text, None
    last = role_at[-1]
    if last + 1 < len(words) and words[last + 1].lower() in _ROLE_LINKS:
        # 'Chair of Anytown CSP' (an organisation follows) or 'Head of Community Safety'.
        head, tail = words[: last + 1], words[last + 2 :]
        if _names_organisation(tail, strict=True):
            return " ".join(tail), " ".join(head)
        agency, role = _split_role_at_end(head)
        return agency, " ".join([role, *words[last + 1 :]])
    if last == len(words) - 1:
        return _split_role_at_end(words)
    # A role, then the organisation: 'Safeguarding Lead Anytown Council'.
    tail = words[last + 1 :]
    if _names_organisation(tail):
        return " ".join(tail), " ".join(words[: last + 1])
    # A title that goes on after its head noun: 'CCG Designated Nurse Safeguarding Adults'.
    agency, role = _split_role_at_end(words[: last + 1])
    if all(is_service_word(w) or is_role_qualifier(w) for w in tail):
        # 'Named Nurse Safeguarding Children' is a title alone.
        return agency, " ".join([role, *tail])
    return text, None


_ROLE_LINKS = {"of", "for", "at"}


def _split_role_at_end(words: list[str]) -> tuple[str | None, str]:
    """Words that end with a job title: the organisation before it, if any, and the title."""
    if bare(words[0]) in ("all", "each", "every"):
        return None, " ".join(words)  # 'All agency leads', 'Each agency's lead': titles
    if is_acronym(words[0]) and (is_role_noun(words[0]) or is_topic(words[0])):
        return None, " ".join(words)  # 'IDVA Service Manager', 'GP Practice Manager'
    orgs = [i for i, w in enumerate(words[:-1]) if is_org_word(w)]
    if orgs and (orgs[-1] > 0 or is_acronym(words[0])):
        # 'Anytown Council Safeguarding Manager'; but 'Service Manager' is a title alone.
        cut = orgs[-1] + 1
    elif len(words) > 1 and is_acronym(words[0]) and not is_role_noun(words[0]):
        cut = 1
    else:
        return None, " ".join(words)
    return " ".join(words[:cut]), " ".join(words[cut:])


def _names_organisation(words: list[str], *, strict: bool = False) -> bool:
    """'Anytown Council', 'CPFT': a proper name of an organisation, not 'service'. ``strict``:
    after a title and 'of' ('Chair of Anytown CSP'), where 'Head of Adult Social Care' and
    'Chair of the Board' are titles whole: the name must start with a capital and hold an
    acronym or a word only organisations' names have."""
    if strict:
        return (
            bool(words)
            and words[0][:1].isupper()
            and any(is_acronym(w) or is_named_org_word(w) for w in words)
        )
    has_org = any(is_org_word(w) or is_acronym(w) for w in words)
    return has_org and any(w[:1].isupper() for w in words)


def _strip_rank(text: str) -> tuple[str | None, str]:
    m = _RANK.match(text.strip())
    if not m:
        return None, text.strip()
    return m["rank"], text.strip()[m.end() :]


def _name_word(word: str) -> bool:
    return (
        (is_title_word(word) or _is_initial(word))
        and not _is_role_or_org(word)
        and not is_service_word(word)
        and not is_acronym(word)
        and not is_role_qualifier(word)
    )


def _is_initial(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]\.?", word))


def _is_role_or_org(word: str) -> bool:
    return is_role_noun(word) or is_org_word(word)


def _looks_like_name(text: str) -> bool:
    """Two to four words, each capitalised (or an initial or a particle such as 'van'), none of
    them the word for a role or an organisation."""
    words = text.split()
    if not 2 <= len(words) <= _MAX_NAME_WORDS:
        return False
    return all(_name_word(w) or bare(w) in _NAME_PARTICLES for w in words) and _name_word(words[0])


def _tidy_name(name: str) -> str:
    return re.sub(r"\s*-\s*", "-", name.strip())


def _join(first: str | None, second: str | None, sep: str = ", ") -> str | None:
    parts = [p for p in (first, second) if p]
    return sep.join(parts) if parts else None


def _agency_after_person(previous: Lead | None, part: Lead) -> bool:
    return (
        previous is not None
        and bool(previous.name and previous.role)
        and previous.agency is None
        and bool(part.name)
        and not (part.role or part.agency)
    )


def _completes(previous: Lead, part: Lead) -> bool:
    """Whether a comma-separated part only adds what the previous lead lacks:
    'Jo Bloggs, Safeguarding Lead, Anytown Council', 'Service Manager, Anytown Council'."""
    if part.name or (previous.name is None and not (previous.role and part.agency)):
        return False
    return not (part.role and previous.role) and not (part.agency and previous.agency)


def _merge(previous: Lead, part: Lead) -> None:
    previous.role = previous.role or part.role
    previous.agency = previous.agency or part.agency


def _close_brackets(text: str) -> tuple[str, bool]:
    """Close a bracket the extraction left open before the next one opens: in
    '(GP services Jo Bloggs (Unity)' the first bracket ends before the name 'Jo Bloggs'."""
    out, depth, repaired = "", 0, False
    for ch in text:
        if ch == "(" and depth:
            head, name = _split_trailing_name(out)
            out = f"{head}) {name} " if name else f"{head}) "
            depth -= 1
            repaired = True
        if ch == ")" and not depth:
            repaired = True
            continue
        depth += {"(": 1, ")": -1}.get(ch, 0)
        out += ch
    if depth:
        out = out.rstrip() + ")" * depth
        repaired = True
    return re.sub(r"\s+", " ", out).strip(), repaired


def _split_trailing_name(text: str) -> tuple[str, str]:
    words = text.split()
    run = 0
    while run < min(len(words) - 1, 3) and _name_word(words[len(words) - 1 - run]):
        run += 1
    if run < 2:
        return text.rstrip(), ""
    return " ".join(words[:-run]), " ".join(words[-run:])


def _split_after_brackets(text: str) -> list[str]:
    """'A (X) B (Y)' -> ['A (X)', 'B (Y)']: a closing bracket ends a lead when more follows."""
    pieces, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == ")" and depth == 0:
            rest = text[i + 1 :].lstrip()
            if rest and rest[0] not in ",.;)-–—":
                pieces.append(text[start : i + 1])
                start = i + 1
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def _split_top_level_commas(text: str) -> list[str]:
    parts, current, depth = [], "", 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]
