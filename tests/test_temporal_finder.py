"""The date finder: what it finds, what it leaves alone, and what each expression means."""

from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from curator.temporal import DateMatch, find_dates, parse_edtf


def one(text, anchor=None):
    found = find_dates(text, anchor)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, expression, earliest, latest", [
    ("It happened on 8 May 2014.", "8 May 2014", "2014-05-08", "2014-05-08"),
    ("It happened on May 8, 2014.", "May 8, 2014", "2014-05-08", "2014-05-08"),
    ("It was Friday, March 2, 2007.", "Friday, March 2, 2007", "2007-03-02", "2007-03-02"),
    ("Filed 2014-05-08.", "2014-05-08", "2014-05-08", "2014-05-08"),
    ("Born 14.02.1978 in Leipzig.", "14.02.1978", "1978-02-14", "1978-02-14"),
    ("Signed 6/14/2007.", "6/14/2007", "2007-06-14", "2007-06-14"),
    ("Signed 14/6/2007.", "14/6/2007", "2007-06-14", "2007-06-14"),
    ("In May 2014 it rained.", "May 2014", "2014-05-01", "2014-05-31"),
    ("In 2014 it rained.", "2014", "2014-01-01", "2014-12-31"),
    ("In the 1950s it rained.", "the 1950s", "1950-01-01", "1959-12-31"),
    ("In spring 2015 it rained.", "spring 2015", "2015-03-01", "2015-05-31"),
    ("In winter 2014 it snowed.", "winter 2014", "2014-12-01", "2015-02-28"),
    ("In the autumn of 2013 it rained.", "the autumn of 2013", "2013-09-01", "2013-11-30"),
    ("In early May 2014 it rained.", "early May 2014", "2014-05-01", "2014-05-10"),
    ("In mid-February 2014 it rained.", "mid-February 2014", "2014-02-11", "2014-02-20"),
    ("In late February 2016 it rained.", "late February 2016", "2016-02-21", "2016-02-29"),
    ("In early 2015 it rained.", "early 2015", "2015-01-01", "2015-04-30"),
    ("By mid-2014 it rained.", "mid-2014", "2014-05-01", "2014-08-31"),
    ("By the end of 2014 it rained.", "the end of 2014", "2014-09-01", "2014-12-31"),
    ("At the beginning of March 2013 it rained.", "the beginning of March 2013", "2013-03-01", "2013-03-10"),
    ("Talks ran 22-31 January 2014.", "22-31 January 2014", "2014-01-22", "2014-01-31"),
    ("Voting was held between 6 and 12 May 2019.", "between 6 and 12 May 2019", "2019-05-06", "2019-05-12"),
    ("The fair ran from 1 June to 3 July 2012.", "from 1 June to 3 July 2012", "2012-06-01", "2012-07-03"),
    ("Work went on from January until September 2012.", "from January until September 2012", "2012-01-01", "2012-09-30"),
    ("The offensive (October–December 2013) failed.", "October–December 2013", "2013-10-01", "2013-12-31"),
    ("Date: 1 October – 1 December 2013.", "1 October – 1 December 2013", "2013-10-01", "2013-12-01"),
    ("From December 2013 to February 2014 it snowed.", "From December 2013 to February 2014", "2013-12-01", "2014-02-28"),
    ("The battle (2012–2016) went on.", "2012–2016", "2012-01-01", "2016-12-31"),
    ("In the third quarter of 2022 prices rose.", "the third quarter of 2022", "2022-07-01", "2022-09-30"),
    ("Ali ruled from 656 to 661 AD.", "656 to 661 AD", "0656-01-01", "0661-12-31"),
])
def test_calendar_expressions(text, expression, earliest, latest):
    found = one(text)
    assert (found.text, found.earliest, found.latest) == (expression, earliest, latest)
    assert text[found.start:found.end] == expression
    interval = parse_edtf(found.edtf)
    assert (interval.earliest.isoformat(), interval.latest.isoformat()) == (earliest, latest)


@pytest.mark.parametrize("text", [
    "The siege lasted for nine days.",
    "The vote was 812 to 301.",
    "The plant employs 1,100 workers.",
    "Prices rose 2 percent.",
    "The meeting starts at 10:30 and ends at 12:00.",
    "He said 2000 people attended.",
    "The company has 2014 employees.",
    "The fall of Aleppo was a turning point.",
    "You may leave now.",
    "The report was published three weeks later than planned.",
    "Over the next month the army advanced.",
])
def test_not_dates(text):
    assert find_dates(text, date(2016, 1, 1)) == []


def test_approximation_words_mark_the_value_approximate():
    for text in ("around 2010", "about May 2014", "circa 1850", "c. 1850"):
        found = one(f"It was built {text}.")
        assert found.edtf.endswith("~") and parse_edtf(found.edtf).approximate, found


def test_year_less_dates_follow_the_narrative():
    text = ("The talks were set for 22 January 2014. Damascus agreed on 27 November 2013. "
            "The opposition agreed on 18 January. The first round ran 22-31 January.")
    values = [(m.text, m.earliest, m.latest) for m in find_dates(text)]
    assert values[2] == ("18 January", "2014-01-18", "2014-01-18")
    assert values[3] == ("22-31 January", "2014-01-22", "2014-01-31")


