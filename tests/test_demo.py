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
    assert 15 <= len(events) <= 40
    assert {e["file"] for e in events} == {d["file"] for d in MANIFEST["documents"]}
    assert {"2013", "2014", "2016"} <= {e["earliest"][:4] for e in events}
    assert sum(e["earliest"] != e["latest"] for e in events) >= 3, "a few intervals"


def test_manifest_highlights_quote_their_text_and_name_known_records():
    texts = {d["file"]: seed_text(d["file"]) for d in MANIFEST["documents"]}
    records = {"Place": {p["name"] for p in MANIFEST["places"]},
               "Person": {a["name"] for a in MANIFEST["actors"] if a["kind"] == "person"},
               "Group": {a["name"] for a in MANIFEST["actors"] if a["kind"] not in ("person", "place")}}
    highlights = MANIFEST["highlights"]
    assert len(highlights) > 100
    for h in highlights:
        assert 0 <= h["start"] < h["end"] <= len(texts[h["file"]]), h
        assert texts[h["file"]][h["start"]:h["end"]] == h["quote"], h
        if h["tag"] in records:
            assert h["actor"] in records[h["tag"]], h
        else:
            assert h["tag"] in ("Figure", "Date") and h["actor"] is None, h
    same_tag = {}
    for h in highlights:
        same_tag.setdefault((h["file"], h["tag"]), []).append((h["start"], h["end"]))
    for spans in same_tag.values():  # mentions of one kind never overlap
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), spans


def test_manifest_highlights_are_what_the_script_makes():
    script = seeds_dir().parent / "scripts" / "make_demo_highlights.py"
    run = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr


def test_manifest_places_are_distinct_and_locate_the_events():
    places = MANIFEST["places"]
    keys = [k.casefold() for p in places for k in [p["name"], *p["aliases"]]]
    assert len(keys) == len(set(keys)), "a name or alias belongs to two places"
    for place in places:
        assert (place["latitude"] is None) == (place["longitude"] is None), place["name"]
        if place["latitude"] is not None:
            assert -90 <= place["latitude"] <= 90 and -180 <= place["longitude"] <= 180, place["name"]
    assert sum(p["latitude"] is not None for p in places) >= 15
    for event in MANIFEST["events"]:
        assert event["location"] == "" or event["location"].casefold() in keys, event["title"]


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
        assert (info.filename, info.title, info.source_kind, info.author) == (
            entry["file"], entry["title"], entry["source_kind"], entry["author"])
        if entry["published"]:  # the manifest's date, as given
            assert (info.published, info.published_inferred) == (entry["published"], False)
        else:  # none given: inferred from the text where it gives one (tests/test_document_date.py)
            assert info.published_inferred == bool(info.published)
        assert demo.document_text(info.id) == seed_text(entry["file"])


def test_demo_actors_and_places_are_the_manifest_ones(demo):
    got = {a.name: (a.kind, a.aliases) for a in demo.actors() if a.kind != "place"}
    assert got == {a["name"]: (a["kind"], tuple(a["aliases"])) for a in MANIFEST["actors"]}
    places = {a.name: (a.aliases, a.latitude, a.longitude) for a in demo.actors() if a.kind == "place"}
    assert places == {p["name"]: (tuple(p["aliases"]), p["latitude"], p["longitude"]) for p in MANIFEST["places"]}
    assert sum(lat is not None for _, lat, _ in places.values()) >= 15


def test_every_manifest_event_is_in_the_demo_with_its_evidence(demo):
    doc_ids = {d.filename: d.id for d in demo.documents()}
    tags = {t.name: t.id for t in demo.tags()}
    rows = demo.event_rows()
    assert len(rows) == len(MANIFEST["events"])
    for row, example in zip(rows, MANIFEST["events"]):
        event = demo.event(row.id)
        assert event.title == example["title"]
        assert (event.date.edtf, event.date.earliest, event.date.latest, event.date.date_text) == (
            example["edtf"], example["earliest"], example["latest"], example["date_text"])
        assert event.location == example["location"]
        assert list(event.actor_names) == example["actors"]
        if example["location"]:
            place_id = demo.find_actor(example["location"], kind="place")
            assert place_id is not None and event.place_id == place_id
        else:
            assert event.place_id is None
        (span,) = event.evidence
        assert span.tag_id == tags["Event"]
        text = demo.document_text(span.document_id)
        assert span.document_id == doc_ids[example["file"]]
        assert span.quote == text[span.start:span.end] == example["quote"]
        assert span.start == text.find(example["quote"])
    assert demo.check()["ok"]


