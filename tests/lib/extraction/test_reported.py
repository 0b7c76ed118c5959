"""Reported speech, promises, headings and language (issue 9), on snippets written here."""

from __future__ import annotations

import json

from factcheck.lib.extraction import as_payload, extract


def attributions_of(text: str) -> list[tuple[str, str, str | None]]:
    result = extract(text, fmt="text")
    return [(a.kind, a.text, a.speaker) for a in result.attributions]


def test_it_attributes_reported_speech_with_its_cue_and_speaker() -> None:
    text = "Wendy Holt said on Twitter that the talks were underway but progress would be slow."
    result = extract(text, fmt="text")
    [a] = result.attributions
    assert (a.kind, a.speaker, a.cue) == ("indirect", "Wendy Holt", "said")
    assert a.text == "the talks were underway but progress would be slow"
    assert result.body[a.start : a.end] == a.text


def test_it_reads_reported_speech_before_its_speaker() -> None:
    text = "The economy will shrink next year, said Ann Lee, chief economist at Harbor Bank."
    assert attributions_of(text) == [("indirect", "The economy will shrink next year", "Ann Lee")]


def test_it_reads_according_to_on_either_side_of_the_content() -> None:
    first = "According to Ann Lee, prices rose faster than wages in March."
    after = "Prices rose faster than wages in March, according to Ann Lee."
    assert attributions_of(first) == [
        ("indirect", "prices rose faster than wages in March", "Ann Lee")
    ]
    assert attributions_of(after) == [
        ("indirect", "Prices rose faster than wages in March", "Ann Lee")
    ]


def test_it_gives_relayed_words_to_the_quoted_speaker_not_the_agency() -> None:
    text = "State news agency Nova quoted Ivan Lebed as saying he feared the talks would fail."
    assert attributions_of(text) == [("indirect", "he feared the talks would fail", "Ivan Lebed")]


def test_it_reads_a_named_claim_that() -> None:
    text = "Tom Reed's claim that the vote had been rigged was repeated by his aides."
    [(kind, content, speaker)] = attributions_of(text)
    assert (kind, speaker) == ("indirect", "Tom Reed")
    assert content.startswith("the vote had been rigged")


def test_it_gives_a_partial_quotation_the_whole_reported_clause() -> None:
    text = 'Ann Lee said that the bank would warn savers of the "severe costs" of a default.'
    assert attributions_of(text) == [
        ("mixed", 'the bank would warn savers of the "severe costs" of a default', "Ann Lee")
    ]


def test_it_keeps_a_full_quotation_direct() -> None:
    text = "“We will not discuss it without our allies,” Wendy Holt said."
    assert attributions_of(text) == [
        ("direct", "We will not discuss it without our allies,", "Wendy Holt")
    ]


def test_it_joins_a_quotation_that_runs_on_with_the_same_cue() -> None:
    text = "“The talks were hard,” Ivan Lebed said. “We expect little.”"
    result = extract(text, fmt="text")
    [a] = result.attributions
    assert a.text == "The talks were hard, We expect little."
    assert len(a.spans) == 2


def test_it_recognises_ascii_doubled_quotation_marks() -> None:
    text = "''We will win this state,'' Mr. Tom Reed said on Monday."
    assert attributions_of(text) == [("direct", "We will win this state,", "Tom Reed")]


def test_it_names_the_person_not_the_owner_of_the_role() -> None:
    text = "Lee's communications director, Jennifer Palmo, said the campaign would not comment."
    assert attributions_of(text)[0][2] == "Jennifer Palmo"


def test_it_strips_titles_and_party_tags_from_a_speaker() -> None:
    text = "Sen. Ann Ruiz (D-Ore.) said the rules were unfair to small towns."
    assert attributions_of(text)[0][2] == "Ann Ruiz"


def test_it_names_a_senator_not_the_state_after_of() -> None:
    text = "Senator Ann Ruiz of Oregon said she had called the governor twice."
    assert attributions_of(text)[0][2] == "Ann Ruiz"


def test_it_keeps_an_organisation_named_with_of_whole() -> None:
    text = "The University of Harbor said its budget would shrink next year."
    assert attributions_of(text)[0][2] == "University of Harbor"


def test_it_never_takes_a_name_inside_a_quotation_as_the_speaker() -> None:
    text = "“Tom Reed said nothing about it,” she said."
    assert all(speaker != "Tom Reed" for _, _, speaker in attributions_of(text))


