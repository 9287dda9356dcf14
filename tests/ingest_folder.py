"""A folder of mixed documents for the batch reader and the window's Add folder…: one file of each
kind (a mailbox of three messages), a corrupt DOCX, an encrypted PDF, a scan, and files a folder
import must pass over (hidden files and folders, an image, a suffix Curator does not read)."""

from __future__ import annotations

from pathlib import Path

import ingest_samples as samples

# name -> (kind, documents) for the files that read; name -> refusal reason for the others
READABLE = {
    "a-report.pdf": ("pdf", 1),
    "b-report.docx": ("docx", 1),
    "c-notes.odt": ("odt", 1),
    "d-page.html": ("html", 1),
    "e-letter.eml": ("eml", 1),
    "f-box.mbox": ("mbox", 3),
    "g-memo.rtf": ("rtf", 1),
    "sub/h-latin1.txt": ("text", 1),
}
REFUSED = {"x-corrupt.docx": "damaged", "y-secret.pdf": "encrypted", "z-scan.pdf": "no text layer"}
SKIPPED = [".hidden.txt", ".git/config.txt", "sub/.cache/old.md", "photo.png", "table.xlsx"]


def make_mixed_folder(folder: Path) -> Path:
    docx = samples.docx_with_footnote_and_table()
    files = {
        "a-report.pdf": samples.pdf_report(),
        "b-report.docx": docx,
        "c-notes.odt": samples.odt_sample(),
        "d-page.html": samples.HTML_PAGE.encode("utf-8"),
        "e-letter.eml": samples.eml_multipart(),
        "f-box.mbox": samples.mbox_three(),
        "g-memo.rtf": samples.rtf_sample(),
        "sub/h-latin1.txt": samples.LATIN1_TEXT.encode("latin-1"),
        "x-corrupt.docx": docx[: len(docx) // 2],
        "y-secret.pdf": samples.pdf_encrypted("secret"),
        "z-scan.pdf": samples.pdf_scanned(),
        ".hidden.txt": b"hidden text\n",
        ".git/config.txt": b"[core]\n",
        "sub/.cache/old.md": b"# old\n",
        "photo.png": b"\x89PNG\r\n\x1a\n" + bytes(64),
        "table.xlsx": b"PK\x03\x04" + bytes(64),
    }
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def listed(folder: Path) -> list[str]:
    """The names files_under should give, sorted by path as it sorts them."""
    return [p.relative_to(folder).as_posix() for p in sorted(folder / n for n in (*READABLE, *REFUSED))]


def die_in_a_worker(result):
    """A ``prepare`` for read_files whose worker process dies on a file named die*.txt (in the
    calling process it does nothing): a pool broken half-way."""
    import multiprocessing
    import os

    if result.path.name.startswith("die") and multiprocessing.parent_process() is not None:
        os._exit(3)
    return result
