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
    if text.isascii():
        return text.lower()  # the same as casefold and NFKD for ASCII, many times faster
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


@lru_cache(maxsize=4096)
def title_tokens(title: str) -> frozenset[str]:
    """The title's content words, folded and stemmed; stop words, one-letter words and anything
    holding a digit (figures are compared apart, as differences) are dropped."""
    tokens = map(_token, _WORD.findall(fold(title)))
    return frozenset(t for t in tokens if t)


@lru_cache(maxsize=1 << 17)
def _token(word: str) -> str:
    """A folded word's token ("" for a word left out): words repeat, so this is cached."""
    word = word.replace("’", "'").split("'")[0]
    if len(word) <= 1 or word in STOP_WORDS or _NUMBER.search(word):
        return ""
    return stem(word)


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


def spelling_variants(vocabulary: list[str]) -> list[tuple[int, int]]:
    """The pairs (i, j), i < j, of words in ``vocabulary`` that :func:`tokens_match` as spelling
    variants (both of five letters or more, one edit apart), found through their one-letter
    deletions (a substitution leaves the same word at the same deletion, an insertion the
    shorter word itself) instead of comparing every two words."""
    groups: dict[str, list[int]] = {}
    for index, word in enumerate(vocabulary):
        if len(word) < 5:
            continue
        for key in {word, *(word[:k] + word[k + 1:] for k in range(len(word)))}:
            groups.setdefault(key, []).append(index)
    pairs: set[tuple[int, int]] = set()
    for members in groups.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = sorted((members[x], members[y]))
                if (i, j) not in pairs and vocabulary[i] != vocabulary[j] \
                        and tokens_match(vocabulary[i], vocabulary[j]):
                    pairs.add((i, j))
    return sorted(pairs)
