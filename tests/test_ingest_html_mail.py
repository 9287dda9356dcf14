"""HTML pages and e-mail. Oracles: the known text the samples were written from, the standard
library's ``html.unescape`` for entities, ``email`` for writing the messages and ``mailbox`` for
counting a mailbox's messages."""

from __future__ import annotations

import html
import mailbox
import os
import tempfile

import pytest

import ingest_samples as samples
from curator.core.errors import UnreadableDocument
from curator.ingest.formats import extract, extract_all


def test_html_article_text_without_menus_scripts_or_styles():
    doc = extract(samples.HTML_PAGE.encode("utf-8"), "page.html")
    assert doc.kind == "html" and doc.encoding == "utf-8"
    assert doc.text == samples.HTML_TEXT
    for noise in ("SCRIPT", "STYLE TEXT", "NOSCRIPT", "Home", "Subscribe", "Read more", "not text", "color"):
        assert noise not in doc.text


def test_html_entities_decoded_as_the_standard_library_does():
    doc = extract(samples.HTML_PAGE.encode("utf-8"), "page.html")
    for entity in ("&mdash;", "&amp;", "&quot;", "&eacute;", "&#8211;"):
        assert html.unescape(entity) in doc.text
    assert "&" + "amp;" not in doc.text


def test_html_metadata():
    meta = extract(samples.HTML_PAGE.encode("utf-8"), "page.html").metadata
    assert meta.title == "Siege lifted after six weeks" and meta.title_source == "<meta property=og:title>"
    assert meta.author == "Ann Archivist"
    assert meta.date == "2014-05-08T09:00:00+02:00" and meta.date_source == "<meta property=article:published_time>"
    assert meta.url == "https://news.example.org/2014/05/siege-lifted"
    assert meta.language == "en"


def test_html_without_an_article_element_and_a_dateline():
    doc = extract(samples.HTML_DATELINE_PAGE.encode("utf-8"), "convoy.htm")
    assert doc.text.startswith("KYIV, 3 March 2015 - A convoy left the city at dawn")
    assert "About" not in doc.text and "Home" not in doc.text
    assert doc.metadata.title == "Convoy" and doc.metadata.title_source == "<title>"
    assert doc.metadata.date == "2015-03-03" and doc.metadata.date_source.startswith("the dateline")


def test_html_in_its_declared_charset():
    page = ('<html><head><meta charset="windows-1251"><title>Алеппо</title></head>'
            '<body><p>Битва за Алеппо началась 19.07.2012.</p></body></html>')
    doc = extract(page.encode("cp1251"), "ru.html")
    assert doc.encoding == "windows-1251"
    assert doc.text == "Битва за Алеппо началась 19.07.2012."
    assert doc.metadata.title == "Алеппо"


def test_html_fetches_and_runs_nothing(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("LOCAL FILE CONTENT")
    page = (f'<!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]><html><body>'
            f'<p>Before &x; after.</p><iframe src="file://{secret}"></iframe>'
            f'<img src="file://{secret}" onerror="alert(1)"><p>End.</p></body></html>')
    doc = extract(page.encode(), "evil.html")
    assert "LOCAL FILE CONTENT" not in doc.text and "End." in doc.text


def test_multipart_email_with_a_windows_1251_body_and_an_attachment():
    doc = extract(samples.eml_multipart(), "report.eml")
    assert doc.kind == "eml" and doc.encoding == "windows-1251"
    assert doc.text == samples.MAIL_BODY_RU
    assert "HTML ALTERNATIVE" not in doc.text
    meta = doc.metadata
    assert meta.subject == meta.title == "Отчёт: Алеппо, июль 2012"
    assert meta.sender == meta.author == "Анна Архивист <anna@example.org>"
    assert meta.recipients == ("Desk <desk@example.org>", "Bob <bob@example.org>")
    assert meta.cc == ("archive@example.org",)
    assert meta.date == "2012-07-20T09:15:00+03:00" and meta.date_source == "Date header"
    assert meta.message_id == "<report-1@example.org>"
    (attachment,) = meta.attachments
    assert (attachment.filename, attachment.content_type) == ("report.pdf", "application/pdf")
    assert attachment.size == len(samples.pdf_report())
    assert "%PDF" not in doc.text


def test_email_with_only_an_html_body():
    doc = extract(samples.eml_html_only(), "convoy.eml")
    assert doc.text == "The convoy left on 3 March 2015.\n\nCafé closed."
    assert doc.encoding == "iso-8859-1"


def test_email_whose_body_lies_about_its_charset():
    raw = ("From: a@example.org\nTo: b@example.org\nSubject: Test\nContent-Type: text/plain; charset=utf-8\n\n"
           ).encode() + "Битва за Алеппо началась 19.07.2012, когда отряды оппозиции вошли в город.".encode("cp1251")
    doc = extract(raw, "liar.eml")
    assert doc.text.startswith("Битва за Алеппо")
    assert doc.encoding == "windows-1251"
    assert any("not utf-8 as declared" in p for p in doc.problems)


def test_mbox_one_document_per_message():
    data = samples.mbox_three()
    handle, path = tempfile.mkstemp()
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        expected_count = len(mailbox.mbox(path))
    finally:
        os.unlink(path)
    docs = extract_all(data, "box.mbox")
    assert len(docs) == expected_count == 3
    assert [d.text for d in docs] == samples.MBOX_BODIES  # "From the front" unescaped
    assert [d.part for d in docs] == ["message 1 of 3", "message 2 of 3", "message 3 of 3"]
    assert [d.metadata.subject for d in docs] == ["Message 1", "Message 2", "Message 3"]
    assert {d.kind for d in docs} == {"mbox"} and len({d.sha256 for d in docs}) == 1
    with pytest.raises(Exception, match="mailbox of 3 messages"):
        extract(data, "box.mbox")


def test_an_email_with_no_text_and_no_subject_is_refused():
    with pytest.raises(UnreadableDocument) as caught:
        extract(b"From: a@example.org\nTo: b@example.org\n\n\n", "empty.eml")
    assert caught.value.reason == "empty"
