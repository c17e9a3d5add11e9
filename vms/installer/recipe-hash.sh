#!/usr/bin/env bash
# Prints the content hash that keys the installer ISO's build cache.
# Inputs: every regular file under vms/installer except dev/ and tests/ (hand-run and unit-test material) and *.md
# (documentation). Line per file: "<sha256 of content>  <path relative to vms/installer>", files
# sorted by path (bytewise); the hash is sha256 of those lines, first 16 hex digits.
# Same algorithm as vms/reference/recipe-hash.sh (RecipeHash.cs computes it for any recipe folder).
set -euo pipefail
recipe="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$recipe"
find . -type f ! -path './dev/*' ! -path './tests/*' ! -path '*/__pycache__/*' ! -name '*.md' -printf '%P\n' \
  | LC_ALL=C sort \
  | while IFS= read -r f; do printf '%s  %s\n' "$(sha256sum < "$f" | cut -d' ' -f1)" "$f"; done \
  | sha256sum | cut -c1-16
