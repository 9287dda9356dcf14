"""Issue 9, point 9: a typed or found date is read exactly or refused with the reason.

BC years, open ends ("before 1900", "no earlier than 3 May 2014"), uncertainty ("May 2014?",
"probably", "(?)"), either/or (EDTF sets) and month names in French, German, Spanish and Arabic
transliteration, through ``parse_date_input`` (the date cell), ``find_dates`` (running text) and
``curator dates``. Every EDTF value is checked with python-edtf, a parser nobody here wrote.
"""

import json
import time
from datetime import date, timedelta

import edtf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.cli import main
from curator.core.records import DateFields
from curator.temporal import DateInputError, find_dates, guess_date, parse_date_input

ANCHOR = date(2016, 6, 1)


def oracle(value: str) -> tuple:
    """(earliest, latest) as python-edtf reads ``value``; None for an open end."""
    parsed = edtf.parse_edtf(value)

    def day(t):
        if isinstance(t, float):  # -inf / inf: an open end
            return None
        assert isinstance(t, time.struct_time)
        return date(t.tm_year, t.tm_mon, t.tm_mday).isoformat()

    return day(parsed.lower_strict()), day(parsed.upper_strict())


def assert_standard(value: str, earliest, latest) -> None:
    assert oracle(value) == (earliest, latest), value


