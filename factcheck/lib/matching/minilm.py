"""A BERT encoder with mean pooling in NumPy: sentence embeddings without PyTorch.

It reads a sentence-transformers model directory (``config.json``, ``vocab.txt``,
``model.safetensors``, ``sentence_bert_config.json``) and reproduces the model's
``Transformer -> mean Pooling -> Normalize`` pipeline in float32. A 6-layer, 384-wide model
(all-MiniLM-L6-v2) embeds a tweet-length text in a few milliseconds on one CPU core.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

from .wordpiece import WordPiece

Array = npt.NDArray[np.float32]
_DTYPES: dict[str, type[np.floating]] = {"F32": np.float32, "F16": np.float16}


def read_safetensors(path: Path) -> dict[str, Array]:
    """The floating-point tensors of a ``.safetensors`` file, as float32 (8-byte header length,
    JSON header, raw data); integer buffers such as ``position_ids`` are skipped."""
    data = path.read_bytes()
    (header_length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_length])
    base = 8 + header_length
    tensors: dict[str, Array] = {}
    for name, spec in header.items():
        if name == "__metadata__" or not spec["dtype"].startswith("F"):
            continue
        start = spec["data_offsets"][0]
        dtype = _DTYPES[spec["dtype"]]
        count = int(np.prod(spec["shape"])) if spec["shape"] else 1
        array = np.frombuffer(data, dtype=dtype, count=count, offset=base + start)
        tensors[name] = array.reshape(spec["shape"]).astype(np.float32)
    return tensors


def _erf(x: Array) -> Array:
    # Abramowitz and Stegun 7.1.26 (absolute error < 1.5e-7): NumPy has no erf, and BERT's
    # GELU is the exact, erf-based one.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)


def _layer_norm(x: npt.NDArray[np.floating], weight: Array, bias: Array, eps: float) -> Array:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return ((x - mean) / np.sqrt(var + eps) * weight + bias).astype(np.float32, copy=False)


class MiniLM:
    """``encode(texts) -> (n, dim)`` unit vectors, as sentence-transformers would give them."""

    def __init__(self, model_dir: Path, *, batch_size: int = 32, threads: int = 1):
        config = json.loads((model_dir / "config.json").read_text())
        st_config_file = model_dir / "sentence_bert_config.json"
        st_config = json.loads(st_config_file.read_text()) if st_config_file.exists() else {}
        self.layers = int(config["num_hidden_layers"])
        self.heads = int(config["num_attention_heads"])
        self.dim = int(config["hidden_size"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.batch_size = batch_size
        # One BLAS thread by default: these products are small, and OpenBLAS's worker threads
        # spinning on a shared machine made one query 30 times slower than a single thread.
        self.threads = threads
        self.tokenizer = WordPiece(
            model_dir / "vocab.txt", max_length=int(st_config.get("max_seq_length", 256))
        )
        raw = read_safetensors(model_dir / "model.safetensors")
        self.w = {k.removeprefix("bert."): v for k, v in raw.items()}
        # Linear layers are stored (out, in); transpose once so the forward pass is x @ W.
        for name in list(self.w):
            if name.endswith(".weight") and "LayerNorm" not in name and "embeddings" not in name:
                self.w[name] = np.ascontiguousarray(self.w[name].T)

    def encode(self, texts: Sequence[str]) -> Array:
        ids = [self.tokenizer.encode(t) for t in texts]
        order = np.argsort([len(i) for i in ids])  # batch similar lengths: less padding
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with threadpool_limits(limits=self.threads, user_api="blas"):
            for start in range(0, len(ids), self.batch_size):
                chunk = order[start : start + self.batch_size]
                out[chunk] = self._forward([ids[i] for i in chunk])
        return out

    def _forward(self, batch: list[list[int]]) -> Array:
        w = self.w
        length = max(len(i) for i in batch)
        ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, seq in enumerate(batch):
            ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1.0
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(
            x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps
        )
        bias = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
        for layer in range(self.layers):
            x = self._layer(x, bias, f"encoder.layer.{layer}.")
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def _layer(self, x: Array, bias: Array, p: str) -> Array:
        w = self.w
        n, length, dim = x.shape
        head = dim // self.heads
        x = x.reshape(n * length, dim)  # 2-D products go to one BLAS call each (3-D: one per row)

        def split(t: Array) -> Array:
            return t.reshape(n, length, self.heads, head).transpose(0, 2, 1, 3)

        q = split(x @ w[p + "attention.self.query.weight"] + w[p + "attention.self.query.bias"])
        k = split(x @ w[p + "attention.self.key.weight"] + w[p + "attention.self.key.bias"])
        v = split(x @ w[p + "attention.self.value.weight"] + w[p + "attention.self.value.bias"])
        scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head)) + bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(n * length, dim)
        attn = (
            context @ w[p + "attention.output.dense.weight"] + w[p + "attention.output.dense.bias"]
        )
        x = _layer_norm(
            x + attn,
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
            self.eps,
        )
        h = x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"]
        h = 0.5 * h * (1.0 + _erf(h / np.float32(np.sqrt(2.0))))
        out = h @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"]
        x = _layer_norm(
            x + out, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps
        )
        return x.reshape(n, length, dim)
