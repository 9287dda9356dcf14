"""Write tests/data/schemas/schema_vN.curator for the current schema version N.

Run once when a schema version is released (after adding its migration); never regenerate the
fixture of an older version: those files stand for what users have on disk (schema_v1.curator
was written by this script's version-1 content with the version-1 code).

    python tests/data/schemas/make_fixture.py

The content grows with the versions: every fixture holds the version-1 records, and from version
2 on also a tag-set edit, labelled highlights with notes, mentions, a place with coordinates, an
event at that place with actor roles, and a merged (redirected) actor; from version 3 a document
with a source, an encoding and an inferred date; from version 4 a sync history with contents and
replica claims (a copy was made, edited and merged back); from version 5 events the event listing
orders and finds in its own ways (an open start, no title, accents); from version 6 a document
read from a paged file (kind, the original's SHA-256 and size, page starts, metadata with
sources, problems) whose original bytes are kept, with an event citing a passage across a page;
from version 7 events whose days the listing keeps for the timeline in their own ways (an
approximate month, an open end, a year before 1970, an EDTF value edited on its own).
"""

import sqlite3
import sys
import tempfile
from pathlib import Path

from curator.core import DateFields, Project
from curator.core.database import SCHEMA_VERSION

TEXT = "Between 15 and 28 December 2013, barrel bombs hit Aleppo 😀.\r\nOn 3 January, ISIS fled."


def add_version_1_records(project: Project) -> int:
    doc = project.add_document(TEXT, title="Fixture", author="Curator tests", published="2014-01-05")
    project.add_actor("Syrian Air Force", "armed force", ["SyAAF"])
    project.create_event_from_passage(
        doc, 0, 59, actors=["SyAAF"],
        date=DateFields("2013-12-15/2013-12-28", "2013-12-15", "2013-12-28", "Between 15 and 28 December 2013"))
    project.delete_event(project.add_event("deleted one"))
    project.reject_suggestion(doc, TEXT.index("On 3"), len(TEXT), "2014-01-03")
    return doc


def add_version_2_records(project: Project, doc: int) -> None:
    tags = {t.name: t.id for t in project.tags()}
    project.update_tag(tags["Quote"], color="#123456", description="reported speech")
    project.delete_tag(project.add_tag("Weapon", "#00aa00", "8", "a weapon named in the text"))
    aleppo = project.add_actor("Aleppo", "place", ["Halab"], latitude=36.2021, longitude=37.1343)
    isis = project.add_actor("ISIS", "armed group", ["Islamic State"])
    daesh = project.add_actor("Daesh", "armed group")
    start = TEXT.index("Aleppo")
    project.add_highlights([
        dict(document_id=doc, start=start, end=start + 6, tag_id=tags["Place"], actor_id=aleppo),
        dict(document_id=doc, start=TEXT.index("ISIS"), end=TEXT.index("ISIS") + 4,
             tag_id=tags["Group"], actor_id=daesh, note="the same group as ISIS"),
        dict(document_id=doc, start=TEXT.index("barrel"), end=TEXT.index("Aleppo") + 6,
             tag_id=tags["Event"]),  # overlaps the place highlight
        dict(document_id=doc, start=0, end=31, tag_id=tags["Date"], note="a range"),
    ])
    project.merge_actors(isis, daesh)
    event = project.create_event_from_passage(
        doc, TEXT.index("On 3"), len(TEXT), title="ISIS fled",
        date=DateFields("2014-01-03", "2014-01-03", "2014-01-03", "On 3 January"))
    project.set_event_actor_links(event, [(isis, "retreating")])
    project.set_event_place(event, aleppo)


def add_version_3_records(project: Project) -> None:
    project.add_document("Алеппо, 5 января 2014 г. Бои продолжались.", title="Windows-1251 report",
                         published="2014-01-05", published_inferred=True,
                         source="https://example.org/report", encoding="windows-1251")


