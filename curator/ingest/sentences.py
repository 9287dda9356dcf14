"""Splitting a text into sentences, as code-point ranges into the text.

A readable rule set, good enough for news, reports and encyclopedia pages: a sentence ends at
. ! or ? followed by whitespace and a capital letter, digit or opening quote/bracket, unless the
word before the full stop is a known abbreviation (Mr., Gen., Jan., U.S., single initials); footnote
marks such as [71] after the full stop stay with the sentence they close; a line
break always ends a sentence (lists, headings, infobox lines). Qt-free.
"""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "maj", "capt", "sgt", "cpl", "adm",
    "gov", "sen", "rep", "pres", "sr", "jr", "no", "nos", "vs", "etc", "al", "approx", "fig", "vol",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "ca", "c", "inc", "ltd",
    "co", "corp", "dept", "est", "govt", "mt", "ft",
}
_BOUNDARY = re.compile(r"""([.!?]+["'”’)\]]*(?:\[\d+\])*)(\s+)(?=["'“‘(\[]?[A-Z0-9\u0600-\u06FF])""")
_LINE = re.compile(r"[^\r\n]+")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot - 40), dot)  # a word, not the whole text before
    if not m:
        return False
    word = m.group(1).rstrip(".")
    if len(word) == 1 and word.isalpha():  # an initial: "J. Smith", "U.S."
        return True
    if "." in word:  # "U.S", "i.e"
        return True
    return word.lower() in ABBREVIATIONS


def sentence_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, leading and trailing whitespace excluded."""
    ranges: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        start = line.start()
        for m in _BOUNDARY.finditer(text, line.start(), line.end()):
            if m.group(1).startswith(".") and len(m.group(1)) == 1 and _is_abbreviation(text, m.start()):
                continue
            ranges.append((start, m.end(1)))
            start = m.end()
        ranges.append((start, line.end()))
    trimmed = []
    for start, end in ranges:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            trimmed.append((start, end))
    return trimmed
