"""``curator dates [--anchor YYYY-MM-DD] FILE``: JSON on stdout, offsets in code points."""

import json

import pytest

from curator.cli import main


def run(capsys, *argv):
    code = main(["dates", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_offsets_are_code_points_of_the_file_as_stored(tmp_path, capsys):
    text = "Report 🎉\r\n\r\nOn 8 May 2014 👍🏽 the town fell.\r\nThe next day, rain.\r\nIn July, peace.\n"
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode("utf-8"))
    code, out, err = run(capsys, str(path))
    assert code == 0 and err == ""
    items = json.loads(out)
    assert [i["text"] for i in items] == ["8 May 2014", "The next day", "July"]
    for item in items:
        assert list(item) == ["start", "end", "text", "edtf", "earliest", "latest"]
        assert text[item["start"]:item["end"]] == item["text"]
    assert items[1]["earliest"] == "2014-05-09"


def test_json_keeps_non_ascii_text_as_is(tmp_path, capsys):
    path = tmp_path / "dash.txt"
    path.write_text("Offensive (1 October – 1 December 2013)", encoding="utf-8")
    code, out, _ = run(capsys, str(path))
    assert code == 0 and "1 October – 1 December 2013" in out and "\\u2013" not in out


def test_anchor_settles_year_less_dates(tmp_path, capsys):
    path = tmp_path / "news.txt"
    path.write_text("The siege began in July and Russia vetoed on Monday.", encoding="utf-8")
    code, out, _ = run(capsys, "--anchor", "2016-12-07", str(path))
    assert code == 0
    assert [(i["text"], i["earliest"]) for i in json.loads(out)] == [
        ("July", "2016-07-01"), ("Monday", "2016-12-05")]


def test_bom_is_dropped_and_offsets_count_after_it(tmp_path, capsys):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffOn 8 May 2014.".encode("utf-8"))
    code, out, _ = run(capsys, str(path))
    assert code == 0
    assert json.loads(out)[0]["start"] == 3


def test_no_dates_is_an_empty_list(tmp_path, capsys):
    path = tmp_path / "none.txt"
    path.write_text("Nothing here but 1,100 workers.", encoding="utf-8")
    assert run(capsys, str(path))[:2] == (0, "[]\n")


@pytest.mark.parametrize("setup, argv, reason", [
    (None, ["missing.txt"], "no such file"),
    (b"\x00\x00\x00\x01bad\x00\x00", ["bad.txt"], "looks like a binary file"),
    (b"On 8 May 2014 \xff.", ["--encoding", "utf-8", "bad.txt"], "not utf-8 text: byte 0xFF at offset 14"),
    (b"On 8 May 2014.", ["--encoding", "klingon", "ok.txt"], "'klingon' is not a character encoding"),
    (b"On 8 May 2014.", ["--anchor", "2016-13-01", "ok.txt"], "--anchor '2016-13-01' is not a date"),
])
def test_failures_are_one_line_on_stderr(tmp_path, capsys, setup, argv, reason):
    if setup is not None:
        (tmp_path / argv[-1]).write_bytes(setup)
    argv = [*argv[:-1], str(tmp_path / argv[-1])]
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert reason in err and err.count("\n") == 1
