"""Who is who: a registry of people and organisations and coreference of short mentions.

Full mentions ("Russian Deputy Foreign Minister Sergei Ryabkov") register an entity with its
role; later surnames ("Ryabkov"), pronouns ("she") and nominals ("the minister") resolve to the
nearest compatible entity before them. Pronouns prefer the most recent *speaker* (the subject
of an attribution cue) over any name merely mentioned, because news prose rarely switches
speaker through a pronoun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import CAP_STOPWORDS, HONORIFICS, ORG_HEADS, PLACES, ROLE_WORDS
from .mentions import _BOUNDARY_END, Mention, _acceptable, _interpret

# Runs of capitalised words with their lower-case role words: candidate full mentions. The
# word-start check follows the first capital so that the scan only stops at capitals.
_RUN = re.compile(
    r"[A-Z](?<!\w.)[\w'’\-]*(?:\s+(?:[A-Z]\.|[A-Z][\w'’\-]+|de|van|von|bin|al|da|la|le|del)){1,3}"
)
_WORDS = re.compile(r"\S+")
# "The Conservative party", "the Labour government": an organisation named by a lower-case head.
_ORG_HEAD_WORDS = (
    "party",
    "government",
    "ministry",
    "department",
    "campaign",
    "administration",
    "council",
    "committee",
    "agency",
    "office",
    "union",
    "police",
)
_ORG_RUN = re.compile(r"\b(?:[A-Z][\w'’\-]*\s+){1,4}(?:" + "|".join(_ORG_HEAD_WORDS) + r")\b")
# A name followed by a plural verb or by "which" names a group or a thing, not one person
# ("Big Harbour have denied it", "Pine Records, which was sold").
_NOT_A_PERSON = re.compile(r"(?:\s+(?:have|are|were)\b|,\s+which\b)")
# Last words of a name that make it a place or a building, never a person.
PLACE_HEADS = frozenset(
    [
        "street",
        "avenue",
        "road",
        "square",
        "hill",
        "house",
        "city",
        "county",
        "island",
        "islands",
        "park",
        "valley",
        "bay",
        "river",
        "lake",
        "mountain",
        "mountains",
        "airport",
        "station",
        "bridge",
        "coast",
        "beach",
        "heights",
        "state",
        "states",
        "republic",
        "kingdom",
        "union",
        "east",
        "west",
        "north",
        "south",
        "district",
        "province",
        "region",
        "capitol",
        "hall",
        "center",
        "centre",
        "tower",
        "building",
        "court",
        "church",
    ]
)
# Documents that speak for whoever the article said they came from.
_DOCUMENTS = frozenset(["letter", "report", "memo", "statement", "filing", "release", "email"])
_AUTHOR = re.compile(r"\b(?:from|by)\s+(?:(?:the|a|an|[a-z]+)\s+){0,2}(?:from\s+)?$")
MAX_AUTHOR_DISTANCE = 1500
# Nominals that speak for an organisation rather than as themselves.
_ORG_VOICES = frozenset(
    [
        "statement",
        "report",
        "release",
        "letter",
        "ministry",
        "department",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "spokespeople",
        "spokesmen",
        "representative",
        "official",
        "officials",
        "filing",
        "website",
    ]
)


@dataclass(slots=True)
class Entity:
    """A person or organisation, with every mention text seen for it."""

    name: str
    role: str | None
    organisation: bool
    gender: str | None
    mentions: list[str] = field(default_factory=list)
    last_seen: int = -1
    words: tuple[str, ...] = field(init=False, repr=False, compare=False)
    wordset: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.words = tuple(self.name.lower().split())  # the name never changes
        self.wordset = frozenset(self.words)

    @property
    def person_like(self) -> bool:
        """Whether "he" or "she" can stand for this entity: a person's name has a first name
        and a surname, or came with a role or a gender; "Washington", "Twitter" and "Wall
        Street" (a place's head word) did not."""
        if self.organisation or self.words[-1] in PLACE_HEADS or self.name.lower() in PLACES:
            return False
        return len(self.words) >= 2 or self.role is not None or self.gender is not None


