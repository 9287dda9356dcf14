"""Sample documents of every kind Curator reads, made here from known text (so the text is the
oracle): PDFs written by fpdf2 (encrypted by pypdf), Word documents by python-docx (footnotes
added as raw XML, as Word writes them), OpenDocument by odfpy, e-mail by the standard library.
Each function returns the file's bytes. Used by tests/test_ingest_*.py and benchmarks/bench_ingest.py.
"""

from __future__ import annotations

import datetime as dt
import io
import mailbox
import os
import tempfile
import zipfile
from email.message import EmailMessage

PUBLISHED = dt.datetime(2014, 5, 8, 12, 30, tzinfo=dt.timezone.utc)

# -- PDF ---------------------------------------------------------------------------------------

REPORT_HEADER = "The Daily Chronicle - Archive copy"
REPORT_PAGES = [
    # (paragraphs: each a list of lines as laid out on the page)
    [["The siege of the old town began on 8 May 2014 when the",
      "first convoys were stopped at the northern gate by an exam-",
      "ple of the new checkpoints."],
     ["Residents said the water supply failed two days later."]],
    [["Relief agencies reached the eastern district on 12 June",
      "2014, according to a statement issued that evening."],
     ["A well-known bakery reopened in the autumn."]],
    [["By the end of the year most families had returned home",
      "and the market was open again."]],
]
REPORT_TEXT = ("The siege of the old town began on 8 May 2014 when the first convoys were stopped at the "
               "northern gate by an example of the new checkpoints.\n\n"
               "Residents said the water supply failed two days later.\n\n"
               "Relief agencies reached the eastern district on 12 June 2014, according to a statement "
               "issued that evening.\n\n"
               "A well-known bakery reopened in the autumn.\n\n"
               "By the end of the year most families had returned home and the market was open again.")
REPORT_PAGE_FIRST_WORDS = ["The siege of the old town", "Relief agencies reached", "By the end of the year"]


def _fpdf(title: str = "", author: str = ""):
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(PUBLISHED)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    return pdf


def pdf_report(blank_page: bool = False) -> bytes:
    """Three pages (four with ``blank_page``: an empty second page) of one column, a running
    header and a "Page N of M" footer on each, a hyphenated line end and paragraph breaks."""
    pdf = _fpdf("Siege report", "Ann Archivist")
    pages = list(REPORT_PAGES)
    if blank_page:
        pages.insert(1, None)
    for number, paragraphs in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        pdf.set_xy(20, 10)
        pdf.cell(0, 5, REPORT_HEADER)
        pdf.set_xy(20, 284)
        pdf.cell(0, 5, f"Page {number} of {len(pages)}")
        if paragraphs is None:
            continue
        pdf.set_font("Helvetica", size=11)
        y = 40.0
        for lines in paragraphs:
            for line in lines:
                pdf.set_xy(20, y)
                pdf.cell(170, 5, line)
                y += 5
            y += 7
    return bytes(pdf.output())


TWO_COLUMN_LEFT = ["Left column line one starts here and the", "siege began on 8 May 2014 and it",
                   "lasted for many weeks of hard-", "ship in the old town."]
TWO_COLUMN_RIGHT = ["Right column opens on 9 May when the", "relief convoys arrived at the gates",
                    "and stayed in the summer of that year.", "Nobody expected them."]
TWO_COLUMN_TEXT = ("A headline across both columns\n\n"
                   "Left column line one starts here and the siege began on 8 May 2014 and it lasted for "
                   "many weeks of hardship in the old town.\n\n"
                   "Second paragraph of the left column.\n\n"
                   "Right column opens on 9 May when the relief convoys arrived at the gates and stayed in "
                   "the summer of that year. Nobody expected them.\n\n"
                   "Second paragraph of the right one.\n\n"
                   "A footnote across the page, long enough to run under both of the columns above it.")


