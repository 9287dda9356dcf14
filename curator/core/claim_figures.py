"""Figures a report claims ("kills 76", "killed at least 70", "16-18 civilians", "more than 1,000
people") read from an event's title, description and evidence quotes, so that two reports of one
happening can show where their figures disagree. Qt-free, stdlib only.

A figure is a number written in digits (thousands with commas: "130,000"), or a range ("16-18",
"70–100", "between 6 and 12"), with its qualifier ("at least", "more than", "about", "up to" ...)
and the word it counts ("people", "civilians", "rebels"; or the verb before it: "kills 76").
Dates are not figures: years (1900-2099), day numbers beside a month name ("22 May", "May 22"),
ordinals ("20th") and numbers inside words ("Base 80", "Height 53" stay: they are names, read
as the word before them is capitalised). Numbers written as words ("fifteen") are not read.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Optional

MONTHS = ("january february march april may june july august september october november december "
          "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_QUALIFIERS = {
    "at least": "at least", "more than": "more than", "over": "more than", "nearly": "about",
    "about": "about", "around": "about", "some": "about", "approximately": "about",
    "an estimated": "about", "almost": "about", "up to": "up to", "at most": "up to",
    "fewer than": "fewer than", "less than": "fewer than", "dozens of": "about",
}
_NUM = r"\d{1,3}(?:,\d{3})+|\d+"
_FIGURE = re.compile(
    rf"(?:(?P<between>between)\s+)?(?P<low>{_NUM})(?:\s*(?:-|–|—|to|and)\s*(?P<high>{_NUM}))?"
    rf"(?P<ordinal>st|nd|rd|th)?\b", re.IGNORECASE)
_WORD_AFTER = re.compile(r"\s*([A-Za-z][A-Za-z-]*)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z-]*)\W*$")
_COUNT_VERBS = ("kill", "dead", "die", "wound", "injur", "fled", "flee", "displac", "captur",
                "arrest", "detain", "lost")
_SKIP_AFTER = {"km", "kilometers", "kilometres", "meters", "metres", "square", "percent", "%", "hours",
               "days", "weeks", "months", "years", "am", "pm"}


@dataclass(frozen=True)
class Figure:
    text: str  # as written, with its qualifier: "at least 70", "16-18 civilians"
    low: int
    high: int
    qualifier: str  # "", "at least", "more than", "about", "up to", "fewer than"
    counts: str  # the word it counts ("people", "civilians") or the verb before it ("kills"), or ""

    def as_dict(self) -> dict:
        return asdict(self)


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def _is_date_or_name(text: str, start: int, end: int, low: str, high: Optional[str]) -> bool:
    before = text[max(0, start - 12):start].lower()
    after = text[end:end + 12].lower()
    word_after = _WORD_AFTER.match(after)
    word_before = _WORD_BEFORE.search(text[max(0, start - 30):start])
    if high is None and len(low) == 4 and low.isdigit() and 1900 <= int(low) <= 2099:
        return True  # a year
    if word_after and word_after.group(1).lower() in MONTHS:
        return True  # "22 May", "8-10 October"
    if word_before and word_before.group(1).lower() in MONTHS and not before.rstrip().endswith(","):
        return True  # "May 22"
    name = word_before.group(1) if word_before else ""
    if name[:1].isupper() and text[max(0, start - len(name) - 1):start] == name + " " \
            and name.lower() not in _QUALIFIER_WORDS and name.lower() not in MONTHS \
            and not any(v in name.lower() for v in _COUNT_VERBS):
        return True  # "Base 80", "Height 53": a name's number
    return False


_QUALIFIER_WORDS = {w for q in _QUALIFIERS for w in q.split()} | {"between", "from", "on", "the", "and"}


def figures_in(text: str) -> list[Figure]:
    """The figures ``text`` claims, in the order written."""
    found = []
    for match in _FIGURE.finditer(text):
        if match.group("ordinal"):
            continue
        start, end = match.span()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".,/:"):
            continue
        if end < len(text) and text[end:end + 1] in ("/", ":") or text[end:end + 2].startswith(".") and text[end + 1:end + 2].isdigit():
            continue
        low, high = match.group("low"), match.group("high")
        if _is_date_or_name(text, start, end, low, high):
            continue
        qualifier = ""
        head = text[max(0, start - 16):start].lower()
        for words, meaning in _QUALIFIERS.items():
            if re.search(rf"\b{words}\s+$", head):
                qualifier = meaning
                start -= len(head) - head.rfind(words)
                break
        counts = ""
        word_after = _WORD_AFTER.match(text, end)
        if word_after and word_after.group(1).lower() not in _SKIP_AFTER and not word_after.group(1)[:1].isupper():
            counts = word_after.group(1)
            end = word_after.end()
        elif word_after and word_after.group(1).lower() in _SKIP_AFTER:
            continue  # a distance, a share, a duration: not a claimed count
        if not counts:
            word_before = _WORD_BEFORE.search(text[max(0, start - 30):start])
            if word_before and any(v in word_before.group(1).lower() for v in _COUNT_VERBS):
                counts = word_before.group(1)
        low_n = _int(low)
        high_n = _int(high) if high else low_n
        if high_n < low_n:  # "812 to 301" is not a range
            high_n = low_n
        found.append(Figure(text[start:end].strip(), low_n, high_n, qualifier, counts))
    return found


def figures_agree(a: list[Figure], b: list[Figure]) -> bool:
    """True when the two reports claim the same figures (the same numbers, in any order)."""
    return sorted((f.low, f.high) for f in a) == sorted((f.low, f.high) for f in b)
