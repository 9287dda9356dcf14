"""Reading many files (curator.ingest.batch): a folder's listing, results in the order of the
files whether read in-process or by the pool of processes, refusals with their reason, progress,
and Cancel. Oracles: the per-file reader (extract_all) for what the pool returns, os.walk-free
listings written by hand, and hashlib for the bytes kept."""

from __future__ import annotations

import hashlib
import threading

import pytest

from curator.core.errors import InvalidInput
from curator.ingest import batch
from curator.ingest.batch import MISSING, Cancelled, FileRead, FileRefused, files_under, read_files
from curator.ingest.formats import extract_all
from ingest_folder import READABLE, REFUSED, listed, make_mixed_folder


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return make_mixed_folder(tmp_path_factory.mktemp("mixed"))


def test_files_under_lists_readable_suffixes_sorted_and_skips_hidden(folder):
    found = files_under(folder)
    assert [p.relative_to(folder).as_posix() for p in found] == listed(folder)
    assert all(not part.startswith(".") for p in found for part in p.relative_to(folder).parts)
    assert "sub/h-latin1.txt" in [p.relative_to(folder).as_posix() for p in found]


def test_files_under_takes_any_case_of_suffix_and_refuses_what_is_not_a_folder(tmp_path):
    (tmp_path / "LOUD.PDF").write_bytes(b"%PDF-1.4")
    (tmp_path / "b.Txt").write_text("x")
    assert [p.name for p in files_under(tmp_path)] == ["LOUD.PDF", "b.Txt"]
    with pytest.raises(InvalidInput, match="does not exist"):
        files_under(tmp_path / "nowhere")
    with pytest.raises(InvalidInput, match="is not a folder"):
        files_under(tmp_path / "b.Txt")


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_in_the_order_of_the_files_with_refusals(folder, workers, monkeypatch):
    monkeypatch.setattr(batch, "IN_PROCESS_FILES", 0)  # the pool, however few the files
    paths = files_under(folder)
    seen, how = [], {}
    results = read_files(paths, workers=workers, keep_bytes=True,
                         progress=lambda *args: seen.append(args), how=how)
    assert how == {"processes": workers, "pool_broke": False}
    assert [r.path for r in results] == paths
    for path, result in zip(paths, results):
        name = path.relative_to(folder).as_posix()
        if name in REFUSED:
            assert isinstance(result, FileRefused) and not result.ok
            assert result.reason == REFUSED[name] and path.name in result.message
        else:
            kind, count = READABLE[name]
            assert isinstance(result, FileRead) and result.ok
            expected = extract_all(path)  # the oracle: the file read on its own, here
            assert [d.kind for d in result.documents] == [kind] * count
            assert [d.text for d in result.documents] == [d.text for d in expected]
            assert [d.page_starts for d in result.documents] == [d.page_starts for d in expected]
            assert hashlib.sha256(result.data).hexdigest() == result.documents[0].sha256
            assert result.size == path.stat().st_size
    total = sum(p.stat().st_size for p in paths)
    assert seen[0] == (0, 0, len(paths), total) and seen[-1] == (len(paths), total, len(paths), total)
    assert [s[0] for s in seen] == list(range(len(paths) + 1))


def test_a_missing_file_is_a_refusal_not_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("Some text.\n")
    results = read_files([tmp_path / "a.txt", tmp_path / "gone.txt"])
    assert results[0].ok and results[0].documents[0].text == "Some text.\n"
    assert results[1].reason == MISSING and "gone.txt does not exist" in results[1].message


@pytest.mark.parametrize("workers", [1, 2])
def test_cancel_stops_the_run_and_returns_nothing(tmp_path, workers, monkeypatch):
    monkeypatch.setattr(batch, "IN_PROCESS_FILES", 0)
    paths = []
    for number in range(40):
        path = tmp_path / f"{number:02}.txt"
        path.write_text(f"Document {number}: the siege began on 8 May 2014.\n" * 50)
        paths.append(path)
    stop = threading.Event()
    got = []

    def on_result(index, result):
        got.append(index)
        if len(got) == 3:
            stop.set()

    with pytest.raises(Cancelled):
        read_files(paths, workers=workers, cancelled=stop.is_set, on_result=on_result)
    assert 3 <= len(got) < len(paths)  # it stopped soon after the cancel, far before the end


def test_few_small_files_are_read_in_process():
    assert batch.in_process(1, 10**9) and batch.in_process(8, 1_000_000)
    assert not batch.in_process(9, 1000) and not batch.in_process(3, 50_000_000)


def test_a_worker_that_dies_leaves_its_file_and_the_rest_to_this_process(tmp_path, monkeypatch):
    """A pool broken half-way (a worker killed, out of memory): every file is still read, in
    order, the one the dead worker held included."""
    from ingest_folder import die_in_a_worker

    monkeypatch.setattr(batch, "IN_PROCESS_FILES", 0)
    paths = []
    for number in range(12):
        path = tmp_path / (f"die-{number:02}.txt" if number == 5 else f"note-{number:02}.txt")
        path.write_text(f"Note {number}: the convoy left on {number + 1} May 2014.\n", encoding="utf-8")
        paths.append(path)
    how = {}
    results = read_files(paths, workers=2, prepare=die_in_a_worker, how=how)
    assert how["pool_broke"] is True
    assert [r.path for r in results] == paths and all(r.ok for r in results)
    assert [r.documents[0].text for r in results] == [p.read_text(encoding="utf-8") for p in paths]