TYPED = [
    # open ends
    ("before 1900", "../1899-12-31", None, "1899-12-31"),
    ("after 1945", "1946-01-01/..", "1946-01-01", None),
    ("no earlier than 3 May 2014", "2014-05-03/..", "2014-05-03", None),
    ("no later than May 2014", "../2014-05", None, "2014-05-31"),
    ("not before 2011", "2011/..", "2011-01-01", None),
    ("not after 8 May 2014", "../2014-05-08", None, "2014-05-08"),
    ("on or before 3 May 2014", "../2014-05-03", None, "2014-05-03"),
    ("since 2011", "2011/..", "2011-01-01", None),
    ("from March 2011", "2011-03/..", "2011-03-01", None),
    ("2011 onwards", "2011/..", "2011-01-01", None),
    ("until May 2014", "../2014-05", None, "2014-05-31"),
    ("by 2014", "../2014", None, "2014-12-31"),
    ("May 2014 at the latest", "../2014-05", None, "2014-05-31"),
    ("1990 or earlier", "../1990", None, "1990-12-31"),
    ("pre-1900", "../1899-12-31", None, "1899-12-31"),
    ("post-1945", "1946-01-01/..", "1946-01-01", None),
    ("before the 1950s", "../1949-12-31", None, "1949-12-31"),
    ("since spring 2015", "2015-03/..", "2015-03-01", None),
    ("after 31 December 2013", "2014-01-01/..", "2014-01-01", None),
    # uncertainty
    ("May 2014?", "2014-05?", "2014-05-01", "2014-05-31"),
    ("1950s?", "1950?/1959?", "1950-01-01", "1959-12-31"),
    ("the 1950s (?)", "1950?/1959?", "1950-01-01", "1959-12-31"),
    ("probably May 2014", "2014-05?", "2014-05-01", "2014-05-31"),
    ("May 2014 (?)", "2014-05?", "2014-05-01", "2014-05-31"),
    ("8 May 2014 [?]", "2014-05-08?", "2014-05-08", "2014-05-08"),
    ("May 2014 ?", "2014-05?", "2014-05-01", "2014-05-31"),
    ("spring 2015?", "2015-03?/2015-05?", "2015-03-01", "2015-05-31"),
    ("around May 2014?", "2014-05%", "2014-05-01", "2014-05-31"),
    ("probably before 1900", "../1899-12-31?", None, "1899-12-31"),
    # either ... or: one of a set
    ("either 1 or 3 May 2014", "[2014-05-01,2014-05-03]", "2014-05-01", "2014-05-03"),
    ("1 or 3 May 2014", "[2014-05-01,2014-05-03]", "2014-05-01", "2014-05-03"),
    ("either May or June 2014", "[2014-05,2014-06]", "2014-05-01", "2014-06-30"),
    ("either 2013 or 2014", "[2013,2014]", "2013-01-01", "2014-12-31"),
    ("either 8 May 2014 or 10 May 2014", "[2014-05-08,2014-05-10]", "2014-05-08", "2014-05-10"),
    # French
    ("8 mai 2014", "2014-05-08", "2014-05-08", "2014-05-08"),
    ("1er août 2014", "2014-08-01", "2014-08-01", "2014-08-01"),
    ("lundi 3 février 2014", "2014-02-03", "2014-02-03", "2014-02-03"),
    ("3 fevrier 2014", "2014-02-03", "2014-02-03", "2014-02-03"),
    ("mars 2014", "2014-03", "2014-03-01", "2014-03-31"),
    ("Mars 2014", "2014-03", "2014-03-01", "2014-03-31"),  # typed into a date cell: a month
    ("25 décembre 2013", "2013-12-25", "2013-12-25", "2013-12-25"),
    ("juillet 2012", "2012-07", "2012-07-01", "2012-07-31"),
    # German
    ("14 Juli 2014", "2014-07-14", "2014-07-14", "2014-07-14"),
    ("14. Juli 2014", "2014-07-14", "2014-07-14", "2014-07-14"),
    ("3. März 2014", "2014-03-03", "2014-03-03", "2014-03-03"),
    ("Maerz 2014", "2014-03", "2014-03-01", "2014-03-31"),
    ("1. Oktober 2013", "2013-10-01", "2013-10-01", "2013-10-01"),
    ("24. Dezember 2013", "2013-12-24", "2013-12-24", "2013-12-24"),
    ("Mai 2014", "2014-05", "2014-05-01", "2014-05-31"),
    # Spanish
    ("3 de mayo de 2014", "2014-05-03", "2014-05-03", "2014-05-03"),
    ("mayo de 2014", "2014-05", "2014-05-01", "2014-05-31"),
    ("12 de octubre del 2013", "2013-10-12", "2013-10-12", "2013-10-12"),
    ("1 enero 2015", "2015-01-01", "2015-01-01", "2015-01-01"),
    ("diciembre 2013", "2013-12", "2013-12-01", "2013-12-31"),
    # Arabic transliteration: Levantine and Egyptian
    ("Kanun al-Thani 2014", "2014-01", "2014-01-01", "2014-01-31"),
    ("15 Kanun al-Awwal 2013", "2013-12-15", "2013-12-15", "2013-12-15"),
    ("Tishrin al-Awwal 2013", "2013-10", "2013-10-01", "2013-10-31"),
    ("3 Tishrin al-Thani 2013", "2013-11-03", "2013-11-03", "2013-11-03"),
    ("Shubat 2012", "2012-02", "2012-02-01", "2012-02-29"),
    ("15 Adhar 2011", "2011-03-15", "2011-03-15", "2011-03-15"),
    ("Nisan 2013", "2013-04", "2013-04-01", "2013-04-30"),
    ("20 Ayyar 2014", "2014-05-20", "2014-05-20", "2014-05-20"),
    ("5 Haziran 2014", "2014-06-05", "2014-06-05", "2014-06-05"),
    ("Tammuz 2012", "2012-07", "2012-07-01", "2012-07-31"),
    ("5 Ab 2014", "2014-08-05", "2014-08-05", "2014-08-05"),
    ("Aylul 2013", "2013-09", "2013-09-01", "2013-09-30"),
    ("25 Yanayir 2011", "2011-01-25", "2011-01-25", "2011-01-25"),
    ("Fibrayir 2011", "2011-02", "2011-02-01", "2011-02-28"),
    ("30 Yunyu 2013", "2013-06-30", "2013-06-30", "2013-06-30"),
    ("3 Yulyu 2013", "2013-07-03", "2013-07-03", "2013-07-03"),
    ("14 Aghustus 2013", "2013-08-14", "2013-08-14", "2013-08-14"),
    ("6 Uktubar 1973", "1973-10-06", "1973-10-06", "1973-10-06"),
    ("Disambir 2012", "2012-12", "2012-12-01", "2012-12-31"),
    # AD / CE: years of the Common Era
    ("15 March 44 AD", "0044-03-15", "0044-03-15", "0044-03-15"),
    ("March AD 44", "0044-03", "0044-03-01", "0044-03-31"),
    ("AD 800", "0800", "0800-01-01", "0800-12-31"),
    ("800 CE", "0800", "0800-01-01", "0800-12-31"),
    ("2014 AD", "2014", "2014-01-01", "2014-12-31"),
    ("8 May 2014 A.D.", "2014-05-08", "2014-05-08", "2014-05-08"),
    # filler words account for themselves
    ("Thursday, 8 May 2014, 10:00 UTC", "2014-05-08", "2014-05-08", "2014-05-08"),
]


@pytest.mark.parametrize("typed, value, earliest, latest", TYPED)
def test_typed_forms_are_read_exactly(typed, value, earliest, latest):
    assert parse_date_input(typed, ANCHOR) == DateFields(value, earliest, latest, typed)
    assert_standard(value, earliest, latest)


