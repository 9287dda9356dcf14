"""Two writers: a write that meets another program's lock waits (saying so) and then goes on, or
gives up plainly with nothing changed; long imports and merges plan without the lock; two
`suggest --accept` runs make each event once. The other program is a real second process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lock_support import LockHolder

from curator.core import Project
from curator.core.locking import LockWait, ProjectBusy, is_busy, stderr_reporter
from curator.exchange.json_format import export_json, import_json
from curator.suggestions import accept_all, suggest_events


def curator(*args: str, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1", CURATOR_ANNOTATOR="tester")
    return subprocess.Popen([sys.executable, "-m", "curator", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, **kwargs)


def wait_for_line(stream, needle: str, limit: float = 60) -> str:
    """Read ``stream`` until a line containing ``needle`` (the child is blocked meanwhile)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        line = stream.readline()
        if needle in line:
            return line
        if not line:
            break
    raise AssertionError(f"no line with {needle!r}")


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0]
    finally:
        conn.close()


def an_export(tmp_path: Path, name: str, events: int) -> Path:
    with Project.create(tmp_path / f"{name}.source.curator", annotator="tester") as source:
        sentence = f"On 3 May 2014 the {name} council met in Aleppo. "
        doc = source.add_document(sentence * events, title=name)
        step = len(sentence)
        for i in range(events):
            source.create_event_from_passage(doc, i * step, (i + 1) * step - 1, title=f"{name} {i}")
        export_json(source, tmp_path / f"{name}.json")
    return tmp_path / f"{name}.json"


# ---------------------------------------------------------------------- the facade
def test_a_write_that_cannot_get_the_lock_raises_project_busy_and_changes_nothing(project, project_path):
    doc = project.add_document("On 8 May 2014 something happened.")
    project.lock_wait = LockWait(limit=0.3, attempt_ms=50)
    with LockHolder(project_path):
        with pytest.raises(ProjectBusy, match="another program .* is writing to test.curator; "
                                              "nothing was changed"):
            project.create_event_from_passage(doc, 0, 13)
        assert project.stats()["events"] == 0  # reading goes on meanwhile (WAL)
    assert count(project_path, "event") == 0
    project.create_event_from_passage(doc, 0, 13)  # and once it is free, writing too
    assert count(project_path, "event") == 1


def test_a_waiting_write_reports_its_wait_and_goes_on_when_the_lock_is_free(project, project_path):
    doc = project.add_document("On 8 May 2014 something happened.")
    waits: list[float] = []
    holder = LockHolder(project_path)

    def on_wait(waited: float) -> None:
        waits.append(waited)
        if len(waits) == 3:
            holder.release()  # the other program finishes while we wait

    project.lock_wait = LockWait(limit=60, attempt_ms=50, on_wait=on_wait)
    project.create_event_from_passage(doc, 0, 13)
    assert len(waits) >= 3 and waits == sorted(waits)
    assert count(project_path, "event") == 1


def test_a_cancelled_wait_gives_up_at_once(project, project_path):
    project.lock_wait = LockWait(limit=60, attempt_ms=20, on_wait=lambda waited: False)
    with LockHolder(project_path):
        with pytest.raises(ProjectBusy):
            project.add_document("text")
    assert count(project_path, "document") == 0


def test_busy_errors_are_recognised():
    assert is_busy(sqlite3.OperationalError("database is locked"))
    assert not is_busy(sqlite3.OperationalError("no such table: x"))
    assert not is_busy(ValueError("database is locked"))


def test_stderr_reporter_says_how_long_it_waits(tmp_path):
    import io

    out = io.StringIO()
    policy = stderr_reporter(tmp_path / "p.curator", limit=30, stream=out)
    for waited in (0.3, 1.2, 10.5, 12.0):
        policy.on_wait(waited)
    policy.on_done(12.5, True)
    lines = out.getvalue().splitlines()
    assert lines[0] == ("curator: waiting for another program (or Curator window) writing to "
                        "p.curator… 0 s (gives up after 30 s)")
    assert lines[1].endswith("writing to p.curator… 10 s (gives up after 30 s)")
    assert lines[-1] == "curator: p.curator is free after 12 s; going on"


def test_a_batch_is_one_transaction(project, project_path):
    doc = project.add_document("On 8 May 2014 something happened.")
    with pytest.raises(RuntimeError):
        with project.batch():
            project.create_event_from_passage(doc, 0, 13)
            assert project.stats()["events"] == 1  # inner reads see the batch's writes
            raise RuntimeError("changed my mind")
    assert count(project_path, "event") == 0
    with LockHolder(project_path):
        project.lock_wait = LockWait(limit=0, attempt_ms=20)
        with pytest.raises(ProjectBusy):
            with project.batch():
                raise AssertionError("the lock is taken before anything runs")


def test_write_planned_plans_again_when_another_connection_committed(project, project_path):
    doc = project.add_document("On 8 May 2014 something happened. On 9 May more.")
    other = Project(project_path)
    seen: list[int] = []

    def plan(conn):
        events = conn.exec_driver_sql("SELECT count(*) FROM event").scalar()
        seen.append(events)
        if len(seen) == 1:  # someone else writes between the plan and the write
            other.create_event_from_passage(doc, 0, 13)
        return events

    result = project.write_planned(plan, lambda conn, planned: planned)
    other.close(checkpoint=False)
    assert seen == [0, 1] and result == 1


