"""Years written in words: "two thousand and nine" (2009), "nineteen ninety-five" (1995),
"twenty twelve" (2012), "nineteen oh five" (1905), "eighteen hundred" (1800).

The finder's pattern (``SPELLED_YEAR_RE`` in :mod:`curator.temporal.lexicon`) decides what may
be a year; :func:`spelled_year` gives its number.
"""

from __future__ import annotations

import re
from typing import Optional

_SMALL = {"oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
          "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
          "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
          "seventy": 70, "eighty": 80, "ninety": 90}


def _below_hundred(words: list[str]) -> Optional[int]:
    """"ninety five" -> 95, "oh five" -> 5, "twelve" -> 12; None when the words are no number."""
    if not words or any(w not in _SMALL for w in words) or len(words) > 2:
        return None
    if len(words) == 1:
        return _SMALL[words[0]]
    tens, unit = _SMALL[words[0]], _SMALL[words[1]]
    if (tens == 0 or tens >= 20 and tens % 10 == 0) and 1 <= unit <= 9:
        return tens + unit
    return None


def spelled_year(phrase: str) -> Optional[int]:
    """The year ``phrase`` names in words, or None when it names none."""
    words = [w for w in re.split(r"[\s-]+", phrase.lower()) if w and w != "and"]
    if len(words) >= 2 and words[:2] == ["two", "thousand"]:
        rest = _below_hundred(words[2:])
        return 2000 + rest if rest is not None and rest >= 1 else None
    if len(words) < 2 or words[0] not in _SMALL:
        return None
    century = _SMALL[words[0]]
    if not 13 <= century <= 20:
        return None
    if words[1:] == ["hundred"]:
        return century * 100
    rest = _below_hundred(words[1:])
    if rest is None or (words[1] != "oh" and rest < 10):
        return None
    return century * 100 + rest
