"""Plain text (and Markdown): the one text reader, :mod:`curator.ingest.decoding`, does the
decoding; nothing is rebuilt (newlines and characters stay exactly as in the file). Front matter
(``title:``, ``author:``, ``date:``) is read as metadata. Qt-free."""

from __future__ import annotations

from pathlib import PurePath
from typing import Optional

from curator.core.errors import UnreadableDocument
from curator.ingest.decoding import decode_bytes
from curator.ingest.extracted import Extracted, Metadata, Origin
from curator.ingest.reader import _front_matter_value, guess_title


def extract_text(data: bytes, origin: Origin, encoding: Optional[str] = None) -> Extracted:
    decoded = decode_bytes(data, origin.filename, encoding)  # InvalidInput for binary or undecodable
    text = decoded.text
    if not text.strip():
        raise UnreadableDocument(origin.filename, "empty", f"{origin.filename} is empty")
    title = _front_matter_value(text, "title")
    author = _front_matter_value(text, "author")
    date = _front_matter_value(text, "date") or None
    metadata = Metadata(
        title=title or guess_title(text, PurePath(origin.filename).stem),
        title_source="front matter title:" if title else "the first line of the text",
        author=author, author_source="front matter author:" if author else "",
        date=date, date_source="front matter date:" if date else "")
    problems = (decoded.doubt(origin.filename),) if not decoded.sure else ()
    return Extracted(text=text, kind="text", origin=origin, metadata=metadata, encoding=decoded.encoding,
                     problems=problems, decoded=decoded)
