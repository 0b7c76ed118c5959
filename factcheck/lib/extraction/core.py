"""The pipeline: body -> paragraphs -> quotations, cues and mentions -> speakers -> statements."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from . import tagger
from .attribution import (
    Attribution,
    Cue,
    _sentence_subject,
    attribute,
    find_cues,
    is_title,
    looks_like_term,
    mask_quotes,
    names_a_work,
    reads_as_title,
)
from .inputs import clean_html, clean_markdown, detect_format
from .language import detect_language, is_supported
from .lexicon import PARTICIPLE_CUES
from .mentions import _MASK, Mention, mention_after, mention_before
from .normalise import normalise_claim_text
from .quantities import find_quantities, number_hints
from .quotes import RawQuote, find_quotes, lone_opener, stray_openers
from .reported import Frame, label_frame, report_cues, sentence_frames, speech_noun_hints
from .reported import content_frame as _content_frame
from .results import Attribution as Reported
from .results import Extraction, ExtractionInputError, Quote, Speaker, Statement
from .sentences import paragraph_kind, paragraph_spans, sentence_spans
from .speakers import Entity, Registry, describe
from .statements import CueIndex, checkworthiness

FORMATS = ("auto", "text", "markdown", "html")


@dataclass(slots=True)
class _Para:
    index: int
    start: int
    end: int
    sentences: list[tuple[int, int]]
    quotes: list[RawQuote]
    cues: list[Cue] = field(default_factory=list)
    kind: str = "text"  # "text" | "heading" | "list" | "aside" (see ``paragraph_kind``)
    # Sorted starts and ends of sentences and cues, for bisection: a paragraph can hold
    # thousands of quotations (a pasted transcript), so no step may scan them all per quote.
    sentence_starts: list[int] = field(default_factory=list)
    sentence_ends: list[int] = field(default_factory=list)
    cue_starts: list[int] = field(default_factory=list)
    quote_starts: list[int] = field(default_factory=list)

    def sentence_at(self, pos: int) -> int:
        """The start of the sentence holding pos (the paragraph start when none does)."""
        i = bisect_right(self.sentence_starts, pos) - 1
        if i >= 0 and pos < self.sentence_ends[i]:
            return self.sentence_starts[i]
        return self.start

    def cues_between(self, lo: int, hi: int) -> list[Cue]:
        return self.cues[bisect_left(self.cue_starts, lo) : bisect_left(self.cue_starts, hi)]


def extract(text: str, *, fmt: str = "auto", title: str | None = None) -> Extraction:
    """Extract quotations, attributions, speakers and checkable statements from one article.

    Plain text is read as is (spans index the input); Markdown and HTML are cleaned first and
    spans index ``Extraction.body``. With ``title``, a first paragraph that repeats the title
    is not read (a headline is no statement and nobody's quotation).
    """
    if not isinstance(text, str):
        raise ExtractionInputError("extract() needs str; decode bytes with decode_bytes()")
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}")
    if "\x00" in text:
        raise ExtractionInputError("text contains NUL characters")
    fmt = detect_format(text) if fmt == "auto" else fmt
    body = {"markdown": clean_markdown, "html": clean_html}.get(fmt, lambda t: t)(text)
    return _extract_body(body, title)


def extract_or_none(text: str, fmt: str = "auto") -> Extraction | None:
    """``extract``, with None for input it refuses: for worker processes, whose caller runs
    ``extract`` again on those to report the error in its own words."""
    try:
        return extract(text, fmt=fmt)
    except ExtractionInputError:
        return None


def _extract_body(body: str, title: str | None = None) -> Extraction:
    language = detect_language(body)
    if not is_supported(language):
        # The rules read English only: say so rather than extract nonsense.
        return Extraction(body, [], [], [], [], language=language, supported=False)
    masked, paras = _read(body, title)
    all_frames = _article_frames(masked, paras)
    registry = Registry(body)
    quotes: list[Quote] = []
    reported: list[Reported] = []
    promises: list[Reported] = []
    previous: Quote | None = None
    prev_colon = after_heading = False
    colon_speaker: tuple[Mention, Entity] | None = None
    # A paragraph without quotations, read for its topic only when a lone quotation follows.
    topic_para: _Para | None = None
    for para in paras:
        registry.prescan(masked, para.start, para.end)
        attributed = _attribute_paragraph(body, masked, para)
        frames = all_frames[para.index]
        if para.kind == "heading":
            # A heading's quotation marks a quoted subheading or a scare quote: a quotation
            # span (listed in ``quotes``) but nobody's words at that spot, so no speaker and
            # no attribution; only a named "X Says Y" headline is reported speech.
            for _, attr, _ in attributed:
                attr.mention = attr.subject = None
            frames = [f for f in frames if f.mention is not None and f.mention.kind == "name"]
        cue_speakers, resolved = _resolve(registry, masked, para, attributed, frames)
        first_quote = len(quotes)
        for q, attr, entity in attributed:
            quote = _make_quote(body, para, q, attr, entity)
            if quote is None:
                continue
            if quote.speaker_mention is None and attr.subject is not None and entity is not None:
                quote.speaker = entity.name  # the sentence's subject (see ``attribute``)
                quote.speaker_mention = body[attr.subject.start : attr.subject.end]
                quote.mention_start, quote.mention_end = attr.subject.start, attr.subject.end
            elif quote.speaker_mention is None and para.kind != "heading":
                opens = q.outer_start == para.start
                here = previous is not None and previous.paragraph == para.index
                earlier = bisect_left(cue_speakers, q.outer_start, key=lambda c: c[0])
                if earlier and not opens and not here:
                    # "…, Schiff said. “The other factor …”": a later sentence of the same
                    # paragraph with no cue of its own carries on the paragraph's last speaker.
                    _, m, entity = cue_speakers[earlier - 1]
                    quote.speaker = entity.name
                    quote.speaker_mention = body[m.start : m.end]
                    quote.mention_start, quote.mention_end = m.start, m.end
                elif opens and colon_speaker is not None:
                    m, entity = colon_speaker  # "Lee made this comment:" then the quotation
                    quote.speaker = entity.name
                    quote.speaker_mention = body[m.start : m.end]
                    quote.mention_start, quote.mention_end = m.start, m.end
                elif (
                    opens
                    and previous is None
                    and topic_para is not None
                    and not prev_colon
                    and (topic := _topic(registry, masked, topic_para)) is not None
                ):
                    # "But for Parata and his family ...", then a quotation alone in its
                    # paragraph: the person the paragraph before was about says it.
                    m, entity = topic
                    quote.speaker = entity.name
                    quote.speaker_mention = body[m.start : m.end]
                    quote.mention_start, quote.mention_end = m.start, m.end
                elif (previous is not None or prev_colon or opens) and not after_heading:
                    quote = _continue(quote, previous, registry, para.start)
            quotes.append(quote)
            previous = quote if quote.speaker_mention else previous
        para_quotes = quotes[first_quote:] if para.kind != "heading" else []
        found = _reported(body, para, [f for f in frames if f.standalone], resolved, para_quotes)
        reported.extend(found)
        promises.extend(a for a in found if a.promise)
        promises.extend(
            _frame_attribution(body, para, f, resolved, []) for f in frames if not f.standalone
        )
        prev_colon = body[para.start : para.end].rstrip().endswith(":")
        colon_speaker = _colon_speaker(registry, masked, para, cue_speakers) if prev_colon else None
        after_heading = para.kind == "heading"
        topic_para = para if not para.quotes and not after_heading else None
        if (not para.quotes and not prev_colon) or after_heading:
            previous = None  # a heading ends the previous speaker's run
    statements = _statements(body, paras, quotes, sorted(promises, key=lambda a: a.start))
    attributions = _merge_runs(reported)
    _merge_surnames(registry, quotes, attributions, statements)
    spoken: list[Quote | Reported] = [*quotes, *attributions]
    speakers = _speakers(registry, {x.speaker for x in spoken if x.speaker})
    return Extraction(body, quotes, statements, speakers, attributions, language=language)


def _read(body: str, title: str | None) -> tuple[str, list[_Para]]:
    """The body's paragraphs with their sentences, quotations and cues, and the body with its
    quotations masked (what every later rule reads)."""
    spans = paragraph_spans(body)
    stray = stray_openers(body, spans)
    paras = [
        _Para(
            i,
            s,
            e,
            sentence_spans(body, s, e),
            find_quotes(body, s, e, skip_first=stray and lone_opener(body, s, e)),
        )
        for i, (s, e) in enumerate(spans)
    ]
    masked = mask_quotes(body, [q for p in paras for q in p.quotes])
    for para in paras:
        para.kind = paragraph_kind(body, para.start, para.end)
        if para.index == 0 and title and _same_text(body[para.start : para.end], title):
            para.kind = "aside"
        if para.kind == "aside":
            para.quotes, para.sentences = [], []  # "Related article: ..." is not the story
        para.cues = find_cues(masked, para.start, para.end)
        para.cue_starts = [c.start for c in para.cues]
        para.quote_starts = [q.outer_start for q in para.quotes]
        para.sentence_starts = [s for s, _ in para.sentences]
        para.sentence_ends = [e for _, e in para.sentences]
    return masked, paras


_INVERTED = re.compile(r"[,\u2063]\s*$")
# "But for Parata and his family ...": the words before a sentence's topic.
_TOPIC_LEAD = re.compile(r"(?:But|And|Yet|So|For)\s+(?:for|to|with|as\s+for)\s+")


def _topic(registry: Registry, masked: str, para: _Para) -> tuple[Mention, Entity] | None:
    """The person a paragraph without quotations ends on: its last sentence's subject, when
    that is a known person's name."""
    if not para.sentences:
        return None
    s, e = para.sentences[-1]
    lead = _TOPIC_LEAD.match(masked, s, e)
    subject = _sentence_subject(masked, lead.end() if lead else s, e)
    if subject is None or subject.kind != "name":
        return None
    entity = registry.resolve(subject, subject.start)
    if entity is None or not entity.person_like:
        return None
    return subject, entity


def _same_text(a: str, b: str) -> bool:
    return normalise_claim_text(a).rstrip(" .") == normalise_claim_text(b).rstrip(" .")


def _merge_surnames(
    registry: Registry,
    quotes: list[Quote],
    attributions: list[Reported],
    statements: list[Statement],
) -> None:
    """ "Obama said ..." before "Barack Obama" appears: a one-word person whose word is the
    surname of exactly one fuller name is that person, everywhere in the result."""
    people = [e for e in registry.entities if not e.organisation]
    full: dict[str, list[str]] = {}
    for e in people:
        if len(e.words) >= 2:
            full.setdefault(e.words[-1], []).append(e.name)
    rename = {}
    for e in people:
        names = full.get(e.words[0], []) if len(e.words) == 1 else []
        if len(names) == 1:
            rename[e.name] = names[0]
    if not rename:
        return
    items: list[Quote | Reported | Statement] = [*quotes, *attributions, *statements]
    for item in items:
        if item.speaker is not None and item.speaker in rename:
            item.speaker = rename[item.speaker]


def _attribute_paragraph(
    body: str, masked: str, para: _Para
) -> list[tuple[RawQuote, Attribution, Entity | None]]:
    out: list[tuple[RawQuote, Attribution, Entity | None]] = []
    for q in para.quotes:
        lo, hi = _extend(body, masked, para, _window(para, q), q)
        # A sentence thousands of characters long (a paste with no full stops) is read only
        # near the quotation, which keeps every quotation's cost bounded.
        lo, hi = max(lo, q.outer_start - MAX_REACH), min(hi, q.outer_end + MAX_REACH)
        attr = attribute(masked, q, (lo, hi), para.cues_between(lo, hi))
        out.append((q, attr, None))
    return out


MAX_REACH = 1000


def _window(para: _Para, q: RawQuote) -> tuple[int, int]:
    """The sentences a quotation sits in: from the one it starts in to the one it ends in."""
    lo, hi = para.start, para.end
    i = bisect_right(para.sentence_ends, q.outer_start)
    if i < len(para.sentences) and para.sentence_starts[i] <= q.outer_start:
        lo = para.sentence_starts[i]
    j = bisect_left(para.sentence_ends, q.outer_end - 1)
    if j < len(para.sentences):
        hi = para.sentence_ends[j]
    return lo, hi


def _extend(
    body: str, masked: str, para: _Para, window: tuple[int, int], q: RawQuote
) -> tuple[int, int]:
    """Let a quotation that ends its sentence ("…?” Graham asked.) reach the next one."""
    lo, hi = window
    if q.outer_end < hi - 1 or body[q.end - 1 : q.end] == ".":
        # "“….” He demands ...": a quotation that ends on a full stop closed its sentence
        return window
    i = bisect_left(para.sentence_starts, hi)
    if i < len(para.sentences):
        s, e = para.sentences[i]
        if masked[s] != _MASK and para.cues_between(s, min(e, s + 160)):
            return lo, e
    return window


def _resolve(
    registry: Registry,
    masked: str,
    para: _Para,
    attributions: list[tuple[RawQuote, Attribution, Entity | None]],
    frames: list[Frame],
) -> tuple[list[tuple[int, Mention, Entity]], dict[tuple[int, int], Entity | None]]:
    """Resolve every mention of the paragraph in reading order, cue subjects included.

    Returns the named cue subjects of the paragraph as (cue position, mention, entity), and
    every resolved mention by its span."""
    mentions: dict[tuple[int, int], Mention] = {}
    for frame in frames:
        if frame.mention is not None:
            mentions[(frame.mention.start, frame.mention.end)] = frame.mention
    cue_mentions: list[tuple[int, Mention]] = []
    for cue in para.cues:
        sentence = para.sentence_at(cue.start)
        m = (
            mention_after(masked, cue.end, para.end)
            if cue.word == "according to"
            else mention_before(masked, sentence, cue.start)
        )
        if m is None and _INVERTED.search(masked, max(sentence, cue.start - 3), cue.start):
            # "..., said Ohio State professor Paul Beck. “That was ...”": the inverted
            # speaker is the paragraph's latest speaker too.
            after = mention_after(masked, cue.end, para.end)
            m = after if after is not None and after.kind == "name" else None
        if m is None and cue.word in PARTICIPLE_CUES and cue.start > sentence:
            # "Lee won support, after accusing them of …": a participle's subject is the
            # subject of its sentence, who is then the latest speaker for a later pronoun.
            m = _sentence_subject(masked, sentence, cue.start)
        if m is not None:
            mentions[(m.start, m.end)] = m
            cue_mentions.append((cue.start, m))
    for _, attr, _ in attributions:
        if attr.mention is not None:
            mentions[(attr.mention.start, attr.mention.end)] = attr.mention
        elif attr.subject is not None:
            if registry.resolve(attr.subject, attr.subject.start) is None:
                attr.subject = None  # only a name the article has already introduced
            else:
                mentions[(attr.subject.start, attr.subject.end)] = attr.subject
    for m in [m for m in mentions.values() if m.kind == "pronoun"]:
        # "Ban condemned what he called …": a pronoun inside a sentence whose subject is a
        # known name refers to that subject, which is registered as speaking just before it.
        sentence = para.sentence_at(m.start)
        subject = _sentence_subject(masked, sentence, m.start) if m.start > sentence else None
        if subject is not None and (subject.start, subject.end) not in mentions:
            entity = registry.resolve(subject, subject.start)
            if entity is not None and _compatible(m, entity):
                mentions[(subject.start, subject.end)] = subject
    resolved: dict[tuple[int, int], Entity | None] = {}
    for key in sorted(mentions):
        resolved[key] = registry.add(mentions[key], key[0], speaking=True)
    for i, (q, attr, _) in enumerate(attributions):
        m = attr.mention or attr.subject
        if m is not None:
            attributions[i] = (q, attr, resolved.get((m.start, m.end)))
    speakers = []
    for pos, m in cue_mentions:
        entity = resolved.get((m.start, m.end))
        if entity is not None and m.kind == "name":
            speakers.append((pos, m, entity))
    return speakers, resolved


def _article_frames(masked: str, paras: list[_Para]) -> list[list[Frame]]:
    """Every paragraph's frames: the rules', merged with the tagger's (one tagging pass over
    the whole article, which is what keeps the tagger cheap)."""
    rule = [_rule_frames(masked, para) for para in paras]
    model = tagger.model()
    if model is None:
        return [frames for frames, _ in rule]
    todo: list[tuple[int, int, int, list[tuple[int, int]]]] = []
    sentences = []
    for para, (frames, cues) in zip(paras, rule, strict=True):
        if para.kind != "text" or cues is None:
            continue
        near = _by_sentence(para, frames, cues)
        for (s, e), (here, cues_here) in zip(para.sentences, near, strict=True):
            toks = tagger.tokens(masked, s, e)
            if toks:
                marks = _marks(toks, here, cues_here)
                if not marks and not tagger.may_report(masked, toks):
                    continue  # no speech verb and nothing the rules saw: nobody speaks
                if not here and any(masked[a] == _MASK for a, _ in toks):
                    continue  # a quotation with its cue and no frame: the rules' (direct)
                todo.append((para.index, s, e, toks))
                sentences.append((toks, marks))
    found: list[list[tuple[int, int, tagger.Tagged]]] = [[] for _ in paras]
    for (index, s, e, _), tagged in zip(todo, model.tag(masked, sentences), strict=True):
        found[index].extend((s, e, t) for t in tagged)
    return [
        _merge_tagged(masked, para, frames, found[para.index]) if found[para.index] else frames
        for para, (frames, _) in zip(paras, rule, strict=True)
    ]


def _by_sentence(
    para: _Para, frames: list[Frame], cues: list[Cue]
) -> list[tuple[list[Frame], list[Cue]]]:
    """Each sentence's overlapping frames and its cues, found by bisection: a pasted
    transcript is one paragraph of thousands of sentences and frames."""
    out: list[tuple[list[Frame], list[Cue]]] = [([], []) for _ in para.sentences]
    for f in frames:
        i = max(0, bisect_right(para.sentence_ends, f.start))
        while i < len(para.sentences) and para.sentence_starts[i] < f.end:
            out[i][0].append(f)
            i += 1
    for c in cues:
        i = bisect_right(para.sentence_starts, c.start) - 1
        if i >= 0 and c.start < para.sentence_ends[i]:
            out[i][1].append(c)
    return out


def _merge_tagged(
    masked: str, para: _Para, frames: list[Frame], found: list[tuple[int, int, tagger.Tagged]]
) -> list[Frame]:
    """The rule frames, each with the tagger's source where the rules found no speaker, and
    frames for the reported speech the tagger finds where no rule frame or quotation is."""

    def in_quote(a: int, b: int) -> bool:
        i = bisect_left(para.quote_starts, b)  # quotations do not overlap: the one before b decides
        return i > 0 and para.quotes[i - 1].outer_end > a

    # Each tagged span as a frame, its speaker mention read only where it is used (a rule
    # frame that overlaps it usually has its own).
    tagged: list[tuple[Frame, int, int, tagger.Tagged]] = []
    for s, e, t in found:
        if in_quote(t.start, t.end):
            continue  # quotations are the rules' (direct, or partial inside a rule frame)
        cue = masked[t.cue[0] : t.cue[1]].lower() if t.cue is not None else ""
        frame = _content_frame(masked, t.start, t.end, cue, None)
        if frame is not None:
            tagged.append((frame, s, e, t))
    # Tagged spans come from one sentence's labels each, so they do not overlap: sorted by
    # start, their ends are sorted too, and each rule frame finds its overlaps by bisection.
    tagged.sort(key=lambda item: item[0].start)
    starts = [g.start for g, _, _, _ in tagged]
    out: list[Frame] = []
    used: set[int] = set()

    def overlapping(a: int, b: int) -> range:
        hi = bisect_left(starts, b)
        lo = hi
        while lo > 0 and tagged[lo - 1][0].end > a:
            lo -= 1
        return range(lo, hi)

    for f in frames:
        over = overlapping(f.start, f.end)
        used.update(over)
        if f.mention is not None:
            # "..., said the Agency for International Development": who the rules read as
            # the speaker is no one's content.
            used.update(overlapping(f.mention.start, f.mention_end or f.mention.end))
        if over and f.mention is None and f.standalone and not f.sourceless:
            # The rules found the content but not who says it: the tagger's source is read,
            # unless it lies inside the content ("The council is expected to ..." has none).
            _, s, e, t = max((tagged[k] for k in over), key=lambda item: _overlap(item[0], f))
            m = _tagged_mention(masked, s, e, t)
            if m is not None and (m.end <= f.start or m.start >= f.end):
                f.mention = m
        out.append(f)
    for k, (g, s, e, t) in enumerate(tagged):
        if k not in used:
            g.mention = _tagged_mention(masked, s, e, t)
            out.append(g)
    out.sort(key=_by_start)
    return out


def _tagged_mention(masked: str, s: int, e: int, t: tagger.Tagged) -> Mention | None:
    """Who says a tagged content: the mention its source run ends, or the cue's subject."""
    if t.source is not None:
        a, b = t.source
        return mention_before(masked, s, b) or mention_after(masked, a, e)
    if t.cue is not None and t.cue[0] > s:
        return mention_before(masked, s, t.cue[0])
    return None


def _overlap(a: Frame, b: Frame) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _by_start(frame: Frame) -> int:
    return frame.start


def _rule_frames(masked: str, para: _Para) -> tuple[list[Frame], list[Cue] | None]:
    """The frames the rules find, and the cues they read them from (None for a transcript
    turn, "SPEAKER: ...", whose one frame holds the whole paragraph)."""
    label = label_frame(masked, para.start, para.end)
    if label is not None:
        return [label], None  # every cue inside a transcript turn is nested in it
    cues = report_cues(masked, para.start, para.end, para.cues)
    nouns = speech_noun_hints(masked, para.start, para.end)
    if not cues and not nouns:
        return [], cues
    frames = []
    starts = [c.start for c in cues]
    for s, e in para.sentences:
        here = cues[bisect_left(starts, s) : bisect_left(starts, e)]
        noun = bool(nouns) and bisect_left(nouns, e) > bisect_left(nouns, s)
        if here or noun:
            frames.extend(sentence_frames(masked, s, e, here, nouns=noun))
    return frames, cues


def _marks(
    toks: list[tuple[int, int]], frames: list[Frame], cues: list[Cue]
) -> dict[int, list[str]]:
    """What the rules saw at each token: a frame's content, its start and speaker, a cue."""
    if not toks:
        return {}
    starts = [a for a, _ in toks]
    lo, hi = toks[0][0], toks[-1][1]
    marks: dict[int, list[str]] = {}

    def mark(a: int, b: int, name: str, first: str | None = None) -> None:
        i = bisect_left(starts, a)
        j = i
        while j < len(toks) and toks[j][0] < b:
            marks.setdefault(j, []).append(first if first and j == i else name)
            j += 1

    for f in frames:
        if f.end > lo and f.start < hi:
            mark(f.start, f.end, "fc", "fs")
            if f.mention is not None:
                mark(f.mention.start, f.mention.end, "fm")
    for c in cues:
        if lo <= c.start < hi:
            mark(c.start, c.end, "rc")
    return marks


def tagger_inputs(body: str) -> list[tuple[str, list[tuple[int, int]], dict[int, list[str]]]]:
    """Every sentence as the tagger reads it: (masked body, tokens, rule marks); for training."""
    masked, paras = _read(body, None)
    out = []
    for para in paras:
        frames, cues = _rule_frames(masked, para)
        if para.kind != "text" or cues is None:
            continue  # the tagger reads only these paragraphs (see _article_frames)
        for s, e in para.sentences:
            toks = tagger.tokens(masked, s, e)
            out.append((masked, toks, _marks(toks, frames, cues)))
    return out


def _reported(
    body: str,
    para: _Para,
    frames: list[Frame],
    resolved: dict[tuple[int, int], Entity | None],
    quotes: list[Quote],
) -> list[Reported]:
    """The paragraph's attributions: each frame (mixed or indirect), then each quotation that
    no frame contains (direct, or mixed when it is a partial quotation)."""
    out: list[Reported] = []
    covered: set[int] = set()
    ends = [q.end for q in quotes]
    for frame in frames:
        inside = []
        for i in range(bisect_right(ends, frame.start), len(quotes)):
            if quotes[i].start >= frame.end:
                break
            inside.append(i)
        if inside and _all_quoted(body, frame, [quotes[i] for i in inside]):
            continue  # a direct quotation: the quotation itself is the attribution
        covered.update(inside)
        out.append(_frame_attribution(body, para, frame, resolved, [quotes[i] for i in inside]))
    for i, q in enumerate(quotes):
        if i not in covered and not q.is_direct:
            out.append(_partial(body, para, q))
        elif i not in covered:
            out.append(
                Reported(
                    q.text,
                    q.start,
                    q.end,
                    "direct",
                    q.speaker,
                    q.speaker_mention,
                    q.mention_start,
                    q.mention_end,
                    q.cue,
                    q.paragraph,
                )
            )
    out.sort(key=lambda a: a.start)
    return out


def _partial(body: str, para: _Para, q: Quote) -> Reported:
    """A partial quotation no frame holds: its attribution is the clause it sits in, from the
    cue before it (or the sentence start) to the sentence end ("called it “a disgrace” and")."""
    s = max(para.sentence_at(q.start), q.start - MAX_REACH)  # bounded, as in attribution
    i = bisect_right(para.sentence_starts, q.start) - 1
    e = para.sentence_ends[i] if i >= 0 and q.start < para.sentence_ends[i] else q.end
    e = min(e, q.end + MAX_REACH)
    cues = para.cues_between(s, q.start)
    start = cues[-1].end if cues and cues[-1].end <= q.start else s
    while start < q.start and body[start] in " \t,:":
        start += 1
    end = max(e, q.end)
    while end > q.end and body[end - 1] in " .;:,":
        end -= 1
    return Reported(
        body[start:end],
        start,
        end,
        "mixed",
        q.speaker,
        q.speaker_mention,
        q.mention_start,
        q.mention_end,
        q.cue,
        q.paragraph,
    )


def _merge_runs(items: list[Reported]) -> list[Reported]:
    """One attribution for a quotation that runs on with the same speaker mention: "“A,” he
    said. “B.”" and a quotation continued in the next paragraph."""
    out: list[Reported] = []
    for item in items:
        item.spans = item.spans or [(item.start, item.end)]
        last = out[-1] if out else None
        if (
            last is not None
            and item.kind == last.kind == "direct"
            and item.mention_start is not None
            and item.mention_start == last.mention_start
        ):
            last.text = f"{last.text} {item.text}"
            last.end = item.end
            last.spans.append((item.start, item.end))
            continue
        out.append(item)
    return out


def _marks_inside(para: _Para, frame: Frame) -> bool:
    """Whether the content holds quotation marks, a scare quote's included ("the view that
    he is “natural born”"): its words are then partly quoted, so it is mixed."""
    i = bisect_left(para.quote_starts, frame.start)
    return i < len(para.quotes) and para.quotes[i].outer_end <= frame.end + 1


def _all_quoted(body: str, frame: Frame, quotes: list[Quote]) -> bool:
    pos, rest = frame.start, []
    for q in quotes:
        rest.append(body[pos : q.start])
        pos = q.end
    rest.append(body[pos : frame.end])
    return not any(ch.isalnum() for part in rest for ch in part)


def _frame_attribution(
    body: str,
    para: _Para,
    frame: Frame,
    resolved: dict[tuple[int, int], Entity | None],
    inside: list[Quote],
) -> Reported:
    m = frame.mention
    entity = resolved.get((m.start, m.end)) if m is not None else None
    speaker = entity.name if entity else (describe(m) if m and m.kind == "nominal" else None)
    mention_end = (frame.mention_end or m.end) if m is not None else None
    if speaker is None and inside and inside[0].speaker:
        speaker = inside[0].speaker  # the quotation's own attribution found a name
    spans = [(frame.start, frame.end)]
    if frame.gap is not None:  # "The idea, he noted, may ...": the content around the cue
        spans = [(frame.start, frame.gap[0]), (frame.gap[1], frame.end)]
    return Reported(
        " ".join(body[s:e] for s, e in spans),
        frame.start,
        frame.end,
        "mixed" if inside or _marks_inside(para, frame) else "indirect",
        speaker,
        body[m.start : mention_end] if m is not None else None,
        m.start if m is not None else None,
        mention_end,
        frame.cue,
        para.index,
        frame.promise,
        spans,
    )


def _colon_speaker(
    registry: Registry,
    masked: str,
    para: _Para,
    cue_speakers: list[tuple[int, Mention, Entity]],
) -> tuple[Mention, Entity] | None:
    """Who introduces the next paragraph's quotation in a paragraph that ends with a colon:
    its last cue's named subject ("Lee said:"), else its last sentence's known named subject
    ("Lee made the following comment:"). None when the paragraph quotes someone itself."""
    if para.quotes:
        return None
    if cue_speakers:
        _, m, entity = cue_speakers[-1]
        return m, entity
    s, e = para.sentences[-1] if para.sentences else (para.start, para.end)
    subject = _sentence_subject(masked, s, e)
    known = registry.resolve(subject, subject.start) if subject is not None else None
    if subject is None or known is None:
        return None
    return subject, known


def _compatible(pronoun: Mention, entity: Entity) -> bool:
    """Whether a pronoun can stand for an entity (number and gender, as far as known)."""
    low = pronoun.text.lower()
    if low in ("it", "they", "we"):
        return entity.organisation
    if not entity.person_like:
        return False
    return not (pronoun.gender and entity.gender and pronoun.gender != entity.gender)


def _said_beside(body: str, q: RawQuote, attr: Attribution) -> bool:
    """Whether the quotation's speaker stands right beside it, with at most the cue between
    ("“Merry Christmas,” Trump said", "Hart answered: “Absolutely,”"): then it is speech,
    however it is capitalised."""
    m = attr.mention
    if m is None:
        return False
    if m.start >= q.outer_end:
        gap = body[q.outer_end : m.start]
    else:
        gap = body[attr.full_end or m.end : q.outer_start]
    if len(gap) > 40:
        return False
    return not gap.strip(" ,:—-") or (attr.cue is not None and attr.cue.lower() in gap.lower())


def _make_quote(
    body: str, para: _Para, q: RawQuote, attr: Attribution, entity: Entity | None
) -> Quote | None:
    quoted = body[q.start : q.end]
    words = len(quoted.split())
    unattributed_short = attr.mention is None and words <= 4 and not q.single
    if unattributed_short and (is_title(quoted) or words <= 2):
        return None
    if looks_like_term(body, q, words) or (words <= 6 and is_title(quoted) and not q.single):
        return None
    if words <= 6 and names_a_work(body, q, quoted):
        return None
    if words <= 6 and reads_as_title(quoted, q) and not _said_beside(body, q, attr):
        return None
    if q.single and (words > 12 or (attr.mention is None and q.outer_start != para.start)):
        return None
    m = attr.mention
    speaker = entity.name if entity else (describe(m) if m and m.kind == "nominal" else None)
    mention_end = (attr.full_end or m.end) if m else None
    return Quote(
        text=quoted,
        start=q.start,
        end=q.end,
        is_direct=_is_direct(body, para, q),
        speaker=speaker,
        speaker_mention=body[m.start : mention_end] if m else None,
        mention_start=m.start if m else None,
        mention_end=mention_end,
        cue=attr.cue,
        paragraph=para.index,
    )


def _is_direct(body: str, para: _Para, q: RawQuote) -> bool:
    """A full quotation starts a sentence (capital or paragraph start); a partial one does not."""
    first = body[q.start : q.start + 1]
    before = body[max(para.start, q.outer_start - 3) : q.outer_start].strip()
    return first.isupper() or first.isdigit() or not before or before.endswith((":", ".", ","))


def _continue(quote: Quote, previous: Quote | None, registry: Registry, pos: int) -> Quote:
    """An unattributed quotation carries on the previous speaker (continued or "X said:")."""
    if previous is not None:
        quote.speaker = previous.speaker
        quote.speaker_mention = previous.speaker_mention
        quote.mention_start, quote.mention_end = previous.mention_start, previous.mention_end
        quote.cue = previous.cue
        return quote
    entity = registry.last_speaker(pos)
    if entity is not None:
        quote.speaker = entity.name
        quote.speaker_mention = entity.mentions[-1] if entity.mentions else entity.name
    return quote


def _statements(
    body: str, paras: list[_Para], quotes: list[Quote], promises: list[Reported]
) -> list[Statement]:
    """Checkable sentences. A sentence that reports a promise ("a 2008 promise by NATO to
    consider membership") is a promise claim whose speaker is the promiser."""
    out: list[Statement] = []
    lower = body.lower()
    # None when a few characters lower-case to two: keep the case-blind patterns.
    lowered = lower if len(lower) == len(body) else None
    index = CueIndex(body, lowered)
    hints = number_hints(body, lowered)
    qi = 0
    for para in paras:
        if para.kind != "text":
            continue  # headings, list items, footnotes and asides are not statements
        for s, e in para.sentences:
            h = bisect_left(hints, s)
            hinted = h < len(hints) and hints[h] < e
            if hinted:
                inside_hints = hints[h : bisect_left(hints, e, h)]
                quantities = find_quantities(
                    body, s, e, hinted=True, lowered=lowered, hints=inside_hints
                )
            else:
                quantities = []
            kind = index.classify_span(s, e, quantities)
            promise = next((p for p in promises if s <= p.start < e and p.speaker), None)
            if promise is not None and not quantities:
                kind = "promise"
            if kind == "other":
                continue
            while qi < len(quotes) and quotes[qi].end < s:
                qi += 1
            inside = next((q for q in quotes[qi : qi + 8] if q.start < e and q.end > s), None)
            sentence = body[s:e]
            speaker = inside.speaker if inside else None
            if promise is not None and kind == "promise":
                speaker = promise.speaker
            score = checkworthiness(
                sentence,
                kind,
                quantities,
                named=speaker is not None,
                quoted=inside is not None,
                promiser=promise is not None and kind == "promise",
            )
            out.append(
                Statement(
                    sentence,
                    s,
                    e,
                    kind,
                    quantities,
                    score,
                    speaker,
                    promise.text if promise is not None and kind == "promise" else None,
                )
            )
    return out


def _speakers(registry: Registry, quoted: set[str]) -> list[Speaker]:
    """The entities that speak in the result (quoted or reported)."""
    return [
        Speaker(
            name=e.name,
            role=e.role,
            kind="organisation" if e.organisation else "person",
            mentions=list(e.mentions),
        )
        for e in registry.entities
        if e.name in quoted
    ]
