"""Attributing each quotation to a speaker mention and a cue.

Order of preference for a quotation, all within the sentence(s) it sits in:
1. a cue before it ("Ryabkov said: "…"", "called it "a disgrace"") and that cue's subject;
2. a cue right after it, normal or inverted (""…," he said", ""…," said Ryabkov");
3. "according to X" anywhere in the sentence;
4. for a paragraph that opens with a quotation and has no cue: the previous paragraph's speaker
   (a continued quotation, or a paragraph that ended "X said:").
The words inside quotation marks are masked first, so a cue verb inside a quote never counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from .lexicon import (
    ADVERBS,
    APPOSITION_STOPS,
    CUE_VERBS,
    NOT_ADVERBS_LY,
    NOUN_DETERMINERS,
    PARTICIPLE_CUES,
    PLACES,
    ROLE_WORDS,
    TERM_MARKERS,
    WORD_START,
    trie_pattern,
)
from .mentions import _MASK, Mention, mention_after, mention_before
from .quotes import RawQuote

# Starts with a character set, not ``\b``, so the scan skips positions no cue starts at.
_CUE = re.compile(
    trie_pattern([*CUE_VERBS, "according to", "According to"], guard=WORD_START) + r"\b"
)
_DASH = re.compile(r"[,.]?\s*[―—–-]{1,2}\s*(?=[A-Z])")
_BY = re.compile(r"[,.]?\s+by\s+")
_COMMA = re.compile(r"(?:,|\s[―—–])\s+")  # a comma, or a dash that closes an aside
# An apposition opens with a comma (", the head of ...") or a bracketed party tag.
_OPENING = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?,\s*([\w’'-]+)")
# One comma-separated segment of an apposition: its first word and the rest up to a comma.
_SEGMENT = re.compile(
    r"\s*,\s*([\w’'-]+)(?:[^,;:—–()\[\]\u2063.!?]|\.(?!\s+[\"“‘'A-Z\u2063])|(?<=\b[A-Z])\.|(?<=Mr|Dr|Ms|St|Jr|Sr)\.)*"
)
# "Representative Ana Ruiz of Ohio": a place or organisation right after a name.
_OF_PLACE = re.compile(
    r"\s+(?:of|from|at)\s+(?:the\s+)?[A-Z][\w.’'-]*"
    r"(?:(?:\s+(?:of|and|for|&|the))*\s+[A-Z][\w.’'-]*)*"
)
MAX_APPOSITION = 240
MAX_SUBJECT_REACH = 600
MAX_OWNER_SPAN = 400
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
# A name's speech noun: "Trump's claim", "the senator's statement" (the name is group 1).
_POSSESSIVE_CUE = re.compile(
    r"\b([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})['’]s\s+(?:[a-z]+\s+)?"
    r"(?:claim|claims|statement|assertion|remarks?|comments?|words|description|promise|"
    r"pledge|warning|tweet|message|argument|accusation|contention|insistence)\b"
)
_SPACE_COMMA = re.compile(r"^[\s,.;:!?\u2063—–-]*$")


@dataclass(slots=True)
class Attribution:
    """A quotation's mention (or None) and the cue word that tied them."""

    mention: Mention | None
    cue: str | None
    continued: bool = False
    full_end: int | None = None  # end of the mention with its apposition ("X, head of Y")
    subject: Mention | None = None  # no mention: the name the quotation's sentence starts with


@dataclass(slots=True)
class Cue:
    word: str
    start: int
    end: int


def mask_quotes(text: str, quotes: list[RawQuote]) -> str:
    """Replace quoted spans (marks included) by a mask character, keeping every offset."""
    if not quotes:
        return text
    parts, pos = [], 0
    for q in quotes:
        parts.append(text[pos : q.outer_start])
        parts.append(_MASK * (q.outer_end - q.outer_start))
        pos = q.outer_end
    parts.append(text[pos:])
    return "".join(parts)


def find_cues(masked: str, start: int, end: int) -> list[Cue]:
    return [
        Cue(m.group().lower(), m.start(), m.end())
        for m in _CUE.finditer(masked, start, end)
        if not noun_use(masked, m.start(), m.group())
    ]


