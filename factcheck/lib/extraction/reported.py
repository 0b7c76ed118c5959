"""Reported speech: the clause a cue attributes to a speaker, quoted or not.

Each sentence is read on the masked body (quotations replaced by a mask character, so no word
inside a quote counts as a cue or a speaker) and gives at most one *frame*, the outermost
attribution of the sentence, as PolNeAR-style annotation has it:

* preposed: "Sherman said (on Twitter) (that) CONTENT", "Ryan told reporters CONTENT",
  "..., saying CONTENT" (a participle takes its sentence's subject);
* postposed: "CONTENT, he said", "CONTENT, said Larry Sabato, director of ...";
* "according to X, CONTENT" and "CONTENT, according to X";
* "X quoted Y (as) saying CONTENT": the speaker is Y, not the agency that relays the words;
* a named speech noun: "X's claim that CONTENT", "a promise by X to CONTENT".

A frame is only a span and a speaker mention; the pipeline resolves the mention with the
article's registry and decides the kind (direct, mixed, indirect) from the quotations inside.
Every step looks at a bounded window of one sentence, so the pass is linear in the body.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .attribution import Cue, _sentence_subject, apposition_end, described_subject, noun_use
from .lexicon import ADVERBS, CUE_VERBS, PARTICIPLE_CUES, WORD_START, trie_pattern
from .mentions import _MASK, Mention, mention_after, mention_before

# Verbs that introduce reported content but are not speech verbs for direct quotations (a
# quotation after "believes" is rare; reported beliefs and findings are common).
REPORT_ONLY_VERBS = frozenset(
    [
        "believe",
        "believes",
        "believed",
        "think",
        "thinks",
        "thought",
        "fear",
        "fears",
        "feared",
        "hope",
        "hopes",
        "hoped",
        "expect",
        "expects",
        "expected",
        "know",
        "knows",
        "knew",
        "understood",
        "show",
        "shows",
        "showed",
        "shown",
        "indicated",
        "indicates",
        "demanding",
        "assured",
        "assures",
        "informed",
        "reminded",
        "signaled",
        "signalled",
        "hinted",
        "implied",
        "worried",
        "worries",
        "projected",
        "projects",
        "want",
        "wanted",
        "support",
        "see",
    ]
)


def _learned(key: str) -> frozenset[str]:
    """Cue words or phrases learned from the PolNeAR training split (``bench/train_cues.py``)."""
    path = Path(__file__).with_name("learned_cues.json")
    return frozenset(json.loads(path.read_text(encoding="utf-8"))[key])


# Learned cue verbs mostly take an object rather than a clause ("endorsed Rice", "declined to
# comment"): their content stops at the first comma, and they need a subject mention.
LEARNED_CUES = _learned("cues") - REPORT_ONLY_VERBS
# Learned two-word cues ending in a preposition ("called for", "questions about"): their
# content is the object after the preposition; a noun ("questions about") needs no subject.
LEARNED_PHRASES = _learned("phrases")
_PHRASE_VERBS = frozenset(
    [
        "call",
        "calls",
        "talk",
        "talks",
        "respond",
        "point",
        "points",
        "advocate",
        "vote",
        "think",
        "worry",
        "spoke",
        "agree",
        "agreed",
    ]
)
# A copula and up to three adverbs right before a phrase ("was also critical of", "has been
# highly skeptical of"): the phrase is an adjective with a subject.
_COPULA = re.compile(
    r"\b(?:is|was|are|were|been|remains|remained|seems|seemed|became|becomes)\s+"
    r"(?:(?:\w+ly|also|still|not|very|so|too|more|most|less|even|now|always)\s+){0,3}$"
)
_OWNER = re.compile(r"\b[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}['’]s\s+(?:[a-z]+\s+)?$")
# One scan finds all of them; the pattern starts with a character set (see ``trie_pattern``)
# so the regex engine skips every position no cue can start at.
_REPORT_CUE = re.compile(
    trie_pattern(REPORT_ONLY_VERBS | LEARNED_CUES | LEARNED_PHRASES, guard=WORD_START) + r"\b"
)
# Verbs whose first object is the hearer: "told reporters (that) ...", "assured them ...".
_TELL_VERBS = frozenset(
    [
        "told",
        "tells",
        "tell",
        "telling",
        "assured",
        "assures",
        "informed",
        "reminded",
        "warned",
        "warning",
        "warns",
        "urged",
        "urges",
        "asked",
        "asks",
        "asking",
    ]
)
# What may sit between a cue and its content: "said on Twitter that", "told CNN on Sunday".
_ADVERBIAL = re.compile(
    r"(?:\s*,)?\s*(?:(?:in|on|during)\s+(?:a|an|his|her|its|their|the)?\s*(?:[\w-]+\s+)?"
    r"(?:statement|interview|email|e-mail|tweet|post|letter|speech|release|call|conference|"
    r"briefing|appearance|video|memo|op-ed|radio|television)s?\b|"
    r"on\s+(?:Twitter|Facebook|Instagram|CNN|Fox|MSNBC|NBC|ABC|CBS|NPR|Sunday|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday)\b|"
    r"to\s+(?:reporters|journalists|[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)\b|"
    r"(?:on|in|at|during|with|from|via|over|after|before|earlier|last|this|late|early|through)"
    r"\b(?:\s+(?!that\b)[\w.’'-]+){1,6}?(?=\s*(?:[,;]|that\b))|"
    r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|"
    r"tonight|recently|previously|earlier|later|also|repeatedly|again|publicly|privately)\b)"
)
_HEADLINE_CUE = re.compile(
    trie_pattern(
        [
            "Says",
            "Said",
            "Warns",
            "Claims",
            "Tells",
            "Urges",
            "Insists",
            "Argues",
            "Admits",
            "Denies",
            "Vows",
            "Promises",
            "Predicts",
            "Suggests",
            "Thinks",
            "Believes",
            "Wants",
        ],
        guard=WORD_START,
    )
    + r"(?= [A-Z“\"‘'\u2063])"
)
MAX_HEADLINE = 240
_HEADLINE_BEFORE = re.compile(r"[A-Za-z.’'] ")
# Cue words that are plural nouns at least as often as verbs.
_NOUNISH = frozenset(
    [
        "states",
        "notes",
        "comments",
        "reports",
        "claims",
        "calls",
        "posts",
        "reads",
        "rules",
        "answers",
        "questions",
        "counters",
        "charges",
        "estimates",
        "forecasts",
        "demands",
        "promises",
        "pledges",
        "vows",
        "warnings",
        "concerns",
        "shows",
        "plans",
        "hopes",
        "fears",
        "views",
        "sees",
        "finds",
        "points",
    ]
)
_NAMING = frozenset(["called", "named", "dubbed", "labeled", "labelled", "termed"])
# Verbs that report content only with "that" or a colon after them.
_NEEDS_THAT = frozenset(["continues", "continued", "continue", "spoke", "speaks", "speak"])
_VERB_ONLY = frozenset(["says", "tells", "adds", "asks", "writes", "argues", "insists", "believes"])
_PASSIVE_FORMS = frozenset(["expected", "known", "shown", "understood", "believed", "thought"])
_THAT_AHEAD = re.compile(r"[^.;\u2063]{0,60}?\bthat\b")
# ", he noted, may be ...": the sentence goes on with its verb, not with a participle clause
# (", adding: ...") that starts a new attribution.
_PARENTHETICAL = re.compile(
    r"(?:\s+(?:on|in|at)\s+\w+(?:\s+\w+)?)?\s*,\s*(?=[a-z])(?![a-z]+ing\b)(?!that\b)"
)
_THAT = re.compile(r"\s*,?\s*that\b")
_HEARER = re.compile(
    r"\s+(?:him|her|them|us|me|you|reporters|journalists|supporters|voters|the\s+crowd|"
    r"(?:the\s+|a\s+)?[A-Z][\w.’'&-]*(?:\s+[A-Z][\w.’'&-]*){0,4}|"
    r"(?:the|a|an|his|her|their)\s+(?:[\w-]+\s+){0,3}[\w-]+(?=\s*(?:that\b|,)))"
)
_LEAD = re.compile(r"\s*(?:[,:;]\s*)?")
_END_PUNCT = " \t,.;:!?\u2063"
_QUOTED_AS = re.compile(r"\s+(?:as\s+)?(?:saying|telling|stating|writing|warning)\b")
_SPEECH_NOUN = re.compile(
    r"\b(?P<owner>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})['’]s\s+(?:[a-z]+\s+)?"
    r"(?P<noun>claims?|statements?|assertions?|insistence|arguments?|contention|accusations?|"
    r"warnings?|belief|view|promises?|pledges?|vows?|assurances?|commitments?|"
    r"guarantees?|demands?|announcement|suggestion|allegations?)\s+that\b"
)
_PROMISE_BY = re.compile(
    r"\b(?P<noun>promises?|pledges?|vows?|assurances?|commitments?|guarantees?)\s+"
    r"(?:by|from)\s+"
)
_LABEL = re.compile(r"([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}):\s+(?=\S)")
# Colon labels that name no speaker.
_NOT_LABELS = frozenset(
    [
        "note",
        "update",
        "updated",
        "editor's note",
        "editor’s note",
        "photo",
        "video",
        "source",
        "sources",
        "credit",
        "read more",
        "watch",
        "listen",
        "correction",
        "clarification",
        "advertisement",
        "breaking",
        "exclusive",
        "opinion",
        "analysis",
        "q",
        "a",
        "question",
        "answer",
        "original url",
        "url",
        "title",
        "date",
        "outlet",
        "by",
        "poll",
        "report",
    ]
)
_OWNER_HINT = re.compile(r"['’]s\s")
_PROMISE_HINT = re.compile(
    trie_pattern(
        ["promise", "pledge", "vow", "assurance", "commitment", "guarantee"], guard=WORD_START
    )
)
_PROMISE_VERBS = frozenset(
    [
        "promised",
        "promises",
        "promising",
        "pledged",
        "pledges",
        "pledging",
        "vowed",
        "vows",
        "vowing",
        "committed",
        "guaranteed",
        "guarantees",
        "assured",
        "assures",
    ]
)
_WOULD = re.compile(r"\s+(?:would|will|had\s+promised|was\s+going)\b")
_UNDERSTOOD_HINT = re.compile(
    trie_pattern(["understood", "assured", "promised", "told", "guaranteed"], guard=WORD_START)
    + r"\b"
)
_UNDERSTOOD = re.compile(
    r"\b(?:understood|(?:was|were|had\s+been|been)\s+(?:assured|promised|told|guaranteed))"
    r"\s+(?:by\s+\S+\s+)?that\s+"
)
_PROMISE_NOUNS = ("promise", "pledge", "vow", "assurance", "commitment", "guarantee")
MIN_CONTENT_WORDS = 3
# The end-anchored patterns that read the words before a cue look at this many characters:
# searched over the whole sentence, they would try every position of it.
TAIL = 24
MAX_BEFORE = 800
MAX_AFTER = 1500
# Reported content never opens with these: what follows them is the circumstance of the
# speech ("“…,” Lee said in a statement", "said during Tuesday's call").
_NOT_CONTENT = re.compile(
    r"(?:in|at|on|during|after|before|from|by|with|where|than|until|via|through|near|"
    r"outside|inside|amid|despite|according|last|earlier|later|shortly|afterwards?|adding|"
    r"noting|saying)\b",
    re.I,
)
_OBJECT_END = re.compile(
    r",|\s+and\s+(?=(?:he|she|they|it|we|then)\b)|\s+(?:in\s+order\s+to|over\s+and\s+over)\b|"
    r"\s+(?:when|after|before|because|since|while|until|as)\s+(?=(?:the\s+)?[A-Z]|he\b|she\b|they\b|I\b|it\b|we\b)"
)
_AFTER_COMMA = re.compile(r"\s*,\s*(?:[\w.’'-]+\s+){0,6}")
_SAME_SUBJECT = re.compile(r"[\s,]*(?:(?:and|but)(?:\s+(?:also|then|later))?)?\s*")
_COORDINATED = re.compile(r"(?:\b(?:and|but)(?:\s+(?:also|then|later))?|,\s*then)$")
_CLOSING_DASH = re.compile(r"\s(?:—|–|--)$")
_OPENING_DASH = re.compile(r"\s(?:—|–|--)\s(?=[^—–]*$)")
# Where a reported clause stops before the sentence does: a contrast, a relative clause on its
# last noun, or the subject's next verb ("said she regretted it and promised to ...").
_CONTENT_END = re.compile(
    r",?\s+(?:while|whereas|although|though|even\s+as|which|according\s+to)\b|;|\s[—–]\s|"
    r"\s+(?:and|but)\s+(?:[\w’'-]+\s+){1,5}?(?:said|says|told|added|argued|warned|insisted)\b|"
    r",\s+but\b|,\s+(?:(?:he|she|they|it|we)\s+)?(?:said|says|added|adds)\b|"
    r",\s+(?:saying|adding|warning|noting|arguing|insisting|calling|urging|telling|claiming|"
    r"stressing|explaining|suggesting|accusing|citing|describing)\b|"
    r",\s+and\s+(?=[A-Z][\w.’'-]*\s+[a-z]+ing\b)|\s+and\s+(?:then\s+|also\s+)?[a-z]+ed\b|"
    r",\s+(?!including\b|according\b|during\b|notwithstanding\b)[a-z]+ing\b|"
    r",\s+(?:(?:the|his|her|their)\s+)?(?:[A-Z][\w.’'-]*\s+){1,3}(?:[a-z]+ed|has|had|says|said)\b|"
    r"\s+(?:and|but)\s+(?:also\s+)?(?:"
    + trie_pattern(
        [
            "said",
            "says",
            "added",
            "promised",
            "called",
            "urged",
            "warned",
            "argued",
            "noted",
            "told",
            "asked",
            "insisted",
            "vowed",
            "suggested",
            "announced",
            "declined",
            "refused",
        ]
    )
    + r")\b"
)
# A cue preceded by these is not a subject's verb ("as said", "is said", "to say").
_NOT_SUBJECT_END = re.compile(
    r"(?:\b(?:to|as|is|was|be|been|being|or|that|what|than|if|of|when|because|it)|[:;(])$",
    re.I,
)


@dataclass(slots=True)
class Frame:
    """One sentence's outermost attribution: content span, cue and speaker mention."""

    start: int
    end: int
    cue: str
    mention: Mention | None
    mention_end: int | None  # the end of the mention with its apposition
    promise: bool = False
    # False for a promise reported inside someone else's words ("Moscow insists it understood
    # that NATO would not expand"): a promise claim, but no attribution of its own.
    standalone: bool = True
    gap: tuple[int, int] | None = None  # a parenthetical cue inside the content
    # True where the rules read that nobody in the text is the source ("Exit polling shows
    # ...", "Lee is expected to ..."): no other reading may give it a speaker.
    sourceless: bool = False


