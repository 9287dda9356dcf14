"""The event table's date range: only the events overlapping some dates (the timeline's brush),
shown as a "Dates: … ✕" chip beside the search box.

A mixin of :class:`curator.ui.events.table.EventTablePanel` (it uses its proxy, ``_refilter`` and
the ``dateRangeCleared`` signal).
"""

from __future__ import annotations

from typing import Optional

from curator.ui.events.columns import compact_interval
from curator.ui.events.filter_chip import FilterChip


class DateRangeMixin:
    def _make_date_chip(self) -> FilterChip:
        chip = FilterChip(self)
        chip.setObjectName("dateChip")
        chip.close_button.setToolTip("Show events of every date again")
        chip.closed.connect(self._on_date_chip_closed)
        chip.hide()
        return chip

    def set_date_range(self, earliest: Optional[str], latest: Optional[str]) -> None:
        """Show only events overlapping these dates (ISO days; both None: every date again),
        with a "Dates: … ✕" chip beside the search box."""
        self._refilter(lambda: self.proxy.set_date_range(earliest, latest))
        if earliest is None and latest is None:
            self.date_chip.hide()
        else:
            self.date_chip.label.setText(f"Dates: {compact_interval(earliest, latest)}")
            self.date_chip.setToolTip("The table shows the events overlapping these dates "
                                      "(brushed on the timeline); ✕ shows every date")
            self.date_chip.show()

    def date_range(self) -> tuple[Optional[str], Optional[str]]:
        return self.proxy.date_range()

    def date_range_label(self) -> str:
        """The chip's text ("" when the table shows every date)."""
        return self.date_chip.text() if self.date_chip.isVisibleTo(self) else ""

    def _on_date_chip_closed(self) -> None:
        self.set_date_range(None, None)
        self.dateRangeCleared.emit()
