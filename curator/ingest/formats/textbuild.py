"""Building a document's text out of paragraphs, with page starts: the one place that decides how
extracted paragraphs are joined (``\\n\\n`` between paragraphs, NFC) so every format agrees.
Qt-free."""

from __future__ import annotations

import re
import unicodedata

PARAGRAPH_BREAK = "\n\n"
_SPACES = re.compile(r"[ \t\u00a0]+")
# Latin ligatures a PDF text layer gives as one character ("ﬁ" in "ﬁnd"): spelled out
_LIGATURES = {c: unicodedata.normalize("NFKC", c) for c in "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"}
_LIGATURE_RE = re.compile("[" + "".join(_LIGATURES) + "]")


def spell_out_ligatures(text: str) -> str:
    return _LIGATURE_RE.sub(lambda m: _LIGATURES[m.group()], text)


def tidy_line(text: str) -> str:
    """A line of extracted text: runs of spaces collapsed (tabs kept only between table cells,
    which callers join themselves), no space at either end."""
    return _SPACES.sub(" ", text).strip()


class TextBuilder:
    """Paragraphs in, one text out. Paragraphs are normalised to NFC on the way in, so offsets
    taken while building (``offset``, ``page_starts()``) are offsets into the final text."""

    def __init__(self):
        self._parts: list[str] = []
        self._length = 0
        self._starts: list[int] = []
        self._pending = 0  # pages begun that have no paragraph yet

    @property
    def offset(self) -> int:
        """Where the next paragraph will start."""
        return self._length + (len(PARAGRAPH_BREAK) if self._parts else 0)

    def new_page(self) -> None:
        """What follows is on the next page (a page with no paragraph starts where the next
        paragraph does, or at the end of the text)."""
        self._pending += 1

    def paragraph(self, text: str) -> bool:
        """Append a paragraph (blank ones are skipped: False)."""
        text = unicodedata.normalize("NFC", text).strip("\n")
        if not text.strip():
            return False
        start = self.offset
        if self._parts:
            self._parts.append(PARAGRAPH_BREAK)
        self._parts.append(text)
        self._length = start + len(text)
        if self._pending:
            self._starts += [start] * self._pending
            self._pending = 0
        return True

    def text(self) -> str:
        return "".join(self._parts)

    def page_starts(self) -> tuple[int, ...]:
        starts = self._starts + [self._length] * self._pending
        if starts:
            starts[0] = 0  # text before the first page break (none in practice) is on page 1
        return tuple(starts)


def cell_text(blocks) -> str:
    """A table cell's paragraphs on one line (white space collapsed, empty ones left out)."""
    return " ".join(" ".join(b.split()) for b in blocks if b.strip())


def table_text(rows) -> str:
    """A table as text: a line per row that has any text, its cells separated by tabs."""
    return "\n".join("\t".join(cells).rstrip("\t") for cells in rows if any(cells))
