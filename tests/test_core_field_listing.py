"""The event listing's answers by typed fields (schema 8): orders by a field's values and field
filters, checked against a plain Python oracle (sorted() and comprehensions over the values as
the facade reads them), in every way the table asks (the whole order, a page, an event's row,
the few events an edit touched, counts)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core import Project
from curator.core.event_query import EventQuery, FieldFilter
from curator.core.listing import ListingOrder, sort_key
from curator.core.number_range import read_figure

FIGURES = st.sampled_from(["70", "70–100", "about 40", "at least 12", "more than 1,000", "at most 5",
                           "fewer than 10", "0", "-3", "2.5", "40", ""])
TEXTS = st.sampled_from(["Alep", "alep", "Émeute", "émeute", "Zeta", "zeta", "ǅemal", "", "b", "B", "10"])


def _project(figures, texts) -> tuple[Project, int, int, list[int], Path]:
    folder = Path(tempfile.mkdtemp())
    p = Project.create(folder / "p.curator")
    n = p.add_field("fatalities", "range")
    t = p.add_field("notes", "text")
    events = [p.add_event(f"e{i}") for i in range(len(figures))]
    p.set_field_values([(e, n, f) for e, f in zip(events, figures)] + [(e, t, x) for e, x in zip(events, texts)])
    p.delete_event(events[-1])  # a deleted event is never listed
    return p, n, t, events[:-1], folder


def _oracle_order(events, keys, descending) -> list[int]:
    present = [e for e in events if keys.get(e) is not None]
    blank = [e for e in events if keys.get(e) is None]
    present.sort(key=lambda e: (keys[e], e), reverse=descending)
    blank.sort(reverse=descending)
    return present + blank


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(FIGURES, TEXTS), min_size=2, max_size=14), st.booleans())
def test_orders_by_a_field_are_pythons_order(rows, descending):
    p, n, t, events, _ = _project([r[0] for r in rows], [r[1] for r in rows])
    try:
        values = p.field_values(events)
        numbers = {e: (v[n].low if v[n].low is not None else v[n].high) for e, v in values.items() if n in v}
        texts = {e: v[t].text.casefold() for e, v in values.items() if t in v}
        for order, keys in ((ListingOrder.by_field(n, True, descending), numbers),
                            (ListingOrder.by_field(t, False, descending), texts)):
            expected = _oracle_order(events, keys, descending)
            ids, present = p.event_order(order)
            assert ids.tolist() == expected and present == len(keys)
            assert [r.id for r in p.event_page(EventQuery(), order, 1, 3)] == expected[1:4]
            for i, event_id in enumerate(expected):
                assert p.event_position(EventQuery(), order, event_id) == i
            rows_ = p.event_sort_keys(expected, order)
            assert sorted(expected, key=lambda e: sort_key(order, rows_[e])) == expected
    finally:
        p.close()


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(FIGURES, TEXTS), min_size=2, max_size=14),
       st.one_of(st.none(), st.integers(-5, 1200)), st.one_of(st.none(), st.integers(-5, 1200)),
       st.sampled_from(["", "al", "É", "e"]), st.booleans())
def test_field_filters_are_pythons_filter(rows, at_least, at_most, contains, has_value):
    p, n, t, events, _ = _project([r[0] for r in rows], [r[1] for r in rows])
    try:
        values = p.field_values(events)

        def overlaps(e) -> bool:
            if n not in values.get(e, {}):
                return False
            figure = read_figure(values[e][n].text)
            low, high = figure.low, figure.high
            return ((at_least is None or (high if high is not None else low) is None or high is None
                     or high >= at_least)
                    and (at_most is None or low is None or low <= at_most))

        def holds(e) -> bool:
            return t in values.get(e, {}) and contains.casefold() in values[e][t].text.casefold()

        cases = [(FieldFilter(n, at_least=at_least, at_most=at_most), overlaps),
                 (FieldFilter(t, contains=contains), holds),
                 (FieldFilter(n, has_value=has_value), lambda e: (n in values.get(e, {})) == has_value)]
        for found, oracle in cases:
            expected = [e for e in events if oracle(e)]
            query = EventQuery(fields=(found,))
            assert p.matching_event_ids(query) == expected
            assert p.count_events(query) == len(expected)
            assert p.events_matching(query, events) == set(expected)
            order = ListingOrder.by_field(n, True)
            shown = p.ordered_event_ids(query, order).tolist()
            assert sorted(shown) == expected
            assert [r.id for r in p.event_page(query, order, 0, 50)] == shown
        both = EventQuery(fields=tuple(c[0] for c in cases[:2]))
        assert p.matching_event_ids(both) == [e for e in events if overlaps(e) and holds(e)]
    finally:
        p.close()


def test_choices_filter_and_the_query_words_together(project):
    f = project.add_field("event type", "choice", ["Battles", "Riots", "Protests"])
    a, b, c = project.add_event("clash at the bridge"), project.add_event("riot downtown"), project.add_event("clash")
    project.set_field_values([(a, f, "Battles"), (b, f, "Riots"), (c, f, "Protests")])
    query = EventQuery("clash", fields=(FieldFilter(f, choices=("Battles", "Riots")),))
    assert project.matching_event_ids(query) == [a]
    assert not query.is_empty and EventQuery().with_field_filter(f, None).is_empty
    assert query.with_field_filter(f, None).fields == () and query.field_filter(f).choices == ("Battles", "Riots")
