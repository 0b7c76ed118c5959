"""Pure helpers for claim matching ("has this been checked before?"): no ORM, no app import.

``numbers`` finds the quantities a text states and writes them one canonical way ("13,000",
"13000", "13 thousand" and "thirteen thousand" are all ``13000``); ``tokens`` turns a text into
the lexical terms BM25 ranks on, each number one term; ``bm25`` is a small in-memory Okapi
BM25 index over those terms; ``wordpiece`` and ``minilm`` are a NumPy sentence encoder for
BERT-family models shipped as ``safetensors`` (the default, all-MiniLM-L6-v2, comes inside a
PyPI package). They do not decide what is the same claim: that is the ``matching`` app's job.
"""
