"""Code-point offsets <-> the positions Qt's text classes use.

Curator stores every offset in Unicode code points into the document's frozen text
(``text[start:end]`` in Python is the annotated passage). Qt's QTextDocument counts UTF-16
code units and keeps one paragraph separator per line break. :class:`QtTextMap` is the one
place where the two meet:

* ``display_text`` is what is handed to Qt: the text with every line break (``\\r\\n``, ``\\r``
  or ``\\n``) written as a single ``\\n``;
* ``to_qt(offset)`` turns a code-point offset into a Qt position in that display text;
* ``from_qt(position)`` turns a Qt position back into a code-point offset.

Astral characters (emoji, many CJK extensions) are two UTF-16 units but one code point; a
``\\r\\n`` pair is two code points but one Qt position. Combining marks and right-to-left text
need nothing special: they are ordinary BMP code points. The module is Qt-free.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
_CRLF = re.compile("\r\n")
_LINE_BREAK = re.compile("\r\n?")


def utf16_length(text: str) -> int:
    """Number of UTF-16 code units in ``text``."""
    return len(text) + sum(1 for _ in _ASTRAL.finditer(text))


class QtTextMap:
    """Offset conversion for one document text. Building it is O(n) in C-speed regex scans;
    each conversion is O(log k) where k is the number of astral characters and CRLF pairs."""

    def __init__(self, text: str):
        self.text = text
        # Each "step" is a code-point index at which the Qt position stops advancing in lock
        # step with the code-point offset: +1 after an astral character, -1 inside a CRLF.
        steps: list[tuple[int, int]] = []
        for m in _ASTRAL.finditer(text):
            steps.append((m.start() + 1, +1))  # offsets past the astral char gain one unit
        for m in _CRLF.finditer(text):
            steps.append((m.start() + 1, -1))  # the \n of a pair has no position of its own
        steps.sort()
        self._cp_keys: list[int] = []
        self._cp_shift: list[int] = []
        shift = 0
        for cp, delta in steps:
            shift += delta
            self._cp_keys.append(cp)
            self._cp_shift.append(shift)
        self._crlf_starts = {m.start() for m in _CRLF.finditer(text)}
        self.display_text = _LINE_BREAK.sub("\n", text)

    def _shift_at_cp(self, offset: int) -> int:
        i = bisect_right(self._cp_keys, offset)
        return self._cp_shift[i - 1] if i else 0

    def to_qt(self, offset: int) -> int:
        """Qt position of code-point ``offset`` (0 <= offset <= len(text)). An offset that
        falls between the two characters of a CRLF pair maps to the line break itself."""
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} is outside the text (0..{len(self.text)})")
        if offset - 1 in self._crlf_starts:
            offset -= 1  # inside a CRLF pair: snap to its start
        return offset + self._shift_at_cp(offset)

    def from_qt(self, position: int) -> int:
        """Code-point offset of Qt ``position``. A position inside a surrogate pair maps to
        the start of that character; positions past the end map to the end."""
        if position < 0:
            raise ValueError(f"Qt position {position} is negative")
        lo, hi = 0, len(self.text)
        while lo < hi:  # largest offset whose Qt position is <= position (to_qt is monotone)
            mid = (lo + hi + 1) // 2
            if self.to_qt(mid) <= position:
                lo = mid
            else:
                hi = mid - 1
        if lo - 1 in self._crlf_starts:
            lo -= 1  # never land between \r and \n
        return lo

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def span_from_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.from_qt(start), self.from_qt(end)