class Registry:
    """Entities of one article, resolved in reading order."""

    def __init__(self, text: str | None = None) -> None:
        # The article, to tell a capitalised common word ("Pollsters agree") from a name.
        self._text = text
        self._common: dict[str, bool] = {}
        self.entities: list[Entity] = []
        self._by_name: dict[str, Entity] = {}
        self._speakers: list[tuple[int, Entity]] = []  # (position, entity), reading order
        self._seen: list[tuple[int, Entity]] = []
        # Names read right after "from" or "by" ("a letter ... from administrators from Touche
        # Ross"): the authors a later "the letter said" speaks for.
        self._authors: list[tuple[int, Entity]] = []

    # -- registration -------------------------------------------------------------------------

    def prescan(self, text: str, start: int, end: int) -> None:
        """Register full names (two or more words) that appear in text[start:end]."""
        for m in _RUN.finditer(text, start, end):
            # Extend the capitalised run backwards over its role ("NATO chief", "U.S. ... of").
            toks = list(_WORDS.finditer(text, max(start, m.start() - 60), m.end()))
            j = len(toks) - 1
            while j > 0 and not toks[j - 1].group().endswith(_BOUNDARY_END):
                if not _acceptable(toks[j - 1].group()):
                    break
                j -= 1
            mention = _interpret(toks[j:])
            if _registrable(mention):
                assert mention is not None
                if _NOT_A_PERSON.match(text, m.end(), end):
                    mention.organisation = True
                self._add_read(text, start, mention, m.start())
        if not any(text.find(head, start, end) >= 0 for head in _ORG_HEAD_WORDS):
            return  # the pattern needs one of these words: skip its slow scan
        for m in _ORG_RUN.finditer(text, start, end):
            words = m.group().split()
            while words and words[0].lower() in CAP_STOPWORDS:
                words.pop(0)
            if len(words) >= 2:
                name = " ".join(words)
                org = Mention(name, m.end() - len(name), m.end(), "name", name, None, True, None)
                self._add_read(text, start, org, m.start())

    def _add_read(self, text: str, start: int, mention: Mention, pos: int) -> None:
        """Register a name read in the text, noting it as an author after "from" or "by"."""
        entity = self.add(mention, pos, speaking=False)
        if entity is not None and _AUTHOR.search(text, max(start, pos - 40), pos):
            self._authors.append((pos, entity))

    def add(self, mention: Mention, pos: int, *, speaking: bool) -> Entity | None:
        """Resolve a mention to an entity (creating one for new names)."""
        entity = self.resolve(mention, pos)
        if entity is None and mention.kind == "name" and mention.name:
            if self._common_word(mention.name):
                return None
            entity = Entity(mention.name, mention.role, mention.organisation, mention.gender)
            self.entities.append(entity)
            self._by_name[mention.name.lower()] = entity
        if entity is None:
            return None
        if mention.organisation and mention.kind == "name":
            entity.organisation = True
        if mention.role and not entity.role and mention.kind == "name":
            entity.role = mention.role
        if mention.gender and not entity.gender and mention.kind == "name":
            entity.gender = mention.gender
        if mention.text not in entity.mentions:
            entity.mentions.append(mention.text)
        entity.last_seen = pos
        self._seen.append((pos, entity))
        if speaking:
            self._speakers.append((pos, entity))
        return entity

    def _common_word(self, name: str) -> bool:
        """Whether a one-word name is a common word capitalised only where a sentence starts
        ("Superdelegates: ...", "Audiences can expect ..."): the article writes it in lower
        case and never capitalises it mid-sentence."""
        if self._text is None or " " in name or not name[1:].islower() or not name.isalpha():
            return False
        known = self._common.get(name)
        if known is None:
            lower = re.search(r"(?<![\w’'-])" + name.lower() + r"(?![\w’'-])", self._text)
            mid = re.search(r"(?<=[a-z,;”\"] )" + name + r"\b", self._text)
            known = self._common[name] = lower is not None and mid is None
        return known

    # -- resolution ---------------------------------------------------------------------------

    def resolve(self, mention: Mention, pos: int) -> Entity | None:
        if mention.kind == "pronoun":
            return self._resolve_pronoun(mention, pos)
        if mention.kind == "nominal":
            return self._resolve_nominal(mention, pos)
        assert mention.name is not None
        exact = self._by_name.get(mention.name.lower())
        if exact is not None:
            return exact
        return self._resolve_partial(mention.name, pos)

    def _resolve_partial(self, name: str, pos: int) -> Entity | None:
        words = name.lower().split()
        count, wanted = len(words), set(words)
        best: Entity | None = None
        for entity in self.entities:
            ewords = entity.words
            if count >= len(ewords) or not wanted <= entity.wordset:
                continue
            if count == 1 and not entity.organisation and words[0] not in _ends(ewords):
                continue  # one word matches a person's surname, or a first name used alone
            if best is None or _recency(entity, pos) > _recency(best, pos):
                best = entity
        return best

    def _resolve_pronoun(self, mention: Mention, pos: int) -> Entity | None:
        low = mention.text.lower()
        want_org = low in ("it", "they", "we")
        for history in (self._speakers, self._seen):
            for p, entity in reversed(history):
                if p > pos:
                    continue
                if entity.organisation != want_org:
                    if want_org and low in ("they", "we"):
                        continue
                    if not want_org or low == "it":
                        continue
                if mention.gender and entity.gender and entity.gender != mention.gender:
                    continue
                if not want_org and not entity.person_like:
                    continue  # "Washington warned ... he said": not the city
                return entity
        return None

    def _resolve_nominal(self, mention: Mention, pos: int) -> Entity | None:
        head = mention.text.lower().split()[-1]
        if head in _DOCUMENTS:
            for p, entity in reversed(self._authors):
                if p <= pos and pos - p < MAX_AUTHOR_DISTANCE:
                    return entity  # "a letter ... from X" then "The letter said"
        for p, entity in reversed(self._seen):
            if p <= pos and entity.role and head in entity.role.lower().split():
                return entity
        if head in _ORG_VOICES:
            for p, entity in reversed(self._seen):
                if p <= pos and entity.organisation and pos - p < 1500:
                    return entity
        return None

    def last_speaker(self, pos: int) -> Entity | None:
        for p, entity in reversed(self._speakers):
            if p <= pos:
                return entity
        return None


def _recency(entity: Entity, pos: int) -> int:
    return entity.last_seen if entity.last_seen <= pos else -1


def _ends(words: tuple[str, ...]) -> tuple[str, str]:
    return words[0], words[-1]


def _registrable(mention: Mention | None) -> bool:
    if mention is None or not mention.name:
        return False
    return (" " in mention.name or mention.organisation) and _plausible_name(mention.name)


def _plausible_name(name: str) -> bool:
    words = name.lower().split()
    if any(w in CAP_STOPWORDS or w in HONORIFICS for w in words):
        return False
    return not all(w in ROLE_WORDS or w in ORG_HEADS for w in words)


def describe(mention: Mention) -> str:
    """The article's own description of an unnamed speaker ("the judge" -> "judge")."""
    words = mention.text.split()
    while words and words[0].lower() in ("the", "a", "an", "one", "another"):
        words = words[1:]
    return " ".join(words) or mention.text
