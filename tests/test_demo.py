"""The demo project: the bundled seeds and their manifest (seeds/manifest.json) become a project
whose documents, actors and worked example events are exactly what the manifest says."""

from __future__ import annotations

import calendar
import json
import re
import subprocess
import sys
from datetime import date

import pytest

from curator.demo import create_demo, load_manifest
from curator.ingest.reader import decode
from curator.paths import seeds_dir

MANIFEST = load_manifest()
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


def seed_text(filename: str) -> str:
    """A seed's text exactly as the demo imports it."""
    return decode((seeds_dir() / filename).read_bytes(), filename)[0]


def edtf_bounds(edtf: str) -> tuple[date, date]:
    """First and last day of the plain EDTF forms the manifest uses: day, month, year, and
    intervals between them."""
    def one(part: str) -> tuple[date, date]:
        if _DAY.match(part):
            day = date.fromisoformat(part)
            return day, day
        if _MONTH.match(part):
            year, month = map(int, part.split("-"))
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if _YEAR.match(part):
            return date(int(part), 1, 1), date(int(part), 12, 31)
        raise ValueError(f"unexpected EDTF form {part!r}")

    first, _, last = edtf.partition("/")
    return one(first)[0], one(last or first)[1]


# ------------------------------------------------------------------ the manifest itself
def test_manifest_lists_every_seed_in_file_order():
    files = sorted(p.name for p in seeds_dir().glob("*.txt"))
    assert [d["file"] for d in MANIFEST["documents"]] == files
    for doc in MANIFEST["documents"]:
        assert doc["title"].strip() and doc["source_kind"].strip()
        published = doc["published"]
        assert published == "" or _DAY.match(published) or _MONTH.match(published) or _YEAR.match(published)
        if not published:
            assert doc.get("note"), f"{doc['file']}: say in 'note' why there is no publication date"


def test_manifest_quotes_occur_exactly_once_in_their_seed():
    for event in MANIFEST["events"]:
        text = seed_text(event["file"])
        assert text.count(event["quote"]) == 1, (event["file"], event["quote"])


def test_manifest_dates_are_consistent():
    for event in MANIFEST["events"]:
        earliest, latest = date.fromisoformat(event["earliest"]), date.fromisoformat(event["latest"])
        assert earliest <= latest, event["title"]
        assert edtf_bounds(event["edtf"]) == (earliest, latest), event["title"]
        assert event["date_text"] and event["date_text"] in event["quote"], event["title"]


def test_manifest_actors_are_distinct_and_events_use_them():
    keys = [k.casefold() for a in MANIFEST["actors"] for k in [a["name"], *a["aliases"]]]
    assert len(keys) == len(set(keys)), "a name or alias belongs to two actors"
    assert 12 <= len(MANIFEST["actors"]) <= 25
    names = {a["name"] for a in MANIFEST["actors"]}
    for event in MANIFEST["events"]:
        assert set(event["actors"]) <= names, event["title"]


def test_manifest_events_cover_every_document_and_2013_to_2016():
    events = MANIFEST["events"]
    assert 15 <= len(events) <= 25
    assert {e["file"] for e in events} == {d["file"] for d in MANIFEST["documents"]}
    assert {"2013", "2014", "2016"} <= {e["earliest"][:4] for e in events}
    assert sum(e["earliest"] != e["latest"] for e in events) >= 3, "a few intervals"


# ------------------------------------------------------------------ the demo project
@pytest.fixture
def demo(tmp_path):
    project = create_demo(tmp_path / "d.curator", annotator="tester")
    yield project
    project.close()


def test_demo_documents_carry_the_manifest_metadata(demo):
    documents = demo.documents()
    assert len(documents) == 5
    for info, entry in zip(documents, MANIFEST["documents"]):
        assert (info.filename, info.title, info.source_kind, info.author, info.published) == (
            entry["file"], entry["title"], entry["source_kind"], entry["author"], entry["published"])
        assert demo.document_text(info.id) == seed_text(entry["file"])


def test_demo_actors_are_the_manifest_actors(demo):
    got = {a.name: (a.kind, a.aliases) for a in demo.actors()}
    assert got == {a["name"]: (a["kind"], tuple(a["aliases"])) for a in MANIFEST["actors"]}


def test_every_manifest_event_is_in_the_demo_with_its_evidence(demo):
    doc_ids = {d.filename: d.id for d in demo.documents()}
    rows = demo.event_rows()
    assert len(rows) == len(MANIFEST["events"])
    for row, example in zip(rows, MANIFEST["events"]):
        event = demo.event(row.id)
        assert event.title == example["title"]
        assert (event.date.edtf, event.date.earliest, event.date.latest, event.date.date_text) == (
            example["edtf"], example["earliest"], example["latest"], example["date_text"])
        assert event.location == example["location"]
        assert list(event.actor_names) == example["actors"]
        (span,) = event.evidence
        text = demo.document_text(span.document_id)
        assert span.document_id == doc_ids[example["file"]]
        assert span.quote == text[span.start:span.end] == example["quote"]
        assert span.start == text.find(example["quote"])
    assert demo.check()["ok"]


def test_cli_new_demo_then_stats(tmp_path):
    path = tmp_path / "X.curator"
    run = [sys.executable, "-m", "curator"]
    made = subprocess.run([*run, "new", str(path), "--demo"], capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    shown = subprocess.run([*run, "stats", str(path)], capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    stats = json.loads(shown.stdout)
    assert stats["documents"] == 5
    assert stats["events"] == stats["spans"] == len(MANIFEST["events"])
    assert stats["actors"] == len(MANIFEST["actors"])
