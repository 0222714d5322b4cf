#!/usr/bin/env bash
# Installs the Debian packages the tests need (headless Chromium) when they are missing.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "Es fehlen Debian-Pakete: ${missing[*]}. Bitte als root installieren: apt-get install ${missing[*]}" >&2
    exit 1
fi
echo "Installiere Debian-Pakete: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
