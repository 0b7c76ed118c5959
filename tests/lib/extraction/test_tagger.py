"""The learned reported-speech tagger: its NumPy decoding, its model file, and how its spans
join the rules' frames. Snippets written here; the shipped model is trained by
bench/train_reported.py on PolNeAR and is scored by make bench-accuracy, not here."""

from __future__ import annotations

from pathlib import Path

import pycrfsuite
import pytest

from factcheck.lib.extraction import core, extract, tagger
from factcheck.lib.extraction.mentions import mention_before
from factcheck.lib.extraction.reported import Frame

# Sentences with their reported content marked by [ ], cue by { } and source by < >.
TRAINING = [
    "<Ann Lee> {said} [the plan would fail] .",
    "<Tom Ruiz> {argued} that [taxes were too high] .",
    "<The mayor> {believes} [the bridge is safe] .",
    "[Prices will rise] , <the bank> {warned} .",
    "The bridge opened in May after two years of work .",
    "<Critics> {fear} [the law will cut jobs] .",
    "Rain fell across the north on Sunday .",
    "<She> {insisted} [nothing had changed] .",
    "The company sold its shares to a rival firm .",
    "<Officials> {expect} [the vote to pass] .",
]


def parse(marked: str) -> tuple[str, list[str]]:
    """The sentence without its marks, and the BIO label of each of its tokens."""
    words, labels = [], []
    kind, first = "", False
    for raw in marked.split():
        closing = {"[": ("C", True), "{": ("V", True), "<": ("S", True)}
        if raw in ("]", "}", ">"):
            kind = ""
            continue
        for opener, (k, _) in closing.items():
            if raw.startswith(opener):
                kind, first, raw = k, True, raw[1:]
        end = raw.endswith(("]", "}", ">"))
        raw = raw.rstrip("]}>")
        words.append(raw)
        labels.append(("B-" if first else "I-") + kind if kind else "O")
        first = False
        if end:
            kind = ""
    return " ".join(words), labels


def sentence(text: str) -> tuple[str, list[tuple[int, int]]]:
    return text, tagger.tokens(text, 0, len(text))


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[pycrfsuite.Tagger, tagger.Model]:
    trainer = pycrfsuite.Trainer(verbose=False)
    for marked in TRAINING * 3:
        text, labels = parse(marked)
        _, toks = sentence(text)
        assert len(toks) == len(labels), marked
        trainer.append(tagger.features(text, toks, {}), labels)
    trainer.set_params({"c1": 0.0, "c2": 0.01, "max_iterations": 60})
    path = tmp_path_factory.mktemp("crf") / "model.crfsuite"
    trainer.train(str(path))
    crf = pycrfsuite.Tagger()
    crf.open(str(path))
    return crf, tagger.Model.from_crfsuite(crf.info())


def joined(
    texts: list[str],
) -> tuple[str, list[tuple[list[tuple[int, int]], dict[int, list[str]]]]]:
    """The texts as one body, two spaces apart, with each one's tokens as a sentence."""
    body = "  ".join(texts)
    sentences: list[tuple[list[tuple[int, int]], dict[int, list[str]]]] = []
    pos = 0
    for text in texts:
        sentences.append((tagger.tokens(body, pos, pos + len(text)), {}))
        pos += len(text) + 2
    return body, sentences


def crf_labels(crf: pycrfsuite.Tagger, texts: list[str]) -> list[list[str]]:
    return [crf.tag(tagger.features(t, tagger.tokens(t, 0, len(t)), {})) for t in texts]


UNSEEN = [
    "Ann Lee said the tax would fail .",
    "Critics believe the plan is too costly and the mayor argued that prices will rise .",
    "The bank opened in June .",
    "Prices will fall , she warned .",
    "x",
]


def test_numpy_decoding_labels_every_token_as_crfsuite_does(
    trained: tuple[pycrfsuite.Tagger, tagger.Model],
) -> None:
    crf, model = trained
    batch = [sentence(text) for text in UNSEEN]
    for text, toks in batch:
        ours = model.labels_of(text, [(toks, {})])[0]
        assert ours == crf.tag(tagger.features(text, toks, {})), text
    # All sentences decoded in one batch give the same labels as one at a time.
    many = model.labels_of(*joined(UNSEEN))
    assert many == crf_labels(crf, UNSEEN)
    assert any(label != "O" for labels in many for label in labels)  # it found speech


def test_a_full_word_cache_is_emptied_between_calls_never_inside_one(
    trained: tuple[pycrfsuite.Tagger, tagger.Model],
) -> None:
    crf, shared = trained
    model = shared.fork()
    model.word_cache = 40
    filler = [" ".join(f"w{n}x{k}" for k in range(8)) + " ." for n in range(10)]
    texts = [UNSEEN[0], *filler, UNSEEN[1]]
    for _ in range(2):  # the second call starts on a full cache
        assert model.labels_of(*joined(texts)) == crf_labels(crf, texts)


