"""Quotation speaker rules (direct and partial quotations), on snippets written for these tests."""

from __future__ import annotations

from factcheck.lib.extraction import extract


def speakers_of(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract(text, fmt="text").quotes]


def test_a_sharp_reply_verb_is_a_cue() -> None:
    text = (
        "Mayor Ilse Varga spoke first.\n\n"
        "“Sit down and wait your turn,” Tomas Brenner barked.\n\n"
        "“Not before you answer,” Varga shot back."
    )
    assert [s for _, s in speakers_of(text)] == ["Tomas Brenner", "Ilse Varga"]
