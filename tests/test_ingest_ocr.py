"""OCR of scanned PDFs (curator.ingest.ocr): a PDF holding only a picture of text is read by
pdftoppm + Tesseract when both are installed (skipped otherwise), one page start per page, and
the text is marked as OCR. The oracle is the text drawn into the picture (compared word by word,
case-insensitive, allowing a little OCR noise)."""

from __future__ import annotations

import difflib
import io
import re

import pytest

from curator.core.errors import UnreadableDocument
from curator.ingest import ocr
from curator.ingest.formats import extract_all
from curator.ingest.ocr import ocr_text

PAGES = ["The siege of the old town began on 8 May 2014 when convoys stopped at the gate.",
         "Relief agencies reached the eastern district on 12 June 2014 after long talks."]

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="tesseract and pdftoppm are not installed")


def scanned_pdf(pages: list[str]) -> bytes:
    """Each page a 300 dpi picture of its sentence (wrapped), no text layer: what a scanner makes."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 44)
    except OSError:
        font = ImageFont.load_default(size=44)
    pdf = FPDF(format="A4")
    pdf.set_title("Scanned minutes")
    for sentence in pages:
        image = Image.new("L", (2480, 1200), 255)
        draw = ImageDraw.Draw(image)
        words, lines, line = sentence.split(), [], ""
        for word in words:
            if len(line) + len(word) > 48:
                lines.append(line)
                line = ""
            line = f"{line} {word}".strip()
        lines.append(line)
        for number, text in enumerate(lines):
            draw.text((150, 150 + number * 70), text, fill=0, font=font)
        png = io.BytesIO()
        image.save(png, format="PNG")
        pdf.add_page()
        pdf.image(io.BytesIO(png.getvalue()), x=0, y=0, w=210)
    return bytes(pdf.output())


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def close_enough(found: str, expected: str) -> bool:
    return difflib.SequenceMatcher(None, words(found), words(expected)).ratio() >= 0.85


def test_without_the_option_a_scan_is_refused():
    with pytest.raises(UnreadableDocument) as caught:
        extract_all(scanned_pdf(PAGES[:1]), "scan.pdf")
    assert caught.value.reason == "no text layer"


@needs_ocr
def test_a_scanned_pdf_is_read_by_ocr_page_by_page():
    (doc,) = extract_all(scanned_pdf(PAGES), "scan.pdf", ocr=True)
    assert doc.kind == "pdf" and doc.metadata.ocr and doc.metadata.as_dict()["ocr"] is True
    assert doc.metadata.title == "Scanned minutes"  # the PDF's own info is kept
    assert len(doc.page_starts) == 2 and doc.page_starts[0] == 0
    first, second = doc.text[: doc.page_starts[1]], doc.text[doc.page_starts[1]:]
    assert close_enough(first, PAGES[0]), first
    assert close_enough(second, PAGES[1]), second
    assert "8 may 2014" in doc.text.lower()
    assert any("read by OCR" in p for p in doc.problems)


@needs_ocr
def test_a_pdf_with_a_text_layer_is_not_read_by_ocr():
    import ingest_samples as samples

    (doc,) = extract_all(samples.pdf_report(), "report.pdf", ocr=True)
    assert not doc.metadata.ocr and doc.text == samples.REPORT_TEXT


def test_missing_tools_are_named(monkeypatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda tool: None)
    assert not ocr.available()
    with pytest.raises(UnreadableDocument, match="tesseract and pdftoppm"):
        extract_all(scanned_pdf(PAGES[:1]), "scan.pdf", ocr=True)


def test_tesseract_lines_become_paragraphs_with_hyphens_joined():
    page = "The siege of the old\ntown began on 8 May 2014 in the north-\nern district.\n\n\nSecond para-\ngraph.\n\f"
    assert ocr_text(page) == ["The siege of the old town began on 8 May 2014 in the northern district.",
                              "Second paragraph."]


@needs_ocr
def test_curator_add_reads_a_scan_only_when_asked(tmp_path, capsys):
    """The command line: a scan is refused ("no text layer") unless --ocr; with it the document
    is added, marked as OCR in its metadata."""
    import json

    from curator.cli import main
    from curator.core.project import Project

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf(["The convoy reached Aleppo on Tuesday morning."]))
    project = tmp_path / "p.curator"
    assert main(["new", str(project)]) == 0
    capsys.readouterr()
    assert main(["add", str(project), str(scan)]) == 1
    refused = json.loads(capsys.readouterr().out)["refused"]
    assert [r["reason"] for r in refused] == ["no text layer"]
    assert main(["add", "--ocr", str(project), str(scan)]) == 0
    (added,) = json.loads(capsys.readouterr().out)["added"]
    with Project.open(project) as db:
        (doc,) = db.documents()
        assert close_enough(db.document_text(doc.id), "The convoy reached Aleppo on Tuesday morning.")
        assert db.document_source(doc.id).metadata.get("ocr") is True
    assert added["kind"] == "pdf"
