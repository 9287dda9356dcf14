"""Reading figures as sources give them (curator.core.number_range): a table of forms, and
properties with hypothesis: every figure written the way Curator writes it reads back as itself,
in the ways people write it too; any text either reads as a figure whose ends are in order or is
refused with a reason; what a figure reads as does not change when read again."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from curator.core.number_range import Figure, FigureError, format_number, read_figure, read_number


@pytest.mark.parametrize("text, low, high, qualifier", [
    ("70", 70, 70, ""), ("1,200", 1200, 1200, ""), ("1 200", 1200, 1200, ""), ("2.5", 2.5, 2.5, ""),
    ("−3", -3, -3, ""), ("70–100", 70, 100, ""), ("70 - 100", 70, 100, ""), ("70 to 100", 70, 100, ""),
    ("between 70 and 100", 70, 100, ""), ("from 1,000 to 1,500", 1000, 1500, ""),
    ("at least 70", 70, None, "at least"), ("70+", 70, None, "at least"), ("70 or more", 70, None, "at least"),
    ("no fewer than 70", 70, None, "at least"), ("≥ 70", 70, None, "at least"),
    ("more than 1,000", 1000, None, "more than"), ("over 1000", 1000, None, "more than"),
    ("> 5", 5, None, "more than"), ("about 40", 40, 40, "about"), ("around 40", 40, 40, "about"),
    ("approximately 40", 40, 40, "about"), ("some 40", 40, 40, "about"), ("c. 40", 40, 40, "about"),
    ("~40", 40, 40, "about"), ("about 40–50", 40, 50, "about"), ("at most 50", None, 50, "at most"),
    ("up to 50", None, 50, "at most"), ("50 or fewer", None, 50, "at most"),
    ("fewer than 10", None, 10, "less than"), ("less than 10", None, 10, "less than"),
    ("under 10", None, 10, "less than"), ("<10", None, 10, "less than"), ("AT LEAST 70", 70, None, "at least"),
])
def test_forms_sources_use(text, low, high, qualifier):
    assert read_figure(text) == Figure(low, high, qualifier)


@pytest.mark.parametrize("text, reason", [
    ("many", "is not a number or range"), ("dozens", "is not a number or range"),
    ("several hundred", "is not a number or range"), ("at least", "is not a number or range"),
    ("70 people", "is not a number or range"), ("100–70", "goes down (100 is above 70)"),
    ("1e5", "is not a number or range"), ("", "is empty"), ("overall 40", "is not a number or range"),
    ("9" * 16, "is too large a number"),
])
def test_what_is_not_a_figure_is_refused_with_a_reason(text, reason):
    with pytest.raises(FigureError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        read_figure(text)


def test_a_plain_number_takes_no_range():
    assert read_number("1,200") == 1200
    with pytest.raises(FigureError):
        read_number("70–100")


numbers = st.one_of(st.integers(-10**12, 10**12).map(float),
                    st.decimals(-10**9, 10**9, places=3, allow_nan=False, allow_infinity=False).map(float))
figures = st.one_of(
    numbers.map(lambda x: Figure(x, x)),
    st.tuples(numbers, numbers).map(lambda p: Figure(min(p), max(p))),
    numbers.map(lambda x: Figure(x, x, "about")),
    st.tuples(numbers, numbers).map(lambda p: Figure(min(p), max(p), "about")),
    st.sampled_from(["at least", "more than"]).flatmap(lambda q: numbers.map(lambda x: Figure(x, None, q))),
    st.sampled_from(["at most", "less than"]).flatmap(lambda q: numbers.map(lambda x: Figure(None, x, q))),
)


@given(figures)
def test_every_figure_reads_back_from_how_curator_writes_it(figure):
    assert read_figure(figure.canonical()) == figure


@given(figures, st.sampled_from(["upper", "spaced", "plain"]))
def test_figures_read_back_written_as_people_write_them(figure, style):
    text = figure.canonical()
    if style == "upper":
        text = text.upper()
    elif style == "spaced":
        text = "  " + text.replace("–", " – ") + "  "
    elif style == "plain":
        text = text.replace(",", "")
    assert read_figure(text) == figure


@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-–+~<>≥≤abcdefghijklmnopqrstuvwxyz")), max_size=24))
def test_any_text_is_a_figure_in_order_or_refused(text):
    try:
        figure = read_figure(text)
    except FigureError as exc:
        assert str(exc)
        return
    assert figure.low is not None or figure.high is not None
    if figure.low is not None and figure.high is not None:
        assert figure.low <= figure.high
    assert read_figure(figure.canonical()) == figure  # reading again changes nothing


@given(numbers)
def test_numbers_are_written_with_grouped_thousands_and_read_back(value):
    text = format_number(value)
    assert read_number(text) == value
    whole = text.split(".")[0].lstrip("-")
    assert all(len(group) == 3 for group in whole.split(",")[1:])
