"""The candidate finder's rules and properties. Oracle for the blocking: a brute-force scan of
every pair (n²/2 scores) must propose exactly what the date sweep proposes."""

from datetime import date, timedelta
from itertools import combinations

from hypothesis import given, settings, strategies as st

from curator.core.claim_figures import figures_in
from curator.core.claim_text import fold, title_similarity, title_tokens
from curator.core.claims import (
    DEFAULT_SLACK_DAYS, DEFAULT_THRESHOLD, ClaimEvent, differences, find_candidates, score_pair,
)


def ev(key, title, earliest=None, latest=None, place="", actors=(), docs=("d1",), text=""):
    return ClaimEvent(key=key, title=title, earliest=earliest, latest=latest or earliest,
                      location=place, actors=tuple((a, a) for a in actors),
                      documents=tuple((d, d) for d in docs), text=text)


def keys(candidates):
    return {frozenset((c.a.key, c.b.key)): round(c.score, 9) for c in candidates}


def brute_force(events, threshold=DEFAULT_THRESHOLD, slack=DEFAULT_SLACK_DAYS):
    out = {}
    for a, b in combinations(events, 2):
        if {k for k, _ in a.documents} & {k for k, _ in b.documents}:
            continue
        c = score_pair(a, b, slack)
        s = c.signals
        place = bool(a.location.strip()) and fold(a.location).strip() == fold(b.location).strip()
        actor = bool({k for k, _ in a.actors} & {k for k, _ in b.actors})
        word = bool(title_tokens(a.title) & title_tokens(b.title))
        if c.score >= threshold and s["date"] > 0 and place + actor + word >= 2:
            out[frozenset((a.key, b.key))] = round(c.score, 9)
    return out


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
