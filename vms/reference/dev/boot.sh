#!/usr/bin/env bash
# Dev boot of the cached reference guest under libvirt (TCG): fresh qcow2 overlay + NVRAM, types
# the LUKS passphrase over the serial socket, waits for SSH, prints the timing. Leaves the domain
# running; `dev/boot.sh --destroy NAME` removes it and its files.
# Usage: dev/boot.sh [--sku 'fault,fault'] [--name veilorqa-X-refdev]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
name=veilorqa-refguest-refdev; sku="veilorqa"
if [ "${1:-}" = --destroy ]; then
  name="$2"; dir="/tmp/$name"
  virsh -q -c qemu:///system destroy "$name" 2>/dev/null || true
  virsh -q -c qemu:///system undefine --nvram --tpm "$name" 2>/dev/null || true
  rm -rf "$dir"; exit 0
fi
while [ $# -gt 0 ]; do
  case "$1" in
    --sku) sku="$2"; shift 2 ;;
    --name) name="$2"; shift 2 ;;
    *) echo "boot.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
hash="${VEILORQA_REFERENCE_HASH:-$("$here/../recipe-hash.sh")}"
cache="${VEILORQA_REFERENCE_CACHE:-/var/cache/veilorqa/reference}/$hash"
[ -f "$cache/complete" ] || { echo "boot.sh: no build for recipe $hash; run build.sh" >&2; exit 1; }
dir="/tmp/$name"; rm -rf "$dir"; mkdir -p "$dir/share"; chmod 0777 "$dir/share"; chmod 0755 "$dir"
qemu-img create -q -f qcow2 -b "$cache/disk.qcow2" -F qcow2 "$dir/disk.qcow2"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -e "s|@NAME@|$name|" -e "s|@SKU@|$sku|" -e "s|@NVRAM@|$dir/VARS.fd|" -e "s|@DISK@|$dir/disk.qcow2|" \
    -e "s|@SHARE@|$dir/share|" -e "s|@SOCK@|$dir/serial.sock|" -e "s|@LOG@|$dir/serial.log|" \
    -e "s|@PORT@|$port|" "$here/domain.xml.in" > "$dir/domain.xml"
echo "$port" > "$dir/ssh-port"
virsh -q -c qemu:///system define "$dir/domain.xml"
start=$(date +%s)
virsh -q -c qemu:///system start "$name"
python3 "$here/serial-unlock.py" "$dir/serial.sock" "$cache/luks-passphrase" 300
echo "boot.sh: unlocked after $(( $(date +%s) - start ))s"
until ssh -q -i "$cache/id_ed25519" -p "$port" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
      -o ConnectTimeout=5 -o BatchMode=yes root@127.0.0.1 true; do
  [ $(( $(date +%s) - start )) -lt 400 ] || { echo "boot.sh: no SSH after 400s" >&2; exit 1; }
  sleep 2
done
echo "boot.sh: SSH after $(( $(date +%s) - start ))s on port $port (dir $dir)"
