"""The compiled schema pre-check must agree with jsonschema (the reference) on every document:
it may only ever answer "valid" when Draft202012Validator does too."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from curator.exchange.schema_check import UnsupportedSchema, compile_schema
from curator.exchange.validate import schema

UID = "0f8fad5b-d9cb-469f-a165-70867728950e"
STAMP = "2024-01-01T00:00:00.000000Z"
COMMON = {"uid": UID, "created_at": STAMP, "updated_at": STAMP, "created_by": "a", "deleted_at": None}
VALID_1 = {
    "format": "curator-export", "format_version": 1, "exported_at": STAMP, "generator": "x",
    "documents": [COMMON | {"title": "", "source_kind": "", "author": "", "published": "", "filename": "",
                            "text": "abc", "sha256": "0" * 64}],
    "spans": [COMMON | {"document": UID, "start": 0, "end": 2, "quote": "ab"}],
    "events": [COMMON | {"title": "t", "description": "", "location": "", "edtf": "2014",
                         "earliest": "2014-01-01", "latest": "2014-12-31", "date_text": ""}],
    "actors": [COMMON | {"name": "A", "kind": "", "aliases": ["b"]}],
    "event_actors": [COMMON | {"event": UID, "actor": UID, "role": ""}],
    "evidence": [COMMON | {"event": UID, "span": UID}],
    "rejected_suggestions": [COMMON | {"document": UID, "start": 0, "end": 3, "edtf": "2014"}],
    "sync": {UID: ["0" * 32]},
}
VALID_2 = VALID_1 | {  # format 2: the tag set, labels, notes, mentions, places, redirects
    "format_version": 2,
    "tags": [COMMON | {"name": "Person", "color": "#e6194b", "shortcut": "1", "description": "",
                       "position": 0}],
    "spans": [VALID_1["spans"][0] | {"tag": UID, "note": "n", "actor": None}],
    "events": [VALID_1["events"][0] | {"place": UID}],
    "actors": [VALID_1["actors"][0] | {"latitude": 36.2, "longitude": 37.15, "merged_into": ""}],
}
VALID_3 = VALID_2 | {  # format 3: documents' source, encoding and inferred-date flag
    "format_version": 3,
    "documents": [VALID_1["documents"][0] | {"published_inferred": True, "source": "https://x.org/a",
                                             "encoding": "windows-1251"}],
}
VALID_4 = VALID_3 | {  # format 4: who exported, what it held, the history with claims and contents
    "format_version": 4,
    "sync": {"replica": UID, "shared_at": STAMP, "held": {UID: "0" * 32},
             "history": {UID: [{"state": "1" * 32, "replica": UID, "shared_at": STAMP,
                                "content": {"title": "t"}}, {"state": "2" * 32}]}},
}
VALID_5 = VALID_4 | {  # format 5: what a document's original file was, its pages, its metadata
    "format_version": 5,
    "documents": [VALID_3["documents"][0] | {
        "kind": "pdf", "source_sha256": "a" * 64, "source_size": 2048, "page_starts": [0, 2],
        "metadata": {"title": "T", "title_source": "PDF info /Title", "ocr": True},
        "problems": ["page 2 has no text layer"]}],
    "spans": [VALID_2["spans"][0] | {"page": "p. 1"}],
}

VALID = VALID_5 | {  # format 6: typed event fields, their values, claim links
    "format_version": 6,
    "fields": [COMMON | {"name": "event type", "kind": "choice", "choices": ["Battles", "Riots"], "position": 0}],
    "field_values": [COMMON | {"event": UID, "field": UID, "text": "at least 70", "low": 70, "high": None,
                               "qualifier": "at least", "latitude": None, "longitude": None}],
    "claim_links": [COMMON | {"event_a": UID, "event_b": UID, "status": "same", "note": ""}],
}

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", "x", UID, STAMP, "2014-01-01", "0" * 32, "0" * 64, "a\nb", "curator-export",
                       UID + "\n", UID.upper(), STAMP + "\n", "2014-01-01\n", "٢٠١٤-٠١-٠١", "2014 ",
                       "#e6194b\n"]),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.sampled_from(["uid", "x", "name"]), inner, max_size=2),
    max_leaves=4)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _paths(sub, prefix + (key,))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _paths(sub, prefix + (i,))


ALL_PATHS = [p for p in _paths(VALID) if p]


@pytest.fixture(scope="module")
def checkers():
    return compile_schema(schema()), Draft202012Validator(schema())


def test_the_valid_sample_is_valid(checkers):
    fast, reference = checkers
    assert reference.is_valid(VALID) and fast(VALID)


@pytest.mark.parametrize("name, value", [
    ("kind", "doc"), ("source_sha256", "A" * 64), ("source_sha256", "a" * 63), ("source_size", -1),
    ("source_size", "2048"), ("page_starts", [0, -1]), ("page_starts", "[0]"), ("metadata", []),
    ("problems", [1])])
def test_format_5_document_fields_are_checked_by_both_checks(checkers, name, value):
    fast, reference = checkers
    doc = copy.deepcopy(VALID)
    doc["documents"][0][name] = value
    assert fast(doc) is reference.is_valid(doc) is False


@pytest.mark.parametrize("key, name, value", [
    ("fields", "kind", "colour"), ("fields", "kind", None), ("fields", "choices", "Battles"),
    ("fields", "choices", [""]), ("fields", "choices", ["a\nb"]), ("fields", "position", -1),
    ("fields", "name", ""), ("field_values", "qualifier", "roughly"), ("field_values", "low", "70"),
    ("field_values", "latitude", True), ("field_values", "event", "x"), ("field_values", "text", None),
    ("claim_links", "status", "maybe"), ("claim_links", "status", None), ("claim_links", "event_b", UID.upper()),
    ("claim_links", "note", 1)])
def test_format_6_records_are_checked_by_both_checks(checkers, key, name, value):
    fast, reference = checkers
    doc = copy.deepcopy(VALID)
    doc[key][0][name] = value
    assert fast(doc) is reference.is_valid(doc) is False


def test_format_6_lists_are_optional_and_format_5_has_its_own_schema(checkers):
    fast, reference = checkers
    doc = copy.deepcopy(VALID)
    for key in ("fields", "field_values", "claim_links"):
        del doc[key]
    assert fast(doc) is reference.is_valid(doc) is True
    old_fast, old_reference = compile_schema(schema(5)), Draft202012Validator(schema(5))
    assert old_reference.is_valid(VALID_5) and old_fast(VALID_5)
    assert not reference.is_valid(VALID_5) and not fast(VALID_5)
    assert not old_reference.is_valid(VALID | {"format_version": 5}) and not old_fast(VALID | {"format_version": 5})


def test_format_4_has_its_own_schema(checkers):
    fast, reference = checkers
    old_fast, old_reference = compile_schema(schema(4)), Draft202012Validator(schema(4))
    assert old_reference.is_valid(VALID_4) and old_fast(VALID_4)
    assert not reference.is_valid(VALID_4) and not fast(VALID_4)


def test_format_3_has_its_own_schema_and_format_4_its_sync_section(checkers):
    fast, reference = checkers
    old_fast, old_reference = compile_schema(schema(3)), Draft202012Validator(schema(3))
    assert old_reference.is_valid(VALID_3) and old_fast(VALID_3)
    assert not reference.is_valid(VALID_3) and not fast(VALID_3)
    minimal = VALID | {"sync": {}}  # a hand-made file knows nothing of its history
    assert fast(minimal) is reference.is_valid(minimal) is True


@pytest.mark.parametrize("path, value", [
    (("sync", "replica"), "not a uid"), (("sync", "shared_at"), "yesterday"),
    (("sync", "held", UID), "0" * 31), (("sync", "held"), {"x": "0" * 32}),
    (("sync", "history", UID, 0, "state"), "z" * 32), (("sync", "history", UID, 0, "content"), "{}"),
    (("sync", "history", UID, 0, "replica"), UID.upper()), (("sync", "history", UID, 0, "extra"), 1),
    (("sync", "history", UID, 1), {"replica": UID}), (("sync", "other"), {})])
def test_bad_sync_values_are_refused_by_both_checks(checkers, path, value):
    fast, reference = checkers
    doc = copy.deepcopy(VALID)
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    assert fast(doc) is reference.is_valid(doc) is False


def test_format_1_has_its_own_schema_and_format_2_needs_its_new_fields(checkers):
    fast, reference = checkers
    old_fast, old_reference = compile_schema(schema(1)), Draft202012Validator(schema(1))
    assert old_reference.is_valid(VALID_1) and old_fast(VALID_1)
    assert not reference.is_valid(VALID_1) and not fast(VALID_1)
    for key, field in (("spans", "tag"), ("spans", "note"), ("spans", "actor"), ("events", "place"),
                       ("actors", "latitude"), ("actors", "merged_into")):
        doc = copy.deepcopy(VALID)
        del doc[key][0][field]
        assert fast(doc) is reference.is_valid(doc) is False


@pytest.mark.parametrize("path, value", [
    (("tags", 0, "color"), "red"), (("tags", 0, "color"), "#12345"), (("tags", 0, "shortcut"), "0"),
    (("tags", 0, "shortcut"), "12"), (("tags", 0, "name"), ""), (("tags", 0, "position"), -1),
    (("spans", 0, "tag"), "not a uid"), (("actors", 0, "latitude"), "36.2"),
    (("actors", 0, "merged_into"), "x"), (("events", 0, "place"), 3)])
def test_bad_format_2_values_are_refused_by_both_checks(checkers, path, value):
    fast, reference = checkers
    doc = copy.deepcopy(VALID)
    doc[path[0]][path[1]][path[2]] = value
    assert fast(doc) is reference.is_valid(doc) is False


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(ALL_PATHS), st.sampled_from(["set", "delete", "add"]), JSON_VALUES)
def test_fast_check_agrees_with_jsonschema(checkers, path, action, value):
    fast, reference = checkers
    doc = copy.deepcopy(VALID)
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if action == "set":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif isinstance(parent, dict):
        parent["unexpected"] = value
    else:
        parent.append(value)
    assert fast(doc) == reference.is_valid(doc)


def test_rejected_suggestions_are_optional_but_checked_when_present(checkers):
    fast, reference = checkers
    doc = copy.deepcopy(VALID)
    del doc["rejected_suggestions"]  # an export written before the list existed
    assert fast(doc) is reference.is_valid(doc) is True
    for bad in ({}, [{"document": UID}], [COMMON | {"document": UID, "start": 0, "end": 3}],
                [COMMON | {"document": "x", "start": 0, "end": 3, "edtf": ""}],
                [COMMON | {"document": UID, "start": 0, "end": 3, "edtf": None}]):
        doc["rejected_suggestions"] = bad
        assert fast(doc) is reference.is_valid(doc) is False


def test_integral_floats_are_integers_as_in_jsonschema(checkers):
    fast, reference = checkers
    doc = copy.deepcopy(VALID)
    doc["spans"][0]["start"] = 0.0
    assert fast(doc) is reference.is_valid(doc) is True
    doc["spans"][0]["start"] = 0.5
    assert fast(doc) is reference.is_valid(doc) is False


def test_unknown_keywords_are_refused_not_ignored():
    with pytest.raises(UnsupportedSchema):
        compile_schema({"type": "object", "properties": {"a": {"maxLength": 3}}})
