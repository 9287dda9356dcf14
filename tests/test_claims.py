"""The candidate finder's rules and properties. Oracle for the blocking, the columns and the
pruning: a brute-force scan of every pair (n²/2 scores, one pair at a time in plain Python, the
common-tie and best-per-event rules applied as the docstring states them) must propose exactly
what the NumPy sweep proposes."""

from collections import Counter
from datetime import date, timedelta
from itertools import combinations

import pytest
from hypothesis import given, settings, strategies as st

from curator.core.claim_columns import NO_DAY, columns_from_events, iso_day, place_key
from curator.core.claim_figures import figures_in
from curator.core.claim_pairs import score_pairs
from curator.core.claim_text import fold, spelling_variants, title_similarity, title_tokens, tokens_match
from curator.core.claims import (
    COMMON_FLOOR, COMMON_SHARE, DEFAULT_PER_EVENT, DEFAULT_SLACK_DAYS, DEFAULT_THRESHOLD, ClaimEvent,
    Rules, differences, find, find_candidates, score_pair,
)
from curator.core.errors import Cancelled


def ev(key, title, earliest=None, latest=None, place="", actors=(), docs=("d1",), text=""):
    return ClaimEvent(key=key, title=title, earliest=earliest, latest=latest or earliest,
                      location=place, actors=tuple((a, a) for a in actors),
                      documents=tuple((d, d) for d in docs), text=text)


def keys(candidates):
    return {frozenset((c.a.key, c.b.key)): round(c.score, 9) for c in candidates}


def _dated(e):
    first, last = iso_day(e.earliest), iso_day(e.latest)
    return first != NO_DAY and last != NO_DAY and first <= last


def brute_force(events, threshold=DEFAULT_THRESHOLD, slack=DEFAULT_SLACK_DAYS, per_event=DEFAULT_PER_EVENT,
                share=COMMON_SHARE, floor=COMMON_FLOOR):
    """Every pair scored alone; then the documented rules: two ties, not both common; the
    ``per_event`` best of each event (by score, then the other's key) kept."""
    dated = [e for e in events if _dated(e)]
    limit = max(floor, share * len(dated))
    places = Counter(place_key(e.place_key, e.location) for e in dated)
    actors = Counter(k for e in dated for k in {k for k, _ in e.actors})
    words = Counter(w for e in dated for w in title_tokens(e.title))
    proposed = {}
    for a, b in combinations(events, 2):
        if {k for k, _ in a.documents} & {k for k, _ in b.documents}:
            continue
        c = score_pair(a, b, slack)
        place = place_key(a.place_key, a.location)
        same_place = bool(place) and place == place_key(b.place_key, b.location)
        shared_actors = {k for k, _ in a.actors} & {k for k, _ in b.actors}
        shared_words = title_tokens(a.title) & title_tokens(b.title)
        common_place = places[place] > limit
        two_ties = (same_place and any(not (common_place and actors[x] > limit) for x in shared_actors)) \
            or (same_place and any(not (common_place and words[w] > limit) for w in shared_words)) \
            or any(not (actors[x] > limit and words[w] > limit) for x in shared_actors for w in shared_words)
        if c.score >= threshold and c.signals["date"] > 0 and two_ties:
            proposed[(c.a.key, c.b.key)] = c.score
    if per_event is not None:
        best = {}
        for (x, y), score in proposed.items():
            best.setdefault(x, []).append((-score, y))
            best.setdefault(y, []).append((-score, x))
        kept = {e: {other for _, other in sorted(options)[:per_event]} for e, options in best.items()}
        proposed = {(x, y): s for (x, y), s in proposed.items() if y in kept[x] or x in kept[y]}
    return {frozenset(pair): round(score, 9) for pair, score in proposed.items()}