def pdf_two_columns() -> bytes:
    """A headline across the page, two columns written line by line across (so the content
    stream interleaves them), a footnote across the page."""
    pdf = _fpdf("Two columns")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", size=16)
    pdf.set_xy(15, 15)
    pdf.cell(180, 8, "A headline across both columns")
    pdf.set_font("Helvetica", size=11)
    y = 30
    for a, b in zip(TWO_COLUMN_LEFT, TWO_COLUMN_RIGHT):
        pdf.set_xy(15, y)
        pdf.cell(85, 5, a)
        pdf.set_xy(110, y)
        pdf.cell(85, 5, b)
        y += 5
    y += 6
    pdf.set_xy(15, y)
    pdf.cell(85, 5, "Second paragraph of the left column.")
    pdf.set_xy(110, y)
    pdf.cell(85, 5, "Second paragraph of the right one.")
    pdf.set_font("Helvetica", size=9)
    pdf.set_xy(15, 250)
    pdf.cell(180, 5, "A footnote across the page, long enough to run under both of the columns above it.")
    return bytes(pdf.output())


def pdf_scanned() -> bytes:
    """Two pages holding only an image of text (no text layer), as a scanner makes them."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).text((20, 80), "The siege began on 8 May 2014.", fill="black")
    png = io.BytesIO()
    image.save(png, format="PNG")
    pdf = _fpdf("Scan")
    for _ in range(2):
        pdf.add_page()
        pdf.image(io.BytesIO(png.getvalue()), x=10, y=10, w=190)
    return bytes(pdf.output())


def pdf_encrypted(user_password: str = "secret") -> bytes:
    """The report, encrypted (AES-256) by pypdf; with an empty ``user_password`` it opens
    without one (only the permissions are protected)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_report())))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_pages(texts: list[str]) -> bytes:
    """One paragraph per page (Latin-1 text): for the property test of page starts."""
    pdf = _fpdf()
    for text in texts:
        pdf.add_page()
        if text:
            pdf.set_font("Helvetica", size=11)
            pdf.set_xy(20, 40)
            pdf.multi_cell(170, 5, text)
    return bytes(pdf.output())


# -- DOCX --------------------------------------------------------------------------------------

DOCX_FOOTNOTE = "Reported by the town council on 9 May 2014."
_FOOTNOTES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
    '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
    f'<w:r><w:t xml:space="preserve"> {DOCX_FOOTNOTE}</w:t></w:r></w:p></w:footnote>'
    '</w:footnotes>')
DOCX_TEXT = ("Siege of the old town\n\n"
             "The siege began on 8 May 2014.[1] Convoys were stopped at the gate.\n\n"
             "Date\tEvent\n8 May 2014\tSiege begins\n12 June 2014\tRelief arrives\n\n"
             "Residents returned in the autumn.\n\n"
             "Notes\n\n"
             f"[1] {DOCX_FOOTNOTE}")


