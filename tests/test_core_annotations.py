"""The tag set and highlights through the Project facade: effects on the database, undo tokens,
refusals that leave the file unchanged, exact offsets on hard text."""

from __future__ import annotations

import pytest
from db_snapshot import all_rows, live_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.core import InvalidInput, InvalidOffsets, NotFound
from curator.core.tagset import DEFAULT_TAGS

HARD = "Aleppo 😀 siege 👩‍👩‍👧 ends.\r\nCafe\u0301 حلب، ٨ أيار ٢٠١٤ — x\u0308\u0304y.\r\n"


def test_a_new_project_has_the_default_tag_set(project):
    tags = project.tags()
    assert [(t.name, t.color, t.shortcut, t.position) for t in tags] == [
        (name, color, key, n) for n, (name, color, key, _) in enumerate(DEFAULT_TAGS)]
    assert [t.name for t in tags] == ["Person", "Group", "Place", "Date", "Event", "Figure", "Quote"]
    assert "casualties" in tags[5].description
    assert project.tag_by_shortcut("3").name == "Place"
    assert project.tag_by_shortcut("9") is None and project.tag_by_shortcut("") is None
    assert project.stats()["tags"] == 7


def test_add_update_delete_restore_tag(project, project_path):
    before = live_rows(project_path)
    tag_id = project.add_tag("  Weapon  ", "#00AA00", "8", "a weapon")
    tag = project.tag(tag_id)
    assert (tag.name, tag.color, tag.shortcut, tag.position) == ("Weapon", "#00aa00", "8", 7)
    assert project.tags()[-1].id == tag_id
    previous = project.update_tag(tag_id, name="Arms", shortcut="9", position=-1)
    assert previous == {"name": "Weapon", "shortcut": "8", "position": 7}
    assert project.tags()[0].name == "Arms" and project.tag_by_shortcut("9").id == tag_id
    project.update_tag(tag_id, **previous)
    stamp = project.delete_tag(tag_id)
    assert tag_id not in [t.id for t in project.tags()]
    assert live_rows(project_path) == before
    project.restore_tag(tag_id, stamp)
    assert project.tag(tag_id).name == "Weapon"


@pytest.mark.parametrize("changes, reason", [
    (dict(name="  "), "needs a name"),
    (dict(name="person"), "already a tag named"),
    (dict(color="red"), "#rrggbb"),
    (dict(color="#12345"), "#rrggbb"),
    (dict(shortcut="0"), "1 to 9"),
    (dict(shortcut="12"), "1 to 9"),
    (dict(shortcut="1"), "already used by the tag 'Person'"),
    (dict(position="first"), "whole number"),
    (dict(colour="#123456"), "no field colour"),
])
def test_bad_tag_edits_are_refused_and_change_nothing(project, project_path, changes, reason):
    quote = project.tags()[-1]
    before = all_rows(project_path)
    with pytest.raises(InvalidInput, match=reason):
        project.update_tag(quote.id, **changes)
    if set(changes) <= {"name", "color", "shortcut"}:
        with pytest.raises(InvalidInput, match=reason):
            project.add_tag(**({"name": "New", "color": "#123456"} | changes))
    assert all_rows(project_path) == before


def test_a_tag_in_use_cannot_be_deleted(project, project_path):
    doc = project.add_document("Ten people died.")
    figure = project.tag_by_shortcut("6").id
    project.add_highlights([dict(document_id=doc, start=0, end=3, tag_id=figure),
                            dict(document_id=doc, start=4, end=10, tag_id=figure)])
    before = all_rows(project_path)
    with pytest.raises(InvalidInput, match="labels 2 highlights"):
        project.delete_tag(figure)
    assert all_rows(project_path) == before
    with pytest.raises(NotFound):
        project.delete_tag(9999)


def test_highlights_carry_label_note_and_mention(project):
    doc = project.add_document("Assad spoke in Aleppo.")
    person, place = project.tag_by_shortcut("1").id, project.tag_by_shortcut("3").id
    assad = project.add_actor("Bashar al-Assad", "person", ["Assad"])
    first = project.add_highlight(doc, 0, 5, tag_id=person, note="the president", actor_id=assad)
    ids = project.add_highlights([dict(document_id=doc, start=15, end=21, tag_id=place),
                                  dict(document_id=doc, start=0, end=22)])  # nests the others
    assert ids == [first + 1, first + 2]
    spans = project.spans(doc)
    assert [(s.start, s.end, s.quote, s.tag_id, s.note, s.actor_id) for s in spans] == [
        (0, 5, "Assad", person, "the president", assad),
        (0, 22, "Assad spoke in Aleppo.", None, "", None),
        (15, 21, "Aleppo", place, "", None)]
    assert project.span(first) == spans[0]
    stats = project.stats()
    assert (stats["spans"], stats["highlights"], stats["mentions"]) == (3, 2, 1)


