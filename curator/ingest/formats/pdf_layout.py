"""From positioned text boxes to paragraphs in reading order: the part of PDF reading that is
geometry, kept apart from pdfminer so it can be tested on boxes made by hand. Qt-free.

- **Reading order** (per page): a recursive cut. A set of boxes with an empty vertical strip
  (a gutter at least ``GUTTER`` points wide that no box crosses) is split there and read left
  column first; otherwise it is cut into horizontal bands, and consecutive bands that together
  still have a gutter are read as one column block. So a headline across both columns is read
  first, then the left column, then the right one, then a footnote across the page.
- **Paragraphs**: pdfminer's text boxes (lines grouped by their spacing); inside a box a line
  that ends a sentence and is short, or is followed by an indented line, ends a paragraph.
- **Hyphenation**: a line ending in a hyphen after a letter, followed by a line starting with a
  lower-case letter, is joined without the hyphen ("exam-" + "ple" = "example"); a soft hyphen
  at a line end is always dropped. A hyphen inside a line is never touched. (Limit: a compound
  broken at its own hyphen, "well-" + "known", is joined as "wellknown".)
- **Running headers and footers**: a box of one or two lines in the top or bottom ``EDGE`` of
  the page whose text,
  with digits ignored, recurs at that edge on most pages (at least 60 %, and on 2 pages or
  more) is dropped; what was dropped is reported.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from math import ceil

GUTTER = 8.0  # points: the narrowest empty strip read as a gap between columns
EDGE = 0.09  # the share of the page height at its top and bottom where running heads are looked for
REPEAT_SHARE = 0.6
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]$")
_HYPHENS = ("-", "\u2010")
_SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    x1: float
    height: float


@dataclass(frozen=True)
class Box:
    """A text box: its bounding box (PDF points, y grows upwards) and its lines, top to bottom."""
    x0: float
    y0: float
    x1: float
    y1: float
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    boxes: tuple[Box, ...]


# -- reading order ---------------------------------------------------------------------------

def reading_order(boxes: list[Box]) -> list[Box]:
    if len(boxes) <= 1:
        return list(boxes)
    columns = _split_at_gutters(boxes)
    if len(columns) > 1:
        return [box for column in columns for box in reading_order(column)]
    bands = _bands(boxes)
    if len(bands) == 1:  # boxes side by side that overlap: top to bottom, then left to right
        return sorted(boxes, key=lambda b: (-b.y1, b.x0))
    ordered: list[Box] = []
    block = list(bands[0])
    for band in bands[1:]:
        if len(_split_at_gutters(block + band)) > 1:
            block += band
        else:
            ordered += reading_order(block) if len(block) < len(boxes) else sorted(block, key=lambda b: (-b.y1, b.x0))
            block = list(band)
    ordered += reading_order(block) if len(block) < len(boxes) else sorted(block, key=lambda b: (-b.y1, b.x0))
    return ordered


def _split_at_gutters(boxes: list[Box]) -> list[list[Box]]:
    """The boxes in columns, left to right, split at every gutter; one group when there is none."""
    spans = sorted(boxes, key=lambda b: b.x0)
    groups: list[list[Box]] = [[spans[0]]]
    right = spans[0].x1
    for box in spans[1:]:
        if box.x0 - right >= GUTTER:
            groups.append([box])
        else:
            groups[-1].append(box)
        right = max(right, box.x1)
    return groups


def _bands(boxes: list[Box]) -> list[list[Box]]:
    """The boxes in horizontal bands, top to bottom: boxes whose heights overlap share a band."""
    spans = sorted(boxes, key=lambda b: -b.y1)
    bands: list[list[Box]] = [[spans[0]]]
    bottom = spans[0].y0
    for box in spans[1:]:
        if box.y1 <= bottom:
            bands.append([box])
            bottom = box.y0
        else:
            bands[-1].append(box)
            bottom = min(bottom, box.y0)
    return bands


# -- paragraphs and hyphenation ----------------------------------------------------------------

def paragraphs(box: Box) -> list[str]:
    """The box's paragraphs, lines joined (hyphenation undone)."""
    out: list[str] = []
    current = ""
    width = box.x1 - box.x0
    previous: Line | None = None
    for line in box.lines:
        text = line.text.strip()
        if not text:
            continue
        if previous is not None and current and _ends_paragraph(previous, line, box, width):
            out.append(current)
            current = ""
        current = join_lines(current, text) if current else text
        previous = line
    if current:
        out.append(current)
    return out


def _ends_paragraph(previous: Line, line: Line, box: Box, width: float) -> bool:
    if not _SENTENCE_END.search(previous.text.strip()):
        return False
    short = previous.x1 < box.x1 - 0.15 * width
    indented = line.x0 - box.x0 > 0.8 * max(line.height, 1.0)
    return short or indented


def join_lines(before: str, after: str) -> str:
    """Two lines of one paragraph joined: a line-end hyphen between a letter and a lower-case
    letter is dropped with no space; a soft hyphen is dropped; otherwise one space."""
    if before.endswith(_SOFT_HYPHEN):
        return before[:-1] + after
    if (before.endswith(_HYPHENS) and len(before) >= 2 and before[-2].isalpha()
            and after[:1].isalpha() and after[:1].islower()):
        return before[:-1] + after
    return before + " " + after


# -- running headers and footers -------------------------------------------------------------

def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().lower()


def _edge_boxes(page: Page) -> list[tuple[str, Box]]:
    top, bottom = page.height * (1 - EDGE), page.height * EDGE
    found = []
    for box in page.boxes:
        if len(box.lines) > 2:  # a running head is a line or two, never a paragraph
            continue
        if box.y0 >= top:
            found.append(("top", box))
        elif box.y1 <= bottom:
            found.append(("bottom", box))
    return found


def running_heads(pages: list[Page]) -> set[tuple[str, str]]:
    """The (edge, key) pairs of the boxes that recur at the top or bottom of most pages."""
    if len(pages) < 2:
        return set()
    counts: Counter = Counter()
    for page in pages:
        counts.update({(edge, _key(box.text)) for edge, box in _edge_boxes(page) if _key(box.text)})
    needed = max(2, ceil(REPEAT_SHARE * len(pages)))
    return {pair for pair, n in counts.items() if n >= needed}


def without_running_heads(page: Page, heads: set[tuple[str, str]]) -> tuple[list[Box], list[str]]:
    """The page's boxes less its running heads, and the texts dropped."""
    dropped_ids = {id(box) for edge, box in _edge_boxes(page) if (edge, _key(box.text)) in heads}
    kept = [box for box in page.boxes if id(box) not in dropped_ids]
    dropped = [box.text for box in page.boxes if id(box) in dropped_ids]
    return kept, dropped
