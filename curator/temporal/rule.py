"""The one rule for a stored date, used wherever a date is written or checked: the facade (add
and update), typed dates (:func:`curator.temporal.parse_date_input` returns only what obeys
it, so the window's date cell and inspector preview what the facade stores), JSON import and
merge validation, and ``curator check`` (:mod:`curator.core.date_check`).

A stored date is the triple (edtf, earliest, latest). It is valid when either

- it is undated: ``edtf`` is "" and both bounds are None; or
- ``edtf`` is an EDTF value :func:`curator.temporal.edtf.parse_edtf` reads (standard, or an
  older form Curator wrote before), with no spaces around it, and the interval it means is the
  stored one: ``earliest``/``latest`` are its first/last day as ISO dates (``YYYY-MM-DD``, ASCII
  digits), None for an open end (``../1899-12-31`` has earliest None).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Optional

from curator.temporal.edtf import parse_edtf
from curator.temporal.errors import DateInputError

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _span(earliest: Optional[str], latest: Optional[str]) -> str:
    return f"{earliest or 'open'} to {latest or 'open'}"


def date_fault(edtf, earliest, latest) -> Optional[tuple[str, str]]:
    """None when the triple obeys the rule, else (the field at fault: "edtf", "earliest" or
    "latest"; a one-line reason)."""
    for name, value in (("earliest", earliest), ("latest", latest)):
        if value is None:
            continue
        if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
            return name, f"{name} must be an ISO date YYYY-MM-DD, not {value!r}"
        try:
            date.fromisoformat(value)
        except ValueError:
            return name, f"{name} {value} is not a calendar date"
    if earliest is not None and latest is not None and earliest > latest:
        return "latest", f"latest {latest} is before earliest {earliest}"
    if not isinstance(edtf, str):
        return "edtf", f"the EDTF value must be text, not {edtf!r}"
    if edtf == "":
        if earliest is None and latest is None:
            return None
        return "edtf", (f"a dated event needs its EDTF value (the interval {_span(earliest, latest)} "
                        "has none)")
    reason = edtf_problem(edtf)
    if reason:
        return "edtf", reason
    parsed = parse_edtf(edtf)
    if parsed.earliest_iso != earliest:
        return "earliest", (f"'{edtf}' means {_span(parsed.earliest_iso, parsed.latest_iso)}, but "
                            f"the stored interval is {_span(earliest, latest)}")
    if parsed.latest_iso != latest:
        return "latest", (f"'{edtf}' means {_span(parsed.earliest_iso, parsed.latest_iso)}, but "
                          f"the stored interval is {_span(earliest, latest)}")
    return None


def date_problem(edtf: str, earliest: Optional[str], latest: Optional[str]) -> Optional[str]:
    """None when the stored triple obeys the one date rule, else a one-line reason."""
    fault = date_fault(edtf, earliest, latest)
    return fault[1] if fault else None


def require_valid_date(edtf: str, earliest: Optional[str], latest: Optional[str]) -> None:
    """Raise DateInputError with the reason unless the triple obeys the one date rule."""
    reason = date_problem(edtf, earliest, latest)
    if reason:
        raise DateInputError(reason)


def edtf_problem(edtf) -> Optional[str]:
    """For a date kept without bounds (a rejected suggestion's): None when ``edtf`` is "" or an
    EDTF value Curator reads, with no spaces around it; else a one-line reason."""
    if not isinstance(edtf, str):
        return f"the EDTF value must be text, not {edtf!r}"
    if edtf == "":
        return None
    if edtf != edtf.strip():
        return f"the EDTF value {edtf!r} has spaces or line breaks around it"
    try:
        parse_edtf(edtf)
    except DateInputError as exc:
        return f"not valid EDTF: {exc.reason}"
    return None


# ---------------------------------------------------------------------- a document's date
DOCUMENT_DATE_PRECISIONS = ("day", "month", "year")


def document_date_value(value: str) -> str:
    """A document's date (``document.published``) in the form Curator stores: "" (no date) or
    an EDTF day, month or year (``2016-11-30``, ``2016-11``, ``2016``; a ``?``, ``~`` or ``%``
    qualifier allowed). Its first day is the anchor its year-less dates are read against
    (:func:`curator.temporal.edtf.anchor_day`). Raises DateInputError with the reason."""
    if not isinstance(value, str):
        raise DateInputError(f"a document's date must be text, not {value!r}")
    if value == "":
        return ""
    if value != value.strip():
        raise DateInputError(f"the date {value!r} has spaces or line breaks around it")
    parsed = parse_edtf(value)
    if parsed.precision not in DOCUMENT_DATE_PRECISIONS:
        raise DateInputError(f"'{value}' is {precision_words(parsed.precision)}: a document's date is one day, "
                             "month or year (2016-11-30, 2016-11 or 2016)")
    return parsed.edtf


def document_date_problem(value) -> Optional[str]:
    """None when ``value`` is a document date Curator stores (see :func:`document_date_value`,
    older free text such as "May the 4th" is not), else a one-line reason."""
    try:
        document_date_value(value)
    except DateInputError as exc:
        return exc.reason
    return None


def precision_words(precision: str) -> str:
    """'an interval', 'a season', 'a day' ... for a parsed EDTF value's precision."""
    return {"interval": "an interval", "set": "a set of dates", "season": "a season",
            "decade": "a decade", "century": "a century",
            "millennium": "a millennium"}.get(precision, f"a {precision}")
