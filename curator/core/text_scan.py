"""Regular-expression scans of long texts in short calls.

Python's ``re`` holds the GIL for the whole of one search: ``pattern.finditer(text)`` over a
340,000-character document with a long stretch and no date held it 180 ms in one step, and the
window, which needs the GIL for every paint, froze that long while a worker looked for dates.
:func:`finditer_bounded` gives the same matches as ``finditer`` but never lets the engine read
more than ``window`` characters in one call.

It relies on one bound, ``reach``: no match, with what its lookarounds read after it, is longer
than ``reach`` characters. Then a match the engine finds in ``text[:end]`` that starts at least
``reach`` characters before ``end`` is the very match a scan of the whole text finds there (and no
earlier start matches in the whole text that failed in the window); otherwise the scan moves on
to a window that starts ``reach - 1`` characters before the old one ended. Lookbehinds see the
text before a window's start (``search`` with ``pos`` does not cut the string).
"""

from __future__ import annotations

import re
from typing import Iterator

WINDOW = 4096  # characters per engine call: 3-5 ms for the date finder
REACH = 512  # the longest match plus lookahead the callers' patterns need (dates: 33 + a few)


def finditer_bounded(pattern: re.Pattern, text: str, *, window: int = WINDOW,
                     reach: int = REACH) -> Iterator[re.Match]:
    """The matches ``pattern.finditer(text)`` gives, in order, each engine call reading at most
    ``window`` characters past where it starts. ``reach``: the longest a match plus its
    lookahead can be (see the module). Patterns that can match the empty string fall back to
    ``finditer`` from the first empty match on (their rules for the next match differ)."""
    if window < 4 * reach:
        raise ValueError(f"window ({window}) must be at least four times reach ({reach})")
    size = len(text)
    pos = 0
    while pos <= size:
        end = min(size, pos + window)
        m = pattern.search(text, pos, end)
        if end < size and (m is None or m.start() + reach > end):
            pos = max(pos, end - reach + 1)  # every start before this failed in the whole text too
            continue
        if m is None:
            return
        if m.end() == m.start():
            yield from pattern.finditer(text, m.start())
            return
        yield m
        pos = m.end()
