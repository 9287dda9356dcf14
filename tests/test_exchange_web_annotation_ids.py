"""The Web Annotation export names its AnnotationCollection and AnnotationPage with exactly one
absolute IRI each, as the W3C model requires, read back by pyld (a third-party JSON-LD
processor) against the official context shipped in tests/data/w3c; every annotation has one too.
The IRIs are stable: the same for every export of a project and its copies, different for
another project."""

from __future__ import annotations

import json
import re
import shutil
import uuid

from annotation_support import add_tag, highlight
from curator.core import DateFields, Project
from curator.exchange import export_project
from w3c_support import AS, CONTEXT_FILE, OA, expand, nquads

TEXT = "On 3 May 2014 the siege of Homs ended. 😀 The UN mediated."
ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")  # RFC 3987: scheme ":" ...


def _annotated(project: Project) -> None:
    doc = project.add_document(TEXT, title="Report")
    place = add_tag(project, "Place", "#4363d8", "3")
    highlight(project, doc, TEXT.index("Homs"), TEXT.index("Homs") + 4, tag=place)
    highlight(project, doc, TEXT.index("😀"), TEXT.index("😀") + 1, note="an emoji")
    project.create_event_from_passage(doc, 0, TEXT.index("ended") + 6, title="siege ends",
                                      date=DateFields("2014-05-03", "2014-05-03", "2014-05-03"))


def _export(project: Project, path) -> dict:
    export_project(project, path)
    return json.loads(path.read_text(encoding="utf-8"))


def _single_iri(node: dict) -> str:
    """The node's one @id, checked to be an absolute IRI (expansion gives a string or nothing)."""
    assert isinstance(node.get("@id"), str), node.keys()
    iri = node["@id"]
    assert ABSOLUTE_IRI.fullmatch(iri), iri
    return iri


def test_collection_page_and_annotations_each_have_one_absolute_iri(project, tmp_path):
    _annotated(project)
    data = _export(project, tmp_path / "a.jsonld")
    [collection] = expand(data)
    assert collection["@type"] == [AS + "OrderedCollection"]
    collection_id = _single_iri(collection)
    [page] = collection[AS + "first"]
    assert page["@type"] == [AS + "OrderedCollectionPage"]
    page_id = _single_iri(page)
    assert page_id != collection_id
    assert collection[AS + "last"] == [{"@id": page_id}]  # one page: first and last
    assert page[AS + "partOf"] == [{"@id": collection_id}]
    assert collection[AS + "totalItems"][0]["@value"] == 3
    annotations = page[AS + "items"][0]["@list"]
    assert len(annotations) == 3
    ids = [_single_iri(a) for a in annotations]
    assert len(set(ids) | {collection_id, page_id}) == 5
    assert all(a["@type"] == [OA + "Annotation"] for a in annotations)
    for iri in (collection_id, page_id, *ids):
        assert iri.startswith("urn:uuid:") and str(uuid.UUID(iri[9:])) == iri[9:]


def test_as_rdf_the_collection_page_and_annotations_are_named_not_blank_nodes(project, tmp_path):
    _annotated(project)
    data = _export(project, tmp_path / "a.jsonld")
    typed = {}
    for line in nquads(data):
        subject, predicate, obj = line.split(" ", 2)
        if predicate == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>":
            typed.setdefault(obj.rstrip(" ."), []).append(subject)
    assert typed[f"<{AS}OrderedCollection>"] == [f"<{data['id']}>"]
    assert typed[f"<{AS}OrderedCollectionPage>"] == [f"<{data['first']['id']}>"]
    annotations = typed[f"<{OA}Annotation>"]
    assert len(annotations) == 3 and not any(s.startswith("_:") for s in annotations)


def test_the_iris_are_stable_across_exports_renames_and_copies_and_differ_between_projects(
        project, tmp_path):
    _annotated(project)
    first = _export(project, tmp_path / "a.jsonld")
    project.add_document("A second text, 4 June 2015.", title="Later")  # the project moves on
    again = _export(project, tmp_path / "b.jsonld")
    assert (again["id"], again["first"]["id"]) == (first["id"], first["first"]["id"])
    assert again["last"] == again["first"]["id"] and again["first"]["partOf"] == again["id"]
    export_project(project, tmp_path / "copy.curator")
    moved = shutil.move(tmp_path / "copy.curator", tmp_path / "renamed.curator")
    with Project.open(moved) as copy:  # a copy is the same project, whatever its name
        assert _export(copy, tmp_path / "c.jsonld")["id"] == first["id"]
    other_path = tmp_path / "other.curator"
    with Project.create(other_path) as other:
        _annotated(other)
        other_export = _export(other, tmp_path / "d.jsonld")
    assert other_export["id"] != first["id"] and other_export["first"]["id"] != first["first"]["id"]


def test_an_empty_project_exports_a_valid_empty_collection(project, tmp_path):
    data = _export(project, tmp_path / "empty.jsonld")
    [collection] = expand(data)
    _single_iri(collection)
    [page] = collection[AS + "first"]
    _single_iri(page)
    assert page[AS + "items"] == [{"@list": []}]
    assert collection[AS + "totalItems"][0]["@value"] == 0


def test_the_shipped_context_is_the_w3c_one():
    """Spot checks of tests/data/w3c/anno.jsonld against the W3C Recommendation's context
    (https://www.w3.org/TR/annotation-vocab/, http://www.w3.org/ns/anno.jsonld): its 114 terms,
    the collection and page classes and the list container of ``items``."""
    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    assert len(context) == 114
    assert context["oa"] == OA and context["as"] == AS
    assert context["id"] == {"@type": "@id", "@id": "@id"}
    assert context["AnnotationCollection"] == "as:OrderedCollection"
    assert context["AnnotationPage"] == "as:OrderedCollectionPage"
    assert context["items"] == {"@type": "@id", "@id": "as:items", "@container": "@list"}
    assert context["partOf"] == {"@type": "@id", "@id": "as:partOf"}
    assert context["total"] == {"@id": "as:totalItems", "@type": "xsd:nonNegativeInteger"}
