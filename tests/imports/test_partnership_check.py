"""Does the document name another partnership than the one the plan is imported for?"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from followthrough.imports.selectors import names_another_partnership

SOUTH_LAKELAND = SimpleNamespace(name="South Lakeland CSP")


@pytest.mark.parametrize(
    "named, other",
    [
        ("Safer Northshire Partnership", "Safer Northshire Partnership"),
        ("South Lakeland Community Safety Partnership", None),
        ("Safer South Lakeland Partnership", None),
        ("Community Safety Partnership", None),  # nothing to tell it apart by
        (None, None),
    ],
)
def test_only_a_name_with_no_distinctive_word_in_common_is_another_partnership(named, other):
    assert names_another_partnership(named, SOUTH_LAKELAND) == other
