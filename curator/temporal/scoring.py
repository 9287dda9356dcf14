"""Score found dates against hand annotations: value precision, recall and F1.

A found date matches an annotated one when their spans overlap and they name the same interval
(identical earliest and latest); each annotation can be matched once. The span-only figures
(overlap, any interval) tell finding errors from normalisation errors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Mapping, Optional

from curator.temporal.finder import find_dates


@dataclass
class Score:
    """Counts over one or many documents, and the misses for reading."""

    found: int = 0
    annotated: int = 0
    value_hits: int = 0
    span_hits: int = 0
    false_positives: list = field(default_factory=list)
    misses: list = field(default_factory=list)

    @staticmethod
    def _f(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def precision(self) -> float:
        return self.value_hits / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.value_hits / self.annotated if self.annotated else 0.0

    @property
    def f1(self) -> float:
        return self._f(self.precision, self.recall)

    @property
    def span_f1(self) -> float:
        p = self.span_hits / self.found if self.found else 0.0
        r = self.span_hits / self.annotated if self.annotated else 0.0
        return self._f(p, r)

    def add(self, other: "Score") -> None:
        self.found += other.found
        self.annotated += other.annotated
        self.value_hits += other.value_hits
        self.span_hits += other.span_hits
        self.false_positives += other.false_positives
        self.misses += other.misses

    def summary(self) -> str:
        return (f"value P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
                f"(span F1={self.span_f1:.3f}; {self.found} found, {self.annotated} annotated)")


def _overlaps(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def score_document(found: Iterable[dict], gold: Iterable[dict]) -> Score:
    """Compare found dates with annotations (both dicts with start, end, earliest, latest)."""
    found, gold = list(found), list(gold)
    score = Score(found=len(found), annotated=len(gold))
    value_used: set[int] = set()
    span_used: set[int] = set()
    for item in found:
        value_match = next((i for i, g in enumerate(gold) if i not in value_used
                            and _overlaps(item, g) and (g["earliest"], g["latest"])
                            == (item["earliest"], item["latest"])), None)
        if value_match is not None:
            value_used.add(value_match)
            score.value_hits += 1
        else:
            score.false_positives.append(item)
        span_match = next((i for i, g in enumerate(gold) if i not in span_used
                           and _overlaps(item, g)), None)
        if span_match is not None:
            span_used.add(span_match)
            score.span_hits += 1
    score.misses = [g for i, g in enumerate(gold) if i not in value_used]
    return score


def score_text(text: str, gold: Iterable[dict], anchor: Optional[date] = None) -> Score:
    return score_document([m.as_dict() for m in find_dates(text, anchor)], gold)


def score_dev_documents(path: Path, seeds: Path,
                        anchors: Mapping[str, Optional[date]]) -> dict[str, Score]:
    """Score the engine on a dev set file (see tests/data/dates_dev.json) over the seed texts,
    per document (by file name, in the file's order). Each text is read against
    ``anchors[file]``: the anchor Curator itself has for it (for the seeds,
    :func:`curator.demo.demo_anchors`: what ``curator new --demo`` stores), never the day the
    annotator read it against (the file's ``annotated_against``)."""
    data = json.loads(Path(path).read_text("utf-8"))
    scores = {}
    for doc in data["documents"]:
        text = (Path(seeds) / doc["file"]).read_bytes().decode("utf-8")
        scores[doc["file"]] = score_text(text, doc["dates"], anchors.get(doc["file"]))
    return scores


def score_dev_set(path: Path, seeds: Path, anchors: Mapping[str, Optional[date]]) -> Score:
    """:func:`score_dev_documents` summed over the documents."""
    total = Score()
    for score in score_dev_documents(path, seeds, anchors).values():
        total.add(score)
    return total


def score_sentences(path: Path) -> Score:
    """Score a file of sentences with annotations given by quoted text (tests/data/dates_heldout.json)."""
    data = json.loads(Path(path).read_text("utf-8"))
    total = Score()
    for case in data["cases"]:
        text = case["text"]
        anchor = date.fromisoformat(case["anchor"]) if case.get("anchor") else None
        gold, position = [], 0
        for expression, earliest, latest in case["dates"]:
            start = text.index(expression, position)
            position = start + len(expression)
            gold.append({"start": start, "end": position, "text": expression,
                         "earliest": earliest, "latest": latest})
        total.add(score_text(text, gold, anchor))
    return total
