"""A canonical form of a claim's text, so one statement matches across articles."""

from __future__ import annotations

import re
import unicodedata

_MARKS = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‟": '"', "″": '"',
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
        "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-", "‐": "-", "‑": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u00ad": "",
    }
)  # fmt: skip
_THOUSANDS = re.compile(r"(?<=\d)[,\u202f](?=\d{3}(?!\d))")
_SPACE = re.compile(r"\s+")


def normalise_claim_text(text: str) -> str:
    """Casefold, unify quote marks, apostrophes and dashes, collapse spaces, "13,000" -> "13000".

    Two outlets printing the same sentence differ in exactly these ways, so ingestion compares
    this form to decide whether a sentence is a new claim or a new appearance of an old one.
    """
    text = unicodedata.normalize("NFKC", text).translate(_MARKS)
    text = _THOUSANDS.sub("", text)
    return _SPACE.sub(" ", text).strip().casefold()