@pytest.mark.parametrize("item, error", [
    (dict(start=5, end=5), InvalidOffsets),
    (dict(start=-1, end=2), InvalidOffsets),
    (dict(start=0, end=99), InvalidOffsets),
    (dict(start=0, end=2, tag_id=999), NotFound),
    (dict(start=0, end=2, actor_id=999), NotFound),
    (dict(start=0, end=2, document_id=999), NotFound),
    (dict(start=0, end=2, note=5), InvalidInput),
])
def test_bad_highlights_are_refused_all_or_nothing(project, project_path, item, error):
    doc = project.add_document("A short text.")
    before = all_rows(project_path)
    good = dict(document_id=doc, start=0, end=1)
    with pytest.raises(error):
        project.add_highlights([good, dict(document_id=doc) | item])
    assert all_rows(project_path) == before


def test_update_span_returns_previous_values_for_undo(project, project_path):
    doc = project.add_document("ISIS fled.")
    group = project.tag_by_shortcut("2").id
    isis = project.add_actor("ISIS", "armed group")
    span = project.add_highlight(doc, 0, 4)
    before = live_rows(project_path)
    previous = project.update_span(span, tag_id=group, note="fled", actor_id=isis)
    assert previous == {"tag_id": None, "note": "", "actor_id": None}
    info = project.span(span)
    assert (info.tag_id, info.note, info.actor_id) == (group, "fled", isis)
    project.update_span(span, **previous)
    assert live_rows(project_path) == before
    snapshot = all_rows(project_path)
    for bad, error in ((dict(tag_id=99), NotFound), (dict(actor_id=99), NotFound),
                       (dict(quote="x"), InvalidInput), (dict(note=3), InvalidInput)):
        with pytest.raises(error):
            project.update_span(span, **bad)
    with pytest.raises(NotFound):
        project.update_span(999, note="x")
    assert all_rows(project_path) == snapshot


def test_delete_span_then_restore_leaves_the_file_as_before(project, project_path):
    doc = project.add_document("On 8 May 2014 the siege ended.")
    event = project.create_event_from_passage(doc, 0, 13)
    span = project.event(event).evidence[0].id
    project.update_span(span, tag_id=project.tag_by_shortcut("4").id)
    before = live_rows(project_path)
    stamp = project.delete_span(span)
    assert project.spans(doc) == [] and project.event(event).evidence == ()
    project.restore_span(span, stamp)
    assert live_rows(project_path) == before
    assert project.spans(doc)[0].event_ids == (event,)


def test_evidence_remove_restore_and_add_passage(project, project_path):
    doc = project.add_document("On 8 May 2014 the siege ended. Then peace.")
    event = project.create_event_from_passage(doc, 0, 30)
    other = project.add_highlight(doc, 31, 42, tag_id=project.tag_by_shortcut("5").id)
    assert project.add_evidence_passage(event, doc, 31, 42) == other  # reuses the highlight
    assert project.add_evidence_passage(event, doc, 31, 42) == other  # no second link
    new = project.add_evidence_passage(event, doc, 0, 13)
    assert project.span(new).tag_id is None
    assert [s.id for s in project.event(event).evidence] == [other - 1, other, new]
    before = live_rows(project_path)
    stamp = project.remove_evidence(event, other)
    assert [s.id for s in project.event(event).evidence] == [other - 1, new]
    assert project.span(other).event_ids == ()  # the highlight stays
    project.restore_evidence(event, other, stamp)
    assert live_rows(project_path) == before
    with pytest.raises(NotFound):
        project.remove_evidence(event, 999)


def test_offsets_on_hard_text(project):
    doc = project.add_document(HARD)
    for needle in ("😀", "👩‍👩‍👧", "\r\n", "e\u0301", "حلب", "٢٠١٤", "x\u0308\u0304y"):
        start = HARD.index(needle)
        span = project.add_highlight(doc, start, start + len(needle))
        assert project.span(span).quote == needle
    assert project.check()["ok"]


@given(st.data())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_highlight_quote_is_the_text_between_its_offsets(project, data):
    """One project for all examples: each example adds its own document."""
    alphabet = st.sampled_from(list("ab c\u0301ح٨") + ["\r", "\n", "\r\n", "😀", "𝔸", "\u200f"])
    text = data.draw(st.lists(alphabet, min_size=1, max_size=40).map("".join))
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    doc = project.add_document(text)
    span = project.add_highlight(doc, start, end, tag_id=project.tags()[0].id)
    (info,) = project.spans(doc)
    assert info.id == span and info.quote == text[start:end]
    assert project.document_text(doc)[info.start:info.end] == text[start:end]


def test_search_text_is_literal_case_insensitive_in_code_points(project):
    first = project.add_document("Aleppo 😀 ALEPPO, a.leppo\r\naleppo")
    second = project.add_document("no match here, but aleppo")
    hits = project.search_text("aleppo")
    assert [(h.document_id, h.start, h.end, h.match) for h in hits] == [
        (first, 0, 6, "Aleppo"), (first, 9, 15, "ALEPPO"), (first, 26, 32, "aleppo"),
        (second, 19, 25, "aleppo")]
    assert hits[1].context_before == "Aleppo 😀 " and hits[1].context_after.startswith(", a.leppo")
    assert [h.start for h in project.search_text("a.leppo")] == [17]
    assert len(project.search_text("aleppo", document_id=second)) == 1
    assert len(project.search_text("aleppo", limit=2)) == 2
    assert project.search_text("") == []