def demo_spans(demo):
    return [span for doc in demo.documents() for span in demo.spans(doc.id)]


def test_demo_text_is_richly_highlighted(demo):
    tag_names = {t.id: t.name for t in demo.tags()}
    spans = demo_spans(demo)
    highlights = [s for s in spans if s.tag_id is not None]
    assert len(highlights) == len(MANIFEST["highlights"]) + len(MANIFEST["events"]) > 100
    used = {tag_names[s.tag_id] for s in highlights}
    assert {"Person", "Group", "Place", "Figure", "Date", "Event"} <= used
    for doc in demo.documents():  # every text has people or groups and places marked
        names = {tag_names[s.tag_id] for s in demo.spans(doc.id) if s.tag_id is not None}
        assert {"Group", "Place"} <= names, doc.filename


def test_demo_has_nested_highlights_of_different_labels(demo):
    tag_names = {t.id: t.name for t in demo.tags()}
    nested = set()
    for doc in demo.documents():
        highlights = sorted((s for s in demo.spans(doc.id) if s.tag_id is not None),
                            key=lambda s: (s.start, -s.end))
        for i, outer in enumerate(highlights):
            for inner in highlights[i + 1:]:
                if inner.start >= outer.end:
                    break
                if inner.end <= outer.end and inner.tag_id != outer.tag_id:
                    nested.add((tag_names[outer.tag_id], tag_names[inner.tag_id]))
    assert {("Group", "Place"), ("Group", "Person"), ("Figure", "Group"), ("Event", "Date")} <= nested


def test_demo_mentions_link_their_actors_and_places(demo):
    records = {a.id: a for a in demo.actors()}
    tag_names = {t.id: t.name for t in demo.tags()}
    mentions = [s for s in demo_spans(demo) if s.actor_id is not None]
    assert len(mentions) == sum(h["actor"] is not None for h in MANIFEST["highlights"])
    for span in mentions:
        record = records[span.actor_id]
        assert span.quote.casefold() in {k.casefold() for k in (record.name, *record.aliases)}, span
        assert (record.kind == "place") == (tag_names[span.tag_id] == "Place"), span
    aleppo = demo.find_actor("Aleppo", kind="place")
    assert records[aleppo].latitude == pytest.approx(36.2, abs=0.1)
    assert len(demo.actor_mentions(aleppo)) > 50
    # "Damascus" is the government when it confirms something, the city elsewhere
    government = demo.find_actor("Syrian government")
    assert "Damascus" in {s.quote for s in demo.actor_mentions(government)}
    assert "Damascus" in {s.quote for s in demo.actor_mentions(demo.find_actor("Damascus", kind="place"))}


def test_cli_new_demo_then_stats(tmp_path):
    path = tmp_path / "X.curator"
    run = [sys.executable, "-m", "curator"]
    made = subprocess.run([*run, "new", str(path), "--demo"], capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    shown = subprocess.run([*run, "stats", str(path)], capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    stats = json.loads(shown.stdout)
    assert stats["documents"] == 5
    events, highlights = len(MANIFEST["events"]), len(MANIFEST["highlights"])
    assert stats["events"] == events
    assert stats["spans"] == stats["highlights"] == events + highlights
    assert stats["mentions"] == sum(h["actor"] is not None for h in MANIFEST["highlights"])
    assert stats["places"] == len(MANIFEST["places"])
    assert stats["actors"] == len(MANIFEST["actors"]) + len(MANIFEST["places"])
    assert stats["tags"] == 7
