"""Suggested events: one per dated sentence, accept/reject, never over a person's work."""

from __future__ import annotations

import json
import subprocess
import sys

from curator.core import Project
from curator.ingest.sentences import sentence_ranges
from curator.suggestions import accept, accept_all, reject, suggest_events

TEXT = ("Aleppo Conflict Timeline and Report – 2014\n\n"
        "On 22 January 2014, the Syrian Army shelled the Old City. "
        "Rebels of the Free Syrian Army answered two days later. "
        "Nothing else is known.\n"
        "- Smith, J. \"A report.\" 3 March 2014. Accessed 11 March 2016.\n")


def _project_with_text(project):
    doc = project.add_document(TEXT, title="Report")
    project.add_actor("Syrian Army", "armed force", ["SAA"])
    project.add_actor("Free Syrian Army", "armed group", ["FSA"])
    return doc


def test_sentences_are_split_at_full_stops_but_not_abbreviations():
    text = "Gen. Smith met Mr. Jones in the U.S. on Jan. 5. They talked.\nA list line"
    sentences = [text[s:e] for s, e in sentence_ranges(text)]
    assert sentences == ["Gen. Smith met Mr. Jones in the U.S. on Jan. 5.", "They talked.", "A list line"]
    cited = "It fell.[71] In late December, ISIS joined.[3][4] Then"
    assert [cited[s:e] for s, e in sentence_ranges(cited)] == [
        "It fell.[71]", "In late December, ISIS joined.[3][4]", "Then"]


def test_each_dated_sentence_is_proposed_with_date_title_and_actors(project):
    doc = _project_with_text(project)
    found = suggest_events(project)
    assert [s.sentence for s in found] == [
        "On 22 January 2014, the Syrian Army shelled the Old City.",
        "Rebels of the Free Syrian Army answered two days later."]
    first, second = found
    assert (first.date.earliest, first.date.latest) == ("2014-01-22", "2014-01-22")
    assert first.title.startswith("The Syrian Army shelled")
    assert first.actors == ("Syrian Army",)
    assert second.date.earliest == "2014-01-24"  # counted from the most recent date
    assert second.actors == ("Free Syrian Army",)
    assert TEXT[first.start:first.end] == first.sentence and first.document_id == doc
    assert project.stats()["events"] == 0  # suggesting changes nothing


def test_accepted_suggestions_become_events_and_are_not_proposed_again(project):
    _project_with_text(project)
    first = suggest_events(project)[0]
    event_id = accept(project, first)
    event = project.event(event_id)
    assert event.evidence[0].quote == first.sentence
    assert event.date == first.date and event.actor_names == ("Syrian Army",)
    assert [s.sentence for s in suggest_events(project)] == [
        "Rebels of the Free Syrian Army answered two days later."]


def test_rejected_suggestions_do_not_come_back(project, project_path):
    _project_with_text(project)
    reject(project, suggest_events(project)[1])
    with Project.open(project_path) as again:
        assert len(suggest_events(again)) == 1
    assert project.stats()["events"] == 0


def test_a_suggestion_never_overwrites_what_a_person_wrote(project):
    doc = _project_with_text(project)
    start = TEXT.index("the Syrian Army shelled")
    mine = project.create_event_from_passage(doc, start, start + 23, title="My own title")
    remaining = suggest_events(project)
    assert all("shelled" not in s.sentence for s in remaining)
    accept_all(project, remaining)
    assert project.event(mine).title == "My own title"
    assert project.stats()["events"] == 2


def test_suggest_command_prints_json_and_accept_creates_dated_events(tmp_path):
    path = tmp_path / "demo.curator"
    run = lambda *a: subprocess.run([sys.executable, "-m", "curator", *a], capture_output=True,
                                    text=True, timeout=120)
    assert run("new", str(path), "--demo").returncode == 0
    before = json.loads(run("stats", str(path)).stdout)
    listed = run("suggest", str(path))
    assert listed.returncode == 0, listed.stderr
    suggestions = json.loads(listed.stdout)
    assert len(suggestions) > 20
    assert json.loads(run("stats", str(path)).stdout) == before  # listing changes nothing
    accepted = run("suggest", str(path), "--accept")
    assert accepted.returncode == 0, accepted.stderr
    after = json.loads(run("stats", str(path)).stdout)
    assert after["events"] == before["events"] + len(suggestions)
    assert after["dated_events"] == after["events"]
    with Project.open(path) as project:
        for row in project.event_rows():
            assert project.event(row.id).evidence
    assert json.loads(run("suggest", str(path)).stdout) == []
