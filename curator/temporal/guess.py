"""The date a selected passage reports, for "New event from selection"."""

from __future__ import annotations

from datetime import date
from typing import Optional

from curator.core.records import DateFields
from curator.temporal.finder import find_dates

_PRECISION_RANK = 31  # a span of at most a month counts as "specific"


def _choose(matches: list) -> Optional[DateFields]:
    """The first day-to-month-precise match, else the first one (None for no match); an open
    interval ("no earlier than 3 May 2014") is never the precise one."""
    matches = [m for m in matches if m.earliest or m.latest]
    if not matches:
        return None
    chosen = matches[0]
    for m in matches:
        if not (m.earliest and m.latest):
            continue
        days = date.fromisoformat(m.latest).toordinal() - date.fromisoformat(m.earliest).toordinal()
        if days <= _PRECISION_RANK:
            chosen = m
            break
    return DateFields(edtf=chosen.edtf, earliest=chosen.earliest, latest=chosen.latest,
                      date_text=chosen.text)


def guess_date(passage: str, anchor: Optional[date] = None) -> Optional[DateFields]:
    """The passage's date: its first day-to-month-precise date expression, else its first one.

    ``anchor`` is the date the passage is read from (the most recent date before it in the
    document, or the document's date) and settles years and relative expressions. For a passage
    of a document, :func:`guess_passage_date` reads that context itself.
    """
    return _choose(find_dates(passage or "", anchor))


def guess_passage_date(text: str, start: int, end: int, anchor: Optional[date] = None) -> Optional[DateFields]:
    """The date of the passage ``text[start:end]`` (code points) of a document, chosen as
    :func:`guess_date` does, with every expression resolved as the suggestion engine resolves it:
    in the document's narrative (a year-less "9 January" takes its year from the dates the text
    stated before it), else against ``anchor``, the document's date."""
    return _choose([m for m in find_dates(text, anchor) if start <= m.start and m.end <= end])