# A whole word: "García" must not read as the determiner "a" (its last ASCII letter).
_WORD_BEFORE = re.compile(r"(?<![\w’'])([^\W\d_][\w’']*)\s+$")
_NOT_POSSESSIVE = frozenset(["it", "he", "she", "that", "there", "what", "who", "here", "let"])


def noun_use(text: str, pos: int, word: str) -> bool:
    """Whether the cue word at pos is a noun ("the states", "chants of", "Lee's comments").

    A determiner right before it makes it a noun; "of" or "with" does too, except before a
    participle ("accused him of saying", "with aides warning")."""
    before = _WORD_BEFORE.search(text, max(0, pos - 12), pos)
    if before is None:
        return False
    low = before.group(1).lower().replace("’", "'")
    if low.endswith("'s") and low[:-2] not in _NOT_POSSESSIVE:
        return True  # "the senator's comments"
    if low.endswith("s'") and before.group(1)[:1].isupper():
        return True  # "Sanders’ comments": a possessive with the apostrophe alone
    if low in ("of", "with"):
        return not word.lower().endswith("ing")
    return low in NOUN_DETERMINERS


def attribute(masked: str, q: RawQuote, window: tuple[int, int], cues: list[Cue]) -> Attribution:
    """Find the mention for one quotation inside its sentence window."""
    lo, hi = window
    before = [c for c in cues if lo <= c.start and c.end <= q.outer_start]
    after = [c for c in cues if c.start >= q.outer_end and c.end <= hi]
    if before and after and not _INTRODUCES.match(masked, before[-1].end, q.outer_start):
        # "… but Moscow denies — “why wouldn’t you …?” asked Lee": the cue before does not
        # introduce the quotation ("Lee stressed “…,” the ministry said" keeps Lee).
        tag = _speech_tag(masked, q, after[0], hi)
        if tag is not None:
            return tag
    for cue in reversed(before):
        mention = _mention_for(masked, cue, lo, before)
        if mention is None:
            mention = _inverted_before(masked, cue, q.outer_start)
        if mention is not None and mention.start < cue.start:
            mention = described_subject(masked, lo, mention)
        if mention is not None:
            if mention.start > cue.start:  # "according to X, the head of Y"
                return _with_apposition(masked, mention, cue.word, hi)
            return _with_apposition(masked, mention, cue.word, cue.start, closed=True)
    passive = _BY.match(masked, q.outer_end, hi)
    if before and passive:  # described as "heartbreaking" by the conservation department
        mention = mention_after(masked, passive.end(), hi)
        if mention is not None:
            return _with_apposition(masked, mention, before[-1].word, hi)
    if before:
        mention = _relative_antecedent(masked, lo, before[-1])
        if mention is None:
            mention = _sentence_subject(masked, lo, before[-1].start)
        if mention is None:
            # "The Republican nominee outlined a plan and vowed …", "A Harbor Authority
            # report released in May found …": the noun phrase that opens the sentence.
            opening = mention_after(masked, lo, before[-1].start)
            if opening is not None and opening.kind != "pronoun" and opening.start == lo:
                mention = None if _introductory(masked, opening, hi) else opening
        if mention is not None:
            cue = before[-1]
            return _with_apposition(masked, mention, cue.word, cue.start, closed=True)
    for cue in after:
        if cue.word == "according to":
            mention = mention_after(masked, cue.end, hi)
            if mention is not None:
                return _with_apposition(masked, mention, cue.word, hi)
            continue
        mention = mention_before(masked, q.outer_end, cue.start)
        if mention is not None:
            mention = described_subject(masked, q.outer_end, mention)
            return _with_apposition(masked, mention, cue.word, cue.start, closed=True)
        if _SPACE_COMMA.match(masked[q.outer_end : cue.start]):
            mention = mention_after(masked, cue.end, hi)
            if mention is not None:
                return _with_apposition(masked, mention, cue.word, hi)
    label = _name_label(masked, lo, q.outer_start)
    if label is not None:
        return Attribution(label, ":")
    dash = _DASH.match(masked, q.outer_end, hi)
    if dash:
        mention = mention_after(masked, dash.end(), hi)
        if mention is not None:
            return _with_apposition(masked, mention, "—", hi)
    # No cue: a quotation inside a sentence whose subject is a name ("Donald Trump is again
    # urging supporters to make sure all is "on the up and up"") is most likely that
    # subject's words. Kept apart from the mention so it decides no quote-or-term filter.
    owner = None
    # Bounded look-back: a paragraph of back-to-back quotations must stay linear.
    for m in _POSSESSIVE_CUE.finditer(
        masked, max(lo, q.outer_start - MAX_OWNER_SPAN), q.outer_start
    ):
        owner = m  # "Trump's claim that there were “thousands of shootings”": the last one
    if owner is not None:
        subject = mention_after(masked, owner.start(), owner.end(1))
        if subject is not None and subject.kind == "name":
            return Attribution(None, None, subject=subject)
    subject = _sentence_subject(masked, lo, q.outer_start) if q.outer_start > lo else None
    if subject is not None and not _LOWER_WORD.search(masked, subject.end, q.outer_start):
        subject = None  # "President X “has put aside …”": X is what the quotation is about
    return Attribution(None, None, subject=subject)


