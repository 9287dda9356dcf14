"""The date engine against hand annotations. Floors only ever go up.

- dates_dev.json: every date expression in the five seed texts (the dev set);
- dates_heldout.json, dates_heldout2.json: sentences written apart from the seeds (see their
  "about" for how they were used).
"""

from pathlib import Path

from curator.temporal.scoring import score_dev_set, score_document, score_sentences

DATA = Path(__file__).parent / "data"
SEEDS = Path(__file__).parent.parent / "seeds"

DEV_F1_FLOOR = 0.98
HELDOUT_F1_FLOOR = 0.97


def test_dev_set_value_f1():
    score = score_dev_set(DATA / "dates_dev.json", SEEDS)
    assert score.annotated > 250
    assert score.f1 >= DEV_F1_FLOOR, score.summary()


def test_heldout_value_f1():
    for name in ("dates_heldout.json", "dates_heldout2.json"):
        score = score_sentences(DATA / name)
        assert score.f1 >= HELDOUT_F1_FLOOR, f"{name}: {score.summary()}"


def test_dev_set_offsets_point_at_the_annotated_text():
    import json

    data = json.loads((DATA / "dates_dev.json").read_text("utf-8"))
    for doc in data["documents"]:
        text = (SEEDS / doc["file"]).read_bytes().decode("utf-8")
        for item in doc["dates"]:
            assert text[item["start"]:item["end"]] == item["text"]
            assert item["earliest"] <= item["latest"]


def test_scoring_counts_value_and_span_matches():
    gold = [{"start": 0, "end": 10, "earliest": "2014-05-08", "latest": "2014-05-08"},
            {"start": 20, "end": 30, "earliest": "2014-06-01", "latest": "2014-06-30"}]
    found = [{"start": 3, "end": 10, "earliest": "2014-05-08", "latest": "2014-05-08"},  # hit
             {"start": 20, "end": 25, "earliest": "2014-06-01", "latest": "2014-06-02"},  # wrong value
             {"start": 40, "end": 45, "earliest": "2014-06-01", "latest": "2014-06-02"}]  # spurious
    score = score_document(found, gold)
    assert (score.value_hits, score.span_hits) == (1, 2)
    assert score.precision == 1 / 3 and score.recall == 1 / 2
    assert abs(score.f1 - 0.4) < 1e-9
    assert len(score.misses) == 1 and len(score.false_positives) == 2
