"""A happening's reports side by side: one column per report (event), one row per field
(document, title, date as EDTF and as written, place, actors, figures, the evidence passage),
the rows whose field differs between the reports tinted and marked "≠ differs", the figures and
actors that one report claims and another does not in bold. Clicking a report's cell or header
selects its event in the window (:class:`~curator.ui.store.selection.EventSelection`)."""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

DIFFERS_TINT = QColor(255, 228, 196)  # a warm tint that reads on light themes
ROWS = (("document", "Document", None), ("title", "Title", None), ("date", "Date (EDTF)", "date"),
        ("written", "Date as written", "date"), ("place", "Place", "place"), ("actors", "Actors", "actors"),
        ("figures", "Figures", "figures"), ("evidence", "Evidence", None))


def _cells(report, date_text: str) -> dict[str, str]:
    e = report.event
    days = e.earliest if e.earliest == e.latest else f"{e.earliest or '?'} – {e.latest or '?'}"
    return {"document": "\n".join(title for _, title in e.documents) or "(no document)",
            "title": e.title, "date": f"{e.edtf or '(undated)'}\n{days}" if e.edtf else "(undated)",
            "written": date_text or "—", "place": e.location or "—",
            "actors": ", ".join(name for _, name in e.actors) or "—",
            "figures": ", ".join(f.text for f in report.figures) or "—",
            "evidence": "\n\n".join(f"“{p.quote}”" for p in e.evidence) or e.description or "—"}


class ReportsTable(QTableWidget):
    """``show_happening(happening, date_texts)``; ``reportClicked(event_id)``."""

    reportClicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectColumns)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setWordWrap(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.cellClicked.connect(lambda _row, column: self._clicked(column))
        self.horizontalHeader().sectionClicked.connect(self._clicked)
        self.event_ids: list[int] = []
        self.differing: tuple[str, ...] = ()

    def _clicked(self, column: int) -> None:
        if 0 <= column < len(self.event_ids):
            self.reportClicked.emit(self.event_ids[column])

    def clear_reports(self) -> None:
        self.event_ids, self.differing = [], ()
        self.clear()
        self.setRowCount(0)
        self.setColumnCount(0)

    def show_happening(self, happening, date_texts: Optional[dict] = None) -> None:
        date_texts = date_texts or {}
        reports = list(happening.reports)
        self.clear()
        self.event_ids = [r.event.id for r in reports]
        self.differing = tuple(happening.differing)
        written = {r.event.id: date_texts.get(r.event.id, "") for r in reports}
        self.setColumnCount(len(reports))
        self.setRowCount(len(ROWS))
        self.setHorizontalHeaderLabels([f"Report {i + 1}: event {r.event.id}" for i, r in enumerate(reports)])
        labels = []
        for row, (key, label, field) in enumerate(ROWS):
            differs = field is not None and field in self.differing
            labels.append(f"{label}  ≠ differs" if differs else label)
            for column, report in enumerate(reports):
                item = QTableWidgetItem(_cells(report, written[report.event.id])[key])
                item.setData(Qt.UserRole, report.event.id)
                item.setTextAlignment(Qt.AlignLeft | Qt.AlignTop)
                if differs:
                    item.setBackground(QBrush(DIFFERS_TINT))
                    item.setToolTip(self._why(field, report))
                if key in ("figures", "actors") and report.marks.get(key):
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.setItem(row, column, item)
        self.setVerticalHeaderLabels(labels)
        for row, (key, _label, field) in enumerate(ROWS):
            if field is not None and field in self.differing:
                header = self.verticalHeaderItem(row)
                header.setBackground(QBrush(DIFFERS_TINT))
                font = QFont(header.font())
                font.setBold(True)
                header.setFont(font)

    @staticmethod
    def _why(field: str, report) -> str:
        marks = report.marks
        if field == "actors":
            parts = []
            if marks.get("actors"):
                parts.append("only this report names: " + ", ".join(marks["actors"]))
            if marks.get("missing_actors"):
                parts.append("others also name: " + ", ".join(marks["missing_actors"]))
            return "; ".join(parts) or "the reports name different actors"
        if field == "figures":
            return ("figures no other report gives: " + ", ".join(marks["figures"])) if marks.get("figures") \
                else "the reports give different figures"
        return f"the reports give different {'dates' if field == 'date' else 'places'}"

    def row_differs(self, key: str) -> bool:
        """Whether the row of ``key`` (a ROWS key) is marked as differing."""
        field = next(f for k, _l, f in ROWS if k == key)
        return field is not None and field in self.differing
