"""Reading a speaker mention off the words next to an attribution cue.

``mention_before`` walks backwards from a cue verb ("... NATO chief Jens Stoltenberg said"),
``mention_after`` walks forwards for inverted and "according to" attributions ("said Ryabkov").
Both work on whitespace tokens inside a bounded window, so their cost is linear in the window
and never depends on how the rest of the paragraph looks.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from .lexicon import (
    ADVERBS,
    AGE,
    CAP_STOPWORDS,
    CAP_WORD,
    CUE_VERBS,
    FEMALE_HINTS,
    HONORIFICS,
    MALE_HINTS,
    MAX_ADVERBS,
    NAME_PARTICLES,
    NAMED_ORGS,
    NOT_ADVERBS_LY,
    NOUN_DETERMINERS,
    ORG_HEADS,
    PARTY_TAG,
    PRONOUNS,
    ROLE_WORDS,
    TITLE_ABBREVIATIONS,
    WEEKDAYS,
)
from .sentences import ABBREVIATIONS

_TOKEN = re.compile(r"\S+")
_STRIP = "\"“”‘’'«»„,;:.!?()[]"
_MASK = "\u2063"  # stands in for quoted text so that no rule reads words inside quotes
_BOUNDARY_END = (",", ";", ":", _MASK, "—", "–")
_INSERTION_END = (",", ";", ":", "—", "–")
_TIME_WORDS = frozenset(
    [
        *WEEKDAYS,
        "yesterday",
        "today",
        "tonight",
    ]
)
MAX_WINDOW = 240
_PREPOSITIONS = frozenset(
    ["on", "in", "at", "to", "from", "by", "into", "onto", "via", "about", "against"]
)


@dataclass(slots=True)
class Mention:
    """A speaker mention at one spot: its text and span, and what it looks like."""

    text: str
    start: int
    end: int
    kind: str  # "name" | "pronoun" | "nominal"
    name: str | None
    role: str | None
    organisation: bool
    gender: str | None


def _core(raw: str) -> str:
    core = raw.strip(_STRIP)
    if core.endswith(("'s", "’s")):
        return core
    return core


_ACCEPTABLE: dict[str, bool] = {}


def _acceptable(raw: str) -> bool:
    """Whether a whitespace token can be part of a speaker mention (memoised: a pure test)."""
    known = _ACCEPTABLE.get(raw)
    if known is None:
        if len(_ACCEPTABLE) >= 16384:
            _ACCEPTABLE.clear()
        known = _ACCEPTABLE[raw] = _acceptable_word(raw)
    return known


def _acceptable_word(raw: str) -> bool:
    core = raw.strip(_STRIP)
    if not core or _MASK in raw:
        return False
    low = core.lower()
    if PARTY_TAG.match(raw.rstrip(",;:")) or AGE.match(core):
        return True
    if low in ROLE_WORDS or low in NAME_PARTICLES or low in ("of", "the", "for", "a", "an"):
        return True
    if low.endswith(("'s", "’s")):
        return CAP_WORD.match(core[:-2]) is not None
    return CAP_WORD.match(core) is not None and low not in _TIME_WORDS


class _Memo(threading.local):
    """``mention_before`` answers for the text being read, per thread: the quotation, cue and
    reported-speech passes ask for the same cue's subject, and in a paste of thousands of
    quotations that repeated walk is most of the cost. Holding the text itself (not its id)
    means a new text can never be mistaken for the old one."""

    def __init__(self) -> None:
        self.text: str | None = None
        self.before: dict[tuple[int, int], Mention | None] = {}


_MEMO = _Memo()


def mention_before(text: str, lo: int, hi: int) -> Mention | None:
    """The subject that ends just before text[hi] (a cue verb), looking no further than lo."""
    lo = max(lo, hi - MAX_WINDOW)
    memo = _MEMO
    if memo.text is not text:
        memo.text, memo.before = text, {}
    key = (lo, hi)
    if key in memo.before:
        return memo.before[key]  # shared: no caller changes a mention it is given
    found = memo.before[key] = _mention_before(text, lo, hi)
    return found


def _mention_before(text: str, lo: int, hi: int) -> Mention | None:
    tokens = list(_TOKEN.finditer(text, lo, hi))
    i = _skip_adverbs(tokens, len(tokens) - 1)
    if i < 0:
        return None
    if _core(tokens[i].group()).lower() in CUE_VERBS:
        if i > 0 and _owner_or_determiner(tokens[i - 1].group()):
            return None  # "shrugged off Lee’s comments, telling": a noun, not a verb
        # "Mykhailo said, adding: ..." - the participle shares the main verb's subject.
        return _mention_before(text, lo, tokens[i].start())
    if (
        tokens[i].group().endswith(",")
        and not PARTY_TAG.match(tokens[i].group()[:-1])
        and not _named_apposition(tokens, i)
    ):
        i = _skip_appositive(tokens, i)
        if i < 0:
            return None
    return _collect_backwards(tokens, i)


def _owner_or_determiner(raw: str) -> bool:
    """ "Lee’s", "Jones’", "the", "his": a word that makes the next one a noun."""
    if raw.endswith(("’s", "'s", "s’", "s'")):
        return raw[:1].isupper()
    return raw.lower() in NOUN_DETERMINERS


def _named_apposition(tokens: list[re.Match[str]], i: int) -> bool:
    """ "The company that runs the show, Dick Clark Productions, denies": the name in commas
    after a description is the subject itself, not an insertion to skip."""
    k = i
    while k >= 0 and i - k < 6:
        raw = tokens[k].group()
        if k != i and raw.endswith(","):
            break
        core = _core(raw)
        if not (CAP_WORD.match(core) or core.lower() in NAME_PARTICLES) or "-" in core:
            return False
        k -= 1
    if k < 0 or k == i or not tokens[k].group().endswith(","):
        return False
    while k >= 0 and CAP_WORD.match(_core(tokens[k].group())):
        k -= 1
    # "in Tulsa, Oklahoma, arguing": a place and its state, not a described subject; but
    # "his partner at Lenox, Lee Marr, called": a role's organisation before the name.
    return (
        k < 0
        or _core(tokens[k].group()).lower() not in _PREPOSITIONS
        or _role_preposition(tokens, k)
    )


def _ly_adverb(raw: str, low: str) -> bool:
    """ "politely", "quickly": a lower-case -ly word between a subject and its verb."""
    return raw.islower() and low.endswith("ly") and len(low) > 4 and low not in NOT_ADVERBS_LY


def _skip_adverbs(tokens: list[re.Match[str]], i: int) -> int:
    skipped = 0
    while i >= 0 and skipped < MAX_ADVERBS:
        raw = tokens[i].group()
        low = _core(raw).lower()
        if raw.endswith(_BOUNDARY_END) or not (low in ADVERBS or _ly_adverb(raw, low)):
            break
        if _core(raw).lower() in PRONOUNS:
            break
        i -= 1
        skipped += 1
    return i


def _skip_appositive(tokens: list[re.Match[str]], i: int) -> int:
    """For "Name, the role of Org, said": return the index of the token before the comma.

    Up to three comma-separated insertions are skipped ("Scott Pruitt, the attorney general of
    Oklahoma, one of the states suing, said"); the words before must then form a mention.
    """
    skipped = False
    for _ in range(3):
        k = i - 1
        # A quotation inside the insertion ("wearing “Vote Lee” pins") does not end it.
        while k >= 0 and i - k < 20 and not tokens[k].group().endswith(_INSERTION_END):
            k -= 1
        if k < 0 or not tokens[k].group().endswith(","):
            return -1
        if any(
            _core(tokens[n].group()).lower() in CUE_VERBS
            and _core(tokens[n - 1].group()).lower() not in NOUN_DETERMINERS
            for n in range(k + 1, i + 1)
        ):
            return -1  # a clause with its own cue verb, not an insertion ("the states" is none)
        named = _acceptable(tokens[k].group()) and _core(tokens[k].group())[:1].isupper()
        if named and (skipped or not _described_name_before(tokens, k)):
            return k
        skipped = True
        i = k
    return -1


def _described_name_before(tokens: list[re.Match[str]], k: int) -> bool:
    """Whether tokens[..k] end a description that itself follows a name and a comma
    ("Ann Lee, the attorney general of Ohio, one of ..."): the name is further back."""
    j = k - 1
    while j >= 0 and k - j < 20 and not tokens[j].group().endswith(_BOUNDARY_END):
        j -= 1
    if j < 0 or not tokens[j].group().endswith(",") or j + 1 > k:
        return False
    first = tokens[j + 1].group()
    if not (first.islower() and (first in ("the", "a", "an") or first in ROLE_WORDS)):
        return False
    return _acceptable(tokens[j].group()) and _core(tokens[j].group())[:1].isupper()


def _collect_backwards(tokens: list[re.Match[str]], e: int) -> Mention | None:
    raw = tokens[e].group()
    core = _core(raw).lower()
    if core in _OBJECT_PRONOUNS and e > 0:
        return _nominal_with_object(tokens, e)  # "a source close to him said"
    if core in PRONOUNS:
        if core == "who" and e > 0 and tokens[e - 1].group().endswith(","):
            return _collect_backwards(tokens, e - 1)
        noun = tokens[e - 1].group() if e > 0 else ""
        if core == "who" and noun.isalpha() and noun.islower():
            return None  # "told a young woman who suggested": not the speaker's clause
        return _pronoun(tokens[e], core)
    j = e
    while j >= 0:
        if j != e and tokens[j].group().endswith(_BOUNDARY_END) and not _town_of(tokens, j, e):
            break
        if not _acceptable(tokens[j].group()) and not _org_and(tokens, j, e):
            break
        j -= 1
    if _role_preposition(tokens, j) and j < e:
        j -= 1  # "officials at the Harbor Authority": the role is part of the mention
        while j >= 0 and not tokens[j].group().endswith(_BOUNDARY_END):
            if not _acceptable(tokens[j].group()):
                break
            j -= 1
    if j >= 0 and _core(tokens[j].group()).lower() in _PREPOSITIONS:
        return None  # "posted on Twitter accusing ...": an object, not the speaker
    if (
        j >= 1
        and j < e
        and tokens[j].group() in _POSSESSIVES
        and _core(tokens[j - 1].group()).lower() in _PREPOSITIONS
    ):
        return None  # "an email to his supporters notes": the object of "to"
    if _relative_predicate(tokens, j):
        # "Katie Packer, who is chairman of Our Principles PAC, said": the relative clause
        # describes the name before it, who speaks.
        named = _collect_backwards(tokens, j - 2)
        if named is not None and named.kind == "name":
            return named
    extra = 0
    while j >= 0 and extra < 2 and j < e and _describes(tokens, j):
        j -= 1  # "city engineer Tomas Varga": a describing word before a role noun
        extra += 1
    return _interpret(tokens[j + 1 : e + 1])


_ROLE_PREPOSITIONS = frozenset(["at", "from", "for", "with"])
_POSSESSIVES = frozenset(["his", "her", "their", "its", "our", "my", "your"])
_COPULAS = frozenset(["is", "was", "are", "were", "has", "had", "became", "remains"])


def _relative_predicate(tokens: list[re.Match[str]], j: int) -> bool:
    """Whether tokens[j-2:j+1] are "Name, who is" (or "was", "has been"...)."""
    if j < 2 or _core(tokens[j].group()).lower() not in _COPULAS:
        return False
    return tokens[j - 1].group() == "who" and tokens[j - 2].group().endswith(",")


_OBJECT_PRONOUNS = frozenset(["him", "them", "me", "us"])
MAX_NOMINAL = 6


def _nominal_with_object(tokens: list[re.Match[str]], e: int) -> Mention | None:
    """An object pronoun cannot be a verb's subject: it ends a noun phrase ("a source close to
    him", "people around them"), read back to the clause boundary."""
    j = e - 1
    while j >= 0 and e - j <= MAX_NOMINAL and not tokens[j].group().endswith(_BOUNDARY_END):
        j -= 1
    first = tokens[j + 1].group()
    if j + 1 >= e or not first.islower() or first not in NOUN_DETERMINERS:
        return None
    start, end = tokens[j + 1].start(), tokens[e].start() + len(_core(tokens[e].group()))
    text = tokens[0].string[start:end]
    return Mention(text, start, end, "nominal", None, text, False, None)


def _org_and(tokens: list[re.Match[str]], j: int, e: int) -> bool:
    """ "Center for Disease Control and Prevention", "Department of Health and Human
    Services": "and" between capitalised words, inside an organisation's name."""
    if tokens[j].group() != "and" or j < 2 or j >= e:
        return False
    if not CAP_WORD.match(_core(tokens[j + 1].group())):
        return False
    k = j - 1
    while k >= 0 and j - k <= 4 and CAP_WORD.match(_core(tokens[k].group())):
        k -= 1
    return (
        k >= 1
        and k < j - 1
        and tokens[k].group() in ("of", "for")
        and _is_org([_core(tokens[k - 1].group())])
    )


def _town_of(tokens: list[re.Match[str]], j: int, e: int) -> bool:
    """ "Stacy Baker of Columbia, South Carolina says": the comma between a town and its state
    after "of" is inside the mention (the name is before "of")."""
    if j < 2 or j >= e or not tokens[j].group().endswith(","):
        return False
    town = _core(tokens[j].group())
    return (
        CAP_WORD.match(town) is not None
        and tokens[j - 1].group() in ("of", "from")
        and CAP_WORD.match(_core(tokens[j - 2].group())) is not None
        and all(CAP_WORD.match(_core(t.group())) for t in tokens[j + 1 : e + 1])
    )


def _role_link(cores: list[str], n: int) -> bool:
    role = cores[n - 1]
    return cores[n] in _ROLE_PREPOSITIONS and role[1:].islower() and role.lower() in ROLE_WORDS


def _role_preposition(tokens: list[re.Match[str]], j: int) -> bool:
    """Whether tokens[j] links a role noun to its organisation ("partner at", "aide to")."""
    if j < 1 or _core(tokens[j].group()).lower() not in _ROLE_PREPOSITIONS:
        return False
    role = tokens[j - 1].group()
    return role[1:].islower() and role.lower() in ROLE_WORDS  # "Officials at" opening too


def mention_after(text: str, lo: int, hi: int) -> Mention | None:
    """The mention that starts at text[lo] (after "said" or "according to")."""
    hi = min(hi, lo + MAX_WINDOW)
    tokens = list(_TOKEN.finditer(text, lo, hi))
    if not tokens:
        return None
    first = _core(tokens[0].group()).lower()
    if first in PRONOUNS and first != "who":
        return _pronoun(tokens[0], first)
    picked: list[re.Match[str]] = []
    prefix = 0
    skip_to = 0
    for k, tok in enumerate(tokens):
        raw = tok.group()
        if k < skip_to:
            picked.append(tok)
            continue
        if not _acceptable(raw):
            role_end = _role_then_name(tokens, k) if len(picked) > prefix else 0
            if role_end:
                # "said Monmouth University political scientist Patrick Murray": the first
                # capitalised words describe the person named after the role.
                skip_to = role_end
                picked.append(tok)
                continue
            if k == 0 and raw in _POSSESSIVES:
                # "added his campaign manager Jeff Weaver": the owner's role, then the name
                prefix = 1
                picked.append(tok)
                continue
            determiners = all(_core(t.group()).lower() in ("the", "a", "an") for t in picked)
            if (len(picked) > prefix and not determiners) or prefix >= 3 or not _modifier(raw):
                break
            if determiners:
                prefix = len(picked)  # "said the younger Mr. Trump"
            prefix += 1  # "said planetary geologist Rosaly Lopes": a describing word
            picked.append(tok)
            continue
        low = _core(raw).lower()
        if low == "of" and prefix and k == prefix == len(picked) and not _role_word(picked[-1]):
            return None  # "The timing of Lee's rise": the head is "timing", not the name
        if low in ("of", "for") and _org_goes_on(picked, tokens, k):
            picked.append(tok)  # "the Bureau of Labor Statistics": one organisation's name
            continue
        if _ends_name(picked) and not CAP_WORD.match(_core(raw)) and low not in ROLE_WORDS:
            break  # "Rosaly Lopes of NASA's ...": the name is complete
        picked.append(tok)
        if tok.group().endswith((*_BOUNDARY_END, ".")) and not _is_abbrev(tok.group()):
            break
    mention = _interpret(picked)
    if (mention is None or mention.kind == "nominal") and picked:
        author = _document_author(text, tokens, len(picked), hi)
        if author is not None:
            return author  # "a court filing by state attorney Ann Lee": Ann Lee speaks
    if mention is not None and mention.kind == "nominal" and picked[-1].group().endswith(","):
        # "said another Twitter user, Johanna Bayer": the name in apposition is the speaker.
        named = _apposed_name(tokens, len(picked))
        if named is not None:
            return named
    joined = len(picked) < len(tokens) and tokens[len(picked)].group() == "and"
    if (mention is None or mention.kind != "name") and picked and joined:
        # "said former Pennsylvania Gov. and party Chairman Ed Rendell": roles joined by
        # "and" before the name that closes the segment.
        named = _segment_name(tokens)
        if named is not None:
            return named
    if mention is not None and mention.kind != "name" and picked[0].group() in _POSSESSIVES:
        return None  # "said his lawyer": whose, the walk cannot tell
    return mention


MAX_SEGMENT = 12
# Things that speak for their authors, and the words that name the author after them.
_AUTHORED = frozenset(
    ["paper", "report", "study", "memo", "letter", "statement", "analysis", "document", "filing"]
)
_AUTHOR_LINKS = ("from", "by")
_AUTHOR_VERBS = frozenset(
    ["filed", "released", "written", "issued", "published", "signed", "sent", "prepared"]
)


def _document_author(text: str, tokens: list[re.Match[str]], k: int, hi: int) -> Mention | None:
    """The named author after a document noun ending tokens[:k]: "a paper from the Harbor
    Institute", "a court document filed by Ann Lee"."""
    if _core(tokens[k - 1].group()).lower() not in _AUTHORED or tokens[k - 1].group()[-1:] in ",;:":
        return None
    link = k
    if link < len(tokens) and _core(tokens[link].group()).lower() in _AUTHOR_VERBS:
        link += 1
    if link >= len(tokens) or tokens[link].group() not in _AUTHOR_LINKS or link + 1 >= len(tokens):
        return None
    author = mention_after(text, tokens[link + 1].start(), hi)
    return author if author is not None and author.kind == "name" else None


def _segment_name(tokens: list[re.Match[str]]) -> Mention | None:
    """The name of two words or more that ends the first segment of tokens (before a comma or
    the sentence end), when every word before it can describe a speaker."""
    end = -1
    for k, tok in enumerate(tokens[:MAX_SEGMENT]):
        if tok.group().endswith((*_BOUNDARY_END, ".")) and not _is_abbrev(tok.group()):
            end = k
            break
    if end < 1:
        return None
    start = end
    while start > 0 and CAP_WORD.match(_core(tokens[start - 1].group())):
        start -= 1
    run = tokens[start : end + 1]
    if len(run) < 2 or not all(
        _acceptable(t.group()) or _modifier(t.group()) or t.group() == "and" for t in tokens[:start]
    ):
        return None
    mention = _interpret(run)
    if mention is None or mention.kind != "name" or " " not in (mention.name or ""):
        return None
    return mention


def _apposed_name(tokens: list[re.Match[str]], k: int) -> Mention | None:
    """A name of two words or more at tokens[k:] that ends its segment."""
    run: list[re.Match[str]] = []
    for tok in tokens[k : k + 5]:
        core = _core(tok.group())
        if not CAP_WORD.match(core) or core.lower() in CAP_STOPWORDS:
            return None
        run.append(tok)
        if tok.group().endswith((",", ".", ";", ":")) or tok is tokens[-1]:
            break
    else:
        return None
    mention = _interpret(run)
    if mention is None or mention.kind != "name" or " " not in (mention.name or ""):
        return None
    return mention


def _role_then_name(tokens: list[re.Match[str]], k: int) -> int:
    """Where the name starts when tokens[k:] are one to three describing words ending in a role
    noun, then a capitalised name of two words or more ("political scientist Patrick Murray");
    0 otherwise."""
    j = k
    while j < len(tokens) and j - k < 3 and _modifier(tokens[j].group()):
        j += 1
    if j == k or j + 1 >= len(tokens) or _core(tokens[j - 1].group()).lower() not in ROLE_WORDS:
        return 0
    first, second = tokens[j].group(), _core(tokens[j + 1].group())
    named = (
        not first.endswith(_BOUNDARY_END)
        and CAP_WORD.match(_core(first)) is not None
        and _core(first).lower() not in CAP_STOPWORDS
        and CAP_WORD.match(second) is not None
    )
    return j if named else 0


_NOT_MODIFIER = frozenset(
    [
        "that",
        "this",
        "on",
        "in",
        "at",
        "to",
        "by",
        "with",
        "from",
        "as",
        "if",
        "when",
        "while",
        "after",
        "before",
        "because",
        "and",
        "but",
        "or",
        "so",
        "not",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "its",
        "our",
        "was",
        "is",
        "were",
        "are",
        "has",
        "had",
        "have",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "can",
    ]
)


_NUMERIC_MODIFIER = re.compile(r"\d[\d/.-]*(?:-[a-z]+)*")


def _modifier(raw: str) -> bool:
    if raw[:1].isdigit():
        return _NUMERIC_MODIFIER.fullmatch(raw) is not None  # "said 9/11 widow Ann Lee"
    # "said left-leaning economist Ann Lee": a hyphenated adjective describes too
    return raw.replace("-", "").isalpha() and raw.islower() and raw not in _NOT_MODIFIER


def _role_word(tok: re.Match[str]) -> bool:
    return _core(tok.group()).lower() in ROLE_WORDS


def _ends_name(picked: list[re.Match[str]]) -> bool:
    if not picked:
        return False
    last = _core(picked[-1].group())
    low = last.lower().rstrip(".")
    return bool(CAP_WORD.match(last)) and low not in ROLE_WORDS and low not in HONORIFICS


def _describes(tokens: list[re.Match[str]], j: int) -> bool:
    raw = tokens[j].group()
    nxt = _core(tokens[j + 1].group()).lower()
    return _modifier(raw) and raw not in ADVERBS and nxt in ROLE_WORDS


def _is_abbrev(raw: str) -> bool:
    core = raw.rstrip(".").lower()
    return core in ABBREVIATIONS or (len(core) == 1 and core.isalpha()) or "." in core


def _pronoun(tok: re.Match[str], core: str) -> Mention:
    gender = {"he": "m", "she": "f"}.get(core)
    text = tok.group().strip(_STRIP)
    start = tok.start() + tok.group().find(text)
    return Mention(text, start, start + len(text), "pronoun", None, None, False, gender)


# _interpret's answers by the text its tokens cover: the same words recur (a name with its role
# each time it is mentioned), and the answer depends on nothing else (offsets are relative).
# (text, start, end, kind, name, role, organisation, gender): a Mention with relative offsets.
_Interpreted = tuple[str, int, int, str, str | None, str | None, bool, str | None]
_INTERPRETED: dict[str, _Interpreted | None] = {}
_INTERPRETED_MAX = 8192


def _interpret(tokens: list[re.Match[str]]) -> Mention | None:
    """Split "U.S. Secretary of State Antony Blinken" into role and name.

    The tokens are consecutive whitespace-separated words, so the text from the first one's
    start to the last one's end determines them and the answer."""
    if not tokens:
        return None
    base = tokens[0].start()
    key = tokens[0].string[base : tokens[-1].end()]
    known: _Interpreted | None
    try:
        known = _INTERPRETED[key]
    except KeyError:
        mention = _interpret_words(tokens)
        if len(_INTERPRETED) >= _INTERPRETED_MAX:
            _INTERPRETED.clear()
        _INTERPRETED[key] = known = (
            None
            if mention is None
            else (
                mention.text,
                mention.start - base,
                mention.end - base,
                mention.kind,
                mention.name,
                mention.role,
                mention.organisation,
                mention.gender,
            )
        )
    if known is None:
        return None
    text, start, end, kind, name, role, organisation, gender = known
    return Mention(text, start + base, end + base, kind, name, role, organisation, gender)


def _interpret_words(tokens: list[re.Match[str]]) -> Mention | None:
    while tokens and _core(tokens[0].group()).lower() in CAP_STOPWORDS - {"the", "a", "an"}:
        if _new_name(tokens):
            break  # "New Hampshire", "New York Times": "New" starts the name
        tokens = tokens[1:]
    while tokens and _core(tokens[-1].group()).lower() in ("of", "the", "for", "a", "an"):
        tokens = tokens[:-1]
    if not tokens:
        return None
    cores = [_core(t.group()) for t in tokens]
    # "Rep. Ana Ruiz (D-Ore.)": the party tag is part of the mention, not of the name.
    tagged = len(tokens) > 1 and PARTY_TAG.match(tokens[-1].group().rstrip(",;:.")) is not None
    name_cores = cores[:-1] if tagged else cores
    name_tokens, org = _name_run(name_cores)
    link = next((n for n in range(1, len(name_cores) - 1) if _role_link(name_cores, n)), 0)
    if link and _names_the_head(name_cores, link):
        # "the Agency for International Development": a capitalised head and what follows it
        # are one organisation's name, not a role at another organisation
        name_tokens, org = [w for w in name_cores if w.lower() not in ("the", "a", "an")], True
    elif link:  # "officials at Harbor Transit Authority": the organisation speaks
        words = [w for w in name_cores[link + 1 :] if w.lower() != "the"]
        if words and all(CAP_WORD.match(w) or w.lower() in ("of", "and", "for") for w in words):
            name_tokens, org = words, True
    start = tokens[0].start()
    end_raw = tokens[-1].group().rstrip(",;:")
    if end_raw.endswith(".") and not _is_abbrev(end_raw):
        end_raw = end_raw[:-1]
    end = tokens[-1].start() + len(end_raw)
    text = tokens[0].string[start:end].strip(_STRIP.replace(")", "").replace(".", ""))
    start = tokens[0].string.find(text, start)
    end = start + len(text)
    lows = {c.lower().rstrip(".") for c in cores}
    gender = "f" if lows & FEMALE_HINTS else "m" if lows & MALE_HINTS else None
    if not name_tokens:
        if cores[-1].lower() not in ROLE_WORDS:
            return None
        owner = _document_owner(cores)
        if owner:  # "a Harbor Authority report": the organisation that wrote it
            return Mention(text, start, end, "name", owner, None, True, gender)
        return Mention(text, start, end, "nominal", None, text, False, gender)
    if len(name_tokens) > 1 and all(w.isalpha() and w.isupper() for w in name_tokens):
        return None  # a dateline or a heading in capitals ("LAKE CITY —"), not a name
    # "U.S." loses its last full stop with the token's punctuation: it is part of the name.
    name = _ABBREVIATION_CUT.sub(r"\1.", " ".join(name_tokens))
    if name.endswith(("'s", "’s")) and len(name) > 2:
        name = name[:-2]  # "Ann Lee's lawyer said": the owner is the name
    raws = [t.group().strip(',;:"“”‘’«»') for t in tokens]
    role_tokens = raws[: len(name_cores) - len(name_tokens)]
    role = " ".join(t for t in role_tokens if t.lower().rstrip(".") not in HONORIFICS) or None
    if role and role.lower() in ("the", "a", "an"):
        role = None
    return Mention(text, start, end, "name", name, role, org, gender)


_ABBREVIATION_CUT = re.compile(r"\b((?:[A-Z]\.)+[A-Z])(?=\s|$)")


def _common_org_head(low: str) -> bool:
    """A head word that a longer organisation's name goes on after ("bureau", "agency"), not a
    one-word name in itself ("reuters", "nato")."""
    return low in ORG_HEADS and low not in NAMED_ORGS


def _names_the_head(cores: list[str], link: int) -> bool:
    """Whether the role word before cores[link] ("for", "of") is the capitalised head of the
    organisation the whole run names ("the Department for Education"), every word before and
    after it part of that name."""
    head = cores[link - 1]
    if not head[:1].isupper() or not _common_org_head(head.lower()):
        return False
    return all(
        CAP_WORD.match(w) or w.lower() in ("of", "for", "and", "the", "a", "an") for w in cores
    )


def _new_name(tokens: list[re.Match[str]]) -> bool:
    """ "New" capitalised before another capitalised word (not a role) begins a name."""
    if len(tokens) < 2 or _core(tokens[0].group()) != "New":
        return False
    nxt = _core(tokens[1].group())
    return CAP_WORD.match(nxt) is not None and nxt.lower() not in _NOT_AFTER_NEW


_NOT_AFTER_NEW = ROLE_WORDS | CAP_STOPWORDS


_DOCUMENTS = frozenset(
    ["report", "memo", "statement", "letter", "study", "filing", "release", "poll", "survey"]
)


def _document_owner(cores: list[str]) -> str | None:
    """The capitalised words right before a document noun ("a Harbor Authority memo")."""
    if len(cores) < 3 or cores[-1].lower() not in _DOCUMENTS:
        return None
    run: list[str] = []
    for word in reversed(cores[:-1]):
        low = word.lower()
        stop = low in CAP_STOPWORDS and not (low == "new" and run)
        if not CAP_WORD.match(word) or stop or low in HONORIFICS:
            break
        run.insert(0, word)
    return " ".join(run) if len(run) >= 2 else None


def _name_run(cores: list[str]) -> tuple[list[str], bool]:
    """The trailing proper-name words, and whether they name an organisation.

    "Senator Barbara Boxer of California" names Boxer, not the state; "the University of
    Michigan" and "Center for Responsive Politics" name the whole organisation; "Ann Lee of
    the Harbor Policy Center" names Ann Lee, who speaks for it."""
    run, org = _name_run_words(cores)
    if run and (org or len(run) < len(cores)):
        words = [c for c in cores if not c.startswith("(")]
        n = len(run)
        at = next((i for i in range(len(words) - n, -1, -1) if words[i : i + n] == run), 0)
        person = _person_of_org(words, at)
        if person:
            return person, False
    return run, org


_MEMBER_OF = frozenset(["of", "at", "from"])


def _person_of_org(words: list[str], k: int) -> list[str]:
    """The full name (two words or more) of a person right before "of (the)" and the
    organisation that starts at words[k]; [] when there is none."""
    if k >= 1 and words[k - 1].lower() == "the":
        k -= 1
    if k < 3 or words[k - 1].lower() not in _MEMBER_OF or words[k - 1] != words[k - 1].lower():
        return []
    before, before_org = _trailing_run(words[: k - 1])
    return before if len(before) >= 2 and not before_org else []


def _name_run_words(cores: list[str]) -> tuple[list[str], bool]:
    words = [c for c in cores if not c.startswith("(")] if cores else []
    run, org = _trailing_run(words)
    k = len(words) - len(run) - 1
    if run and not org and k > 0 and words[k] == "and":
        whole = _org_run(words)
        if len(whole) > len(run) + 1 and _is_org(whole):
            return whole, True  # "the Center for Disease Control and Prevention"
    if run and org and k > 1 and words[k].lower() == "the" and words[k - 1] == "of":
        # "Jeffrey Lewis of the James Martin Center": the person, of the organisation.
        before, before_org = _trailing_run(words[: k - 1])
        if len(before) >= 2 and not before_org:
            return before, False
    if run and not org and k > 0 and words[k] in ("of", "for", "from"):
        before, before_org = _trailing_run(words[:k])
        if before and (before_org or _is_org(before)):
            return _org_run(words), True
        if before and words[k] != "for":
            return before, False
    return run, org


def _trailing_run(words: list[str]) -> tuple[list[str], bool]:
    run: list[str] = []
    for k in range(len(words) - 1, -1, -1):
        word = words[k]
        low = word.lower().rstrip(".")
        if not (CAP_WORD.match(word) or (run and low in NAME_PARTICLES)):
            break
        if low == "new" and run and run[0][:1].isupper():
            run.insert(0, word)  # "New York Times", "New Hampshire": a name, not "new"
            continue
        if low in CAP_STOPWORDS or low in HONORIFICS or low in TITLE_ABBREVIATIONS:
            break
        role = low in ROLE_WORDS and low not in ORG_HEADS and not _is_org(run)
        if role and (run or not _surname_after_first_name(words, k)):
            break
        if word.endswith(("'s", "’s")) and run:
            break
        run.insert(0, word)
    while run and run[0].lower() in NAME_PARTICLES:
        run.pop(0)
    start = len(words) - len(run)
    joined = start > 0 and words[start - 1].lower() in ("of", "for", "and")
    if len(run) >= 2 and _gerund(run[0]) and not joined:
        # "Hosting Cook, the moderator ...": a sentence-initial verb, not a name; but "Center
        # for Housing Research" is one name.
        run.pop(0)
    org = _is_org(run)
    if org:
        run = _org_run(words)
    return run, org


def _org_goes_on(picked: list[re.Match[str]], tokens: list[re.Match[str]], k: int) -> bool:
    """Whether "of"/"for" at tokens[k] joins an organisation's head to the rest of its name
    ("Bureau of Labor Statistics", "Center for American Progress"). A person's "of" ("Rosaly
    Lopes of NASA") and a place after the name ("Institute for Policy Studies of Boston") join
    nothing; nor does "of the" (the name's own reading splits there)."""
    if not picked or k + 1 >= len(tokens):
        return False
    head = picked[-1].group()
    low = _core(head).lower()
    if head.endswith((",", ";", ":")) or not _common_org_head(low):
        return False
    words = [_core(t.group()) for t in picked]
    if _surname_after_first_name(words, len(words) - 1):
        return False  # "John House of Ohio": a surname that is also a head word
    return CAP_WORD.match(_core(tokens[k + 1].group())) is not None


def _surname_after_first_name(words: list[str], k: int) -> bool:
    """ "Peter King", "Stephen Judge": a capitalised role word that ends a name after a
    capitalised first name is a surname, not a role."""
    if k == 0:
        return False
    first = words[k - 1]
    if first.rstrip(".").isupper() and len(first.rstrip(".")) == 1 and k >= 2:
        first = words[k - 2]  # "Peter T. King": a middle initial
    low = first.lower().rstrip(".")
    return (
        CAP_WORD.match(first) is not None
        and first[1:].islower()
        and low not in ROLE_WORDS
        and low not in HONORIFICS
        and low not in CAP_STOPWORDS
        and low not in TITLE_ABBREVIATIONS
    )


# First names that end like a gerund.
_ING_NAMES = frozenset(["irving", "sterling", "manning", "harding", "browning", "fleming"])


def _gerund(word: str) -> bool:
    low = word.lower()
    return len(low) >= 6 and low.endswith("ing") and word[1:].islower() and low not in _ING_NAMES


def _is_org(run: list[str]) -> bool:
    if not run:
        return False
    if any(w.lower().rstrip(".") in ORG_HEADS for w in run):
        return True
    return len(run) == 1 and run[0].isupper() and len(run[0]) > 1 and "." not in run[0]


def _org_run(words: list[str]) -> list[str]:
    run: list[str] = []
    for word in reversed(words):
        low = word.lower()
        if not CAP_WORD.match(word) and not (run and low in ("of", "for", "and")):
            break
        if low in CAP_STOPWORDS - {"of", "for", "and", "new"} or low in HONORIFICS:
            break
        run.insert(0, word)
    while run and run[0].lower() in ("of", "for", "and"):
        run.pop(0)
    return run
