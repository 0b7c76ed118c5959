"""Matching knobs, read from Django settings with these defaults.

``MATCHING_ENCODER``: ``"default"`` (the bundled all-MiniLM-L6-v2 when its package is
installed, else none), ``"none"`` (lexical matching only), or a dotted path to a zero-argument
callable returning an :class:`matching.encoders.Encoder`.
``MATCHING_MODEL_DIR``: a sentence-transformers model directory to use instead of the bundled
one (BERT family, ``model.safetensors`` and ``vocab.txt``).
``MATCHING_INDEX_TTL``: seconds a process trusts its in-memory index before asking the
database whether anything changed (writes made through this app's services and the desk's
saves make the next read ask).
``MATCHING_INDEX_BACKGROUND``: rebuild a changed index in a thread while readers keep the old
one (default); False rebuilds inline (the test settings: no thread outlives a test).
``MATCHING_IMPORT_MAX_BYTES``, ``MATCHING_IMPORT_TIMEOUT``: the size (default 50 MB) and time
(default 30 s) limits of ``import_claimreview URL``; ``MATCHING_IMPORT_ALLOW_PRIVATE_URLS``
lifts the address policy's public-address and port rules (a feed on this machine, in
development; never in deployment).
``MATCHING_INTAKE_CHECK``: whether ingestion asks matching about each new statement (default
True; a bulk backfill of an archive may turn it off: it then dedupes by fingerprint only).
``MATCHING_INTAKE_EMBED``: embed each ingested statement for the intake near-duplicate check
(default False: words, numbers and BM25 only; see ``selectors.near_duplicates_many``).
"""

from __future__ import annotations

from django.conf import settings


def encoder_setting() -> str:
    return str(getattr(settings, "MATCHING_ENCODER", "default"))


def model_dir_setting() -> str:
    return str(getattr(settings, "MATCHING_MODEL_DIR", ""))


def index_ttl() -> float:
    return float(getattr(settings, "MATCHING_INDEX_TTL", 30.0))


def intake_check() -> bool:
    return bool(getattr(settings, "MATCHING_INTAKE_CHECK", True))


def intake_embed() -> bool:
    return bool(getattr(settings, "MATCHING_INTAKE_EMBED", False))


def import_max_bytes() -> int:
    return int(getattr(settings, "MATCHING_IMPORT_MAX_BYTES", 50 * 1024 * 1024))


def import_timeout() -> float:
    return float(getattr(settings, "MATCHING_IMPORT_TIMEOUT", 30.0))


def import_allow_private_urls() -> bool:
    return bool(getattr(settings, "MATCHING_IMPORT_ALLOW_PRIVATE_URLS", False))


def index_background() -> bool:
    return bool(getattr(settings, "MATCHING_INDEX_BACKGROUND", True))


# Fusion: BM25 and the cosine are each standardised per query over the pooled candidates and
# mixed with this share for BM25. The embedding alone ranks better than BM25 alone (MAP@5 0.80
# against 0.74 on the CLEF-2020 dev queries), hence less than half; 0.3 to 0.4 is a plateau.
LEXICAL_WEIGHT = 0.3
# Intake: at or above SAME_CLAIM a statement is the same claim (a new appearance of it); in
# [POSSIBLE_DUPLICATE, SAME_CLAIM) it is shown as a possible duplicate. Cosine with an
# encoder, term-set overlap (Jaccard) without one.
SAME_CLAIM_COSINE = 0.92
POSSIBLE_DUPLICATE_COSINE = 0.80
SAME_CLAIM_OVERLAP = 0.85
POSSIBLE_DUPLICATE_OVERLAP = 0.55
