"""Extraction speed per document kind (curator.ingest.formats) on files generated here: files/s and
MB/s of the original files, and characters/s of text out. Prints figures; no thresholds. Needs the
test extra (fpdf2 writes the PDFs).

    .venv/bin/python benchmarks/bench_ingest.py [SECONDS_PER_KIND]
"""

from __future__ import annotations

import io
import sys
import time
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from curator.ingest.formats import extract_all  # noqa: E402

SENTENCE = ("The siege of the old town began on 8 May 2014 when the first convoys were stopped at the northern "
            "gate, and relief agencies reached the eastern district on 12 June 2014. ")
PARAGRAPH = SENTENCE * 4


def pdf(pages: int) -> bytes:
    from fpdf import FPDF

    doc = FPDF(format="A4")  # each page's paragraphs run over onto a second page: 2 × pages in all
    doc.set_font("Helvetica", size=10)
    for number in range(pages):
        doc.add_page()
        doc.set_xy(20, 10)
        doc.cell(0, 5, "The Daily Chronicle - Archive copy")
        doc.set_xy(20, 30)
        for _ in range(6):
            doc.multi_cell(170, 4.5, PARAGRAPH)
            doc.ln(3)
        doc.set_xy(20, 284)
        doc.cell(0, 5, f"Page {number + 1} of {pages}")
    return bytes(doc.output())


def docx(paragraphs: int) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for number in range(paragraphs):
        document.add_paragraph(f"{number}. {PARAGRAPH}")
    table = document.add_table(rows=50, cols=3)
    for row in table.rows:
        for cell in row.cells:
            cell.text = "8 May 2014"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt(paragraphs: int) -> bytes:
    from odf import text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    for number in range(paragraphs):
        document.text.addElement(text.P(text=f"{number}. {PARAGRAPH}"))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def html(paragraphs: int) -> bytes:
    body = "".join(f"<p>{PARAGRAPH} &amp; more</p>\n" for _ in range(paragraphs))
    menu = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(60))
    return (f"<!DOCTYPE html><html><head><title>Siege</title><meta name=author content=Ann>"
            f"<script>{'var x = 1;' * 500}</script></head><body><nav><ul>{menu}</ul></nav>"
            f"<div class=story>{body}</div><footer>Copyright</footer></body></html>").encode()


def eml(paragraphs: int) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.org", "b@example.org", "Report"
    message["Date"] = "Fri, 20 Jul 2012 09:15:00 +0300"
    message.set_content("\n\n".join(PARAGRAPH for _ in range(paragraphs)), charset="windows-1251")
    message.add_attachment(b"\x00" * 50_000, maintype="application", subtype="octet-stream", filename="a.bin")
    return message.as_bytes()


def mbox(messages: int) -> bytes:
    return b"".join(b"From a@example.org Fri Jul 20 09:15:00 2012\n" + eml(3).replace(b"\nFrom ", b"\n>From ")
                    + b"\n" for _ in range(messages))


def rtf(paragraphs: int) -> bytes:
    body = "\\par\n".join(PARAGRAPH for _ in range(paragraphs))
    return ("{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}}\\f0 " + body + "}").encode()


def text(paragraphs: int) -> bytes:
    russian = "Битва за Алеппо началась 19 июля 2012 года, когда отряды оппозиции вошли в город. "
    return ("\n\n".join(russian * 4 for _ in range(paragraphs))).encode("cp1251")


CASES = [("pdf, 40 pages", "x.pdf", lambda: pdf(20)), ("docx, 300 paragraphs + table", "x.docx", lambda: docx(300)),
         ("odt, 300 paragraphs", "x.odt", lambda: odt(300)), ("html, 200 paragraphs", "x.html", lambda: html(200)),
         ("eml, 50 paragraphs + attachment", "x.eml", lambda: eml(50)), ("mbox, 50 messages", "x.mbox", lambda: mbox(50)),
         ("rtf, 300 paragraphs", "x.rtf", lambda: rtf(300)), ("text cp1251, 300 paragraphs", "x.txt", lambda: text(300))]


def main() -> None:
    budget = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    print(f"{'kind':34} {'file KB':>8} {'files/s':>8} {'MB/s':>7} {'chars/s':>10} {'docs':>5} {'pages/s':>8}")
    for label, name, make in CASES:
        data = make()
        extract_all(data, name)  # warm up: imports
        count, started = 0, time.perf_counter()
        while True:
            docs = extract_all(data, name)
            count += 1
            elapsed = time.perf_counter() - started
            if elapsed >= budget:
                break
        chars = sum(len(d.text) for d in docs)
        print(f"{label:34} {len(data) / 1024:8.0f} {count / elapsed:8.2f} {count * len(data) / elapsed / 1e6:7.2f} "
              f"{count * chars / elapsed:10.0f} {len(docs):5} "
              + (f"{count * docs[0].pages / elapsed:8.1f}" if docs[0].pages else f"{'':>8}"))


if __name__ == "__main__":
    main()
