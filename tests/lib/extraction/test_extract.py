"""The extractor on small snippets written for these tests, and on the shipped seed article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.lib.extraction import extract

SEED = Path(__file__).resolve().parents[3] / "demo" / "demo_data" / "000_1d8ce3911553a107"


def quotes_of(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract(text, fmt="text").quotes]


def test_it_attributes_an_inverted_said_to_the_named_speaker() -> None:
    text = 'Minister Olga Brandt arrived late.\n\n"We will not sign this," said Brandt.'
    assert quotes_of(text) == [("We will not sign this,", "Olga Brandt")]


def test_it_attributes_a_quote_before_the_speaker_and_verb() -> None:
    text = '"The bridge is safe," city engineer Tomas Varga said on Friday.'
    [quote] = extract(text).quotes
    assert quote.speaker == "Tomas Varga"
    assert quote.speaker_mention == "city engineer Tomas Varga"
    assert quote.cue == "said"
    assert text[quote.mention_start : quote.mention_end] == quote.speaker_mention


def test_it_splits_a_quote_interrupted_by_its_attribution() -> None:
    text = '"We tried," Mayor Lena Ortiz said, "but the money ran out."'
    assert quotes_of(text) == [
        ("We tried,", "Lena Ortiz"),
        ("but the money ran out.", "Lena Ortiz"),
    ]


def test_it_keeps_one_entry_per_paragraph_for_a_multi_paragraph_quote() -> None:
    text = (
        'Coach Ivan Petrov said: "We played badly.\n\n'
        '"We will train harder next week."\n\nThe season ends in May.'
    )
    assert quotes_of(text) == [
        ("We played badly.", "Ivan Petrov"),
        ("We will train harder next week.", "Ivan Petrov"),
    ]


def test_it_carries_the_speaker_into_an_unattributed_continuation_paragraph() -> None:
    text = '"It is over," the union leader Mara Kent said.\n\n"Nobody wants a second strike."'
    assert [s for _, s in quotes_of(text)] == ["Mara Kent", "Mara Kent"]


def test_it_resolves_a_pronoun_to_the_latest_speaker() -> None:
    text = (
        "Senator Ruth Ames spoke first.\n\n"
        'Ames said the bill was late. "It will pass anyway," she said.'
    )
    assert quotes_of(text) == [("It will pass anyway,", "Ruth Ames")]


def test_it_resolves_a_surname_to_the_earlier_full_name_and_keeps_the_role() -> None:
    text = (
        "U.S. Deputy Secretary of State Wendy Holt met her counterpart.\n\n"
        '"Talks were useful," Holt told reporters.'
    )
    result = extract(text)
    assert result.quotes[0].speaker == "Wendy Holt"
    [speaker] = result.speakers
    assert (speaker.name, speaker.role, speaker.kind) == (
        "Wendy Holt",
        "U.S. Deputy Secretary of State",
        "person",
    )


def test_it_attributes_to_an_organisation() -> None:
    text = 'The talks were "constructive," the State Department said.'
    [quote] = extract(text).quotes
    assert quote.speaker == "State Department"
    assert extract(text).speakers[0].kind == "organisation"


def test_it_attributes_through_according_to() -> None:
    text = 'The plan is "dead on arrival," according to Senator Paul Reyes.'
    assert quotes_of(text) == [("dead on arrival,", "Paul Reyes")]


def test_it_marks_a_partial_quote_in_reported_speech_as_not_direct() -> None:
    text = "Energy minister Karl Lind called the deal a \u201cdisgrace\u201d on Monday."
    [quote] = extract(text).quotes
    assert (quote.text, quote.speaker, quote.is_direct) == ("disgrace", "Karl Lind", False)


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ("\u201c", "\u201d"),
        ('"', '"'),
        ("\u00ab", "\u00bb"),
        ("\u201e", "\u201c"),
        ("\u2018\u2018", "\u2019\u2019"),
    ],
)
def test_it_reads_every_style_of_double_quote_mark(opening: str, closing: str) -> None:
    text = f"{opening}Prices will fall,{closing} said analyst Nora Quist."
    assert quotes_of(text) == [("Prices will fall,", "Nora Quist")]


def test_it_does_not_split_a_quote_at_a_nested_single_quote_or_apostrophe() -> None:
    text = "\u201cThey told us \u2018wait\u2019 and we didn\u2019t,\u201d said farmer Ana Ruiz."
    assert quotes_of(text) == [("They told us \u2018wait\u2019 and we didn\u2019t,", "Ana Ruiz")]


def test_it_does_not_treat_apostrophes_as_quote_marks() -> None:
    text = "The teachers\u2019 union and Ukraine's allies met at the ministers' summit."
    assert extract(text).quotes == []


def test_it_skips_titles_and_so_called_terms() -> None:
    text = 'She watched "Brokeback Mountain" after the so-called "reform" failed.'
    assert extract(text).quotes == []


def test_it_does_not_crash_on_an_unbalanced_quote() -> None:
    text = 'Officials said "the road is closed and\n\nNothing else happened.'
    quotes = extract(text).quotes
    assert all(text[q.start : q.end] == q.text for q in quotes)


def test_it_keeps_sentences_whole_around_abbreviations_and_decimals() -> None:
    text = (
        "Dr. Jane Roe of the U.S. agency said at 9 a.m. on Jan. 5 that 2.5 million people "
        "were affected. Nobody else spoke."
    )
    claims = [s.text for s in extract(text).statements]
    assert claims == [text.split(" Nobody")[0]]


def test_it_finds_numeric_claims_with_bounds_and_vague_magnitudes() -> None:
    text = (
        "An insurgency in which more than 13,000 people have died continues. "
        "The army massed tens of thousands of troops at the border. "
        "The talks began in 2022."
    )
    statements = extract(text).statements
    assert len(statements) == 2
    first, second = (s.quantities[0] for s in statements)
    assert (first.value, first.unit, first.bound) == (13000.0, "people", "at_least")
    assert second.approximate and second.text.startswith("tens of thousands")


def test_it_ignores_years_dates_and_clock_times() -> None:
    text = "On Jan. 10, 2022, at 8:55 a.m. the talks opened in Geneva."
    assert extract(text).statements == []


def test_it_scores_checkworthiness_within_bounds() -> None:
    text = "Unemployment fell to 4.1 percent, the lowest level since records began."
    [statement] = extract(text).statements
    assert statement.kind == "comparison"
    assert 0.5 <= statement.checkworthiness <= 1.0


def test_it_returns_plain_text_unchanged_as_the_body() -> None:
    text = 'Some text.\r\n\r\n"A quote," he said.'
    assert extract(text, fmt="text").body == text


def test_it_cleans_markdown_and_keeps_spans_consistent() -> None:
    md = (
        "# Big news\n\nBy [Ann Lee](#) for AFP\n\n"
        '**Minister** [Ola Berg](http://x) said: "Taxes will rise by 2 percent."\n\n'
        "Original url:\n\n<https://example.com/a>\n"
    )
    result = extract(md, fmt="markdown")
    assert "**" not in result.body and "http" not in result.body and "Ann Lee" not in result.body
    [quote] = result.quotes
    assert result.body[quote.start : quote.end] == quote.text == "Taxes will rise by 2 percent."
    assert quote.speaker == "Ola Berg"


def test_it_cleans_html_without_the_network() -> None:
    html = (
        "<html><head><title>t</title></head><body><nav>Home | About</nav><article>"
        "<p>The mayor Rita Olsen spoke on Monday about the new budget for the city.</p>"
        '<p>"We will build 300 homes this year," Olsen said at the town hall meeting.</p>'
        "</article><footer>Copyright</footer></body></html>"
    )
    result = extract(html)
    [quote] = result.quotes
    assert quote.speaker == "Rita Olsen"
    assert result.body[quote.start : quote.end] == quote.text


def test_it_survives_malformed_html() -> None:
    result = extract('<p>Broken <b>markup "very broken," said Al Gore<div', fmt="html")
    assert isinstance(result.body, str)


def test_it_finds_all_fifteen_seed_quotes_with_their_speakers() -> None:
    gold = json.loads(SEED.with_suffix(".gold.json").read_text(encoding="utf-8"))
    result = extract(SEED.with_suffix(".txt").read_text(encoding="utf-8"))
    got = [(q.text, q.speaker) for q in result.quotes]
    assert got == [(g["text"], g["speaker"]) for g in gold["quotes"]]
    assert all(result.body[q.start : q.end] == q.text for q in result.quotes)


def test_it_finds_the_seed_numeric_claims() -> None:
    gold = json.loads(SEED.with_suffix(".gold.json").read_text(encoding="utf-8"))
    result = extract(SEED.with_suffix(".txt").read_text(encoding="utf-8"))
    claimed = " ".join(s.text for s in result.statements)
    for claim in gold["numeric_claims"]:
        assert claim["quantity"] in claimed


def test_the_speaker_mention_covers_an_apposition_after_an_inverted_said() -> None:
    text = (
        '"The rates will rise," said Lotte Brand, head of the Fiscal Policy Institute, '
        'on Tuesday. "Nobody can stop that."'
    )
    first, second = extract(text).quotes
    assert first.speaker == "Lotte Brand"
    assert first.speaker_mention == "Lotte Brand, head of the Fiscal Policy Institute"
    assert text[first.mention_start : first.mention_end] == first.speaker_mention
    assert second.speaker_mention == first.speaker_mention


def test_the_speaker_mention_covers_an_apposition_closed_by_the_cue() -> None:
    text = '"We will appeal," Ravi Nair, a lawyer for the Harbour Trust, also said.'
    [quote] = extract(text).quotes
    assert quote.speaker == "Ravi Nair"
    assert quote.speaker_mention == "Ravi Nair, a lawyer for the Harbour Trust"


def test_the_apposition_keeps_initials_and_stops_at_a_new_clause() -> None:
    text = (
        '"It was late," said Ada Moss, who advised President John Q. Adams, adding that '
        "nobody listened."
    )
    [quote] = extract(text).quotes
    assert quote.speaker_mention == "Ada Moss, who advised President John Q. Adams"


def test_a_subject_apposition_stops_before_the_main_verb() -> None:
    text = 'Tom Reyes, the mayor of Lakeside, criticised the plan, calling it "a fiasco".'
    [quote] = extract(text).quotes
    assert quote.speaker == "Tom Reyes"
    assert quote.speaker_mention == "Tom Reyes, the mayor of Lakeside"


def test_a_place_after_the_name_belongs_to_the_mention() -> None:
    text = '"Vote no," said Senator Mia Holt of New Hampshire.'
    [quote] = extract(text).quotes
    assert quote.speaker == "Mia Holt"
    assert quote.speaker_mention == "Senator Mia Holt of New Hampshire"


def test_a_name_with_a_plural_verb_is_a_group_that_they_can_refer_to() -> None:
    text = (
        "Silver Anchor have denied any wrongdoing.\n\n"
        '"We never blocked the release," they said in a statement.'
    )
    result = extract(text)
    assert [q.speaker for q in result.quotes] == ["Silver Anchor"]
    assert result.speakers[0].kind == "organisation"


def test_a_name_between_commas_after_a_description_is_the_subject() -> None:
    text = (
        "The firm that runs the festival, Hollow Pine Productions, denies that anything is settled."
        "\n\n"
        '"No deal has been signed," they said.'
    )
    assert [q.speaker for q in extract(text).quotes] == ["Hollow Pine Productions"]


def test_a_place_between_commas_is_not_taken_for_the_subject() -> None:
    text = 'Nora Vale spoke in Tulsa, Oklahoma, arguing that the deaths were "intolerable."'
    assert [q.speaker for q in extract(text).quotes] == ["Nora Vale"]


def test_lone_straight_marks_used_as_block_markers_are_not_quotations() -> None:
    text = (
        "The host pressed the governor on the plan.\n\n"
        '"HOST: Is it true, as “The Daily Ledger” reported, that the plan is dead?\n\n'
        '"GOVERNOR: No. The plan goes ahead next spring.\n\n'
        'Later the governor said the plan was "on track".'
    )
    assert [q.text for q in extract(text).quotes] == ["on track"]


def test_a_straight_multi_paragraph_quotation_still_counts() -> None:
    text = 'Ivo Lind said: "The vote was close.\n\n"We will count again on Monday," he added.'
    assert [q.text for q in extract(text).quotes] == [
        "The vote was close.",
        "We will count again on Monday,",
    ]


def test_a_programme_named_after_a_preposition_is_not_a_quotation() -> None:
    text = (
        'In an interview on WTN\'s "Evening Desk," Mayor Rosa Kent said the bridge was '
        '"perfectly safe."'
    )
    assert [q.text for q in extract(text).quotes] == ["perfectly safe."]


def test_a_paragraph_wrapped_in_block_marks_is_not_a_quotation() -> None:
    text = (
        '"HOST: Did he write “the memo that was later shredded” himself?\n\n'
        '"Follow our host on Twitter."\n\n'
        'The senator called it "a fabrication".'
    )
    assert [q.text for q in extract(text).quotes] == [
        "the memo that was later shredded",
        "a fabrication",
    ]


def test_chanting_is_an_attribution_cue() -> None:
    text = 'Union leader Pia Stone marched past the ministry, chanting "Safe staffing now!"'
    [quote] = extract(text).quotes
    assert quote.cue == "chanting"
    assert quote.speaker == "Pia Stone"


def test_an_unattributed_title_case_name_with_a_comma_inside_its_marks_is_not_a_quotation() -> None:
    text = (
        'Fans of "Thelma and Louise," lined up early. Her campaign sold "Keep Harbor Strong." '
        'hats, and Hart said the fund was "nearly empty."\n\n'
        '"Merry Christmas," Hart said. "Thank You, Mr. President," Lee told him. '
        'Asked about the fund, Hart answered: "Absolutely," before leaving.'
    )
    assert [q.text for q in extract(text).quotes] == [
        "nearly empty.",
        "Merry Christmas,",
        "Thank You, Mr. President,",
        "Absolutely,",
    ]
