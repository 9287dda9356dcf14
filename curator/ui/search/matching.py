"""Literal text search in code points, and the context snippet of a hit as escaped rich text.

Qt-free. Matching runs on the original text (a regular expression of the escaped query), so the
offsets are exact whatever the text holds: emoji, Arabic, combining marks, CRLF line ends, or
letters whose lower case has another length (``İ``).
"""

from __future__ import annotations

import html
import re

HIT_COLOUR = "#9fe6ff"  # search hits, in the text and in the snippets: not a highlight's yellow
FIND_LIMIT = 10_000  # hits highlighted in one document; more are counted as "10,000+"


def find_all(text: str, query: str, match_case: bool = False,
             limit: int = FIND_LIMIT) -> list[tuple[int, int]]:
    """(start, end) code-point offsets of the non-overlapping occurrences of ``query`` in
    ``text``, in order; case-insensitive unless ``match_case``; at most ``limit``."""
    if not query or limit <= 0:
        return []
    pattern = re.compile(re.escape(query), 0 if match_case else re.IGNORECASE)
    hits = []
    for match in pattern.finditer(text):
        if match.end() > match.start():
            hits.append(match.span())
            if len(hits) >= limit:
                break
    return hits


def _one_line(text: str) -> str:
    return " ".join(text.split())  # line breaks and runs of white space as one space


def snippet_html(before: str, match: str, after: str, width: int = 36) -> str:
    """"…context before <b>match</b> context after…" as escaped rich text, on one line, with
    at most ``width`` characters of context either side."""
    head, tail = _one_line(before), _one_line(after)
    if before[-1:].isspace():
        head += " "
    if after[:1].isspace():
        tail = " " + tail
    head = ("…" + head[-width:].lstrip()) if len(head) > width else head
    tail = (tail[:width].rstrip() + "…") if len(tail) > width else tail
    return (f"{html.escape(head)}<b style=\"background-color:{HIT_COLOUR}\">"
            f"{html.escape(_one_line(match))}</b>{html.escape(tail)}")
