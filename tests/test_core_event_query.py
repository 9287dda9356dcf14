"""EventQuery: the question the event table, the timeline and scripts share."""

from __future__ import annotations

from curator.core import Project
from curator.core.event_query import EventQuery
from curator.core.records import DateFields


def test_words_actor_and_dates_combine(tmp_path):
    with Project.create(tmp_path / "p.curator", annotator="t") as project:
        doc = project.add_document("On 3 May 2014 the Council met. In June 2015 the army left. "
                                   "Undated talk.", title="Minutes")
        met = project.create_event_from_passage(doc, 0, 30, title="Council meets",
                                                date=DateFields("2014-05-03", "2014-05-03", "2014-05-03"))
        left = project.create_event_from_passage(doc, 31, 58, title="Army leaves",
                                                 date=DateFields("2015-06", "2015-06-01", "2015-06-30"))
        talk = project.create_event_from_passage(doc, 59, 72, title="Talk")
        army = project.set_event_actors(left, ["Syrian Army"])[0]
        assert project.matching_event_ids(EventQuery()) == [met, left, talk]
        assert project.matching_event_ids(EventQuery("COUNCIL")) == [met]
        assert project.matching_event_ids(EventQuery("minutes  army")) == [left]  # document title, actor
        assert project.matching_event_ids(EventQuery(actor_id=army)) == [left]
        assert project.matching_event_ids(EventQuery(earliest="2015-06-30")) == [left]
        assert project.matching_event_ids(EventQuery(latest="2014-12-31")) == [met]
        assert project.matching_event_ids(EventQuery("talk", latest="2020-01-01")) == []  # undated
        assert EventQuery().is_empty and not EventQuery(" ").words and EventQuery(" ").is_empty