def test_it_makes_a_promise_a_claim_of_kind_promise_by_its_promiser() -> None:
    text = (
        "Pointing to a 2008 promise by the Harbor Alliance to consider membership for Norland, "
        "Ivan Lebed spoke to reporters."
    )
    [claim] = [s for s in extract(text, fmt="text").statements if s.kind == "promise"]
    assert claim.speaker == "Harbor Alliance"
    assert claim.promise == "to consider membership for Norland"
    assert claim.checkworthiness >= 0.5


def test_it_reads_an_understanding_as_a_promise_by_the_one_who_gave_it() -> None:
    text = "Moscow insists it understood that the Harbor Alliance would not expand eastward."
    result = extract(text, fmt="text")
    [claim] = [s for s in result.statements if s.kind == "promise"]
    assert (claim.speaker, claim.promise) == (
        "Harbor Alliance",
        "the Harbor Alliance would not expand eastward",
    )
    assert [a.speaker for a in result.attributions] == ["Moscow"]


def test_it_gives_a_quoted_heading_no_speaker_and_does_not_carry_one_past_it() -> None:
    text = (
        "“We expect little,” Ivan Lebed said.\n\n"
        "‘Severe costs’ of a default\n\n"
        "“Nobody can pay this.”"
    )
    result = extract(text, fmt="text")
    speakers = {q.text: q.speaker for q in result.quotes}
    assert speakers["We expect little,"] == "Ivan Lebed"
    assert speakers["Nobody can pay this."] is None
    assert [a.speaker for a in result.attributions] == ["Ivan Lebed", None]


def test_it_takes_no_statement_from_list_items_footnotes_or_related_links() -> None:
    text = (
        "• Prices rose 4 percent in March.\n\n"
        "[1] The survey covered 2,000 homes.\n\n"
        "Related article: Prices rose 9 percent in Norland\n\n"
        "Rents rose 3 percent in April."
    )
    assert [s.text for s in extract(text, fmt="text").statements] == [
        "Rents rose 3 percent in April."
    ]


def test_it_says_when_it_does_not_read_a_language() -> None:
    text = "Le ministre a déclaré que les prix augmenteront de 4 pour cent l'an prochain. " * 3
    result = extract(text, fmt="text")
    assert (result.language, result.supported) == ("fr", False)
    assert (result.quotes, result.statements, result.attributions) == ([], [], [])


def test_it_stores_the_detected_language_of_english_text() -> None:
    text = "The minister said prices would rise by 4 percent next year, the ministry reported."
    assert extract(text, fmt="text").language == "en"


def test_its_json_payload_keeps_the_old_keys_and_adds_attributions() -> None:
    text = "Wendy Holt said the talks were underway. “We expect little,” Ivan Lebed said."
    payload = json.loads(json.dumps(as_payload(extract(text, fmt="text"))))
    assert {"quotes", "claims", "speakers", "attributions", "language"} <= set(payload)
    first = payload["attributions"][0]
    assert {"text", "start", "end", "speaker", "speaker_mention", "cue", "kind"} <= set(first)
    assert [a["kind"] for a in payload["attributions"]] == ["indirect", "direct"]


def test_it_never_resolves_he_or_she_to_a_place_or_a_thing() -> None:
    text = 'Washington warned Norland on Monday. "We are ready," he said.'
    assert [a.speaker for a in extract(text, fmt="text").attributions] == [None]


def test_it_takes_no_sentence_initial_verb_into_a_name() -> None:
    text = "Hosting Reed, the moderator asked about taxes. “Fine,” Tom Reed said."
    names = {s.name for s in extract(text, fmt="text").speakers}
    assert "Hosting Reed" not in names and "Tom Reed" in names


def test_it_merges_an_early_surname_with_the_full_name_that_follows() -> None:
    text = "Reed said the deal was good. Later Tom Reed spoke again. “It works,” Reed said."
    result = extract(text, fmt="text")
    assert {a.speaker for a in result.attributions} == {"Tom Reed"}
    assert [s.name for s in result.speakers] == ["Tom Reed"]


def test_it_skips_a_first_paragraph_that_repeats_the_title() -> None:
    text = "Prices Rise 4 Percent, Says Ann Lee\n\nRents rose 3 percent in April, Ann Lee said."
    result = extract(text, fmt="text", title="Prices rise 4 percent, says Ann Lee")
    assert [s.text for s in result.statements] == ["Rents rose 3 percent in April, Ann Lee said."]
    assert [a.text for a in result.attributions] == ["Rents rose 3 percent in April"]


def test_it_gives_a_transcript_turn_to_the_named_speaker() -> None:
    text = "REED: The deaths of two men make clear how much work we have to do.\n\nNote: Updated."
    assert attributions_of(text) == [
        ("indirect", "The deaths of two men make clear how much work we have to do", "REED")
    ]


