"""PDF reading (pdfminer.six + curator.ingest.formats.pdf_layout) on PDFs written by fpdf2 from
known text (the text is the oracle); pypdf, an independent reader, is the oracle for which words
are on which page."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ingest_samples as samples
from curator.core.errors import UnreadableDocument
from curator.ingest.formats import extract
from curator.ingest.formats.pdf import pdf_date
from curator.ingest.formats.pdf_layout import Box, Line, Page, join_lines, paragraphs, reading_order, running_heads


def _pypdf_pages(data: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_report_text_paragraphs_hyphenation_and_running_heads():
    doc = extract(samples.pdf_report(), "report.pdf")
    assert doc.kind == "pdf"
    assert doc.text == samples.REPORT_TEXT
    assert "example of the new checkpoints" in doc.text  # "exam-" + "ple" at a line end
    assert "well-known" in doc.text  # a hyphen inside a line is kept
    assert samples.REPORT_HEADER not in doc.text and "Page 1 of 3" not in doc.text
    assert any("running header" in p and samples.REPORT_HEADER in p for p in doc.problems)


def test_report_page_starts_are_where_each_page_begins():
    data = samples.pdf_report()
    doc = extract(data, "report.pdf")
    assert len(doc.page_starts) == 3
    for start, words in zip(doc.page_starts, samples.REPORT_PAGE_FIRST_WORDS):
        assert doc.text[start:start + len(words)] == words
    # the oracle: pypdf's own text of each page holds the words of our page (headers aside)
    bounds = list(doc.page_starts) + [len(doc.text)]
    for number, page_text in enumerate(_pypdf_pages(data)):
        theirs = set(re.findall(r"\w+", page_text.replace("-\n", "")))
        ours = set(re.findall(r"\w+", doc.text[bounds[number]:bounds[number + 1]]))
        assert ours and ours <= theirs, (number, ours - theirs)
    assert doc.page_of(doc.page_starts[1]) == 2 and doc.page_of(doc.page_starts[1] - 1) == 1
    assert doc.page_of(len(doc.text)) == 3


def test_report_metadata_from_the_info_dictionary():
    meta = extract(samples.pdf_report(), "report.pdf").metadata
    assert (meta.title, meta.author) == ("Siege report", "Ann Archivist")
    assert meta.date == "2014-05-08T12:30:00Z" and meta.date_source == "PDF info /CreationDate"
    assert meta.title_source == "PDF info /Title"


def test_a_page_without_text_is_reported_and_starts_where_the_next_does():
    doc = extract(samples.pdf_report(blank_page=True), "blank.pdf")
    assert doc.text == samples.REPORT_TEXT
    assert len(doc.page_starts) == 4 and doc.page_starts[1] == doc.page_starts[2]
    assert doc.text[doc.page_starts[2]:].startswith("Relief agencies")
    assert "page 2 has no text besides its running header or footer" in doc.problems


def test_two_columns_read_column_by_column():
    data = samples.pdf_two_columns()
    doc = extract(data, "columns.pdf")
    assert doc.text == samples.TWO_COLUMN_TEXT
    # pypdf reads the content stream in the order it was written: across the columns
    assert "starts here and the Right column" in " ".join(_pypdf_pages(data)[0].split())


def test_scanned_pdf_is_refused():
    with pytest.raises(UnreadableDocument) as caught:
        extract(samples.pdf_scanned(), "scan.pdf")
    assert caught.value.reason == "no text layer"
    assert str(caught.value).startswith("scan.pdf has no text layer") and "\n" not in str(caught.value)


def test_encrypted_pdf_is_refused_but_one_with_an_empty_password_is_read():
    with pytest.raises(UnreadableDocument) as caught:
        extract(samples.pdf_encrypted("secret"), "locked.pdf")
    assert caught.value.reason == "encrypted" and "locked.pdf" in str(caught.value)
    doc = extract(samples.pdf_encrypted(""), "permissions.pdf")
    assert doc.text == samples.REPORT_TEXT
    assert any("encrypted with an empty password" in p for p in doc.problems)


@pytest.mark.parametrize("damage", [lambda d: d[:400], lambda d: d[:9] + b"\x00" * 200 + d[400:600]])
def test_damaged_pdf_is_refused_in_one_line(damage):
    with pytest.raises(UnreadableDocument) as caught:
        extract(damage(samples.pdf_report()), "broken.pdf")
    assert caught.value.reason == "damaged"
    assert str(caught.value).startswith("broken.pdf ") and "\n" not in str(caught.value)


@pytest.mark.parametrize("value, iso", [
    ("D:20140508123000Z", "2014-05-08T12:30:00Z"), ("D:20140508123000+02'00'", "2014-05-08T12:30:00+02:00"),
    ("D:20140508", "2014-05-08"), ("D:201405", "2014-05"), ("2014", "2014"), ("D:20141308", None),
    ("", None), ("yesterday", None)])
def test_pdf_dates(value, iso):
    assert pdf_date(value) == iso


def test_line_end_hyphens():
    assert join_lines("an exam-", "ple") == "an example"
    assert join_lines("an exam\u00ad", "ple") == "an example"
    assert join_lines("the Franco-", "Prussian war") == "the Franco- Prussian war"  # capital: kept
    assert join_lines("pages 12-", "14") == "pages 12- 14"
    assert join_lines("a line", "and the next") == "a line and the next"


def _box(x0, y0, x1, y1, *texts):
    return Box(x0, y0, x1, y1, tuple(Line(t, x0, x1, 10) for t in texts))


def test_reading_order_headline_columns_footer():
    head = _box(50, 780, 550, 800, "Headline")
    l1, l2 = _box(50, 600, 290, 760, "L1"), _box(50, 400, 290, 580, "L2")
    r1, r2 = _box(310, 650, 550, 760, "R1"), _box(310, 420, 550, 630, "R2")
    foot = _box(50, 100, 550, 120, "Foot")
    order = reading_order([r2, foot, l2, head, r1, l1])
    assert [b.text for b in order] == ["Headline", "L1", "L2", "R1", "R2", "Foot"]
    single = [_box(50, 700 - 50 * i, 550, 740 - 50 * i, f"P{i}") for i in range(5)]
    assert [b.text for b in reading_order(list(reversed(single)))] == [f"P{i}" for i in range(5)]


def test_paragraph_breaks_inside_a_box():
    box = Box(0, 0, 400, 100, (Line("A first sentence that runs the whole", 0, 400, 10),
                               Line("width. It ends here.", 0, 150, 10),
                               Line("A new paragraph begins.", 20, 300, 10)))
    assert paragraphs(box) == ["A first sentence that runs the whole width. It ends here.",
                               "A new paragraph begins."]


def test_running_heads_need_most_pages():
    def page(n, *boxes):
        return Page(n, 600, 800, tuple(boxes))
    header = lambda n: _box(50, 770, 300, 790, f"Chronicle page {n}")  # noqa: E731
    body = lambda n: _box(50, 300, 550, 700, f"Body {n}")  # noqa: E731
    pages = [page(n, header(n), body(n)) for n in range(1, 6)]
    assert ("top", "chronicle page #") in running_heads(pages)
    assert not any(edge == "top" for edge, _ in running_heads(pages[:1]))
    once = [page(1, header(1), body(1))] + [page(n, body(n)) for n in range(2, 6)]
    assert running_heads(once) == set()


_WORDS = st.lists(st.sampled_from("siege town convoy gate river bridge market winter school".split()),
                  min_size=1, max_size=30).map(" ".join)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_WORDS, st.just("")), min_size=1, max_size=5).filter(lambda ps: any(ps)))
def test_page_starts_property(page_texts):
    doc = extract(samples.pdf_pages(page_texts), "pages.pdf")
    starts = doc.page_starts
    assert len(starts) == len(page_texts) and starts[0] == 0
    assert all(a <= b for a, b in zip(starts, starts[1:])) and starts[-1] <= len(doc.text)
    bounds = list(starts) + [len(doc.text)]
    for number, expected in enumerate(page_texts):
        assert " ".join(doc.text[bounds[number]:bounds[number + 1]].split()) == expected
