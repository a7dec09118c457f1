import pytest

from followthrough.parsing.outcome import status_from_text


@pytest.mark.parametrize(
    "text, status",
    [
        ("Action completed", "completed"),
        ("212 staff trained by May 2025. Training continues into 2026", "in_progress"),
        ("Protocol still being drafted", "in_progress"),
        ("Not yet started", "not_started"),
        ("Superseded by the county protocol", "superseded"),
        ("Report presented 31 January 2014", None),
    ],
)
def test_it_reads_the_status_the_outcome_states(text, status):
    assert status_from_text(text) == status
