"""Texts that are not UTF-8: the one reader, through `curator add` and `curator dates`.

The oracle is Python's own codecs: each test writes a known Unicode string with ``str.encode`` in
the encoding under test, imports the file with the real `curator` entry point, and reads the
stored text back with sqlite3 (not through Curator), which must equal the string exactly."""

from __future__ import annotations

import codecs
import json
import sqlite3

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from curator.cli import main
from curator.core.errors import InvalidInput
from curator.ingest.decoding import BY_CHOICE, BY_DETECTION, BY_MARK, BY_UTF8, decode_bytes
from curator.ingest.encodings import checked_label

RUSSIAN = (
    "Битва за Алеппо началась 19.07.2012, когда отряды оппозиции вошли в восточные кварталы города.\r\n"
    "В течение четырёх лет город был разделён на две части. Правительственные войска при поддержке "
    "российской авиации окружили восточный Алеппо летом 2016 года.\r\n"
    "Эвакуация последних жителей завершилась 2016-12-22. «Мы ушли ночью, взяв только документы», — "
    "рассказала одна из беженок.\r\n")
GREEK = (
    "Η μάχη του Χαλεπιού ξεκίνησε στις 19 Ιουλίου 2012, όταν οι αντάρτες μπήκαν στις ανατολικές "
    "συνοικίες της πόλης. Για τέσσερα χρόνια η πόλη ήταν χωρισμένη στα δύο.\n"
    "Άνθρωποι έφευγαν κάθε μέρα προς την Τουρκία. Οι κυβερνητικές δυνάμεις, με τη στήριξη της "
    "ρωσικής αεροπορίας, περικύκλωσαν το ανατολικό Χαλέπι το καλοκαίρι του 2016.\n"
    "Η εκκένωση ολοκληρώθηκε στις 22 Δεκεμβρίου 2016. Ένας κάτοικος είπε: «Φύγαμε τη νύχτα».\n")
FRENCH = (
    "Le siège d'Alep a commencé le 19 juillet 2012, lorsque les rebelles sont entrés dans les quartiers "
    "est de la ville. Pendant quatre ans, la ville a été coupée en deux.\n"
    "Les forces gouvernementales, soutenues par l'aviation russe, ont encerclé Alep-Est à l'été 2016. "
    "L'évacuation s'est achevée le 22 décembre 2016 ; des centaines de milliers ont dû quitter leur maison.\n")
GERMAN = (
    "Die Schlacht um Aleppo begann am 19. Juli 2012, als Rebellen in die östlichen Viertel der Stadt "
    "eindrangen. Regierungstruppen schlossen mit Unterstützung der russischen Luftwaffe im Sommer 2016 "
    "Ost-Aleppo ein. Nach Schätzungen wurden mehr als dreißigtausend Menschen getötet; Hunderttausende "
    "mussten ihre Häuser verlassen.\n")
JAPANESE = ("アレッポの戦いは2012年7月19日、反政府勢力が市の東部地区に入ったことで始まった。"
            "4年間、市は二つに分断された。避難は2016年12月22日に完了した。\n")
CHINESE = ("阿勒颇战役于2012年7月19日开始，当时反对派武装进入该市东部街区。"
           "四年来，这座城市被一分为二。撤离行动于2016年12月22日结束。\n")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def stored(project) -> list[tuple[str, str, str]]:
    """(filename, encoding, text) of the live documents, read with sqlite3 itself."""
    with sqlite3.connect(project) as conn:
        return conn.execute("SELECT filename, encoding, text FROM document WHERE deleted_at IS NULL "
                            "ORDER BY id").fetchall()


@pytest.fixture
def project(tmp_path, capsys):
    path = tmp_path / "p.curator"
    assert run(capsys, "new", path)[0] == 0
    return path


@pytest.mark.parametrize("name, text, codec, expected", [
    ("russian-1251.txt", RUSSIAN, "cp1251", "windows-1251"),
    ("greek-1253.txt", GREEK, "cp1253", "windows-1253"),
    ("greek-8859-7.txt", GREEK, "iso-8859-7", "iso-8859-7"),
    ("french-1252.txt", FRENCH, "cp1252", "windows-1252"),
    ("french-latin1.txt", FRENCH, "latin-1", "windows-1252"),  # the same text: named the common way
    ("german-1252.txt", GERMAN, "cp1252", "windows-1252"),
    ("japanese-sjis.txt", JAPANESE, "shift_jis", "shift_jis"),
    ("chinese-gb18030.txt", CHINESE, "gb18030", "gb18030"),
])
def test_a_text_in_a_legacy_encoding_is_imported_exactly(capsys, tmp_path, project, name, text, codec, expected):
    path = tmp_path / name
    path.write_bytes(text.encode(codec))
    code, report, err = run(capsys, "add", project, path)
    assert code == 0, err
    (added,) = report["added"]
    assert (added["encoding"], added["decoded_by"]) == (expected, "detected")
    assert stored(project) == [(name, expected, text)]
    assert path.read_bytes().decode(expected) == text  # the stored label reads the file back


