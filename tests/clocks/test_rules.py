"""The stages file: periods, the packaged stages of each review type, and files that are refused."""

from datetime import date

import pytest

from followthrough.clocks.rules import (
    DEFAULT_STAGES_FILE,
    Period,
    ReviewTypeStages,
    StageRule,
    StagesFileError,
    load_stages,
)


@pytest.mark.parametrize(
    ("text", "amount", "unit", "shown"),
    [
        ("1 month", 1, "months", "1 month"),
        ("6 months", 6, "months", "6 months"),
        ("5 working days", 5, "working days", "5 working days"),
        ("1 Working Day", 1, "working days", "1 working day"),
        ("56 days", 56, "days", "56 days"),
        (" 2 weeks ", 2, "weeks", "2 weeks"),
    ],
)
def test_it_reads_a_period_and_writes_it_back(text, amount, unit, shown):
    period = Period.parse(text)
    assert (period.amount, period.unit) == (amount, unit)
    assert str(period) == shown


@pytest.mark.parametrize("text", ["", "a month", "6", "6 fortnights", "-1 days", "1.5 months"])
def test_it_refuses_a_period_it_cannot_read_with_a_clear_message(text):
    with pytest.raises(ValueError, match="cannot read the period"):
        Period.parse(text)


def test_a_period_after_a_date_counts_in_its_unit():
    start = date(2026, 1, 31)
    assert Period.parse("1 month").after(start) == date(2026, 2, 28)
    assert Period.parse("56 days").after(start) == date(2026, 3, 28)
    assert Period.parse("2 weeks").after(start) == date(2026, 2, 14)
    assert Period.parse("5 working days").after(date(2026, 12, 24)) == date(2027, 1, 5)


def test_the_packaged_file_has_every_review_type():
    stages = load_stages()
    assert set(stages) == {"DHR", "DARDR", "SAR", "CSPR", "PFD", "inquiry", "other"}
    assert all(isinstance(s, ReviewTypeStages) for s in stages.values())
    assert load_stages(DEFAULT_STAGES_FILE) == stages


def test_dhr_and_dardr_share_their_stages_under_their_own_codes():
    stages = load_stages()
    assert stages["DARDR"].stages == stages["DHR"].stages
    assert stages["DARDR"].review_type == "DARDR"
    assert stages["DARDR"].label == "Domestic Abuse Related Death Review"


def test_the_dhr_clocks_are_those_of_the_home_office_guidance():
    dhr = load_stages()["DHR"]
    assert dhr.keys() == (
        "notification",
        "decision",
        "home_office_told",
        "panel",
        "report_completed",
        "qa_submitted",
        "qa_outcome",
        "publication",
        "plan_monitoring",
        "closure",
    )
    decision = dhr.stage("decision")
    assert (decision.clock_from, str(decision.within), decision.basis) == (
        "notification",
        "1 month",
        "statutory",
    )
    assert "Domestic Homicide Reviews (2016)" in decision.source
    report = dhr.stage("report_completed")
    assert (report.clock_from, str(report.within)) == ("decision", "6 months")
    qa = dhr.stage("qa_outcome")
    assert qa.outcomes == ("approved", "returned")
    assert qa.returns_to == "qa_submitted"
    assert dhr.stage("closure").closes


def test_the_cspr_clocks_count_working_days_from_the_incident():
    cspr = load_stages()["CSPR"]
    assert cspr.stages[0].key == "incident_known"
    notified = cspr.stage("panel_notified")
    assert (notified.clock_from, str(notified.within)) == ("incident_known", "5 working days")
    rapid = cspr.stage("rapid_review")
    assert (rapid.clock_from, str(rapid.within)) == ("incident_known", "15 working days")
    assert "7 working days" in cspr.stage("publication").label


def test_sar_clocks_are_local_policy():
    sar = load_stages()["SAR"]
    assert {rule.basis for rule in sar.stages if rule.within} == {"local"}
    assert sar.stages[-1].closes


def test_each_pfd_addressee_has_56_days_to_respond():
    response = load_stages()["PFD"].stage("response")
    assert response.per_addressee
    assert str(response.within) == "56 days"
    assert response.basis == "statutory"
    assert "regulation 29" in response.source


def test_inquiries_and_other_reviews_have_no_clocks():
    for code in ("inquiry", "other"):
        rules = load_stages()[code].stages
        assert [r.key for r in rules] == ["start", "report", "publication", "closure"]
        assert all(r.within is None for r in rules)


