"""Agency names compared as plans write them: "Northvale ICB" is "Northvale Integrated Care
Board", "Northvale Police" is "Northvale Constabulary", "the Trust" is "Riverside NHS Foundation
Trust", "RNFT" is "Riverside NHS Foundation Trust (RNFT)" and "Eastbrook Domestic Abuse
Service" by its initials. The variants are data (``agency_variants.toml``), as are the national
bodies no local partnership counts among its partners (``national_bodies.toml``).

A name is reduced to a *key*: lower case, variants replaced by their short form, words that
do not tell agencies apart dropped. Two names are the same agency when their keys end with the
same word (the kind of agency: police, trust, council) and one key's words are all in the
other's ("police" and "northvale police"; "riverside trust" and "riverside hospitals trust").
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from followthrough.smart.vocabulary import phrase_regex


def _load(name: str) -> dict:
    return tomllib.loads(resources.files("followthrough.smart").joinpath(name).read_text("utf-8"))


@functools.cache
def _variants() -> tuple[re.Pattern[str], dict[str, str], frozenset[str]]:
    data = _load("agency_variants.toml")
    variants = {k.lower(): v.lower() for k, v in data["variants"].items()}
    return phrase_regex(list(variants)), variants, frozenset(data["ignored"]["words"])


@functools.cache
def national() -> NationalBodies:
    data = _load("national_bodies.toml")
    return NationalBodies(
        bodies=phrase_regex(data["bodies"]),
        # is_national() reads names made plain (no punctuation), so the list is made plain too
        any_body=phrase_regex(
            [_plain(b) for b in (*data["bodies"], *data["other_bodies"], *data["it_systems"])]
        ),
        it_systems=re.compile(
            "|".join([phrase_regex(data["it_systems"]).pattern, *data["it_system_patterns"]]),
            re.IGNORECASE,
        ),
        act_changed=re.compile(data["act_changed"]),
        change_words=phrase_regex(data["change_words"]),
    )


@dataclass(frozen=True)
class NationalBodies:
    bodies: re.Pattern[str]  # asking one of these to change needs national action
    any_body: re.Pattern[str]  # every national body and system: never a local partner
    it_systems: re.Pattern[str]  # by name, or by what they are ("the national custody platform")
    act_changed: re.Pattern[str]  # a law asked to change: "revises the Care Act criteria"
    change_words: re.Pattern[str]


def _plain(name: str) -> str:
    """Lower case, "&" as "and", no apostrophes ("Women's" and "Womens" agree), no punctuation."""
    name = name.casefold().replace("&", " and ").replace("’", "").replace("'", "")
    return " ".join(re.sub(r"[^\w\s]", " ", name).split())


@functools.lru_cache(maxsize=4096)
def keys(name: str) -> tuple[frozenset[tuple[str, ...]], frozenset[str]]:
    """The keys of a name as written (of the whole and of each part in or out of brackets, and
    each side of a dash: "Northvale NHS Trust (NNT)", "Probation Service - Northvale PDU"), and
    its initials ("Eastbrook Domestic Abuse Service": "edas")."""
    pattern, variants, ignored = _variants()
    written: set[tuple[str, ...]] = set()
    initials: set[str] = set()
    dashed = [p for p in re.split(r"\s+[-–]\s+", name.split("(")[0]) if p.strip()]
    for part in [name, *re.findall(r"\(([^)]*)\)", name), name.split("(")[0], *dashed]:
        plain = _plain(part)
        if not plain:
            continue
        for skipped in ({"the", "of", "and"}, {"the", "of", "and", *ignored}):
            letters = [w[0] for w in plain.split() if w not in skipped]  # "AVHFT" without NHS
            if len(letters) >= 2:
                initials.add("".join(letters))
        # Its place and the initials of the rest: "Thornbury SAB", "Thornbury MBC".
        named = [w for w in plain.split() if w not in {"the", "of", "and"}]
        for k in range(1, len(named) - 1):
            written.add((*named[:k], "".join(w[0] for w in named[k:])))
        # The initials of its name and its kind in words: "KBUH NHS Trust".
        for k in range(2, len(named)):
            rest = _short(" ".join(named[k:]), pattern, variants, ignored)
            if rest:
                written.add(("".join(w[0] for w in named[:k]), *rest))
        key = _short(plain, pattern, variants, ignored)
        if key:
            written.add(key)
    return frozenset(written), frozenset(initials)


def _short(plain: str, pattern, variants: dict[str, str], ignored) -> tuple[str, ...]:
    short = pattern.sub(lambda m: variants[m.group().lower()], plain)
    return tuple(dict.fromkeys(w for w in short.split() if w not in ignored))


def same_agency(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two keys name one agency: the same kind (last word) and one's words in the
    other's ("police" and "northvale police")."""
    if a == b or (len(a) >= 2 and set(a) == set(b)):  # "Caldermoor PDU", "Probation - Caldermoor"
        return True
    if len(a) == 1 and len(b) == 1 or a[-1] != b[-1]:
        return False
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return set(small) <= set(large)


class Partners:
    """The partnership's agencies, asked whether a name is one of them."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = tuple(names)
        self.keys: set[tuple[str, ...]] = set()
        self.initials: set[str] = set()
        for name in self.names:
            written, initials = keys(name)
            self.keys |= written
            self.initials |= initials
        self._by_head: dict[str, list[tuple[str, ...]]] = {}
        for key in self.keys:
            self._by_head.setdefault(key[-1], []).append(key)
        # A partner named without its kind: "Ashcombe Community Health" (NHS Trust).
        self.stems = {key[:-1] for key in self.keys if len(key) >= 3}
        self.word_sets = {frozenset(key) for key in self.keys if len(key) >= 2}
        self._each: list[tuple[str, Partners]] | None = None  # for which(), made when asked

    def __contains__(self, name: str) -> bool:
        written, initials = keys(name)
        for key in written:
            if key in self.keys or (len(key) == 1 and key[0] in self.initials):
                return True
            if any(same_agency(key, other) for other in self._by_head.get(key[-1], ())):
                return True
            if len(key) >= 2 and frozenset(key) in self.word_sets:
                return True  # the same words in another order
            if key in self.stems:
                return True
            # A part of a partner: "Harrowby CC Adult Social Care" (of Harrowby City Council).
            if any(key[:n] in self.keys for n in range(2, len(key))):
                return True
            # A part of a partner by its initials: "CCC Adult Social Care" (Coldmere City
            # Council (CCC)).
            if len(key) >= 2 and len(key[0]) >= 2 and key[0] in self.initials:
                return True
        return any((i,) in self.keys for i in initials)

    def which(self, name: str) -> str | None:
        """The partner a name is, as the partnership writes it ("EMBC" and "Eastbury Moor BC"
        are both "Eastbury Moor Borough Council (EMBC)"), or None."""
        if name not in self:
            return None
        if self._each is None:
            self._each = [(partner, Partners([partner])) for partner in self.names]
        return next((partner for partner, one in self._each if name in one), None)


def is_national(name: str) -> bool:
    """Whether a name is that of a national body or system."""
    return national().any_body.search(_plain(name)) is not None
