"""A document's date inferred from its text, the document date rule, and how a document's date
is decided when it comes in (given, the file's own, inferred). Every EDTF value produced is
checked with python-edtf (the `edtf` package), the oracle."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import edtf as python_edtf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.ingest.dating import FILE, GIVEN, TEXT, date_document, dated_record, read_file_date
from curator.temporal import find_dates, parse_edtf
from curator.temporal.document_date import (
    ACCESSED, DATELINE, LATEST, PUBLISHED, UPDATED, infer_document_date, read_document_date,
)
from curator.temporal.errors import DateInputError
from curator.temporal.rule import document_date_problem, document_date_value

SEEDS = Path(__file__).parent.parent / "seeds"
TODAY = date(2024, 6, 1)  # the day of the "import" in these tests


def oracle_bounds(value: str) -> tuple[str, str]:
    """python-edtf's strict first and last day of ``value``."""
    parsed = python_edtf.parse_edtf(value)

    def day(t):
        return date(t.tm_year, t.tm_mon, t.tm_mday).isoformat()
    return day(parsed.lower_strict()), day(parsed.upper_strict())


def assert_document_date(value: str) -> None:
    """A value Curator stores as a document's date: its own rule holds, python-edtf reads it
    and means the same days, and it is one day, month or year."""
    assert document_date_value(value) == value
    ours = parse_edtf(value)
    assert oracle_bounds(value) == (ours.earliest_iso, ours.latest_iso), value
    assert ours.precision in ("day", "month", "year")


def infer(text: str, today: date = TODAY):
    found = infer_document_date(text, today)
    if found is not None:
        assert_document_date(found.edtf)
        assert text[found.start:found.end] == found.quote
        assert found.quote.strip() and found.quote in found.reason or found.kind == DATELINE
    return found


# ---------------------------------------------------------------------- the seeds
# Expected by hand from each text and the manifest's notes (seeds/manifest.json):
SEED_DATES = {
    # "Its bibliography cites pages accessed on 10-11 March 2016, so it was published in or
    # after March 2016": the latest access date.
    "000_cfb31c8ab9edc2e2.txt": ("2016-03-11", ACCESSED, "Accessed 11 March 2016"),
    # "It covers events up to 30 December 2014, so it was written after that": the last day it
    # names ("On 30 December a tunnel bomb ..."), its year from the narrative.
    "001_918f65e654503abb.txt": ("2014-12-30", LATEST, "30 December"),
    # "From the byline date 'Nov 30, 2016'": the dateline (not the related articles of 2022
    # listed under the article).
    "002_ff60e151c307b384.txt": ("2016-11-30", DATELINE, "Nov 30, 2016"),
    # "Its Aftermath section mentions events of May and July 2014, so it was written after July
    # 2014": the last day it names ("on 3 July, government forces fully captured ...").
    "003_d233ac24bfec66b8.txt": ("2014-07-03", LATEST, "3 July"),
    # "There is no byline ... and no date. It ... looks ahead to his inauguration on Jan. 20":
    # it names no day of its own ("Jan. 20" is ahead of it), so no date.
    "004_eb8c7ddf6d12c046.txt": None,
}


@pytest.mark.parametrize("name", sorted(SEED_DATES))
def test_each_seed_gives_the_date_its_manifest_note_implies(name):
    found = infer((SEEDS / name).read_bytes().decode("utf-8"))
    expected = SEED_DATES[name]
    if expected is None:
        assert found is None
    else:
        assert (found.edtf, found.kind, found.quote) == expected


def test_the_manifest_dates_a_seed_only_where_the_text_gives_the_same():
    import json

    manifest = json.loads((SEEDS / "manifest.json").read_text("utf-8"))
    given_dates = {d["file"]: d["published"] for d in manifest["documents"] if d["published"]}
    assert given_dates == {"002_ff60e151c307b384.txt": "2016-11-30"}
    for name, value in given_dates.items():
        assert infer((SEEDS / name).read_bytes().decode("utf-8")).edtf == value