# ------------------------------------------------------------------ text
def test_titles_fold_accents_drop_stop_words_and_numbers_and_stem():
    assert fold("Ḥalab São") == "halab sao"
    assert title_tokens("Shelling of al-Safira kills 76") == {"shell", "al", "safira", "kill"}
    assert title_tokens("Shelling on al-Safira killed at least 70") == {"shell", "al", "safira", "kill", "least"}
    assert title_similarity(title_tokens("Army takes the Sheykh Najjar industrial area"),
                            title_tokens("Army took the Sheikh Najjar industrial area")) > 0.8
    assert title_similarity(frozenset(), title_tokens("anything")) == 0


def test_figures_are_read_with_qualifiers_and_dates_are_not_figures():
    found = [(f.text, f.low, f.high, f.qualifier, f.counts) for f in figures_in(
        "From 8 to 25 October, 76 people had been killed; more than 130,000 people fled. "
        "On 10 October shelling killed 16-18 civilians near Base 80 in 2013, 5 km away.")]
    assert found == [("76 people", 76, 76, "", "people"),
                     ("more than 130,000 people", 130000, 130000, "more than", "people"),
                     ("16-18 civilians", 16, 18, "", "civilians")]
    assert [(f.low, f.qualifier, f.counts) for f in figures_in("killed at least 70")] == [(70, "at least", "killed")]


# ------------------------------------------------------------------ rules
def test_figures_that_differ_are_a_difference_not_a_reason_to_drop_the_pair():
    a = ev("a", "Shelling of al-Safira kills 76", "2013-10-08", "2013-10-25", "al-Safira", ["SAA"], ["d1"])
    b = ev("b", "Shelling of al-Safira killed at least 70", "2013-10-20", "2013-10-20", "Al-Safira", ["SAA"], ["d2"])
    [candidate] = find_candidates([a, b])
    assert "same place: al-Safira" in candidate.reasons  # case folded
    assert "dates overlap: 2013-10-08–2013-10-25 / 2013-10-20" in candidate.reasons
    figures = candidate.differences["figures"]
    assert [f["low"] for f in figures["a"]] == [76] and figures["b"][0]["qualifier"] == "at least"
    assert "place" not in candidate.differences and "actors" not in candidate.differences


def test_same_document_self_and_undated_events_never_pair():
    a = ev("a", "Army takes the airport", "2014-01-02", place="Aleppo", actors=["SAA"], docs=["d1"])
    b = ev("b", "Army takes the airport", "2014-01-02", place="Aleppo", actors=["SAA"], docs=["d1", "d2"])
    c = ev("c", "Army takes the airport", None, place="Aleppo", actors=["SAA"], docs=["d3"])
    open_ended = ev("d", "Army takes the airport", None, "2014-01-02", "Aleppo", ["SAA"], ["d4"])
    assert find_candidates([a, b, c, open_ended]) == []
    no_evidence = ev("e", "Army takes the airport", "2014-01-02", place="Aleppo", docs=[])
    assert keys(find_candidates([a, no_evidence])).keys() == {frozenset("ae")}


def test_spelling_variants_of_a_title_word_raise_the_score_but_tie_nothing():
    a = ev("a", "Sheikh", "2014-01-01", place="X", actors=["SAA"], docs=["d1"])
    b = ev("b", "Sheykh", "2014-01-01", place="X", actors=["SAA"], docs=["d2"])
    c = ev("c", "Sheykh", "2014-01-01", place="Y", docs=["d3"])
    [candidate] = find_candidates([a, b, c])
    assert candidate.signals["title"] == 1 and "similar titles: 1.00" in candidate.reasons
    assert keys([candidate]) == brute_force([a, b, c])


def test_a_single_tie_is_not_enough():
    a = ev("a", "Army takes the airport", "2014-01-02", place="Aleppo", docs=["d1"])
    b = ev("b", "Rebels storm a prison", "2014-01-02", place="Aleppo", docs=["d2"])
    assert find_candidates([a, b]) == [] and score_pair(a, b).score > 0.5


