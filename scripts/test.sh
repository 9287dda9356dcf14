#!/usr/bin/env bash
# Set up (a virtual environment in .venv, only when needed) and run the tests offscreen.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh test
QT_QPA_PLATFORM=offscreen exec .venv/bin/python -m pytest "$@"
