"""The checker's word lists and thresholds, read once from ``rules.toml`` beside this module.

Phrases are matched case-insensitively on whole words. Verbs are listed in their base form and
matched in all their forms ("consider" finds "considers", "considered", "considering").
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

_VOWELS = set("aeiou")


def verb_forms(verb: str, irregular: dict[str, list[str]]) -> dict[str, set[str]]:
    """The forms of a one-word verb by kind: ``base`` (and the -s form: "review", "reviews"),
    and ``other`` (-ed, -ing and irregular forms)."""
    if verb.endswith("e") and not verb.endswith("ee"):
        s_form, ed, ing = verb + "s", verb + "d", verb[:-1] + "ing"
    elif verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        s_form, ed, ing = verb + "es", verb + "ed", verb + "ing"
    elif verb.endswith("y") and len(verb) > 1 and verb[-2] not in _VOWELS:
        s_form, ed, ing = verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"
    else:
        s_form, ed, ing = verb + "s", verb + "ed", verb + "ing"
    base = {verb, s_form}
    other = {ed, ing, *irregular.get(verb, [])}
    if verb == "be":
        base = {"be", "is", "are"}
    return {"base": base, "other": other - base}


def _word_pattern(word: str) -> str:
    return re.escape(word).replace("'", "['’]")


def phrase_regex(
    phrases: list[str],
    *,
    irregular: dict[str, list[str]] | None = None,
    gap: bool = False,
) -> re.Pattern[str]:
    """One regular expression matching any of ``phrases`` on whole words.

    With ``irregular`` given, the first word of each phrase is a verb and matches in all its
    forms. With ``gap``, one extra word may stand between the words of a phrase."""
    joiner = r"\s+(?:[\w'’-]+\s+)?" if gap else r"\s+"
    alternatives = []
    for phrase in sorted(phrases, key=len, reverse=True):
        words = phrase.lower().split()
        first = [words[0]]
        if irregular is not None:
            forms = verb_forms(words[0], irregular)
            first = sorted(forms["base"] | forms["other"], key=len, reverse=True)
        head = "(?:" + "|".join(_word_pattern(w) for w in first) + ")"
        body = joiner.join([head, *(_word_pattern(w) for w in words[1:])])
        before = r"(?<![\w'’-])" if phrase[0].isalnum() else ""
        after = r"(?![\w'’-])" if phrase[-1].isalnum() else ""
        alternatives.append(before + body + after)
    return re.compile("|".join(alternatives), re.IGNORECASE)


@dataclass(frozen=True)
class Verb:
    """A verb of one or more words ("review", "set up", "raise awareness")."""

    lemma: str
    base_forms: frozenset[str]
    rest: tuple[str, ...]
    vague: bool


@dataclass(frozen=True)
class Vocabulary:
    # thresholds
    max_recommendations: int
    far_off_months: int
    duplicate_similarity: float
    duplicate_min_words: int
    reworded_recommendation_similarity: float
    reworded_action_similarity: float
    light_verbs: frozenset[str]
    reworded_without_verbs: float
    repeated_word_run: int
    # verbs
    verbs: tuple[Verb, ...]
    verbs_by_form: dict[str, tuple[Verb, ...]]  # "reviews" -> the verbs it may start, longest first
    follow_on_verbs: frozenset[str]
    complement_verbs: frozenset[str]
    # specific
    vague_verbs: re.Pattern[str]
    vague_patterns: re.Pattern[str]
    empty_asks: re.Pattern[str]
    purpose_markers: tuple[tuple[str, ...], ...]
    noun_markers: frozenset[str]
    sentence_openers: frozenset[str]
    statement_auxiliaries: frozenset[str]
    noun_complements: frozenset[str]
    compound_nouns: frozenset[str]
    collective_addressees: re.Pattern[str]
    everyone_addressees: re.Pattern[str]
    agency_words: re.Pattern[str]
    agency_heads: re.Pattern[str]
    stopwords: frozenset[str]
    common_words: frozenset[str]
    clause_joiners: tuple[tuple[str, ...], ...]
    modals: tuple[tuple[str, ...], ...]
    # measurable
    evidence: re.Pattern[str]
    output_only: re.Pattern[str]
    report_channels: re.Pattern[str]
    output_patterns: re.Pattern[str]  # the patterns of output_only alone: stripped first
    weak_closure: re.Pattern[str]
    hard_evidence: re.Pattern[str]
    measure_in_text: re.Pattern[str]
    refers_elsewhere: re.Pattern[str]
    restates_similarity: float
    coordinating: re.Pattern[str]
    department_heads: frozenset[str]
    within: re.Pattern[str]
    weak_evidence: re.Pattern[str]
    unmeasurable: re.Pattern[str]
    unmeasurable_in_text: re.Pattern[str]
    # achievable
    national_instruments: re.Pattern[str]
    local_contexts: re.Pattern[str]
    # time-bound
    open_ended: re.Pattern[str]
    open_ended_dates: re.Pattern[str]
    dates_in_text: re.Pattern[str]
    least_months: tuple[tuple[re.Pattern[str], int], ...]
    # general
    continuation_words: frozenset[str]
    dangling_words: frozenset[str]
    placeholder_leads: frozenset[str]


def _agency_heads(heads: list[str], openers: list[str]) -> re.Pattern[str]:
    """A capitalised organisation word after a capitalised name or "the": "Northvale Housing
    Trust", "the Trust". Case-sensitive on purpose: "trust between agencies" is no agency, though
    "the Wyre Valley trust" is one."""
    opener = "|".join(map(re.escape, openers))
    head = "|".join(map(re.escape, heads))
    # A few heads are written in lower case after a name: "the Wyre Valley trust".
    lower = "|".join(h.lower() for h in heads if h in {"Trust", "Council", "Constabulary"})
    name = r"[A-Z][\w'’&-]*\s+"
    return re.compile(
        rf"(?:\b(?!(?:{opener})\b){name}|\b[Tt]he\s+)(?:{name})*(?:{head})\b"
        rf"|\b(?!(?:{opener})\b){name}(?:{name})*(?:{lower})\b"
    )


def _by_form(verbs: list[Verb]) -> dict[str, tuple[Verb, ...]]:
    out: dict[str, list[Verb]] = {}
    for verb in sorted(verbs, key=lambda v: len(v.rest), reverse=True):
        for form in verb.base_forms:
            out.setdefault(form, []).append(verb)
    return {form: tuple(found) for form, found in out.items()}


def _either(phrases: re.Pattern[str], patterns: list[str]) -> re.Pattern[str]:
    """One case-insensitive expression matching the phrases' or any of the patterns."""
    return re.compile("|".join([f"(?:{phrases.pattern})", *(f"(?:{p})" for p in patterns)]), re.I)


