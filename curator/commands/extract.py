"""``curator extract [--encoding ENC] [--text] FILE...``: what Curator reads from document files
(PDF, DOCX, ODT, HTML, e-mail, mbox, RTF, text), as JSON, writing nothing anywhere.

One entry per document (a mailbox gives one per message): kind, encoding, characters, pages and
page starts, metadata, problems, the original's name, size and SHA-256, and with ``--text`` the
text itself. A file Curator cannot read is listed with ``"refused"`` (the reason: no text layer,
encrypted, damaged, unknown kind, undecodable, empty) and its one-line message, which also goes to
stderr; the exit status is then 1. Qt-free.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from curator.core.errors import UnreadableDocument


def run_extract(args) -> int:
    from curator.ingest.formats import extract_all

    entries = []
    refused = 0
    for name in args.files:
        try:
            documents = extract_all(Path(name), encoding=args.encoding)
        except UnreadableDocument as exc:
            refused += 1
            sys.stderr.write(f"curator: {exc}\n")
            entries.append({"filename": exc.filename, "refused": exc.reason, "message": str(exc)})
            continue
        for document in documents:
            entry = document.as_dict()
            if args.text:
                entry["text"] = document.text
            entries.append(entry)
    sys.stdout.write(json.dumps(entries, ensure_ascii=False, indent=1) + "\n")
    return 1 if refused else 0