def test_it_never_takes_a_country_for_the_person_a_pronoun_stands_for() -> None:
    text = "Germany announced new rules on Monday. “They are overdue,” she said."
    assert [a.speaker for a in extract(text, fmt="text").attributions][-1] is None


def test_reported_content_stops_before_a_participle_clause() -> None:
    text = "Ann Lee praised the new budget, crediting the council with finding savings."
    [(_, content, speaker)] = attributions_of(text)
    assert (content, speaker) == ("the new budget", "Ann Lee")


def test_reported_content_stops_before_another_speakers_clause() -> None:
    text = (
        "Ann Lee argued that taxes should not rise, Tom Berg countered that they must, "
        "and the vote was delayed."
    )
    assert attributions_of(text)[0] == ("indirect", "taxes should not rise", "Ann Lee")


def test_an_expectation_about_someone_is_reported_content_without_a_source() -> None:
    text = "The city council is expected to approve the new budget on Friday."
    [(kind, content, speaker)] = attributions_of(text)
    assert (kind, content, speaker) == (
        "indirect",
        "The city council to approve the new budget on Friday",
        None,
    )


def test_a_negated_auxiliary_keeps_the_subject_of_the_cue() -> None:
    text = "Senator Ada Vance hasn’t said whether she will run for the seat again."
    [(_, _, speaker)] = attributions_of(text)
    assert speaker == "Ada Vance"


def test_an_editors_note_is_not_the_story() -> None:
    text = (
        "Ann Lee said the vote would be close.\n\n"
        "Editor’s note: Tom Berg has repeatedly pledged to ban all imports."
    )
    assert [speaker for _, _, speaker in attributions_of(text)] == ["Ann Lee"]


def test_a_cue_at_the_end_of_its_sentence_takes_the_whole_sentence() -> None:
    text = (
        "Ann Lee spoke first.\n\n"
        "If towns got block grants, they might neglect areas where the state has focused "
        "its money, like roads and schools, she said."
    )
    _, content, speaker = attributions_of(text)[-1]
    assert content.startswith("If towns got block grants") and content.endswith("schools")
    assert speaker == "Ann Lee"


def test_an_inverted_speaker_must_end_the_clause() -> None:
    text = "Tom Berg, citing the polls, said the candidate could win in Ohio and Iowa."
    contents = [content for _, content, _ in attributions_of(text)]
    assert "the candidate could win in Ohio and Iowa" in contents


def test_a_noun_phrase_ending_in_an_object_pronoun_is_the_speaker() -> None:
    text = "Still, the mayor will rethink how he treats the council, a source close to him said."
    [(_, content, _)] = attributions_of(text)
    assert content == "Still, the mayor will rethink how he treats the council"


def test_a_finding_shown_by_a_thing_is_reported_content_without_a_speaker() -> None:
    text = "Exit polling shows he won most voters under 30 in Ohio last month."
    assert attributions_of(text) == [
        ("indirect", "he won most voters under 30 in Ohio last month", None)
    ]


def test_what_a_group_wants_is_reported_content() -> None:
    text = "Palestinians want East Jerusalem for their future state."
    assert attributions_of(text) == [
        ("indirect", "East Jerusalem for their future state", "Palestinians")
    ]


def test_an_expectation_about_a_thing_is_reported_content_too() -> None:
    text = "The change is expected to play out in many ways."
    assert attributions_of(text) == [("indirect", "The change to play out in many ways", None)]


def test_not_yet_between_the_auxiliary_and_the_cue_keeps_the_subject_as_speaker() -> None:
    text = "Mayor Ada Lund has not yet endorsed Tom Ruiz for the council seat."
    assert attributions_of(text) == [("indirect", "Tom Ruiz for the council seat", "Ada Lund")]


def test_an_adjective_phrase_after_a_copula_takes_the_subject_as_speaker() -> None:
    text = "Senator Tom Reyes was also highly critical of the governor's plan to cut bus routes."
    assert attributions_of(text) == [
        ("indirect", "the governor's plan to cut bus routes", "Tom Reyes")
    ]


def test_the_to_after_responded_goes_with_the_cue_not_the_content() -> None:
    text = "Mayor Ada Lund has not yet responded to the council's remarks about the budget."
    assert attributions_of(text) == [
        ("indirect", "the council's remarks about the budget", "Ada Lund")
    ]


def test_a_hearer_after_replied_to_stays_out_of_the_that_clause() -> None:
    text = "Mayor Ada Lund replied to reporters that the library would stay open."
    assert attributions_of(text) == [("indirect", "the library would stay open", "Ada Lund")]
