#!/usr/bin/env bash
# Prints the content hash that keys the installer ISO's build cache.
# Inputs: every regular file under vms/installer except dev/ (hand-run test material) and *.md
# (documentation). Line per file: "<sha256 of content>  <path relative to vms/installer>", files
# sorted by path (bytewise); the hash is sha256 of those lines, first 16 hex digits.
# Same rule as vms/reference/recipe-hash.sh, so RecipeHash.Compute (C#) gives the same value for this folder.
# Never leave __pycache__ under rootfs/ (run the unit tests with PYTHONDONTWRITEBYTECODE=1).
set -euo pipefail
recipe="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$recipe"
find . -type f ! -path './dev/*' ! -name '*.md' -printf '%P\n' \
  | LC_ALL=C sort \
  | while IFS= read -r f; do printf '%s  %s\n' "$(sha256sum < "$f" | cut -d' ' -f1)" "$f"; done \
  | sha256sum | cut -c1-16
