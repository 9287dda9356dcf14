#!/usr/bin/env bash
# Build the frozen Curator (PyInstaller, one folder) for the platform this runs on, then
# smoke-test it with no Python environment around it.
#
#   packaging/build.sh               build + smoke test
#   packaging/build.sh --no-smoke    build only
#   packaging/build.sh --smoke-only  smoke-test an existing build
#
# Output: Linux dist/curator/curator, Windows dist/curator/Curator.exe (+ curator-cli.exe),
# macOS dist/Curator.app. PyInstaller and Curator are installed into a build venv of their own
# (build/venv, or $CURATOR_BUILD_VENV) made with $PYTHON (default: .venv's python, else python3).
# Works in bash on Linux and macOS and in Git Bash on Windows (the GitHub workflow uses it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "$(uname -s)" in  # Git Bash: a D:/... path that native Windows programs understand too
    MINGW*|MSYS*|CYGWIN*) ROOT="$(cd "$ROOT" && pwd -W)" ;;
esac
cd "$ROOT"

BUILD=1
SMOKE=1
for arg in "$@"; do
    case "$arg" in
        --no-smoke) SMOKE=0 ;;
        --smoke-only) BUILD=0 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

case "$(uname -s)" in
    Linux*) PLATFORM=linux; EXE="$ROOT/dist/curator/curator" ;;
    Darwin*) PLATFORM=macos; EXE="$ROOT/dist/Curator.app/Contents/MacOS/Curator" ;;
    MINGW*|MSYS*|CYGWIN*) PLATFORM=windows; EXE="$ROOT/dist/curator/curator-cli.exe" ;;
    *) echo "build.sh: unsupported platform $(uname -s)" >&2; exit 2 ;;
esac

VERSION="$(sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml | head -n1)"
[ -n "$VERSION" ] || { echo "build.sh: no version in pyproject.toml" >&2; exit 1; }

say() { printf '\n== %s\n' "$*"; }

build() {
    local venv="${CURATOR_BUILD_VENV:-$ROOT/build/venv}" python="${PYTHON:-}" vpy
    if [ -z "$python" ]; then
        for candidate in "$ROOT/.venv/bin/python" "$ROOT/.venv/Scripts/python.exe" python3 python; do
            if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
        done
    fi
    if [ -x "$venv/Scripts/python.exe" ]; then vpy="$venv/Scripts/python.exe"; else vpy="$venv/bin/python"; fi
    if [ ! -x "$vpy" ]; then
        say "build venv $venv (from $python)"
        "$python" -m venv "$venv"
        if [ -x "$venv/Scripts/python.exe" ]; then vpy="$venv/Scripts/python.exe"; else vpy="$venv/bin/python"; fi
    fi
    say "installing PyInstaller and Curator $VERSION into the build venv"
    "$vpy" -m pip install --quiet --upgrade pip
    "$vpy" -m pip install --quiet "$ROOT[freeze]"
    # always the working tree's code, even when the version number did not change
    "$vpy" -m pip install --quiet --no-deps --force-reinstall "$ROOT"

    say "freezing ($PLATFORM)"
    rm -rf "$ROOT/dist/curator" "$ROOT/dist/Curator.app"
    local started=$SECONDS
    "$vpy" -m PyInstaller --noconfirm --log-level WARN \
        --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" "$ROOT/packaging/curator.spec"
    echo "frozen in $((SECONDS - started)) s; size: $(du -sh "$ROOT/dist/curator" | cut -f1)" \
         "($(find "$ROOT/dist/curator" -type f | wc -l | tr -d ' ') files)"
}

# Run the frozen executable with a bare environment: no PATH to a Python, no PYTHONPATH, no
# virtualenv, HOME in a scratch folder, from a folder outside the repository.
run_frozen() {
    local extra=()
    if [ "$PLATFORM" = windows ]; then
        local native; native="$(cygpath -m "$SMOKE_DIR")"  # C:/... for the native program
        extra=(SYSTEMROOT="${SYSTEMROOT:-C:\\Windows}" USERPROFILE="$native/home"
               APPDATA="$native/home/AppData/Roaming" LOCALAPPDATA="$native/home/AppData/Local"
               TEMP="$native" TMP="$native")
    fi
    if [ -n "${SMOKE_TIMING:-}" ]; then extra+=(CURATOR_TIMING="$SMOKE_TIMING"); fi
    (cd "$SMOKE_DIR" && env -i PATH=/usr/bin:/bin HOME="$SMOKE_DIR/home" LANG=C.UTF-8 \
        QT_QPA_PLATFORM=offscreen ${extra[@]+"${extra[@]}"} "$EXE" "$@")  # bash 3.2-safe
}

