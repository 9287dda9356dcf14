"""`curator claims PROJECT` on the demo: confirming, rejecting and unlinking the judged pairs of
tests/data/claims/demo_pairs.json, the JSON of the happenings read back by the stdlib, the
database read by sqlite3 itself, refusals in one line with exit 2 and the file untouched."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from curator.cli import main

PAIRS = json.loads((Path(__file__).parent / "data" / "claims" / "demo_pairs.json").read_text(encoding="utf-8"))


@pytest.fixture
def demo(tmp_path, capsys):
    path = tmp_path / "demo.curator"
    assert main(["new", str(path), "--demo"]) == 0
    capsys.readouterr()
    return path


def _ids(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT title, id FROM event WHERE deleted_at IS NULL"))


def _links(path: Path) -> dict[frozenset, tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return {frozenset((a, b)): (status, note) for a, b, status, note in conn.execute(
            "SELECT event_a_id, event_b_id, status, note FROM claim_link WHERE deleted_at IS NULL")}


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main(["claims", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_confirm_reject_and_the_happenings_json(demo, capsys):
    ids = _ids(demo)
    same = [(ids[p["a"]["title"]], ids[p["b"]["title"]]) for p in PAIRS["same"]]
    wrong = PAIRS["not_same"][0]
    wrong_pair = (ids[wrong["a"]["title"]], ids[wrong["b"]["title"]])
    code, out, _ = _run(capsys, demo)
    assert code == 0 and json.loads(out) == {"count": 0, "rejected": [], "happenings": []}
    code, out, _ = _run(capsys, demo, "--candidates", "--limit", "0")
    before = {frozenset((c["a"]["id"], c["b"]["id"])) for c in json.loads(out)["candidates"]}
    assert {frozenset(p) for p in same} <= before
    # the prison's three reports (three judged pairs) and Sheikh Najjar
    prison = [p for p in same if len({*p} & {*same[0]}) > 0][:2]
    for a, b in prison:
        code, out, _ = _run(capsys, demo, "--confirm", a, b, "--note", "the same day")
        assert code == 0 and json.loads(out)["after"]["status"] == "same"
    najjar = next(p for p, j in zip(same, PAIRS["same"]) if "Najjar" in j["a"]["title"])
    with sqlite3.connect(demo) as conn:
        uid_a = conn.execute("SELECT uid FROM event WHERE id = ?", (najjar[0],)).fetchone()[0]
    code, out, _ = _run(capsys, demo, "--confirm", uid_a, najjar[1])  # a uid works as well as an id
    assert code == 0 and json.loads(out)["before"] is None
    code, out, _ = _run(capsys, demo, "--reject", *wrong_pair, "--note", "another week")
    assert code == 0 and json.loads(out)["after"]["status"] == "different"
    links = _links(demo)
    assert links[frozenset(prison[0])] == ("same", "the same day")
    assert links[frozenset(najjar)] == ("same", "")
    assert links[frozenset(wrong_pair)] == ("different", "another week")
    assert len(links) == 4
    code, out, _ = _run(capsys, demo)
    report = json.loads(out)  # streamed item by item: the stdlib reads it whole
    assert code == 0 and report["count"] == 2 == len(report["happenings"])
    groups = [sorted(r["id"] for r in h["reports"]) for h in report["happenings"]]
    assert sorted({*prison[0], *prison[1]}) in groups and sorted(najjar) in groups
    assert report["rejected"][0]["note"] == "another week"
    assert {report["rejected"][0]["a"]["id"], report["rejected"][0]["b"]["id"]} == set(wrong_pair)
    sheikh = next(h for h in report["happenings"] if sorted(r["id"] for r in h["reports"]) == sorted(najjar))
    assert "date" in sheikh["differing"]  # 3 July / 4 July
    assert sheikh["earliest"] == "2014-07-03" and sheikh["latest"] == "2014-07-04"
    assert all(r["marks"]["date"] for r in sheikh["reports"])
    assert all(r["evidence"] and r["evidence"][0]["quote"] for r in sheikh["reports"])
    # the decided pairs leave the candidates, the others stay
    code, out, _ = _run(capsys, demo, "--candidates", "--limit", "0")
    after = {frozenset((c["a"]["id"], c["b"]["id"])) for c in json.loads(out)["candidates"]}
    assert after == before - set(links)
    # unlinking brings the pair back
    code, out, _ = _run(capsys, demo, "--unlink", *najjar)
    assert code == 0 and json.loads(out)["after"] is None and json.loads(out)["before"]["status"] == "same"
    assert frozenset(najjar) not in _links(demo)
    code, out, _ = _run(capsys, demo, "--candidates", "--limit", "0")
    assert frozenset(najjar) in {frozenset((c["a"]["id"], c["b"]["id"])) for c in json.loads(out)["candidates"]}


def test_refusals_are_one_line_exit_2_and_change_nothing(demo, capsys):
    ids = _ids(demo)
    p = PAIRS["same"][0]
    a, b = ids[p["a"]["title"]], ids[p["b"]["title"]]
    assert _run(capsys, demo, "--confirm", a, b)[0] == 0
    third = next(ids[q["b"]["title"]] for q in PAIRS["same"][1:] if ids[q["a"]["title"]] == a)
    assert _run(capsys, demo, "--confirm", b, third)[0] == 0  # a, b, third: one happening
    digest = hashlib.sha256(demo.read_bytes()).hexdigest()
    for args, words in ((["--reject", a, third], "unlink"),  # already one happening through b
                        (["--confirm", a, "no-such-uid"], "no-such-uid"),
                        (["--confirm", a, 99999], "99999"),
                        (["--confirm", a, a], "itself"),
                        (["--unlink", a, max(ids.values())], "not linked"),
                        (["--unlink", a, b, "--note", "x"], "--note"),
                        (["--confirm", a, b, "--reject", a, b], "one of")):
        code, out, err = _run(capsys, demo, *args)
        assert code == 2 and out == "" and err.count("\n") == 1 and words in err, (args, err)
        assert "Traceback" not in err
    assert hashlib.sha256(demo.read_bytes()).hexdigest() == digest
