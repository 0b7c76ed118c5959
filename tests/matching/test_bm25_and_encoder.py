from __future__ import annotations

import numpy as np

from factcheck.lib.matching.bm25 import BM25Index
from factcheck.lib.matching.wordpiece import WordPiece
from matching.encoders import bundled_model_dir, get_encoder


def test_it_ranks_the_document_sharing_rare_terms_first():
    index = BM25Index([["vaccine", "autism"], ["vaccine", "safe"], ["weather", "rain"]])
    scores = index.scores(["autism", "vaccine"])
    assert int(np.argmax(scores)) == 0
    assert scores[2] == 0


def test_it_tokenizes_like_bert_uncased():
    model_dir = bundled_model_dir()
    assert model_dir is not None
    tokenizer = WordPiece(model_dir / "vocab.txt")
    # [CLS] hello , world ! [SEP], as BertTokenizer gives them for this vocabulary.
    assert tokenizer.encode("Hello, world!") == [101, 7592, 1010, 2088, 999, 102]


def test_it_embeds_paraphrases_close_and_unrelated_texts_apart():
    encoder = get_encoder()
    assert encoder is not None
    vectors = encoder.encode(
        [
            "A man is eating food.",
            "A man is eating a piece of bread.",
            "The girl is carrying a baby.",
        ]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    # sentence-transformers gives 0.7553 for the first pair with all-MiniLM-L6-v2.
    assert abs(float(vectors[0] @ vectors[1]) - 0.7553) < 0.002
    assert float(vectors[0] @ vectors[2]) < 0.1


def test_it_falls_back_to_lexical_matching_when_no_encoder_is_installed(monkeypatch):
    monkeypatch.setattr("matching.encoders.bundled_model_dir", lambda: None)
    get_encoder.cache_clear()
    assert get_encoder() is None


def test_a_deployment_can_point_at_another_model_directory(settings):
    model_dir = bundled_model_dir()
    assert model_dir is not None
    settings.MATCHING_MODEL_DIR = str(model_dir)
    get_encoder.cache_clear()
    encoder = get_encoder()
    assert encoder is not None
    assert encoder.name == f"{model_dir.name}:53aa51172d14"
