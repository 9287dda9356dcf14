"""Streaming export and import: the same files and the same results as the whole-file paths
(the oracles: the whole-file writer ``snapshot`` + ``dumps``, the whole-file importer
``import_in_memory``, and ``json.loads`` for the reader), cancel at every phase leaves the
project as it was, and memory does not grow with the file."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import tempfile
import tracemalloc
import uuid
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotation_support import add_tag, highlight, link_actor, merge_actors
from curator.core import DateFields, Project
from curator.core.project import text_sha256
from curator.exchange import import_stream, json_format, json_writer, redirects
from curator.exchange.errors import Cancelled, InvalidExport
from curator.exchange.json_format import dumps, export_json, import_in_memory, import_json, snapshot
from curator.exchange.json_reader import JsonReader, JsonSyntaxError
from curator.exchange.validate import validate
from test_exchange_support import content, records, write

FIXED = "2024-06-01T10:00:00.000000Z"
TEXT = "On 3 May 2014 the siege of Homs ended. 😀 The UN mediated; fighters left on 7 May 2014."


@pytest.fixture
def fixed_clock(monkeypatch):
    """Records a merge changes stamped with one time, so that two imports compare exactly
    (exports keep the real clock: their claims are ordered by it)."""
    monkeypatch.setattr(redirects, "utc_now", lambda: FIXED)


def _rich(project: Project) -> None:
    doc = project.add_document(TEXT, title="Report")
    place = add_tag(project, "Venue", "#4363d8", "8")
    homs = project.add_actor("Homs", "place")
    span = highlight(project, doc, TEXT.index("Homs"), TEXT.index("Homs") + 4, tag=place, actor=homs)
    event = project.create_event_from_passage(doc, 0, TEXT.index("ended") + 6, title="siege ends",
                                              date=DateFields("2014-05-03", "2014-05-03", "2014-05-03"))
    project.add_evidence(event, span)
    un, un2 = project.add_actor("United Nations", "group"), project.add_actor("UN", "group")
    link_actor(project, event, un2, "mediator")
    merge_actors(project, un, un2)
    project.create_event_from_passage(doc, TEXT.index("The UN"), len(TEXT), title="undated")
    project.reject_suggestion(doc, TEXT.index("fighters"), len(TEXT), "2014-05-07")


def _history_rows(path: Path) -> list[tuple]:
    raw = sqlite3.connect(path)
    try:
        return raw.execute("SELECT uid, state, content, replica, shared_at FROM sync_history "
                           "ORDER BY uid, state").fetchall()
    finally:
        raw.close()


# ------------------------------------------------------------------ export
def test_the_streamed_export_is_the_whole_file_export_byte_for_byte(monkeypatch, tmp_path):
    """With history rows of every sort: an imported export (claims, contents), records edited
    since (older states with contents), a merge of a copy."""
    from curator.exchange.copy import export_copy
    from curator.exchange.merge_file import merge_file

    with Project.create(tmp_path / "a.curator", annotator="ana") as a:
        _rich(a)
        export_json(a, tmp_path / "a.json")
    with Project.create(tmp_path / "b.curator", annotator="ben") as b:
        import_json(b, tmp_path / "a.json")
        for row in b.event_rows():
            b.update_event(row.id, description="seen by ben")
        export_copy(b, tmp_path / "c.curator")
        with Project.open(tmp_path / "c.curator", annotator="cy") as c:
            c.update_event(c.event_rows()[0].id, title="retitled by cy")
        merge_file(b, tmp_path / "c.curator")
        for module in (json_writer, json_format):
            monkeypatch.setattr(module, "utc_now", lambda: FIXED)
        whole = dumps(snapshot(b))
        report = export_json(b, tmp_path / "b.json")
    assert (tmp_path / "b.json").read_bytes() == whole
    data = json.loads(whole)
    assert data["sync"]["history"] and any("content" in e for es in data["sync"]["history"].values() for e in es)
    assert report["events"] == sum(e["deleted_at"] is None for e in data["events"])
    assert report["tombstones"] == sum(r["deleted_at"] is not None for k in json_format.KINDS for r in data[k.key])


def test_text_utf8_cannot_encode_is_written_escaped_and_reads_back_the_same():
    """(SQLite refuses lone surrogates, so a project holds none; the writer copes all the same.)"""
    value = {"title": "odd \udfff title", "text": "Zoë 😀"}
    written = json_writer.encode(value)
    assert json.loads(written.decode("ascii")) == value
    assert json_writer.encode({"text": "Zoë 😀"}) == '{"text":"Zoë 😀"}'.encode("utf-8")


# ------------------------------------------------------------------ import against the whole-file import
def _both_ways(tmp_path: Path, target: Path, export: Path) -> tuple[dict, dict]:
    """Import ``export`` into two copies of ``target``: the streaming and the whole-file way;
    the two projects must end alike (records with their stamps, every history row)."""
    one, two = tmp_path / "streamed.curator", tmp_path / "whole.curator"
    shutil.copy(target, one)
    shutil.copy(target, two)
    with Project.open(one) as p:
        streamed = import_json(p, export)
        streamed_content = content(p)
    with Project.open(two) as p:
        whole = import_in_memory(p, export)
        whole_content = content(p)
    assert streamed_content == whole_content
    assert _history_rows(one) == _history_rows(two)
    assert streamed == whole
    return streamed, whole


def test_into_an_empty_project_as_the_whole_file_import(fixed_clock, demo_project, tmp_path):
    export_json(demo_project, tmp_path / "demo.json")
    Project.create(tmp_path / "empty.curator").close()
    summary, _ = _both_ways(tmp_path, tmp_path / "empty.curator", tmp_path / "demo.json")
    assert summary["added"]["events"] == demo_project.stats()["events"]
    assert summary["tags_matched_by_name"]  # the fresh project's default tags, matched by name


def test_into_the_project_it_came_from_as_the_whole_file_import(fixed_clock, demo_project, tmp_path):
    export_json(demo_project, tmp_path / "demo.json")
    demo_project.close()
    summary, _ = _both_ways(tmp_path, demo_project.path, tmp_path / "demo.json")
    assert summary["added"] == {} and summary["unchanged"] > 0


def test_field_merges_moves_and_redirects_as_the_whole_file_import(fixed_clock, tmp_path):
    """A copy that imported an earlier export and changed things meanwhile: records changed on
    both sides merge field by field, a document held under another uid is matched by its text,
    links to an actor merged away on the other side move to the record it went into."""
    with Project.create(tmp_path / "a.curator", annotator="ana") as a:
        _rich(a)
        a.add_actor("Hamah", "place")
        export_json(a, tmp_path / "first.json")
    with Project.create(tmp_path / "b.curator", annotator="ben") as b:
        import_json(b, tmp_path / "first.json")
        b.add_document(TEXT + " (copy)", title="other")
        rows = b.event_rows()
        b.update_event(rows[0].id, description="ben's description")
        hamah_b = next(x.id for x in b.actors() if x.name == "Hamah")
        link_actor(b, rows[1].id, hamah_b, "site")
    with Project.open(tmp_path / "a.curator", annotator="ana") as a:
        a.update_event(a.event_rows()[0].id, title="ana's title")
        homs2 = a.add_actor("Hims", "place")
        merge_actors(a, homs2, next(x.id for x in a.actors() if x.name == "Hamah"))
        a.add_document(TEXT + " (copy)", title="same text, another uid")
        export_json(a, tmp_path / "second.json")
    summary, _ = _both_ways(tmp_path, tmp_path / "b.curator", tmp_path / "second.json")
    assert summary["merged_field_by_field"] == {"events": 1}
    assert summary["documents_matched_by_text"]
    assert summary["redirected"] == {"event_actors": 1}


def test_an_export_with_history_rows_imports_as_the_whole_file_import(fixed_clock, tmp_path):
    """A file whose sync section holds history entries: claims of another replica, contents of
    older states (records edited after they were imported), a record changed in the file by hand
    (its held state no longer its state)."""
    with Project.create(tmp_path / "a.curator", annotator="ana") as a:
        _rich(a)
        export_json(a, tmp_path / "a.json")
    with Project.create(tmp_path / "b.curator", annotator="ben") as b:
        import_json(b, tmp_path / "a.json")
        for row in b.event_rows()[:1]:
            b.update_event(row.id, description="edited by ben")
        export_json(b, tmp_path / "b.json")
    data = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert any("content" in e for es in data["sync"]["history"].values() for e in es)
    data["events"][-1]["title"] = "fixed by hand"
    write(tmp_path / "b-edited.json", data)
    Project.create(tmp_path / "empty.curator").close()
    _both_ways(tmp_path, tmp_path / "empty.curator", tmp_path / "b.json")
    _both_ways(tmp_path, tmp_path / "empty.curator", tmp_path / "b-edited.json")
    _both_ways(tmp_path, tmp_path / "a.curator", tmp_path / "b.json")  # back into the source


def test_a_format_1_file_imports_as_the_whole_file_import(fixed_clock, tmp_path):
    data = Path(__file__).parent / "data" / "exchange" / "format1.json"
    Project.create(tmp_path / "empty.curator").close()
    _both_ways(tmp_path, tmp_path / "empty.curator", data)


def test_a_pretty_printed_file_with_its_version_last_imports_the_same(fixed_clock, demo_project, tmp_path):
    export_json(demo_project, tmp_path / "demo.json")
    data = json.loads((tmp_path / "demo.json").read_text(encoding="utf-8"))
    version = data.pop("format_version")
    data = dict(reversed(list(data.items()))) | {"format_version": version}
    (tmp_path / "pretty.json").write_text(json.dumps(data, indent=2, ensure_ascii=True), encoding="utf-8")
    Project.create(tmp_path / "empty.curator").close()
    _both_ways(tmp_path, tmp_path / "empty.curator", tmp_path / "pretty.json")


def test_shapes_left_to_the_whole_file_import_are_refused_alike(project, tmp_path):
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InvalidExport) as info:
        import_json(project, tmp_path / "list.json")
    assert info.value.problems[0].path == "$" and "object" in info.value.problems[0].message
    twice = '{"format":"curator-export","format_version":4,"events":[1],"events":[]}'
    (tmp_path / "twice.json").write_text(twice, encoding="utf-8")
    with pytest.raises(InvalidExport) as info:  # json.loads keeps the last "events": no problem there
        import_json(project, tmp_path / "twice.json")
    assert not any(p.path.startswith("$.events") for p in info.value.problems)


def test_round_trip_keeps_records_history_and_contents(fixed_clock, tmp_path):
    with Project.create(tmp_path / "a.curator") as a:
        _rich(a)
        export_json(a, tmp_path / "a.json")
        ours = records(a)
    with Project.create(tmp_path / "b.curator") as b:
        import_json(b, tmp_path / "a.json")
        theirs = records(b)
    tag_uids = {t["uid"] for t in ours["tags"]}  # the fresh project's default tags matched by name
    for key in ours:
        mine = {r["uid"]: r for r in ours[key] if r["uid"] not in tag_uids}
        got = {r["uid"]: r for r in theirs[key]}
        if key == "spans":  # the file's Venue tag is new; the other labels took the project's tags
            assert mine.keys() == got.keys()
            continue
        assert all(got[uid] == rec for uid, rec in mine.items() if key != "tags")
    file = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    rows = {(uid, state): (body, who, when) for uid, state, body, who, when in _history_rows(tmp_path / "b.curator")}
    for uid, state in file["sync"]["held"].items():
        if uid in tag_uids and uid not in {r["uid"] for r in theirs["tags"]}:
            continue
        body, who, when = rows[(uid, state)]
        assert (who, when) == (file["sync"]["replica"], file["sync"]["shared_at"])
        assert json.loads(body)[4] == uid  # its content: [updated_at, deleted_at, kind, deleted, uid, ...]


# ------------------------------------------------------------------ refusals
def test_every_problem_of_a_large_file_keeps_its_path(project, tmp_path):
    path = _generated(tmp_path / "big.json", 3000)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["spans"][2500]["quote"] = "not the text"
    data["events"][2999]["earliest"] = "2014-13-01"
    data["evidence"][1234]["span"] = str(uuid.uuid4())
    data["events"][17]["uid"] = data["events"][16]["uid"]
    write(path, data)
    before = content(project)
    with pytest.raises(InvalidExport) as info:
        import_json(project, path)
    assert info.value.problems == validate(data)  # the whole-file check: same paths, messages, order
    assert [p.path for p in info.value.problems] == [
        "$.events[17].uid", "$.evidence[17].event", "$.evidence[1234].span", "$.spans[2500].quote",
        "$.events[2999].earliest"]
    assert content(project) == before


# ------------------------------------------------------------------ cancel
@pytest.mark.parametrize("at", [1, 60, 600, 660, 700, 730, 900])
def test_cancel_at_any_point_leaves_the_project_as_it_was(tmp_path, monkeypatch, at):
    """``at``: the first progress value (of 1000) at which Cancel is pressed: reading, checking,
    planning, writing (inside the long SQL statements too)."""
    private = tmp_path / "tmp"  # the staging file's folder, apart from other programs' imports
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    path = _generated(tmp_path / "big.json", 6000)
    with Project.create(tmp_path / "p.curator") as project:
        project.add_event("already here")
        before, history = content(project), _history_rows(tmp_path / "p.curator")
        staged_before = set(Path(tempfile.gettempdir()).glob("curator-import-*"))
        seen = []

        def progress(done, total):
            seen.append(done)
            return done < at
        with pytest.raises(Cancelled):
            import_json(project, path, progress)
        assert content(project) == before
    assert _history_rows(tmp_path / "p.curator") == history
    assert max(seen) >= at
    assert set(Path(tempfile.gettempdir()).glob("curator-import-*")) == staged_before  # removed


def test_cancel_inside_a_long_write_statement_rolls_back(tmp_path, monkeypatch):
    """The writing polls Cancel from SQLite's progress handler, so a long INSERT stops too."""
    monkeypatch.setattr(import_stream, "SCALE", 1000)
    path = _generated(tmp_path / "big.json", 6000)
    with Project.create(tmp_path / "p.curator") as project:
        before = content(project)
        polled = []
        real = import_stream._Bar.poll

        def poll(self):  # the user presses Cancel while the third poll is due
            polled.append(1)
            if len(polled) > 2:
                self.progress = lambda done, total: False
            return real(self)
        monkeypatch.setattr(import_stream._Bar, "poll", poll)
        with pytest.raises(Cancelled):
            import_json(project, path)
        assert content(project) == before and len(polled) > 2