_TAG_GAP = re.compile(r"[\s,]*$")
_INTRODUCES = re.compile(r"[\s,:]*$")


def _speech_tag(masked: str, q: RawQuote, cue: Cue, hi: int) -> Attribution | None:
    """A speech tag right after the quotation ("…?” asked Lee", "…,” Lee said"): it names
    the speaker even when an earlier cue of the sentence has a subject of its own."""
    if cue.word == "according to" or cue.word in PARTICIPLE_CUES:
        return None
    if masked[q.outer_end - 2 : q.outer_end - 1] == "." or _MASK in masked[cue.end : cue.end + 24]:
        return None  # the quotation ended its sentence, or the cue introduces the next one
    gap = masked[q.outer_end : cue.start]
    if _TAG_GAP.match(gap):
        mention = mention_after(masked, cue.end, hi)
        if mention is not None and mention.kind == "name":
            return _with_apposition(masked, mention, cue.word, hi)
        return None
    mention = mention_before(masked, q.outer_end, cue.start)
    if (
        mention is None
        or mention.kind != "name"
        or not _TAG_GAP.match(masked, q.outer_end, mention.start)
    ):
        return None
    return _with_apposition(masked, mention, cue.word, cue.start, closed=True)


_COLON_END = re.compile(r"(?:^|\s)[-–—]\s+|\bfrom\s+")
MAX_LABEL = 60


def _name_label(masked: str, lo: int, pos: int) -> Mention | None:
    """ "... state level - Jeffrey M. Jones: “Gallup's analysis ...”", "More from Jones: “...”":
    a name and a colon right before a quotation, after a dash or "from", label its speaker."""
    colon = masked.rfind(":", max(lo, pos - 3), pos)
    if colon < 0 or masked[colon + 1 : pos].strip():
        return None
    mention = mention_before(masked, max(lo, colon - MAX_LABEL), colon)
    if mention is None or mention.kind != "name" or mention.end != colon:
        return None
    before = masked[max(lo, mention.start - 8) : mention.start]
    return mention if _COLON_END.search(before) else None


_RELATIVE = re.compile(r",\s+(?:which|who)\s")
_PREPOSITION_END = re.compile(r".*\b(?:from|of|by|for|with|to|at|in|on)\s+", re.S)
MAX_RELATIVE = 200
MAX_ANTECEDENT = 60


def _relative_antecedent(masked: str, lo: int, cue: Cue) -> Mention | None:
    """ "rhetoric from Netanyahu's Likud party, which tried to rally support by saying ...": a
    participle inside a relative clause is said by the clause's antecedent, not by the
    sentence's subject."""
    if cue.word not in PARTICIPLE_CUES:
        return None
    found = None
    for m in _RELATIVE.finditer(masked, max(lo, cue.start - MAX_RELATIVE), cue.start):
        found = m
    if found is None:
        return None
    mention = mention_before(masked, lo, found.start())
    if mention is None:
        start = max(lo, found.start() - MAX_ANTECEDENT)
        prep = _PREPOSITION_END.match(masked, start, found.start())
        mention = mention_after(masked, prep.end(), found.start()) if prep else None
    if mention is None or mention.kind != "name":
        return None
    return mention


_HEARER_CUES = frozenset(["told", "tells", "tell"])


