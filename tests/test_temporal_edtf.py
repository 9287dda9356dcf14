"""EDTF parsing and writing: parse_edtf, edtf_for."""

from datetime import date

import pytest

from curator.core.errors import InvalidInput
from curator.temporal import DateInputError, edtf_for, parse_edtf


@pytest.mark.parametrize("value, earliest, latest, precision", [
    ("2014-05-08", date(2014, 5, 8), date(2014, 5, 8), "day"),
    ("2014-05", date(2014, 5, 1), date(2014, 5, 31), "month"),
    ("2016-02", date(2016, 2, 1), date(2016, 2, 29), "month"),
    ("2014", date(2014, 1, 1), date(2014, 12, 31), "year"),
    ("2014-21", date(2014, 3, 1), date(2014, 5, 31), "season"),
    ("2014-22", date(2014, 6, 1), date(2014, 8, 31), "season"),
    ("2014-23", date(2014, 9, 1), date(2014, 11, 30), "season"),
    ("2015-24", date(2015, 12, 1), date(2016, 2, 29), "season"),
    ("201X", date(2010, 1, 1), date(2019, 12, 31), "decade"),
    ("19XX", date(1900, 1, 1), date(1999, 12, 31), "century"),
    ("2014-XX", date(2014, 1, 1), date(2014, 12, 31), "year"),
    ("2014-05-XX", date(2014, 5, 1), date(2014, 5, 31), "month"),
    ("2013-12/2014-02", date(2013, 12, 1), date(2014, 2, 28), "interval"),
    ("2014-01-22/2014-01-31", date(2014, 1, 22), date(2014, 1, 31), "interval"),
])
def test_parse_edtf_bounds(value, earliest, latest, precision):
    parsed = parse_edtf(value)
    assert (parsed.edtf, parsed.earliest, parsed.latest, parsed.precision) == (
        value, earliest, latest, precision)
    assert not parsed.approximate and not parsed.uncertain


@pytest.mark.parametrize("value, approximate, uncertain", [
    ("2014-05~", True, False), ("2014?", False, True), ("2014-05-08%", True, True),
    ("2014-05~/2014-06~", True, False),
])
def test_qualifiers(value, approximate, uncertain):
    parsed = parse_edtf(value)
    assert (parsed.approximate, parsed.uncertain) == (approximate, uncertain)


def test_open_interval_ends_are_none():
    assert parse_edtf("../2014-03-09").earliest is None
    assert parse_edtf("../2014-03-09").latest == date(2014, 3, 9)
    assert parse_edtf("2014-03/..").latest is None
    assert parse_edtf("2014-03/").earliest == date(2014, 3, 1)


@pytest.mark.parametrize("value, reason", [
    ("2014-13", "'2014-13' has no month 13"),
    ("2014-02-30", "has no day 30"),
    ("May 2014", "is not an EDTF date"),
    ("2014-06/2014-02", "ends before it starts"),
    ("../..", "has no known end"),
    ("20X4", "unspecified digits in the middle"),
    ("", "empty"),
])
def test_bad_values_say_why(value, reason):
    with pytest.raises(DateInputError, match=reason.replace("(", r"\(")) as info:
        parse_edtf(value)
    assert isinstance(info.value, InvalidInput)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("lo, hi, expected", [
    (date(2014, 5, 8), date(2014, 5, 8), "2014-05-08"),
    (date(2014, 5, 1), date(2014, 5, 31), "2014-05"),
    (date(2014, 1, 1), date(2014, 12, 31), "2014"),
    (date(2014, 12, 1), date(2015, 2, 28), "2014-24"),
    (date(1950, 1, 1), date(1959, 12, 31), "195X"),
    (date(2014, 1, 22), date(2014, 1, 31), "2014-01-22/2014-01-31"),
    (date(2014, 1, 1), date(2014, 4, 30), "2014-01/2014-04"),
])
def test_edtf_for_is_plain_and_round_trips(lo, hi, expected):
    assert edtf_for(lo, hi) == expected
    back = parse_edtf(edtf_for(lo, hi, approximate=True))
    assert (back.earliest, back.latest, back.approximate) == (lo, hi, True)
