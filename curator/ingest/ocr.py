"""Reading a scanned PDF (one with no text layer) by optical character recognition, when the
machine has the tools: ``pdftoppm`` (poppler-utils) renders each page at 300 dpi and ``tesseract``
reads each page image. Nothing is bundled: Curator uses them when they are on the PATH.

The text is built like every other rebuilt kind (paragraphs separated by an empty line, NFC,
hyphens at line ends joined), with a page start per page; ``metadata.ocr`` is True and
``problems`` says the text was read by OCR, so nobody takes it for the file's own text.

Qt-free.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Callable, Optional

from curator.core.errors import UnreadableDocument
from curator.ingest.extracted import Extracted, Metadata, Origin
from curator.ingest.formats.textbuild import TextBuilder, tidy_line

DPI = 300
TOOLS = ("tesseract", "pdftoppm")
_HYPHENATED = re.compile(r"(\w)[-\u00ad]$")
_PAGE_NUMBER = re.compile(r"-(\d+)\.png$")


def available() -> bool:
    """Both tools are on the PATH."""
    return all(shutil.which(tool) for tool in TOOLS)


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if not shutil.which(tool)]


def languages() -> str:
    """The Tesseract languages to read with: English, plus every other installed language pack
    (``deu+eng+fra``...): Tesseract picks per word among them. Its orientation pack is left out."""
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return "eng"
    found = [line.strip() for line in out.splitlines()[1:] if line.strip() and line.strip() != "osd"]
    return "+".join(sorted(found)) if found else "eng"


def ocr_text(page_text: str) -> list[str]:
    """One page as Tesseract gives it (lines, paragraphs separated by empty lines) as
    paragraphs: a paragraph's lines joined by a space, a word hyphenated at a line end joined."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", page_text.replace("\f", "")):
        lines = [tidy_line(line) for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        text = lines[0]
        for line in lines[1:]:
            if _HYPHENATED.search(text) and line[:1].islower():
                text = text[:-1] + line
            else:
                text += " " + line
        paragraphs.append(text)
    return paragraphs


def ocr_pdf(data: bytes, origin: Origin, metadata: Optional[Metadata] = None,
            cancelled: Optional[Callable[[], bool]] = None) -> Extracted:
    """The text of a scanned PDF, page by page. ``metadata``: what the PDF's info said (kept;
    ``ocr`` is set). Raises UnreadableDocument ("no text layer") when the tools are missing,
    fail, or find no text."""
    name = origin.filename
    missing = missing_tools()
    if missing:
        raise UnreadableDocument(name, "no text layer",
                                 f"{name} has no text layer, and OCR needs {' and '.join(missing)} "
                                 "(Tesseract and poppler-utils), which are not installed")
    language = languages()
    builder = TextBuilder()
    with tempfile.TemporaryDirectory(prefix="curator-ocr-") as folder:
        pdf = Path(folder) / "scan.pdf"
        pdf.write_bytes(data)
        _run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(Path(folder) / "page")], name)
        images = sorted(Path(folder).glob("page-*.png"), key=_page_number)
        if not images:
            raise UnreadableDocument(name, "no text layer", f"{name}: pdftoppm rendered no page to read")
        empty = []
        for number, image in enumerate(images, start=1):
            if cancelled is not None and cancelled():
                raise UnreadableDocument(name, "no text layer", f"{name}: OCR cancelled")
            page = _run(["tesseract", str(image), "stdout", "-l", language, "--dpi", str(DPI)], name)
            image.unlink()  # a 300 dpi page is ~1 MB: keep one at a time beside the PDF
            builder.new_page()
            if not [builder.paragraph(p) for p in ocr_text(page)]:
                empty.append(number)
    text = builder.text()
    if not text.strip():
        raise UnreadableDocument(name, "no text layer", f"{name}: OCR found no text on its "
                                 f"{len(images)} page{'s' if len(images) != 1 else ''}")
    problems = [f"the text was read by OCR (Tesseract, {language}, {DPI} dpi) from page images: "
                "check it against the original"]
    problems += [f"page {n}: OCR found no text" for n in empty]
    return Extracted(text=text, kind="pdf", origin=origin, page_starts=builder.page_starts(),
                     metadata=replace(metadata or Metadata(), ocr=True), problems=tuple(problems))


def _run(command: list[str], name: str) -> str:
    try:
        done = subprocess.run(command, capture_output=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as exc:
        raise UnreadableDocument(name, "no text layer", f"{name}: OCR failed ({command[0]}: {exc})") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["failed"]
        raise UnreadableDocument(name, "no text layer", f"{name}: OCR failed ({command[0]}: {detail[0]})")
    return done.stdout.decode("utf-8", "replace")


def _page_number(path: Path) -> int:
    found = _PAGE_NUMBER.search(path.name)
    return int(found.group(1)) if found else 0
