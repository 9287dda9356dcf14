#!/usr/bin/env bash
# Set up (a virtual environment in .venv, only when needed) and start Curator; first run opens
# the demo project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh
exec .venv/bin/curator "$@"
