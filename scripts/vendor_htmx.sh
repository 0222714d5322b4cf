#!/usr/bin/env bash
# Fetches HTMX from the npm registry into the package's static folder (not committed).
set -euo pipefail
version="$1"
target="kikultur/web/static/vendor"
command -v npm >/dev/null 2>&1 || { echo "npm fehlt" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "htmx.org@${version}" >/dev/null)
tar -xzf "$tmp"/htmx.org-*.tgz -C "$tmp"
mkdir -p "$target"
cp "$tmp/package/dist/htmx.min.js" "$target/htmx.min.js"
cp "$tmp/package/LICENSE" "$target/htmx.LICENSE"
echo "HTMX ${version} geladen (Lizenz: $target/htmx.LICENSE)"
