"""News text: relative months and seasons, tense, weekdays, and the other expressions news writes
("this fiscal year", "the quarter", "two years ago", "the 2012 election", "nineteen ninety-five").

The articles are written for these tests (anchor = the article's date). Every EDTF value is read
back with python-edtf, the third-party oracle: its strict bounds must equal Curator's.
"""

import json
from datetime import date, timedelta

import edtf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.cli import main
from curator.temporal.finder import find_dates
from curator.temporal.relative import named_month_year, quarter_of
from curator.temporal.spelled import spelled_year
from curator.temporal.tense import clause_tense

MONTHS = ("January February March April May June July August September October November "
          "December").split()


def oracle_bounds(value: str) -> tuple[str, str]:
    """(earliest, latest) of an EDTF value as python-edtf reads it."""
    parsed = edtf.parse_edtf(value)
    lo, hi = parsed.lower_strict(), parsed.upper_strict()
    return (date(lo.tm_year, lo.tm_mon, lo.tm_mday).isoformat(),
            date(hi.tm_year, hi.tm_mon, hi.tm_mday).isoformat())


def dates_in(text: str, anchor: date) -> list[tuple[str, str, str]]:
    """(text, earliest, latest) of every expression found, each checked with the oracle."""
    found = find_dates(text, anchor)
    for m in found:
        assert text[m.start:m.end] == m.text
        assert oracle_bounds(m.edtf) == (m.earliest, m.latest), m
    return [(m.text, m.earliest, m.latest) for m in found]


ANCHOR = date(2013, 3, 15)  # a Friday

BUSINESS = (
    "LONDON, March 15 (Newswire) - Acme Corp said on Monday it would reopen its Leeds plant in "
    "June, after the site was hit in November by floods. The plant closed last May, and a fire "
    "broke out there late last July. Third-quarter profit fell 12 percent, and the company expects "
    "revenue to rise this fiscal year. Sales fell over the last week, the company said, and it "
    "hopes to finish repairs by the end of the year."
)


def test_business_article():
    assert dates_in(BUSINESS, ANCHOR) == [
        ("March 15", "2013-03-15", "2013-03-15"),
        ("Monday", "2013-03-11", "2013-03-11"),          # said on Monday: past
        ("June", "2013-06-01", "2013-06-30"),            # would reopen in June: the coming June
        ("November", "2012-11-01", "2012-11-30"),        # was hit in November: the last one
        ("last May", "2012-05-01", "2012-05-31"),
        ("late last July", "2012-07-21", "2012-07-31"),
        ("Third-quarter", "2012-07-01", "2012-09-30"),   # profit fell: the last third quarter
        ("this fiscal year", "2013-01-01", "2013-12-31"),  # the calendar year (convention)
        ("the last week", "2013-03-08", "2013-03-14"),   # the seven days before the anchor
        ("the end of the year", "2013-09-01", "2013-12-31"),  # late year: September-December
    ]


SPORT_AND_POLITICS = (
    "The derby, postponed until Saturday because of snow, will be played behind closed doors. "
    "Ministers will meet on Monday to discuss the 2012 election; a 2009 analysis found that "
    "2009 people had voted twice. The bloodiest conflict of the 20th Century ended in nineteen "
    "forty-five, and the stadium opened in two thousand and nine. The club was relegated two "
    "years ago and won the cup 10 years ago."
)


def test_sport_and_politics_article():
    assert dates_in(SPORT_AND_POLITICS, ANCHOR) == [
        ("Saturday", "2013-03-16", "2013-03-16"),        # postponed until Saturday: the coming one
        ("Monday", "2013-03-18", "2013-03-18"),          # will meet on Monday: the coming one
        ("2012", "2012-01-01", "2012-12-31"),            # the 2012 election
        ("2009", "2009-01-01", "2009-12-31"),            # a 2009 analysis (2009 people: a count)
        ("the 20th Century", "1900-01-01", "1999-12-31"),
        ("nineteen forty-five", "1945-01-01", "1945-12-31"),
        ("two thousand and nine", "2009-01-01", "2009-12-31"),
        ("two years ago", "2011-01-01", "2011-12-31"),   # a year, not a day
        ("10 years ago", "2003-01-01", "2003-12-31"),
    ]