def _regexes(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _tuples(items: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted((tuple(i.lower().split()) for i in items), key=len, reverse=True))


def vocabulary_from_toml(data: dict) -> Vocabulary:
    t, v, sent = data["thresholds"], data["verbs"], data["sentences"]
    spec, meas, ach = data["specific"], data["measurable"], data["achievable"]
    irregular = v["irregular_forms"]
    verbs = []
    for lemma, vague in [(x, False) for x in v["concrete"]] + [
        (x, True) for x in spec["vague_verbs"]
    ]:
        first, *rest = lemma.split()
        verbs.append(
            Verb(lemma, frozenset(verb_forms(first, irregular)["base"]), tuple(rest), vague)
        )
    return Vocabulary(
        max_recommendations=int(t["max_recommendations"]),
        far_off_months=int(t["far_off_months"]),
        duplicate_similarity=float(t["duplicate_similarity"]),
        duplicate_min_words=int(t["duplicate_min_words"]),
        reworded_recommendation_similarity=float(t["reworded_recommendation_similarity"]),
        reworded_action_similarity=float(t["reworded_action_similarity"]),
        light_verbs=frozenset(t["light_verbs"]),
        reworded_without_verbs=float(t["reworded_without_verbs"]),
        repeated_word_run=int(t["repeated_word_run"]),
        verbs=tuple(verbs),
        verbs_by_form=_by_form(verbs),
        follow_on_verbs=frozenset(v["follow_on_verbs"]),
        complement_verbs=frozenset(v["complement_verbs"]),
        vague_verbs=phrase_regex(spec["vague_verbs"], irregular=irregular, gap=True),
        vague_patterns=_regexes(spec["vague_patterns"]),
        empty_asks=_regexes(spec["empty_asks"]),
        purpose_markers=_tuples(spec["purpose_markers"]),
        noun_markers=frozenset(sent["noun_markers"]),
        sentence_openers=frozenset(spec["sentence_openers"]),
        statement_auxiliaries=frozenset(sent["statement_auxiliaries"]),
        noun_complements=frozenset(sent["noun_complements"]),
        compound_nouns=frozenset(sent["compound_nouns"]),
        collective_addressees=phrase_regex(spec["collective_addressees"]),
        everyone_addressees=phrase_regex(spec["everyone_addressees"]),
        agency_words=phrase_regex(spec["agency_words"]),
        agency_heads=_agency_heads(spec["agency_heads"], spec["sentence_openers"]),
        stopwords=frozenset(sent["stopwords"]),
        common_words=frozenset(sent["common_words"]),
        clause_joiners=_tuples(sent["clause_joiners"]),
        modals=_tuples(sent["modals"]),
        evidence=phrase_regex(meas["evidence"], gap=True),
        output_only=_either(phrase_regex(meas["output_only"]), meas["output_only_patterns"]),
        report_channels=phrase_regex(meas["report_channels"], gap=True),
        output_patterns=_regexes(meas["output_only_patterns"]),
        weak_closure=phrase_regex(meas["weak_closure"]),
        hard_evidence=phrase_regex(meas["hard_evidence"]),
        measure_in_text=re.compile(meas["measure_in_text"], re.IGNORECASE),
        refers_elsewhere=re.compile(meas["refers_elsewhere"], re.IGNORECASE),
        restates_similarity=float(t["restates_similarity"]),
        coordinating=phrase_regex(ach["coordinating"]),
        department_heads=frozenset(ach["department_heads"]),
        within=re.compile(data["time_bound"]["within"], re.IGNORECASE),
        weak_evidence=phrase_regex(meas["weak_evidence"], gap=True),
        unmeasurable=_regexes(meas["unmeasurable"]),
        unmeasurable_in_text=_regexes(meas["unmeasurable_in_text"]),
        national_instruments=phrase_regex(ach["national_instruments"]),
        local_contexts=phrase_regex(ach["local_contexts"]),
        open_ended=phrase_regex(data["time_bound"]["open_ended"]),
        open_ended_dates=phrase_regex(data["time_bound"]["open_ended_dates"]),
        dates_in_text=re.compile(data["time_bound"]["dates_in_text"], re.IGNORECASE),
        least_months=tuple(
            (re.compile(pattern, re.IGNORECASE), int(months))
            for pattern, months in data["time_bound"]["least_months"].items()
        ),
        continuation_words=frozenset(data["general"]["continuation_words"]),
        dangling_words=frozenset(data["general"]["dangling_words"]),
        placeholder_leads=frozenset(data["general"]["placeholder_leads"]),
    )


@functools.cache
def default_vocabulary() -> Vocabulary:
    """The vocabulary shipped with the package (``followthrough/smart/rules.toml``)."""
    text = resources.files("followthrough.smart").joinpath("rules.toml").read_text("utf-8")
    return vocabulary_from_toml(tomllib.loads(text))