# ------------------------------------------------------------------ memory
def _generated(path: Path, n: int, docs: int = 20) -> Path:
    """A format-4 export of ``n`` events, each with a span and an evidence link, written record
    by record; the texts do not grow with ``n`` (so memory that grows with it is the importer's)."""
    stamp = "2024-01-01T00:00:00.000000Z"
    common = {"created_at": stamp, "updated_at": stamp, "created_by": "t", "deleted_at": None}
    sentence = "On 3 May 2014 the council met. "
    text = sentence * 50
    doc_uids = [str(uuid.UUID(int=d + 1, version=4)) for d in range(docs)]
    with open(path, "w", encoding="utf-8") as out:
        def array(key, items):
            out.write(f',"{key}":[')
            for i, rec in enumerate(items):
                out.write(("," if i else "") + json.dumps(rec, ensure_ascii=False))
            out.write("]")
        out.write('{"format":"curator-export","format_version":4')
        array("documents", ({"uid": u, **common, "title": f"report {d}", "source_kind": "", "author": "",
                             "published": "", "published_inferred": False, "source": "", "filename": "",
                             "encoding": "", "text": text, "sha256": text_sha256(text)}
                            for d, u in enumerate(doc_uids)))
        array("tags", [])
        array("actors", [])
        ev = lambda i: str(uuid.UUID(int=(1 << 64) + i, version=4))  # noqa: E731
        sp = lambda i: str(uuid.UUID(int=(2 << 64) + i, version=4))  # noqa: E731
        array("events", ({"uid": ev(i), **common, "title": f"meeting {i}", "description": "", "location": "",
                          "edtf": "2014-05-03", "earliest": "2014-05-03", "latest": "2014-05-03",
                          "date_text": "", "place": None} for i in range(n)))
        array("spans", ({"uid": sp(i), **common, "document": doc_uids[i % docs], "start": (i % 50) * len(sentence),
                         "end": (i % 50) * len(sentence) + len(sentence) - 1, "quote": sentence[:-1],
                         "tag": None, "note": "", "actor": None} for i in range(n)))
        array("event_actors", [])
        array("evidence", ({"uid": str(uuid.UUID(int=(3 << 64) + i, version=4)), **common, "event": ev(i),
                            "span": sp(i)} for i in range(n)))
        out.write(',"sync":{}}')
    return path


