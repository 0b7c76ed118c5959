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


def test_the_name_after_a_participle_is_its_hearer_not_an_inverted_speaker() -> None:
    text = (
        "Days later, Mayor Ilse Varga returned the favour to Brenner, telling Radio North, "
        "“Tomas and I have worked together for years.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Ilse Varga"]


def test_a_dateline_is_not_the_sentences_subject() -> None:
    for dateline in ("LAKE CITY —", "Lake City (NPA) –"):
        text = (
            f"{dateline} Governor Dana Whitlow on Monday toured the valley and said the "
            "repairs were “long overdue.”"
        )
        assert [s for _, s in speakers_of(text)] == ["Dana Whitlow"]


def test_the_subject_of_a_subordinate_clause_is_not_the_sentences_subject() -> None:
    text = (
        "When Judge Oskar Hale retired in 2001, Mayor Ilse Varga issued this statement:\n\n"
        "“The city owes him more than it can say.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Ilse Varga"]


def test_a_capitalised_time_phrase_opening_the_sentence_is_not_its_subject() -> None:
    text = (
        "Mayor Ilse Varga spoke on Monday.\n\n"
        "Hours later, Varga thanked the volunteers, telling them, “You kept this town dry.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Ilse Varga"]


def test_new_before_a_capitalised_word_starts_a_place_name() -> None:
    text = (
        "Speaking at a rally in Nashua, New Hampshire, Mayor Ilse Varga went after Brenner, "
        "calling him “a tired old hand.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Ilse Varga"]


def test_a_participle_after_an_irregular_verb_shares_the_sentences_subject() -> None:
    text = (
        "Speaking at a rally in Dayton, Ohio, Mayor Ilse Varga went after Brenner, "
        "calling him “a tired old hand.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Ilse Varga"]


def test_a_speech_noun_after_a_bare_apostrophe_possessive_is_no_cue() -> None:
    text = (
        "Mayor Ilse Varga spoke first.\n\n"
        "Gus Weller was not impressed with Varga’s critics, or with Ann Jones’ comments, "
        "telling reporters, “She has had ten years to fix this.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Gus Weller"]


def test_a_person_of_an_organisation_is_the_speaker() -> None:
    text = (
        "“The dam will hold,” Ann Lee of the Harbor Policy Center wrote in May.\n\n"
        "“We have seen worse,” Bishop Karl Ruiz of the Coastal Diocese of Marston told reporters."
    )
    assert [s for _, s in speakers_of(text)] == ["Ann Lee", "Karl Ruiz"]


def test_a_speechwriter_is_a_role_before_the_name() -> None:
    text = (
        "Mayor Ilse Varga spoke on Monday.\n\n"
        "Former Varga speechwriter Ivo Stanek published a column in The Harbor Post, entitled, "
        "“Why Electing Varga Again Is More Important Than Ever.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Ivo Stanek"]


def test_a_common_word_capitalised_at_a_sentence_start_is_no_speaker() -> None:
    text = (
        "The new rules worry pollsters in Marston.\n\n"
        "Pollsters agree - Ann Lee: “Keep calling voters until the very last day.”"
    )
    result = extract(text, fmt="text")
    spoken = [*result.quotes, *result.attributions]
    assert spoken and all(x.speaker == "Ann Lee" for x in spoken)


def test_a_name_after_a_common_noun_and_of_is_not_the_speaker() -> None:
    text = (
        "“We will see,” said Mayor Ilse Varga.\n\n"
        "The strength of Varga’s lead, says pollster Ann Lee, is that it looks “very durable "
        "and hard to dent.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Ilse Varga", "Ann Lee"]


def test_a_sentence_adverb_is_no_name() -> None:
    text = (
        "Similarly, Mayor Ilse Varga had this to say about the budget: "
        "“Every line of it was argued over.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Ilse Varga"]


def test_a_document_speaks_for_its_named_author() -> None:
    text = (
        "“The levee failed twice,” according to a court filing by state attorney Ann Lee.\n\n"
        "A paper from the left-leaning Harbor Institute had this to say about the plan: "
        "“It helps the richest families most of all.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Ann Lee", "Harbor Institute"]


def test_a_name_in_an_opening_prepositional_phrase_is_not_the_subject() -> None:
    text = (
        "Ann Lee writes for the Harbor Post.\n\n"
        "At Harbor Post events, Mayor Ilse Varga wants residents to stay “patient with the "
        "council.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Ilse Varga"]


def test_an_opening_adverb_and_participle_then_an_aside_in_dashes() -> None:
    text = (
        "Mayor Ilse Varga spoke on Monday.\n\n"
        "Hastily changing the subject ― as she often does in debates ― Varga cast the blame on "
        "the council, and stressed the risk that “another winter of floods” poses to the town."
    )
    assert [s for _, s in speakers_of(text)] == ["Ilse Varga"]


def test_an_apposition_that_lists_three_things_is_skipped() -> None:
    text = (
        "The new levees “will not end the floods, but they help,” Ann Lee, assistant "
        "secretary for roads, rivers, and bridges, said on the call."
    )
    assert [s for _, s in speakers_of(text)] == ["Ann Lee"]


def test_a_speech_tag_after_the_quotation_beats_a_cue_that_does_not_introduce_it() -> None:
    text = (
        "If the council is hiding the flood report — as critics believe, but the council "
        "flatly denies — “why would you not ask to see it?” asked Ann Lee, a former mayor."
    )
    assert [s for _, s in speakers_of(text)] == ["Ann Lee"]


def test_a_cue_that_introduces_a_partial_quotation_keeps_its_subject() -> None:
    text = (
        "Mayor Ilse Varga spoke first.\n\n"
        "Varga in the talks on Sunday had stressed “the right of every town to choose its own "
        "plan,” the Harbor Ministry said."
    )
    assert [s for _, s in speakers_of(text)] == ["Ilse Varga"]


def test_a_quotation_ending_on_a_full_stop_does_not_reach_the_next_sentences_cue() -> None:
    text = (
        "Mayor Ilse Varga spoke first, and Judge Oskar Hale listened.\n\n"
        "Ann Lee, the harbour master, reacted coolly to the deal, “I am worried about any plan "
        "that moves every boat at once.” He demands a vote on it."
    )
    assert [s for _, s in speakers_of(text)] == ["Ann Lee"]


def test_a_noun_after_a_preposition_and_a_possessive_is_an_object_not_a_speaker() -> None:
    text = (
        "Mayor Ilse Varga wrote to the council on Monday.\n\n"
        "Varga’s weekly email to her supporters notes that the new levee “is the strongest "
        "the town has ever built.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Ilse Varga"]


def test_a_quotation_inside_an_apposition_does_not_end_it() -> None:
    text = (
        "Mayor Ilse Varga won the vote.\n\n"
        "“We have had better nights than this one,” delegate Gus Weller, wearing a cap and "
        "“Lee for Mayor” pins, said as the hall emptied."
    )
    assert [s for _, s in speakers_of(text)] == ["Gus Weller"]


def test_an_inverted_speaker_described_by_a_possessive_role() -> None:
    text = (
        "Mayor Ilse Varga spoke first.\n\n"
        "“We are going to win this district,” added her campaign manager Gus Weller, speaking "
        "after the mayor spoke."
    )
    assert [s for _, s in speakers_of(text)] == ["Gus Weller"]


def test_a_possessed_speech_noun_before_a_participle_is_no_verb() -> None:
    text = (
        "Mayor Ilse Varga spoke on Monday.\n\n"
        "Weller’s campaign brushed off Varga’s comments, telling reporters, “She has had ten "
        "years to fix the levee.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Weller’s campaign"]
