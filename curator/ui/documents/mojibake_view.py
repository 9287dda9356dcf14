"""The before/after view of a mojibake repair in the Add documents dialog: each changed line
twice, the repaired places marked."""

from __future__ import annotations

import html
from difflib import SequenceMatcher

from PySide6.QtWidgets import QTextBrowser

from curator.ingest.mojibake import MojibakeReport

SHOWN_LINES = 200
_BEFORE, _AFTER = "#fbe3e3", "#dff3e0"


def _marked(text: str, other: str, colour: str) -> str:
    """``text`` as HTML with the parts that differ from ``other`` on a ``colour`` background."""
    out = []
    for tag, i1, i2, _j1, _j2 in SequenceMatcher(None, text, other, autojunk=False).get_opcodes():
        part = text[i1:i2]
        if tag == "equal":
            out.append(html.escape(part))
        elif part:
            out.append(f'<span style="background:{colour}; font-weight:600">{html.escape(part)}</span>')
    return "".join(out)


def mojibake_html(report: MojibakeReport, limit: int = SHOWN_LINES) -> str:
    lines = report.changed_lines(limit)
    rows = []
    for number, before, after in lines:
        rows.append(f'<tr><td style="color:#777; padding-right:8px" rowspan="2">{number}</td>'
                    f'<td style="color:#a33">before</td><td>{_marked(before, after, _BEFORE)}</td></tr>'
                    f'<tr><td style="color:#2a7a2a">after</td><td>{_marked(after, before, _AFTER)}</td></tr>')
    more = len({f.line for f in report.fixes}) - len(lines)
    tail = f"<p style='color:#777'>… and {more} more lines</p>" if more > 0 else ""
    return ("<table cellspacing='0' cellpadding='2' style='font-family: monospace'>"
            + "".join(rows) + "</table>" + tail)


class MojibakeView(QTextBrowser):
    def show_report(self, report: MojibakeReport | None) -> None:
        self.setHtml(mojibake_html(report) if report is not None else "")