def report_cues(masked: str, start: int, end: int, cues: list[Cue]) -> list[Cue]:
    """The paragraph's speech cues plus the verbs that only introduce reported content, and
    the capitalised verbs of a headline ("Clinton Says Russians Hacked DNC")."""
    extra = [
        Cue(m.group(), m.start(), m.end())
        for m in _REPORT_CUE.finditer(masked, start, end)
        if m.group() in LEARNED_PHRASES or not noun_use(masked, m.start(), m.group())
    ]
    if end - start <= MAX_HEADLINE:  # a headline is short
        extra += [
            Cue(m.group().lower(), m.start(), m.end())
            for m in _HEADLINE_CUE.finditer(masked, start, end)
            if _HEADLINE_BEFORE.match(masked, m.start() - 2, m.start())
        ]
    if not extra:
        return cues
    # A phrase ("called for") comes before the single word it starts with ("called").
    return sorted([*cues, *extra], key=lambda c: (c.start, -c.end))


def label_frame(masked: str, start: int, end: int) -> Frame | None:
    """ "TRUMP: The deaths of ...", "Sanders: Endorsements prove ...": a paragraph that opens
    with a speaker's name and a colon (a transcript turn or a headline) is that speaker's."""
    m = _LABEL.match(masked, start, end)
    if m is None or m.group(1).lower() in _NOT_LABELS:
        return None
    mention = mention_after(masked, start, m.end(1) + 1)
    if mention is None or mention.kind != "name" or mention.end != m.end(1):
        return None
    return _frame(masked, m.end(), end, ":", mention, None, min_words=2)


