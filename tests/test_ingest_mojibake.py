"""Mojibake (UTF-8 once read in Windows-1252 and saved again) is reported at import and repaired
only on request, character for character: the oracle is the original string, made into mojibake
with Python's own codecs (``s.encode("utf-8").decode("cp1252")``), and the text stored in the
project is read back with sqlite3."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from curator.cli import main
from curator.ingest.mojibake import REPAIRED_SUFFIX, find_mojibake, is_mojibake_of
from curator.ingest.reader import read_document


def garble(text: str) -> str:
    """``text`` as it looks after its UTF-8 bytes were read in Windows-1252."""
    return text.encode("utf-8").decode("cp1252")


# Passages that were garbled, and text around them that must not change: curly quotes, a
# ligature, fullwidth letters, a no-break space, combining marks, CRLF and a lone CR.
PARTS = [
    ("The village of ", False), ("A’qrab", True), (" was taken on 3 May 2014.\r\n", False),
    ("Le ", False), ("café", True), (" est fermé, dit l’“office” — ﬁn ＡＢＣ.\n", False),
    ("Émile 😀 ", True), ("a\u00a0b e\u0301 naïve\r", False), ("Zoë’s «quote»", True), ("\n", False),
]
ORIGINAL = "".join(text for text, _ in PARTS)
GARBLED = "".join(garble(text) if garbled else text for text, garbled in PARTS)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def stored(project) -> list[tuple[str, str]]:
    with sqlite3.connect(project) as conn:
        return conn.execute("SELECT encoding, text FROM document WHERE deleted_at IS NULL ORDER BY id").fetchall()


def test_the_garbled_file_is_what_we_think():
    assert "Aâ€™qrab" in GARBLED and "cafÃ©" in GARBLED and "ðŸ˜€" in GARBLED
    assert GARBLED != ORIGINAL


def test_repair_gives_back_the_original_character_for_character():
    report = find_mojibake(GARBLED)
    assert report is not None
    repaired = report.repaired()
    assert repaired == ORIGINAL
    assert [i for i, ch in enumerate(repaired) if ch in "\r\n"] == [i for i, ch in enumerate(ORIGINAL) if ch in "\r\n"]
    assert [(fix.line, GARBLED[fix.start:fix.end], fix.after) for fix in report.fixes] == [
        (1, "â€™", "’"), (2, "Ã©", "é"), (3, "Ã‰", "É"), (3, "ðŸ˜€", "😀"), (4, "Ã«â€™", "ë’"),
        (4, "Â«", "«"), (4, "Â»", "»")]


def test_text_without_mojibake_is_left_alone():
    for text in (ORIGINAL, "Штурм Алеппо", "SÃO PAULO is written in capitals", "plain ASCII\r\n",
                 "ﬁ ＡＢＣ “x” ½ naïve"):
        assert find_mojibake(text) is None


def test_add_reports_mojibake_and_repairs_only_on_request(capsys, tmp_path):
    project = tmp_path / "p.curator"
    run(capsys, "new", project)
    path = tmp_path / "garbled.txt"
    path.write_bytes(GARBLED.encode("utf-8"))

    code, report, err = run(capsys, "add", project, path, "--dry-run")
    assert code == 0, err
    assert report["dry_run"] is True and report["added"][0]["id"] is None
    assert stored(project) == []  # a dry run writes nothing

    code, report, _ = run(capsys, "add", project, path)
    assert code == 0
    moj = report["added"][0]["mojibake"]
    assert (moj["places"], moj["repaired"]) == (7, False)
    assert moj["examples"][0] == {"line": 1, "before": "The village of Aâ€™qrab was taken on 3 May 2014.",
                                  "after": "The village of A’qrab was taken on 3 May 2014."}
    assert len(moj["examples"]) == 3 and "--fix-mojibake" in moj["how_to_repair"]
    assert stored(project) == [("utf-8", GARBLED)]  # not repaired: exactly the file's text

    other = tmp_path / "other.curator"
    run(capsys, "new", other)
    code, report, _ = run(capsys, "add", other, path, "--fix-mojibake")
    assert code == 0
    added = report["added"][0]
    assert added["mojibake"]["repaired"] is True and "how_to_repair" not in added["mojibake"]
    assert added["encoding"] == "utf-8" + REPAIRED_SUFFIX
    assert stored(other) == [("utf-8 (ftfy repaired)", ORIGINAL)]


def test_repair_applies_to_a_legacy_encoding_too(tmp_path):
    path = tmp_path / "mixed.txt"
    text = "Le cafÃ© est fermé depuis le 3 mai 2014, à cause du siège.\n" * 3  # mojibake saved as Windows-1252
    path.write_bytes(text.encode("cp1252"))
    assert not read_document(path).decoded.sure  # "cafÃ©" makes Windows-1252 look messy: not guessed
    doc = read_document(path, encoding="cp1252", repair_mojibake=True)
    assert doc.decoded.encoding == "windows-1252" and doc.encoding == "windows-1252 (ftfy repaired)"
    assert doc.text == text.replace("cafÃ©", "café")
    assert read_document(path, encoding="cp1252").text == text


def test_a_repair_that_would_guess_a_lost_byte_is_not_made():
    """ftfy reads "voilÃ le" as "voilà le", assuming a no-break space was lost: not exact mojibake."""
    assert not is_mojibake_of("Ã", "à")
    assert is_mojibake_of("Ã ", "à")  # the no-break space shown as a space
    assert is_mojibake_of("Â£", "£") and is_mojibake_of("ðŸ˜€", "😀")
    assert not is_mojibake_of("e", "é") and not is_mojibake_of("“", '"')


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=120))
def test_the_repair_changes_nothing_but_verified_mojibake(text):
    report = find_mojibake(text)
    if report is None:
        return
    repaired = report.repaired()
    assert re.findall(r"\r\n|\r|\n", repaired) == re.findall(r"\r\n|\r|\n", text)
    at, rebuilt = 0, []
    for fix in report.fixes:
        assert is_mojibake_of(text[fix.start:fix.end], fix.after)
        rebuilt += [text[at:fix.start], fix.after]
        at = fix.end
    assert "".join(rebuilt) + text[at:] == repaired


@pytest.mark.parametrize("word", ["café", "naïve", "Zoë", "façade", "Straße", "Øresund", "İstanbul",
                                  "São Paulo", "résumé", "Ελλάδα", "Дом", "日本語", "😀🎉", "½ °C ©"])
def test_a_garbled_word_between_plain_ones_comes_back(word):
    line = f"before {garble(word)} after\r\n"
    report = find_mojibake(line)
    assert report is not None and report.repaired() == f"before {word} after\r\n"
