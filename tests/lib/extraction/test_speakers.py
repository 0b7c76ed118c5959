"""Speaker rules on snippets written for these tests."""

from __future__ import annotations

from factcheck.lib.extraction import extract


def speakers_of(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract(text, fmt="text").quotes]


def attribution_speakers(text: str) -> list[str | None]:
    """The speaker of every attribution, quoted or reported, in order."""
    return [a.speaker for a in extract(text, fmt="text").attributions]


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


def test_a_cue_word_used_as_a_noun_does_not_hide_the_speaker_after_the_quote() -> None:
    text = (
        "The council sued Brightline Corp on Monday.\n\n"
        "“It is an overreach of the worst kind,” Nora Vance, the attorney general of Maine, "
        "one of the states suing the company, said at a briefing."
    )
    assert speakers_of(text) == [("It is an overreach of the worst kind,", "Nora Vance")]


def test_chants_of_is_no_cue_and_according_to_gives_the_speaker() -> None:
    text = (
        "Pressure is mounting on Hale, who was met with chants of “Run, Bobby!” at a rally, "
        "according to union President Dora Crane."
    )
    assert speakers_of(text) == [("Run, Bobby!", "Dora Crane")]


def test_a_numeric_modifier_before_a_role_is_part_of_an_inverted_mention() -> None:
    text = "“The arguments do not hold,” said 9/11 widow Terra Strand."
    assert speakers_of(text) == [("The arguments do not hold,", "Terra Strand")]


def test_del_before_a_name_is_the_title_delegate_and_ends_no_sentence() -> None:
    text = "“This is a waste of time,” said Del. Stacy Plaskin of the Virgin Islands."
    assert speakers_of(text) == [("This is a waste of time,", "Stacy Plaskin")]


def test_a_possessive_owner_is_named_without_its_apostrophe_s() -> None:
    text = "Ivana Tramp's brief said that was not true and dismissed it as “old allegations.”"
    assert speakers_of(text) == [("old allegations.", "Ivana Tramp")]


def test_a_dateline_in_capitals_is_never_a_speaker() -> None:
    text = (
        "LAKE CITY (AP) — The singer performed for the senator.\n\n"
        "“Keep your hands in sight,” Mara Bloom sings before asking her, “Where do we go?”"
    )
    assert [s for _, s in speakers_of(text)] == ["Mara Bloom", "Mara Bloom"]


def test_a_title_with_a_number_in_single_marks_after_of_names_a_work() -> None:
    text = "Mara Bloom sings to the senator in a clip of ‘The 412.’"
    assert speakers_of(text) == []


def test_as_a_document_put_it_attributes_the_quote_to_the_document() -> None:
    text = "The main test is a “lawful source of income,” as a Treasury Department memo put it."
    [(_, speaker)] = speakers_of(text)
    assert speaker is not None and "Treasury" in speaker


def test_a_later_sentence_of_the_paragraph_carries_on_its_named_speaker() -> None:
    text = (
        "“We will wait,” Mr. Tomas Krell said.\n\n"
        "The vote may slip, Rep. Adele Schaff said. “The other factor is the cost of waiting.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Tomas Krell", "Adele Schaff"]


def test_a_quote_later_in_a_paragraph_stays_with_the_quote_before_it() -> None:
    text = (
        "“We saw progress,” press secretary Jon Ernst said before Bill Clanton’s comments. "
        "“And we will see more.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Jon Ernst", "Jon Ernst"]


def test_a_possessive_before_a_cue_word_makes_it_a_noun() -> None:
    text = "“It was fine,” Ana Ruiz said after Bo Lind’s comments."
    assert speakers_of(text) == [("It was fine,", "Ana Ruiz")]


def test_a_name_in_commas_after_a_role_at_an_organisation_is_the_speaker() -> None:
    text = (
        "His former partner at Lenwood, Lars B. Cumming, called him a master of deals. "
        "“He always found a way.”"
    )
    assert speakers_of(text) == [("He always found a way.", "Lars B Cumming")]


def test_officials_at_an_organisation_speak_for_it() -> None:
    text = (
        "Officials at Harbor Safety Investigations, a unit of the Port Authority, said the "
        "brokers “may try to hide the money.”"
    )
    [(_, speaker)] = speakers_of(text)
    assert speaker == "Harbor Safety Investigations"


