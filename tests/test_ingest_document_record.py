"""A file read becomes a document record: the title, author, date and URL the file gives."""

from curator.ingest.dating import dated_record
from curator.ingest.document_record import document_record
from curator.ingest.formats import extract_all


def test_html_metadata_becomes_the_record(tmp_path):
    page = tmp_path / "report.html"
    page.write_text("<html><head><title>Aleppo siege report</title>"
                    "<meta name='author' content='R. Hadid'>"
                    "<meta property='article:published_time' content='2016-11-30T10:00:00Z'>"
                    "<link rel='canonical' href='https://example.org/aleppo'></head>"
                    "<body><article><p>" + "Shelling continued in the east of the city. " * 20
                    + "</p></article></body></html>", encoding="utf-8")
    (extracted,) = extract_all(page)
    record, dated = dated_record(document_record(extracted))
    assert record["title"] == "Aleppo siege report"
    assert record["author"] == "R. Hadid"
    assert record["source"] == "https://example.org/aleppo"
    assert record["filename"] == "report.html"
    assert record["published"] == "2016-11-30" and not record["published_inferred"]
    assert record["text"] == extracted.text


def test_messages_of_a_mailbox_keep_their_subjects(tmp_path):
    box = tmp_path / "box.mbox"
    box.write_text("".join(
        f"From a@example.org Mon Dec  5 10:00:00 2016\nFrom: a@example.org\nTo: b@example.org\n"
        f"Subject: Report {n}\nDate: Mon, 5 Dec 2016 10:00:00 +0000\n\nBody of report {n}.\n\n"
        for n in (1, 2)), encoding="utf-8")
    records = [document_record(e) for e in extract_all(box)]
    assert [r["title"] for r in records] == ["Report 1", "Report 2"]
    assert all(r["author"] == "a@example.org" for r in records)