def _peak(tmp_path: Path, n: int, importer) -> int:
    path = _generated(tmp_path / f"g{n}.json", n)
    target = tmp_path / f"g{n}.curator"
    with Project.create(target) as project:
        tracemalloc.start()
        try:
            importer(project, path)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def test_memory_does_not_grow_with_the_file(tmp_path, monkeypatch):
    """Structural, not a timing: importing three times the records takes about the same peak
    of Python memory (chunks of records, never the file), where the whole-file import's peak
    triples with it. (Chunks of 500 records, so that both files are many chunks long.)"""
    from curator.exchange import staging

    monkeypatch.setattr(staging, "CHUNK", 500)
    small, large = _peak(tmp_path, 2000, import_json), _peak(tmp_path, 6000, import_json)
    whole_small = _peak(tmp_path, 2001, import_in_memory)
    whole_large = _peak(tmp_path, 6001, import_in_memory)
    assert whole_large > 2.5 * whole_small  # the oracle grows with the file...
    assert large < 1.3 * small  # ...the streaming import does not
    assert large < whole_large / 4


def test_records_are_staged_a_chunk_at_a_time(tmp_path, monkeypatch):
    """The reader hands records to the staging table in batches of at most CHUNK."""
    from curator.exchange import staging

    monkeypatch.setattr(staging, "CHUNK", 250)
    batches = []
    real = staging.Staging.__init__

    def counting_init(self, path):
        real(self, path)
        conn = self.conn

        class Counting:
            def __getattr__(self, name):
                return getattr(conn, name)

            def executemany(self, sql, rows):
                rows = list(rows)
                if sql.startswith("INSERT INTO r_"):
                    batches.append(len(rows))
                return conn.executemany(sql, rows)
        self.conn = Counting()
    monkeypatch.setattr(staging.Staging, "__init__", counting_init)
    path = _generated(tmp_path / "g.json", 1200)
    with Project.create(tmp_path / "p.curator") as project:
        import_json(project, path)
        assert project.stats()["events"] == 1200
    assert sum(batches) == 1200 * 3 + 20 and max(batches) == 250