# ---------------------------------------------------------------------- datelines
@pytest.mark.parametrize("text, expected, quote", [
    ("Beginning of the End\n\nby Jane Doe\n\nNov 30, 2016\n\nThe army advanced on 2 December "
     "2016 and took the old city.", "2016-11-30", "Nov 30, 2016"),
    ("ALEPPO, Syria — Dec. 8, 2016\n\nGovernment forces pushed into the old city on 7 December "
     "2016.", "2016-12-08", "ALEPPO, Syria — Dec. 8, 2016"),
    ("Rebels retreat\n\nALEPPO, Syria (Reuters) — Dec. 8, 2016 — Government forces pushed into "
     "the old city on Wednesday, residents said, after a night of heavy shelling.",
     "2016-12-08", None),
    ("Talks collapse\nBy Jane Doe | Monday, 5 December 2016 10:32 GMT\n\nThe talks ended on "
     "3 December 2016.", "2016-12-05", "By Jane Doe | Monday, 5 December 2016 10:32 GMT"),
    ("March 3, 2014\n\nThe council met on 1 March 2014.", "2014-03-03", "March 3, 2014"),
])
def test_a_dateline_near_the_top_is_the_date(text, expected, quote):
    found = infer(text)
    assert (found.edtf, found.kind) == (expected, DATELINE)
    if quote is not None:
        assert found.quote == quote
    assert found.reason.startswith("the dateline “")


def test_a_sentence_at_the_top_is_not_a_dateline():
    text = "On 8 May 2014 the army entered the city and the rebels withdrew to the north.\n"
    found = infer(text)
    assert (found.edtf, found.kind) == ("2014-05-08", LATEST)


def test_a_date_far_down_the_text_is_not_a_dateline():
    body = "".join(f"Paragraph {i} tells of the siege in some detail.\n\n" for i in range(40))
    found = infer("Siege notes\n\n" + body + "Feb 15, 2022\n\nRelated articles follow.\n")
    assert found.kind == LATEST  # not DATELINE: past the first lines
    assert found.edtf == "2022-02-15"


def test_the_dateline_wins_over_later_dates_in_a_sidebar():
    text = ("Beginning of the End\n\nNov 30, 2016\n\n" + "The siege went on.\n" * 5
            + "\nRECOMMENDED\n\nFeb 15, 2022\n\nAnother article\n")
    assert infer(text).edtf == "2016-11-30"


# ---------------------------------------------------------------------- "published" lines
@pytest.mark.parametrize("line, expected", [
    ("Published: 5 May 2014", "2014-05-05"),
    ("Published on 5 May 2014", "2014-05-05"),
    ("Posted on Monday, 5 December 2016 at 10:32", "2016-12-05"),
    ("First published 3 March 2016", "2016-03-03"),
    ("Publication date: May 2014", "2014-05"),
    ("Published 2014", "2014"),
    ("Dated 1 June 2015", "2015-06-01"),
    ("Published: 2016-11-30T10:22:00Z", "2016-11-30"),
])
def test_a_published_line_gives_the_date_even_before_later_ones(line, expected):
    text = f"Report on the siege\n{line}\n\nOn 3 June 2016 the convoy was hit, and on 9 July 2016 again.\n"
    found = infer(text)
    assert (found.edtf, found.kind) == (expected, PUBLISHED)
    assert found.quote.lower().startswith(("published", "posted", "first", "publication", "dated"))
    assert found.reason.startswith("the “published” line “")


def test_a_published_line_at_the_foot_counts_and_a_reference_in_prose_does_not():
    prose = ("Smith's study, which was published on 3 May 1999 by a university press and "
             "reviewed widely in the years after, found that the city had grown.\n")
    assert infer("Notes\n\n" + prose).kind == LATEST  # a long line of prose: not a metadata line
    assert infer("Notes\n\n" + prose + "\nPosted on 4 June 2010\n").edtf == "2010-06-04"


def test_an_updated_line_is_taken_when_there_is_no_published_line_or_dateline():
    text = ("Aleppo offensive\n\nThe offensive began on 1 October 2013 and ended on 1 December "
            "2013, when the army took Base 80 and twenty villages around it.\n\n"
            "This page was last edited on 3 March 2016, at 12:01 (UTC).\n")
    found = infer(text)
    assert (found.edtf, found.kind) == ("2016-03-03", UPDATED)
    assert found.quote == "last edited on 3 March 2016"


def test_accessed_dates_give_the_latest_one():
    text = ("Timeline\n\nThe talks began on 22 January 2014 in Montreux and broke up without a "
            "result after ten days of meetings.\n\nReferences\n"
            "1. Lund, Aron. \"Politics of the Islamic Front.\" Syria in Crisis. 14 April 2014. "
            "Accessed: 10 March 2016.\n"
            "2. Martin, Maxwell. \"Syria Comment.\" 13 December 2014. Retrieved 11 March 2016.\n")
    found = infer(text)
    assert (found.edtf, found.kind) == ("2016-03-11", ACCESSED)
    assert found.quote == "Retrieved 11 March 2016"
    assert "the latest of 2 access dates" in found.reason