MARKETS = (
    "NEW YORK (Wire) - Shares rose in the quarter, after a weak last quarter. Analysts expect the "
    "central bank to act this coming June or early next year; it last moved this past May. "
    "Farmers hope to plant next spring. The fund closed at the end of last year and reopens "
    "next May; its report is due this May."
)


def test_markets_article():
    assert dates_in(MARKETS, ANCHOR) == [
        ("the quarter", "2013-01-01", "2013-03-31"),     # the anchor's quarter
        ("last quarter", "2012-10-01", "2012-12-31"),
        ("this coming June", "2013-06-01", "2013-06-30"),
        ("early next year", "2014-01-01", "2014-04-30"),
        ("this past May", "2012-05-01", "2012-05-31"),
        ("next spring", "2014-03-01", "2014-05-31"),     # spring 2013 has begun by 15 March
        ("the end of last year", "2012-09-01", "2012-12-31"),
        ("next May", "2013-05-01", "2013-05-31"),        # the first May after March 2013
        ("this May", "2013-05-01", "2013-05-31"),
    ]


def test_a_date_before_a_colon_keeps_its_day():
    text = "Saturday, April 25: the march begins at noon at the town hall."
    assert dates_in(text, date(2015, 4, 20)) == [("Saturday, April 25", "2015-04-25", "2015-04-25")]


def test_the_end_of_year_and_the_end_of_the_year():
    text = "The merger should close by the end of year. Talks ended early in the year."
    assert dates_in(text, ANCHOR)[0] == ("the end of year", "2013-09-01", "2013-12-31")
    assert dates_in("Profits doubled by the end of the year.", date(2009, 6, 1)) == [
        ("the end of the year", "2009-09-01", "2009-12-31")]


def test_a_stated_year_keeps_the_narrative_year_convention():
    # the month follows the year the text just stated, whatever the tense
    text = "In 2009, the council said it would finish the bridge in June. It opened in September."
    assert dates_in(text, ANCHOR) == [("2009", "2009-01-01", "2009-12-31"),
                                      ("June", "2009-06-01", "2009-06-30"),
                                      ("September", "2009-09-01", "2009-09-30")]
    # a date read from the document's date hands the year back to the tense rule
    text = "In 2009 the bridge was planned. On Monday the council said it would finish it in June."
    assert dates_in(text, ANCHOR)[-1] == ("June", "2013-06-01", "2013-06-30")


def test_a_dateline_with_its_year_is_the_document_date_not_a_stated_year():
    text = ("LONDON, March 15, 2013 - The company said it would reopen the plant in September, "
            "after the site was hit in November.")
    assert dates_in(text, ANCHOR) == [("March 15, 2013", "2013-03-15", "2013-03-15"),
                                      ("September", "2013-09-01", "2013-09-30"),
                                      ("November", "2012-11-01", "2012-11-30")]


@pytest.mark.parametrize("sentence, expected", [
    ("The company said it would reopen the plant in June.", ("2013-06-01", "2013-06-30")),
    ("The vote is expected in September.", ("2013-09-01", "2013-09-30")),
    ("The summit will be held in February.", ("2014-02-01", "2014-02-28")),
    ("The town was hit in November.", ("2012-11-01", "2012-11-30")),
    ("Unemployment peaked in April.", ("2012-04-01", "2012-04-30")),
    ("The bill has been stalled since October.", ("2012-10-01", "2012-10-31")),
    ("Prices were cut in March.", ("2013-03-01", "2013-03-31")),  # this month has begun
    ("Prices will be cut in March.", ("2013-03-01", "2013-03-31")),  # nor has it ended
    ("In June, the plant will reopen.", ("2013-06-01", "2013-06-30")),  # the tense after it
    ("Crops failed in the summer.", ("2012-06-01", "2012-08-31")),
    ("Crops will be planted in the summer.", ("2013-06-01", "2013-08-31")),
])
def test_year_less_months_follow_the_tense(sentence, expected):
    found = dates_in(sentence, ANCHOR)
    assert [(e, l) for _, e, l in found] == [expected]


