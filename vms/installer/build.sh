#!/usr/bin/env bash
# Builds the VeilorQA reference installer ISO from Debian 12 packages, laid out like Fedora's:
#   ISO 9660 (xorriso), volume label VeilorQA-ref-x86_64-1, El Torito EFI image images/efiboot.img
#   (FAT, 8 MiB: EFI/BOOT/BOOTX64.EFI = Debian's signed shim, EFI/BOOT/grubx64.efi = Debian's signed
#   CD grub gcdx64, which finds /boot/grub/grub.cfg through /.disk/info), images/pxeboot/vmlinuz +
#   initrd.img (dracut with dmsquash-live and the inst.stage2 module), LiveOS/squashfs.img (zstd)
#   holding the live system with the installer (anaconda.service, /usr/bin/anaconda).
# Output: $VEILORQA_INSTALLER_CACHE (default $VEILORQA_CACHE/installer, /var/cache/veilorqa/installer)
#   /<recipe hash>/
#   VeilorQA-ref-x86_64-1.iso   the ISO (mode 0444)
#   VeilorQA-ref-x86_64-1.iso.sha256
#   build.env                   hash, label, kernel, sizes, seconds
#   complete                    written last; a folder without it is not a build
# Usage: build.sh [--force]
set -euo pipefail
umask 022
recipe="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${VEILORQA_INSTALLER_CACHE:-${VEILORQA_CACHE:-/var/cache/veilorqa}/installer}"
suite=bookworm
mirror="${VEILORQA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
label="VeilorQA-ref-x86_64-1"
force=0
for a in "$@"; do
  case "$a" in
    --force) force=1 ;;
    *) echo "installer/build.sh: unknown option '$a'" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "installer/build.sh: must run as root" >&2; exit 1; }
for tool in mmdebstrap mksquashfs xorriso mkfs.vfat mmd mcopy dpkg-deb sha256sum; do
  command -v "$tool" >/dev/null || { echo "installer/build.sh: missing host tool '$tool' (scripts/setup.sh installs it)" >&2; exit 1; }
done
started=$(date +%s)
hash="$("$recipe/recipe-hash.sh")"
out="$cache_root/$hash"
say() { echo "installer/build.sh: $*"; }
# Phase markers for the harness (RecipeBuildProgress, C#): every line of the input goes out unchanged, plus a line
# "::veilorqa-phase NAME" at each of mmdebstrap's own steps and "::veilorqa-phase NAME N%" where a tool says how far it
# is: packages whose set-up dpkg has started of apt's "N newly installed", mksquashfs's own progress bar.
phase_progress() {
  local phase="$1" line step pct total=0 done=0 shown=
  echo "::veilorqa-phase $phase"
  while IFS= read -r line || [ -n "$line" ]; do
    printf '%s\n' "$line"
    case "$line" in
      '::veilorqa-phase '*) phase="${line#::veilorqa-phase }"; total=0; shown=; continue ;;
      'I: running apt-get update'*) step="apt update" ;;
      'I: downloading packages with apt'*) step=download ;;
      'I: extracting archives'*) step=extract ;;
      'I: installing essential packages'*) step="essential packages" ;;
      'I: installing remaining packages'*) step=packages ;;
      'I: running --customize-hook'*) step=customize ;;
      'I: cleaning package lists'*) step=cleanup ;;
      *) step= ;;
    esac
    if [ -n "$step" ]; then
      phase="$step"; total=0; shown=; echo "::veilorqa-phase $phase"; continue
    fi
    pct=
    if [[ "$line" =~ ^[0-9]+\ upgraded,\ ([0-9]+)\ newly\ installed ]]; then
      total=${BASH_REMATCH[1]}; done=0
    elif [[ "$line" == 'Setting up '* ]] && [ "$total" -gt 0 ]; then
      pct=$(( done * 100 / total )); done=$(( done + 1 ))
    elif [[ "${line##*$'\r'}" =~ \]\ +[0-9]+/[0-9]+\ +([0-9]+)%$ ]]; then
      pct=${BASH_REMATCH[1]}
    fi
    if [ -n "$pct" ] && [ "$pct" != "$shown" ]; then
      shown=$pct; echo "::veilorqa-phase $phase $pct%"
    fi
  done
  return 0 # the loop's status is its last test's; pipefail takes the build step's own
}

if [ "$force" = 0 ] && [ -f "$out/complete" ]; then
  # shellcheck disable=SC1091
  . "$out/build.env"
  say "iso: $out/$label.iso ($((ISO_BYTES / 1024 / 1024)) MiB, built in ${BUILD_SECONDS}s)"
  say "cache hit for recipe $hash in $(( $(date +%s) - started ))s"
  exit 0
fi