def test_greek_accented_capitals_tell_windows_1253_from_iso_8859_7(tmp_path):
    """Ά is 0xA2 in Windows-1253 and 0xB6 in ISO-8859-7 (where 0xA2 is ’ and Windows-1253's 0xB6 is ¶)."""
    for codec in ("cp1253", "iso-8859-7"):
        decoded = decode_bytes(GREEK.encode(codec), "greek.txt")
        assert decoded.sure and decoded.text == GREEK and "Άνθρωποι" in decoded.text


def test_utf16_with_a_byte_order_mark(capsys, tmp_path, project):
    text = "Report\r\nOn 8 May 2014 the hotel 🏨 was destroyed; Алеппо, Χαλέπι.\n"
    (tmp_path / "be.txt").write_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
    (tmp_path / "le.txt").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    code, report, err = run(capsys, "add", project, tmp_path / "be.txt")
    assert code == 0, err
    assert report["added"][0]["decoded_by"] == "byte order mark"
    assert stored(project) == [("be.txt", "utf-16", text)]
    decoded = decode_bytes((tmp_path / "le.txt").read_bytes())
    assert (decoded.text, decoded.encoding, decoded.how) == (text, "utf-16", BY_MARK)


def test_utf8_is_read_as_before(tmp_path):
    """Valid UTF-8 is UTF-8, byte for byte: newlines as they are, a BOM dropped and named utf-8-sig."""
    text = "Line one\r\nline two\rline three\n\u2028tab\there é 😀\n"
    assert decode_bytes(text.encode("utf-8")) == decode_bytes(text.encode("utf-8"))
    decoded = decode_bytes(text.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.how) == (text, "utf-8", BY_UTF8)
    with_bom = decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    assert (with_bom.text, with_bom.encoding, with_bom.how) == (text, "utf-8-sig", BY_MARK)


def test_dates_on_a_windows_1251_file_gives_offsets_into_the_right_text(capsys, tmp_path, project):
    path = tmp_path / "ru.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    code = main(["dates", str(path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    items = json.loads(out)
    for item in items:
        assert RUSSIAN[item["start"]:item["end"]] == item["text"]
    assert {"19.07.2012", "2016-12-22"} <= {i["text"] for i in items}
    run(capsys, "add", project, path)  # the same offsets point into the stored document
    (_, _, text), = stored(project)
    assert all(text[i["start"]:i["end"]] == i["text"] for i in items)


