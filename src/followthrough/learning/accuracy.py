"""Scoring the theme suggester and the repeat finder on a labelled set (plain Python).

Formats (bench/data/LABELLED-SETS.md): themes, a list of ``{"id", "text", "themes"}`` with the
main theme first; repeats, ``{"groups": [{"id", "members": [{"id", "review", "text"}]}],
"distractors": [{"id", "review", "text", "near"}]}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Tally:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load(path: str | Path):
    return json.loads(Path(path).read_text("utf-8"))


@dataclass
class ThemeScores:
    items: int
    first_precision: float  # the first suggestion is one of the item's themes
    first_main: float  # the first suggestion is the item's main (first) theme
    first_recall: float  # items whose main theme is the first suggestion / all items
    top3_precision: float  # suggestions (up to 3) that are among the item's themes
    top3_recall: float  # the item's themes found among the (up to 3) suggestions
    main_in_top3: float  # items whose main theme is among the suggestions
    no_suggestion: int


def score_themes(items: list[dict], suggest: Callable[[str], list]) -> ThemeScores:
    first_right = first_main = first_given = 0
    suggested = suggested_right = 0
    labels = labels_found = main_found = empty = 0
    for item in items:
        wanted = list(item["themes"])
        got = [s.theme for s in suggest(item["text"])][:3]
        if not got:
            empty += 1
        else:
            first_given += 1
            first_right += got[0] in wanted
            first_main += got[0] == wanted[0]
        suggested += len(got)
        suggested_right += sum(1 for g in got if g in wanted)
        labels += len(wanted)
        labels_found += sum(1 for w in wanted if w in got)
        main_found += wanted[0] in got
    n = len(items) or 1
    return ThemeScores(
        items=len(items),
        first_precision=first_right / first_given if first_given else 1.0,
        first_main=first_main / first_given if first_given else 1.0,
        first_recall=first_main / n,
        top3_precision=suggested_right / suggested if suggested else 1.0,
        top3_recall=labels_found / labels if labels else 1.0,
        main_in_top3=main_found / n,
        no_suggestion=empty,
    )


@dataclass
class RepeatCase:
    key: str
    text: str
    group: str | None  # None for a distractor or stand-alone


def repeat_cases(data: dict) -> list[RepeatCase]:
    cases = [RepeatCase(m["id"], m["text"], g["id"]) for g in data["groups"] for m in g["members"]]
    cases += [RepeatCase(d["id"], d["text"], None) for d in data.get("distractors", [])]
    return cases


def score_repeats(data: dict, index_factory: Callable, *, queries: str = "all") -> Tally:
    """Query each member of each group (and, with ``queries="all"``, each distractor) against
    an index of everything else; a returned item of the same group is a true positive, any other
    a false positive, a same-group item not returned a false negative."""
    cases = repeat_cases(data)
    index = index_factory([(c.key, c.text) for c in cases])
    tally = Tally()
    for case in cases:
        if case.group is None and queries != "all":
            continue
        found = {m.key for m in index.similar(case.text, limit=0, exclude={case.key})}
        wanted = {c.key for c in cases if c.group == case.group and c.key != case.key}
        if case.group is None:
            wanted = set()
        tally.true_positives += len(found & wanted)
        tally.false_positives += len(found - wanted)
        tally.false_negatives += len(wanted - found)
    return tally
