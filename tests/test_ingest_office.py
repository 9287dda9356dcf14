"""Word (.docx, python-docx) and OpenDocument (.odt, odfpy) documents written from known text by
those libraries (footnotes added as the raw XML Word writes): the text is the oracle."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ingest_samples as samples
from curator.core.errors import UnreadableDocument
from curator.ingest.formats import extract


def test_docx_paragraphs_table_and_footnote():
    doc = extract(samples.docx_with_footnote_and_table(), "report.docx")
    assert doc.kind == "docx" and doc.page_starts == ()
    assert doc.text == samples.DOCX_TEXT
    notes = doc.text.index("\n\nNotes\n\n")
    assert doc.text.index("[1]") < notes < doc.text.rindex("[1] " + samples.DOCX_FOOTNOTE)


def test_docx_core_properties():
    meta = extract(samples.docx_with_footnote_and_table(), "report.docx").metadata
    assert (meta.title, meta.author, meta.date) == ("Siege report", "Ann Archivist", "2014-05-08T12:30:00Z")
    assert meta.date_source == "core properties created"


def test_docx_merged_cells_are_read_once():
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Wide"
    table.cell(0, 2).text = "Right"
    table.cell(1, 0).text, table.cell(1, 1).text, table.cell(1, 2).text = "a", "b", "c"
    out = io.BytesIO()
    document.save(out)
    assert extract(out.getvalue(), "merged.docx").text == "Wide\tRight\na\tb\tc"


def test_docx_breaks_tabs_and_tracked_deletions():
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    paragraph = document.add_paragraph("one\ttwo")
    paragraph.add_run().add_break()
    paragraph.add_run("three")
    deleted = parse_xml('<w:del xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                        'w:id="9" w:author="x"><w:r><w:delText>GONE</w:delText></w:r></w:del>')
    paragraph._p.append(deleted)
    out = io.BytesIO()
    document.save(out)
    assert extract(out.getvalue(), "breaks.docx").text == "one\ttwo\nthree"


def test_docx_refusals():
    data = samples.docx_with_footnote_and_table()
    with pytest.raises(UnreadableDocument) as caught:
        extract(data[: len(data) // 2], "cut.docx")
    assert caught.value.reason == "damaged" and str(caught.value).startswith("cut.docx ")
    with pytest.raises(UnreadableDocument) as caught:
        extract(samples.docx_paragraphs(["", "  "]), "blank.docx")
    assert caught.value.reason == "empty"


_PARAGRAPH = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")), max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PARAGRAPH, min_size=1, max_size=6).filter(lambda ps: any(p.strip() for p in ps)))
def test_docx_paragraphs_round_trip(paragraphs):
    doc = extract(samples.docx_paragraphs(paragraphs), "any.docx")
    expected = "\n\n".join(unicodedata.normalize("NFC", p) for p in paragraphs if p.strip())
    assert doc.text == expected


def test_odt_headings_paragraphs_table_note_and_metadata():
    doc = extract(samples.odt_sample(), "report.odt")
    assert doc.kind == "odt"
    assert doc.text == samples.ODT_TEXT
    meta = doc.metadata
    assert (meta.title, meta.author, meta.date) == ("Siege report", "Ann Archivist", "2014-05-08T12:30:00")
    assert meta.title_source == "meta.xml dc:title"


def test_odt_damaged_is_refused():
    data = samples.odt_sample()
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item, content[:50] if item.filename == "content.xml" else content)
    with pytest.raises(UnreadableDocument) as caught:
        extract(broken.getvalue(), "broken.odt")
    assert caught.value.reason == "damaged" and "broken.odt" in str(caught.value)
