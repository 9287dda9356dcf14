"""Bytes to text: the one rule every command and the window decode files by.

1. An encoding the user names (``--encoding``, the window's choice) always wins. A file that does
   not decode in it is refused with the byte offset where it fails. A byte order mark of that
   same Unicode encoding is dropped, not kept as a character.
2. Otherwise a byte order mark decides (UTF-8, UTF-16, UTF-32; the mark is dropped).
3. Otherwise a file that looks binary (many zero bytes) is refused.
4. Otherwise valid UTF-8 is UTF-8 (plain ASCII too).
5. Otherwise the encoding is detected (:mod:`curator.ingest.detection`), and the detection says
   how sure it is; callers that cannot ask the user refuse an unsure one
   (:meth:`Decoded.require_sure`).

Newlines are never translated: the text holds exactly the characters of the file, so offsets
into it are offsets into the document. Qt-free.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from typing import Optional

from curator.core.errors import InvalidInput
from curator.ingest.detection import Detection, detect
from curator.ingest.encodings import checked_label, is_wide, label_of

BY_CHOICE = "chosen"  # how: the user named the encoding
BY_MARK = "byte order mark"
BY_UTF8 = "valid UTF-8"
BY_DETECTION = "detected"

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# the byte order mark a named Unicode encoding may start with, and the codec that drops it
# ("utf-16" and "utf-32" read and drop their marks themselves)
_OWN_MARK = {"utf-8": (codecs.BOM_UTF8, "utf-8-sig"), "utf-8-sig": (codecs.BOM_UTF8, "utf-8-sig"),
             "utf-16-le": (codecs.BOM_UTF16_LE, "utf-16"), "utf-16-be": (codecs.BOM_UTF16_BE, "utf-16"),
             "utf-32-le": (codecs.BOM_UTF32_LE, "utf-32"), "utf-32-be": (codecs.BOM_UTF32_BE, "utf-32")}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the label: ``data.decode(encoding) == text``
    how: str  # BY_CHOICE, BY_MARK, BY_UTF8 or BY_DETECTION
    detection: Optional[Detection] = None

    @property
    def sure(self) -> bool:
        """False only for a detection that could not choose between readings."""
        return self.detection is None or self.detection.sure

    def doubt(self, name: str) -> str:
        """One line: why the detected encoding of ``name`` is not certain, naming the readings
        (``windows-1251 "Мир"``, ``windows-1253 "Μθπ"``)."""
        detection = self.detection
        if detection is None or detection.sure:
            return ""
        readings = (detection.best, *detection.rivals[:3]) if detection.rivals else detection.readings[:1]
        return (f"{name}: cannot tell its encoding for sure ({detection.reason}): "
                + ", ".join(r.summary() for r in readings))

    def require_sure(self, name: str) -> "Decoded":
        """``self``, or InvalidInput when the detection was unsure: for the command line, which
        cannot ask (the message says to name the encoding with ``--encoding``)."""
        if not self.sure:
            detection = self.detection
            names = [r.encoding for r in (detection.best, *detection.rivals[:3])]
            raise InvalidInput(f"{self.doubt(name)}; name the encoding with --encoding ENC"
                               f" ({' or '.join(names) if len(names) > 1 else names[0]}?)")
        return self


def decode_bytes(data: bytes, name: str = "the file", encoding: Optional[str] = None) -> Decoded:
    """Decode a file's bytes by the rule in the module docstring. ``encoding`` is the user's choice
    (any name Python knows); ``name`` is how messages call the file."""
    if encoding:
        return _decode_as(data, name, checked_label(encoding))
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoded(_strict(data, codec, name), codec, BY_MARK)
    _refuse_binary(data, name)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", BY_UTF8)
    except UnicodeDecodeError:
        pass
    detection = detect(data)
    best = detection.best
    if best is None:
        raise InvalidInput(f"{name} is not text in any encoding Curator can detect ({detection.reason}); "
                           "if you know its encoding, name it")
    return Decoded(data.decode(best.codecs[0]), best.encoding, BY_DETECTION, detection)


def _decode_as(data: bytes, name: str, label: str) -> Decoded:
    mark, marked_codec = _OWN_MARK.get(label, (None, None))
    if mark is not None and data.startswith(mark):
        return Decoded(_strict(data, marked_codec, name), marked_codec, BY_CHOICE)
    if not is_wide(label):
        _refuse_binary(data, name)
    return Decoded(_strict(data, label, name), label, BY_CHOICE)


def _strict(data: bytes, codec: str, name: str) -> str:
    """``data`` decoded by ``codec``, or InvalidInput naming the first byte that does not decode
    (its offset in the file, counting any byte order mark)."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        label = label_of(codec)
        # utf-8-sig counts from after the mark it drops (utf-16 and utf-32 count from the start)
        offset = exc.start + (len(codecs.BOM_UTF8) if codec == "utf-8-sig" and data.startswith(codecs.BOM_UTF8)
                              else 0)
        bad = data[offset:offset + min(4, max(1, exc.end - exc.start))]
        what = " ".join(f"0x{b:02X}" for b in bad)
        raise InvalidInput(f"{name} is not {label} text: byte {what} at offset {offset} "
                           f"cannot be read in {label} ({exc.reason})") from None


def _refuse_binary(data: bytes, name: str) -> None:
    if b"\x00" in data[:4096] and data.count(b"\x00") > len(data) // 8:
        hint = _wide_hint(data)
        raise InvalidInput(f"{name} looks like a binary file, not text" + (f" ({hint})" if hint else ""))


def _wide_hint(data: bytes) -> str:
    """For a file of zero bytes that is UTF-16 text without a byte order mark: how to read it."""
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data[:4096 - 4096 % 2].decode(codec)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
        if text and printable >= 0.95 * len(text):
            return f"if it is {codec.upper()} text without a byte order mark, name that encoding"
    return ""
