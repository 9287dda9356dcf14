"""Character encodings by name: the common ones (what the window offers), their labels and the
rule that turns any name a user types (``latin-1``, ``CP1251``, ``windows-1253``) into one label.

A label is what Curator shows and stores on a document (``documents.encoding``): the standard
(IANA/WHATWG) name where Python knows it, else Python's own codec name, so that
``raw_bytes.decode(label)`` in Python gives the stored text back. Qt-free.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from curator.core.errors import InvalidInput


@dataclass(frozen=True)
class Encoding:
    label: str  # what Curator shows and stores ("windows-1251")
    description: str  # what it is for ("Cyrillic (Windows)")
    common: bool = True


# The encodings the window offers, in the order a reader scans them; also the detector's
# preference order when several encodings read a file the same way (a German text reads the
# same in Windows-1252 and Windows-1250: it is called windows-1252).
COMMON_ENCODINGS: tuple[Encoding, ...] = (
    Encoding("utf-8", "Unicode (UTF-8)"),
    Encoding("utf-8-sig", "Unicode (UTF-8 with a byte order mark)"),
    Encoding("utf-16", "Unicode (UTF-16 with a byte order mark)"),
    Encoding("utf-16-le", "Unicode (UTF-16, little-endian)"),
    Encoding("utf-16-be", "Unicode (UTF-16, big-endian)"),
    Encoding("utf-32", "Unicode (UTF-32 with a byte order mark)"),
    Encoding("windows-1252", "Western European (Windows)"),
    Encoding("iso-8859-1", "Western European (Latin-1)"),
    Encoding("iso-8859-15", "Western European (Latin-9, with €)"),
    Encoding("mac-roman", "Western European (classic Mac OS)"),
    Encoding("windows-1250", "Central European (Windows)"),
    Encoding("iso-8859-2", "Central European (Latin-2)"),
    Encoding("windows-1251", "Cyrillic (Windows)"),
    Encoding("koi8-r", "Cyrillic, Russian (KOI8-R)"),
    Encoding("koi8-u", "Cyrillic, Ukrainian (KOI8-U)"),
    Encoding("cp866", "Cyrillic (DOS)"),
    Encoding("iso-8859-5", "Cyrillic (ISO)"),
    Encoding("mac-cyrillic", "Cyrillic (classic Mac OS)"),
    Encoding("windows-1253", "Greek (Windows)"),
    Encoding("iso-8859-7", "Greek (ISO)"),
    Encoding("windows-1254", "Turkish (Windows)"),
    Encoding("iso-8859-9", "Turkish (Latin-5)"),
    Encoding("windows-1257", "Baltic (Windows)"),
    Encoding("iso-8859-13", "Baltic (Latin-7)"),
    Encoding("windows-1255", "Hebrew (Windows)"),
    Encoding("iso-8859-8", "Hebrew (ISO, visual)"),
    Encoding("windows-1256", "Arabic (Windows)"),
    Encoding("iso-8859-6", "Arabic (ISO)"),
    Encoding("windows-1258", "Vietnamese (Windows)"),
    Encoding("cp874", "Thai (Windows)"),
    Encoding("tis-620", "Thai (TIS-620)"),
    Encoding("shift_jis", "Japanese (Shift JIS)"),
    Encoding("cp932", "Japanese (Windows Shift JIS)"),
    Encoding("euc-jp", "Japanese (EUC-JP)"),
    Encoding("iso-2022-jp", "Japanese (ISO-2022-JP)"),
    Encoding("gb18030", "Chinese, simplified (GB18030, GBK, GB2312)"),
    Encoding("big5", "Chinese, traditional (Big5)"),
    Encoding("euc-kr", "Korean (EUC-KR)"),
    Encoding("cp949", "Korean (Windows, Unified Hangul)"),
)

# Codecs Python has that do not turn bytes of a text file into its characters.
_NOT_FILE_ENCODINGS = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined"})


def _codec_name(name: str) -> str:
    return codecs.lookup(name).name


_LABEL_OF_CODEC = {_codec_name(e.label): e.label for e in COMMON_ENCODINGS}
_LABEL_OF_CODEC["iso8859-1"] = "iso-8859-1"
_DESCRIPTION = {e.label: e.description for e in COMMON_ENCODINGS}
_RANK = {e.label: i for i, e in enumerate(COMMON_ENCODINGS)}


def label_of(name: str) -> str:
    """The label of the encoding called ``name`` (any spelling Python knows); ``name`` must be
    an encoding (see :func:`checked_label`)."""
    codec = _codec_name(name)
    if codec in _LABEL_OF_CODEC:
        return _LABEL_OF_CODEC[codec]
    if codec.startswith("iso8859-"):
        return "iso-" + codec[3:]
    if codec.startswith("cp125"):
        return "windows-" + codec[2:]
    return codec


def checked_label(name: str) -> str:
    """The label of the text encoding ``name``, or InvalidInput naming a few that exist."""
    cleaned = (name or "").strip()
    try:
        info = codecs.lookup(cleaned)
    except (LookupError, ValueError):
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FILE_ENCODINGS:
        raise InvalidInput(f"'{name}' is not a character encoding Curator knows "
                           "(for example utf-8, windows-1252, windows-1251, iso-8859-7, shift_jis)")
    return label_of(cleaned)


def describe(label: str) -> str:
    """``windows-1251 — Cyrillic (Windows)``, or the bare label for a rare encoding."""
    description = _DESCRIPTION.get(label)
    return f"{label} — {description}" if description else label


def is_common(label: str) -> bool:
    return label in _RANK


def preference(label: str) -> int:
    """Sort key: common encodings in the order of :data:`COMMON_ENCODINGS`, then the rest."""
    return _RANK.get(label, len(_RANK))


def is_unicode(label: str) -> bool:
    """UTF-8, -16 or -32 (any byte order, with or without a mark)."""
    return _codec_name(label).startswith("utf-")


def is_wide(label: str) -> bool:
    """UTF-16 or UTF-32, whose text is full of zero bytes: the binary-file check does not apply."""
    return _codec_name(label).startswith(("utf-16", "utf-32"))
