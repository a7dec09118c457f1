"""Which earlier texts of a plan may be alike enough to a text, without comparing every pair.

The duplicate rules ask, for each recommendation and action, for the first earlier one whose
words overlap its own by a Jaccard index of at least a threshold. Comparing each with all those
before it grows with the square of the plan (3.6 s of a 600-action plan's check). ``SimilarSets``
answers the same question from an index of the words instead, by *prefix filtering* (Chaudhuri,
Ganti and Kaushik, 2006; Xiao et al., "Efficient similarity joins", 2008):

- Put every word of the plan in one order, rarest first. Two sets with a Jaccard index of at
  least ``t`` share at least ``t * |x|`` of ``x``'s words (and ``t * |y|`` of ``y``'s), so
  the first ``|x| - ceil(t * |x|) + 1`` words of ``x`` in that order (its *prefix*) and the
  prefix of ``y`` share a word: the rarest of the words they share is in both.
- Index each set under the words of its prefix. A set's candidates are the sets indexed under
  the words of its own prefix, whose size could reach ``t`` (``|y| >= t * |x|`` and the other
  way round).

Every set alike enough is a candidate (none is missed), and most that are not never become one,
because the prefix holds a set's rarest words. The rules still compare each candidate's words
exactly, so what they find is what comparing every pair finds.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

# Below this, rounding in ``t * size`` could make the overlap asked of a candidate one too many.
_EPSILON = 1e-9


def least_overlap(size: int, threshold: float) -> int:
    """The fewest words a set of ``size`` words must share with another for their Jaccard index
    to reach ``threshold`` (rounded down where rounding could matter, so never too many)."""
    return max(1, math.ceil(threshold * size - _EPSILON))


class SimilarSets:
    """The sets of words of a plan's texts, in plan order, indexed by the rarest of their words.

    ``candidates(i)`` gives, in order, the positions before ``i`` whose sets may have a Jaccard
    index of at least ``threshold`` with set ``i``: every one that has, and usually few others.
    """

    def __init__(self, sets: Sequence[frozenset[str]], threshold: float) -> None:
        self.sets = sets
        self.threshold = threshold
        frequency = Counter(word for words in sets for word in words)
        self._prefixes: list[list[str]] = []
        self._postings: dict[str, list[int]] = defaultdict(list)
        for position, words in enumerate(sets):
            ordered = sorted(words, key=lambda w: (frequency[w], w))
            prefix = ordered[: len(ordered) - least_overlap(len(ordered), threshold) + 1]
            self._prefixes.append(prefix)
            for word in prefix:
                self._postings[word].append(position)  # in ascending order

    def candidates(self, i: int) -> Iterator[int]:
        """Positions before ``i`` that may be alike enough to set ``i``, in ascending order."""
        if self.threshold <= 0:  # everything is alike enough, even two empty sets
            yield from range(i)
            return
        size = len(self.sets[i])
        need = least_overlap(size, self.threshold)
        found: set[int] = set()
        for word in self._prefixes[i]:
            postings = self._postings[word]
            found.update(postings[: bisect.bisect_left(postings, i)])
        for j in sorted(found):
            other = len(self.sets[j])
            if other >= need and size >= least_overlap(other, self.threshold):
                yield j
