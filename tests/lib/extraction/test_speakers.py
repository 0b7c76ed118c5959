"""Speaker rules on snippets written for these tests."""

from __future__ import annotations

from factcheck.lib.extraction import extract


def speakers_of(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract(text, fmt="text").quotes]


def test_a_quote_with_no_cue_goes_to_the_known_name_that_starts_its_sentence() -> None:
    text = (
        "Governor Dana Whitlow toured the flooded valley on Monday.\n\n"
        "Whitlow is again urging residents to check every levee is “safe and sound for winter.”"
    )
    assert speakers_of(text) == [("safe and sound for winter.", "Dana Whitlow")]


def test_a_capitalised_adverb_opening_the_sentence_is_no_speaker() -> None:
    text = (
        "Shortly afterwards, the club gave him a plaque bearing the words: "
        "“Keep calm and carry the team.”"
    )
    [(_, speaker)] = speakers_of(text)
    assert speaker != "Shortly"


def test_a_name_right_before_a_quotation_is_its_topic_not_its_speaker() -> None:
    text = (
        "“Our partners have shown courage,” Mayor Ilse Varga said in her address. "
        "Council leader Tomas Brenner “has put the budget first and kept his word.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Ilse Varga", "Ilse Varga"]


def test_a_pronoun_inside_a_sentence_refers_to_that_sentences_named_subject() -> None:
    text = (
        "“We are ready,” said Commissioner Rolf Adler.\n\n"
        "Mayor Greta Lind condemned what she called a “reckless and costly delay.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Rolf Adler", "Greta Lind"]


def test_an_organisation_subject_takes_the_pronoun_it() -> None:
    text = (
        "“Prices will rise,” said Finance Minister Jonas Berg.\n\n"
        "The Harbor Transit Authority warned on Friday of what it called “an unsustainable gap.”"
    )
    assert [s for _, s in speakers_of(text)][1] == "Harbor Transit Authority"


def test_initials_run_together_do_not_end_the_sentence() -> None:
    text = "“We will vote no,” said Rep. T.J. Harlow (D-Ore.), who leads the caucus."
    [(_, speaker)] = speakers_of(text)
    assert speaker is not None and speaker.endswith("Harlow")


def test_a_party_tag_after_a_name_stays_out_of_the_name() -> None:
    text = (
        "“The bill is dead,” said Rep. Mona Quist (D-Ore.).\n\n"
        "Later, Quist told reporters that the vote was “a farce.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Mona Quist", "Mona Quist"]


def test_a_named_persons_claim_gives_the_quote_its_speaker() -> None:
    text = (
        "Senator Ray Okafor spoke in Toledo on Monday.\n\n"
        "Fact-checkers looked at Okafor’s claim that wages had “doubled in a decade.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Ray Okafor"]