def test_many_sentences_are_decoded_in_chunks_with_the_same_labels(
    trained: tuple[pycrfsuite.Tagger, tagger.Model],
) -> None:
    crf, shared = trained
    model = shared.fork()
    model.chunk = 2
    assert model.labels_of(*joined(UNSEEN)) == crf_labels(crf, UNSEEN)


def test_rule_marks_feed_the_same_scores_as_crfsuite_attributes(
    trained: tuple[pycrfsuite.Tagger, tagger.Model],
) -> None:
    crf, model = trained
    text, toks = sentence("The mayor believes the bridge is safe .")
    marks = {1: ["fm"], 2: ["rc"], 3: ["fc", "fs"], 4: ["fc"]}
    assert model.labels_of(text, [(toks, marks)])[0] == crf.tag(tagger.features(text, toks, marks))


def test_the_model_file_round_trips(
    trained: tuple[pycrfsuite.Tagger, tagger.Model], tmp_path: Path
) -> None:
    _, model = trained
    model.save(tmp_path / "m.npz")
    loaded = tagger.Model.load(tmp_path / "m.npz")
    text, toks = sentence(UNSEEN[1])
    assert loaded.labels == model.labels
    assert loaded.labels_of(text, [(toks, {})]) == model.labels_of(text, [(toks, {})])


def test_spans_read_content_with_its_nearest_cue_and_source() -> None:
    text, toks = sentence("Ann Lee said the plan would fail .")
    labels = ["B-S", "I-S", "B-V", "B-C", "I-C", "I-C", "I-C", "O"]
    [t] = tagger.spans(toks, labels)
    assert text[t.start : t.end] == "the plan would fail"
    assert t.cue is not None and text[t.cue[0] : t.cue[1]] == "said"
    assert t.source is not None and text[t.source[0] : t.source[1]] == "Ann Lee"


def test_a_sentence_is_read_only_up_to_a_bounded_number_of_tokens() -> None:
    text = "word " * 10_000
    assert len(tagger.tokens(text, 0, len(text))) == tagger.MAX_TOKENS


def _para(text: str) -> tuple[str, core._Para]:
    masked, paras = core._read(text, None)
    return masked, paras[0]


def test_a_rule_frame_keeps_its_bounds_and_speaker_where_the_tagger_overlaps_it() -> None:
    text = "Lee said the plan, which was new, would fail badly."
    masked, para = _para(text)
    rule = Frame(9, 17, "said", mention_before(text, 0, 4), None)
    tagged = tagger.Tagged(9, text.index(" badly"), (4, 8), (0, 3))
    [frame] = core._merge_tagged(masked, para, [rule], [(0, len(text), tagged)])
    assert (frame.start, frame.end, frame.cue) == (9, 17, "said")
    assert frame.mention is rule.mention


def test_a_rule_frame_without_a_speaker_takes_the_taggers_source() -> None:
    text = "Lee said the plan would fail."
    masked, para = _para(text)
    rule = Frame(9, text.index("."), "said", None, None)
    tagged = tagger.Tagged(9, text.index("."), (4, 8), (0, 3))
    [frame] = core._merge_tagged(masked, para, [rule], [(0, len(text), tagged)])
    assert frame.mention is not None and frame.mention.text == "Lee"


def test_a_source_inside_the_content_is_no_speaker() -> None:
    text = "The council is expected to approve the budget."
    masked, para = _para(text)
    rule = Frame(0, text.index("."), "shows", None, None)
    tagged = tagger.Tagged(0, text.index("."), (15, 23), (0, 11))
    [frame] = core._merge_tagged(masked, para, [rule], [(0, len(text), tagged)])
    assert frame.mention is None


def test_tagged_content_where_no_rule_frame_is_becomes_a_frame_with_its_source() -> None:
    text = "Officials expect the vote to pass on Tuesday."
    masked, para = _para(text)
    content = (text.index("the vote"), text.index(" on Tuesday"))
    tagged = tagger.Tagged(*content, (10, 16), (0, 9))
    [frame] = core._merge_tagged(masked, para, [], [(0, len(text), tagged)])
    assert text[frame.start : frame.end] == "the vote to pass"
    assert frame.cue == "expect"
    assert frame.mention is not None and frame.mention.text == "Officials"


def test_tagged_content_inside_a_quotation_is_left_to_the_rules() -> None:
    text = "Lee said: “The plan will fail.”"
    masked, para = _para(text)
    quoted = tagger.Tagged(text.index("The"), text.index(".”"), (4, 8), (0, 3))
    assert core._merge_tagged(masked, para, [], [(0, len(text), quoted)]) == []


def test_without_a_model_file_the_rules_alone_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tagger, "_LOCAL", tagger._Local())
    monkeypatch.setenv("FACTCHECK_TAGGER", "/nonexistent/model.npz")
    result = extract("Ann Lee said the plan would fail next year.", fmt="text")
    assert [(a.kind, a.speaker) for a in result.attributions] == [("indirect", "Ann Lee")]
