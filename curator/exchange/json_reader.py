"""An incremental JSON reader: a large export read value by value, never whole.

Only the outer structure (the top-level object, the record arrays, the ``sync`` maps) is walked
here, in Python; each record (each array element, each map value) is decoded by the standard
library's C scanner (``json.JSONDecoder.raw_decode``) from a window of the file's text that
slides forward. So a record decodes exactly as ``json.loads`` decodes it (the same numbers,
the same escapes, the same duplicate-key rule), about as fast, and the memory held is the window
(a megabyte, or the largest single record) plus what the caller keeps. Errors read as
``json.loads``'s own (``Expecting ',' delimiter at line 3 column 7``), with the line and column
in the whole file; bytes that are not UTF-8 are reported with their offset.

Why not ijson: its C backend decodes as fast but builds records one event at a time when several
arrays are wanted in one pass (``ijson.parse``: a Python tuple per token, several times slower
than the scanner here), reports yajl's messages without the ``json`` module's wording, and would
be a compiled dependency for the frozen build; measured figures are in
``docs/notes/stream-exchange.md``.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any, BinaryIO, Iterator

CHUNK = 1 << 20
_WS = re.compile(r"[ \t\n\r]*")
_NUMBER_GOES_ON = re.compile(r"[0-9.eE+\-]*")  # what may still belong to a number just read
_DECODER = json.JSONDecoder()


class JsonSyntaxError(ValueError):
    """The text is not valid JSON: ``msg`` in json's words, at ``lineno``/``colno`` (1-based) of
    the whole file."""

    def __init__(self, msg: str, lineno: int, colno: int):
        super().__init__(f"{msg}: line {lineno} column {colno}")
        self.msg, self.lineno, self.colno = msg, lineno, colno


class NotUtf8(ValueError):
    """The file holds bytes that are not UTF-8, the first at byte ``start`` (after a BOM)."""

    def __init__(self, start: int):
        super().__init__(f"not UTF-8 text (byte {start})")
        self.start = start


class JsonReader:
    """Reads one JSON value from a binary file, piece by piece (see the module docstring)."""

    def __init__(self, fh: BinaryIO, chunk: int = CHUNK):
        self.fh = fh
        self.chunk = chunk
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.bytes_read = 0  # of the file, BOM included
        self._fed = 0  # bytes given to the decoder (BOM excluded)
        self._line_base = 0  # line breaks in the text already dropped from the window
        self._col_base = 0  # characters after the last dropped line break
        head = fh.read(3)
        self.bytes_read = len(head)
        if head != codecs.BOM_UTF8:
            self._feed(head)

    # ------------------------------------------------------------------ the window
    def _feed(self, data: bytes) -> None:
        pending = len(self.decoder.getstate()[0])
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise NotUtf8(self._fed - pending + exc.start) from None
        self._fed += len(data)
        self.buf += text

    def _more(self) -> bool:
        """Read more of the file into the window (dropping what was consumed); False at EOF."""
        if self.eof:
            return False
        if self.pos:
            dropped = self.buf[:self.pos]
            breaks = dropped.count("\n")
            if breaks:
                self._line_base += breaks
                self._col_base = len(dropped) - dropped.rindex("\n") - 1
            else:
                self._col_base += len(dropped)
            self.buf = self.buf[self.pos:]
            self.pos = 0
        data = self.fh.read(max(self.chunk, len(self.buf)))
        self.bytes_read += len(data)
        self._feed(data)
        if not data:
            self.eof = True
        return True

    def fail(self, msg: str, at: int | None = None) -> None:
        at = self.pos if at is None else at
        breaks = self.buf.count("\n", 0, at)
        if breaks:
            col = at - self.buf.rindex("\n", 0, at)
        else:
            col = self._col_base + at + 1
        raise JsonSyntaxError(msg, self._line_base + breaks + 1, col)

    def peek(self) -> str:
        """The next character after whitespace ("" at the end of the file), not consumed."""
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def take(self, char: str, msg: str) -> None:
        if self.peek() != char:
            self.fail(msg)
        self.pos += 1

    # ------------------------------------------------------------------ values
    def value(self) -> Any:
        """The next value, decoded whole by the C scanner."""
        if self.pos >= len(self.buf) or self.buf[self.pos] in " \t\n\r":
            self.peek()
        while True:
            try:
                obj, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                cut = exc.msg.startswith("Unterminated string") or exc.pos >= len(self.buf) - 16
                if cut and self._more():
                    continue
                self.fail(exc.msg, exc.pos)
            if (not self.eof and type(obj) in (int, float)
                    and _NUMBER_GOES_ON.match(self.buf, end).end() == len(self.buf) and self._more()):
                continue  # a number may go on in the next piece ("0" then ".5")
            self.pos = end
            return obj

    def members(self) -> Iterator[str]:
        """The keys of the object whose ``{`` comes next; after each key the caller reads its
        value (with :meth:`value`, :meth:`items` or :meth:`members`) before asking for the next."""
        self.take("{", "Expecting value")
        c = self.peek()
        if c == "}":
            self.pos += 1
            return
        while True:
            if c != '"':
                self.fail("Expecting property name enclosed in double quotes")
            key = self.value()
            self.take(":", "Expecting ':' delimiter")
            self.peek()
            yield key
            c = self.peek()
            if c == "}":
                self.pos += 1
                return
            if c != ",":
                self.fail("Expecting ',' delimiter")
            self.pos += 1
            c = self.peek()

    def items(self) -> Iterator[Any]:
        """The elements of the array whose ``[`` comes next, each decoded whole."""
        self.take("[", "Expecting value")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            pos = self.pos
            if pos < len(self.buf):  # the common case, without whitespace: no regex
                c = self.buf[pos]
                if c == ",":
                    self.pos = pos + 1
                    continue
                if c == "]":
                    self.pos = pos + 1
                    return
            c = self.peek()
            if c == "]":
                self.pos += 1
                return
            if c != ",":
                self.fail("Expecting ',' delimiter")
            self.pos += 1

    def end(self) -> None:
        """Nothing but whitespace may follow the value."""
        if self.peek() != "":
            self.fail("Extra data")
