"""Mending extraction damage, reading headers and headings."""

import pytest

from followthrough.parsing.cleanup import clean, mend_run_on_sentences, repeated_words
from followthrough.parsing.columns import Col, column_kind, header_columns
from followthrough.parsing.themes import Section, merge_heading_cells, section_from_heading


def test_it_rejoins_a_word_hyphenated_across_a_line_break():
    assert clean("on inter- familial relationships") == "on inter-familial relationships"
    assert clean("pre- and post-natal care") == "pre- and post-natal care"


def test_it_collapses_whitespace_and_makes_font_bullets_real():
    assert clean("  Draft\u00a0policy \n\uf0b7 Consult ") == "Draft policy • Consult"


def test_it_spells_out_ligatures_and_drops_soft_hyphens_and_zero_width_characters():
    assert clean("identi\ufb01ed \ufb02ags in\u00adter\u00adagency\u200b work") == (
        "identified flags interagency work"
    )


def test_it_makes_square_arrow_and_round_bullets_real_bullets_and_odd_spaces_plain():
    assert clean("\u25aa Audit\u2009\u27a2 Train\u202f\u25cf Report") == "• Audit • Train • Report"


def test_it_puts_back_full_stops_only_where_a_new_note_clearly_starts():
    assert mend_run_on_sentences("Plan submitted April 2014 and practice followed Report sent") == (
        "Plan submitted April 2014 and practice followed. Report sent"
    )
    unchanged = "Sent to the Home Office Dec 13 and reviewed by DHR panel members"
    assert mend_run_on_sentences(unchanged) == unchanged


def test_it_puts_no_second_full_stop_after_a_sentence_that_has_one():
    text = "Completed – guidance issued Dec 2019. ASC referrals to MARAC rose to 17"
    assert mend_run_on_sentences(text) == text


def test_it_spots_text_garbled_into_repeated_words():
    assert repeated_words("To allow frontline wide wide wide staff") == "wide wide wide"
    assert repeated_words("a county wide and region wide plan") is None


@pytest.mark.parametrize(
    "header, kind",
    [
        ("Recommendation", Col.RECOMMENDATION),
        ("Action to take", Col.ACTION),
        ("Actions", Col.ACTION),
        ("Action(s)", Col.ACTION),
        ("Lead", Col.LEAD),
        ("Lead agency", Col.LEAD),
        ("Person responsible", Col.LEAD),
        ("Key milestones achieved in enacting recommendation", Col.MILESTONES),
        ("Target Date", Col.TARGET),
        ("Target completion date", Col.TARGET),
        ("Timescale", Col.TARGET),
        ("Date of completion and outcome", Col.OUTCOME),
        ("Completion date", Col.COMPLETED),
        ("Scope of recommendation (local or regional)", Col.SCOPE),
        ("RAG status", Col.STATUS),
        ("No.", Col.NUMBER),
        ("Panel identified 2 agencies to produce internal action plans for the review", None),
    ],
)
def test_it_knows_a_column_by_the_meaning_of_its_header(header, kind):
    assert column_kind(header) is kind


def test_a_data_row_is_not_taken_for_a_header():
    row = [
        "That all agencies report progress on their internal action plans.",
        "Panel identified 2 agencies to produce internal action plans",
        "Jo Bloggs (Anytown Council)",
        "CADAS and GP services produce internal action plans Progress report presented",
        "December 2013 January 2014",
        "Action completed",
    ]
    assert header_columns(row) is None


def test_it_merges_a_heading_split_or_doubled_across_cells():
    assert merge_heading_cells(
        ["Theme 1 – Local partner", "Theme 1 – Local partnership – Anytown"]
    ) == ("Theme 1 – Local partnership – Anytown")
    assert merge_heading_cells(["Theme 3 – Perpetrators", "– County wide"]) == (
        "Theme 3 – Perpetrators – County wide"
    )


@pytest.mark.parametrize(
    "heading, section",
    [
        ("Theme 1 – Local partnership – Anytown", Section("Local partnership", "Anytown", "local")),
        ("Theme 2 - Processes - Shire wide", Section("Processes", "Shire wide", "regional")),
        ("Theme 5 – National outcomes", Section("National outcomes", None, "national")),
        ("Section 4: Training – National", Section("Training", None, "national")),
        ("Local recommendations", Section("Local recommendations", None, "local")),
        ("Theme 6 – Housing", Section("Housing", None, None)),
    ],
)
def test_it_reads_theme_area_and_scope_from_a_heading(heading, section):
    assert section_from_heading(heading) == section