REFUSED = [
    ("15 March 44 BC", "Curator places years 0001-9999"),
    ("44 BC", "'44 BC' is a BC date: Curator places years 0001-9999"),
    ("1200 BCE", "Curator places years 0001-9999"),
    ("c. 500 B.C.", "Curator places years 0001-9999"),
    ("44 bc", "Curator places years 0001-9999"),
    ("BCE 12", "Curator places years 0001-9999"),
    ("the 1st century BC", "Curator places years 0001-9999"),
    ("15 March 44", "'44' is not part of a date Curator can read (it read '15 March')"),
    ("14 luglio 2014", "'luglio' is not a month name Curator reads"),
    ("as of May 2014", "'as of' is not part of a date"),
    ("not in 2014", "'not in' is not part of a date"),
    ("8 May 2014 and 10 May 2014", "'and'"),
    ("Tishrin 2013", "could be October (Tishrin al-Awwal) or November"),
    ("Kanun 2014", "could be December (Kanun al-Awwal) or January"),
    ("Adar 2014", "also a month of the Hebrew or Persian calendar"),
    ("Azar 1399", "also a month of the Hebrew or Persian calendar"),
    ("31 February 2014", "February 2014 has 28 days"),
    ("31 février 2014", "has no day 31: February 2014 has 28 days"),
    ("30 Shubat 2012", "has no day 30: February 2012 has 29 days"),
    ("either 1 or 3", "no date found"),
    ("mars", "no date found"),
]


@pytest.mark.parametrize("typed, reason", REFUSED)
def test_typed_forms_that_cannot_be_read_exactly_are_refused_with_the_reason(typed, reason):
    with pytest.raises(DateInputError) as caught:
        parse_date_input(typed, ANCHOR)
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)


def found(text, anchor=ANCHOR):
    return [(m.text, m.edtf, m.earliest, m.latest) for m in find_dates(text, anchor)]


RUNNING = [
    # BC dates are not modern dates; AD dates are read
    ("Caesar was killed on 15 March 44 BC in Rome.", []),
    ("Troy fell around 1200 BC, long before 1200 B.C.E. ended.", []),
    ("Augustus died on 19 August 14 AD at Nola.", [("19 August 14 AD", "0014-08-19", "0014-08-19", "0014-08-19")]),
    ("Yamhad ruled Aleppo around 1800 BC and fell in the 16th century BC.", []),
    # clearly open-ended phrases
    ("The deal must be signed no later than May 2014, officials said.",
     [("no later than May 2014", "../2014-05", None, "2014-05-31")]),
    ("Elections will be held no earlier than 3 May 2014.",
     [("no earlier than 3 May 2014", "2014-05-03/..", "2014-05-03", None)]),
    ("Repairs will finish not before 2015, he said.", [("not before 2015", "2015/..", "2015-01-01", None)]),
    ("The report is due on or before 30 June 2014.",
     [("on or before 30 June 2014", "../2014-06-30", None, "2014-06-30")]),
    ("Repairs end in March 2015 at the latest.", [("March 2015 at the latest", "../2015-03", None, "2015-03-31")]),
    ("It was built in 1990 or earlier, he said.", [("1990 or earlier", "../1990", None, "1990-12-31")]),
    ("They met on 8 May 2014 or after the vote.", [("8 May 2014", "2014-05-08", "2014-05-08", "2014-05-08")]),
    # the conventions of the annotated sets: a bare preposition is outside the date it names
    ("She served again after 2012.", [("2012", "2012", "2012-01-01", "2012-12-31")]),
    ("The town was founded before 1900.", [("1900", "1900", "1900-01-01", "1900-12-31")]),
    # ... but a heading or a list line that is nothing but the expression is read as typed
    ("History\n\nBefore 1900\n\nThe village grew.", [("Before 1900", "../1899-12-31", None, "1899-12-31")]),
    ("after 1945\n", [("after 1945", "1946-01-01/..", "1946-01-01", None)]),
    # uncertainty
    ("The letter is dated May 2014 (?) in the archive.", [("May 2014 (?)", "2014-05?", "2014-05-01", "2014-05-31")]),
    ("It was probably May 2014 when they left.", [("probably May 2014", "2014-05?", "2014-05-01", "2014-05-31")]),
    ("A photograph from the 1950s? with no caption.", [("the 1950s?", "1950?/1959?", "1950-01-01", "1959-12-31")]),
    ("May 2014?\n", [("May 2014?", "2014-05?", "2014-05-01", "2014-05-31")]),
    # a question mark that ends a question is punctuation
    ("Did the siege end in May 2014? Nobody knows.", [("May 2014", "2014-05", "2014-05-01", "2014-05-31")]),
    # either ... or
    ("He arrived on either 1 or 3 May 2014 by bus.",
     [("either 1 or 3 May 2014", "[2014-05-01,2014-05-03]", "2014-05-01", "2014-05-03")]),
    ("The school closed in either 2013 or 2014.", [("either 2013 or 2014", "[2013,2014]", "2013-01-01", "2014-12-31")]),
    # month names of other languages, inside a date only
    ("Le traité fut signé le 8 mai 2014 à Genève.", [("8 mai 2014", "2014-05-08", "2014-05-08", "2014-05-08")]),
    ("Am 14. Juli 2014 begann die Offensive.", [("14. Juli 2014", "2014-07-14", "2014-07-14", "2014-07-14")]),
    ("El 3 de mayo de 2014 llegaron.", [("3 de mayo de 2014", "2014-05-03", "2014-05-03", "2014-05-03")]),
    ("Fighting resumed on 15 Haziran 2014 near Aleppo.", [("15 Haziran 2014", "2014-06-15", "2014-06-15", "2014-06-15")]),
    ("The Mars 2020 rover landed; mars and Mars are planets here.", [("2020", "2020", "2020-01-01", "2020-12-31")]),
    ("The 2 Mars missions cost more.", []),
    ("Ab 2014 gilt die Regel.", [("2014", "2014", "2014-01-01", "2014-12-31")]),
    # a day and a month Curator does not know: not silently the year
    ("Il 14 luglio 2014 fu firmato.", []),
    # an ambiguous Levantine name leaves nothing
    ("In Tishrin 2013 the siege began.", []),
]


