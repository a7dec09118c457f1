"""The pieces that make a passage safe to show and a query safe to run, in plain Python:
FTS5 queries built from words only, passages cut around the words found, and marking that
escapes everything but its own <mark>."""

from __future__ import annotations

from followthrough.search.backends import ELLIPSIS, START, STOP, fts5_query, passage
from followthrough.search.highlight import has_match, marked


def test_each_word_of_an_fts5_query_is_quoted_and_punctuation_alone_left_out():
    assert fts5_query('train* NEAR "x (a) -b') == '"train*" "NEAR" """x" "(a)" "-b"'
    assert fts5_query("* - ( ) :") == ""


def test_marking_escapes_the_text_and_makes_only_its_markers_html():
    raw = f"<b>{START}Train{STOP}</b> & <script>x</script>"
    assert (
        marked(raw) == "&lt;b&gt;<mark>Train</mark>&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;"
    )


def test_a_marker_left_open_or_a_stray_close_never_leaves_a_tag_unbalanced():
    assert marked(f"a {START}b") == "a <mark>b</mark>"
    assert marked(f"a {STOP}b {START}{START}c{STOP}{STOP}") == "a b <mark>c</mark>"


def test_a_short_text_is_shown_whole_with_the_words_found_marked():
    text = "Two training sessions, held <at night>."
    out = passage(text, lambda w: w.lower() == "training")
    assert out == f"Two {START}training{STOP} sessions, held <at night>."
    assert has_match(out)


def test_a_long_text_is_cut_around_the_first_word_found_with_ellipses():
    words = [f"w{i}" for i in range(200)]
    words[100] = "training"
    out = passage(" ".join(words), lambda w: w == "training", words=20)
    assert out.startswith(f"{ELLIPSIS} w92 ")
    assert out.endswith(f"w111 {ELLIPSIS}")
    assert f"{START}training{STOP}" in out


def test_a_long_text_with_no_word_found_shows_its_start():
    out = passage(" ".join(["word"] * 100), lambda w: False, words=5)
    assert out == f"word word word word word {ELLIPSIS}"
    assert not has_match(out)
