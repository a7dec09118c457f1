"""Each addressee's clock: 56 days from the date of the report (the stages file's PFD response
stage), moved by an extension, stopped by the response. Fixed dates."""

from __future__ import annotations

import datetime as dt

from followthrough.clocks.rules import load_stages
from followthrough.pfd.clock import addressee_clock, response_period
from followthrough.pfd.models import Addressee

REPORT = dt.date(2025, 3, 17)
DUE = dt.date(2025, 5, 12)  # 56 days on, as the template's "namely by" says


def addressee(**fields) -> Addressee:
    return Addressee(name="NHS England", order=1, sent_on=REPORT, **fields)


def test_the_period_is_the_stages_file_s_pfd_response_stage():
    assert response_period() == load_stages()["PFD"].stage("response").within
    assert str(response_period()) == "56 days"


def test_a_response_is_due_56_days_after_the_report():
    clock = addressee_clock(addressee(), today=dt.date(2025, 3, 20))
    assert clock.due_on == clock.statutory_due_on == DUE
    assert (clock.status, clock.label) == ("on_time", "On time")


def test_it_is_due_soon_in_the_last_fortnight_and_late_the_day_after():
    assert addressee_clock(addressee(), today=dt.date(2025, 5, 9)).label == "Due in 3 days"
    assert addressee_clock(addressee(), today=DUE).label == "Due today"
    late = addressee_clock(addressee(), today=dt.date(2025, 5, 24))
    assert (late.status, late.label, late.colour) == ("late", "Late by 12 days", "red")


def test_an_extension_moves_the_due_date_and_says_why():
    extended = addressee(
        extended_to=dt.date(2025, 6, 30),
        extension_reason="the trust's investigation report is not yet finished",
    )
    clock = addressee_clock(extended, today=dt.date(2025, 5, 24))
    assert clock.due_on == dt.date(2025, 6, 30)
    assert clock.statutory_due_on == DUE
    assert clock.status == "on_time"
    assert clock.extension == (
        "Extended to 30 June 2025 because the trust's investigation report is not yet finished"
    )


def test_a_response_by_the_due_date_is_responded_and_after_it_is_late():
    on_time = addressee_clock(addressee(response_on=DUE), today=dt.date(2025, 9, 1))
    assert (on_time.status, on_time.label) == ("done", "Responded")
    late = addressee_clock(addressee(response_on=dt.date(2025, 5, 16)), today=dt.date(2025, 9, 1))
    assert (late.status, late.label) == ("done_late", "Responded 4 days late")


def test_a_response_within_an_extension_is_not_late():
    extended = addressee(
        extended_to=dt.date(2025, 6, 30), extension_reason="x", response_on=dt.date(2025, 6, 2)
    )
    assert addressee_clock(extended, today=dt.date(2025, 9, 1)).label == "Responded"


def test_an_administrator_s_own_stages_file_sets_the_period_here_as_on_the_timeline(
    settings, tmp_path
):
    from followthrough.clocks.rules import DEFAULT_STAGES_FILE
    from followthrough.stages.selectors import stages_by_type

    own = tmp_path / "stages.toml"
    text = DEFAULT_STAGES_FILE.read_text("utf-8")
    assert text.count('within = "56 days"') == 1
    own.write_text(text.replace('within = "56 days"', 'within = "28 days"'), "utf-8")
    settings.FOLLOWTHROUGH_STAGES_FILE = str(own)
    assert str(response_period()) == "28 days"
    assert str(stages_by_type()["PFD"].stage("response").within) == "28 days"
    assert addressee_clock(addressee(), today=REPORT).due_on == REPORT + dt.timedelta(days=28)
