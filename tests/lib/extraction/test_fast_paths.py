"""The fast scanning paths give exactly what the plain regex scans give (snippets written here)."""

from __future__ import annotations

import re

from factcheck.lib.extraction import extract
from factcheck.lib.extraction.quantities import (
    _QUANTITY_LOWER,
    NUMBER_HINT,
    _hinted_matches,
    find_quantities,
    number_hints,
)
from factcheck.lib.extraction.speakers import _RUN
from factcheck.lib.extraction.statements import _COMPARISON, _LOWER_PATTERNS, _PREDICTION, _PROMISE

SNIPPETS = [
    "More than 1,200 people, a few hundred of them children, waited for two hours.",
    "The council said several thousand homes and a  dozen schools lost power; 4.5% did not.",
    "Prices rose to us$5, then €7 and $ 12 by the twenty-first day, the third-largest rise.",
    "Tens of thousands marched. Many million viewers watched the 12-4 win in the 3rd round.",
    "one two three. It will build 300 homes, is expected to grow and is bigger than ever.",
    "Sixteen-year-old Ana de la Cruz and Mr. Hale met U.S. envoy J. R. Ortiz in São Paulo.",
    "",
]


def test_number_hints_on_a_lowered_body_match_the_case_blind_hint_pattern() -> None:
    for text in SNIPPETS:
        expected = [m.start() for m in NUMBER_HINT.finditer(text)]
        assert number_hints(text, text.lower()) == expected
        assert number_hints(text, None) == expected


def test_the_hinted_quantity_scan_finds_what_the_full_scan_finds() -> None:
    for text in SNIPPETS:
        lowered = text.lower()
        hints = number_hints(text, lowered)
        full = [m.span() for m in _QUANTITY_LOWER.finditer(lowered, 0, len(text))]
        if not any(w in lowered for w in ("thousand", "million", "billion")):
            assert [m.span() for m in _hinted_matches(lowered, 0, len(text), hints)] == full
        fast = find_quantities(text, 0, len(text), lowered=lowered, hints=hints)
        assert fast == find_quantities(text, 0, len(text), lowered=lowered)


def test_a_vague_scale_without_a_number_word_is_still_found_beside_a_digit() -> None:
    statement = extract(
        "Several thousand teachers marched in 14 cities, the union said."
    ).statements
    [found] = statement
    assert [q.text for q in found.quantities][:1] == ["Several thousand teachers"]


def test_the_lower_case_statement_patterns_match_what_the_case_blind_ones_match() -> None:
    for text in SNIPPETS:
        lowered = text.lower()
        for fast, plain in zip(_LOWER_PATTERNS, (_PROMISE, _PREDICTION, _COMPARISON), strict=True):
            assert [m.span() for m in fast.finditer(lowered)] == [
                m.span() for m in plain.finditer(text)
            ]


def test_the_capitalised_run_pattern_only_starts_at_a_word_start() -> None:
    plain = re.compile(r"\b" + _RUN.pattern.replace(r"[A-Z](?<!\w.)", "[A-Z]", 1))
    for text in SNIPPETS:
        assert [m.span() for m in _RUN.finditer(text)] == [m.span() for m in plain.finditer(text)]