@pytest.mark.parametrize("sentence, anchor, expected", [
    # the future moves a year-less day to the first one from a month before the anchor on
    ("The election will be held on November 6.", ANCHOR, ("2013-11-06", "2013-11-06")),
    ("The hearing was postponed to 19-20 November.", date(2016, 12, 7),
     ("2016-11-19", "2016-11-20")),  # within the month before: already over
    ("The vote will take place on 2 February.", ANCHOR, ("2014-02-02", "2014-02-02")),
    # the past leaves days to the year-basis rule (nine months before to three after)
    ("Police arrested him on 20 March.", ANCHOR, ("2013-03-20", "2013-03-20")),
    ("The plant was closed on 6 November.", ANCHOR, ("2012-11-06", "2012-11-06")),
])
def test_year_less_days_move_only_with_the_future(sentence, anchor, expected):
    assert [(e, l) for _, e, l in dates_in(sentence, anchor)] == [expected]


@pytest.mark.parametrize("sentence, day", [
    ("Ministers will meet on Monday.", "2013-03-18"),
    ("The match was postponed until Saturday.", "2013-03-16"),
    ("The hearing was adjourned to Thursday.", "2013-03-21"),
    ("The minister said on Monday that talks had failed.", "2013-03-11"),
    ("Monday's vote was close.", "2013-03-11"),  # the tense after it
    ("Talks in Geneva on Monday.", "2013-03-11"),  # no tense: the most recent one
    ("The talks resume on Friday.", "2013-03-15"),  # present: from the anchor on (it is Friday)
    ("Police arrested him on Friday.", "2013-03-15"),
])
def test_bare_weekdays_follow_the_tense(sentence, day):
    assert [(e, l) for _, e, l in dates_in(sentence, ANCHOR)] == [(day, day)]


@pytest.mark.parametrize("text, year", [
    ("nineteen ninety-five", 1995), ("two thousand and nine", 2009), ("two thousand twelve", 2012),
    ("twenty twelve", 2012), ("nineteen oh five", 1905), ("Eighteen hundred", 1800),
    ("nineteen forty five", 1945),
])
def test_spelled_out_years(text, year):
    assert spelled_year(text) == year
    assert dates_in(f"It happened in {text}.", ANCHOR) == [
        (text, f"{year:04d}-01-01", f"{year:04d}-12-31")]


@pytest.mark.parametrize("text", [
    "two thousand people marched", "two thousand five hundred troops", "at eleven thirty",
    "nineteen hundred soldiers", "twenty five years", "two thousand and nine workers",
    "two thousand and five protesters",
])
def test_numbers_in_words_are_not_years(text):
    assert dates_in(text, ANCHOR) == []


@pytest.mark.parametrize("text", [
    "He reached the quarter-final.", "She lost the second quarter-final.", "the French Quarter",
    "a quarter of the vote", "the quarter of a century since", "over the last week of the race",
])
def test_quarters_and_weeks_that_are_not_dates(text):
    assert [t for t, _, _ in dates_in(text, ANCHOR)] == []


@pytest.mark.parametrize("text, found", [
    ("a 2009 analysis", ["2009"]), ("the 2010 census", ["2010"]), ("the 2008 crisis", ["2008"]),
    ("the 2012 election", ["2012"]), ("2009 people voted", []), ("2000 employees lost jobs", []),
    ("It sold 2000 tickets", []),
])
def test_a_year_before_a_noun_is_a_date_a_count_is_not(text, found):
    assert [t for t, _, _ in dates_in(text, ANCHOR)] == found


def test_clause_tense():
    cases = {
        "said it would reopen in June": "future",
        "was hit in June": "past",
        "will be held in June": "future",
        "was held in June": "past",
        "is expected in June": "future",
        "plans to open a plant in June": "future",
        "agreed to meet in June": "future",
        "has been closed since June": "past",
        "postponed until June": "future",
        "figures for June": None,
        "the plant, closed since June, will reopen": "past",
    }
    for phrase, tense in cases.items():
        start = phrase.index("June")
        assert clause_tense(phrase, start, start + 4) == tense, phrase
    # a sentence boundary stops the look back; "May" the month is not the verb "may"
    text = "Prices fell. In May, output in June rose."
    assert clause_tense(text, text.index("June"), text.index("June") + 4) == "past"