mkdir -p "$cache_root"
work="$(mktemp -d "$cache_root/.veilorqa-build-$hash-XXXXXX")"
trap 'rm -rf "$work"' EXIT
say "recipe $hash: building in $work"
tree="$work/tree"; efi="$work/efi"; iso="$work/iso"
mkdir -p "$efi" "$iso/images/pxeboot" "$iso/LiveOS" "$iso/boot/grub" "$iso/.disk" "$iso/EFI/BOOT" "$work/out"

mapfile -t pkgs < <(grep -v '^[[:space:]]*\(#\|$\)' "$recipe/packages.list")
say "mmdebstrap $suite (${#pkgs[@]} packages + kernel)"
mmdebstrap --mode=root --variant=minbase --include="$(IFS=,; echo "${pkgs[*]}")" \
  --setup-hook="mkdir -p \"\$1/etc/dracut.conf.d\" && cp '$recipe/rootfs/etc/dracut.conf.d/10-veilorqa-installer.conf' \"\$1/etc/dracut.conf.d/\"" \
  --customize-hook="'$recipe/customize.sh' \"\$1\" '$efi'" \
  "$suite" "$tree" "$mirror" 2>&1 | phase_progress bootstrap
mmdebstrap_done=$(date +%s)

kver=$(ls "$tree/usr/lib/modules" | head -n 1)
install -m 0644 "$tree/boot/vmlinuz-$kver" "$iso/images/pxeboot/vmlinuz"
install -m 0644 "$tree/boot/initrd.img-$kver" "$iso/images/pxeboot/initrd.img"
rm -f "$tree/boot/vmlinuz-$kver" "$tree/boot/initrd.img-$kver"

say "squashfs (zstd) of the live system"
# The root tree itself (dmsquash-live recognises it by its /proc directory): empty API dirs.
for d in proc sys dev run tmp; do rm -rf "${tree:?}/$d" && mkdir "$tree/$d"; done
chmod 1777 "$tree/tmp"
mksquashfs "$tree" "$iso/LiveOS/squashfs.img" -comp zstd -Xcompression-level 6 -noappend -quiet 2>&1 | phase_progress squashfs
rm -rf "$tree"

echo "::veilorqa-phase efi image"
for deb in "$efi"/*.deb; do dpkg-deb -x "$deb" "$efi/x"; done
shim="$efi/x/usr/lib/shim/shimx64.efi.signed"
cdgrub="$efi/x/usr/lib/grub/x86_64-efi-signed/gcdx64.efi.signed"
[ -f "$shim" ] && [ -f "$cdgrub" ] || { echo "installer/build.sh: shim or gcdx64.efi.signed missing" >&2; exit 1; }
sed "s|@LABEL@|$label|g" "$recipe/grub.cfg.in" > "$iso/boot/grub/grub.cfg"
# gcdx64 looks for /.disk/info to find the ISO, then loads /boot/grub/grub.cfg from it.
printf 'VeilorQA reference installer %s x86_64 (recipe %s)\n' "$label" "$hash" > "$iso/.disk/info"
install -m 0644 "$shim" "$iso/EFI/BOOT/BOOTX64.EFI"
install -m 0644 "$cdgrub" "$iso/EFI/BOOT/grubx64.efi"
esp="$iso/images/efiboot.img"
mkfs.vfat -C -n ANACONDA "$esp" 8192 >/dev/null
mmd -i "$esp" ::/EFI ::/EFI/BOOT
mcopy -i "$esp" "$shim" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$esp" "$cdgrub" ::/EFI/BOOT/grubx64.efi

echo "::veilorqa-phase iso"
say "xorriso -> $label.iso"
xorriso -as mkisofs -quiet -V "$label" -J -joliet-long -R -o "$work/out/$label.iso" \
  -e images/efiboot.img -no-emul-boot -isohybrid-gpt-basdat "$iso"
chmod 0444 "$work/out/$label.iso"
(cd "$work/out" && sha256sum "$label.iso" > "$label.iso.sha256")
seconds=$(( $(date +%s) - started ))
cat > "$work/out/build.env" <<ENV
RECIPE_HASH=$hash
ISO=$label.iso
VOLUME_LABEL=$label
KERNEL=$kver
ISO_BYTES=$(stat -c %s "$work/out/$label.iso")
ISO_SHA256=$(cut -d' ' -f1 "$work/out/$label.iso.sha256")
SQUASHFS_BYTES=$(stat -c %s "$iso/LiveOS/squashfs.img")
INITRD_BYTES=$(stat -c %s "$iso/images/pxeboot/initrd.img")
MMDEBSTRAP_SECONDS=$(( mmdebstrap_done - started ))
BUILD_SECONDS=$seconds
ENV
touch "$work/out/complete"
rm -rf "$out"
mv "$work/out" "$out"
chmod 0755 "$out"
say "iso: $out/$label.iso ($(( $(stat -c %s "$out/$label.iso") / 1024 / 1024 )) MiB)"
say "built recipe $hash in ${seconds}s"
