"""Words of a recommendation, as the learning engine compares them: lower case, stop words out,
a light stemmer (plurals and common verb endings) and British/American spellings made one."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")

# Function words, and the words every recommendation uses whatever it asks for (the agency's
# modal and the partnership's bookkeeping), which say nothing about *what* is asked.
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing done down during each either
    etc every few for from further had has have having he her here hers herself him himself his
    how i if in into is it its itself just least less may me might more most must my myself no
    nor not of off on once one only or other ought our ours ourselves out over own per same
    shall she should so some such than that the their theirs them themselves then there these
    they this those through thus to too under until up upon very via was we were what when
    where whether which while who whom whose why will with within without would yet you your
    yours
    ensure ensures ensuring recommend recommends recommended recommendation recommendations
    agency agencies partner partners partnership partnerships organisation organisations
    relevant appropriate appropriately including include includes
    """.split()
)

# Endings stripped, longest first; each (ending, replacement, shortest stem kept).
_ENDINGS: tuple[tuple[str, str, int], ...] = (
    ("isations", "ise", 3),
    ("izations", "ise", 3),
    ("isation", "ise", 3),
    ("ization", "ise", 3),
    ("ational", "ate", 3),
    ("ations", "ate", 3),
    ("ation", "ate", 3),
    ("ings", "", 3),
    ("ing", "", 3),
    ("ments", "", 4),
    ("ment", "", 4),
    ("ness", "", 4),
    ("ities", "ity", 3),
    ("ies", "y", 3),
    ("ied", "y", 3),
    ("izes", "ise", 3),
    ("ized", "ise", 3),
    ("ize", "ise", 3),
    ("ises", "ise", 3),
    ("ised", "ise", 3),
    ("ed", "", 3),
    ("es", "e", 4),
    ("s", "", 3),
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stem: ``referrals`` -> ``referral``, ``assessing``/``assessed`` -> ``assess``,
    ``shared``/``sharing`` -> ``shar``; short words and words in ``ss``/``us``/``is`` kept."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith(("ss", "us", "is", "ous")):
        return word
    for ending, replacement, shortest in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= shortest:
            base = word[: len(word) - len(ending)] + replacement
            if ending in ("ing", "ed", "ings") and len(base) > 3:
                if base[-1] == base[-2] and base[-1] not in "lsz":  # "planned" -> "plan"
                    base = base[:-1]
            word = base
            break
    # A final "e" goes, so that "share", "shared" and "sharing" are one stem.
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Every word of ``text`` in order, lower case, apostrophes' ``'s`` dropped."""
    found = []
    for match in _WORD.finditer(text.lower()):
        word = match.group(0)
        if "'" in word or "’" in word:
            word = re.split(r"['’]", word)[0]
        found.append(word)
    return found


def content_stems(text: str, *, stemmed: bool = True) -> list[str]:
    """The stems of ``text``'s words, in order, stop words and lone digits out."""
    out = []
    for word in tokens(text):
        if word in STOP_WORDS or len(word) < 2 or word.isdigit():
            continue
        out.append(stem(word) if stemmed else word)
    return out


# Where the addressee of a recommendation ends and what it asks begins: "Northvale Police
# should ...", "GPs to ...", "The trust must ...". Looked for among the first words only.
_MODAL = re.compile(r"\b(?:should|must|shall|will|needs? to|are to|is to|to)\b", re.IGNORECASE)
_ADDRESSEE_WORDS = 12


def split_ask(text: str) -> tuple[str, str]:
    """(addressee, ask): the words before the first modal ("should", "must", "to"...) when it
    comes within the first few words, and the rest; ("", text) when there is none."""
    match = _MODAL.search(text)
    if match is None or len(tokens(text[: match.start()])) > _ADDRESSEE_WORDS:
        return "", text
    return text[: match.start()], text[match.end() :]
