from followthrough.interchange import PartialDate
from followthrough.parsing.milestones import assign_dates, split_milestones


def _split(text, expected=None):
    notes: list[str] = []
    return [(m.number, m.text) for m in split_milestones(text, expected=expected, notes=notes)]


def test_it_splits_numbered_milestones():
    assert _split("1. Draft policy 2. Consult partners 3. Publish") == [
        (1, "Draft policy"),
        (2, "Consult partners"),
        (3, "Publish"),
    ]


def test_it_numbers_the_unnumbered_items_before_a_numbered_run():
    assert _split("Panel agrees the approach Group convened 3. Interim report 4. Final report") == [
        (1, "Panel agrees the approach"),
        (2, "Group convened"),
        (3, "Interim report"),
        (4, "Final report"),
    ]


def test_it_splits_bullets_the_extraction_lost_into_as_many_items_as_there_are_dates():
    text = "Copy of protocol sent to all staff Protocol used by Custody Nurses Report to board"
    assert _split(text, expected=3) == [
        (None, "Copy of protocol sent to all staff"),
        (None, "Protocol used by Custody Nurses"),
        (None, "Report to board"),
    ]


def test_it_does_not_cut_at_names_acronyms_or_months():
    assert _split("Report to Anytown CSP in March", expected=None) == [
        (None, "Report to Anytown CSP in March")
    ]


def test_it_splits_real_bullets():
    assert _split("• Draft policy • Consult partners") == [
        (None, "Draft policy"),
        (None, "Consult partners"),
    ]


def test_a_stray_number_in_a_sentence_does_not_start_a_milestone():
    assert _split("1. Train 40 staff 2. Audit 10 cases") == [
        (1, "Train 40 staff"),
        (2, "Audit 10 cases"),
    ]


def test_it_gives_dates_out_in_order_and_warns_when_the_counts_differ():
    notes: list[str] = []
    milestones = split_milestones("1. Draft 2. Consult", expected=None, notes=notes)
    assign_dates(milestones, [PartialDate(2025, 1)], notes)
    assert [m.target_date for m in milestones] == [PartialDate(2025, 1), None]
    assert notes == [
        "milestones: 1 target date for 2 milestones, given out in order; the last milestone "
        "got none"
    ]


def test_it_warns_when_no_milestone_has_a_date():
    notes: list[str] = []
    milestones = split_milestones("1. Draft 2. Consult", expected=None, notes=notes)
    assign_dates(milestones, [], notes)
    assert notes == ["milestones: no target date for 2 milestones"]
