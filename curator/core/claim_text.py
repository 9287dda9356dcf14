"""Text helpers for the claims finder: folding (case and accents), title tokens (stop words and
numbers dropped, a light English stemmer) and a symmetric token similarity that forgives
spelling variants ("Sheykh" / "Sheikh", "centre" / "center"). Qt-free, stdlib only."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

STOP_WORDS = frozenset("""
a about above after again against all also an and any are as at be been before being below between
both but by can could did do does during each few for from further had has have he her here his how
i if in into is it its itself just me more most my no nor not now of off on once only or other our
out over own same she should so some such than that the their them then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your begins begin started starts start says said near amid
""".split())

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NUMBER = re.compile(r"\d")


def fold(text: str) -> str:
    """Case and accents folded: "Ḥalab" -> "halab", "São" -> "sao"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    """A light suffix stripper, enough to match "kills"/"killed", "captures"/"captured",
    "breaks"/"break"; words of four letters or fewer are kept."""
    if len(word) <= 4:
        return word
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: len(word) - len(suffix)] + replacement
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


@lru_cache(maxsize=65536)
def title_tokens(title: str) -> frozenset[str]:
    """The title's content words, folded and stemmed; stop words, one-letter words and anything
    holding a digit (figures are compared apart, as differences) are dropped."""
    words = (w.replace("’", "'").split("'")[0] for w in _WORD.findall(fold(title)))
    return frozenset(stem(w) for w in words if len(w) > 1 and w not in STOP_WORDS and not _NUMBER.search(w))


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


def tokens_match(a: str, b: str) -> bool:
    """Equal, or both of five letters or more and one edit apart (a spelling variant)."""
    return a == b or (min(len(a), len(b)) >= 5 and _edit_distance_at_most_one(a, b))


def title_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the two titles' tokens that find a match on the other side (symmetric by
    construction; 0 when either title has no content word)."""
    if not a or not b:
        return 0.0
    common = a & b
    only_a, only_b = a - common, b - common
    fuzzy_a = sum(1 for x in only_a if any(tokens_match(x, y) for y in only_b))
    fuzzy_b = sum(1 for y in only_b if any(tokens_match(x, y) for x in only_a))
    return (2 * len(common) + fuzzy_a + fuzzy_b) / (len(a) + len(b))
