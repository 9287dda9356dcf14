""".curator copies (backup API, while the project is in use), CSV, TimelineJS, Web Annotation."""

from __future__ import annotations

import csv
import io
import json
import threading

import pytest

from curator.cli import main
from curator.core import DateFields, Project
from curator.core.errors import InvalidInput
from curator.exchange import export_format, export_project
from curator.exchange.copy import export_copy
from curator.exchange.errors import Cancelled
from curator.exchange.formats import protect_cell
from test_exchange_support import content, history, states

TEXT = "Le 3 mai 2014 😀 =HYPERLINK(\"x\") le siège\r\ncommença. 𝄞 Fin."


@pytest.fixture
def sample(project):
    doc = project.add_document(TEXT, title="=cmd|' /C calc'!A0")
    start = TEXT.index("le siège")
    e1 = project.create_event_from_passage(doc, start, start + 8, title="-2+3",
                                           date=DateFields("2014-05-03", "2014-05-03", "2014-05-03", "3 mai 2014"),
                                           actors=["@Ann", "Bob"])
    project.update_event(e1, description='multi\nline, "quoted"')
    project.create_event_from_passage(doc, TEXT.index("😀"), TEXT.index("😀") + 1,
                                           date=DateFields("2014-21", "2014-03-01", "2014-05-31", "spring"))
    emoji_span = next(s for s in project.spans(doc) if s.quote == "😀")
    project.add_evidence(e1, emoji_span.id)  # one span can be evidence for two events
    project.add_event("undated")
    return project


def test_format_by_suffix():
    assert export_format("a.timeline.json") == ".timeline.json"
    assert export_format("A.JSON") == ".json"
    assert export_format("x.sqlite") == ".sqlite"
    with pytest.raises(InvalidInput, match="cannot tell"):
        export_format("x.txt")


def test_copy_is_complete_and_carries_history(sample, tmp_path):
    export_copy(sample, tmp_path / "c.curator")
    with Project.open(tmp_path / "c.curator") as copy:
        assert copy.check()["ok"]
        assert content(copy) == content(sample)
        # the copy's history: every record as the project held it; the project wrote nothing
        assert history(copy) == {uid: {state} for kind in states(sample).values()
                                 for uid, state in kind.items()}
        assert history(sample) == {}
    assert not (tmp_path / "c.curator-wal").exists()  # one self-contained file


def test_copy_while_another_connection_writes(sample, tmp_path):
    writer = Project.open(sample.path)
    stop = threading.Event()

    def keep_writing():
        while not stop.is_set():
            writer.add_event("written meanwhile")
    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        for i in range(3):
            export_copy(sample, tmp_path / f"c{i}.curator")
    finally:
        stop.set()
        thread.join()
        writer.close()
    for i in range(3):
        with Project.open(tmp_path / f"c{i}.curator") as copy:
            assert copy.check()["ok"]
            assert copy.stats()["events"] >= 3


def test_copy_refuses_to_overwrite_the_project(sample):
    with pytest.raises(InvalidInput):
        export_copy(sample, sample.path)


def test_cancelled_copy_leaves_nothing(sample, tmp_path):
    with pytest.raises(Cancelled):
        export_copy(sample, tmp_path / "c.curator", progress=lambda done, total: False)
    assert list(tmp_path.glob("c.curator*")) == []


def test_csv_is_rfc4180_utf8_and_defuses_formulas(sample, tmp_path):
    export_project(sample, tmp_path / "e.csv")
    raw = (tmp_path / "e.csv").read_bytes()
    assert raw.count(b"\r\n") >= 4 and not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert len(rows) == 3
    first = rows[0]
    assert first["title"] == "'-2+3"
    assert first["actors"] == "'@Ann; Bob"
    assert first["documents"] == "'=cmd|' /C calc'!A0"
    assert first["description"] == 'multi\nline, "quoted"'
    assert first["quotes"] == "le siège | 😀"
    assert rows[1]["quotes"] == "😀" and rows[1]["edtf"] == "2014-03/2014-05"  # stored as months
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values())


def test_protect_cell():
    assert protect_cell("=1+1") == "'=1+1"
    assert protect_cell("plain") == "plain"
    assert protect_cell("") == ""