fail() { echo "build.sh: smoke test FAILED: $*" >&2; exit 1; }

smoke() {
    [ -x "$EXE" ] || fail "no frozen executable at $EXE"
    SMOKE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/curator-smoke.XXXXXX")"
    mkdir -p "$SMOKE_DIR/home"
    local started=$SECONDS out

    say "smoke: --version"
    out="$(run_frozen --version)" || fail "--version exited non-zero"
    echo "$out"
    [ "$out" = "curator $VERSION" ] || fail "--version printed '$out', expected 'curator $VERSION'"

    say "smoke: dates on a small file"
    printf 'The siege began on 8 May 2014. Two days later the road was cut.\n' > "$SMOKE_DIR/small.txt"
    out="$(run_frozen dates small.txt)" || fail "dates exited non-zero"
    echo "$out" | head -c 600; echo
    echo "$out" | grep -Eq '"edtf": *"2014-05-08"' || fail "dates did not find 8 May 2014"

    say "smoke: a Windows-1251 text (detected by charset-normalizer) and mojibake (ftfy)"
    # "Битва за Алеппо началась 19.07.2012 ..." written in Windows-1251, byte by byte
    printf '\xc1\xe8\xf2\xe2\xe0 \xe7\xe0 \xc0\xeb\xe5\xef\xef\xee \xed\xe0\xf7\xe0\xeb\xe0\xf1\xfc 19.07.2012, \xea\xee\xe3\xe4\xe0 \xee\xf2\xf0\xff\xe4\xfb \xee\xef\xef\xee\xe7\xe8\xf6\xe8\xe8 \xe2\xee\xf8\xeb\xe8 \xe2 \xe2\xee\xf1\xf2\xee\xf7\xed\xfb\xe5 \xea\xe2\xe0\xf0\xf2\xe0\xeb\xfb \xe3\xee\xf0\xee\xe4\xe0.\n' > "$SMOKE_DIR/ru.txt"
    printf 'A\xc3\xa2\xe2\x82\xac\xe2\x84\xa2qrab was taken on 3 May 2014.\n' > "$SMOKE_DIR/mojibake.txt"
    run_frozen new encodings.curator >/dev/null || fail "new exited non-zero"
    out="$(run_frozen add encodings.curator ru.txt)" || fail "add of a Windows-1251 file exited non-zero"
    echo "$out" | head -c 600; echo
    echo "$out" | grep -Eq '"encoding": *"windows-1251"' || fail "the Windows-1251 file was not detected"
    out="$(run_frozen add encodings.curator mojibake.txt --fix-mojibake)" || fail "add --fix-mojibake exited non-zero"
    echo "$out" | grep -Eq '"places": *1' || fail "ftfy found no mojibake"
    run_frozen export encodings.curator encodings.json >/dev/null || fail "export exited non-zero"
    grep -q 'Битва за Алеппо началась 19.07.2012' "$SMOKE_DIR/encodings.json" \
        || fail "the exported text is not the Russian text"
    grep -q 'A’qrab was taken' "$SMOKE_DIR/encodings.json" || fail "the mojibake was not repaired"
    out="$(run_frozen dates ru.txt)" || fail "dates on the Windows-1251 file exited non-zero"
    echo "$out" | grep -Eq '"text": *"19.07.2012"' || fail "dates did not find 19.07.2012 in the Windows-1251 file"

    say "smoke: a PDF and a Word document (pdfminer.six, python-docx)"
    cp "$ROOT/tests/data/ingest/report.pdf" "$ROOT/tests/data/ingest/report.docx" "$SMOKE_DIR/"
    out="$(run_frozen extract --text report.pdf report.docx)" || fail "extract of a PDF and a DOCX exited non-zero"
    echo "$out" | head -c 600; echo
    echo "$out" | grep -Eq '"pages": *3' || fail "the PDF's three pages were not found"
    echo "$out" | grep -q 'by an example of the new checkpoints' || fail "the PDF's text (a joined hyphen) was not read"
    echo "$out" | grep -q 'Reported by the town council on 9 May 2014' || fail "the DOCX footnote was not read"
    mkdir -p "$SMOKE_DIR/folder/.hidden"
    cp "$SMOKE_DIR/report.pdf" "$SMOKE_DIR/report.docx" "$SMOKE_DIR/folder/"
    run_frozen new files.curator >/dev/null || fail "new exited non-zero"
    out="$(run_frozen add files.curator folder)" || fail "add of a folder with a PDF and a DOCX exited non-zero"
    echo "$out" | head -c 600; echo
    echo "$out" | grep -Eq '"kind": *"pdf"' || fail "add did not store the PDF"
    echo "$out" | grep -Eq '"kind": *"docx"' || fail "add did not store the DOCX"
    run_frozen export files.curator files.json >/dev/null || fail "export of the added files exited non-zero"
    grep -Eq '"page_starts":\[0,[0-9]+,[0-9]+\]' "$SMOKE_DIR/files.json" || fail "the PDF's page starts were not stored"
    out="$(run_frozen check files.curator)" || fail "check of the added files exited non-zero"
    echo "$out" | grep -Eq '"ok": *true' || fail "check of the added files is not ok"
    say "smoke: a folder of twelve files read by a pool of processes (spawned from the frozen app)"
    mkdir -p "$SMOKE_DIR/many"
    for n in $(seq 1 12); do cp "$SMOKE_DIR/report.pdf" "$SMOKE_DIR/many/report-$n.pdf"; done
    out="$(run_frozen add files.curator many)" || fail "add of twelve files exited non-zero"
    echo "$out" | grep -Eq '"read_by_processes": *2' || fail "the twelve files were not read by a pool of 2 processes"
    echo "$out" | grep -c '"reason": "same text as a document already in the project"' | grep -qx 12 \
        || fail "the twelve copies were not all read (and skipped as already added)"

    say "smoke: new --demo, stats"
    run_frozen new demo.curator --demo || fail "new --demo exited non-zero"
    out="$(run_frozen stats demo.curator)" || fail "stats exited non-zero"
    echo "$out" | head -c 600; echo
    echo "$out" | grep -Eq '"documents": *[1-9]' || fail "the demo project has no documents"

    say "smoke: the GUI opens the demo (screenshot offscreen)"
    run_frozen screenshot demo.curator shot.png --size 1280x800 || fail "screenshot exited non-zero"
    [ -f "$SMOKE_DIR/shot.png" ] || fail "screenshot wrote no shot.png"
    [ "$(head -c 4 "$SMOKE_DIR/shot.png" | od -An -tx1 | tr -d ' \n')" = "89504e47" ] \
        || fail "shot.png is not a PNG"
    local bytes; bytes=$(wc -c < "$SMOKE_DIR/shot.png" | tr -d ' ')
    [ "$bytes" -gt 20000 ] || fail "shot.png is only $bytes bytes: an empty window?"
    echo "shot.png: $bytes bytes"

    say "smoke: the window opens the demo on its worker and exits cleanly"
    # lazy imports (the facade loads on the worker thread) must be in the frozen app too
    out="$(SMOKE_TIMING=exit run_frozen gui demo.curator 2>&1)" || fail "gui exited non-zero: $out"
    echo "$out"
    echo "$out" | grep -q "first paint" || fail "the window was never painted"
    echo "$out" | grep -q "project shown" || fail "the window never showed the project"
    if echo "$out" | grep -Eq "QThread|Traceback"; then fail "gui did not exit cleanly"; fi

    say "smoke test passed in $((SECONDS - started)) s ($SMOKE_DIR)"
    if [ -n "${CURATOR_SMOKE_SHOT:-}" ]; then cp "$SMOKE_DIR/shot.png" "$CURATOR_SMOKE_SHOT"; fi
    rm -rf "$SMOKE_DIR"
}

total_started=$SECONDS
[ "$BUILD" = 1 ] && build
[ "$SMOKE" = 1 ] && smoke
say "build.sh done in $((SECONDS - total_started)) s: $EXE"
