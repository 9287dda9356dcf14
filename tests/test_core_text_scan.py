"""finditer_bounded gives finditer's matches while no engine call reads more than a window."""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.text_scan import WINDOW, finditer_bounded
from curator.temporal.lexicon import FINDER_RE

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
FRAGMENTS = ["12 March 2014", "March 2014", "in 1999", "between 3 and 5 May 2015", "the 1990s",
             "two weeks later", "on 4 July", "2016-12-22", "Aleppo", "fighters", "70", "at least 70",
             "c. 1200", "BC", "%", ". ", ", ", "\n", " ", "  ", "May", "Tuesday", "the first week of"]


def spans(matches) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in matches]


class CountingPattern:
    """A pattern that records how much text each search is allowed to read."""

    def __init__(self, pattern: re.Pattern):
        self.pattern, self.reads = pattern, []

    def search(self, text, pos=0, endpos=None):
        end = len(text) if endpos is None else endpos
        self.reads.append(end - pos)
        return self.pattern.search(text, pos, end)

    def finditer(self, text, pos=0):
        self.reads.append(len(text) - pos)
        return self.pattern.finditer(text, pos)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=120), st.sampled_from([64, 96, 200]))
def test_dates_found_in_windows_are_finditers(parts, reach):
    text = " ".join(parts)
    assert spans(finditer_bounded(FINDER_RE, text, window=4 * reach, reach=reach)) == \
        spans(FINDER_RE.finditer(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1 ", max_size=300), st.integers(min_value=4, max_value=12))
def test_short_numbers_in_tiny_windows(text, window):
    # runs of digits and their lookahead are at most 4 characters: reach 5 is enough
    text = re.sub(r"1{4,}", "111", text)
    pattern = re.compile(r"(?<!\d)1+(?! ?a)")
    reach = window // 4
    if reach < 5:
        window, reach = 20, 5
    assert spans(finditer_bounded(pattern, text, window=window, reach=reach)) == \
        spans(pattern.finditer(text))


def test_seed_texts_give_the_same_dates_and_no_call_reads_past_the_window():
    assert SEEDS, "the demo's seed texts are missing"
    for path in SEEDS:
        text = path.read_text(encoding="utf-8") * 3  # longer than a window
        counting = CountingPattern(FINDER_RE)
        found = spans(finditer_bounded(counting, text))
        assert found == spans(FINDER_RE.finditer(text)), path.name
        assert found, path.name
        assert max(counting.reads) <= WINDOW
        assert len(text) > 2 * WINDOW


def test_a_long_stretch_without_matches_is_crossed_in_windows():
    text = "word " * 40_000 + "on 12 March 2014 the town fell"
    counting = CountingPattern(FINDER_RE)
    found = spans(finditer_bounded(counting, text))
    assert [g for _, _, g in found] == [g for _, _, g in spans(FINDER_RE.finditer(text))]
    assert "12 March 2014" in [g for _, _, g in found]
    assert len(counting.reads) > len(text) // WINDOW
    assert max(counting.reads) <= WINDOW


def test_patterns_that_match_nothing_fall_back_to_finditer():
    pattern = re.compile(r"\d*")
    text = "ab12 c 345 " * 2000
    assert spans(finditer_bounded(pattern, text, window=64, reach=16)) == spans(pattern.finditer(text))


def test_a_window_too_small_for_the_reach_is_refused():
    with pytest.raises(ValueError, match="four times"):
        list(finditer_bounded(FINDER_RE, "12 March 2014", window=100, reach=30))


@pytest.mark.parametrize("tail", ["111 b", "11 a 1", "1 a11", "111 a 111"])
def test_every_window_edge_inside_or_beside_a_match(tail):
    # a stretch without matches puts the window's end at every position of the tail in turn
    pattern = re.compile(r"(?<!\d)1+(?! ?a)")
    for k in range(50):
        text = "b" * k + tail + " b" * 10
        assert spans(finditer_bounded(pattern, text, window=20, reach=5)) == \
            spans(pattern.finditer(text)), (k, text)


@pytest.mark.parametrize("tail", ["on 12 March 2014.", "between 3 and 5 May 2015", "in the 1990s,",
                                  "2016-12-22 at 70%", "c. 1200 BC"])
def test_every_window_edge_inside_or_beside_a_date(tail):
    for k in range(0, 300, 3):
        text = "x" * k + " " + tail + " and more words follow here."
        assert spans(finditer_bounded(FINDER_RE, text, window=256, reach=64)) == \
            spans(FINDER_RE.finditer(text)), (k, text)