def _inverted_before(masked: str, cue: Cue, pos: int) -> Mention | None:
    """ "Because of the calendar, explained Rosenberg, “with this thing ...”": an inverted
    cue and its name right before the quotation."""
    if not masked[max(0, cue.start - 3) : cue.start].rstrip().endswith(","):
        return None  # "Lee told Newsweek: “...”" names the hearer, not the speaker
    if cue.word in PARTICIPLE_CUES or cue.word in _HEARER_CUES:
        # "Lee returned the compliment, telling Reuters, “...”": a participle never inverts,
        # and after "told" the name is the hearer.
        return None
    mention = mention_after(masked, cue.end, pos)
    if mention is None or mention.kind != "name":
        return None
    return mention if masked[mention.end : pos].strip() == "," else None


def _with_apposition(
    masked: str, mention: Mention, cue: str, limit: int, *, closed: bool = False
) -> Attribution:
    """The attribution, with the mention's span stretched over a following apposition.

    The speaker mention at a spot is the whole attributed noun phrase: "Len Burman, director of
    the Tax Policy Center", "Representative Ana Ruiz of Ohio". ``closed`` means the apposition
    is shut off by the cue verb at ``limit`` ("X, the head of Y, said"); otherwise it runs
    comma-separated segment by segment to the end of the sentence at ``limit`` and stops before
    a segment that starts a new clause (", adding ...", ", in an interview").
    """
    if mention.kind == "pronoun":
        return Attribution(mention, cue)
    end = apposition_end(masked, mention.end, limit, closed=closed)
    return Attribution(mention, cue, full_end=end if end > mention.end else None)


def apposition_end(masked: str, pos: int, limit: int, *, closed: bool = False) -> int:
    """Where the apposition that follows text[:pos] ends (pos itself when there is none)."""
    limit = min(limit, pos + MAX_APPOSITION)
    if closed:
        segment = masked[pos:limit]
        opening = _OPENING.match(segment)
        if _MASK in segment or not opening or not _describes_speaker(opening.group(1)):
            return pos
        end = segment.find(",")
        while True:  # segments closed by a comma, while they describe the speaker
            nxt = segment.find(",", end + 1)
            words = segment[end + 1 : nxt].split()
            if nxt < 0 or not words or not _describes_speaker(words[0]):
                break
            end = nxt
        return _trim_end(masked, pos, pos + end)
    end = pos
    m = _OF_PLACE.match(masked, pos, limit)
    if m:
        end = m.end()
    while True:
        m = _SEGMENT.match(masked, end, limit)
        if not m or _MASK in m.group() or not _describes_speaker(m.group(1)):
            break
        end = m.end()
        if m.group(1).lower() in ("who", "whose"):
            break  # after a relative clause the sentence goes back to its main verb
    return _trim_end(masked, pos, end)


def _describes_speaker(word: str) -> bool:
    """Whether a comma segment starting with word can describe the speaker before it."""
    low = word.lower()
    if low in APPOSITION_STOPS:
        return False
    # ", condemned the attack", ", bristling with anger": a new clause, not a description.
    return not (word.islower() and low.endswith(("ed", "ing")) and low not in ROLE_WORDS)


def _trim_end(masked: str, start: int, end: int) -> int:
    while end > start and (masked[end - 1].isspace() or masked[end - 1] in ",;:"):
        end -= 1
    if end > start and masked[end - 1] == ".":
        word = masked[max(start, end - 12) : end].split()[-1:]
        if not word or word[0].count(".") < 2:
            end -= 1  # the sentence's full stop, not an abbreviation ("R-Wis.", "D.C.")
    return end


def _adverb(word: str) -> bool:
    low = word.strip(",").lower()
    return low in ADVERBS or (low.endswith("ly") and low not in NOT_ADVERBS_LY)


def _mention_for(masked: str, cue: Cue, lo: int, before: list[Cue]) -> Mention | None:
    if cue.word == "according to":
        return mention_after(masked, cue.end, len(masked))
    mention = mention_before(masked, lo, cue.start)
    if cue.word in PARTICIPLE_CUES:
        earlier = [c for c in before if c.start < cue.start and c.word not in PARTICIPLE_CUES]
        if mention is None and earlier:
            return _mention_for(masked, earlier[-1], lo, before)
        if mention is not None and earlier and _object_of(masked, lo, cue, earlier[-1], mention):
            # "Bush attacked Donald Trump, calling him ...": the object of the verb before is
            # not the participle's subject; that verb's subject is.
            return _mention_for(masked, earlier[-1], lo, before)
        if mention is not None and not earlier:
            return _participle_subject(masked, lo, cue, mention)
    return mention