def test_year_rolls_over_at_new_year():
    found = find_dates("Shelling began on 15 December 2013. On 3 January, it stopped.")
    assert found[1].earliest == "2014-01-03"


def test_look_back_does_not_move_the_narrative():
    found = find_dates("On 20 January 2014 the talks began, following the communiqué of June 2012. "
                       "A second round was held on 10-15 February.")
    assert (found[-1].earliest, found[-1].latest) == ("2014-02-10", "2014-02-15")


def test_anchor_gives_the_year_before_any_date():
    assert one("The siege began in July.", date(2016, 11, 30)).earliest == "2016-07-01"
    assert one("The inauguration is on Jan. 20.", date(2016, 12, 7)).earliest == "2017-01-20"
    assert find_dates("The siege began on 8 July.") == []  # no year to give it


@pytest.mark.parametrize("phrase, earliest, latest", [
    ("the next day", "2014-05-09", "2014-05-09"),
    ("the following day", "2014-05-09", "2014-05-09"),
    ("the day before", "2014-05-07", "2014-05-07"),
    ("two days later", "2014-05-10", "2014-05-10"),
    ("a week later", "2014-05-15", "2014-05-15"),
    ("three weeks later", "2014-05-29", "2014-05-29"),
    ("a month later", "2014-06-08", "2014-06-08"),
    ("the following week", "2014-05-12", "2014-05-18"),
    ("the same day", "2014-05-08", "2014-05-08"),
    ("later that month", "2014-05-01", "2014-05-31"),
    ("the following year", "2015-01-01", "2015-12-31"),
    ("the following saturday", "2014-05-10", "2014-05-10"),
])
def test_relative_expressions_count_from_the_last_date(phrase, earliest, latest):
    written = phrase.replace("saturday", "Saturday")
    found = find_dates(f"The bridge fell on 8 May 2014. {written[0].upper()}{written[1:]}, "
                       "the army arrived.")
    assert [(m.text.lower(), m.earliest, m.latest) for m in found][1] == (phrase, earliest, latest)


def test_relative_expressions_chain():
    found = find_dates("On 8 May 2014 it began. The next day it spread. The following day it ended.")
    assert [m.earliest for m in found] == ["2014-05-08", "2014-05-09", "2014-05-10"]


def test_deictic_expressions_count_from_the_anchor():
    anchor = date(2016, 12, 7)  # a Wednesday
    found = {m.text: (m.earliest, m.latest) for m in find_dates(
        "Yesterday the UN met; last week it voted; on Monday Russia vetoed; last year it was worse; "
        "two days ago it rained.", anchor)}
    assert found == {
        "Yesterday": ("2016-12-06", "2016-12-06"),
        "last week": ("2016-11-28", "2016-12-04"),
        "Monday": ("2016-12-05", "2016-12-05"),
        "last year": ("2015-01-01", "2015-12-31"),
        "two days ago": ("2016-12-05", "2016-12-05"),
    }


def test_as_dict_has_exactly_the_six_keys():
    found = one("On 8 May 2014.")
    assert found.as_dict() == {"start": 3, "end": 13, "text": "8 May 2014", "edtf": "2014-05-08",
                               "earliest": "2014-05-08", "latest": "2014-05-08"}
    with pytest.raises(AttributeError):
        found.start = 4  # frozen


def test_offsets_are_code_points_with_emoji_and_crlf():
    text = "🎉🎉 Report\r\n\r\nOn 8 May 2014 👍🏽 the next day,\r\nand in June."
    found = find_dates(text)
    assert [m.text for m in found] == ["8 May 2014", "the next day", "June"]
    for m in found:
        assert text[m.start:m.end] == m.text


_pieces = st.sampled_from([
    "8 May 2014", "May 8, 2014", "22-31 January", "the next day", "two days later", "in March",
    "mid-2014", "the 1950s", "spring 2015", "2014-05-08", "6/14/2007", "between 6 and 12 May",
    "from 1 June to 3 July 2012", "around 2010", "yesterday", "on Monday", "\r\n", "🎉", "👍🏽",
    "e\u0301", "مرحبا", " ", ", ", ". ", "812 to 301", "1,100 workers", "for nine days", "2000",
    "31 February", "29 February 2015", "9999", "December 2013 -", "Jan. 20",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_pieces, st.text(max_size=8)), max_size=25),
       st.one_of(st.none(), st.dates(min_value=date(1, 2, 1), max_value=date(9998, 11, 1))))
def test_every_match_is_its_own_text_and_a_proper_interval(parts, anchor):
    text = "".join(parts)
    for m in find_dates(text, anchor):
        assert isinstance(m, DateMatch)
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.earliest <= m.latest
        interval = parse_edtf(m.edtf)
        assert (interval.earliest.isoformat(), interval.latest.isoformat()) == (m.earliest, m.latest)