def speech_noun_hints(masked: str, start: int, end: int) -> list[int]:
    """Where a speech noun frame may start in masked[start:end] (a cheap pre-scan)."""
    found = [m.start() for m in _OWNER_HINT.finditer(masked, start, end)]
    found += [m.start() for m in _PROMISE_HINT.finditer(masked, start, end)]
    return sorted(found)


def sentence_frames(
    masked: str, s: int, e: int, cues: list[Cue], *, nouns: bool = True
) -> list[Frame]:
    """The outermost attributions of the sentence masked[s:e], in order.

    A cue inside an earlier frame's content is nested speech ("said they believed ...") and
    gives no frame of its own; a cue after it ("..., while others said ...") does. ``nouns``
    False skips the speech-noun patterns (``speech_noun_hints`` found none here)."""
    here = [c for c in cues if s <= c.start < e]
    noun = _speech_noun(masked, s, e) if nouns else None
    frames: list[Frame] = []
    lo = s
    for cue in here:
        if cue.start < lo:
            continue
        if noun is not None and noun.start < cue.start:
            break
        # Content and subject are read near the cue, so a sentence of any length (a paste
        # with no full stops) costs a bounded amount per cue.
        near_lo, near_e = max(lo, cue.start - MAX_BEFORE), min(e, cue.end + MAX_AFTER)
        found = None
        if frames and (
            _AFTER_COMMA.fullmatch(masked, lo, cue.start) or _ends_sentence(masked, cue, e)
        ):
            # "Prices ... signal X for the EU, said Geert Wilders": a cue after the content
            # holds the earlier frames inside its own, which reaches back to the sentence start.
            outer_lo = max(s, cue.start - MAX_BEFORE)
            whole = _cue_frame(masked, outer_lo, near_e, cue, outer_lo)
            if whole is not None and whole.start == outer_lo and whole.end <= cue.start:
                frames, lo = [whole], cue.end
                continue
        if frames and _SAME_SUBJECT.fullmatch(masked, near_lo, cue.start):
            # "Cruz, who says ..., said ...", "Graham called it X and said ...": the same
            # subject goes on to its next verb.
            found = _preposed(masked, near_e, cue, frames[-1].mention, frames[-1].mention_end)
        if found is None:
            found = _cue_frame(masked, near_lo, near_e, cue, max(s, near_lo))
        if found is not None:
            frames.append(found)
            lo = max(found.end, cue.end)
    if noun is not None and not any(f.start <= noun.start < f.end for f in frames):
        frames.append(noun)
    for frame in frames:
        frame.promise = frame.promise or frame.cue in _PROMISE_VERBS
    understood = (
        _understood_promise(masked, s, e) if _UNDERSTOOD_HINT.search(masked, s, e) else None
    )
    if understood is not None:
        frames.append(understood)
    return frames