# ---------------------------------------------------------------------- the latest named day
def test_no_date_at_all_gives_none():
    assert infer("Nothing in this text says when anything happened.") is None
    assert infer("") is None


def test_year_less_days_without_any_year_give_none():
    assert infer("On 9 January the talks began. The next day they ended.") is None


def test_a_text_that_only_looks_ahead_gives_none():
    text = ("The elections will be held on 12 March 2018. Candidates must register by 1 February "
            "2018, and the new parliament is due to meet on 3 April 2018.")
    assert infer(text, date(2017, 6, 1)) is None


def test_a_date_ahead_is_skipped_for_the_latest_day_before_it():
    text = ("The council met on 3 May 2014 and agreed a budget. The vote will be held on "
            "12 March 2018.")
    found = infer(text, date(2014, 6, 1))
    assert (found.edtf, found.kind) == ("2014-05-03", LATEST)


def test_a_date_after_the_day_of_import_is_never_taken():
    text = "By Jane Doe\nJune 5, 2030\n\nThe council met on 3 May 2014 and agreed a budget."
    assert infer(text, date(2024, 6, 1)).edtf == "2014-05-03"
    assert infer(text, date(2030, 6, 5)).edtf == "2030-06-05"


def test_a_year_less_day_in_a_dated_narrative_is_named_with_the_narrative_year():
    text = ("On 15 December 2013 the bombing began. On 2 January, rebels attacked. "
            "The next day they withdrew.")
    found = infer(text)
    assert (found.edtf, found.kind, found.quote) == ("2014-01-02", LATEST, "2 January")
    assert "read as 2014" in found.reason


def test_front_matter_is_not_read_for_the_date():
    text = "---\ntitle: Notes\nmodified: 5 May 2020\n---\nOn 3 May 2014 the council met.\n"
    assert infer(text).edtf == "2014-05-03"


DATELINE_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%d %B %Y", "%A, %d %B %Y", "%Y-%m-%d")


@settings(max_examples=120, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY), st.sampled_from(DATELINE_FORMATS),
       st.sampled_from(("by Jane Doe\n\n{d}\n\n", "ALEPPO, Syria — {d}\n\n",
                        "Published: {d}\n\n", "Posted on {d}\n")))
def test_any_dateline_or_published_line_is_read_to_its_day(day, form, template):
    written = day.strftime(form)
    text = "A headline\n\n" + template.format(d=written) + "The army advanced on 2 May 1899.\n"
    found = infer(text)
    assert found is not None and found.edtf == day.isoformat(), (written, found)
    assert oracle_bounds(found.edtf) == (day.isoformat(), day.isoformat())


# ---------------------------------------------------------------------- the document date rule
@pytest.mark.parametrize("value", ["2016-11-30", "2016-11", "2016", "2016-11~", "2016?",
                                   "2016-11-30%", "0800"])
def test_a_day_month_or_year_is_a_document_date_and_python_edtf_agrees(value):
    assert document_date_problem(value) is None
    assert_document_date(value)


@pytest.mark.parametrize("value, reason", [
    ("2016-21", "is a season"), ("2016-11/2017-01", "is an interval"), ("201X", "is a decade"),
    ("[2016,2017]", "is a set of dates"), ("May 2014", "is not an EDTF date"),
    (" 2016", "spaces"), ("2016-02-30", "no day 30"), ("2016-13", "no month 13"),
    ("-0044", "0001-9999"), ("2016-11-30T10:00:00Z", "is not an EDTF date"),
])
def test_anything_else_is_refused_with_the_reason(value, reason):
    problem = document_date_problem(value)
    assert problem and reason in problem
    with pytest.raises(DateInputError):
        document_date_value(value)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
       st.sampled_from(("day", "month", "year")), st.sampled_from(("", "?", "~", "%")))
def test_every_document_date_is_read_by_python_edtf_with_the_same_days(day, precision, q):
    value = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[precision] + q
    assert_document_date(value)


