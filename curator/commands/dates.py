"""``curator dates [--anchor YYYY-MM-DD] [--encoding ENC] FILE``: the date expressions in a text file.

The file is decoded by the one reader every command uses (:mod:`curator.ingest.decoding`):
``--encoding`` if given, else a byte order mark, else UTF-8, else the detected encoding (an unsure
detection is refused, naming the candidates). There is no newline translation, so offsets count
the code points of the text exactly as ``curator add`` stores it (a CRLF is two code points). A
leading byte order mark is dropped before scanning and the offsets count from the first character
after it, as every reader that honours the BOM (Python's "utf-8-sig", the document importer)
sees the text.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from curator.core.errors import CuratorError
from curator.ingest.decoding import decode_bytes
from curator.temporal.finder import find_dates


def read_text(path: Path, encoding: str | None = None) -> str:
    """The file's text by the one reader (BOM dropped, newlines kept as they are)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CuratorError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise CuratorError(f"{path} is a folder, not a text file") from None
    except OSError as exc:
        raise CuratorError(f"cannot read {path}: {exc.strerror or exc}") from None
    return decode_bytes(data, str(path), encoding).require_sure(str(path)).text


def parse_anchor(value: str | None) -> date | None:
    """The --anchor option as a date, or a one-line reason why it is not one."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CuratorError(f"--anchor '{value}' is not a date in the form YYYY-MM-DD") from None


def run_dates(args) -> int:
    anchor = parse_anchor(args.anchor)
    text = read_text(Path(args.file), getattr(args, "encoding", None))
    items = [match.as_dict() for match in find_dates(text, anchor)]
    sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=1) + "\n")
    return 0
