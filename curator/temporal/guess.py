"""The date a selected passage reports, for "New event from selection"."""

from __future__ import annotations

from datetime import date
from typing import Optional

from curator.core.records import DateFields
from curator.temporal.finder import find_dates

_PRECISION_RANK = 31  # a span of at most a month counts as "specific"


def guess_date(passage: str, anchor: Optional[date] = None) -> Optional[DateFields]:
    """The passage's date: its first day-to-month-precise date expression, else its first one.

    ``anchor`` is the date the passage is read from (the most recent date before it in the
    document, or the document's date) and settles years and relative expressions.
    """
    matches = find_dates(passage or "", anchor)
    if not matches:
        return None
    chosen = matches[0]
    for m in matches:
        days = date.fromisoformat(m.latest).toordinal() - date.fromisoformat(m.earliest).toordinal()
        if days <= _PRECISION_RANK:
            chosen = m
            break
    return DateFields(edtf=chosen.edtf, earliest=chosen.earliest, latest=chosen.latest,
                      date_text=chosen.text)
