"""ACLED's event_date and time_precision <-> Curator's EDTF intervals
(curator.exchange.acled_dates), with python-edtf (a third-party implementation of the EDTF
specification) as the oracle of what each EDTF value means."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import edtf as python_edtf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.exchange.acled_dates import (
    DAY, MONTH, WEEK, AcledDateError, acled_date, interval_of, read_event_date, read_precision,
)
from curator.temporal import edtf_for, parse_edtf


@lru_cache(maxsize=None)
def oracle(value: str) -> tuple:
    """python-edtf's strict (first day, last day) of an EDTF value (None: open)."""
    parsed = python_edtf.parse_edtf(value)

    def day(t):
        return None if isinstance(t, float) else date(t.tm_year, t.tm_mon, t.tm_mday)
    return day(parsed.lower_strict()), day(parsed.upper_strict())


days = st.dates(min_value=date(1900, 1, 4), max_value=date(2100, 12, 28))


@settings(max_examples=300, deadline=None)
@given(days, st.sampled_from((DAY, WEEK, MONTH)))
def test_an_acled_date_imports_to_an_interval_the_oracle_reads_alike(day, precision):
    got = interval_of(day, precision)
    first, last = oracle(got.edtf)
    assert (first.isoformat(), last.isoformat()) == (got.earliest, got.latest)
    assert first <= day <= last
    span = (last - first).days + 1
    if precision == DAY:
        assert span == 1 and got.edtf == day.isoformat()
    elif precision == WEEK:
        assert span == 7 and first + timedelta(days=3) == day  # the week whose middle it is
    else:
        assert (first, last) == (day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]))
        assert got.edtf == f"{day.year:04d}-{day.month:02d}"


@settings(max_examples=300, deadline=None)
@given(days, st.sampled_from((DAY, WEEK, MONTH)), st.booleans())
def test_export_then_import_gives_the_same_interval(day, precision, keep_text):
    imported = interval_of(day, precision)
    text = imported.date_text if keep_text else ""
    exported_day, exported_precision = acled_date(imported.edtf, imported.earliest, imported.latest, text)
    assert exported_precision == precision
    assert interval_of(exported_day, exported_precision).edtf == imported.edtf
    if keep_text or precision != MONTH:
        assert exported_day == day  # ACLED's own day comes back (the 1st, the 15th, the last)


@settings(max_examples=400, deadline=None)
@given(days, st.integers(min_value=0, max_value=800), st.booleans())
def test_any_interval_exports_to_a_day_inside_it_with_its_precision(first, length, approximate):
    last = min(first + timedelta(days=length), date(2100, 12, 31))
    value = edtf_for(first, last, approximate)
    low, high = oracle(value)
    day, precision = acled_date(value, low.isoformat(), high.isoformat())
    assert low <= day <= high
    span = (high - low).days + 1
    fuzzy = parse_edtf(value).approximate
    expected = DAY if span == 1 and not fuzzy else WEEK if span <= 7 else MONTH
    assert precision == expected, value
    assert day == low + timedelta(days=(span - 1) // 2)  # the middle day (the earlier of two)


@pytest.mark.parametrize("value, expected", [
    ("2014-05~", (date(2014, 5, 16), MONTH)), ("2014", (date(2014, 7, 2), MONTH)),
    ("2014-05-08?", (date(2014, 5, 8), WEEK)), ("2014-05-08", (date(2014, 5, 8), DAY)),
    ("../2014-03-09", (date(2014, 3, 9), MONTH)), ("1945/..", (date(1945, 1, 1), MONTH)),
    ("[2014-05-01,2014-05-03]", (date(2014, 5, 2), WEEK)), ("2015-03/2015-05", (date(2015, 4, 15), MONTH)),
])
def test_each_kind_of_value_exports(value, expected):
    parsed = parse_edtf(value)
    assert acled_date(parsed.edtf, parsed.earliest_iso, parsed.latest_iso) == expected
    if parsed.earliest and parsed.latest:
        low, high = oracle(parsed.edtf)
        assert low <= expected[0] <= high


def test_an_undated_event_has_no_acled_date():
    assert acled_date("", None, None) is None


def test_a_date_text_outside_its_interval_is_not_taken():
    assert acled_date("2014-05-08", "2014-05-08", "2014-05-08", "about 2013") == (date(2014, 5, 8), DAY)
    assert acled_date("2014-05", "2014-05-01", "2014-05-31", "2014-06-15") == (date(2014, 5, 16), MONTH)
    assert acled_date("2014-05", "2014-05-01", "2014-05-31", "1 May 2014") == (date(2014, 5, 1), MONTH)


@pytest.mark.parametrize("text, expected", [
    ("2014-05-08", date(2014, 5, 8)), ("8 May 2014", date(2014, 5, 8)), ("08-May-2014", date(2014, 5, 8)),
    ("8 September 2014", date(2014, 9, 8)), ("8 Sept 2014", date(2014, 9, 8)), (" 2014-5-8 ", date(2014, 5, 8)),
])
def test_event_dates_are_read_as_acled_and_spreadsheets_write_them(text, expected):
    assert read_event_date(text) == expected


@pytest.mark.parametrize("text, reason", [
    ("2014-13-01", "there is no month 13"), ("2014-02-30", "February 2014 has 28 days"),
    ("08/05/2014", "write YYYY-MM-DD"), ("8 Mai 2014", "'Mai' is not an English month name"),
    ("0000-01-01", "0001-9999"), ("yesterday", "is not a date"),
])
def test_what_is_not_an_event_date_is_refused_with_the_reason(text, reason):
    with pytest.raises(AcledDateError, match=reason):
        read_event_date(text)


def test_time_precisions():
    assert [read_precision(t) for t in ("", "1", "2", "3", "2.0", " 3 ")] == [1, 1, 2, 3, 2, 3]
    for bad in ("0", "4", "1.5", "day"):
        with pytest.raises(AcledDateError, match="1 \\(the day\\), 2 \\(a week\\) and 3 \\(a month\\)"):
            read_precision(bad)
