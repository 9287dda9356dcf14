"""Figures as sources give them: "70", "1,200", "70–100", "at least 70", "about 40", "more than
1,000", "fewer than 10". Qt-free, no database.

A figure is read into a :class:`Figure`: its ``low`` and ``high`` ends (None: open on that side)
and a ``qualifier`` saying how it was given:

========================  ============  ==========  ==========
written                   qualifier     low         high
========================  ============  ==========  ==========
``70``, ``1,200``         ``""``        70          70
``70–100``, ``70 to 100`` ``""``        70          100
``between 70 and 100``
``about 40``, ``~40``     ``about``     40          40
``at least 70``, ``70+``  ``at least``  70          None
``more than 1,000``       ``more than`` 1000        None
``at most 50``            ``at most``   None        50
``fewer than 10``         ``less than`` None        10
========================  ============  ==========  ==========

A number is written with ASCII digits, an optional sign, thousands grouped by commas (or thin or
ordinary spaces: ``1 200``) and a decimal point (``2.5``). Words that give no figure ("dozens",
"many", "several hundred") are refused: the caller names the field and the value. A plain
*number* field takes only the first row of the table (:func:`read_number`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Optional

QUALIFIERS = ("", "about", "at least", "more than", "at most", "less than")
"""How a figure was given, as stored ("" exact or a closed range)."""

LIMIT = 1e15  # figures are kept exactly (whole numbers to 15 digits)
_NUMBER = r"[-−+]?(?:\d{1,3}(?:[, \u202f\u00a0]\d{3})+|\d+)(?:\.\d+)?"
_NUMBER_RE = re.compile(rf"^{_NUMBER}$")
# the words before (or after) a number that say how it was given; longest first
_BEFORE = (
    ("approximately", "about"), ("around", "about"), ("about", "about"), ("roughly", "about"),
    ("circa", "about"), ("some", "about"), ("ca.", "about"), ("c.", "about"), ("~", "about"),
    ("≈", "about"), ("an estimated", "about"), ("estimated", "about"),
    ("at least", "at least"), ("no fewer than", "at least"), ("no less than", "at least"),
    ("not less than", "at least"), ("a minimum of", "at least"), ("minimum", "at least"),
    (">=", "at least"), ("≥", "at least"),
    ("more than", "more than"), ("over", "more than"), ("upwards of", "more than"),
    ("in excess of", "more than"), ("above", "more than"), (">", "more than"),
    ("at most", "at most"), ("up to", "at most"), ("no more than", "at most"),
    ("not more than", "at most"), ("a maximum of", "at most"), ("maximum", "at most"),
    ("<=", "at most"), ("≤", "at most"),
    ("less than", "less than"), ("fewer than", "less than"), ("under", "less than"),
    ("below", "less than"), ("<", "less than"),
)
_AFTER = (("or more", "at least"), ("+", "at least"), ("or fewer", "at most"),
          ("or less", "at most"), ("at least", "at least"), ("at most", "at most"))
_RANGE = re.compile(rf"^(?:between\s+|from\s+)?({_NUMBER})\s*(?:[–—-]|to|and|until)\s*({_NUMBER})$",
                    re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """A figure read from text: ``low``/``high`` (None: open), how it was given."""

    low: Optional[float]
    high: Optional[float]
    qualifier: str = ""

    def canonical(self) -> str:
        """The figure written the one way Curator writes it ("70", "70–100", "at least 70")."""
        if self.qualifier in ("at most", "less than"):
            return f"{self.qualifier} {format_number(self.high)}"
        if self.qualifier in ("at least", "more than"):
            return f"{self.qualifier} {format_number(self.low)}"
        if self.qualifier == "about":
            if self.low != self.high:
                return f"about {format_number(self.low)}–{format_number(self.high)}"
            return f"about {format_number(self.low)}"
        if self.low == self.high:
            return format_number(self.low)
        return f"{format_number(self.low)}–{format_number(self.high)}"


class FigureError(ValueError):
    """Text that is not a figure; the message says why (without naming the field)."""


def format_number(value: float) -> str:
    """A number as Curator writes it: whole numbers without a decimal point, thousands grouped
    by commas ("1,200", "2.5", "-3")."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.15g}" if "e" in f"{value:.15g}" else f"{value:,}"


def _number(text: str) -> float:
    text = text.replace("−", "-").replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", "")
    value = float(text)
    if not math.isfinite(value) or abs(value) >= LIMIT:
        raise FigureError("is too large a number")
    return value


def read_number(text: str) -> float:
    """A plain number ("1,200", "-3", "2.5"); FigureError otherwise."""
    clean = " ".join(str(text).split())
    if not _NUMBER_RE.match(clean):
        raise FigureError("is not a number")
    return _number(clean)


def read_figure(text: str) -> Figure:
    """A number or a range as sources give them (see the module docstring); FigureError with a
    reason otherwise."""
    clean = " ".join(str(text).split())
    if not clean:
        raise FigureError("is empty")
    if _NUMBER_RE.match(clean):
        value = _number(clean)
        return Figure(value, value)
    folded = clean.casefold()
    found = _range(clean)
    if found is not None:
        return found
    for words, qualifier in _BEFORE:
        if folded.startswith(words):
            rest = clean[len(words):].strip()
            if not rest or not (words[-1] in "~≈<>=≤≥." or clean[len(words)] == " "):
                continue
            if _NUMBER_RE.match(rest):
                return _qualified(qualifier, _number(rest))
            if qualifier == "about" and (found := _range(rest)) is not None:
                return Figure(found.low, found.high, "about")
    for words, qualifier in _AFTER:
        if folded.endswith(words):
            rest = clean[:len(clean) - len(words)].strip()
            if rest and _NUMBER_RE.match(rest) and (words == "+" or clean[-len(words) - 1] == " "):
                return _qualified(qualifier, _number(rest))
    raise FigureError("is not a number or range")


def _range(text: str) -> Optional[Figure]:
    found = _RANGE.match(text)
    if not found:
        return None
    low, high = _number(found.group(1)), _number(found.group(2))
    if low > high:
        raise FigureError(f"goes down ({format_number(low)} is above {format_number(high)})")
    return Figure(low, high)


def _qualified(qualifier: str, value: float) -> Figure:
    if qualifier == "about":
        return Figure(value, value, "about")
    if qualifier in ("at least", "more than"):
        return Figure(value, None, qualifier)
    return Figure(None, value, qualifier)