@pytest.mark.parametrize("text, expected", RUNNING)
def test_running_text(text, expected):
    assert found(text) == expected
    for _, value, earliest, latest in expected:
        assert_standard(value, earliest, latest)


def test_dates_command_reads_the_forms_and_writes_null_for_open_ends(tmp_path, capsys):
    lines = ["15 March 44 BC", "before 1900", "after 1945", "no earlier than 3 May 2014",
             "May 2014?", "1950s?", "14 Juli 2014", "8 mai 2014", "either 1 or 3 May 2014"]
    path = tmp_path / "forms.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["dates", "--anchor", "2016-06-01", str(path)]) == 0
    out, err = capsys.readouterr()
    items = json.loads(out)
    assert err == ""
    assert [(i["text"], i["edtf"], i["earliest"], i["latest"]) for i in items] == [
        ("before 1900", "../1899-12-31", None, "1899-12-31"),
        ("after 1945", "1946-01-01/..", "1946-01-01", None),
        ("no earlier than 3 May 2014", "2014-05-03/..", "2014-05-03", None),
        ("May 2014?", "2014-05?", "2014-05-01", "2014-05-31"),
        ("1950s?", "1950?/1959?", "1950-01-01", "1959-12-31"),
        ("14 Juli 2014", "2014-07-14", "2014-07-14", "2014-07-14"),
        ("8 mai 2014", "2014-05-08", "2014-05-08", "2014-05-08"),
        ("either 1 or 3 May 2014", "[2014-05-01,2014-05-03]", "2014-05-01", "2014-05-03"),
    ]
    text = path.read_text(encoding="utf-8")
    for item in items:
        assert text[item["start"]:item["end"]] == item["text"]
        assert_standard(item["edtf"], item["earliest"], item["latest"])
    assert '"earliest": null' in out


def test_a_passage_with_only_an_open_date_gets_it():
    fields = guess_date("Elections will be held no earlier than 3 May 2014.")
    assert fields == DateFields("2014-05-03/..", "2014-05-03", None, "no earlier than 3 May 2014")
    # a bounded, precise date is preferred to an open one
    fields = guess_date("No earlier than 2015, after the vote on 8 May 2014.")
    assert fields.edtf == "2014-05-08"


MONTH_WORDS = {
    1: ["janvier", "Januar", "enero", "Kanun al-Thani", "Yanayir"],
    2: ["février", "Februar", "febrero", "Shubat", "Fibrayir"],
    3: ["mars", "März", "marzo", "Adhar", "Maris"],
    4: ["avril", "April", "abril", "Nisan", "Abril"],
    5: ["mai", "Mai", "mayo", "Ayyar", "Mayu"],
    6: ["juin", "Juni", "junio", "Haziran", "Yunyu"],
    7: ["juillet", "Juli", "julio", "Tammuz", "Yulyu"],
    8: ["août", "August", "agosto", "Ab", "Aghustus"],
    9: ["septembre", "September", "septiembre", "Aylul", "Sibtambir"],
    10: ["octobre", "Oktober", "octubre", "Tishrin al-Awwal", "Uktubar"],
    11: ["novembre", "November", "noviembre", "Tishrin al-Thani", "Nufambir"],
    12: ["décembre", "Dezember", "diciembre", "Kanun al-Awwal", "Disambir"],
}