def _understood_promise(masked: str, s: int, e: int) -> Frame | None:
    """ "understood that NATO would not expand", "were assured that Lee would ...": a
    commitment someone is said to have made, reported inside another speaker's words."""
    m = _UNDERSTOOD.search(masked, s, e)
    if m is None:
        return None
    mention = mention_after(masked, m.end(), e)
    if mention is None or mention.kind != "name":
        return None
    if not _WOULD.match(masked, mention.end, e):
        return None
    end = _clause_end(masked, mention.end, e)
    frame = _frame(masked, mention.start, end, m.group().split()[0], mention, None, promise=True)
    if frame is not None:
        frame.standalone = False
    return frame


def _cue_frame(masked: str, s: int, e: int, cue: Cue, first: int) -> Frame | None:
    """The frame a cue opens in masked[s:e], a sentence that begins at ``first``."""
    if cue.word == "according to":
        return _according_to(masked, s, e, cue)
    if cue.word in LEARNED_PHRASES:
        return _phrase_frame(masked, s, e, cue)
    if cue.word in ("quoted", "quoting"):
        relayed = _quoted_as(masked, e, cue)
        if relayed is not None:
            return relayed
    before = masked[s : cue.start].rstrip()
    mention = mention_before(masked, s, cue.start)
    if mention is not None and first == s:
        mention = described_subject(masked, s, mention)
    if mention is None and cue.word in PARTICIPLE_CUES and before.endswith(","):
        mention = _sentence_subject(masked, s, cue.start)
        if mention is not None:
            return _preposed(masked, e, cue, mention, _mention_end(masked, mention, cue.start))
    if cue.word in _PASSIVE_FORMS and masked.startswith(" to ", cue.end):
        # "the issue expected to dominate": no one expects it in the text; but "Lee is
        # expected to sign the bill" reports an expectation about Lee, as PolNeAR has it.
        return _expected_to(masked, s, e, cue) if first == s else None
    if mention is None and cue.word in _EVIDENCE_VERBS and _EVIDENCE_SUBJECT.search(before[-TAIL:]):
        # "Exit polling shows he won 83% ...", "Surveys of caucus-goers ... showed that ...":
        # a finding whose source is a thing, not a named speaker.
        return _sourceless(_preposed(masked, e, cue, None, None))
    if mention is None and cue.word not in CUE_VERBS and not _COORDINATED.search(before[-TAIL:]):
        return None  # a belief or object verb needs its subject: "amid fears of ..." has none
    if mention is not None and _noun_compound(mention, cue):
        return None  # "security demands from Moscow": a noun, not a verb
    if cue.word in _NOUNISH and not _speaks(mention):
        return None  # "across the four states": a plural noun more often than a verb
    if cue.word in _NAMING and (masked[cue.start - 1 : cue.start] == "-" or _indefinite(mention)):
        return None  # "so-called X", "a company called X": a name, not speech
    needs_that = cue.word in _NEEDS_THAT and not masked.startswith(":", cue.end)
    if needs_that and not _THAT.match(masked, cue.end, e):
        return None  # "the lead continues to grow", "Clinton spoke for 30 minutes"
    if mention is None:
        if before.rstrip(" ,:").endswith(_MASK):
            return None  # "“…,” said Ann Lee, the ...": a quotation, not reported content
        if before.endswith(",") and len(before.split()) >= MIN_CONTENT_WORDS:
            inverted = mention_after(masked, cue.end, e)  # "..., said Larry Sabato"
            if inverted is not None and inverted.kind != "pronoun":
                end = apposition_end(masked, inverted.end, e)
                if _INVERTED_END.match(masked, end, e):  # not "said the candidate could ..."
                    return _frame(masked, s, s + len(before) - 1, cue.word, inverted, end)
            if _content_before(masked, s, s + len(before), cue, e):
                return _frame(masked, s, s + len(before) - 1, cue.word, None, None)
        if _COORDINATED.search(before[-TAIL:]):
            # "Lee met the families and said ...": the sentence's subject says it.
            subject = _sentence_subject(masked, first, cue.start)
            return _preposed(masked, e, cue, subject, None)
        dash = _CLOSING_DASH.search(before, max(0, len(before) - TAIL))
        if dash is not None:
            # "Joyce — who is listed as an attorney — told ...": the subject before the dashes.
            opening = _OPENING_DASH.search(masked, max(s, cue.start - 300), s + dash.start())
            if opening is not None:
                subject = mention_before(masked, s, opening.start())
                if subject is not None and subject.kind != "pronoun":
                    return _preposed(masked, e, cue, subject, None)
        if before.endswith(",") or _NOT_SUBJECT_END.search(before[-TAIL:]) is None:
            # "Ms. Arnold, who helped found EDGE, an environmental group, said": a name in
            # commas at the start of the sentence, with a description too long to walk back.
            subject = mention_after(masked, first, cue.start)
            if (
                subject is not None
                and subject.kind == "name"
                and masked.startswith((",", " ("), subject.end)
            ):
                return _preposed(masked, e, cue, subject, None)
        if cue.word in PARTICIPLE_CUES or not before or _NOT_SUBJECT_END.search(before[-TAIL:]):
            return None
        return _preposed(masked, e, cue, None, None)  # "61 percent said ...": no name
    lead = masked[s : mention.start].rstrip()
    mention_end = _mention_end(masked, mention, cue.start)
    if lead.endswith(",") and len(lead.split()) <= 12:
        parenthetical = _PARENTHETICAL.match(masked, cue.end, e)
        if parenthetical is not None and parenthetical.end() < e:
            # "The nostalgia, he noted, may be on the studios' end": content on both sides.
            frame = _frame(masked, s, e, cue.word, mention, mention_end)
            if frame is not None:
                frame.gap = (s + len(lead) - 1, parenthetical.end())
            return frame
    in_commas = masked[mention.end : cue.start].strip() == "," and len(lead.split()) <= 8
    if (
        lead.endswith((",", _MASK))
        and not in_commas  # "One hopeful, Carly Fiorina, says ...": a description first
        and _content_before(masked, s, mention.start, cue, e)
    ):
        # "A, X said" and "“A,” X said" when A has words outside the quotation too.
        return Frame(s, s + len(lead) - (lead[-1] == ","), cue.word, mention, mention_end)
    if lead.rstrip(",").endswith(_MASK) and not _THAT_AHEAD.match(masked, cue.end, e):
        return None  # "“…,” Lee said as he walked away": the quotation is what he said
    if cue.word in PARTICIPLE_CUES and not _subject_of(masked, mention, cue):
        return None
    return _preposed(masked, e, cue, mention, mention_end)