@pytest.mark.parametrize("typed, expected", [
    ("30 Nov 2016", "2016-11-30"), ("Nov 30, 2016", "2016-11-30"), ("November 2016", "2016-11"),
    ("2016", "2016"), ("2016-11-30", "2016-11-30"), ("2016-11-30T10:00", "2016-11-30"), ("", ""),
])
def test_a_typed_document_date_is_read_as_the_date_cell_reads_it(typed, expected):
    value = read_document_date(typed)
    assert value.edtf == expected
    if expected:
        assert_document_date(expected)
        assert (value.earliest, value.latest) == oracle_bounds(expected)


@pytest.mark.parametrize("typed, reason", [
    ("30 Nov", "has no year"), ("spring 2016", "is an interval"),
    ("between 1 and 3 May 2014", "is an interval"), ("whenever", "no date found"),
])
def test_a_typed_document_date_that_is_not_one_day_month_or_year_is_refused(typed, reason):
    with pytest.raises(DateInputError) as refused:
        read_document_date(typed)
    assert reason in str(refused.value)


# ---------------------------------------------------------------------- coming in
def test_a_given_date_wins_then_the_files_then_the_texts():
    text = "Nov 30, 2016\n\nThe army advanced on 2 December 2016."
    assert date_document(text, given="2017-01", file_date="2015-01-01") == \
        date_document(text, given="2017-01")
    given_one = date_document(text, given="2017-01")
    assert (given_one.published, given_one.inferred, given_one.origin) == ("2017-01", False, GIVEN)
    from_file = date_document(text, file_date="2015-06-02T10:00:00Z")
    assert (from_file.published, from_file.inferred, from_file.origin) == ("2015-06-02", False, FILE)
    inferred = date_document(text, today=TODAY)
    assert (inferred.published, inferred.inferred, inferred.origin) == ("2016-11-30", True, TEXT)
    assert inferred.report() == {"date": "2016-11-30", "inferred": True, "from": DATELINE,
                                 "reason": "the dateline “Nov 30, 2016”", "quote": "Nov 30, 2016"}


def test_an_unreadable_file_date_is_noted_and_the_text_decides():
    dated = date_document("On 3 May 2014 the council met.", file_date="sometime soon", today=TODAY)
    assert (dated.published, dated.inferred) == ("2014-05-03", True)
    assert "'sometime soon' is not a date Curator reads" in dated.note
    assert dated.report()["note"] == dated.note


def test_no_date_anywhere_is_an_empty_date_not_inferred():
    dated = date_document("Nothing dated.", today=TODAY)
    assert (dated.published, dated.inferred, dated.origin) == ("", False, "")
    assert dated.report() == {"date": None, "inferred": False, "from": None,
                              "reason": "the text gives no date of its own"}


def test_dated_record_fills_published_and_the_flag():
    record, _ = dated_record({"text": "Posted on 4 June 2010\n\nNews.", "published": ""}, today=TODAY)
    assert (record["published"], record["published_inferred"]) == ("2010-06-04", True)
    record, _ = dated_record({"text": "News.", "published": "June 2010"}, today=TODAY)
    assert (record["published"], record["published_inferred"]) == ("2010-06", False)


@pytest.mark.parametrize("raw, expected", [
    ("2016-11-30", "2016-11-30"), ("2016-11-30T10:00:00Z", "2016-11-30"),
    ("2016-11-30 10:00:00+02:00", "2016-11-30"), ("November 30, 2016", "2016-11-30"),
    ("'2016'", None), ("Nov 2016", "2016-11"),
])
def test_a_files_own_date_is_read_into_a_document_date(raw, expected):
    if expected is None:
        with pytest.raises(DateInputError):
            read_file_date(raw)
    else:
        assert read_file_date(raw) == expected
        assert_document_date(expected)


# ---------------------------------------------------------------------- the anchor's "this month"
def test_this_month_follows_a_narrative_well_before_the_documents_month():
    text = ("On 23 February 2014, rebels detonated a tunnel bomb. This was the third such attack "
            "this month.")
    month = [m for m in find_dates(text, date(2014, 12, 30)) if m.text == "this month"][0]
    assert (month.earliest, month.latest) == ("2014-02-01", "2014-02-28")


def test_this_month_near_the_documents_date_is_the_documents_month():
    text = "On 28 November the army advanced. This month the siege tightened."
    month = [m for m in find_dates(text, date(2016, 12, 7)) if m.text == "This month"][0]
    assert (month.earliest, month.latest) == ("2016-12-01", "2016-12-31")
