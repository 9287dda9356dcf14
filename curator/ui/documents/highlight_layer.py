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

from dataclasses import dataclass, field
from typing import Optional

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QPlainTextEdit

from curator.core.offsets import QtTextMap
from curator.core.records import SpanInfo, TagInfo
from curator.ui.documents.span_index import SpanIndex

SPAN_COLOUR = QColor("#fbe7a1")  # unlabelled evidence
SELECTED_SPAN_COLOUR = QColor("#f5a742")  # the selected event's evidence
SELECTED_OUTLINE = QColor("#b86200")
BACKGROUND_ALPHA = 60  # of 255: a label's tint, light enough for overlaps to blend legibly
UNDERLINE_WIDTH = 1.6
UNDERLINE_STEP = 2.5  # pixels between stacked underlines
MAX_DRAWN_DEPTH = 3  # deeper levels share the lowest drawn line (the tooltip lists them all)


def drawn(span: SpanInfo) -> bool:
    """Spans the view draws: labelled highlights and evidence of live events."""
    return span.tag_id is not None or bool(span.event_ids)


@dataclass
class VisibleBlock:
    """A block in view: its Qt range and its lines as (start, length, QTextLine) in block terms."""
    position: int
    length: int  # without the block separator
    origin: QPointF  # top-left of the block layout in viewport coordinates
    lines: list = field(default_factory=list)


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

    # ------------------------------------------------------------------ data
    def set_document(self, qt_map: Optional[QtTextMap], spans: list[SpanInfo]) -> None:
        self.qt_map = qt_map
        self.set_spans(spans)

    def set_spans(self, spans: list[SpanInfo]) -> None:
        self.index = SpanIndex([s for s in spans if drawn(s)])

    def set_tags(self, tags: list[TagInfo]) -> None:
        self.tags = {t.id: t for t in tags}
        self.colours = {t.id: QColor(t.color) for t in tags}

    def spans_at(self, offset: int) -> list[SpanInfo]:
        return self.index.at(offset)

    # ------------------------------------------------------------------ geometry
    @staticmethod
    def visible_blocks(view: QPlainTextEdit, clip: QRectF) -> list[VisibleBlock]:
        """The blocks intersecting ``clip`` (viewport coordinates), with their laid-out lines."""
        blocks: list[VisibleBlock] = []
        offset = view.contentOffset()
        block = view.firstVisibleBlock()
        while block.isValid():
            geometry = view.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > clip.bottom():
                break
            if block.isVisible() and geometry.bottom() >= clip.top():
                layout = block.layout()
                origin = geometry.topLeft() + layout.position()
                lines = [layout.lineAt(i) for i in range(layout.lineCount())]
                blocks.append(VisibleBlock(block.position(), block.length() - 1, origin,
                                           [(ln.textStart(), ln.textLength(), ln) for ln in lines]))
            block = block.next()
        return blocks

    def visible_range(self, blocks: list[VisibleBlock]) -> tuple[int, int]:
        """The code-point range the visible blocks hold."""
        if not blocks or self.qt_map is None:
            return 0, 0
        last = blocks[-1]
        return self.qt_map.span_from_qt(blocks[0].position, last.position + last.length + 1)

    @staticmethod
    def range_rects(blocks: list[VisibleBlock], qt_start: int, qt_end: int) -> list[tuple[QRectF, float]]:
        """(rectangle, baseline y) per visual line the Qt range ``[qt_start, qt_end)`` covers in
        the visible blocks. Right-to-left runs give the span between the two edges' x."""
        out = []
        for block in blocks:
            if qt_end <= block.position or qt_start > block.position + block.length:
                continue
            a = max(qt_start, block.position) - block.position
            b = min(qt_end, block.position + block.length) - block.position
            for line_start, line_length, line in block.lines:
                line_end = line_start + line_length
                if b <= line_start or a >= line_end:
                    continue
                x1 = line.cursorToX(max(a, line_start))[0]
                x2 = line.cursorToX(min(b, line_end))[0]
                left, right = min(x1, x2), max(x1, x2)
                if right - left < 1:
                    continue
                top = block.origin.y() + line.y()
                rect = QRectF(block.origin.x() + left, top, right - left, line.height())
                out.append((rect, top + line.ascent()))
        return out

    # ------------------------------------------------------------------ painting
    def visible_items(self, view: QPlainTextEdit, clip: QRectF):
        """(span, depth, [(rect, baseline)]) for every drawn span in view, outermost first."""
        if self.qt_map is None or not len(self.index):
            self.last_visible_range, self.last_painted = (0, 0), 0
            return []
        blocks = self.visible_blocks(view, clip)
        start, end = self.visible_range(blocks)
        self.last_visible_range = (start, end)
        items = []
        to_qt = self.qt_map.to_qt
        spans, depths = self.index.spans, self.index.depths
        for i in self.index.overlapping_indices(start, end).tolist():
            span = spans[i]
            rects = self.range_rects(blocks, to_qt(max(span.start, start)), to_qt(min(span.end, end)))
            if rects:
                items.append((span, depths[i], rects))
        self.last_painted = len(items)
        return items

    def paint_backgrounds(self, painter: QPainter, items) -> None:
        """Under the text: tints (blended), the yellow of unlabelled evidence, the selected
        event's evidence in its strong colour."""
        painter.setPen(Qt.NoPen)
        selected_event = self.selected_event_id
        for span, _, rects in items:
            if selected_event is not None and selected_event in span.event_ids:
                colour = QColor(SELECTED_SPAN_COLOUR)
                colour.setAlpha(190)
            elif span.tag_id is not None and span.tag_id in self.colours:
                colour = QColor(self.colours[span.tag_id])
                colour.setAlpha(BACKGROUND_ALPHA)
            else:
                colour = SPAN_COLOUR
            for rect, _ in rects:
                painter.fillRect(rect, colour)

    def paint_marks(self, painter: QPainter, items) -> None:
        """Over the text: stacked underlines in the tags' colours and the selection outlines."""
        painter.setRenderHint(QPainter.Antialiasing, False)
        selected_event, selected_span = self.selected_event_id, self.selected_span_id
        for span, depth, rects in items:
            colour = self.colours.get(span.tag_id) if span.tag_id is not None else None
            if colour is not None:
                pen = QPen(colour, UNDERLINE_WIDTH)
                pen.setCapStyle(Qt.FlatCap)
                painter.setPen(pen)
                drop = 1.5 + UNDERLINE_STEP * min(depth, MAX_DRAWN_DEPTH)
                for rect, baseline in rects:
                    y = baseline + drop
                    painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            outline = None
            if selected_event is not None and selected_event in span.event_ids:
                outline = QPen(SELECTED_OUTLINE, 1.2)
            if span.id == selected_span:
                outline = QPen(colour.darker(140) if colour is not None else SELECTED_OUTLINE, 2)
            if outline is not None:
                painter.setPen(outline)
                painter.setBrush(Qt.NoBrush)
                for rect, _ in rects:
                    painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
