"""Rebuild tests/data/dates_dev.json from the hand annotations in tests/data/dates_dev/*.txt.

Each annotation file lists, in text order, one date expression per line as
``text|earliest|latest``; this script finds each one in the seed text after the previous one
and writes its code-point offsets. Run: ``python tests/data/dates_dev_build.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# The day each text was annotated against: what the annotator took the document's date to be,
# reading the whole text (004's comes from "vetoed ... on Monday" = 5 Dec 2016 and world
# knowledge, not from anything Curator can read). Kept as a record of how the annotations were
# made; the score never uses it: it reads each text against the anchor Curator itself has for
# it (curator.demo.demo_anchors: the manifest's date, else the one inferred from the text).
ANCHORS = {
    "000_cfb31c8ab9edc2e2.txt": None,  # undated report; cites pages accessed March 2016
    "001_918f65e654503abb.txt": None,  # undated encyclopedia article
    "002_ff60e151c307b384.txt": "2016-11-30",  # byline "Nov 30, 2016"
    "003_d233ac24bfec66b8.txt": None,  # undated encyclopedia article
    "004_eb8c7ddf6d12c046.txt": "2016-12-07",  # "vetoed ... on Monday" (5 Dec 2016), "on Wednesday morning"
}


def build() -> dict:
    documents = []
    for name, anchor in ANCHORS.items():
        text = (ROOT / "seeds" / name).read_bytes().decode("utf-8")
        spans, position = [], 0
        for line in (HERE / "dates_dev" / (name[:3] + ".txt")).read_text("utf-8").splitlines():
            if not line.strip():
                continue
            expression, earliest, latest = line.split("|")
            start = text.find(expression, position)
            if start < 0:
                sys.exit(f"{name}: '{expression}' not found after offset {position}")
            position = start + len(expression)
            spans.append({"start": start, "end": position, "text": expression,
                          "earliest": earliest, "latest": latest})
        documents.append({"file": name, "annotated_against": anchor, "dates": spans})
    return {"about": "Hand-annotated date expressions of the five seed texts (the dev set). "
                     "annotated_against: the document date the annotator read the text against "
                     "(a record of the annotation; scores use Curator's own anchors).",
            "documents": documents}


if __name__ == "__main__":
    out = HERE / "dates_dev.json"
    out.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"wrote {out}")
