"""The HTML reader: a plan published as a web page reads as the page's content, its tables by
their grid, as the same plan in Word would."""

from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest

from followthrough.cli import main
from followthrough.interchange import plan_to_dict
from followthrough.parsing import ParseError, read_plan
from followthrough.parsing.formats.html import document_from_html
from followthrough.parsing.limits import Limits
from followthrough.parsing.sniff import looks_like_html
from tests.parsing.corpus.office.word import (
    HOME_OFFICE_GUIDANCE,
    HOME_OFFICE_HEADER,
    home_office_template,
)


def _blocks(page: str | bytes, **kwargs) -> list[tuple]:
    """Each block as (heading level, is text, across the table, cells)."""
    document = document_from_html(page, **kwargs)
    return [(b.heading_level, b.is_text, b.across_table, b.cells) for b in document.blocks]


def _texts(page: str | bytes) -> list[str]:
    return [" | ".join(b.cells) for b in document_from_html(page).blocks]


def _error(data: bytes, **kwargs) -> str:
    with pytest.raises(ParseError) as caught:
        read_plan(data, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    return message


SMALL_TABLE = (
    "<table><tr><th>Recommendation</th><th>Action</th><th>Lead agency</th><th>Target date</th>"
    "</tr><tr><td>That Eastmere Council reviews its housing policy.</td>"
    "<td>Review the policy</td><td>Eastmere Council</td><td>July 2025</td></tr></table>"
)

COUNCIL_PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>DHR Olena: action plan | Eastmere Borough Council</title>
  <style>body {{ font-family: Arial; }}</style>
  <script>window.dataLayer = ["<p>Tracking</p>"];</script>
</head>
<body>
  <a href="#main-content" class="skip-link">Skip to main content</a>
  <div id="cookie-banner" class="cookie-banner">
    <h2>Cookies on the Eastmere website</h2>
    <p>We use some essential cookies to make this website work.</p>
    <button>Accept cookies</button> <button>Reject cookies</button>
  </div>
  <header class="site-header" role="banner">
    <a href="/" class="logo">Eastmere Borough Council</a>
    <form role="search"><input name="q"><button>Search</button></form>
    <nav><ul><li><a href="/bins">Bins and recycling</a></li><li><a href="/tax">Council tax</a>
    </li></ul></nav>
  </header>
  <nav class="breadcrumbs" aria-label="Breadcrumb">
    <ol><li><a href="/">Home</a></li><li><a href="/safety">Community safety</a></li></ol>
  </nav>
  <main id="main-content">
    <h1>Domestic Homicide Review into the death of Olena</h1>
    <p class="lede">Eastmere Community Safety Partnership&nbsp;&ndash; published March 2025</p>
    <div class="share-links"><a href="https://x.invalid">Share on X</a></div>
    <h2>Action plan</h2>
    <p>The panel agreed this plan. <strong>Eastmere Community Safety Partnership</strong>
       monitors it.</p>
    {SMALL_TABLE}
    <h2>Related documents</h2>
    <ul>
      <li><a href="/overview.pdf">Overview report (PDF, 1 MB)</a></li>
      <li><a href="/summary.pdf">Executive summary (PDF, 200 KB)</a></li>
    </ul>
    <div class="page-feedback">
      <h2>Was this page helpful?</h2>
      <form><button>Yes</button><button>No</button></form>
    </div>
    <noscript><p>Turn on JavaScript</p></noscript>
  </main>
  <aside><h2>Related pages</h2><p><a href="/help">Domestic abuse help</a></p></aside>
  <footer role="contentinfo"><p>&copy; Eastmere Borough Council</p>
    <ul><li><a href="/privacy">Privacy</a></li><li><a href="/access">Accessibility</a></li></ul>
  </footer>
  <script src="/app.js"></script>
  <svg><title>Eastmere crest</title></svg>
</body>
</html>
"""


def test_a_saved_council_page_reads_as_only_its_content():
    assert _texts(COUNCIL_PAGE) == [
        "Domestic Homicide Review into the death of Olena",
        "Eastmere Community Safety Partnership – published March 2025",
        "Action plan",
        "The panel agreed this plan. Eastmere Community Safety Partnership monitors it.",
        "Recommendation | Action | Lead agency | Target date",
        "That Eastmere Council reviews its housing policy. | Review the policy | "
        "Eastmere Council | July 2025",
    ]


def test_the_site_around_the_content_is_left_out_where_the_page_marks_no_main_content():
    page = COUNCIL_PAGE.replace("<main", "<div").replace("</main>", "</div>")
    page = page.replace('id="main-content"', 'class="page"')
    texts = _texts(page)
    assert texts[0] == "Domestic Homicide Review into the death of Olena"
    assert texts[-1].endswith("July 2025")
    chrome_words = ["cookies", "Council tax", "Community safety", "Share", "Overview report"]
    chrome_words += ["helpful", "Privacy", "Domestic abuse help", "Tracking", "crest", "Skip"]
    for chrome in chrome_words:
        assert not any(chrome in text for text in texts), chrome


def test_a_council_page_reads_as_a_plan_titled_by_its_h1():
    plan = read_plan(COUNCIL_PAGE.encode(), filename="olena.html")
    assert plan.review.title == "Domestic Homicide Review into the death of Olena"
    assert plan.review.subject_pseudonym == "Olena"
    action = plan.recommendations[0].actions[0]
    assert action.text == "Review the policy"
    assert [lead.agency for lead in action.leads] == ["Eastmere Council"]


def _home_office_page() -> str:
    """home_office_template (tests/parsing/corpus/office/word.py) as a council would publish
    it on its site: cells merged down with rowspan, theme rows with colspan."""

    def row(*cells: str, tag: str = "td") -> str:
        return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"

    return f"""<!DOCTYPE html><html><head><title>Olena | Northvale</title></head><body><main>
    <h1>Domestic Homicide Review into the death of Olena</h1>
    <p>Northvale Community Safety Partnership</p>
    <h2>Action Plan</h2>
    <p>This action plan was agreed by the review panel in March 2024. Northvale Community
    Safety Partnership will monitor its delivery at every meeting of its board until each
    action is complete.</p>
    <table>
    <thead>{row(*HOME_OFFICE_HEADER, tag="th")}</thead>
    <tbody>
    {row(*HOME_OFFICE_GUIDANCE)}
    <tr><td colspan="7"><strong>Theme 1 – Risk assessment – Northvale</strong></td></tr>
    <tr><td rowspan="2">That Northvale Community Safety Partnership makes sure every agency
      completes a DASH risk assessment when domestic abuse is disclosed, and refers every
      high-risk case to MARAC within five working days.</td>
      <td rowspan="2">Local</td>
      <td>Audit DASH completion in the police, housing and health services</td>
      <td>Northvale Borough Council</td>
      <td><ol><li>Audit tool agreed by partners</li><li>Audit of 60 cases completed</li>
        <li>Findings reported to the CSP board</li></ol></td>
      <td>October 2024<br>January 2025<br>March 2025</td>
      <td><p>Audit completed February 2025.</p><p>Findings presented to the CSP board on 20
        March 2025. Action completed.</p></td></tr>
    <tr><td>Deliver DASH refresher training to frontline housing officers</td>
      <td>Priya Natarajan (Northvale Homes)</td>
      <td><ol><li>Training plan agreed</li><li>Two sessions delivered</li></ol></td>
      <td>Q3 2024<br>Q4 2024</td><td></td></tr>
    <tr><td colspan="7">Theme 2 – Information sharing – Westshire wide</td></tr>
    {row("That Westshire Police and Westshire NHS Foundation Trust agree how mental health "
         "practitioners are told of domestic abuse incidents involving their patients.",
         "Regional",
         "Agree and sign an information sharing protocol between the two agencies",
         "DI Tom Hargreaves (Westshire Police) / Dr Ana Silva (Westshire NHS Foundation Trust)",
         "<ul><li>Protocol drafted</li><li>Protocol signed by both agencies</li>"
         "<li>Protocol in use in all mental health teams</li></ul>",
         "Spring 2025",
         "Protocol drafted and with both agencies for signature.")}
    {row("That the Westshire Domestic Abuse Partnership Board reviews the pathway for victims "
         "who are also carers.", "Regional",
         "Map the current pathway and report gaps to the Board", "Westshire County Council",
         "", "ongoing", "")}
    </tbody></table>
    <p>Signed off by the chair of the review panel.</p>
    </main></body></html>"""  # fmt: skip


def test_a_home_office_table_with_rowspan_and_colspan_reads_as_the_same_plan_as_in_word():
    from_word = plan_to_dict(read_plan(home_office_template()), warnings=True)
    from_page = plan_to_dict(read_plan(_home_office_page().encode()), warnings=True)
    assert from_page == from_word
    assert len(from_page["recommendations"]) == 3


def test_a_cell_merged_down_gives_its_text_to_each_row_it_covers():
    page = (
        "<table><tr><th>Recommendation</th><th>Action</th><th>Lead</th></tr>"
        "<tr><td rowspan='2'>R</td><td>A1</td><td rowspan='3'>L</td></tr>"
        "<tr><td>A2</td></tr><tr><td>S</td><td>A3</td></tr></table>"
    )
    assert [cells for *_, cells in _blocks(page)[1:]] == [
        ["R", "A1", "L"],
        ["R", "A2", "L"],
        ["S", "A3", "L"],
    ]


def test_a_cell_across_the_whole_row_keeps_its_text_in_the_first_cell_and_is_across_the_table():
    page = (
        "<table><tr><th>Recommendation</th><th>Action</th><th>Lead</th></tr>"
        "<tr><th colspan='3'>Theme 1 – Training</th></tr>"
        "<tr><td colspan='2'>Two columns</td><td>L</td></tr>"
        "<tr><td colspan='100'>Wider than the table</td></tr></table>"
    )
    assert _blocks(page)[1:] == [
        (None, False, True, ["Theme 1 – Training", "", ""]),
        (None, False, False, ["Two columns", "", "L"]),
        (None, False, True, ["Wider than the table", "", ""]),
    ]


def test_a_cell_keeps_its_lines_with_list_numbers_and_bullets_written_out():
    page = (
        "<table><tr><th>Milestones</th><th>More</th><th>Points</th></tr><tr>"
        "<td><ol><li>Draft</li><li>Agree</li></ol></td>"
        "<td><ul><li>One</li><li>Two</li></ul></td>"
        "<td><p>first   line</p>second<br>third<ol type='a' start='3'><li>c item</li></ol></td>"
        "</tr></table>"
    )
    assert _blocks(page)[1][3] == [
        "1. Draft\n2. Agree",
        "• One\n• Two",
        "first line\nsecond\nthird\nc. c item",
    ]


def test_a_table_inside_a_cell_becomes_lines_of_the_cell():
    page = (
        "<table><tr><th>Recommendation</th><th>Action</th></tr><tr><td>R</td><td>"
        "<table><tr><td>Step</td><td>Date</td></tr><tr><td>Draft</td><td>May 2025</td></tr>"
        "</table></td></tr></table>"
    )
    assert _blocks(page)[1][3] == ["R", "Step Date\nDraft May 2025"]


def test_outside_tables_headings_paragraphs_and_list_items_are_blocks_of_their_own():
    page = """<body>
      <h2>Action  plan</h2>
      <p>First&nbsp;line<br>second <b>line</b></p>
      <div>Loose text in a div</div>
      <ol start="4"><li>Fourth point</li><li><p>Fifth point</p><p>goes on</p></li></ol>
      <ol type="a"><li>lettered</li></ol>
      <ul><li>Bullet<ul><li>Nested bullet</li></ul></li></ul>
      <dl><dt>Lead</dt><dd>Eastmere Council</dd></dl>
    </body>"""
    assert _blocks(page) == [
        (2, True, False, ["Action plan"]),
        (None, True, False, ["First line\nsecond line"]),
        (None, True, False, ["Loose text in a div"]),
        (None, True, False, ["4. Fourth point"]),
        (None, True, False, ["5. Fifth point\ngoes on"]),
        (None, True, False, ["a. lettered"]),
        (None, True, False, ["• Bullet"]),
        (None, True, False, ["• Nested bullet"]),
        (None, True, False, ["Lead"]),
        (None, True, False, ["Eastmere Council"]),
    ]


def test_the_page_title_is_the_first_block_only_when_the_page_has_no_h1():
    with_h1 = "<html><head><title>Site | Eastmere</title></head><body><h1>Plan</h1></body>"
    without = "<html><head><title>DHR Ivy action plan | Eastmere</title></head><body><p>x</p>"
    assert _blocks(with_h1) == [(1, True, False, ["Plan"])]
    assert _blocks(without) == [
        (1, True, False, ["DHR Ivy action plan"]),
        (None, True, False, ["x"]),
    ]


def test_what_looks_like_chrome_inside_a_table_or_around_the_plan_is_kept():
    page = """<body><form id="aspnetForm"><div class="banner"><h1>DHR Ivy</h1></div>
      <div class="table-header"><p>Plan agreed in May 2025</p></div>
      <table><thead><tr><th><header>Recommendation</header></th><th>Action</th></tr></thead>
      <tr><td class="related">R</td><td><footer>A</footer></td></tr></table>
      <footer>Eastmere Borough Council</footer></form></body>"""
    assert _texts(page) == [
        "DHR Ivy",
        "Plan agreed in May 2025",
        "Recommendation | Action",
        "R | A",
    ]


def test_a_table_that_lays_the_page_out_is_read_as_the_page_around_it():
    page = f"""<body><table width="100%"><tr><td><h1>DHR Ivy</h1><p>Eastmere CSP</p>
      {SMALL_TABLE}</td></tr></table></body>"""
    assert _texts(page)[:3] == [
        "DHR Ivy",
        "Eastmere CSP",
        "Recommendation | Action | Lead agency | Target date",
    ]
    assert read_plan(page.encode()).recommendations[0].actions[0].text == "Review the policy"


def test_a_page_with_no_plan_gets_the_one_line_no_action_plan_found_error():
    page = COUNCIL_PAGE.replace(SMALL_TABLE, "<p>The plan will be published in the spring.</p>")
    assert _error(page.encode(), filename="olena.html").startswith(
        "olena.html: no action plan found"
    )


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.replace("utf-8", "windows-1252").encode("cp1252"),
        lambda t: t.replace("utf-8", "iso-8859-1").encode("cp1252"),
        lambda t: t.replace('<meta charset="utf-8">', "").encode("cp1252"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),
    ],
    ids=["windows-1252", "latin-1 declared", "cp1252 undeclared", "utf-8 with BOM", "utf-16"],
)
def test_it_reads_the_page_in_the_character_set_it_is_saved_in(encode):
    page = COUNCIL_PAGE.replace("Olena", "Olena’s")
    plan = read_plan(encode(page))
    assert plan.review.title == "Domestic Homicide Review into the death of Olena’s"


@pytest.mark.parametrize(
    "start",
    [
        "<!DOCTYPE html><p>x</p>",
        "\n  <html><body>x</body></html>",
        "<!-- saved from url=(0042)https://eastmere.invalid -->\n<html>",
        '<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x">',
        "<div class='plan'><table><tr><td>x</td></tr></table></div>",
        "<meta charset='utf-8'><p>Plan</p>",
    ],
)
def test_a_web_page_is_known_by_its_content(start):
    assert looks_like_html(start.encode())
    assert looks_like_html(start.encode("utf-16"))


@pytest.mark.parametrize(
    "text", ["Recommendation\tAction\n", "<Recommendation>\tAction\n", "a <p> in text\n"]
)
def test_text_that_is_not_a_web_page_is_not_taken_for_one(text):
    assert not looks_like_html(text.encode())


def test_a_page_named_txt_is_read_as_a_web_page():
    plan = read_plan(COUNCIL_PAGE.encode(), filename="olena.txt")
    assert plan.recommendations[0].actions[0].text == "Review the policy"
    assert plan.warnings[0] == "file: named .txt but it is a web page (.html); read as what it is"


def test_the_cli_reads_a_web_page(write_file, capsys):
    path = write_file("olena.html", _home_office_page().encode())
    assert main(["parse", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["review"]["subject_pseudonym"] == "Olena"
    assert len(data["recommendations"]) == 3


def test_the_cli_reads_a_file_as_a_web_page_when_asked(write_file, capsys):
    path = write_file("plan.txt", SMALL_TABLE.encode())
    assert main(["parse", "--format", "html", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["recommendations"][0]["actions"][0]["text"] == "Review the policy"


# Hostile pages: refused in one line, or read safely within the limits, and quickly.


def _quick(seconds: float = 5):
    started = time.monotonic()
    return lambda: time.monotonic() - started < seconds


def test_a_10_mb_page_of_paragraphs_is_refused_in_one_line():
    page = "<html><body>" + "<p>Eastmere panel minutes, item.</p>" * 300_000 + SMALL_TABLE
    assert len(page) > 10_000_000
    quick = _quick()
    message = _error(page.encode())
    assert quick()
    assert message.startswith("the web page has more than 5,000 paragraphs")


def test_a_10_mb_table_is_refused_in_one_line():
    row = "<tr><td>That it acts.</td><td>Act</td><td>Eastmere Council</td><td>2025</td></tr>"
    page = "<table><tr><th>Recommendation</th><th>Action</th><th>Lead</th><th>Date</th></tr>"
    page += row * (10_000_000 // len(row))
    quick = _quick()
    assert _error(page.encode()).startswith("the web page has more than 2,000 table rows")
    assert quick()


def test_a_page_bigger_than_the_limit_is_refused_before_it_is_parsed():
    limits = replace(Limits(), xml_part_bytes=1024 * 1024)
    page = ("<p>" + "x" * 1000 + "</p>") * 2000
    assert _error(page.encode(), limits=limits) == (
        "the web page has 2 MB of markup; a plan's page has at most 1 MB: save just the action "
        "plan in a document of its own and try again"
    )


def test_a_page_of_too_many_elements_is_refused():
    limits = replace(Limits(), xml_elements=10_000)
    page = "<html><body>" + "<span>x</span>" * 20_000 + "</body></html>"
    assert "more than 10,000 HTML elements" in _error(page.encode(), limits=limits)


def test_100000_nested_divs_are_read_safely():
    page = "<html><body>" + "<div>" * 100_000 + SMALL_TABLE + "</div>" * 100_000 + "</body>"
    quick = _quick()
    try:
        plan = read_plan(page.encode())
    except ParseError as exc:
        assert "\n" not in str(exc)
    else:
        assert plan.recommendations[0].actions[0].text == "Review the policy"
    assert quick()


def test_deeply_nested_inline_elements_in_a_cell_are_read_as_its_text():
    cell = "<span>" * 240 + "deep text" + "</span>" * 240
    page = SMALL_TABLE.replace("Review the policy", cell)
    plan = read_plan(page.encode())
    assert plan.recommendations[0].actions[0].text == "deep text"


def test_a_billion_laughs_doctype_expands_nothing():
    laughs = "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(2, 10))
    page = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY lol1 "lol">{laughs}]>'
        f"<html><body><p>&lol9;</p>{SMALL_TABLE}</body></html>"
    )
    quick = _quick()
    document = document_from_html(page.encode())
    assert quick()
    assert sum(len(cell) for block in document.blocks for cell in block.cells) < 5_000
    assert read_plan(page.encode()).recommendations[0].actions[0].text == "Review the policy"


def test_binary_junk_with_an_html_tag_is_refused_as_a_binary_file():
    junk = b"<html><body>" + bytes(range(256)) * 40 + b"</body></html>"
    assert "binary file" in _error(junk)


def test_a_page_with_no_text_is_refused_in_one_line():
    assert "no action plan found" in _error(b"<html><body><div></div></body></html>")
    with pytest.raises(ParseError, match="no text"):
        document_from_html("  ")


def test_an_articles_own_header_with_its_h1_is_kept():
    page = f"""<body><header class="site-header"><a>Eastmere Borough Council</a></header>
      <article><header><h1>DHR Ivy: action plan</h1><p>Published 2 May 2025</p></header>
      {SMALL_TABLE}<footer><a href="#top">Back to top</a></footer></article></body>"""
    assert _texts(page)[:2] == ["DHR Ivy: action plan", "Published 2 May 2025"]
    assert "Back to top" not in " ".join(_texts(page))


def test_an_h1_above_the_marked_content_is_the_title_rather_than_the_page_title():
    page = f"""<head><title>Page | Eastmere</title></head><body>
      <div class="hero"><h1>DHR Ivy: action plan</h1></div>
      <main><p>Agreed by the panel.</p>{SMALL_TABLE}</main></body>"""
    assert _texts(page)[:2] == ["DHR Ivy: action plan", "Agreed by the panel."]


def test_the_cli_help_names_web_pages(capsys):
    with pytest.raises(SystemExit):
        main(["parse", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "a web page (HTML)" in out and "html" in out


def test_a_page_word_saved_shows_its_list_bullets_and_numbers_as_word_does():
    page = """<html><head><meta http-equiv=Content-Type content="text/html; charset=windows-1252">
      </head><body lang=EN-GB><div class=WordSection1>
      <table class=MsoTableGrid border=1><tr><td><p class=MsoNormal>Recommendation</p></td>
      <td><p class=MsoNormal>Action</p></td></tr><tr><td><p class=MsoNormal>R</p></td><td>
      <p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><![if !supportLists]>
      <span style='font-family:Symbol'><span style='mso-list:Ignore'>\xb7<span
      style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span>
      <![endif]>First step</p>
      <p class=MsoListParagraphCxSpLast style='mso-list:l1 level1 lfo2'><![if !supportLists]>
      <span style='mso-list:Ignore'>2.<span>&nbsp;&nbsp; </span></span><![endif]>Second step</p>
      </td></tr></table></div></body></html>"""
    assert _blocks(page.encode("cp1252"))[1][3] == ["R", "• First step\n2. Second step"]