_EXPECTED_SUBJECT = re.compile(
    r"(?P<subject>(?:[\w.’'-]+\s+){1,6}?)(?:is|are|was|were)\s+(?:also\s+|widely\s+)?$"
)


def _expected_to(masked: str, s: int, e: int, cue: Cue) -> Frame | None:
    """ "The White House is expected to sign the measure": the content is the subject and
    what it is expected to do ("The White House ... to sign the measure"), with no source."""
    lead = _EXPECTED_SUBJECT.fullmatch(masked, s, cue.start)
    if lead is None or lead.group("subject")[:1].islower():
        return None
    to = cue.end + 1
    cut = _CONTENT_END.search(masked, to, e)
    end = cut.start() if cut is not None and cut.start() > to else e
    frame = _sourceless(_frame(masked, s, end, cue.word, None, None))
    if frame is not None:
        frame.gap = (lead.end("subject") - 1, to)
    return frame


def _sourceless(frame: Frame | None) -> Frame | None:
    if frame is not None:
        frame.sourceless = True
    return frame


# What may follow the speaker of "..., said Ann Lee": the sentence's end, or a circumstance.
_INVERTED_END = re.compile(r"\s*(?:$|[,.;:!?)\u2063]|(?:in|on|at|during|after|before|when|who)\b)")
# A cue close to its sentence's end: "..., he said." or "..., a source close to him said
# on Tuesday."
MAX_TAIL_WORDS = 6


