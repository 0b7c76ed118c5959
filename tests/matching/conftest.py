"""Matching tests start from an empty index and the bundled encoder, re-read every time."""

from __future__ import annotations

import pytest

from matching.encoders import get_encoder
from matching.index import cache


@pytest.fixture(autouse=True)
def _fresh_index(settings):
    settings.MATCHING_INDEX_TTL = 0
    settings.MATCHING_INDEX_BACKGROUND = False
    get_encoder.cache_clear()
    cache.clear()
    yield
    get_encoder.cache_clear()
    cache.clear()


@pytest.fixture
def lexical_only(settings):
    """No sentence encoder: matching falls back to BM25 alone."""
    settings.MATCHING_ENCODER = "none"
    get_encoder.cache_clear()
    cache.clear()