# ---------------------------------------------------------------------- headless commands
def test_a_command_waits_with_progress_and_then_imports(tmp_path):
    path = tmp_path / "p.curator"
    Project.create(path).close()
    export = an_export(tmp_path, "a", 20)
    with LockHolder(path) as other:
        child = curator("import", str(path), str(export), "--wait", "120")
        line = wait_for_line(child.stderr, "waiting for another program")
        assert line.startswith("curator: waiting for another program (or Curator window) writing to "
                               "p.curator… ")
        assert count(path, "event") == 0
        other.release()
        out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    assert "Traceback" not in err
    assert count(path, "event") == 20


def test_a_command_gives_up_plainly_and_changes_nothing(tmp_path):
    path = tmp_path / "p.curator"
    Project.create(path).close()
    export = an_export(tmp_path, "a", 5)
    with LockHolder(path):
        child = curator("import", str(path), str(export), "--wait", "1")
        out, err = child.communicate(timeout=120)
    assert child.returncode == 1
    last = err.strip().splitlines()[-1]
    assert last == ("curator: gave up after 1 s: another program (or another Curator window) is "
                    "writing to p.curator; nothing was changed (wait longer with --wait SECONDS)")
    assert "Traceback" not in err and out == ""
    assert count(path, "event") == 0


def test_two_concurrent_imports_both_land(tmp_path):
    path = tmp_path / "p.curator"
    Project.create(path).close()
    a, b = an_export(tmp_path, "a", 30), an_export(tmp_path, "b", 40)
    with LockHolder(path) as other:
        first = curator("import", str(path), str(a))
        second = curator("import", str(path), str(b))
        for child in (first, second):
            wait_for_line(child.stderr, "waiting for another program")
        other.release()
        results = [child.communicate(timeout=120) for child in (first, second)]
    assert [c.returncode for c in (first, second)] == [0, 0], results
    assert all("Traceback" not in err for _, err in results)
    assert count(path, "event") == 70


def test_two_concurrent_suggest_accept_runs_make_each_event_once(tmp_path, demo_project):
    path = demo_project.path
    before = demo_project.stats()["events"]
    proposed = len(suggest_events(demo_project))
    demo_project.close()
    assert proposed > 50
    with LockHolder(path) as other:  # both have read the suggestions and wait to write them
        runs = [curator("suggest", str(path), "--accept") for _ in range(2)]
        for child in runs:
            wait_for_line(child.stderr, "waiting for another program")
        other.release()
        results = [child.communicate(timeout=300) for child in runs]
    assert [c.returncode for c in runs] == [0, 0], results
    import json

    accepted = sorted(json.loads(out)["accepted"] for out, _ in results)
    assert accepted == [0, proposed]
    assert count(path, "event") == before + proposed
    conn = sqlite3.connect(path)
    duplicates = conn.execute(
        "SELECT count(*) FROM (SELECT s.document_id, s.start, s.\"end\" FROM span s "
        "JOIN event_evidence v ON v.span_id = s.id AND v.deleted_at IS NULL "
        "JOIN event e ON e.id = v.event_id AND e.deleted_at IS NULL "
        "WHERE s.deleted_at IS NULL GROUP BY 1, 2, 3 HAVING count(*) > 1)").fetchone()[0]
    conn.close()
    assert duplicates == 0


def test_two_suggest_accept_runs_started_together_make_each_event_once(tmp_path, demo_project):
    """The same, without holding them back: whichever runs second finds the passages taken."""
    path = demo_project.path
    before = demo_project.stats()["events"]
    proposed = len(suggest_events(demo_project))
    demo_project.close()
    runs = [curator("suggest", str(path), "--accept") for _ in range(2)]
    results = [child.communicate(timeout=300) for child in runs]
    assert [c.returncode for c in runs] == [0, 0], results
    assert count(path, "event") == before + proposed


def test_accepting_stale_suggestions_skips_passages_taken_meanwhile(demo_project):
    found = suggest_events(demo_project)
    other = Project(demo_project.path)
    first = accept_all(other, found[:10])  # another program accepts some of them meanwhile
    other.close(checkpoint=False)
    ids = accept_all(demo_project, found)
    assert all(i is not None for i in first)
    assert ids[:10] == [None] * 10 and all(i is not None for i in ids[10:])
    assert len(suggest_events(demo_project)) == 0


def test_an_import_keeps_the_lock_only_while_it_writes(tmp_path):
    """A small edit made while the import checks and compares goes through at once; the import
    then notices and compares again, and both land."""
    path = tmp_path / "p.curator"
    with Project.create(path) as project:
        event = project.add_event("before")
    export = an_export(tmp_path, "a", 50)
    target = Project.open(path)
    editor = Project(path, lock_wait=LockWait(limit=0, attempt_ms=20))
    calls = []
    real = target.write_planned

    def spy(plan, apply, tries=3):
        def planning(conn):
            calls.append(1)
            if len(calls) == 1:  # the window edits while the import plans: no lock held yet
                editor.update_event(event, title="edited during the import's planning")
            return plan(conn)
        return real(planning, apply, tries)

    target.write_planned = spy
    import_json(target, export)
    target.close()
    editor.close()
    assert len(calls) == 2  # planned again after the edit committed
    with Project.open(path) as project:
        assert project.event(event).title == "edited during the import's planning"
        assert project.stats()["events"] == 51


def test_a_busy_error_met_elsewhere_than_taking_the_lock_is_project_busy(project_path, project):
    """(another connection's checkpoint or WAL recovery outlasting the busy timeout)"""
    from types import SimpleNamespace

    from curator.core.database import _busy_as_project_busy

    context = SimpleNamespace(original_exception=sqlite3.OperationalError("database is locked"),
                              engine=project._engine)
    converted = _busy_as_project_busy(context)
    assert isinstance(converted, ProjectBusy) and "test.curator" in str(converted)
    context.original_exception = sqlite3.OperationalError("no such table: x")
    assert _busy_as_project_busy(context) is None
