"""Reading a coroner's Regulation 28 report from its text: the concerns, the addressees, the
dates and the coroner area, never the deceased's name. The reports under tests/parsing/pfd are
invented, in the shapes coroners' reports reach people: the template as typed, copied out of a
PDF (page furniture, everything run together), with headings in ordinary case and letters for
numbers, and with the concerns as plain paragraphs."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from pathlib import Path

import pytest

from followthrough.parsing.pfd import NotAPfdReport, read_pfd_report, review_title

REPORTS = Path(__file__).parent / "pfd"


def read(name: str):
    return read_pfd_report((REPORTS / name).read_bytes())


def texts(report) -> list[str]:
    return [concern.text for concern in report.concerns]


def test_it_reads_the_template_as_coroners_type_it():
    report = read("template-numbered.txt")
    assert report.report_date == dt.date(2025, 3, 17)
    assert report.response_by == dt.date(2025, 5, 12)
    assert report.coroner_area == "Northmoor and Fellside"
    assert report.addressees == [
        "Chief Executive, Northmoor Hospitals NHS Foundation Trust",
        "NHS England",
        "Secretary of State for Health and Social Care",
    ]
    assert [c.number for c in report.concerns] == ["1", "2", "3"]
    assert texts(report)[1] == (
        "Staff on the ward had not been trained to use the falls risk assessment tool, which "
        "was completed for the deceased on admission but not reviewed after her first fall. "
        "The tool was not reviewed at handover either."
    )
    assert report.warnings == []
    assert report.title == "Prevention of future deaths report, 17 March 2025"


def test_it_reads_a_report_copied_out_of_a_pdf_with_everything_run_together():
    report = read("copied-from-pdf.txt")
    assert report.report_date == dt.date(2025, 5, 6)
    assert report.response_by == dt.date(2025, 7, 1)
    assert report.coroner_area == "Fellside"
    assert report.addressees == [
        "The Director of Adult Social Care, Fellside County Council",
        "The Chief Constable, Fellside Constabulary",
    ]
    assert texts(report) == [
        "Referrals about the deceased made by the police were not passed to adult social care "
        "for eleven days.",
        "Adult social care closed the deceased's case without a visit after two calls were not "
        "answered.",
        "There is no agreed way for the police and the council to share concerns about a person "
        "who lives alone and does not answer calls.",
    ]


def test_it_reads_headings_in_ordinary_case_bullets_and_lettered_concerns():
    report = read("lower-case-headings.txt")
    assert report.addressees == ["Northmoor Police", "Home Office"]
    assert [c.number for c in report.concerns] == ["a", "b"]
    assert "the deceased's partner had been reported twice before" in texts(report)[1]
    assert report.report_date == dt.date(2025, 9, 8)
    assert report.coroner_area == "Northmoor"


def test_it_reads_unnumbered_concerns_a_paragraph_each_and_says_so():
    report = read("unnumbered-concerns.txt")
    assert report.addressees == [
        "Northmoor and Fellside Integrated Care Board",
        "Department for Education",
    ]
    assert len(report.concerns) == 2
    assert texts(report)[0].startswith("Health visitors were not told")
    assert report.response_by is None
    assert report.warnings == [
        "The concerns are not numbered, so each paragraph was read as one concern: check where "
        "each begins and ends"
    ]


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("template-numbered.txt", ["Rowan", "Tamsin", "Pell"]),
        ("copied-from-pdf.txt", ["Ellis", "Varden", "Crane"]),
        ("lower-case-headings.txt", ["Kit", "Ferris"]),
        ("unnumbered-concerns.txt", ["Juniper", "Sloe"]),
    ],
)
def test_the_deceased_s_name_is_never_kept(name, words):
    kept = repr(asdict(read(name)))
    assert (REPORTS / name).read_text().count(words[-1]) > 0  # the report does name them
    for word in words:
        assert word not in kept
        assert word.upper() not in kept


def test_a_name_is_replaced_only_where_it_is_a_name():
    text = (
        (REPORTS / "template-numbered.txt")
        .read_text()
        .replace("Rowan Tamsin Pell", "Will Rowan")
        .replace("The tool was not", "Staff will check the tool was not")
    )
    report = read_pfd_report(text)
    assert "Staff will check the tool" in texts(report)[1]


def test_a_report_that_does_not_name_the_deceased_where_expected_is_flagged_for_checking():
    text = (
        (REPORTS / "template-numbered.txt")
        .read_text()
        .replace("into the death of Rowan Tamsin Pell, aged 47", "into a death")
    )
    report = read_pfd_report(text)
    assert any("name could not be found" in warning for warning in report.warnings)


def test_a_missing_date_is_a_warning_and_the_title_has_no_date():
    text = (REPORTS / "template-numbered.txt").read_text().replace("9 Date 17 March 2025", "")
    report = read_pfd_report(text)
    assert report.report_date is None
    assert "The report\u2019s date could not be read: enter it below" in report.warnings
    assert report.title == "Prevention of future deaths report"


def test_a_text_that_is_not_a_pfd_report_is_refused_in_one_line():
    with pytest.raises(NotAPfdReport) as refused:
        read("not-a-report.txt")
    assert "\n" not in str(refused.value)
    assert str(refused.value).startswith(
        "This is not a Regulation 28 report to prevent future deaths"
    )


def test_a_report_without_concerns_is_refused():
    with pytest.raises(NotAPfdReport, match="No concerns could be found"):
        read_pfd_report("REGULATION 28 REPORT TO PREVENT FUTURE DEATHS\n\nDate 17 March 2025\n")


def test_a_running_title_on_every_page_is_not_a_new_section():
    text = (REPORTS / "template-numbered.txt").read_text()
    text = text.replace(
        "(3) There is no",
        "Page 2 of 3\nREGULATION 28 REPORT TO PREVENT FUTURE DEATHS\n(3) There is no",
    )
    assert len(read_pfd_report(text).concerns) == 3


def test_the_title_names_only_the_kind_of_report_and_its_date():
    assert review_title(dt.date(2025, 3, 7)) == "Prevention of future deaths report, 7 March 2025"
