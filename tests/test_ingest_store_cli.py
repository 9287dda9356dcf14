"""`curator add` of every kind (schema 6): text, page starts, metadata, the original stored; a
folder with a corrupt and an encrypted file (listed, the rest added; all or nothing on a real
error); JSON export→import keeps the new fields; the CSV pages column read back with csv; page
labels against a linear scan (hypothesis). Oracles: pypdf's per-page text, hashlib, csv, json,
sqlite3."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3

import ingest_samples as samples
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.cli import main
from curator.core import Project
from curator.core.pages import page_label, page_of


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


@pytest.fixture
def project(tmp_path, capsys):
    path = tmp_path / "p.curator"
    assert run(capsys, "new", path)[0] == 0
    return path


def rows(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_add_help_lists_the_kinds(capsys):
    with pytest.raises(SystemExit):
        main(["add", "--help"])
    out = capsys.readouterr().out
    assert "(txt, md)" not in out
    for kind in ("PDF", ".docx", ".odt", "HTML", ".eml", ".mbox", "RTF", "FOLDER"):
        assert kind in out


def test_a_pdf_is_stored_with_its_pages_metadata_and_original(tmp_path, capsys, project):
    from pypdf import PdfReader

    data = samples.pdf_report()
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(data)
    code, report, _ = run(capsys, "add", project, pdf)
    assert code == 0 and report["added"][0]["kind"] == "pdf" and report["added"][0]["pages"] == 3
    assert report["added"][0]["from"] == "file metadata"
    with Project.open(project) as p:
        doc = p.documents()[0]
        source = p.document_source(doc.id)
        text = p.document_text(doc.id)
        assert p.document_original(doc.id) == data
    assert (source.kind, source.sha256, source.size) == ("pdf", hashlib.sha256(data).hexdigest(), len(data))
    assert source.metadata["title"] == "Siege report" and source.metadata["title_source"]
    assert source.problems  # the running headers dropped
    # oracle: pypdf's text of each page holds the first words of the page the starts say
    reader = PdfReader(io.BytesIO(data))
    starts = list(source.page_starts) + [len(text)]
    for n, page in enumerate(reader.pages):
        ours = " ".join(text[starts[n]:starts[n + 1]].split())
        first = samples.REPORT_PAGE_FIRST_WORDS[n]
        assert first in " ".join(page.extract_text().split()) and ours.startswith(first)


@pytest.mark.parametrize("name, make, kind", [
    ("notes.docx", samples.docx_with_footnote_and_table, "docx"),
    ("notes.odt", samples.odt_sample, "odt"),
    ("mail.eml", samples.eml_multipart, "eml"),
    ("notes.rtf", samples.rtf_sample, "rtf"),
])
def test_each_kind_is_stored_with_its_kind_and_metadata(tmp_path, capsys, project, name, make, kind):
    data = make()
    (tmp_path / name).write_bytes(data)
    code, report, _ = run(capsys, "add", project, tmp_path / name)
    assert code == 0 and [a["kind"] for a in report["added"]] == [kind]
    [(k, digest, size, starts, metadata)] = rows(
        project, "SELECT kind, source_sha256, source_size, page_starts, metadata FROM document")
    assert (k, digest, size, starts) == (kind, hashlib.sha256(data).hexdigest(), len(data), "[]")
    assert json.loads(metadata)  # what the file said, with where
    if kind == "eml":
        meta = json.loads(metadata)
        assert meta["sender"] and meta["message_id"] and meta["attachments"]


def test_a_mailbox_gives_one_document_per_message_sharing_one_original(tmp_path, capsys, project):
    (tmp_path / "box.mbox").write_bytes(samples.mbox_three())
    code, report, _ = run(capsys, "add", project, tmp_path / "box.mbox")
    assert code == 0 and len(report["added"]) == 3
    parts = [json.loads(m)["part"] for (m,) in rows(project, "SELECT metadata FROM document ORDER BY id")]
    assert parts == [f"message {n} of 3" for n in (1, 2, 3)]
    assert rows(project, "SELECT count(*) FROM document_original") == [(1,)]


def test_a_folder_lists_the_corrupt_and_the_encrypted_and_adds_the_rest(tmp_path, capsys, project):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "report.pdf").write_bytes(samples.pdf_report())
    (folder / "sub" / "notes.docx").write_bytes(samples.docx_with_footnote_and_table())
    (folder / "broken.pdf").write_bytes(samples.pdf_report()[:300])
    (folder / "locked.pdf").write_bytes(samples.pdf_encrypted())
    (folder / ".hidden.txt").write_text("not me", encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50))  # not a listed suffix
    code, report, err = run(capsys, "add", project, folder)
    assert code == 0
    assert sorted(a["file"] for a in report["added"]) == ["notes.docx", "report.pdf"]
    refused = {r["file"].rsplit("/", 1)[-1]: r["reason"] for r in report["refused"]}
    assert refused == {"broken.pdf": "damaged", "locked.pdf": "encrypted"}
    assert err.count("\n") == 2 and "broken.pdf" in err and "locked.pdf" in err
    assert rows(project, "SELECT count(*) FROM document") == [(2,)]
    # only refusals: nothing added, exit 1
    code, report, _ = run(capsys, "add", project, folder / "broken.pdf")
    assert code == 1 and report["added"] == []


def test_a_real_error_adds_nothing(tmp_path, capsys, project):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("First text of 8 May 2014.", encoding="utf-8")
    (folder / "b.txt").write_text("Second text.", encoding="utf-8")
    code, _, err = run(capsys, "add", project, folder, "--date", "not a date")
    assert code != 0 and err.count("\n") == 1
    assert rows(project, "SELECT count(*) FROM document") == [(0,)]


def test_an_unsure_text_encoding_is_still_refused(tmp_path, capsys, project):
    (tmp_path / "f.txt").write_bytes("Un siège à la côte".encode("cp1252"))
    code, report, err = run(capsys, "add", project, tmp_path / "f.txt")
    assert code == 1 and "--encoding" in err and report["refused"]


def test_json_round_trip_keeps_the_file_fields_and_pages(tmp_path, capsys, project):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(samples.pdf_report())
    run(capsys, "add", project, pdf)
    with Project.open(project) as p:
        doc = p.documents()[0]
        text = p.document_text(doc.id)
        source = p.document_source(doc.id)
        start = source.page_starts[1] - 5
        p.create_event_from_passage(doc.id, start, start + 20, title="across")
    out = tmp_path / "out.json"
    assert run(capsys, "export", project, out)[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format_version"] == 5
    [d] = data["documents"]
    assert d["page_starts"] == list(source.page_starts) and d["kind"] == "pdf"
    assert d["metadata"] == source.metadata and d["source_size"] == source.size
    assert [s["page"] for s in data["spans"]] == ["pp. 1–2"]
    other = tmp_path / "other.curator"
    run(capsys, "new", other)
    assert run(capsys, "import", other, out)[0] == 0
    with Project.open(other) as q:
        [d2] = q.documents()
        s2 = q.document_source(d2.id)
        assert (s2.kind, s2.sha256, s2.size, s2.page_starts, s2.metadata, s2.problems) == (
            source.kind, source.sha256, source.size, source.page_starts, source.metadata, source.problems)
        assert q.document_text(d2.id) == text
    # CSV: the pages column, read back with csv
    csv_path = tmp_path / "out.csv"
    assert run(capsys, "export", project, csv_path)[0] == 0
    [row] = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"), newline="")))
    assert row["pages"] == "pp. 1–2"


def test_a_format_4_export_still_imports(tmp_path, capsys, project):
    from test_exchange_support import as_format_4

    (tmp_path / "a.txt").write_text("Talks on 8 May 2014.", encoding="utf-8")
    run(capsys, "add", project, tmp_path / "a.txt")
    out = tmp_path / "out.json"
    run(capsys, "export", project, out)
    old = as_format_4(json.loads(out.read_text(encoding="utf-8")))
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    other = tmp_path / "other.curator"
    run(capsys, "new", other)
    assert run(capsys, "import", other, tmp_path / "old.json")[0] == 0
    assert rows(other, "SELECT kind, page_starts, metadata, problems FROM document") == [("", "[]", "{}", "[]")]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=8).map(lambda xs: [0] + sorted(xs)),
       st.integers(0, 60), st.integers(0, 20))
def test_page_labels_agree_with_a_linear_scan(starts, start, length):
    end = start + length

    def scan(offset):  # the last page starting at or before the offset
        return max(n + 1 for n, s in enumerate(starts) if s <= offset)

    assert page_of(starts, start) == scan(start)
    first, last = scan(start), scan(max(start, end - 1))
    assert page_label(starts, start, end) == (f"p. {first}" if first == last else f"pp. {first}–{last}")
    assert page_label([], start, end) == ""


def test_no_originals_keeps_the_custody_but_not_the_bytes(tmp_path, capsys, project):
    data = samples.pdf_report()
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(data)
    code, report, _ = run(capsys, "add", "--no-originals", project, pdf)
    assert code == 0 and report["added"][0]["kind"] == "pdf"
    with Project.open(project) as p:
        doc = p.documents()[0]
        source = p.document_source(doc.id)
        assert p.document_original(doc.id) is None
    assert (source.sha256, source.size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert rows(project, "SELECT count(*) FROM document_original") == [(0,)]


def test_a_text_file_is_read_once_and_kept_whatever_its_suffix(tmp_path, capsys, project):
    """The content decides the kind: plain text in a .html file is added as text (its encoding
    and mojibake handled by the text reader's rules, from the one reading of the file)."""
    note = tmp_path / "note.html"
    note.write_bytes("Le 3 mai 2014, à Alep, le conseil s'est réuni.\n".encode("utf-8"))
    code, report, _ = run(capsys, "add", project, note)
    assert code == 0 and report["added"][0]["kind"] == "text"
    assert report["added"][0]["decoded_by"] == "valid UTF-8"
    with Project.open(project) as p:
        assert p.document_text(p.documents()[0].id) == note.read_text(encoding="utf-8")