# ------------------------------------------------------------------ the reader
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False)
    | st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner, max_size=5),
    max_leaves=30)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=6), st.integers(1, 40),
       st.sampled_from([None, 1, 2]), st.booleans())
def test_the_reader_decodes_as_json_loads(doc, chunk, indent, bom):
    """Walking the top-level object member by member (arrays element by element) through a
    window of a few bytes gives what json.loads gives."""
    text = json.dumps(doc, indent=indent, ensure_ascii=False)
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    reader = JsonReader(io.BytesIO(raw), chunk=chunk)
    got = {}
    for key in reader.members():
        if reader.peek() == "[":
            got[key] = list(reader.items())
        else:
            got[key] = reader.value()
    reader.end()
    assert got == json.loads(text)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(max_size=6), st.lists(JSON_VALUES, max_size=4), min_size=1, max_size=4),
       st.integers(1, 30), st.data())
def test_the_reader_reports_errors_as_json_loads(doc, chunk, data):
    text = json.dumps(doc, indent=data.draw(st.sampled_from([None, 1])))
    cut = data.draw(st.integers(0, len(text) - 1))
    damaged = data.draw(st.sampled_from([text[:cut], text[:cut] + "#" + text[cut + 1:],
                                         text[:cut] + text[cut + 1:]]))
    try:
        expected = json.loads(damaged)
    except json.JSONDecodeError as exc:
        expected = (exc.msg, exc.lineno, exc.colno)
    reader = JsonReader(io.BytesIO(damaged.encode("utf-8")), chunk=chunk)
    try:
        if reader.peek() != "{":
            return  # the importer leaves a file that is not an object to json.loads
        got = {}
        for key in reader.members():
            got[key] = list(reader.items()) if reader.peek() == "[" else reader.value()
        reader.end()
    except JsonSyntaxError as exc:
        got = (exc.msg, exc.lineno, exc.colno)
    assert got == expected


# ------------------------------------------------------------------ the .curator copy
@pytest.mark.parametrize("stop_at", [100, 700])
def test_a_copy_reports_both_steps_and_cancels_in_either(demo_project, tmp_path, stop_at):
    """The pages copied are the first half of the bar, recording the shared states the second;
    Cancel in either leaves no file (and the project wrote nothing)."""
    from curator.exchange.copy import export_copy

    seen = []
    export_copy(demo_project, tmp_path / "whole.curator", lambda done, total: seen.append((done, total)) or True)
    assert {t for _, t in seen} == {1000} and seen[-1][0] <= 1000
    assert any(d <= 500 for d, _ in seen) and any(d > 500 for d, _ in seen)
    before = _history_rows(demo_project.path)
    with pytest.raises(Cancelled):
        export_copy(demo_project, tmp_path / "stopped.curator", lambda done, total: done < stop_at)
    assert not list(tmp_path.glob("stopped.curator*"))
    assert _history_rows(demo_project.path) == before
