"""Print the date engine's dev-set figures, per seed text, with the anchor each is read against.

The anchor is the one Curator itself has for the text: the date ``curator new --demo`` stores
(the manifest's publication date, else the date inferred from the text; see
``curator.demo.demo_documents``). For comparison the script also scores each text against the
day its annotator read it against (``annotated_against`` in tests/data/dates_dev.json), which
the product does not know for 004.

Run: ``python benchmarks/score_dates.py`` (prints a Markdown table, then the held-out sets).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from curator.demo import demo_documents  # noqa: E402
from curator.temporal import anchor_day  # noqa: E402
from curator.temporal.scoring import Score, score_dev_documents, score_sentences  # noqa: E402

DATA = ROOT / "tests" / "data"
SEEDS = ROOT / "seeds"


def main() -> None:
    documents = demo_documents(SEEDS)
    anchors = {record["filename"]: anchor_day(record["published"]) for record, _ in documents}
    how = {record["filename"]: dated for record, dated in documents}
    dev = DATA / "dates_dev.json"
    annotated = {d["file"]: (date.fromisoformat(d["annotated_against"]) if d["annotated_against"] else None)
                 for d in json.loads(dev.read_text("utf-8"))["documents"]}
    product = score_dev_documents(dev, SEEDS, anchors)
    by_annotator = score_dev_documents(dev, SEEDS, annotated)
    print("| text | anchor used | where it came from | expressions | P | R | F1 | F1 with the annotator's anchor |")
    print("|---|---|---|---|---|---|---|---|")
    total, total_annotator = Score(), Score()
    for name, score in product.items():
        dated = how[name]
        if dated.evidence is not None:
            source = f"inferred: {dated.evidence.reason}"
        elif dated.published:
            source = "the manifest"
        else:
            source = "none: the text names no date of its own"
        anchor = anchors[name].isoformat() if anchors[name] else "none"
        other = by_annotator[name]
        print(f"| {name[:3]} | {anchor} | {source} | {score.annotated} | {score.precision:.3f} | "
              f"{score.recall:.3f} | {score.f1:.3f} | {other.f1:.3f} ({annotated[name] or 'none'}) |")
        total.add(score)
        total_annotator.add(other)
    print(f"| all | | | {total.annotated} | {total.precision:.3f} | {total.recall:.3f} | "
          f"**{total.f1:.3f}** | {total_annotator.f1:.3f} |")
    for name in ("dates_heldout.json", "dates_heldout2.json"):
        print(f"{name}: {score_sentences(DATA / name).summary()}")


if __name__ == "__main__":
    main()