def test_a_paragraph_ending_with_a_colon_gives_its_subject_to_the_next_quote() -> None:
    text = (
        "The Fact Desk rated the remark. Senator Ada Sandor spoke in July.\n\n"
        "In July, Sandor made the following comment:\n\n"
        "“For young people the jobless rate is 33 percent.”"
    )
    assert speakers_of(text) == [("For young people the jobless rate is 33 percent.", "Ada Sandor")]


def test_a_noun_phrase_opening_the_sentence_is_the_subject_of_a_later_cue() -> None:
    text = (
        "Republican nominee Don Tramp spoke on Monday.\n\n"
        "The Republican nominee also outlined his plan and vowed to punish "
        "“those who break the rules.”"
    )
    assert speakers_of(text) == [("those who break the rules.", "Don Tramp")]


def test_a_document_named_after_an_organisation_is_that_organisations_voice() -> None:
    text = (
        "A Harbor Accountability Office report released last year found that the money "
        "could come from “the drug trade or other crimes.”"
    )
    [(_, speaker)] = speakers_of(text)
    assert speaker == "Harbor Accountability Office"


def test_a_participle_cue_makes_its_sentence_subject_the_latest_speaker() -> None:
    text = (
        "The label that owns her songs, Tall Records, says she may sing them.\n\n"
        "Tara Quill won support last week, after accusing them of blocking her.\n\n"
        "Her catalogue was bought by a firm owned by manager Scott Brann this year.\n\n"
        "In a post at the time she described this as the “worst case scenario”."
    )
    assert speakers_of(text) == [("worst case scenario", "Tara Quill")]


def test_who_after_a_plain_noun_starts_a_clause_about_someone_else() -> None:
    text = (
        "In a panel, Mark H. Morrow, the chief executive of the Urban Alliance, forcefully "
        "told a young woman who suggested that people may not vote that "
        "“this is not the first generation to be frustrated.”"
    )
    [(_, speaker)] = speakers_of(text)
    assert speaker == "Mark H Morrow"


def test_the_person_named_after_an_organisation_and_a_role_is_the_speaker() -> None:
    text = "“It was never meant to be,” said Harbor University political scientist Ola Brandt."
    assert speakers_of(text) == [("It was never meant to be,", "Ola Brandt")]


def test_a_speaker_from_a_town_and_state_is_the_person_not_the_place() -> None:
    text = "Mara Quist of Dayton, Ohio says she hopes the mayor keeps “doing what he’s doing.”"
    [(_, speaker)] = speakers_of(text)
    assert speaker == "Mara Quist"


def test_a_person_of_an_organisation_is_the_person() -> None:
    text = (
        "“The test failed,” wrote Ivo Brenner of the Lakeside Center for Arms Studies, "
        "who follows the programme."
    )
    assert speakers_of(text) == [("The test failed,", "Ivo Brenner")]


def test_a_participle_after_an_object_takes_the_sentences_subject() -> None:
    text = (
        "Governor Ada Vance spoke first.\n\n"
        "Vance, the state’s former treasurer, also attacked senator Piet Olsen, calling him "
        "a “total failure.”"
    )
    [(_, speaker)] = speakers_of(text)
    assert speaker == "Ada Vance"


def test_a_lone_quotation_after_a_paragraph_about_someone_is_theirs() -> None:
    text = (
        "“The river is rising,” says ranger Tom Okafor.\n\n"
        "The floods have been described as “historic” by the county.\n\n"
        "But for Hana Rewi and her family the losses are personal.\n\n"
        "“We need to listen to the river.”"
    )
    assert speakers_of(text)[-1] == ("We need to listen to the river.", "Hana Rewi")


def test_a_name_and_a_colon_after_a_dash_label_the_quotation() -> None:
    text = (
        "Ann Lee spoke first.\n\n"
        "RED STATES GAIN - Tomas Brenner: “The partisanship of the states shifted this year.”"
    )
    assert speakers_of(text)[-1] == (
        "The partisanship of the states shifted this year.",
        "Tomas Brenner",
    )


