"""Reading a recommendation or action as sentences: words, clauses, asks, content words.

No grammar parser: a small, explainable reading that knows the verbs of ``rules.toml``. An *ask*
is a verb in the base form ("review", "reviews") where a sentence asks for something: first in
its clause ("Review the policy", "That the CSP reviews", "Police to review"), or after a joining
word with an object in between ("Review the policy and train all officers").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from followthrough.smart.vocabulary import Verb, Vocabulary

# Words (with their apostrophes, hyphens and a trailing %) and the punctuation that matters.
_TOKEN = re.compile(r"[A-Za-z0-9][\w'’&/-]*%?|[;:•.?!,()\n]")
# Marks that always end a clause. A full stop ends one only before a capital, a bullet or the
# end of the text (not in "e.g. the" or "3.2").
_SEPARATORS = {";", ":", "•", "?", "!", "\n"}


@dataclass(frozen=True)
class Word:
    text: str
    lower: str
    start: int
    end: int


@dataclass(frozen=True)
class Ask:
    verb: Verb
    source: str  # the text, normalised
    words: tuple[Word, ...]  # the clause's words
    index: int  # where the verb starts in ``words``
    length: int  # how many words the verb takes ("set up": 2)
    certain: bool  # first in its clause, after a modal, or the verb of a "That ..." clause

    @property
    def word(self) -> Word:
        return self.words[self.index]

    def quote(self, extra_words: int = 4) -> str:
        """The verb and a few words after it, as written: "review the DASH policy"."""
        last = min(len(self.words), self.index + self.length + extra_words) - 1
        return self.source[self.words[self.index].start : self.words[last].end]


def normalise(text: str) -> str:
    return re.sub(r"[ \t\r\f\v]+", " ", text.replace("’", "'")).strip()


@functools.lru_cache(maxsize=8192)
def clauses(text: str) -> tuple[tuple[Word, ...], ...]:
    """The text's words, split at semicolons, colons, bullets, line breaks, full stops that
    end a sentence and ", that" or ", and that" (a second "that" clause: "That the ICB
    commissions X, and that the police refer Y"; not after "ensures that ...", which it
    continues). Several rules
    read the same text: it is split once (and never changed)."""
    out: list[list[Word]] = [[]]
    tokens = list(_TOKEN.finditer(text))
    for i, tok in enumerate(tokens):
        value = tok.group()
        ends_sentence = value == "." and (
            i + 1 == len(tokens)
            or tokens[i + 1].group()[:1].isupper()
            or tokens[i + 1].group() == "•"
        )
        after = [t.group().lower() for t in tokens[i + 1 : i + 3]]
        second_that = (
            value == ","
            and (after[:2] == ["and", "that"] or after[:1] == ["that"])
            and not _within_that_clause(out[-1])
        )
        if value in _SEPARATORS or ends_sentence or second_that:
            if out[-1]:
                out.append([])
        elif value[0].isalnum():
            out[-1].append(Word(value, value.lower(), tok.start(), tok.end()))
    return tuple(tuple(c) for c in out if c)


def _within_that_clause(clause: Sequence[Word]) -> bool:
    """Whether the clause so far asks to make sure of something ("ensures that ...", "makes
    sure that ...", "so that ..."): a following ", and that ..." says more of the same."""
    lowered = [w.lower for w in clause]
    return any(
        lowered[k + 1] == "that" and lowered[k] in {"ensure", "ensures", "sure", "so"}
        for k in range(len(lowered) - 1)
    )


def in_statement(before: Sequence[str], vocab: Vocabulary) -> bool:
    """Whether a verb after these words (lower case) is part of a statement of what happened
    ("did not return his call", "whether it was considered"), not an ask."""
    auxiliaries = vocab.statement_auxiliaries
    if before and before[-1] == "not":
        return len(before) > 1 and before[-2] in auxiliaries
    return bool(before) and before[-1] in auxiliaries


def words(text: str) -> list[Word]:
    return [w for clause in clauses(text) for w in clause]


def _verb_at(words: Sequence[Word], i: int, vocab: Vocabulary) -> Verb | None:
    for verb in vocab.verbs_by_form.get(words[i].lower, ()):  # longest first: "set up", "set"
        rest = [w.lower for w in words[i + 1 : i + 1 + len(verb.rest)]]
        if rest == list(verb.rest):
            return verb
        # A vague phrase may have one word inside it: "raise public awareness".
        if verb.vague and verb.rest:
            rest = [w.lower for w in words[i + 2 : i + 2 + len(verb.rest)]]
            if rest == list(verb.rest):
                return verb
    return None


def _ends_with(words: Sequence[Word], end: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length of the phrase of ``phrases`` that ends just before ``words[end]``, or 0."""
    for phrase in phrases:
        n = len(phrase)
        if end - n >= 0 and tuple(w.lower for w in words[end - n : end]) == phrase:
            return n
    return 0


def _joined(clause: Sequence[Word], i: int, previous: int, vocab: Vocabulary) -> bool:
    """Whether the verb at ``i`` starts a second ask after the one at ``previous``: a joining
    word right before it ("and train"), or before a modal ("and to train"), or before a lead and
    a modal ("and the council will train", "and the Council to train"); and an object between
    the two verbs ("Review, update
    and publish the policy" is one ask)."""
    j = i - _ends_with(clause, i, vocab.modals)
    for k in [j] if j == i else range(j, max(previous, j - 5), -1):
        n = _ends_with(clause, k, vocab.clause_joiners)
        if n and k < j and clause[j].lower == "to":
            # "and the Council to train" has a subject between; "the self-neglect and hoarding
            # procedure to include" is one noun phrase and the purpose of the ask before.
            if not any(w.text[:1].isupper() for w in clause[k:j]):
                continue
        if n:
            return any(
                clause[m].lower not in vocab.stopwords and _verb_at(clause, m, vocab) is None
                for m in range(previous + 1, k - n)
            )
    return False


_RELATIVE = {"who", "which", "whose", "whom"}


def _in_relative_clause(clause: Sequence[Word], i: int, first: int, source: str) -> bool:
    """Whether the verb at ``i`` is in a relative clause opened after the first ask and not
    closed by a comma before it ("visits to adults who smoke and use ...")."""
    for m in range(i - 1, first, -1):
        if "," in source[clause[m].end : clause[m + 1].start]:
            return False
        if clause[m].lower in _RELATIVE:
            return True
    return False


def _listed(clause: Sequence[Word], i: int, previous: int, source: str, vocab: Vocabulary) -> bool:
    """Whether the verb at ``i`` is the next of a list of asks after a comma, in the same form
    as the one before ("reviews its policy, trains all staff and ...", "to review X, to train
    Y"), with an object between the two ("Review, update and reissue the guidance" is one
    ask)."""
    k = i - 1 if clause[i - 1].lower == "to" and i - 1 > previous else i  # ", to train ..."
    if k != i and not (previous > 0 and clause[previous - 1].lower == "to"):
        return False  # ", to include ..." after "examine its processes" is a detail, not a list
    if "," not in source[clause[k - 1].end : clause[k].start]:
        return False
    if clause[i].lower.endswith("s") != clause[previous].lower.endswith("s"):
        return False
    if i + 1 < len(clause) and clause[i + 1].lower in {"and", "or"}:
        return False  # a noun in a list: "the referral, support and housing pathways"
    return any(
        clause[m].lower not in vocab.stopwords and _verb_at(clause, m, vocab) is None
        for m in range(previous + 1, i)
    )


def asks(text: str, vocab: Vocabulary) -> list[Ask]:
    """The asks of a text, in order."""
    source = normalise(text)
    found: list[Ask] = []
    for clause in clauses(source):
        first: int | None = None
        for i in range(len(clause)):
            verb = _verb_at(clause, i, vocab)
            if verb is None:
                continue
            previous = clause[i - 1].lower if i else None
            following = clause[i + 1].lower if i + 1 < len(clause) else None
            after_comma = i > 0 and "," in source[clause[i - 1].end : clause[i].start]
            if (previous in vocab.noun_markers and not after_comma) or (i and following == "of"):
                continue  # a noun: "a review", "the audit of"
            if in_statement([w.lower for w in clause[max(0, i - 2) : i]], vocab):
                continue  # "did not return his call", "was considered"
            if previous == "to" and i > 1 and clause[i - 2].lower in vocab.noun_complements:
                continue  # a noun's complement: "briefed on the duty to refer"
            if i > 1 and clause[i - 2].lower in {"a", "an"} and previous not in vocab.stopwords:
                continue  # a noun after a noun: "a welfare check", "a police review"
            if i and clause[i].text[:1].isupper() and previous != "that":
                continue  # part of a name: "the Safeguarding and Support Guidance"
            if i and following in vocab.compound_nouns:
                continue  # a noun: "care and support needs", "a support plan"
            if first is None:
                if previous == "to" and "," in source[clause[0].start : clause[i].start]:
                    continue  # a detail after a comma: "This review, ..., to include"
            elif not (_joined(clause, i, first, vocab) or _listed(clause, i, first, source, vocab)):
                continue
            elif _in_relative_clause(clause, i, first, source):
                continue  # "adults at risk who smoke and use emollients"
            certain = (
                i == 0
                or clause[0].lower == "that"
                or _ends_with(clause, i, vocab.modals) > 0
                or _ends_with(clause, i, vocab.clause_joiners) > 0
            )
            first = i
            found.append(Ask(verb, source, tuple(clause), i, 1 + len(verb.rest), certain))
    return found


def content_words(text: str, vocab: Vocabulary) -> set[str]:
    """The words that carry meaning, lightly stemmed ("policies" and "policy" agree)."""
    out = set()
    for w in words(normalise(text)):
        if w.lower in vocab.stopwords or len(w.lower) < 3 or w.lower.isdigit():
            continue
        out.add(_stem(w.lower))
    return out


def _stem(word: str) -> str:
    """A light stem, the same for the forms of a word: "update", "updates", "updated" and
    "updating" are all "updat"."""
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + repl
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def similarity(a: set[str], b: set[str]) -> float:
    """Jaccard index of two sets of words: shared words over all words."""
    return len(a & b) / len(a | b) if a | b else 0.0


def shorten(text: str, limit: int = 60) -> str:
    text = normalise(text)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