# A subject followed by its verb (after an optional apposition in commas): "Bush, Florida's
# former governor, attacked".
# Past tenses not in -ed and auxiliaries ("Lee went after Bush", "Lee didn’t seem impressed").
_IRREGULAR_VERBS = (
    "went|came|took|made|gave|got|met|ran|left|held|kept|sent|spent|built|paid|fought|struck"
    "|threw|drew|brought|bought|thought|sought|caught|taught|began|saw|won|lost|hit|set|put|cut"
    "|let|led|fell|felt|stood|sat|rose|wrote|spoke|broke|chose|drove|knew|grew|flew|shook|woke"
    "|did|does|had|has|was|is|will|would|could|can|may|might|should|must"
)
_SUBJECT_VERB = re.compile(
    r"(?:\s*,[^,\u2063]{1,80},)?\s+(?:[a-z]+\s+)?"
    r"(?:[a-z]+(?:ed|s)|(?:" + _IRREGULAR_VERBS + r")(?:n[’']t)?)\b"
)


def _object_of(masked: str, lo: int, cue: Cue, verb: Cue, mention: Mention) -> bool:
    """Whether mention, just before ", <participle>", follows the earlier verb as its object."""
    if mention.kind == "pronoun" or not masked[lo : cue.start].rstrip().endswith(","):
        return False
    return verb.end <= mention.start and not masked[verb.end : mention.start].strip(" ,")


def _participle_subject(masked: str, lo: int, cue: Cue, mention: Mention) -> Mention:
    """ "Bush attacked Donald Trump, calling him ...": a participle after a comma shares its
    sentence's subject, not the object just before it."""
    if mention.kind == "pronoun" or not masked[lo : cue.start].rstrip().endswith(","):
        return mention
    subject = _sentence_subject(masked, lo, cue.start)
    if subject is None or subject.start == mention.start or subject.end > cue.start:
        return mention
    if not _SUBJECT_VERB.match(masked, subject.end, cue.start):
        return mention
    return subject


def described_subject(masked: str, lo: int, mention: Mention) -> Mention:
    """The named subject a long description belongs to: in "Paul Porter, a truck driver from
    Ava, Mo., who is a member of the union, said", the walk back from the verb ends on "Mo.",
    but the sentence opened with the full name of the one who speaks."""
    if mention.kind == "pronoun" or not masked[lo : mention.start].rstrip().endswith(","):
        return mention
    first = mention_after(masked, lo, mention.start)
    if first is None or first.kind != "name" or first.organisation:
        return mention
    if masked[lo : first.start].strip(" ,") or first.start >= mention.start:
        return mention
    if " " not in (first.name or "") or not masked.startswith(",", first.end):
        return mention
    if not _LOWER_WORD.search(masked, first.end, mention.start):
        return mention  # "“…” Russian President Putin, Mykhailo said": no description between
    if " " in (mention.name or "") and mention.kind == "name" and not mention.organisation:
        return mention  # "The company's founder, Ann Lee, said": the nearer full name
    return first


def _sentence_subject(masked: str, lo: int, hi: int) -> Mention | None:
    """The sentence-initial name, for "Sherman in the talks on Sunday had stressed "…""."""
    # Only the first few clauses can hold the subject: the scan stays bounded however long
    # the sentence is.
    dateline = _DATELINE.match(masked, lo, hi)
    if dateline:
        lo = dateline.end()  # "WASHINGTON —", "Paris (AFP) -": where and whence, not who
    commas = islice(_COMMA.finditer(masked, lo, min(hi, lo + MAX_SUBJECT_REACH)), 4)
    starts = [lo, *[m.end() for m in commas]]
    later = None
    for n, start in enumerate(starts):
        mention = mention_after(masked, start, hi)
        if mention is not None and mention.kind == "name":
            if (mention.name or "").lower() in PLACES:
                continue  # "In Salem, New Hampshire, Trump said": the setting, not the subject
            if _introductory(masked, mention, hi):
                continue  # "Hours later, Lee said": a time phrase, not the subject
            if n + 1 < len(starts) and _SUBORDINATOR.match(masked, start, hi):
                # "When Lee died, Ann Ray released a statement": the subordinate clause's
                # subject is not the sentence's; it stands only when no main clause has one.
                later = later or mention
                continue
            return mention
    return later