def test_the_name_in_apposition_to_an_inverted_nominal_is_the_speaker() -> None:
    text = "“We are anxious,” said another Twitter user, Johanna Berg. “The attacks are closer.”"
    assert [s for _, s in speakers_of(text)] == ["Johanna Berg", "Johanna Berg"]


def test_a_relative_clause_describes_the_name_before_it() -> None:
    text = (
        "“This ad raises new questions,” Kara Dunn, who is chairman of Our Values PAC said "
        "in a statement."
    )
    assert speakers_of(text) == [("This ad raises new questions,", "Kara Dunn")]


def test_roles_joined_by_and_before_an_inverted_speakers_name() -> None:
    text = "“He is reprising that role,” said former Ohio Gov. and party Chairman Ed Rendt."
    assert speakers_of(text) == [("He is reprising that role,", "Ed Rendt")]


def test_a_determiner_and_a_describing_word_before_an_inverted_name() -> None:
    text = "Ann Trump spoke.\n\n“It is a movement,” said the younger Mr. Trump, smiling."
    assert speakers_of(text)[-1] == ("It is a movement,", "Ann Trump")


def test_an_inverted_cue_before_a_quotation_names_its_speaker() -> None:
    text = "Because of the calendar, explained Ole Rosen, “it is hard to see a way through.”"
    assert speakers_of(text) == [("it is hard to see a way through.", "Ole Rosen")]


def test_an_inverted_speaker_carries_on_in_the_next_sentence() -> None:
    text = (
        "The vote “went well for us,” said Ohio State professor Paul Berk. "
        "“That was her constituency then.”"
    )
    assert [s for _, s in speakers_of(text)] == ["Paul Berk", "Paul Berk"]


def test_the_hearer_of_told_is_not_the_speaker() -> None:
    text = "Ian Holm, a drug expert at York, told Newsweek: “The rise is small but real.”"
    assert speakers_of(text) == [("The rise is small but real.", "Ian Holm")]


def test_a_participle_in_a_relative_clause_is_said_by_its_antecedent() -> None:
    text = (
        "The first comments came with a warning about rhetoric from Lund’s Unity party, "
        "which tried to rally support by saying that rural voters were “coming out in droves.”"
    )
    [(_, speaker)] = speakers_of(text)
    assert speaker is not None and "Unity" in speaker


def test_an_organisation_named_with_and_is_one_speaker() -> None:
    text = "“There is no need to worry,” the Center for Plague Control and Prevention said."
    assert speakers_of(text) == [
        ("There is no need to worry,", "Center for Plague Control and Prevention")
    ]


def test_a_letter_speaks_for_whoever_it_came_from() -> None:
    text = (
        "The facts were set out in a letter to Harbor Central Office from administrators "
        "from Kell Marsh.\n\n"
        "The letter said: “The monies were paid on the instructions of the chairman.”"
    )
    [(_, speaker)] = speakers_of(text)
    assert speaker == "Kell Marsh"


def test_a_surname_that_is_also_a_role_word_ends_the_name() -> None:
    text = "“It will not be easy,” said Representative Peter T. King of Ohio, who backs Ruiz."
    assert speakers_of(text) == [("It will not be easy,", "Peter T King")]


def test_an_organisation_named_with_of_or_for_keeps_its_whole_name_after_the_cue() -> None:
    text = (
        "Wages rose 3 percent last year, according to the Bureau of Wage Statistics.\n\n"
        "Rents will keep climbing, said the Center for Housing Research.\n\n"
        "Prices fell sharply in May, said Rosa Lind of Harbor Bank.\n\n"
        "“It will pass,” said John House of Ohio."
    )
    assert attribution_speakers(text) == [
        "Bureau of Wage Statistics",
        "Center for Housing Research",
        "Rosa Lind",
        "John House",
    ]


def test_an_abbreviation_keeps_its_last_full_stop_in_the_speakers_name() -> None:
    text = (
        "The U.S. Chamber of Commerce said the tariffs would raise prices.\n\n"
        "Aid will be cut by half next year, according to the U.N. refugee agency.\n\n"
        "Aid will rise, said the Agency for International Development."
    )
    assert attribution_speakers(text) == [
        "U.S. Chamber of Commerce",
        "U.N.",
        "Agency for International Development",
    ]
