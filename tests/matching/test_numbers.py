from __future__ import annotations

import pytest

from factcheck.lib.matching.numbers import find_numbers, number_difference, number_keys, spellings
from factcheck.lib.matching.tokens import tokenize


@pytest.mark.parametrize(
    "text",
    ["13,000 died", "13000 died", "13 thousand died", "thirteen thousand died", "13k died"],
)
def test_it_writes_thirteen_thousand_one_way(text):
    assert number_keys(text) == ["13000"]


def test_it_scales_decimals_and_keeps_percentages_apart():
    assert number_keys("1.5 million jobs and 40% of them") == ["1500000", "40%"]
    assert number_keys("forty per cent") == ["40%"]


def test_it_sets_years_aside():
    assert number_keys("In 2019, 300 people") == ["300"]
    assert number_keys("In 2019, 300 people", years=True) == ["2019", "300"]


def test_it_keeps_a_number_one_term_for_bm25():
    assert "#30000" in tokenize("30,000 jobs lost")
    assert tokenize("30,000 jobs") == tokenize("30 thousand jobs")


def test_it_reads_hashtags_and_drops_links():
    assert tokenize("#FakeNews https://t.co/abc pic.twitter.com/xyz") == ["fake", "new"]


def test_it_says_how_the_numbers_differ():
    difference = number_difference("13,000 people died", "14,000 people died")
    assert difference is not None
    assert difference.message == "checked claim says 13,000; this text says 14,000"


def test_it_sees_no_difference_in_the_same_number_written_otherwise():
    assert number_difference("13,000 people died", "thirteen thousand people died") is None


def test_it_sees_no_difference_when_only_the_year_changed():
    assert number_difference("In 2019, 300 people died", "In 2020, 300 people died") is None


def test_it_sees_no_contradiction_when_one_side_states_no_number():
    assert number_difference("Many people died", "300 people died") is None


@pytest.mark.parametrize(
    "text", ["tens of thousands of troops", "the fourteenth round of talks", "sevens and eights"]
)
def test_a_number_word_inside_a_longer_word_is_no_number(text):
    assert number_keys(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13,000", ["13,000", "13000", "13 thousand", "13k"]),
        ("thirteen thousand", ["thirteen thousand", "13000", "13,000", "13 thousand", "13k"]),
        ("1.5 million", ["1.5 million", "1500000", "1,500,000", "1.5m", "1500 thousand", "1500k"]),
        ("40 per cent", ["40 per cent", "40"]),
        ("2.5", ["2.5"]),
    ],
)
def test_the_spellings_of_a_number_are_how_a_text_may_write_it(text, expected):
    (number,) = find_numbers(text)
    assert spellings(number) == expected