def test_dates_apart_count_only_for_narrow_claims():
    day3 = ev("a", "Army takes the plant", "2014-07-03", place="X", docs=["d1"])
    day4 = ev("b", "Army takes the plant", "2014-07-04", place="X", docs=["d2"])
    august = ev("c", "Army takes the plant", "2016-08-01", "2016-08-31", "X", docs=["d3"])
    september = ev("d", "Army takes the plant", "2016-09-01", "2016-09-30", "X", docs=["d4"])
    far = ev("e", "Army takes the plant", "2014-07-20", place="X", docs=["d5"])
    found = keys(find_candidates([day3, day4, august, september, far]))
    assert set(found) == {frozenset("ab")}


def test_differences_name_each_differing_field():
    a = ev("a", "Army retakes the town", "2014-05-22", place="Handarat", actors=["SAA", "NDF"])
    b = ev("b", "Army retakes the town", "2014-05", place="", actors=["SAA"])
    b = ClaimEvent(**{**b.__dict__, "earliest": "2014-05-01", "latest": "2014-05-31", "edtf": "2014-05"})
    diff = differences(a, b)
    assert diff["date"]["overlap"] and diff["date"]["b"]["edtf"] == "2014-05"
    assert diff["place"] == {"a": "Handarat", "b": ""}
    assert diff["actors"] == {"only_a": ["NDF"], "only_b": [], "shared": ["SAA"]}
    assert "figures" not in diff and differences(a, a) == {}


# ------------------------------------------------------------------ properties
PLACES = ["Aleppo", "aleppo", "Homs", "Ḥalab", "Halab", ""]
ACTORS = ["SAA", "NDF", "ISIS", "FSA"]
WORDS = ["army", "takes", "the", "airport", "rebels", "storm", "prison", "kills", "76", "siege", "breaks", "sheikh", "sheykh"]
START = date(2014, 1, 1)


@st.composite
def events(draw, min_size=0, max_size=14):
    n = draw(st.integers(min_size, max_size))
    out = []
    for i in range(n):
        dated = draw(st.integers(0, 9))
        first = START + timedelta(days=draw(st.integers(0, 60)))
        last = first + timedelta(days=draw(st.sampled_from([0, 0, 2, 9, 30, 400])))
        out.append(ev(f"k{i:02d}", " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=5))),
                      first.isoformat() if dated else None, last.isoformat() if dated else None,
                      draw(st.sampled_from(PLACES)), draw(st.lists(st.sampled_from(ACTORS), max_size=2, unique=True)),
                      draw(st.lists(st.sampled_from(["d1", "d2", "d3", "d4"]), max_size=2, unique=True))))
    return out


@settings(max_examples=150, deadline=None)
@given(events())
def test_the_sweep_proposes_what_a_scan_of_every_pair_proposes(items):
    assert keys(find_candidates(items)) == brute_force(items)


@settings(max_examples=100, deadline=None)
@given(events(), st.randoms(use_true_random=False))
def test_pairs_do_not_depend_on_input_order_and_are_symmetric(items, random):
    shuffled = list(items)
    random.shuffle(shuffled)
    assert keys(find_candidates(items)) == keys(find_candidates(shuffled))
    for c in find_candidates(items):
        assert c.a.key < c.b.key and c.a.key != c.b.key
        assert {k for k, _ in c.a.documents}.isdisjoint({k for k, _ in c.b.documents})
        swapped = score_pair(c.b, c.a)
        assert (swapped.a.key, swapped.b.key, swapped.score, swapped.reasons) == (c.a.key, c.b.key, c.score, c.reasons)


@settings(max_examples=100, deadline=None)
@given(events(), st.randoms(use_true_random=False))
def test_pairs_are_stable_under_renaming_ids(items, random):
    names = [f"z{i:03d}" for i in range(len(items))]
    random.shuffle(names)
    rename = {e.key: new for e, new in zip(items, names)}
    renamed = [ClaimEvent(**{**e.__dict__, "key": rename[e.key], "id": random.randint(1, 10**6)}) for e in items]
    expected = {frozenset(rename[k] for k in pair): score for pair, score in keys(find_candidates(items)).items()}
    assert keys(find_candidates(renamed)) == expected


