"""The entry point of curator.ingest.formats: kinds told by content, refusals, plain text through
the one text reader, RTF, and the Extracted contract. Oracles: Python's codecs (``str.encode``
wrote the texts), hashlib for the SHA-256, json for the summary."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ingest_samples as samples
from curator.core.errors import InvalidInput, UnreadableDocument
from curator.ingest.decoding import decode_bytes
from curator.ingest.extracted import Extracted, Origin
from curator.ingest.formats import extract, extract_all, sniff
from curator.ingest.formats.textbuild import TextBuilder


@pytest.mark.parametrize("make, name, kind", [
    (samples.pdf_report, "report.bin", "pdf"),
    (samples.docx_with_footnote_and_table, "report.txt", "docx"),
    (samples.odt_sample, "report.docx", "odt"),
    (lambda: samples.HTML_PAGE.encode(), "page.txt", "html"),
    (lambda: b"\xef\xbb\xbf  <html><body>x</body></html>", "page", "html"),
    (lambda: b"<div><p>a fragment</p></div>", "fragment.html", "html"),
    (lambda: b"<div><p>a fragment</p></div>", "fragment.txt", "text"),
    (samples.eml_multipart, "message.txt", "eml"),
    (lambda: b"Subject: hello\n\nbody", "note.eml", "eml"),
    (lambda: b"Subject: hello\n\nbody", "note.txt", "text"),
    (lambda: b"Title: a note\nDate: today\n\nNot mail, just text", "note.txt", "text"),
    (samples.mbox_three, "box", "mbox"),
    (lambda: b"From the archive: notes on the siege\nSubject: not a header line, just text\n", "notes.mbox", "text"),
    (samples.rtf_sample, "doc.txt", "rtf"),
    (lambda: samples.CYRILLIC_TEXT.encode("cp1251"), "ru.html", "text"),
])
def test_kind_is_told_by_content_the_suffix_only_a_hint(make, name, kind):
    assert sniff(make(), name) == kind


def _zip(members: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return out.getvalue()


@pytest.mark.parametrize("data, what", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "a PNG image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "an old Microsoft Office file"),
    (_zip({"xl/workbook.xml": "<x/>"}), "an Excel workbook"),
    (_zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}),
     "an OpenDocument spreadsheet"),
    (_zip({"notes.txt": "hello"}), "a zip archive"),
    (b"\x00\x01\x02\x03" * 400, "binary"),
])
def test_unknown_kinds_are_refused_naming_what_they_are(data, what):
    with pytest.raises(UnreadableDocument) as caught:
        extract(data, "thing.dat")
    assert caught.value.reason == "unknown kind" and caught.value.filename == "thing.dat"
    message = str(caught.value)
    assert message.startswith("thing.dat ") and what in message and "\n" not in message


def test_empty_and_missing_files(tmp_path):
    with pytest.raises(UnreadableDocument) as caught:
        extract(b"  \n ", "blank.txt")
    assert caught.value.reason == "empty"
    with pytest.raises(InvalidInput, match="does not exist"):
        extract(tmp_path / "nowhere.pdf")
    with pytest.raises(InvalidInput, match="is a folder"):
        extract(tmp_path)


def test_origin_is_the_original_file(tmp_path):
    data = samples.pdf_report()
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    doc = extract(path)
    assert doc.filename == "report.pdf" and doc.size == len(data)
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    summary = json.loads(json.dumps(doc.as_dict()))
    assert summary["pages"] == 3 and summary["characters"] == len(doc.text)
    assert summary["metadata"]["title"] == "Siege report"


def test_plain_text_goes_through_the_one_text_reader():
    data = samples.CYRILLIC_TEXT.encode("cp1251")
    doc = extract(data, "ru.txt")
    assert doc.kind == "text" and doc.encoding == "windows-1251"
    assert doc.text == samples.CYRILLIC_TEXT == data.decode(doc.encoding)
    assert doc.text == decode_bytes(data, "ru.txt").text and doc.decoded is not None
    assert doc.problems == ()


def test_latin1_text_exact_when_named_and_doubts_reported_when_detected():
    data = samples.LATIN1_TEXT.encode("latin-1")
    named = extract(data, "fr.txt", encoding="latin-1")
    assert named.text == samples.LATIN1_TEXT and named.encoding == "iso-8859-1"
    detected = extract(data, "fr.txt")
    reader = decode_bytes(data, "fr.txt")
    assert detected.text == reader.text and detected.encoding == reader.encoding
    assert bool(detected.problems) == (not reader.sure)  # an unsure detection is said, not hidden


def test_text_keeps_newlines_exactly_and_reads_front_matter():
    text = "---\r\ntitle: Field notes\r\nauthor: Ann\r\ndate: 2014-05-08\r\n---\r\nBody\r\n"
    doc = extract(text.encode(), "notes.md")
    assert doc.text == text
    assert (doc.metadata.title, doc.metadata.author, doc.metadata.date) == ("Field notes", "Ann", "2014-05-08")


def test_a_text_that_is_not_in_the_named_encoding_is_refused():
    with pytest.raises(UnreadableDocument) as caught:
        extract("Алеппо".encode("cp1251"), "ru.txt", encoding="utf-8")
    assert caught.value.reason == "undecodable" and "offset 0" in str(caught.value)


def test_rtf_text_code_page_and_info():
    doc = extract(samples.rtf_sample(), "report.rtf")
    assert doc.kind == "rtf" and doc.encoding == "windows-1251"
    assert doc.text == samples.RTF_TEXT
    meta = doc.metadata
    assert (meta.title, meta.author, meta.date) == ("Отчёт", "Ann Archivist", "2014-05-08T12:30:00")


def test_rtf_with_raw_high_bytes_reads_them_in_its_code_page():
    data = b"{\\rtf1\\ansi\\ansicpg1252 " + "Caf\u00e9 cr\u00e8me\\par Second}".encode("cp1252")
    assert extract(data, "raw.rtf").text == "Caf\u00e9 cr\u00e8me\n\nSecond"


def test_extracted_refuses_page_starts_that_are_not_offsets_into_its_text():
    origin = Origin.of(b"x", "x.pdf")
    for starts in ((1,), (0, 5, 3), (0, 99)):
        with pytest.raises(ValueError):
            Extracted(text="0123456789", kind="pdf", origin=origin, page_starts=starts)
    with pytest.raises(ValueError):
        Extracted(text="x", kind="docm", origin=origin)


@given(st.lists(st.tuples(st.booleans(), st.text(max_size=12)), max_size=20))
def test_text_builder_offsets_are_code_points_into_the_text(steps):
    """Page starts and paragraph offsets taken while building point at what was added, in code
    points (astral characters, combining marks: NFC applied before counting)."""
    import unicodedata

    builder = TextBuilder()
    placed = []
    for page_break, paragraph in steps:
        if page_break:
            builder.new_page()
        at = builder.offset
        if builder.paragraph(paragraph):
            placed.append((at, unicodedata.normalize("NFC", paragraph).strip("\n")))
    text = builder.text()
    for at, paragraph in placed:
        assert text[at:at + len(paragraph)] == paragraph
    starts = builder.page_starts()
    assert all(0 <= s <= len(text) for s in starts) and list(starts) == sorted(starts)
    assert not starts or starts[0] == 0


def test_extract_all_reads_a_folder_file_by_file(tmp_path):
    """What Add folder will do: every file, each read or refused on its own."""
    (tmp_path / "a.pdf").write_bytes(samples.pdf_report())
    (tmp_path / "b.docx").write_bytes(samples.docx_with_footnote_and_table())
    (tmp_path / "c.pdf").write_bytes(samples.pdf_scanned())
    (tmp_path / "d.mbox").write_bytes(samples.mbox_three())
    read, refused = [], []
    for path in sorted(tmp_path.iterdir()):
        try:
            read += extract_all(path)
        except UnreadableDocument as exc:
            refused.append((exc.filename, exc.reason))
    assert [d.filename for d in read] == ["a.pdf", "b.docx", "d.mbox", "d.mbox", "d.mbox"]
    assert refused == [("c.pdf", "no text layer")]