def test_timelinejs(sample, tmp_path):
    export_project(sample, tmp_path / "t.timeline.json")
    data = json.loads((tmp_path / "t.timeline.json").read_text(encoding="utf-8"))
    events = data["events"]
    assert len(events) == 2  # the undated event cannot be placed
    spring, siege = events
    assert spring["start_date"] == {"year": 2014, "month": 3, "day": 1}
    assert spring["end_date"] == {"year": 2014, "month": 5, "day": 31}
    assert spring["display_date"] == "2014-03/2014-05"
    assert siege["display_date"] == "2014-05-03" and "end_date" not in siege
    assert siege["group"] == "@Ann"
    assert siege["text"]["text"] == "multi\nline, &quot;quoted&quot;"


def test_web_annotation_selectors_count_code_points(sample, tmp_path):
    export_project(sample, tmp_path / "a.jsonld")
    data = json.loads((tmp_path / "a.jsonld").read_text(encoding="utf-8"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    items = data["first"]["items"]
    assert data["total"] == len(items) == 2
    by_quote = {a["target"]["selector"][0]["exact"]: a for a in items}
    emoji = by_quote["😀"]
    position = emoji["target"]["selector"][1]
    assert position == {"type": "TextPositionSelector", "start": TEXT.index("😀"), "end": TEXT.index("😀") + 1}
    assert len(emoji["body"]) == 2  # linked to both events
    assert all(b["source"].startswith("urn:uuid:") for b in emoji["body"])
    siege = by_quote["le siège"]
    quote = siege["target"]["selector"][0]
    assert TEXT[:TEXT.index("le siège")].endswith(quote["prefix"])
    assert TEXT[TEXT.index("le siège") + 8:].startswith(quote["suffix"])
    assert siege["creator"] == {"type": "Person", "name": "tester"}


def test_cli_export_unknown_suffix_fails_cleanly(sample, tmp_path, capsys):
    assert main(["export", str(sample.path), str(tmp_path / "x.docx")]) == 1
    assert "cannot tell the export format" in capsys.readouterr().err
    assert main(["export", str(sample.path), str(tmp_path / "x.curator")]) == 0


def test_export_filters_cover_every_suffix():
    from curator.exchange import EXPORT_FORMATS, export_filters
    joined = " ".join(export_filters())
    assert all(f"*{suffix}" in joined for suffix in EXPORT_FORMATS)


@pytest.mark.parametrize("suffix", [".csv", ".timeline.json", ".jsonld"])
def test_rejected_suggestions_leave_the_other_formats_unchanged(sample, tmp_path, suffix):
    export_project(sample, tmp_path / f"before{suffix}")
    doc = sample.documents()[0].id
    sample.reject_suggestion(doc, 0, 13, "2014-05-03")
    sample.forget_rejections([sample.reject_suggestion(doc, 3, 9, "")])
    export_project(sample, tmp_path / f"after{suffix}")
    assert (tmp_path / f"after{suffix}").read_bytes() == (tmp_path / f"before{suffix}").read_bytes()


def test_copy_carries_rejections_and_their_history(sample, tmp_path):
    doc = sample.documents()[0].id
    sample.reject_suggestion(doc, 0, 13, "2014-05-03")
    report = export_copy(sample, tmp_path / "copy.curator")
    assert report["rejected_suggestions"] == 1
    with Project.open(tmp_path / "copy.curator") as copy:
        assert copy.rejected_suggestions() == sample.rejected_suggestions()
        assert content(copy)["rejected_suggestions"] == content(sample)["rejected_suggestions"]
        [uid] = content(copy)["rejected_suggestions"]
        assert history(copy)[uid] == {states(sample)["rejected_suggestions"][uid]}
        assert history(sample) == {}


def test_export_into_a_missing_folder_is_refused_before_any_work(project, tmp_path):
    from curator.core.errors import InvalidInput
    from curator.exchange import export_project

    project.add_document("On 8 May 2014 it began.")
    for name in ("out.json", "out.csv", "out.timeline.json", "out.jsonld", "out.curator"):
        with pytest.raises(InvalidInput, match="does not exist"):
            export_project(project, tmp_path / "no such folder" / name)
    assert not (tmp_path / "no such folder").exists()