@settings(max_examples=100, deadline=None)
@given(events(), st.sampled_from(PLACES), st.lists(st.sampled_from(ACTORS), max_size=2, unique=True))
def test_an_event_far_away_in_time_changes_no_other_pair(items, place, actors):
    far = ev("far", "army takes the airport", "1999-01-01", place=place, actors=actors, docs=["d9"])
    assert keys(find_candidates([*items, far])) == keys(find_candidates(items))


@settings(max_examples=150, deadline=None)
@given(events(max_size=16), st.sampled_from([None, 1, 2, 3]), st.sampled_from([0, 1, 2, 4, 1000]),
       st.sampled_from([0.0, 0.1, 0.3]),
       st.randoms(use_true_random=False))
def test_the_pruning_rules_are_what_a_scan_of_every_pair_applies(items, per_event, floor, share, random):
    """Small sets with small limits: common ties and the best per event, as the oracle applies
    them, in any input order."""
    expected = brute_force(items, per_event=per_event, floor=floor, share=share)
    shuffled = list(items)
    random.shuffle(shuffled)
    for order in (items, shuffled):
        found = find_candidates(order, per_event=per_event, common_floor=floor, common_share=share)
        assert keys(found) == expected
        assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


@settings(max_examples=100, deadline=None)
@given(events(min_size=2))
def test_the_column_scores_are_the_one_pair_scores_exactly(items):
    columns = columns_from_events(items)
    import numpy as np
    dated = np.flatnonzero(columns.dated())
    pairs = np.array([(i, j) for i, j in combinations(dated, 2)], np.int64).reshape(-1, 2)
    scores, date = score_pairs(columns, columns.variants(), pairs[:, 0], pairs[:, 1], DEFAULT_SLACK_DAYS)
    for (i, j), score, signal in zip(pairs.tolist(), scores.tolist(), date.tolist()):
        c = score_pair(items[i], items[j])
        assert (score, signal) == (c.score, c.signals["date"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text("abcdeé", min_size=3, max_size=7), max_size=40, unique=True))
def test_spelling_variants_are_the_word_pairs_one_edit_apart(words):
    expected = {(i, j) for i, j in combinations(range(len(words)), 2) if tokens_match(words[i], words[j])}
    assert set(spelling_variants(words)) == expected


def test_the_finder_reports_progress_and_can_be_cancelled():
    items = [ev(f"k{i}", f"army takes the airport {i % 3}", f"2014-01-{1 + i % 20:02d}", place="Aleppo",
                actors=["SAA"], docs=[f"d{i}"]) for i in range(40)]
    seen = []
    found = find(items, Rules(), progress=lambda share, stage: seen.append((share, stage)))
    assert len(found) > 0 and seen[-1] == (1.0, "done")
    assert [s for s, _ in seen] == sorted(s for s, _ in seen)
    assert all(isinstance(stage, str) and stage for _, stage in seen)
    with pytest.raises(Cancelled):
        find(items, Rules(), cancelled=lambda: True)
    # the candidates are made as they are taken: the first few, best first
    first = list(found.first(3))
    assert len(first) == 3 and first == list(found)[:3]
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


def test_each_event_keeps_its_best_proposals():
    """Twelve reports of one happening from twelve documents: every pair is a candidate (66);
    with the best two per event kept, each event holds at most two (kept for it) plus those it
    is among the best of."""
    items = [ev(f"k{i:02d}", "army takes the airport", "2014-01-02", place="Aleppo", actors=["SAA"],
                docs=[f"d{i}"]) for i in range(12)]
    assert len(find_candidates(items, per_event=None)) == 66
    kept = find_candidates(items, per_event=2)
    assert keys(kept) == brute_force(items, per_event=2)
    assert len(kept) <= 2 * len(items)
