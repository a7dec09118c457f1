"""Earlier recommendations that ask for the same thing as a text: TF-IDF cosine over an index.

Each text becomes a sparse vector (a dict of term -> weight): its words with stop words out,
lightly stemmed, with the small synonym map of ``synonyms.toml`` applied (so "DV" and "domestic
abuse" are one term), the addressee's words ("Northvale Police" in "Northvale Police should
...") at half weight, tf damped (1 + log tf) and weighted by the inverse document frequency
over the index. Vectors are unit length, so the score of two texts is
their cosine (0..1). The index keeps, per term, the items that hold it (postings), so a lookup
touches only the items sharing a term with the text, never all of them.

Each of those choices was kept only if it raised F1 on the development set
(``tests/learning/data/repeats-dev.json``; figures in ``bench/similar_accuracy.py``). ``tfidf``
is the floor every choice is measured against: plain words, stop words out, no stemming.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Container, Hashable, Iterable
from dataclasses import dataclass

from followthrough.learning.synonyms import canonical_stems
from followthrough.learning.text import content_stems, split_ask


@dataclass(frozen=True)
class Method:
    """How texts become vectors, and the score from which two are judged repeats."""

    name: str
    threshold: float
    stem: bool = True
    synonyms: bool = True
    bigrams: bool = False
    bigram_weight: float = 0.5
    sublinear: bool = True
    addressee_weight: float = 1.0  # the words before "should"/"must"/"to" (who is asked)
    head_weight: float = 1.0  # the first words of what is asked (the change itself)
    head_size: int = 0
    idf_power: float = 1.0  # idf ** power: above 1, rare words count for more


METHODS: dict[str, Method] = {
    # The floor: plain words, stop words out, raw tf x idf, cosine.
    "tfidf": Method(
        "tfidf", threshold=0.20, stem=False, synonyms=False, bigrams=False, sublinear=False
    ),
    # Kept on the development set (best F1 0.35 against the floor's 0.19; each figure is what
    # taking the one choice out costs): stems (-0.05), the synonym map (-0.05), the addressee's
    # words at half weight (-0.04), 1 + log tf (-0.01). Tried and dropped: word pairs (-0.04),
    # more weight on the first words of the ask (no gain), idf ** 1.5 or 2 (worse).
    # Threshold: the middle of the best plateau (0.26 to 0.30).
    "tuned": Method("tuned", threshold=0.28, bigrams=False, addressee_weight=0.5),
}
DEFAULT_METHOD = "tuned"


def repeat_threshold(method: str = DEFAULT_METHOD) -> float:
    """The score from which a text is judged a repeat of another (chosen on the dev set)."""
    return METHODS[method].threshold


@dataclass(frozen=True)
class Match:
    key: Hashable
    score: float


def _stems(text: str, method: Method) -> list[str]:
    stems = content_stems(text, stemmed=method.stem)
    return canonical_stems(stems) if method.synonyms else stems


def terms(text: str, method: Method) -> dict[str, float]:
    """The raw term frequencies of ``text`` under ``method``, each word counted by the weight of
    its part of the text (addressee, the first words of the ask, the rest)."""
    if method.addressee_weight != 1.0 or method.head_weight != 1.0:
        addressee, ask = split_ask(text)
        asked = _stems(ask, method)
        weighted = [(s, method.addressee_weight) for s in _stems(addressee, method)]
        weighted += [(s, method.head_weight) for s in asked[: method.head_size]]
        weighted += [(s, 1.0) for s in asked[method.head_size :]]
    else:
        weighted = [(s, 1.0) for s in _stems(text, method)]
    counts: dict[str, float] = defaultdict(float)
    for s, weight in weighted:
        counts[s] += weight
    if method.bigrams:
        stems = [s for s, _ in weighted]
        for first, second in zip(stems, stems[1:], strict=False):
            counts[f"{first} {second}"] += method.bigram_weight
    return counts


class RepeatIndex:
    """The texts of many recommendations, ready to answer "which of these ask for this again?"."""

    def __init__(
        self, items: Iterable[tuple[Hashable, str]], *, method: str | Method = DEFAULT_METHOD
    ) -> None:
        self.method = method if isinstance(method, Method) else METHODS[method]
        self._keys: list[Hashable] = []
        raw: list[dict[str, float]] = []
        document_frequency: dict[str, int] = defaultdict(int)
        for key, text in items:
            self._keys.append(key)
            counts = terms(text or "", self.method)
            raw.append(counts)
            for term in counts:
                document_frequency[term] += 1
        self._size = len(self._keys)
        self._df = dict(document_frequency)
        # Per term, the positions of the items holding it and its weight in each (unit vectors).
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for position, counts in enumerate(raw):
            for term, weight in self._vector(counts).items():
                positions, weights = postings.setdefault(term, ([], []))
                positions.append(position)
                weights.append(weight)
        self._postings = postings

    def __len__(self) -> int:
        return self._size

    def _idf(self, term: str) -> float:
        idf = math.log((self._size + 1) / (self._df.get(term, 0) + 1)) + 1.0
        return idf**self.method.idf_power

    def _vector(self, counts: dict[str, float]) -> dict[str, float]:
        vector = {}
        for term, tf in counts.items():
            weight = (1.0 + math.log(tf)) if (self.method.sublinear and tf >= 1) else tf
            vector[term] = weight * self._idf(term)
        norm = math.sqrt(sum(w * w for w in vector.values()))
        if not norm:
            return {}
        return {term: w / norm for term, w in vector.items()}

    def scores(self, text: str, *, at_least: float = 0.0) -> dict[int, float]:
        """The cosine of ``text`` with every item that reaches ``at_least`` (and shares a
        term with it), by position."""
        return self._scores(self._vector(terms(text or "", self.method)), at_least)

    def _scores(self, vector: dict[str, float], at_least: float) -> dict[int, float]:
        # Term at a time into a flat list of totals: a list index is cheaper than a dict's.
        totals = [0.0] * self._size
        touched = False
        for term, weight in vector.items():
            found = self._postings.get(term)
            if found is None:
                continue
            touched = True
            for position, other in zip(*found, strict=True):
                totals[position] += weight * other
        if not touched:
            return {}
        floor = max(at_least, 1e-12) - 1e-9
        return {position: score for position, score in enumerate(totals) if score >= floor}

    def similar(
        self, text: str, *, limit: int = 10, exclude: Container = frozenset()
    ) -> list[Match]:
        """Best first, the items judged repeats of ``text`` (score >= the threshold); [] if none."""
        threshold = self.method.threshold
        found = [
            Match(self._keys[position], min(1.0, round(score, 4)))
            for position, score in self.scores(text, at_least=threshold).items()
            if score >= threshold - 1e-9 and self._keys[position] not in exclude
        ]
        found.sort(key=lambda m: (-m.score, str(m.key)))
        return found[:limit] if limit else found

    def groups(self) -> list[list[Hashable]]:
        """Items that repeat one another, connected by the repeat judgement: groups of 2 or more
        keys, biggest first (each group's keys in index order)."""
        parent = list(range(self._size))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        threshold = self.method.threshold - 1e-9
        vectors: list[dict[str, float]] = [{} for _ in range(self._size)]
        heaviest: dict[str, float] = {}
        for term, (positions, weights) in self._postings.items():
            heaviest[term] = max(weights)
            for position, weight in zip(positions, weights, strict=True):
                vectors[position][term] = weight
        # Every pair judged, without walking every posting (Bayardo, Ma and Srikant, "Scaling
        # up all pairs similarity search", 2007): an item's commonest terms whose weights times
        # the heaviest weight each has anywhere add up to less than the threshold cannot make a
        # pair on their own, so only the postings of its other terms are walked for candidates;
        # each candidate is then scored exactly. The same pairs as scoring every item against
        # all, for a fraction of the work when most items share only common words.
        for position, vector in enumerate(vectors):
            commonest_first = sorted(vector, key=lambda term: -self._df[term])
            bound = 0.0
            skipped: list[str] = []
            for term in commonest_first:
                if bound + vector[term] * heaviest[term] >= threshold:
                    break
                bound += vector[term] * heaviest[term]
                skipped.append(term)
            partial: dict[int, float] = defaultdict(float)
            for term in commonest_first[len(skipped) :]:
                positions, weights = self._postings[term]
                weight = vector[term]
                for other, other_weight in zip(positions, weights, strict=True):
                    if other > position:
                        partial[other] += weight * other_weight
            for other, score in partial.items():
                if score + bound < threshold:
                    continue
                theirs = vectors[other]
                score += sum(vector[term] * theirs.get(term, 0.0) for term in skipped)
                if score >= threshold:
                    a, b = root(position), root(other)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
        members: dict[int, list[Hashable]] = defaultdict(list)
        for position in range(self._size):
            members[root(position)].append(self._keys[position])
        found = [keys for keys in members.values() if len(keys) >= 2]
        found.sort(key=lambda keys: -len(keys))
        return found
