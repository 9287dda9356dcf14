"""Rich Text Format, read by striprtf: the text with its paragraphs (``\\par``), in the code page
the file declares (``\\ansicpg``, else Windows-1252 as RTF says; ``\\uN`` Unicode escapes as
given). Bytes above 127 written raw (not as ``\\'xx``) are read in that code page too. Metadata:
the ``{\\info}`` group's ``\\title``, ``\\author`` and ``\\creatim``. Qt-free.
"""

from __future__ import annotations

import re

from curator.core.errors import UnreadableDocument
from curator.ingest.encodings import label_of
from curator.ingest.extracted import Extracted, Metadata, Origin
from curator.ingest.formats.textbuild import TextBuilder

_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")
_RAW_HIGH = re.compile(rb"[\x80-\xff]")
_INFO_TEXT = re.compile(r"\{\\(title|author)\s+((?:[^{}\\]|\\[^a-z]|\\[a-z]+-?\d* ?)*)\}")
_CREATIM = re.compile(r"\{\\creatim((?:\\[a-z]+\d+)+)\}")


def extract_rtf(data: bytes, origin: Origin) -> Extracted:
    from striprtf.striprtf import rtf_to_text

    name = origin.filename
    m = _CODEPAGE.search(data[:4096])
    codepage = f"cp{m.group(1).decode()}" if m else "cp1252"
    try:
        label = label_of(codepage)
        "".encode(codepage)
    except LookupError:
        codepage, label = "cp1252", "windows-1252"
    source = _RAW_HIGH.sub(lambda c: b"\\'%02x" % c.group()[0], data).decode("ascii")
    try:
        raw_text = rtf_to_text(source, encoding=codepage, errors="replace")
    except Exception as exc:  # striprtf fails on some malformed groups
        raise UnreadableDocument(name, "damaged", f"{name} is a damaged RTF file "
                                 f"({(' '.join(str(exc).split()) or type(exc).__name__)[:120]})") from None
    builder = TextBuilder()
    for paragraph in re.split(r"\r?\n", raw_text):
        builder.paragraph(paragraph.strip())
    text = builder.text()
    if not text.strip():
        raise UnreadableDocument(name, "empty", f"{name} is an RTF file with no text")
    problems = ("some characters could not be read in the declared code page (shown as �)",) if "\ufffd" in text else ()
    return Extracted(text=text, kind="rtf", origin=origin, metadata=_metadata(source, codepage), encoding=label,
                     problems=problems)


def _metadata(source: str, codepage: str) -> Metadata:
    from striprtf.striprtf import rtf_to_text

    info_at = source.find("{\\info")
    fields = {}
    if info_at >= 0:
        info = source[info_at:info_at + 8192]
        for key, value in _INFO_TEXT.findall(info):
            group = "{\\rtf1\\ansi\\ansicpg" + codepage[2:] + " " + value + "}"
            fields[key] = " ".join(rtf_to_text(group, encoding=codepage, errors="replace").split())
        m = _CREATIM.search(info)
        if m:
            parts = dict(re.findall(r"\\([a-z]+)(\d+)", m.group(1)))
            if "yr" in parts:
                date = f"{int(parts['yr']):04d}-{int(parts.get('mo', 1)):02d}-{int(parts.get('dy', 1)):02d}"
                if "hr" in parts:
                    date += f"T{int(parts['hr']):02d}:{int(parts.get('min', 0)):02d}:00"
                fields["date"] = date
    title, author, date = fields.get("title", ""), fields.get("author", ""), fields.get("date")
    return Metadata(title=title, title_source="RTF \\title" if title else "",
                    author=author, author_source="RTF \\author" if author else "",
                    date=date, date_source="RTF \\creatim" if date else "")