def test_dates_takes_an_encoding_that_wins(capsys, tmp_path):
    path = tmp_path / "ru.txt"
    path.write_bytes("Штурм 19.07.2012.".encode("cp1251"))
    assert main(["dates", "--encoding", "windows-1251", str(path)]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [(i["start"], i["text"]) for i in items] == [(6, "19.07.2012")]


def test_a_file_that_does_not_decode_in_the_chosen_encoding_is_refused_with_its_offset(capsys, tmp_path, project):
    path = tmp_path / "ru.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    code, _, err = run(capsys, "add", project, "--encoding", "utf-8", path)
    assert code == 1 and err.count("\n") == 1
    assert "ru.txt is not utf-8 text: byte 0xC1 at offset 0" in err
    late = tmp_path / "late.txt"
    late.write_bytes(b"Plain ASCII for a while, then " + "é".encode("latin-1") + b".\n")
    code, _, err = run(capsys, "add", project, "--encoding", "ascii", late)
    assert code == 1 and "byte 0xE9 at offset 30" in err
    code, _, err = run(capsys, "add", project, "--encoding", "rot13", late)
    assert code == 1 and "'rot13' is not a character encoding" in err
    assert stored(project) == []


def test_the_chosen_encoding_always_wins(capsys, tmp_path, project):
    path = tmp_path / "ru.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    code, report, _ = run(capsys, "add", project, "--encoding", "KOI8-R", path)  # wrong, but chosen
    assert code == 0 and report["added"][0]["decoded_by"] == "chosen"
    assert stored(project) == [("ru.txt", "koi8-r", RUSSIAN.encode("cp1251").decode("koi8-r"))]
    marked = decode_bytes(codecs.BOM_UTF8 + "Мир".encode("utf-8"), encoding="windows-1251")
    assert marked.text == (codecs.BOM_UTF8 + "Мир".encode("utf-8")).decode("cp1251")  # even over a BOM
    same = decode_bytes(codecs.BOM_UTF8 + "Мир".encode("utf-8"), encoding="UTF-8")
    assert (same.text, same.encoding, same.how) == ("Мир", "utf-8-sig", BY_CHOICE)  # its own mark dropped


def test_an_ambiguous_short_file_is_refused_naming_the_candidates(capsys, tmp_path, project):
    path = tmp_path / "short.txt"
    path.write_bytes("Мир\n".encode("cp1251"))
    decoded = decode_bytes(path.read_bytes(), "short.txt")
    assert decoded.how == BY_DETECTION and not decoded.sure
    code, _, err = run(capsys, "add", project, path)
    assert code == 1 and err.count("\n") == 1
    assert "cannot tell its encoding" in err and "--encoding" in err
    assert "windows-1251" in err and '"Мир"' in err
    assert stored(project) == []
    code, _, err = run(capsys, "add", project, "--encoding", "windows-1251", path)
    assert code == 0, err
    assert stored(project) == [("short.txt", "windows-1251", "Мир\n")]
    code, _, err = run(capsys, "dates", path)
    assert code == 1 and "cannot tell its encoding" in err


def test_a_short_western_text_between_two_code_pages_is_not_guessed(tmp_path):
    decoded = decode_bytes("Le siège a commencé le 19 juillet 2012.\n".encode("cp1252"))
    assert not decoded.sure
    names = {decoded.detection.best.encoding, *(r.encoding for r in decoded.detection.rivals)}
    assert {"windows-1250", "windows-1252"} <= names
    assert "sičge" in decoded.doubt("f.txt") and "siège" in decoded.doubt("f.txt")


def test_binary_files_are_refused_as_before(capsys, tmp_path, project):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    code, _, err = run(capsys, "add", project, path)
    assert code == 1 and "is a PNG image, not a document Curator reads" in err
    wide = tmp_path / "wide.txt"
    wide.write_bytes("On 8 May 2014 the road was cut.\n".encode("utf-16-le"))
    code, _, err = run(capsys, "add", project, wide)
    assert code == 1 and "UTF-16-LE text without a byte order mark" in err
    code, _, err = run(capsys, "add", project, "--encoding", "utf-16-le", wide)
    assert code == 0, err
    assert stored(project) == [("wide.txt", "utf-16-le", "On 8 May 2014 the road was cut.\n")]


def test_add_reports_how_each_file_was_read(capsys, tmp_path, project):
    ru, plain = tmp_path / "ru.txt", tmp_path / "plain.txt"
    ru.write_bytes(RUSSIAN.encode("cp1251"))
    plain.write_text("On 8 May 2014.\n", encoding="utf-8")
    code, report, _ = run(capsys, "add", project, ru, plain)
    assert code == 0
    first, second = report["added"]
    assert first["encoding"] == "windows-1251" and first["decoded_by"] == "detected"
    assert isinstance(first["candidates"], list)
    assert (second["encoding"], second["decoded_by"]) == ("utf-8", "valid UTF-8")
    assert "candidates" not in second and "mojibake" not in second


def test_the_demo_records_its_encoding(demo_project):
    assert {d.encoding for d in demo_project.documents()} == {"utf-8"}


def test_encoding_names_are_normalised():
    assert checked_label("CP1251") == "windows-1251"
    assert checked_label("latin-1") == "iso-8859-1"
    assert checked_label("ISO8859_7") == "iso-8859-7"
    assert checked_label("sjis") == "shift_jis"
    for bad in ("klingon", "base64", "", "idna"):
        with pytest.raises(InvalidInput):
            checked_label(bad)


# ---------------------------------------------------------------------- properties
ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "windows-1252", "iso-8859-1",
             "windows-1250", "windows-1251", "koi8-r", "windows-1253", "iso-8859-7", "windows-1255",
             "windows-1256", "shift_jis", "euc-jp", "gb18030", "big5", "euc-kr", "mac-roman", "cp437"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=80),
       encoding=st.sampled_from(ENCODINGS))
def test_an_explicit_encoding_round_trips_any_text_it_can_represent(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    # what the codec itself reads back: Shift_JIS writes "¥" as the byte of "\\", for one
    assume(data.decode(encoding) == text)
    assume(not text.startswith("\ufeff"))  # a leading U+FEFF is a byte order mark, dropped
    decoded = decode_bytes(data, "t.txt", encoding)
    assert decoded.text == text
    assert data.decode(decoded.encoding) == text or decoded.encoding in ("utf-16", "utf-32")


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=200))
def test_utf8_input_is_never_altered(text):
    assume(not text.startswith("\ufeff"))
    decoded = decode_bytes(text.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.how) == (text, "utf-8", BY_UTF8)
