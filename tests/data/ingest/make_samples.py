"""Write the small committed samples the frozen smoke test reads (packaging/build.sh):
tests/data/ingest/report.pdf (the three-page report of tests/ingest_samples.py) and report.docx
(a footnote and a table). Run from the repository: .venv/bin/python tests/data/ingest/make_samples.py"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

import ingest_samples as samples  # noqa: E402

if __name__ == "__main__":
    (HERE / "report.pdf").write_bytes(samples.pdf_report())
    (HERE / "report.docx").write_bytes(samples.docx_with_footnote_and_table())
    print("wrote", HERE / "report.pdf", HERE / "report.docx")