def test_every_clock_names_its_basis_and_source():
    for review_type in load_stages().values():
        for rule in review_type.stages:
            if rule.within is not None:
                assert rule.basis in {"statutory", "guidance", "local"}, rule
                assert rule.source, rule


def test_asking_for_an_unknown_stage_is_a_key_error():
    with pytest.raises(KeyError, match="no stage 'nope'"):
        load_stages()["DHR"].stage("nope")


def test_the_timescale_reads_as_a_sentence():
    dhr = load_stages()["DHR"]
    assert dhr.timescale(dhr.stage("decision")) == (
        "Within 1 month of: Notification of the death to the Community Safety Partnership"
    )
    assert dhr.timescale(dhr.stage("panel")) == ""


def test_the_rules_are_frozen():
    rule = load_stages()["DHR"].stage("decision")
    assert isinstance(rule, StageRule)
    with pytest.raises(AttributeError):
        rule.label = "changed"


# Files an administrator might get wrong.

GOOD = """
[X]
label = "A review"
[[X.stages]]
key = "start"
label = "Start"
"""


def _write(tmp_path, text):
    path = tmp_path / "stages.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _stage(**fields):
    lines = ["[[X.stages]]"]
    for name, value in fields.items():
        lines.append(f"{name} = {value}")
    return "\n".join(lines) + "\n"


def test_it_reads_an_administrators_own_file(tmp_path):
    path = _write(
        tmp_path,
        GOOD
        + _stage(
            key='"end"', label='"End"', clock_from='"start"', within='"3 weeks"', basis='"local"'
        ),
    )
    stages = load_stages(path)
    assert list(stages) == ["X"]
    assert str(stages["X"].stage("end").within) == "3 weeks"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            _stage(key='"end"', label='"End"', clock_from='"middle"'),
            "clock_from 'middle' is not a stage",
        ),
        (
            _stage(key='"end"', label='"End"', clock_from='"start"', within='"6 moons"'),
            "cannot read the period '6 moons'",
        ),
        (_stage(key='"start"', label='"Again"'), "the key 'start' is used twice"),
        (
            _stage(key='"end"', label='"End"', outcomes='["returned"]', returns_to='"nowhere"'),
            "returns_to 'nowhere' is not a stage",
        ),
        (
            _stage(key='"end"', label='"End"', returns_to='"start"'),
            "returns_to needs the outcome 'returned'",
        ),
        (_stage(key='"end"', label='"End"', basis='"whim"'), "basis 'whim'"),
        (_stage(key='"end"', label='"End"', within='"1 month"'), "needs clock_from"),
        (_stage(key='"end"', label='"End"', colour='"red"'), "unknown field(s) colour"),
        (_stage(key='"end"'), "needs a label"),
        (_stage(key='"End stage"', label='"End"'), "needs a key"),
        (_stage(key='"end"', label='"End"', optional='"yes"'), "optional must be true or false"),
    ],
)
def test_it_refuses_a_file_that_does_not_hang_together_naming_file_type_and_stage(
    tmp_path, extra, message
):
    path = _write(tmp_path, GOOD + extra)
    with pytest.raises(StagesFileError) as caught:
        load_stages(path)
    text = str(caught.value)
    assert str(path) in text
    assert "review type X" in text
    assert message in text


def test_a_clock_cannot_count_from_a_later_stage(tmp_path):
    text = GOOD.replace('key = "start"', 'key = "start"\nclock_from = "end"') + _stage(
        key='"end"', label='"End"'
    )
    with pytest.raises(
        StagesFileError, match="stage start: clock_from 'end' must be a stage before"
    ):
        load_stages(_write(tmp_path, text))


def test_it_refuses_a_missing_file_a_broken_file_and_an_empty_one(tmp_path):
    with pytest.raises(StagesFileError, match="no such file"):
        load_stages(tmp_path / "absent.toml")
    with pytest.raises(StagesFileError, match="not valid TOML"):
        load_stages(_write(tmp_path, "[X\nlabel = "))
    with pytest.raises(StagesFileError, match="no review types"):
        load_stages(_write(tmp_path, "# nothing\n"))
    with pytest.raises(StagesFileError, match="review type X: has no stages"):
        load_stages(_write(tmp_path, '[X]\nlabel = "A review"\n'))


def test_same_as_must_name_a_type_with_stages(tmp_path):
    with pytest.raises(StagesFileError, match="review type Y: same_as 'Z'"):
        load_stages(_write(tmp_path, GOOD + '[Y]\nlabel = "Why"\nsame_as = "Z"\n'))


def test_a_stages_file_error_is_a_value_error():
    assert issubclass(StagesFileError, ValueError)
