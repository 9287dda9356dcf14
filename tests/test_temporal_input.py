"""Typed dates (parse_date_input) and the date of a selected passage (guess_date)."""

import re
from datetime import date

import pytest

from curator.core.records import DateFields
from curator.temporal import DateInputError, guess_date, parse_date_input


@pytest.mark.parametrize("typed, edtf, earliest, latest", [
    ("early May 2014", "2014-05-01/2014-05-10", "2014-05-01", "2014-05-10"),
    ("22-31 Jan 2014", "2014-01-22/2014-01-31", "2014-01-22", "2014-01-31"),
    ("spring 2015", "2015-21", "2015-03-01", "2015-05-31"),
    ("2014-05~", "2014-05~", "2014-05-01", "2014-05-31"),
    ("8 May 2014", "2014-05-08", "2014-05-08", "2014-05-08"),
    ("May 8, 2014", "2014-05-08", "2014-05-08", "2014-05-08"),
    ("  the 1950s ", "195X", "1950-01-01", "1959-12-31"),
    ("14.02.1978", "1978-02-14", "1978-02-14", "1978-02-14"),
    ("6/14/2007", "2007-06-14", "2007-06-14", "2007-06-14"),
    ("2014/05/08", "2014-05-08", "2014-05-08", "2014-05-08"),
    ("1 June 2014 to 3 July 2014", "2014-06-01/2014-07-03", "2014-06-01", "2014-07-03"),
    ("late 2013", "2013-09/2013-12", "2013-09-01", "2013-12-31"),
])
def test_typed_dates(typed, edtf, earliest, latest):
    assert parse_date_input(typed) == DateFields(edtf, earliest, latest, typed.strip())


def test_year_less_input_takes_the_anchor_year():
    assert parse_date_input("8 May", anchor=date(2016, 11, 30)).earliest == "2016-05-08"


def test_empty_input_is_no_date():
    assert parse_date_input("") == DateFields()
    assert parse_date_input("   ") == DateFields()


@pytest.mark.parametrize("typed, reason", [
    ("foo", "no date found in 'foo'"),
    ("2014-13", "'2014-13' has no month 13"),
    ("3/4/2007", "could be day/month or month/day"),
    ("8 May", "no date found"),  # no anchor: no year to give it
])
def test_unreadable_input_raises_with_reason(typed, reason):
    with pytest.raises(DateInputError, match=reason):
        parse_date_input(typed)


def test_guess_prefers_the_first_specific_date():
    fields = guess_date("In 2014 the siege tightened; on 5 May the army attacked.")
    assert fields == DateFields("2014-05-05", "2014-05-05", "2014-05-05", "5 May")


def test_guess_uses_the_anchor_for_relative_dates():
    fields = guess_date("The next day the convoy left.", anchor=date(2016, 12, 1))
    assert fields is None  # an anchor that is only the document date is no "day before"
    assert guess_date("Two days ago the convoy left.", anchor=date(2016, 12, 1)).earliest == "2016-11-29"


def test_guess_without_a_date_is_none():
    assert guess_date("No date here, just 1,100 workers and 2 percent.") is None


@pytest.mark.parametrize("typed, edtf, earliest, latest", [
    ("../1899", "../1899", None, "1899-12-31"),
    ("1945/..", "1945/..", "1945-01-01", None),
    ("/2014", "../2014", None, "2014-12-31"),
    ("[2014-05-01, 2014-05-03]", "[2014-05-01,2014-05-03]", "2014-05-01", "2014-05-03"),
    ("{2014,2016}", "{2014,2016}", "2014-01-01", "2016-12-31"),
    ("2015-21~", "2015-03~/2015-05~", "2015-03-01", "2015-05-31"),  # an older form, written anew
    ("199X~", "1990~/1999~", "1990-01-01", "1999-12-31"),
])
def test_typed_edtf_is_stored_in_its_standard_form(typed, edtf, earliest, latest):
    assert parse_date_input(typed) == DateFields(edtf, earliest, latest, typed)


@pytest.mark.parametrize("typed, reason", [
    ("-0044-03-15", "Curator places years 0001-9999"),
    ("[2014]", "a set needs two or more members"),
    ("29 February 2015", "'29 February 2015' has no day 29: February 2015 has 28 days"),
])
def test_typed_edtf_refusals_say_why(typed, reason):
    with pytest.raises(DateInputError, match=re.escape(reason)):
        parse_date_input(typed)
