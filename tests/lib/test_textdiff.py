"""Word diffs of a published version and its correction (factcheck/lib/textdiff.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from factcheck.lib.textdiff import diff_html, word_diff


def test_it_marks_removed_and_added_words_and_escapes_them():
    html = diff_html("The toll <is> 13,000.", "The toll <is> 9,000 & rising.")
    assert html == "The toll &lt;is&gt; <del>13,000.</del><ins>9,000 &amp; rising.</ins>"


def test_an_unchanged_text_has_no_marks():
    assert diff_html("Same words.", "Same words.") == "Same words."


@given(st.text(), st.text())
def test_the_kept_and_added_pieces_spell_the_new_text(old, new):
    pieces = word_diff(old, new)
    assert "".join(t for op, t in pieces if op != "delete") == new
    assert "".join(t for op, t in pieces if op != "insert") == old
