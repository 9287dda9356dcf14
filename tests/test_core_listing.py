"""The event listing (schema 5): kept equal to what the base tables say after every kind of
write (Curator's, another program's, bulk paths), answering which events a query shows and in
which order exactly as plain Python over the base tables does (tests/listing_oracle.py), with
the word rule of its full-text index (documented in curator.core.listing)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from listing_oracle import matching_ids, table_ids, word_matches
from sql_support import raw_sql

from curator.core import DateFields, Project, listing
from curator.core import database as db
from curator.core.event_query import EventQuery
from curator.core.listing import ListingOrder
from curator.exchange.copy import export_copy
from curator.exchange.json_format import export_json, import_json
from curator.exchange.merge_file import merge_file

COLUMNS = (None, "date", "title", "actors", "location", "documents")
TEXT = ("On 3 May 2014 the Council met in Aleppo. Al-Assad spoke in São Paulo. "
        "The Straße was closed. 東京で会議。 Émile Zola wrote. O'Brien left.")


def listing_problems(path: Path) -> list[str]:
    """What ``curator check`` says of the listing, read with plain sqlite3, and events waiting."""
    conn = sqlite3.connect(path)
    try:
        listing.register_functions(conn)
        return listing.problems(conn) + listing.stale_note(conn)
    finally:
        conn.close()


def assert_listed(project: Project) -> None:
    assert listing_problems(project.path) == []


@pytest.fixture
def varied(project) -> Project:
    """Events with every kind of key: accents, case, ties, blanks, open ends, undated."""
    doc = project.add_document(TEXT, title="Minutes Ü", published="2014-05-04")
    other = project.add_document("Another report on Aleppo.", title="annex")
    def passage(start, end, title, date=DateFields(), actors=()):
        return project.create_event_from_passage(doc, start, end, title=title, date=date, actors=actors)
    passage(0, 38, "Council meets", DateFields("2014-05-03", "2014-05-03", "2014-05-03", "3 May 2014"),
            ["Bashar al-Assad", "émile"])
    passage(39, 69, "speech in São Paulo", DateFields("../2014-03-09", None, "2014-03-09"), ["Émile Zola"])
    passage(70, 92, "Straße closed", DateFields("2014/..", "2014-01-01", None), ["zed"])
    passage(93, 101, "東京 meeting")
    passage(102, 120, "council MEETS", DateFields("2014-05", "2014-05-01", "2014-05-31"), ["Émile Zola"])
    project.add_event("", location="Tal Abyad", date=DateFields("2013", "2013-01-01", "2013-12-31"))
    project.add_event("O'Brien left", location="aleppo")
    e = project.create_event_from_passage(other, 0, 10, title="annexed", actors=["ZED"])
    project.add_evidence_passage(e, doc, 0, 5)  # two documents
    project.set_event_location(e, "Aleppo")
    return project


# ------------------------------------------------------------------ kept current
def test_a_new_project_lists_nothing_and_is_consistent(project):
    assert_listed(project)
    assert project.ordered_event_ids(EventQuery(), ListingOrder()).tolist() == []


def test_every_facade_write_keeps_the_listing_current(varied):
    project = varied
    assert_listed(project)
    ids = [r.id for r in project.event_rows()]
    doc = project.documents()[0].id
    steps = [
        lambda: project.update_event(ids[0], title="Renamed ümlaut", location="Homs"),
        lambda: project.set_event_date(ids[1], DateFields("2015", "2015-01-01", "2015-12-31")),
        lambda: project.set_event_actors(ids[2], ["New One", "zed"]),
        lambda: project.set_event_actor_links(ids[3], [(project.find_actor("zed"), "witness")]),
        lambda: project.link_actor(ids[4], project.find_actor("New One")),
        lambda: project.set_event_location(ids[5], "Raqqa"),
        lambda: project.set_event_place(ids[5], None),
        lambda: project.update_actor(project.find_actor("zed"), name="Zed Renamed"),
        lambda: project.update_document(doc, title="Minutes renamed"),
    ]
    for step in steps:
        step()
        assert_listed(project)
    stamp = project.delete_events([ids[0], ids[1]])
    assert_listed(project)
    project.restore_events([ids[0], ids[1]], stamp)
    assert_listed(project)
    span = project.event(ids[2]).evidence[0].id
    stamp = project.remove_evidence(ids[2], span)
    assert_listed(project)
    project.restore_evidence(ids[2], span, stamp)
    stamp = project.delete_span(span)
    assert_listed(project)
    project.restore_span(span, stamp)
    stamp = project.delete_documents([doc])
    assert_listed(project)
    project.restore_documents([doc], stamp)
    actor = project.find_actor("Émile Zola")
    stamp = project.delete_actor(actor)
    assert_listed(project)
    project.restore_actor(actor, stamp)
    token = project.merge_actors(project.find_actor("Zed Renamed"), project.find_actor("New One"))
    assert_listed(project)
    project.unmerge_actors(token)
    assert_listed(project)
    with project.batch():  # one transaction of many steps: listed once, at its end
        project.update_event(ids[6], title="in a batch")
        project.add_event("added in a batch")
    assert_listed(project)
    assert any(r.title == "in a batch" for r in project.event_rows_by_id([ids[6]]))


def test_what_another_program_writes_is_listed_when_curator_next_opens_or_writes(varied, tmp_path):
    path = varied.path
    varied.close()
    raw_sql(path,
            "UPDATE event SET title = 'Changed behind its back' WHERE id = 1",
            "UPDATE actor SET name = 'Renamed outside' WHERE name = 'zed'",
            "INSERT INTO event (uid, created_at, updated_at, created_by, title, description, "
            "location, edtf, date_text) VALUES ('x1', '', '', '', 'Inserted outside', '', '', '', '')",
            "DELETE FROM event_evidence WHERE id = (SELECT max(id) FROM event_evidence)")
    assert any("waiting to be listed" in line for line in listing_problems(path))
    with Project.open(path) as project:
        assert_listed(project)
        assert project.matching_event_ids(EventQuery("inserted outside")) == [9]
        assert project.matching_event_ids(EventQuery("renamed outside"))


def test_import_merge_and_copy_list_what_they_bring(varied, tmp_path):
    export_json(varied, tmp_path / "out.json")
    with Project.create(tmp_path / "imported.curator") as imported:
        import_json(imported, tmp_path / "out.json")
        assert_listed(imported)
        assert imported.matching_event_ids(EventQuery("sao")) == varied.matching_event_ids(EventQuery("sao"))
    export_copy(varied, tmp_path / "copy.curator")
    with Project.open(tmp_path / "copy.curator", annotator="colleague") as copy:
        assert_listed(copy)
        event = copy.matching_event_ids(EventQuery("council meets"))[0]
        copy.update_event(event, title="Council adjourned")
        copy.add_event("Only in the copy")
    merge_file(varied, tmp_path / "copy.curator")
    assert_listed(varied)
    assert len(varied.matching_event_ids(EventQuery("adjourned"))) == 1
    assert len(varied.matching_event_ids(EventQuery("only in the copy"))) == 1


def test_a_copy_makes_its_listing_from_its_own_events(varied, tmp_path):
    raw_sql(varied.path, "UPDATE event_listing SET title_key = 'tampered'")  # wrong here...
    export_copy(varied, tmp_path / "copy.curator")
    assert listing_problems(tmp_path / "copy.curator") == []  # ...made again in the copy


def test_check_finds_a_tampered_listing_and_fix_makes_it_again(varied, tmp_path, capsys):
    from curator.cli import main

    path = varied.path
    varied.close()
    raw_sql(path, "UPDATE event_listing SET title_key = 'zzz' WHERE event_id = 2")
    assert main(["check", str(path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert any("event listing: 1 event listed otherwise" in p and "(event 2)" in p for p in report["problems"])
    assert any("full-text index is out of step" in p for p in report["problems"])
    assert main(["check", "--fix", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and "event listing made again from the events" in report["fix"]["fixed"]


def test_large_settles_rebuild_and_small_ones_update(project, monkeypatch):
    calls = []
    monkeypatch.setattr(listing, "REBUILD_MIN", 5)
    real = listing.rebuild
    monkeypatch.setattr(listing, "rebuild", lambda conn: (calls.append("rebuild"), real(conn)))
    with project.batch():
        for i in range(10):
            project.add_event(f"event {i}")
    assert calls == ["rebuild"]
    project.update_event(1, title="small change")
    assert calls == ["rebuild"]
    assert_listed(project)


# ------------------------------------------------------------------ answers
def test_orders_match_the_oracle_in_both_directions(varied):
    rows = varied.event_rows()
    for column in COLUMNS:
        for descending in (False, True):
            order = ListingOrder(column, descending)
            want = table_ids(varied, EventQuery(), column, descending)
            assert varied.ordered_event_ids(EventQuery(), order).tolist() == want, order
            assert [r.id for r in varied.event_page(EventQuery(), order, 2, 4)] == want[2:6], order
            assert [varied.event_position(EventQuery(), order, i) for i in want] == list(range(len(rows)))


def test_text_orders_fold_case_as_python_does(varied):
    titles = [r.title for r in varied.event_rows_by_id(
        varied.ordered_event_ids(EventQuery(), ListingOrder("title")).tolist())]
    assert titles[-1] == ""  # blank last
    assert titles[:-1] == sorted(titles[:-1], key=str.casefold)
    assert titles.index("Straße closed") < titles.index("東京 meeting")


@pytest.mark.parametrize("query", [
    EventQuery("council"), EventQuery("COUNCIL meets"), EventQuery("alep"), EventQuery("leppo"),
    EventQuery("sao"), EventQuery("são paulo"), EventQuery("strasse"), EventQuery("straße"),
    EventQuery("al-assad"), EventQuery("assad"), EventQuery("o'brien"), EventQuery("😀"),
    EventQuery("東京"), EventQuery("minutes"), EventQuery("emile"), EventQuery("-"),
    EventQuery(earliest="2014-05-02"), EventQuery(latest="2014-03-31"),
    EventQuery(earliest="2014-05-01", latest="2014-05-03"), EventQuery("council", latest="2014-05-02"),
], ids=repr)
def test_queries_match_the_oracle(varied, query):
    assert varied.matching_event_ids(query) == matching_ids(varied, query)
    for column in COLUMNS:
        assert varied.ordered_event_ids(query, ListingOrder(column, True)).tolist() == \
            table_ids(varied, query, column, True)
    assert varied.count_events(query) == len(matching_ids(varied, query))


def test_an_actors_and_a_places_events(varied):
    for name in ("Émile Zola", "zed", "Aleppo"):
        actor = varied.find_actor(name)
        query = EventQuery(actor_id=actor)
        assert varied.matching_event_ids(query) == varied.actor_event_ids(actor) == matching_ids(varied, query)
        assert varied.matching_event_ids(query.with_text("annexed")) == matching_ids(varied, query.with_text("annexed"))


def test_documented_word_rule(varied):
    def found(text):
        return {r.title for r in varied.event_rows_by_id(varied.matching_event_ids(EventQuery(text)))}
    assert found("alep") == {"O'Brien left", "annexed"}  # the start of a word (their place)
    assert found("sao") == {"speech in São Paulo"}  # accents ignored
    assert found("strasse") == found("straße") == {"Straße closed"}  # Python's case folding
    assert found("al-assad") == {"Council meets"}  # a phrase: al, then assad…
    assert found("assad-al") == set()  # …in that order
    assert found("leppo") == set()  # the start of a word, not any substring
    assert found("東京") == {"東京 meeting"}  # a run of CJK is one word: found from its start
    assert found("京") == set()
    assert found("😀") == set()  # a symbol only: as it is, anywhere (no event's texts hold it)


ALPHABET = st.sampled_from(list("abcdeéüñçßAÉÜ0123 -'.,"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(titles=st.lists(st.text(ALPHABET, max_size=14), min_size=1, max_size=6),
       words=st.lists(st.text(ALPHABET, min_size=1, max_size=5), min_size=1, max_size=2))
def test_words_match_as_the_oracle_says(tmp_path_factory, titles, words):
    path = tmp_path_factory.mktemp("words") / "w.curator"
    with Project.create(path) as project:
        ids = [project.add_event(t or "x", location=t[::-1]) for t in titles]
        query = EventQuery(" ".join(words))
        assert project.matching_event_ids(query) == matching_ids(project, query)
        assert project.events_matching(query, ids) == set(matching_ids(project, query))


def test_the_oracle_word_rule_itself():
    assert word_matches("alep", ("Aleppo",)) and not word_matches("leppo", ("Aleppo",))
    assert word_matches("al-as", ("Bashar al-Assad",)) and word_matches("😀", ("a😀b",))


def test_ids_come_in_the_order_sqlite_reads_them(varied):
    """The ordered ids are read through group_concat over a subquery kept whole (LIMIT -1):
    the same order as reading the rows one by one."""
    conn = sqlite3.connect(varied.path)
    for column in COLUMNS:
        for descending in (False, True):
            present, blank = ListingOrder(column, descending).sql()
            rows = [r[0] for r in conn.execute(present)] + ([r[0] for r in conn.execute(blank)] if blank else [])
            assert varied.event_order(ListingOrder(column, descending))[0].tolist() == rows
    conn.close()


# ------------------------------------------------------------------ schema
def test_the_migration_states_the_listing_exactly_as_schema_5_had_it():
    """Schema 5's step makes the listing's triggers and index as the v5 fixture has them (schema
    7's step then makes a new file's: test_core_timeline_days)."""
    from curator.core.migrations import _V5_LISTING
    from curator.core.schema_history import SCHEMAS

    triggers = {sql.split()[2]: sql.replace("INSERT INTO event_listing_stale (event_id)", listing._MARK)
                for sql in _V5_LISTING if sql.startswith("CREATE TRIGGER")}
    assert triggers == SCHEMAS[5].trigger_sql
    assert [sql for sql in _V5_LISTING if sql.startswith("CREATE VIRTUAL")] == list(SCHEMAS[5].virtual_sql.values())


def test_a_v4_file_is_upgraded_and_listed(tmp_path):
    path = tmp_path / "four.curator"
    shutil.copy(Path(__file__).parent / "data" / "schemas" / "schema_v4.curator", path)
    with Project.open(path) as project:
        assert project.schema_version == db.SCHEMA_VERSION == 7
        assert_listed(project)
        assert project.matching_event_ids(EventQuery()) == [r.id for r in project.event_rows()]
        assert project.matching_event_ids(EventQuery("isis")) == matching_ids(project, EventQuery("isis"))


@pytest.mark.parametrize("version", [5, 6, 7])
def test_the_fixtures_hold_a_listing_that_agrees(tmp_path, version):
    """Upgraded by the migrations alone (which list nothing: schema 7's fills the listed days),
    the listing of each fixture agrees with its events."""
    path = tmp_path / "fixture.curator"
    shutil.copy(Path(__file__).parent / "data" / "schemas" / f"schema_v{version}.curator", path)
    db.migrate(path)
    assert listing_problems(path) == []


def test_read_only_reads_the_listing_without_writing(varied, tmp_path):
    from curator.core import file_access

    path = varied.path
    varied.close()
    with Project(path, access=file_access.Access(path, True)) as project:
        assert project.read_only
        assert project.matching_event_ids(EventQuery("council")) == [1, 5]


# ------------------------------------------------------------------ trust
def test_curators_own_triggers_are_trusted_only_as_written(varied, capsys):
    from curator.cli import main
    from curator.core.schema_trust import UntrustedSchema

    path = varied.path
    varied.close()
    raw_sql(path, "DROP TRIGGER event_listing_event_update",
            "CREATE TRIGGER event_listing_event_update AFTER UPDATE ON event BEGIN SELECT 1; END")
    with pytest.raises(UntrustedSchema, match="trigger event_listing_event_update on event is not as "
                                              "Curator made it"):
        Project.open(path)
    assert main(["check", "--fix", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"]
    with Project.open(path) as project:  # Curator's trigger again, and it works
        project.update_event(1, title="after the fix")
        assert_listed(project)


def test_a_missing_trigger_is_refused_and_made_again_by_fix(varied, capsys):
    from curator.cli import main
    from curator.core.schema_trust import UntrustedSchema

    path = varied.path
    varied.close()
    raw_sql(path, "DROP TRIGGER event_listing_actor_update", "UPDATE actor SET name = 'unseen' WHERE id = 1")
    with pytest.raises(UntrustedSchema, match="trigger event_listing_actor_update on actor is missing"):
        Project.open(path)
    assert main(["check", "--fix", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert "made again: trigger event_listing_actor_update on actor" in report["fix"]["fixed"]
    assert listing_problems(path) == []  # the rename it missed is listed: the listing was made again


def test_a_full_text_index_made_otherwise_is_refused(varied):
    from curator.core.schema_trust import UntrustedSchema

    path = varied.path
    varied.close()
    raw_sql(path, "DROP TABLE event_listing_fts",
            "CREATE VIRTUAL TABLE event_listing_fts USING fts5(title_key, actors_key, location_key, "
            "documents_key, content='event_listing', content_rowid='event_id')")
    with pytest.raises(UntrustedSchema, match="virtual table event_listing_fts is not as Curator made it"):
        Project.open(path)


def test_a_foreign_virtual_table_is_still_refused(varied):
    from curator.core.schema_trust import UntrustedSchema

    path = varied.path
    varied.close()
    raw_sql(path, "CREATE VIRTUAL TABLE notes USING fts5(body)")
    with pytest.raises(UntrustedSchema, match="virtual table notes"):
        Project.open(path)
