"""The headless project commands through the real `curator` entry point."""

from __future__ import annotations

import json

from curator.cli import main


def run(capsys, *argv) -> tuple[int, dict | list | None, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_new_add_stats_and_duplicates(capsys, tmp_path):
    path = str(tmp_path / "p.curator")
    a, b = tmp_path / "a.txt", tmp_path / "b.md"
    a.write_text("On 8 May 2014 the hotel was destroyed.\r\n", encoding="utf-8")
    b.write_text("---\ntitle: Notes\n---\nNothing dated here.\n", encoding="utf-8")
    assert run(capsys, "new", path)[0] == 0
    code, report, _ = run(capsys, "add", path, str(a), str(b), str(a))
    assert code == 0
    assert [d["file"] for d in report["added"]] == ["a.txt", "b.md"]
    assert report["added"][1]["title"] == "Notes"
    assert [s["file"] for s in report["skipped"]] == ["a.txt"]
    assert run(capsys, "stats", path)[1]["documents"] == 2


def test_add_lists_a_bad_file_and_adds_the_rest(capsys, tmp_path):
    """Issue 11: a file that cannot be read is refused with its reason (one line on stderr, and
    in the report); the rest are added. Nothing added at all: exit status 1."""
    path = str(tmp_path / "p.curator")
    good = tmp_path / "good.txt"
    good.write_text("fine", encoding="utf-8")
    run(capsys, "new", path)
    code, report, err = run(capsys, "add", path, str(good), str(tmp_path / "missing.txt"))
    assert code == 0 and err.startswith("curator add: refused ") and err.count("\n") == 1
    assert [r["reason"] for r in report["refused"]] == ["missing"]
    assert run(capsys, "stats", path)[1]["documents"] == 1
    code, _, err = run(capsys, "add", path, str(tmp_path / "missing.txt"))
    assert code == 1 and "missing.txt does not exist" in err
