"""What the text view draws under and over its text: labelled highlights and event evidence.

Nothing is stored in the QTextDocument (no char formats, no one-ExtraSelection-per-span): on each
paint the view asks the layer for the spans that intersect the *visible* blocks (through the
:class:`~curator.ui.documents.span_index.SpanIndex`) and paints, for each,

* a translucent background in its tag's colour (overlaps blend, so two labels on one word show
  both colours mixed), or today's yellow for unlabelled evidence;
* an underline in the tag's colour, stacked by the span's nesting depth (depth 0 just under the
  baseline, each deeper level a few pixels lower), so nested and overlapping labels stay apart;
* a stronger colour and an outline for the selected event's evidence, and an outline in its
  colour for the selected highlight.

Offsets are converted only with :class:`~curator.core.offsets.QtTextMap`.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Optional

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QPlainTextEdit

from curator.core.offsets import QtTextMap
from curator.core.records import TagInfo
from curator.ui.documents.span_index import SpanIndex

SPAN_COLOUR = QColor("#fbe7a1")  # unlabelled evidence
SELECTED_SPAN_COLOUR = QColor("#f5a742")  # the selected event's evidence
SELECTED_OUTLINE = QColor("#b86200")
BACKGROUND_ALPHA = 60  # of 255: a label's tint, light enough for overlaps to blend legibly
UNDERLINE_WIDTH = 2.0
UNDERLINE_STEP = 3.0  # pixels between stacked underlines
MAX_DRAWN_DEPTH = 3  # deeper levels share the lowest drawn line (the tooltip lists them all)


class VisibleBlock:
    """A block in view: its Qt range and its laid-out lines, each as (start, end, x origin,
    top, height, baseline, QTextLine) with start/end in block terms and the rest in viewport
    coordinates."""

    __slots__ = ("position", "length", "line_starts", "lines")

    def __init__(self, position: int, length: int, origin: QPointF, layout):
        self.position, self.length = position, length
        ox, oy = origin.x(), origin.y()
        self.lines = []
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            start = line.textStart()
            top = oy + line.y()
            self.lines.append((start, start + line.textLength(), ox, top, line.height(),
                               top + line.ascent(), line))
        self.line_starts = [line[0] for line in self.lines]


class HighlightLayer:
    """The drawable spans of the shown document and how to paint the visible ones."""

    def __init__(self):
        self.qt_map: Optional[QtTextMap] = None
        self.index = SpanIndex()
        self.tags: dict[int, TagInfo] = {}
        self.colours: dict[int, QColor] = {}
        self.selected_event_id: Optional[int] = None
        self.selected_span_id: Optional[int] = None
        self.last_visible_range: tuple[int, int] = (0, 0)  # code points, for tests and benchmarks
        self.last_painted: int = 0  # spans painted by the last repaint
        # the last visible items and what they were laid out for: a repaint that only changes
        # the selection's colours (selecting an event) reuses them
        self._items_for: Optional[tuple] = None
        self._items: list = []

    # ------------------------------------------------------------------ data
    def set_document(self, qt_map: Optional[QtTextMap], index: SpanIndex) -> None:
        self.qt_map = qt_map
        self.index = index

    def set_tags(self, tags: list[TagInfo]) -> None:
        self.tags = {t.id: t for t in tags}
        self.colours = {t.id: QColor(t.color) for t in tags}

    def span_ids_at(self, offset: int) -> list[int]:
        """Ids of the drawn spans containing code point ``offset``, outermost first."""
        return [self.index.span_id(i) for i in self.index.at(offset)]

    # ------------------------------------------------------------------ geometry
    @staticmethod
    def visible_blocks(view: QPlainTextEdit, clip: QRectF) -> list[VisibleBlock]:
        """The blocks intersecting ``clip`` (viewport coordinates), with their laid-out lines."""
        blocks: list[VisibleBlock] = []
        offset = view.contentOffset()
        block = view.firstVisibleBlock()
        bottom, top = clip.bottom(), clip.top()
        while block.isValid():
            geometry = view.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            if block.isVisible() and geometry.bottom() >= top:
                layout = block.layout()
                blocks.append(VisibleBlock(block.position(), block.length() - 1,
                                           geometry.topLeft() + layout.position(), layout))
            block = block.next()
        return blocks

    def visible_range(self, blocks: list[VisibleBlock]) -> tuple[int, int]:
        """The code-point range the visible blocks hold."""
        if not blocks or self.qt_map is None:
            return 0, 0
        last = blocks[-1]
        return self.qt_map.span_from_qt(blocks[0].position, last.position + last.length + 1)

    @staticmethod
    def range_rects(blocks: list[VisibleBlock], block_starts: list[int], qt_start: int,
                    qt_end: int) -> list[tuple[QRectF, float]]:
        """(rectangle, baseline y) per visual line the Qt range ``[qt_start, qt_end)`` covers in
        the visible blocks (``block_starts``: their positions). Right-to-left runs give the
        span between the two edges' x."""
        out = []
        first = max(bisect_right(block_starts, qt_start) - 1, 0)
        for block in blocks[first:]:
            position = block.position
            if position >= qt_end:
                break
            if qt_start > position + block.length:
                continue
            a = max(qt_start - position, 0)
            b = min(qt_end - position, block.length)
            lines = block.lines
            for k in range(max(bisect_right(block.line_starts, a) - 1, 0), len(lines)):
                line_start, line_end, ox, top, height, baseline, line = lines[k]
                if line_start >= b:
                    break
                if a >= line_end:
                    continue
                x1 = line.cursorToX(a if a > line_start else line_start)[0]
                x2 = line.cursorToX(b if b < line_end else line_end)[0]
                if x2 < x1:
                    x1, x2 = x2, x1
                if x2 - x1 >= 1:
                    out.append((QRectF(ox + x1, top, x2 - x1, height), baseline))
        return out

    # ------------------------------------------------------------------ painting
    def visible_items(self, view: QPlainTextEdit, clip: QRectF):
        """(span id, tag id, event ids, depth, [(rect, baseline)]) for every drawn span in
        view, outermost first."""
        if self.qt_map is None or not len(self.index):
            self.last_visible_range, self.last_painted = (0, 0), 0
            return []
        offset, document = view.contentOffset(), view.document()
        laid_out_for = (self.index, self.qt_map, document.revision(), view.firstVisibleBlock().blockNumber(),
                        offset.x(), offset.y(), clip.x(), clip.y(), clip.width(), clip.height(),
                        view.viewport().width(), document.lineCount(), view.font().key())
        cached = self._items_for
        if cached is not None and cached[0] is laid_out_for[0] and cached[1] is laid_out_for[1] \
                and cached[2:] == laid_out_for[2:]:
            return self._items
        items = self._lay_out(view, clip)
        self._items_for, self._items = laid_out_for, items
        return items

    def _lay_out(self, view: QPlainTextEdit, clip: QRectF):
        blocks = self.visible_blocks(view, clip)
        start, end = self.visible_range(blocks)
        self.last_visible_range = (start, end)
        block_starts = [b.position for b in blocks]
        items = []
        to_qt = self.qt_map.to_qt
        index = self.index
        depths = index.depths
        hits = index.overlapping_indices(start, end)
        starts, ends = index.starts[hits].tolist(), index.ends[hits].tolist()
        for i, span_start, span_end in zip(hits.tolist(), starts, ends):
            rects = self.range_rects(blocks, block_starts, to_qt(max(span_start, start)),
                                     to_qt(min(span_end, end)))
            if rects:
                items.append((index.span_id(i), index.tag_id(i), index.event_ids(i), depths[i], rects))
        self.last_painted = len(items)
        return items

    def paint_backgrounds(self, painter: QPainter, items) -> None:
        """Under the text: tints (blended), the yellow of unlabelled evidence, the selected
        event's evidence in its strong colour. One drawRects call per colour."""
        selected_event = self.selected_event_id
        by_colour: dict = {}
        for _, tag_id, event_ids, _, rects in items:
            if selected_event is not None and selected_event in event_ids:
                key = "selected"
            elif tag_id is not None and tag_id in self.colours:
                key = tag_id
            else:
                key = "evidence"
            by_colour.setdefault(key, []).extend(rect for rect, _ in rects)
        painter.setPen(Qt.NoPen)
        for key, rects in by_colour.items():
            if key == "selected":
                colour = QColor(SELECTED_SPAN_COLOUR)
                colour.setAlpha(160)  # labels inside still show through
            elif key == "evidence":
                colour = SPAN_COLOUR
            else:
                colour = QColor(self.colours[key])
                colour.setAlpha(BACKGROUND_ALPHA)
            painter.setBrush(colour)
            painter.drawRects(rects)

    def paint_marks(self, painter: QPainter, items) -> None:
        """Over the text: stacked underlines in the tags' colours (one drawLines call per
        colour) and the selection outlines."""
        selected_event, selected_span = self.selected_event_id, self.selected_span_id
        lines: dict[int, list[QLineF]] = {}
        outlines = []
        for span_id, tag_id, event_ids, depth, rects in items:
            if tag_id is not None and tag_id in self.colours:
                drop = 1.5 + UNDERLINE_STEP * (depth if depth < MAX_DRAWN_DEPTH else MAX_DRAWN_DEPTH)
                bucket = lines.setdefault(tag_id, [])
                for rect, baseline in rects:
                    y = baseline + drop
                    bucket.append(QLineF(rect.left(), y, rect.right(), y))
            if span_id == selected_span:
                colour = self.colours.get(tag_id)
                edge = colour.darker(140) if colour is not None else SELECTED_OUTLINE
                outlines.append((QPen(edge, 2), rects))
            elif selected_event is not None and selected_event in event_ids:
                outlines.append((QPen(SELECTED_OUTLINE, 1.2), rects))
        for tag_id, bucket in lines.items():
            pen = QPen(self.colours[tag_id], UNDERLINE_WIDTH)
            pen.setCapStyle(Qt.FlatCap)
            painter.setPen(pen)
            painter.drawLines(bucket)
        painter.setBrush(Qt.NoBrush)
        for pen, rects in outlines:  # one contour around the span's lines, not a box per line
            path = QPainterPath()
            for rect, _ in rects:
                path.addRect(rect.adjusted(0.5, 0.5, -0.5, 0.5))
            painter.setPen(pen)
            painter.drawPath(path.simplified())