def _ends_sentence(masked: str, cue: Cue, e: int) -> bool:
    return len(masked[cue.end : min(e, cue.end + 80)].split()) <= MAX_TAIL_WORDS


_EVIDENCE_VERBS = frozenset(["show", "shows", "showed"])
# A noun right before the verb ("polling shows", "the surveys showed"), not an auxiliary.
_EVIDENCE_SUBJECT = re.compile(
    r"\b(?!(?:to|will|would|could|can|may|might|not|that|which|also|who|does|did|do)\b)"
    r"[a-z]{3,}(?<!ly)\s*,?\s*$"
)


def _indefinite(mention: Mention | None) -> bool:
    """ "a company", "an initiative": something being named, not someone speaking."""
    if mention is None or mention.kind != "nominal":
        return False
    return mention.text.split()[0].lower() in ("a", "an")


def _speaks(mention: Mention | None) -> bool:
    """A name, a pronoun or a determined nominal ("the report") can be a verb's subject."""
    if mention is None:
        return False
    if mention.kind != "nominal":
        return True
    return mention.text.split()[0].lower() in ("the", "a", "an", "his", "her", "its", "their")


def _phrase_frame(masked: str, s: int, e: int, cue: Cue) -> Frame | None:
    """ "Lee called for an end to the strikes": the object after a learned phrase."""
    start = cue.end
    while start < e and masked[start].isspace():
        start += 1
    stop = _OBJECT_END.search(masked, start, e)
    end = stop.start() if stop is not None and stop.start() > start else e
    head = cue.word.split()[0]
    mention = None
    if head.endswith(("ed", "ing")) or head in _PHRASE_VERBS:  # a verb has a subject
        mention = mention_before(masked, s, cue.start)
        if mention is not None and mention.kind == "nominal" and not _speaks(mention):
            mention = None
    elif (copula := _COPULA.search(masked, max(s, cue.start - 60), cue.start)) is not None:
        # "Cruz was also critical of": an adjective's subject stands before the copula
        mention = mention_before(masked, s, copula.start())
        if mention is not None and mention.kind == "nominal" and not _speaks(mention):
            mention = None
    else:  # a noun's owner: "Trump's criticism of", "the senator's questions about"
        owner = _OWNER.search(masked, max(s, cue.start - 60), cue.start)
        if owner is not None:
            mention = mention_after(masked, owner.start(), owner.end() - 2)
    if mention is None and head.endswith(("ed", "ing")):
        mention = _sentence_subject(masked, s, cue.start)
    return _frame(masked, start, end, cue.word, mention, None, min_words=1)


