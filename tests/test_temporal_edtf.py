"""EDTF parsing and writing: parse_edtf, edtf_for."""

import re
from datetime import date

import pytest

from curator.core.errors import InvalidInput
from curator.temporal import DateInputError, edtf_for, parse_edtf
from curator.temporal.edtf import edtf_set, is_standard, standard_edtf


@pytest.mark.parametrize("value, earliest, latest, precision", [
    ("2014-05-08", date(2014, 5, 8), date(2014, 5, 8), "day"),
    ("2014-05", date(2014, 5, 1), date(2014, 5, 31), "month"),
    ("2016-02", date(2016, 2, 1), date(2016, 2, 29), "month"),
    ("2014", date(2014, 1, 1), date(2014, 12, 31), "year"),
    ("2014-21", date(2014, 3, 1), date(2014, 5, 31), "season"),
    ("2014-22", date(2014, 6, 1), date(2014, 8, 31), "season"),
    ("2014-23", date(2014, 9, 1), date(2014, 11, 30), "season"),
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
    (date(2014, 12, 1), date(2015, 2, 28), "2014-12/2015-02"),
    (date(1950, 1, 1), date(1959, 12, 31), "195X"),
    (date(2014, 1, 22), date(2014, 1, 31), "2014-01-22/2014-01-31"),
    (date(2014, 1, 1), date(2014, 4, 30), "2014-01/2014-04"),
])
def test_edtf_for_is_plain_and_round_trips(lo, hi, expected):
    assert edtf_for(lo, hi) == expected
    back = parse_edtf(edtf_for(lo, hi, approximate=True))
    assert (back.earliest, back.latest, back.approximate) == (lo, hi, True)


@pytest.mark.parametrize("value, standard, earliest, latest", [
    ("[2014-05-01,2014-05-03]", "[2014-05-01,2014-05-03]", date(2014, 5, 1), date(2014, 5, 3)),
    ("[2014-05-03, 2014-05-01]", "[2014-05-03,2014-05-01]", date(2014, 5, 1), date(2014, 5, 3)),
    ("{2014,2016-05}", "{2014,2016-05}", date(2014, 1, 1), date(2016, 5, 31)),
    ("[1667,1670..1672]", "[1667,1670..1672]", date(1667, 1, 1), date(1672, 12, 31)),
    ("[..1760-12-03]", "[..1760-12-03]", None, date(1760, 12, 3)),
    ("[1760-12..]", "[1760-12..]", date(1760, 12, 1), None),
    ("[2014-05-08~,2014-06?]", "[2014-05-08~,2014-06?]", date(2014, 5, 8), date(2014, 6, 30)),
    ("{2015-24}", "{2015-12..2016-02}", date(2015, 12, 1), date(2016, 2, 29)),
    ("[2014-21,199X,2014-XX]", "[2014-03..2014-05,1990..1999,2014]", date(1990, 1, 1), date(2014, 12, 31)),
])
def test_sets_span_their_smallest_to_their_largest_member(value, standard, earliest, latest):
    parsed = parse_edtf(value)
    assert (parsed.edtf, parsed.earliest, parsed.latest, parsed.precision) == (
        standard, earliest, latest, "set")


@pytest.mark.parametrize("value, reason", [
    ("[]", "is an empty set"),
    ("[2014,]", "has an empty member"),
    ("[2014", "does not close it"),
    ("{..2014}", "may only begin"),
    ("[2014,..2015]", "may only begin"),
    ("[2015..2014]", "ends before it starts"),
    ("[2014-02-30,2014-03]", "has no day 30"),
    ("[2015-21~,2016]", "write the approximate member"),
    ("[2014]", "a set needs two or more members"),
    ("[2014-05-01~..2014-06]", "takes dates without ~ ? %"),
])
def test_bad_sets_say_why(value, reason):
    with pytest.raises(DateInputError, match=re.escape(reason)):
        parse_edtf(value)


@pytest.mark.parametrize("value", ["-0044-03-15", "-0044", "0000", "0000-05-01", "0XXX", "00XX",
                                   "Y20000", "12345", "-0100/0100", "../-0044", "[-0044,2014]"])
def test_years_outside_1_to_9999_are_refused_with_the_reason(value):
    with pytest.raises(DateInputError, match="Curator places years 0001-9999"):
        parse_edtf(value)


@pytest.mark.parametrize("old, standard", [
    ("2015-21~", "2015-03~/2015-05~"), ("2013-24~", "2013-12~/2014-02~"), ("2015-24", "2015-12/2016-02"),
    ("199X~", "1990~/1999~"), ("19XX~", "1900~/1999~"), ("201X?", "2010?/2019?"),
    ("2014-XX~", "2014~"), ("2014-05-XX%", "2014-05%"), ("/2014", "../2014"), ("2014/", "2014/.."),
    ("2015-21~/2016", "2015-03~/2016"), ("2014/2015-24", "2014/2016-02"),
])
def test_older_forms_read_with_their_bounds_and_give_the_standard_form(old, standard):
    before, after = parse_edtf(old), parse_edtf(standard)
    assert before.edtf == standard == after.edtf
    assert (before.earliest, before.latest) == (after.earliest, after.latest)
    assert (before.approximate, before.uncertain) == (after.approximate, after.uncertain)
    assert not is_standard(old) and is_standard(standard) and standard_edtf(old) == standard


def test_edtf_for_writes_open_ends():
    assert edtf_for(None, date(1899, 12, 31)) == "../1899-12-31"
    assert edtf_for(date(1945, 1, 1), None) == "1945-01-01/.."
    assert edtf_for(None, date(1899, 12, 31), approximate=True) == "../1899-12-31~"
    with pytest.raises(DateInputError):
        edtf_for(None, None)


def test_edtf_set_joins_values_into_a_set():
    either = edtf_set([edtf_for(date(2014, 5, 1), date(2014, 5, 1)), edtf_for(date(2014, 5, 3), date(2014, 5, 3))])
    assert (either.edtf, either.earliest, either.latest) == ("[2014-05-01,2014-05-03]", date(2014, 5, 1),
                                                             date(2014, 5, 3))
    both = edtf_set(["2014-05-01/2014-05-10", "2015"], one_of=False)
    assert both.edtf == "{2014-05-01..2014-05-10,2015}" and both.precision == "set"
    with pytest.raises(DateInputError, match="takes dates without"):
        edtf_set(["2015-03~/2015-05~", "2016"])
