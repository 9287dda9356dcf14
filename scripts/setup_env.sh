#!/usr/bin/env bash
# Shared by run.sh and test.sh: make .venv and install Curator into it (editable) only when
# needed: the first time, or when pyproject.toml or the extras asked for changed since the last
# install. A launch with nothing to install starts at once. Usage: setup_env.sh [EXTRAS]
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
extras="${1:-}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=".venv/.curator-installed${extras:+-$extras}"
want="$(.venv/bin/python -c 'import hashlib,sys; print(hashlib.sha256(open("pyproject.toml","rb").read()).hexdigest())')"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
    echo "Setting up .venv (first run, or pyproject.toml changed)…" >&2
    .venv/bin/python -m pip install -q --upgrade pip
    # setuptools warns about the editable mode of the seeds/resources mapping: not for users
    PYTHONWARNINGS="ignore" .venv/bin/python -m pip install -q -e ".${extras:+[$extras]}"
    echo "$want" > "$stamp"
fi
