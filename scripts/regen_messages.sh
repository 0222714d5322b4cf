#!/usr/bin/env bash
# Regenerates the message catalog template (after merges the generated file is rebuilt, not merged).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${VENV_BIN:-.venv/bin}"
if ! out=$("$bin/pybabel" extract -F babel.cfg --sort-by-file --no-wrap --project=kikultur \
    --copyright-holder="KI@KULTUR" -o kikultur/locale/messages.pot . 2>&1); then
    echo "$out" >&2
    exit 1
fi
