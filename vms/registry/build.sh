#!/usr/bin/env bash
# Builds the local registry image veilorqa/registry:<hash> FROM scratch around Debian's
# docker-registry binary and the libraries it links (ldd). <hash> covers this recipe and the staged
# binaries, so a new Debian build of docker-registry gives a new tag; an existing tag is a cache hit.
# Prints the image reference on the last line. Usage: build.sh [--force]
set -euo pipefail
recipe="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
force=0
for a in "$@"; do
  case "$a" in
    --force) force=1 ;;
    *) echo "registry/build.sh: unknown option '$a'" >&2; exit 2 ;;
  esac
done
for tool in docker docker-registry ldd sha256sum; do
  command -v "$tool" >/dev/null || { echo "registry/build.sh: missing host tool '$tool' (scripts/setup.sh installs it)" >&2; exit 1; }
done
started=$(date +%s)
ctx="$(mktemp -d /tmp/veilorqa-registry-build-XXXXXX)"
trap 'rm -rf "$ctx"' EXIT
root="$ctx/rootfs"
mkdir -p "$root/usr/bin" "$root/etc/docker/registry" "$root/var/lib/registry" "$root/tmp"
chmod 1777 "$root/tmp"
bin="$(command -v docker-registry)"
cp "$bin" "$root/usr/bin/docker-registry"
# Every library the binary links, at the path the loader looks for it (ldd's "=> PATH" or the
# interpreter's absolute path).
ldd "$bin" | awk '/=> \// {print $3} /^[[:space:]]*\/[^ ]+/ {print $1}' | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
cp "$recipe/config.yml" "$root/etc/docker/registry/config.yml"
printf 'root:x:0:0:root:/:/usr/bin/docker-registry\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
cp "$recipe/Dockerfile" "$ctx/Dockerfile"
hash=$( (cd "$ctx" && find . -type f -printf '%P\n' | LC_ALL=C sort | while IFS= read -r f; do
  printf '%s  %s\n' "$(sha256sum < "$f" | cut -d' ' -f1)" "$f"; done) | sha256sum | cut -c1-16)
ref="veilorqa/registry:$hash"
if [ "$force" = 0 ] && docker image inspect "$ref" >/dev/null 2>&1; then
  echo "registry/build.sh: cache hit in $(( $(date +%s) - started ))s"
  echo "$ref"; exit 0
fi
if ! log=$(docker build -q -t "$ref" --label "org.veilorqa.recipe-hash=$hash" "$ctx" 2>&1); then
  echo "$log" >&2; echo "registry/build.sh: docker build failed" >&2; exit 1
fi
echo "registry/build.sh: built in $(( $(date +%s) - started ))s"
echo "$ref"