def add_version_4_records(project: Project) -> None:
    from curator.exchange.copy import export_copy
    from curator.exchange.merge_file import merge_file

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "colleague.curator"
        export_copy(project, copy)
        with Project.open(copy, annotator="colleague") as colleague:
            event = next(r.id for r in colleague.event_rows() if r.title == "ISIS fled")
            colleague.update_event(event, description="as reported on 5 January")
        event = next(r.id for r in project.event_rows() if r.title == "ISIS fled")
        project.update_event(event, title="ISIS withdrew")
        merge_file(project, copy)


def add_version_5_records(project: Project, doc: int) -> None:
    """Events the listing (derived, schema 5) orders and finds in its own ways: an open start, an
    undated event without a title, words with accents and a folded ß, a renamed document."""
    start = TEXT.index("barrel")
    project.create_event_from_passage(
        doc, start, start + 12, title="Straße nach Ḥalab gesperrt", actors=["Émile Zola"],
        date=DateFields("../2014-03-09", None, "2014-03-09", "until 9 March 2014"))
    project.add_event("", location="Tal Abyad")
    project.update_document(doc, title="Fixture (renamed)")


def add_version_6_records(project: Project) -> None:
    """A document as `curator add` makes it from a PDF: pages, metadata, an original kept."""
    pages = ["Page one: talks opened in Geneva on 22 January 2014.\n\n",
             "Page two: they broke off on 15 February 2014 without agreement.\n\n", "Page three."]
    text = "".join(pages)
    starts = [0, len(pages[0]), len(pages[0]) + len(pages[1])]
    doc = project.add_documents([dict(
        text=text, title="Geneva II", filename="geneva.pdf", author="A. Reporter",
        published="2014-02-16", source="https://example.org/geneva", kind="pdf",
        page_starts=starts, original=b"%PDF-1.4 fixture bytes standing for the file\n",
        metadata={"title": "Geneva II", "title_source": "PDF info /Title", "author": "A. Reporter",
                  "author_source": "PDF info /Author", "date": "2014-02-16T09:00:00+01:00",
                  "date_source": "PDF info /CreationDate", "language": "en"},
        problems=["dropped 2 running header/footer line(s) repeated on most pages: “Page 1”"])])[0]
    project.create_event_from_passage(
        doc, text.index("talks"), text.index("agreement") + 9, title="Geneva II talks",
        date=DateFields("2014-01-22/2014-02-15", "2014-01-22", "2014-02-15", "22 January 2014"))


def add_version_7_records(project: Project) -> None:
    """Dates the listing's days (schema 7) read in their own ways: fuzzy, open, before 1970; an event
    whose EDTF value alone was edited (the days' fuzzy bit follows it)."""
    project.add_event("Approximate month", date=DateFields("2014-05~", "2014-05-01", "2014-05-31", "about May 2014"))
    project.add_event("Open end", date=DateFields("1945-01-01/..", "1945-01-01", None, "from 1945 on"))
    project.add_event("Siege of Vienna", date=DateFields("1683", "1683-01-01", "1683-12-31", "1683"))
    edited = project.add_event("Edited EDTF", date=DateFields("2014-05-08", "2014-05-08", "2014-05-08", "8 May 2014"))
    project.update_event(edited, edtf="2014-05-08~")


out = Path(__file__).with_name(f"schema_v{SCHEMA_VERSION}.curator")
if out.exists() and "--force" not in sys.argv:
    sys.exit(f"{out} exists; a released version's fixture is never regenerated (use --force "
             f"only before version {SCHEMA_VERSION} is released)")
out.unlink(missing_ok=True)
project = Project.create(out, annotator="fixture")
document = add_version_1_records(project)
if SCHEMA_VERSION >= 2:
    add_version_2_records(project, document)
if SCHEMA_VERSION >= 3:
    add_version_3_records(project)
if SCHEMA_VERSION >= 4:
    add_version_4_records(project)
if SCHEMA_VERSION >= 5:
    add_version_5_records(project, document)
if SCHEMA_VERSION >= 6:
    add_version_6_records(project)
if SCHEMA_VERSION >= 7:
    add_version_7_records(project)
project.close()
conn = sqlite3.connect(out)
conn.execute("PRAGMA journal_mode = DELETE")
conn.close()
print(f"wrote {out}")
