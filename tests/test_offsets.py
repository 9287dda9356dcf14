"""Code points <-> Qt positions: emoji, combining marks, Arabic, CRLF, checked against Qt itself."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.offsets import QtTextMap, utf16_length

SAMPLES = {
    "emoji": "Aleppo 😀 siege 👩‍👩‍👧 ends 🇸🇾.",
    "combining": "Cafe\u0301 Ré\u0301sumé n\u0303 x\u0308\u0304y",
    "arabic": "حلب، ٨ أيار ٢٠١٤ — the city of Aleppo (حلب) fell.",
    "crlf": "line one\r\nline two\r\n\r\nline four\rold mac\nunix",
    "mixed": "😀\r\n\u0301ح\r\n𝔸𝔹\r\n",
}

text_alphabet = st.sampled_from(list("ab c\u0301ح٨") + ["\r", "\n", "\r\n", "😀", "𝔸", "\u200f", "\u2029"])
texts = st.lists(text_alphabet, max_size=60).map("".join)


def qt_units(text: str) -> list[int]:
    return [utf16_length(text[:i]) for i in range(len(text) + 1)]


@pytest.mark.parametrize("name", SAMPLES)
def test_display_text_has_one_position_per_utf16_unit_and_line_break(name):
    text = SAMPLES[name]
    mapping = QtTextMap(text)
    assert "\r" not in mapping.display_text
    assert mapping.to_qt(len(text)) == utf16_length(mapping.display_text)


@given(texts)
@settings(max_examples=300)
def test_round_trip_of_every_offset_not_inside_a_crlf(text):
    mapping = QtTextMap(text)
    for offset in range(len(text) + 1):
        inside_crlf = 0 < offset < len(text) and text[offset - 1:offset + 1] == "\r\n"
        back = mapping.from_qt(mapping.to_qt(offset))
        assert back == (offset - 1 if inside_crlf else offset)


@given(texts)
@settings(max_examples=300)
def test_to_qt_is_monotone_and_from_qt_never_splits_a_character(text):
    mapping = QtTextMap(text)
    positions = [mapping.to_qt(i) for i in range(len(text) + 1)]
    assert positions == sorted(positions)
    for q in range(positions[-1] + 2):
        offset = mapping.from_qt(q)
        assert 0 <= offset <= len(text)
        assert not (0 < offset < len(text) and text[offset - 1:offset + 1] == "\r\n")


@given(texts, st.data())
@settings(max_examples=200, deadline=None)
def test_qt_selects_exactly_the_annotated_passage(qapp, text, data):
    """Put the display text in a real QTextDocument, select the mapped range, and get the
    passage back (with Qt's paragraph separators standing for line breaks)."""
    from PySide6.QtGui import QTextCursor, QTextDocument

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    mapping = QtTextMap(text)
    document = QTextDocument()
    document.setPlainText(mapping.display_text)
    cursor = QTextCursor(document)
    cursor.setPosition(mapping.to_qt(start))
    cursor.setPosition(mapping.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    expected = text[start:end]
    # a range that starts or ends inside a CRLF pair snaps to the pair's start
    if 0 < start < len(text) and text[start - 1:start + 1] == "\r\n":
        expected = text[start - 1:end]
    if 0 < end < len(text) and text[end - 1:end + 1] == "\r\n":
        expected = expected[:-1]
    normalised = expected.replace("\r\n", "\n").replace("\r", "\n")
    assert cursor.selectedText().replace("\u2029", "\n") == normalised.replace("\u2029", "\n")
    assert mapping.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())[0] <= start


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_round_trips_through_a_qt_document(qapp, name):
    from PySide6.QtGui import QTextCursor, QTextDocument

    text = SAMPLES[name]
    mapping = QtTextMap(text)
    document = QTextDocument()
    document.setPlainText(mapping.display_text)
    assert document.characterCount() - 1 == mapping.to_qt(len(text))
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            if any(0 < o < len(text) and text[o - 1:o + 1] == "\r\n" for o in (start, end)):
                continue
            cursor = QTextCursor(document)
            cursor.setPosition(mapping.to_qt(start))
            cursor.setPosition(mapping.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
            got = mapping.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())
            assert got == (start, end)
            assert text[got[0]:got[1]] == text[start:end]