def _noun_compound(mention: Mention, cue: Cue) -> bool:
    """ "security demands", "news reports": a lower-case word before a plural cue noun."""
    if mention.kind != "nominal" or not cue.word.endswith("s") or cue.word in _VERB_ONLY:
        return False
    return " " not in mention.text and mention.text.islower()


def _mention_end(masked: str, mention: Mention, cue_start: int) -> int | None:
    if mention.kind == "pronoun":
        return None
    end = apposition_end(masked, mention.end, cue_start, closed=True)
    return end if end > mention.end else None


def _subject_of(masked: str, mention: Mention, cue: Cue) -> bool:
    """ "with Washington warning that ...": a participle right after its own subject."""
    gap = masked[mention.end : cue.start].split()
    return all(w.lower() in ADVERBS for w in gap)


def _content_before(masked: str, s: int, m_start: int, cue: Cue, e: int) -> bool:
    """Whether "A, X said B" reports A (postposed) rather than B ("In 1999, he said B")."""
    before = masked[max(s, m_start - 80) : m_start].rstrip(" ,")  # three words are enough
    words = [w for w in before.split() if w != _MASK]
    if len(words) < MIN_CONTENT_WORDS:
        return False
    after = _content_start(masked, cue, e)
    if after is None:
        return True
    rest = masked[after : min(e, after + 80)].strip(_END_PUNCT).split()
    if _THAT.match(masked, cue.end) or masked[cue.end : after].rstrip().endswith("that"):
        return False
    first = rest[0] if rest else ""
    # "..., Hollande said Tuesday in Paris, noting ...": what follows is no reported clause.
    return len(rest) < 4 or first.endswith("ing") or _NOT_CONTENT.match(first) is not None


# Verbs whose object follows "to" ("responded to", "objected to"): the preposition belongs
# with the cue, as PolNeAR marks it, not with the content.
_TO_VERBS = frozenset(
    f"{stem}{end}"
    for stem, ends in (
        ("respond", ("", "s", "ed", "ing")),
        ("repl", ("y", "ies", "ied", "ying")),
        ("react", ("", "s", "ed", "ing")),
        ("object", ("", "s", "ed", "ing")),
    )
    for end in ends
)
_TO = re.compile(r"\s+to\s+(?=\S)")
_THAT_LATER = re.compile(r"\bthat\b")  # looked for in the next 120 characters only


def _content_start(masked: str, cue: Cue, e: int) -> int | None:
    """Where the reported content after a cue begins (after hearer, adverbials and "that")."""
    pos = cue.end
    if cue.word in _TO_VERBS and not _THAT_LATER.search(masked, pos, min(e, pos + 120)):
        # "responded to the mayor's remarks": the remarks are the content; but in "replied to
        # reporters that ..." the clause is, and "to reporters" is read as the hearer below
        to = _TO.match(masked, pos, e)
        if to is not None:
            pos = to.end()
    if cue.word in _TELL_VERBS:
        hearer = _HEARER.match(masked, pos, e)
        if hearer is not None:
            pos = hearer.end()
    for _ in range(3):
        adverbial = _ADVERBIAL.match(masked, pos, e)
        if adverbial is None or adverbial.end() == pos:
            break
        pos = adverbial.end()
    that = _THAT.match(masked, pos, e)
    if that is not None:
        pos = that.end()
    lead = _LEAD.match(masked, pos, e)
    if lead is not None:
        pos = lead.end()
    while pos < e and masked[pos].isspace():
        pos += 1
    return pos if pos < e else None


