"""``curator add PROJECT FILE|FOLDER...``: every kind Curator reads (curator.ingest.formats), a
folder read whole (every file under it whose suffix is one of ``SUFFIXES``, hidden files and
folders skipped), each file refused with its reason and the rest added in ONE transaction.

Exit status: 0 when at least one document was added (or every readable file was already in the
project), 1 when files were named but nothing could be added because every one was refused
(each refusal is also on stderr, one line each), and non-zero with one line for an error that
stops the command (a bad ``--date``, a project that cannot be opened, a write that failed: then
nothing at all was added). Text files are read as before (``--encoding``, ``--fix-mojibake``,
an unsure detection refused: the command line cannot ask).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from curator.core.errors import CuratorError, InvalidInput, UnreadableDocument


@dataclass
class Read:
    """One document read for adding, with what the report says about it."""
    record: dict
    path: str
    extracted: object
    text_doc: object = None  # the plain-text reader's ReadDocument (decoding report)


@dataclass
class Batch:
    reads: list[Read] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)
    how: dict = field(default_factory=dict)  # how the files were read (ingest.batch.read_files)


def files_named(paths: list[str]) -> list[Path]:
    """The files to read: each file named, and every file under each folder named
    (:func:`curator.ingest.batch.files_under`: recursive, sorted, suffix in SUFFIXES, no hidden
    file or folder)."""
    from curator.ingest.batch import files_under

    out: list[Path] = []
    for name in paths:
        path = Path(name)
        out += files_under(path) if path.is_dir() else [path]
    return out


def _refusal(path: Path, reason: str, message: str) -> dict:
    return {"file": str(path), "reason": reason, "message": message}


def read_files(paths: list[Path], args) -> Batch:
    """Every file read before the project is touched, by a pool of processes when there are
    many (:func:`curator.ingest.batch.read_files`); a file that cannot be read is refused."""
    from curator.commands.reading import text_for_add
    from curator.core.project_documents import ORIGINALS_LIMIT
    from curator.ingest.batch import read_files as read_in_pool
    from curator.ingest.document_record import document_record

    encoding = getattr(args, "encoding", None)
    batch = Batch()
    results = read_in_pool(paths, encoding=encoding, keep_bytes=True,
                           ocr=bool(getattr(args, "ocr", False)), how=batch.how)
    for path, result in zip(paths, results):
        if not result.ok:
            batch.refused.append(_refusal(path, result.reason, result.message))
            continue
        data = None if getattr(args, "no_originals", False) else result.data
        original = data if data is not None and len(data) <= ORIGINALS_LIMIT else None
        reads = []
        try:
            for extracted in result.documents:
                record = document_record(extracted, original)
                text_doc = None
                if extracted.kind == "text":  # the text reader's rules (mojibake, sure encoding)
                    text_doc = text_for_add(str(path), extracted.decoded, args)
                    record |= text_doc.as_record()
                reads.append(Read(record, str(path), extracted, text_doc))
        except UnreadableDocument as exc:
            batch.refused.append(_refusal(path, exc.reason, str(exc)))
            continue
        except InvalidInput as exc:  # an unsure or wrong encoding, a name the reader refused
            batch.refused.append(_refusal(path, "unreadable", str(exc)))
            continue
        batch.reads += reads
    return batch


def report_of(read: Read, doc_id: Optional[int], how) -> dict:
    from curator.commands.reading import decoding_report

    ex = read.extracted
    out = {"id": doc_id or None, "title": read.record["title"], "file": read.record["filename"],
           "path": read.path, "kind": ex.kind, "characters": len(read.record["text"])}
    if ex.part:
        out["part"] = ex.part
    if ex.page_starts:
        out["pages"] = len(ex.page_starts)
    if read.text_doc is not None:
        out |= decoding_report(read.text_doc)
    elif ex.encoding:
        out["encoding"] = ex.encoding
    if ex.problems:
        out["problems"] = list(ex.problems)
    dated = how.report()
    source = ex.metadata.date_source
    if dated.get("from") == "front matter" and ex.kind != "text" and source:
        dated |= {"from": "file metadata", "reason": f"the file's date ({source})"}
    return out | dated


def run(args, given: str, open_project, print_json) -> int:
    from curator.ingest.dating import dated_record

    paths = files_named(args.files)
    if not paths:
        raise CuratorError("no document files there (looked for "
                           "PDF, Word, OpenDocument, HTML, e-mail, mailbox, RTF and text files)")
    batch = read_files(paths, args)
    for refusal in batch.refused:
        sys.stderr.write(f"curator add: refused {refusal['message']}\n")
    dated = [dated_record(r.record, given) for r in batch.reads]
    dry_run = bool(getattr(args, "dry_run", False))
    ids: list = []
    if batch.reads:
        with open_project(args.project, args) as project:
            if dry_run:
                from curator.core.tables import text_sha256

                known = {d.sha256 for d in project.documents()}
                for record, _ in dated:
                    digest = text_sha256(record["text"])
                    ids.append(None if digest in known else 0)
                    known.add(digest)
            else:
                ids = project.add_documents([record for record, _ in dated], skip_known_texts=True)
    print_json({
        **({"dry_run": True} if dry_run else {}),
        "added": [report_of(r, i, how) for i, r, (_, how) in zip(ids, batch.reads, dated) if i is not None],
        "skipped": [{"file": r.record["filename"], "path": r.path,
                     "reason": "same text as a document already in the project"}
                    for i, r in zip(ids, batch.reads) if i is None],
        "refused": batch.refused,
        "read_by_processes": batch.how.get("processes", 1)})
    return 1 if batch.refused and not batch.reads else 0
