"""ACLED-style CSV: export and import of N rows (default 100,000), against a plain csv read and
write of the same rows.

Prints, each measured in its own process (so that each peak memory, ru_maxrss, is its own):
  csv read    the standard library's csv.DictReader over the file (every row made, then dropped);
  csv write   csv.writer writing the same rows to another file (read as they are written);
  import      ``import_acled`` of the file into a fresh project: read + checks + staging + the
              conflict template and fields + bulk inserts, one transaction;
  reimport    ``import_acled`` of the same file again (every row compared with its event's own
              export: nothing written);
  export      ``export_acled`` of the imported project to a new file;
with the ratio of import to csv read and of export to csv write, the file's size and the
project's. The file is written by benchmarks/acled_file.py (ACLED's 31 columns, realistic rows).

    .venv/bin/python benchmarks/bench_acled.py [N] [--repeat R] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from acled_file import write_acled_csv  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase(name: str, folder: Path) -> dict:
    source = folder / "acled.csv"
    project_path = folder / "acled.curator"
    start = time.perf_counter()
    if name == "csv read":
        with open(source, encoding="utf-8", newline="") as fh:
            rows = sum(1 for _ in csv.DictReader(fh))
    elif name == "csv write":
        with open(source, encoding="utf-8", newline="") as fh, \
                open(folder / "copy.csv", "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\r\n")
            rows = 0
            for row in csv.reader(fh):
                writer.writerow(row)
                rows += 1
    else:
        from curator.core import Project

        if name == "import":
            project_path.unlink(missing_ok=True)
            project = Project.create(project_path, annotator="bench")
        else:
            project = Project.open(project_path, annotator="bench")
        try:
            if name in ("import", "reimport"):
                from curator.exchange.acled_import import import_acled

                report = import_acled(project, source)
                rows = report["rows"]
            else:
                from curator.exchange.acled_export import export_acled

                rows = export_acled(project, folder / "out.acled.csv")["events"]
        finally:
            project.close()
    return {"seconds": time.perf_counter() - start, "peak_mb": _peak_mb(), "rows": rows}


def _run(name: str, folder: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--phase", name, "--folder", str(folder)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", metavar="DIR")
    parser.add_argument("--phase")
    parser.add_argument("--folder")
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, Path(args.folder))))
        return
    with tempfile.TemporaryDirectory(prefix="bench-acled-") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        made = time.perf_counter()
        write_acled_csv(folder / "acled.csv", args.n)
        size = (folder / "acled.csv").stat().st_size
        print(f"{args.n:,} rows, {size / 1e6:.1f} MB file, written in {time.perf_counter() - made:.1f} s")
        for run in range(args.repeat):
            got = {name: _run(name, folder) for name in ("csv read", "csv write", "import", "reimport", "export")}
            for name, figure in got.items():
                print(f"  {name:9s} {figure['seconds']:7.2f} s  peak {figure['peak_mb']:6.0f} MB  ({figure['rows']:,} rows)")
            print(f"  import / csv read {got['import']['seconds'] / got['csv read']['seconds']:.1f}x, "
                  f"reimport / csv read {got['reimport']['seconds'] / got['csv read']['seconds']:.1f}x, "
                  f"export / csv write {got['export']['seconds'] / got['csv write']['seconds']:.1f}x; "
                  f"project {(folder / 'acled.curator').stat().st_size / 1e6:.0f} MB"
                  + (f" (run {run + 1} of {args.repeat})" if args.repeat > 1 else ""))


if __name__ == "__main__":
    main()