def _preposed(
    masked: str, e: int, cue: Cue, mention: Mention | None, mention_end: int | None
) -> Frame | None:
    start = _content_start(masked, cue, e)
    if start is None or _NOT_CONTENT.match(masked, start, e):
        return None
    cut = _CONTENT_END.search(masked, start, e)
    end = cut.start() if cut is not None and cut.start() > start else e
    if cue.word in LEARNED_CUES:
        stop = _OBJECT_END.search(masked, start, end)
        end = stop.start() if stop is not None and stop.start() > start else end
    return _frame(masked, start, end, cue.word, mention, mention_end, min_words=1)


def _frame(
    masked: str,
    start: int,
    end: int,
    cue: str,
    mention: Mention | None,
    mention_end: int | None,
    *,
    promise: bool = False,
    min_words: int = MIN_CONTENT_WORDS,
) -> Frame | None:
    while start < end and masked[start].isspace():
        start += 1
    while end > start and masked[end - 1] in " \t.;:,":
        end -= 1
    words = masked[start:end].split()
    if len(words) < min_words and not any(_MASK in w for w in words):
        return None
    return Frame(start, end, cue, mention, mention_end, promise)


def _according_to(masked: str, s: int, e: int, cue: Cue) -> Frame | None:
    mention = mention_after(masked, cue.end, e)
    end = apposition_end(masked, mention.end, e) if mention is not None else None
    before = masked[s : cue.start].rstrip()
    if len(before.split()) >= MIN_CONTENT_WORDS:
        return _frame(masked, s, s + len(before), cue.word, mention, end)
    if end is None or not masked.startswith(",", end):
        # "According to a 2013 study by two economists, ...": the source runs to the comma.
        comma = masked.find(",", cue.end, min(e, cue.end + 200))
        if comma < 0:
            return None
        end = comma
    pos = end
    lead = _LEAD.match(masked, pos, e)
    if lead is not None:
        pos = lead.end()
    return _frame(masked, pos, e, cue.word, mention, end)


def _quoted_as(masked: str, e: int, cue: Cue) -> Frame | None:
    """ "RIA Novosti quoted Ryabkov (as) saying ...": the words are Ryabkov's."""
    mention = mention_after(masked, cue.end, min(e, cue.end + 80))
    if mention is None or mention.kind != "name":
        return None
    verb = _QUOTED_AS.match(masked, mention.end, e)
    if verb is None:
        return None
    inner = Cue(verb.group().split()[-1], verb.end() - len(verb.group().split()[-1]), verb.end())
    return _preposed(masked, e, inner, mention, None)


def _speech_noun(masked: str, s: int, e: int) -> Frame | None:
    """ "Trump's claim that ...", "a 2008 promise by NATO to ...": a named speech noun."""
    owned = _SPEECH_NOUN.search(masked, s, e)
    if owned is not None:
        mention = mention_after(masked, owned.start("owner"), owned.end("owner") + 2)
        if mention is not None and mention.kind == "name":
            noun = owned.group("noun")
            promise = noun.startswith(_PROMISE_NOUNS)
            return _frame(
                masked,
                owned.end(),
                _clause_end(masked, owned.end(), e),
                noun,
                mention,
                None,
                promise=promise,
            )
    by = _PROMISE_BY.search(masked, s, e)
    if by is not None:
        mention = mention_after(masked, by.end(), e)
        if mention is not None and mention.kind == "name":
            rest = re.compile(r"\s+(?:to|that)\b").match(masked, mention.end, e)
            if rest is not None:
                start = rest.start() + len(rest.group()) - len(rest.group().lstrip())
                return _frame(
                    masked,
                    start,
                    _clause_end(masked, rest.end(), e),
                    by.group("noun"),
                    mention,
                    None,
                    promise=True,
                )
    return None


def _clause_end(masked: str, start: int, e: int) -> int:
    """A noun's content clause ends at the next comma followed by a new clause, or at e."""
    comma = masked.find(",", start, e)
    return comma if comma >= 0 else e


def content_frame(
    masked: str, start: int, end: int, cue: str, mention: Mention | None
) -> Frame | None:
    """A frame for content found by other means (the learned tagger), trimmed as the rules'."""
    return _frame(masked, start, end, cue, mention, None)
