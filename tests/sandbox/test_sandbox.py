"""Work on hostile input runs in a child process with a ceiling on memory and time."""

import pytest

from followthrough.sandbox import (
    ChildFailed,
    ChildRefused,
    Limits,
    OutOfMemory,
    OutOfTime,
    run_limited,
)

LIMITS = Limits(seconds=10, memory_bytes=300 << 20)
PARSE_ERROR = ("followthrough.parsing.errors.ParseError",)


def test_it_returns_the_bytes_the_work_returned():
    assert (
        run_limited("tests.sandbox.targets:echo", b"abc", kwargs={"upper": True}, limits=LIMITS)
        == b"ABC"
    )


def test_it_returns_what_json_can_carry():
    assert run_limited("tests.sandbox.targets:count", b"x" * 3_000_000, limits=LIMITS) == {
        "bytes": 3_000_000
    }


def test_an_expected_refusal_comes_back_with_its_message():
    with pytest.raises(ChildRefused, match="the file is not a plan") as caught:
        run_limited("tests.sandbox.targets:refuse", b"", limits=LIMITS, expected=PARSE_ERROR)
    assert caught.value.kind == "followthrough.parsing.errors.ParseError"


def test_an_unexpected_failure_says_nothing_of_the_input():
    with pytest.raises(ChildFailed) as caught:
        run_limited("tests.sandbox.targets:crash", b"", limits=LIMITS, expected=PARSE_ERROR)
    assert "secret" not in str(caught.value)


def test_work_that_grows_past_the_memory_ceiling_is_stopped():
    with pytest.raises(OutOfMemory, match="300 MB"):
        run_limited("tests.sandbox.targets:hog_memory", b"", limits=LIMITS, what="reading it")


def test_work_that_runs_past_its_time_is_stopped():
    with pytest.raises(OutOfTime, match="1 seconds"):
        run_limited("tests.sandbox.targets:spin", b"", limits=Limits(1, 300 << 20))