def docx_with_footnote_and_table() -> bytes:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    props = document.core_properties
    props.title = "Siege report"
    props.author = "Ann Archivist"
    props.created = dt.datetime(2014, 5, 8, 12, 30)
    document.add_heading("Siege of the old town", level=1)
    paragraph = document.add_paragraph("The siege began on 8 May 2014.")
    run = paragraph.add_run()
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), "1")
    run._r.append(reference)
    paragraph.add_run(" Convoys were stopped at the gate.")
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, [("Date", "Event"), ("8 May 2014", "Siege begins"),
                                       ("12 June 2014", "Relief arrives")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.add_paragraph("Residents returned in the autumn.")
    out = io.BytesIO()
    document.save(out)
    return _add_footnotes_part(out.getvalue())


def _add_footnotes_part(data: bytes) -> bytes:
    """The footnotes part, its relationship and its content type, as Word writes them."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", (
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>'))
            elif item.filename == "word/_rels/document.xml.rels":
                content = content.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/'
                    b'2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>'))
            target.writestr(item, content)
        target.writestr("word/footnotes.xml", _FOOTNOTES_XML)
    return out.getvalue()


def docx_paragraphs(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- ODT ---------------------------------------------------------------------------------------

ODT_TEXT = ("Siege of the old town\n\n"
            "The siege began on 8 May 2014.[1] Convoys    were stopped.\n\n"
            "Date\tEvent\n8 May 2014\tSiege begins\n\n"
            "Notes\n\n"
            "[1] Reported by the council.")


def odt_sample() -> bytes:
    from odf import dc, meta, table, text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text="Siege report"))
    document.meta.addElement(dc.Creator(text="Ann Archivist"))
    document.meta.addElement(meta.CreationDate(text="2014-05-08T12:30:00"))
    document.text.addElement(text.H(outlinelevel=1, text="Siege of the old town"))
    paragraph = text.P(text="The siege began on 8 May 2014.")
    note = text.Note(id="ftn1", noteclass="footnote")
    note.addElement(text.NoteCitation(text="1"))
    body = text.NoteBody()
    body.addElement(text.P(text="Reported by the council."))
    note.addElement(body)
    paragraph.addElement(note)
    paragraph.addText(" Convoys")
    paragraph.addElement(text.S(c=4))
    paragraph.addText("were stopped.")
    document.text.addElement(paragraph)
    grid = table.Table(name="Events")
    grid.addElement(table.TableColumn(numbercolumnsrepeated=2))
    for cells in (("Date", "Event"), ("8 May 2014", "Siege begins")):
        row = table.TableRow()
        for value in cells:
            cell = table.TableCell()
            cell.addElement(text.P(text=value))
            row.addElement(cell)
        grid.addElement(row)
    document.text.addElement(grid)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


# -- HTML --------------------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Siege lifted | The Chronicle</title>
<meta property="og:title" content="Siege lifted after six weeks">
<meta name="author" content="Ann Archivist">
<meta property="article:published_time" content="2014-05-08T09:00:00+02:00">
<meta property="og:url" content="https://news.example.org/2014/05/siege-lifted">
<style>p { color: red } .secret::after { content: "STYLE TEXT" }</style>
<script>document.write("SCRIPT TEXT"); var x = "<p>not text</p>";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<header><div class="logo">The Chronicle</div></header>
<article>
<h1>Siege lifted after six weeks</h1>
<p>ALEPPO, 8 May 2014 &mdash; The siege of the old town ended on Thursday &amp; convoys entered,
   residents said.</p>
<p>Fighting had lasted &quot;for weeks&quot; and the caf&eacute;s<br>were closed &#8211; until now.</p>
<script>track("SCRIPT IN ARTICLE")</script>
<aside>Read more: other stories</aside>
<ul><li>First convoy: 9 May</li><li>Second convoy: 12 May</li></ul>
</article>
<footer>Copyright 2014 The Chronicle. Subscribe now.</footer>
<noscript>NOSCRIPT TEXT</noscript>
</body></html>"""
HTML_TEXT = ("Siege lifted after six weeks\n\n"
             "ALEPPO, 8 May 2014 \u2014 The siege of the old town ended on Thursday & convoys entered, residents said.\n\n"
             "Fighting had lasted \"for weeks\" and the caf\u00e9s\nwere closed \u2013 until now.\n\n"
             "First convoy: 9 May\n\n"
             "Second convoy: 12 May")

HTML_DATELINE_PAGE = """<html><head><title>Convoy</title></head><body>
<div id="menu"><a href="/">Home</a> | <a href="/about">About</a></div>
<div class="story"><p>KYIV, 3 March 2015 - A convoy left the city at dawn, officials said, and reached
the eastern front by the evening after a long journey through the snow.</p>
<p>More convoys were expected to follow in the coming weeks, according to the ministry.</p></div>
</body></html>"""


# -- e-mail ------------------------------------------------------------------------------------

MAIL_BODY_RU = "Битва за Алеппо началась 19.07.2012, когда отряды оппозиции вошли в город.\nС уважением,\nАнна"


def eml_multipart() -> bytes:
    """text/plain in Windows-1251 (quoted-printable), an HTML alternative, a PDF attachment."""
    message = EmailMessage()
    message["From"] = "Анна Архивист <anna@example.org>"
    message["To"] = "Desk <desk@example.org>, Bob <bob@example.org>"
    message["Cc"] = "archive@example.org"
    message["Subject"] = "Отчёт: Алеппо, июль 2012"
    message["Date"] = "Fri, 20 Jul 2012 09:15:00 +0300"
    message["Message-ID"] = "<report-1@example.org>"
    message.set_content(MAIL_BODY_RU, charset="windows-1251", cte="quoted-printable")
    message.add_alternative("<html><body><p>HTML ALTERNATIVE</p></body></html>", subtype="html")
    message.add_attachment(pdf_report(), maintype="application", subtype="pdf", filename="report.pdf")
    return message.as_bytes()


def eml_html_only() -> bytes:
    message = EmailMessage()
    message["From"] = "desk@example.org"
    message["To"] = "anna@example.org"
    message["Subject"] = "Convoy"
    message["Date"] = "Tue, 03 Mar 2015 07:00:00 +0000"
    message.set_content("<html><head><style>p{}</style></head><body><p>The convoy left on 3 March 2015.</p>"
                        "<p>Caf&eacute; closed.</p><script>x()</script></body></html>", subtype="html",
                        charset="iso-8859-1")
    return message.as_bytes()


def mbox_three() -> bytes:
    """Three messages; the second has a body line starting with "From " (escaped in the mbox)."""
    bodies = ["First message: the siege began on 8 May 2014.",
              "Second message.\nFrom the front: convoys arrived on 12 June 2014.",
              "Third message: all quiet."]
    handle, path = tempfile.mkstemp(suffix=".mbox")
    os.close(handle)
    os.unlink(path)
    box = mailbox.mbox(path, create=True)
    try:
        for number, body in enumerate(bodies, start=1):
            message = EmailMessage()
            message["From"] = f"sender{number}@example.org"
            message["To"] = "desk@example.org"
            message["Subject"] = f"Message {number}"
            message["Date"] = f"Mon, 0{number} Jun 2014 10:00:00 +0000"
            message["Message-ID"] = f"<m{number}@example.org>"
            message.set_content(body)
            box.add(message)
        box.flush()
        box.close()
        with open(path, "rb") as handle_:
            return handle_.read()
    finally:
        os.unlink(path)


MBOX_BODIES = ["First message: the siege began on 8 May 2014.",
               "Second message.\nFrom the front: convoys arrived on 12 June 2014.",
               "Third message: all quiet."]


# -- RTF and text ------------------------------------------------------------------------------

RTF_TEXT = "Битва за Алеппо\n\nНачалась 19.07.2012 — в пятницу.\n\nCaf\u00e9 and “quotes”."


def rtf_sample() -> bytes:
    def escaped(text: str) -> str:
        out = []
        for ch in text:
            try:
                b = ch.encode("cp1251")
            except UnicodeEncodeError:
                out.append(f"\\u{ord(ch)}?")
                continue
            out.append(ch if b[0] < 128 else f"\\'{b[0]:02x}")
        return "".join(out)

    paragraphs = RTF_TEXT.split("\n\n")
    body = "\\par\n".join(escaped(p) for p in paragraphs)
    return ("{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset204 Arial;}}"
            "{\\info{\\title " + escaped("Отчёт") + "}{\\author Ann Archivist}"
            "{\\creatim\\yr2014\\mo5\\dy8\\hr12\\min30}}\n"
            "\\f0\\fs24 " + body + "\\par\n}").encode("ascii")


LATIN1_TEXT = ("Le siège de la vieille ville a commencé le 8 mai 2014. Les habitants ont quitté "
               "leurs maisons après deux jours; l'été suivant, ils sont revenus à la médina.\n")
CYRILLIC_TEXT = ("Битва за Алеппо началась 19.07.2012, когда отряды оппозиции вошли в восточные "
                 "кварталы города. Через два дня бои шли уже в центре.\n")