@settings(max_examples=150, deadline=None)
@given(day=st.dates(min_value=date(1000, 1, 1), max_value=date(2099, 12, 31)),
       language=st.integers(0, 4),
       form=st.sampled_from(["{d} {m} {y}", "before {d} {m} {y}", "after {d} {m} {y}",
                             "no earlier than {d} {m} {y}", "{d} {m} {y}?", "{m} {y}"]))
def test_generated_forms_read_exactly_and_standard(day, language, form):
    """Any day in any of the month vocabularies, bare or with an open end or a question mark:
    the day it names, and an EDTF value python-edtf reads with the same bounds."""
    typed = form.format(d=day.day, m=MONTH_WORDS[day.month][language], y=day.year)
    value = parse_date_input(typed)
    assert_standard(value.edtf, value.earliest, value.latest)
    iso = day.isoformat()
    expected = {
        "{d} {m} {y}": (iso, iso), "{d} {m} {y}?": (iso, iso),
        "before {d} {m} {y}": (None, (day - timedelta(days=1)).isoformat()),
        "after {d} {m} {y}": ((day + timedelta(days=1)).isoformat(), None),
        "no earlier than {d} {m} {y}": (iso, None),
        "{m} {y}": (iso[:8] + "01", value.latest),
    }[form]
    assert (value.earliest, value.latest) == expected
    if form == "{m} {y}":
        assert value.edtf == iso[:7]
    if form.endswith("?"):
        assert value.edtf == iso + "?"


def test_every_value_found_on_the_dev_and_held_out_sets_is_standard():
    from pathlib import Path

    data = Path(__file__).parent / "data"
    seeds = Path(__file__).parent.parent / "seeds"
    texts = []
    for doc in json.loads((data / "dates_dev.json").read_text("utf-8"))["documents"]:
        anchor = date.fromisoformat(doc["annotated_against"]) if doc.get("annotated_against") else None
        texts.append(((seeds / doc["file"]).read_bytes().decode("utf-8"), anchor))
    for name in ("dates_heldout.json", "dates_heldout2.json"):
        for case in json.loads((data / name).read_text("utf-8"))["cases"]:
            texts.append((case["text"], date.fromisoformat(case["anchor"]) if case.get("anchor") else None))
    values = [m for text, anchor in texts for m in find_dates(text, anchor)]
    assert len(values) > 350
    for m in values:
        assert_standard(m.edtf, m.earliest, m.latest)


OPEN_TEXT = ("Briefing\n\nThe ministry said elections will be held no earlier than 3 May 2014 in "
             "the capital.\nThe old bridge was built in May 1950 (?) by the town council.\n"
             "All parties must ratify the treaty no later than June 2015 in Geneva.\n")


def test_suggestions_carry_open_and_uncertain_dates_into_events(project):
    from curator.suggestions import accept_all, suggest_events

    project.add_document(OPEN_TEXT, title="Briefing")
    found = suggest_events(project)
    assert [s.date for s in found] == [
        DateFields("2014-05-03/..", "2014-05-03", None, "no earlier than 3 May 2014"),
        DateFields("1950-05?", "1950-05-01", "1950-05-31", "May 1950 (?)"),
        DateFields("../2015-06", None, "2015-06-30", "no later than June 2015")]
    ids = accept_all(project, found)
    assert [project.event(i).date for i in ids] == [s.date for s in found]


@settings(max_examples=150, deadline=None)
@given(day=st.dates(min_value=date(1000, 1, 1), max_value=date(2099, 12, 31)),
       language=st.integers(0, 4), era=st.sampled_from(["", " BC", " BCE", " B.C.", " AD"]))
def test_generated_sentences_give_the_day_or_nothing_for_bc(day, language, era):
    """In running text a day written in any of the month vocabularies is that day; followed by
    BC it is nothing at all (never a modern date), followed by AD it is the same day."""
    text = (f"Reports from the town say that on {day.day} {MONTH_WORDS[day.month][language]} "
            f"{day.year}{era} the old gate fell to the rebels.")
    dates = found(text)
    if "B" in era:
        assert dates == []
    else:
        assert [(d[2], d[3]) for d in dates] == [(day.isoformat(), day.isoformat())]
        assert_standard(dates[0][1], dates[0][2], dates[0][3])
