"""``curator extract``: what the next session's folder preview and the frozen smoke test read.
Oracles: json for the output, hashlib for the SHA-256."""

from __future__ import annotations

import hashlib
import json

import ingest_samples as samples
from curator.cli import main


def test_extract_lists_documents_and_refusals(tmp_path, capsys):
    pdf, docx, scan, box = (tmp_path / n for n in ("report.pdf", "report.docx", "scan.pdf", "box.mbox"))
    pdf.write_bytes(samples.pdf_report())
    docx.write_bytes(samples.docx_with_footnote_and_table())
    scan.write_bytes(samples.pdf_scanned())
    box.write_bytes(samples.mbox_three())
    code = main(["extract", "--text", str(pdf), str(scan), str(docx), str(box)])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.strip().splitlines() == [
        "curator: scan.pdf has no text layer (a scan?): its 2 pages hold only images or nothing; it needs OCR first"]
    entries = json.loads(out)
    assert [e["filename"] for e in entries] == ["report.pdf", "scan.pdf", "report.docx"] + ["box.mbox"] * 3
    first = entries[0]
    assert first["kind"] == "pdf" and first["pages"] == 3 and first["text"] == samples.REPORT_TEXT
    assert first["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert first["metadata"]["title"] == "Siege report"
    assert entries[1]["refused"] == "no text layer"
    assert entries[2]["text"] == samples.DOCX_TEXT
    assert [e["part"] for e in entries[3:]] == ["message 1 of 3", "message 2 of 3", "message 3 of 3"]


def test_extract_of_readable_files_exits_zero_and_leaves_text_out_unless_asked(tmp_path, capsys):
    path = tmp_path / "ru.txt"
    path.write_bytes(samples.CYRILLIC_TEXT.encode("cp1251"))
    assert main(["extract", str(path)]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["encoding"] == "windows-1251" and "text" not in entry
    assert entry["characters"] == len(samples.CYRILLIC_TEXT)


def test_extract_of_a_missing_file_is_one_line(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "gone.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("curator: ") and "does not exist" in err and err.count("\n") == 1


def test_the_committed_smoke_samples_read_as_the_samples_do(capsys):
    """packaging/build.sh extracts these two files with the frozen app: they must still be what
    tests/data/ingest/make_samples.py wrote (text as the samples')."""
    from pathlib import Path

    folder = Path(__file__).parent / "data" / "ingest"
    assert main(["extract", "--text", str(folder / "report.pdf"), str(folder / "report.docx")]) == 0
    pdf, docx = json.loads(capsys.readouterr().out)
    assert pdf["text"] == samples.REPORT_TEXT and pdf["pages"] == 3
    assert docx["text"] == samples.DOCX_TEXT