def test_named_month_and_quarter_arithmetic():
    base = date(2013, 3, 15)
    assert [named_month_year(m, -1, base) for m in (2, 3, 4)] == [2013, 2012, 2012]
    assert [named_month_year(m, 1, base) for m in (2, 3, 4)] == [2014, 2014, 2013]
    assert [named_month_year(m, 0, base) for m in (2, 3, 4)] == [2013, 2013, 2013]
    assert [quarter_of(base, s) for s in (-1, 0, 1, 4)] == [(2012, 4), (2013, 1), (2013, 2), (2014, 1)]


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       st.sampled_from(MONTHS), st.sampled_from(["last", "next", "this"]),
       st.sampled_from(["", "early ", "late ", "mid-"]))
def test_last_next_this_month_from_any_date(anchor, month, word, mod):
    found = find_dates(f"The plant closed {mod}{word} {month}.", anchor)
    assert len(found) == 1
    m = found[0]
    assert m.text == f"{mod}{word} {month}"
    assert oracle_bounds(m.edtf) == (m.earliest, m.latest)
    lo, hi = date.fromisoformat(m.earliest), date.fromisoformat(m.latest)
    assert lo.month == hi.month == MONTHS.index(month) + 1
    months_away = (lo.year * 12 + lo.month) - (anchor.year * 12 + anchor.month)
    if word == "last":  # one of the twelve months before the anchor's month
        assert -12 <= months_away <= -1
    elif word == "next":  # one of the twelve months after it
        assert 1 <= months_away <= 12
    else:
        assert lo.year == anchor.year


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       st.sampled_from(MONTHS),
       st.sampled_from([("was hit in", "past"), ("will reopen in", "future")]))
def test_tense_places_a_year_less_month_within_a_year_of_the_anchor(anchor, month, verb):
    phrase, tense = verb
    found = find_dates(f"The plant {phrase} {month}.", anchor)
    assert len(found) == 1
    m = found[0]
    assert oracle_bounds(m.edtf) == (m.earliest, m.latest)
    lo, hi = date.fromisoformat(m.earliest), date.fromisoformat(m.latest)
    if tense == "past":  # the most recent one that has begun
        assert lo <= anchor < lo + timedelta(days=366)
    else:  # the first one that has not ended
        assert hi >= anchor > hi - timedelta(days=366)


def test_curator_dates_command_reads_news_as_the_engine_does(tmp_path, capsys):
    path = tmp_path / "business.txt"
    path.write_text(BUSINESS, encoding="utf-8")
    assert main(["dates", "--anchor", ANCHOR.isoformat(), str(path)]) == 0
    items = json.loads(capsys.readouterr().out)
    by_text = {i["text"]: (i["earliest"], i["latest"]) for i in items}
    assert by_text["last May"] == ("2012-05-01", "2012-05-31")
    assert by_text["late last July"] == ("2012-07-21", "2012-07-31")
    assert by_text["June"] == ("2013-06-01", "2013-06-30")
    assert by_text["this fiscal year"] == ("2013-01-01", "2013-12-31")
    for item in items:
        assert oracle_bounds(item["edtf"]) == (item["earliest"], item["latest"])


_NEWS_PIECES = st.sampled_from([
    "last May", "late last July", "this coming June", "this past May", "early next year",
    "the end of last year", "next spring", "this fiscal year", "the quarter", "last quarter",
    "Third-quarter", "the third quarter", "two years ago", "10 years ago", "nineteen ninety-five",
    "two thousand and nine", "the last week", "the end of year", "the end of the year",
    "the 20th Century", "a 2009 analysis", "2009 people", "Saturday, April 25:", "said on Monday",
    "will meet on Monday", "postponed until Saturday", "said it would reopen in June",
    "was hit in November", "around last May", "In 2009,", "on 8 May 2014", "the next day",
    "will be held on November 6", ". ", ", ", " ", "\n",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_NEWS_PIECES, st.text(max_size=6)), max_size=20),
       st.one_of(st.none(), st.dates(min_value=date(1005, 1, 1), max_value=date(2095, 12, 31))))
def test_news_values_are_standard_edtf_with_our_bounds(parts, anchor):
    text = " ".join(parts)
    for m in find_dates(text, anchor):
        assert text[m.start:m.end] == m.text
        assert oracle_bounds(m.edtf) == (m.earliest, m.latest), m