def _introductory(masked: str, mention: Mention, hi: int) -> bool:
    """Whether a one-word name opens an introductory phrase ("Hours later, ...")."""
    one_word = mention.kind == "name" and " " not in (mention.name or " ")
    return one_word and _INTRODUCTORY.match(masked, mention.end, hi) is not None


# A dateline: a place in capitals, or a place with its agency in brackets, then a dash.
_DATELINE = re.compile(
    r"\s*(?:[A-Z][A-Z.’'-]+(?:[ ,]+[A-Z][A-Z.’'-]+){0,3}(?:\s*\([^()]{1,20}\))?"
    r"|[A-Z][\w.’'-]*(?:[ ,]+[A-Z][\w.’'-]*){0,3}\s*\([A-Za-z.\s/]{1,20}\))\s*[—–-]{1,2}\s+"
)
# "Hours later,", "Hastily politicizing ...": an opening phrase, not a one-word subject.
_INTRODUCTORY = re.compile(r"\s+[a-z]+,|(?<=ly)\s+[a-z]+ing\b")
# A clause that opens with a subordinator or a preposition ("When Lee died, ...", "In TV
# interviews, Lee said"): the name in it is not the sentence's subject.
_SUBORDINATOR = re.compile(
    r"\s*(?:When|After|Before|While|If|Although|Though|Because|Since|Until|Once|Unless|Whereas"
    r"|In|At|On|For|With|From|By|During|Despite|Amid|Among|Under|Through|Without|Unlike)\s"
)


def looks_like_term(text: str, q: RawQuote, words: int) -> bool:
    """A short quotation introduced as a term or title ("so-called "X"") is not speech."""
    if words > 4:
        return False
    return TERM_MARKERS.search(text, max(0, q.outer_start - 40), q.outer_start + 1) is not None


def is_title(quoted: str) -> bool:
    """Title Case without closing punctuation reads as a title of a work, not as speech."""
    words = quoted.split()
    if not 1 <= len(words) <= 6 or quoted[-1] in ".,!?…":
        return False
    caps = [w for w in words if w[:1].isupper()]
    small = {"of", "the", "a", "an", "and", "in", "on", "to", "for", "at", "with", "or"}
    return len(caps) >= 1 and all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in small for w in words
    )


def reads_as_title(quoted: str, q: RawQuote) -> bool:
    """ "Thelma and Louise,", "Fox & Friends,", "Make America Great Again.": two to six words
    in Title Case whose only punctuation is the sentence's comma or full stop inside the marks
    name a programme, a work or a slogan, not something said. The caller asks only for a
    quotation nobody is said to speak ("“Merry Christmas,” Trump said" is speech); one word
    ("Absolutely,") can be an answer, and single marks are the rules' own case."""
    if q.single or len(quoted) < 2 or quoted[-1] not in ".," or len(quoted.split()) < 2:
        return False
    words = quoted[:-1].replace(" & ", " and ")
    return not _INNER_PUNCTUATION.search(words) and is_title(words)


_INNER_PUNCTUATION = re.compile(r"[,;:!?]|\.(?=\s)")


_BEFORE_TITLE = re.compile(
    r"\b(?:on|of|in|at|to|from|for)\s+"
    r"(?:(?:the|his|her|their|its|[A-Z][\w.’'-]*(?:’s|'s)|\d{4})\s+){0,2}$"
)


def names_a_work(text: str, q: RawQuote, quoted: str) -> bool:
    """ "on “Face the Nation,”", "a broadcast of “Morning Hour.”": a Title Case name right after
    a preposition is a programme or a work even with the sentence's comma or full stop inside
    the marks."""
    if quoted[-1] not in ".," or not is_title(quoted[:-1]):
        return False
    return _BEFORE_TITLE.search(text, max(0, q.outer_start - 40), q.outer_start) is not None
