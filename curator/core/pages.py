"""Page numbers of passages: where a document's pages start (code-point offsets, schema 6) and
the label a citation uses ("p. 12", "pp. 12–13").

The convention (the same as :meth:`curator.ingest.extracted.Extracted.page_of`): page ``n``
(1-based) holds the characters from ``page_starts[n - 1]`` up to the next page's start; a page
with no text starts where the next text does, so an offset belongs to the *last* page starting
at or before it. A passage ``[start, end)`` runs from the page of its first character to the
page of its last (``end - 1``); an empty passage is on the page of ``start``.

Qt-free, pure functions (property-tested against a linear scan).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from typing import Optional, Sequence

from curator.core.errors import InvalidInput


def page_of(page_starts: Sequence[int], offset: int) -> Optional[int]:
    """The 1-based page of the character at ``offset``; None for a document without pages."""
    if not page_starts:
        return None
    return max(1, bisect_right(page_starts, offset))


def page_range(page_starts: Sequence[int], start: int, end: int) -> Optional[tuple[int, int]]:
    """(first page, last page) of the passage ``[start, end)``; None without pages."""
    if not page_starts:
        return None
    return page_of(page_starts, start), page_of(page_starts, max(start, end - 1))


def page_label(page_starts: Sequence[int], start: int, end: int) -> str:
    """"p. 12", "pp. 12–13" (an en dash) or "" for a document without pages."""
    pages = page_range(page_starts, start, end)
    if pages is None:
        return ""
    first, last = pages
    return f"p. {first}" if first == last else f"pp. {first}\u2013{last}"


def checked_page_starts(value, length: int, name: str = "a document") -> list[int]:
    """``value`` as page starts of a text of ``length`` code points, or InvalidInput saying why:
    a list of integers, the first 0, never decreasing, none past the end (or an empty list)."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise InvalidInput(f"{name}: page starts must be a list of whole numbers")
    starts = list(value)
    if starts and (starts[0] != 0 or any(b < a for a, b in zip(starts, starts[1:]))
                   or starts[-1] > length):
        raise InvalidInput(f"{name}: page starts must begin at 0, never decrease and stay within "
                           f"the text's {length} characters")
    return starts


def stored_page_starts(text: str) -> list[int]:
    """The page starts a document row stores (its JSON text; "" or bad JSON read as none)."""
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [v for v in value if isinstance(v, int)] if isinstance(value, list) else []
