#!/usr/bin/env bash
# Runs dev/install.sh once per failure mode (each wrapped in /work/tools/vmslot) and prints one
# line per mode. Usage: dev/faults.sh [MODE ...]   (default: all seven)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(ks-syntax disk-too-small registry-unreachable tag-missing digest-mismatch network-late post-fails)
summary=()
for m in "${modes[@]}"; do
  log="/tmp/veilorqa-inst-fault-$m.log"
  start=$(date +%s)
  if /work/tools/vmslot "$here/install.sh" --fault "$m" --name "veilorqa-inst-f-$m" > "$log" 2>&1; then
    summary+=("PASS $m ($(( $(date +%s) - start ))s): $(grep -m1 'message on the console' "$log" | sed 's/.*message on the console: //' | cut -c1-150)")
  else
    summary+=("FAIL $m ($(( $(date +%s) - start ))s): see $log")
  fi
  echo "${summary[-1]}"
done
printf '%s\n' "${summary[@]}" | grep -q '^FAIL' && exit 1 || exit 0
