"""Candidate claims on the demo: the finder proposes every pair of events that the seed texts
report twice, as judged by hand in tests/data/claims/demo_pairs.json (the oracle: each pair's
quotes are checked against the seed texts themselves), and its precision is reported."""

import json
from pathlib import Path

import pytest

from curator.core.claims import project_candidates
from curator.demo import create_demo, load_manifest
from curator.paths import seeds_dir

PAIRS = json.loads((Path(__file__).parent / "data" / "claims" / "demo_pairs.json").read_text(encoding="utf-8"))


def _key(pair) -> frozenset:
    return frozenset((pair["a"]["title"], pair["b"]["title"]))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    project = create_demo(tmp_path_factory.mktemp("claims") / "demo.curator")
    yield project
    project.close()


def test_the_expected_pairs_quote_the_seed_texts_and_name_demo_events():
    manifest = load_manifest()
    events = {e["title"]: e for e in manifest["events"]}
    assert len(events) == len(manifest["events"]), "the demo's titles name its events"
    assert len(PAIRS["same"]) >= 5
    for pair in PAIRS["same"] + PAIRS["not_same"]:
        for side in (pair["a"], pair["b"]):
            event = events[side["title"]]
            assert event["file"] == side["document"] and event["quote"] == side["quote"]
            assert side["quote"] in (seeds_dir() / side["document"]).read_text(encoding="utf-8")
        assert pair["a"]["document"] != pair["b"]["document"]
        assert pair["why"].strip()
    assert not {_key(p) for p in PAIRS["same"]} & {_key(p) for p in PAIRS["not_same"]}


def test_every_real_pair_is_proposed_and_precision_is_reported(demo, capsys):
    proposed = project_candidates(demo)
    keys = [frozenset((c.a.title, c.b.title)) for c in proposed]
    assert len(keys) == len(set(keys))
    real = {_key(p) for p in PAIRS["same"]}
    missed = real - set(keys)
    assert not missed, f"real pairs not proposed: {sorted(map(sorted, missed))}"
    true = sum(k in real for k in keys)
    judged_not = sum(k in {_key(p) for p in PAIRS["not_same"]} for k in keys)
    with capsys.disabled():
        print(f"\nclaims on the demo: {len(keys)} proposed, {true} real of {len(real)} "
              f"(recall {true / len(real):.0%}, precision {true / len(keys):.0%}); "
              f"{judged_not} judged not the same, {len(keys) - true - judged_not} not judged")
    assert true == len(real)
    # every proposal was judged by hand: the expected set is the whole truth about them
    assert len(keys) - true - judged_not == 0
    # the real pairs rank first more often than not: the best proposal is real
    assert keys[0] in real


def test_a_demo_pair_reports_its_reasons_and_differences(demo):
    by_titles = {frozenset((c.a.title, c.b.title)): c for c in project_candidates(demo)}
    najjar = by_titles[frozenset(("Government forces capture the Sheikh Najjar industrial district",
                                  "Army takes the Sheykh Najjar industrial area"))]
    assert "same place: Sheikh Najjar" in najjar.reasons and "shared actors: Syrian Army" in najjar.reasons
    assert any(r.startswith("dates 1 day apart: 2014-07-0") for r in najjar.reasons)
    assert najjar.differences["date"]["days_apart"] == 1 and not najjar.differences["date"]["overlap"]
    assert "place" not in najjar.differences and "actors" not in najjar.differences
    prison = by_titles[frozenset(("Nusra and Ahrar ash-Sham announce an assault on the Central Prison",
                                  "Rebels storm Aleppo Central Prison"))]
    assert prison.differences["date"]["days_apart"] == 4
    assert "actors" not in prison.differences  # both name al-Nusra and Ahrar ash-Sham
    castello = by_titles[frozenset(("Castello Road cut: East Aleppo encircled",
                                    "Assad's forces choke off the last supply road into rebel-held Aleppo"))]
    assert any(r.startswith("dates overlap: 2016-07-01–2016-07-31 / 2016-07-01–2016-07-31") for r in castello.reasons)
    only = castello.differences["actors"]
    assert only["shared"] == ["Syrian Army"] and {*only["only_a"], *only["only_b"]} == {"Russia"}
    for candidate in by_titles.values():
        assert {d for _, d in candidate.a.documents}.isdisjoint({d for _, d in candidate.b.documents})
        assert json.loads(json.dumps(candidate.as_dict())) == candidate.as_dict()


def test_curator_claims_candidates_prints_the_pairs_and_changes_nothing(capsys, tmp_path):
    import hashlib

    from curator.cli import main

    path = tmp_path / "demo.curator"
    assert main(["new", str(path), "--demo"]) == 0
    capsys.readouterr()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert main(["claims", str(path), "--candidates"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["events"] == len(load_manifest()["events"]) and out["threshold"] == 0.35
    proposed = {frozenset((c["a"]["title"], c["b"]["title"])) for c in out["candidates"]}
    assert {_key(p) for p in PAIRS["same"]} <= proposed
    first = out["candidates"][0]
    assert first["reasons"] and set(first["signals"]) == {"date", "place", "actors", "title"}
    assert first["a"]["documents"] != first["b"]["documents"] and first["a"]["text"]
    assert out["proposed"] == out["shown"] == len(out["candidates"]) and out["per_event"] == 5
    assert main(["claims", str(path), "--candidates", "--limit", "3"]) == 0
    first3 = json.loads(capsys.readouterr().out)  # written item by item: the stdlib reads it whole
    assert first3["shown"] == 3 and first3["proposed"] == out["proposed"]
    assert first3["candidates"] == out["candidates"][:3]
    assert main(["claims", str(path), "--candidates", "--per-event", "0", "--limit", "0"]) == 0
    every = json.loads(capsys.readouterr().out)
    assert every["per_event"] is None and every["proposed"] >= out["proposed"]
    assert main(["claims", str(path), "--candidates", "--threshold", "1"]) == 0
    text = capsys.readouterr().out
    assert json.loads(text)["candidates"] == [] and text.endswith('"candidates": []\n}\n')
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    for bad in (["--slack", "-1"], ["--limit", "-1"], ["--limit", "many"], ["--per-event", "1001"]):
        with pytest.raises(SystemExit) as refused:
            main(["claims", str(path), "--candidates", *bad])
        err = capsys.readouterr().err
        assert refused.value.code == 2 and err.count("\n") == 1 and bad[0] in err
