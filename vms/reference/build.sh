#!/usr/bin/env bash
# Builds the VeilorQA reference guest: Debian 12 booting like Fedora atomic / veilor-os
# (OVMF Secure Boot -> shim -> signed grub -> dracut initramfs -> systemd-cryptsetup asks for the
# LUKS2 passphrase -> ostree-prepare-root -> ostree deployment with read-only /usr).
# Runs as root with no mount, loop or device-mapper: mmdebstrap, ostree on a directory sysroot,
# mkfs.ext4 -d, mkfs.vfat + mtools, offline `cryptsetup reencrypt --encrypt`, sfdisk on a file.
#
# Output: $VEILORQA_REFERENCE_CACHE (default /var/cache/veilorqa/reference)/<recipe hash>/
#   disk.qcow2       the guest disk (use it as a read-only backing file)
#   id_ed25519       SSH key for root@guest (public half baked into the image)
#   luks-passphrase  the LUKS passphrase, no trailing newline (mode 0600)
#   update/          update.delta (ostree static delta v1 -> v2) and update.commit (v2 checksum)
#   image/           the same tree as a bootc-shaped OCI image layout, tags 1 and 2 (oci-image.py);
#                    digests.env holds the manifest digests
#   build.env        facts of the build (hash, UUIDs, kernel, commits, seconds, sizes)
#   complete         written last; a directory without it is not a build
# The passphrase is an input when VEILORQA_LUKS_PASSPHRASE_FILE names a file; otherwise a random
# one is generated. It is never printed.
# Usage: build.sh [--force]
set -euo pipefail
umask 022
recipe="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${VEILORQA_REFERENCE_CACHE:-/var/cache/veilorqa/reference}"
suite=bookworm
mirror="${VEILORQA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
force=0
for a in "$@"; do
  case "$a" in
    --force) force=1 ;;
    *) echo "build.sh: unknown option '$a'" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "build.sh: must run as root" >&2; exit 1; }
for tool in cpio zstd tar mmdebstrap ostree mkfs.ext4 mkfs.vfat mcopy mmd cryptsetup sfdisk qemu-img ssh-keygen; do
  command -v "$tool" >/dev/null || { echo "build.sh: missing host tool '$tool'" >&2; exit 1; }
done

started=$(date +%s)
hash="$("$recipe/recipe-hash.sh")"
out="$cache_root/$hash"
say() { echo "build.sh: $*"; }
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

passphrase_input() {
  # The build's passphrase: the caller's file without a trailing newline, or nothing.
  [ -n "${VEILORQA_LUKS_PASSPHRASE_FILE:-}" ] || return 1
  [ -r "$VEILORQA_LUKS_PASSPHRASE_FILE" ] || { echo "build.sh: cannot read VEILORQA_LUKS_PASSPHRASE_FILE" >&2; exit 1; }
  printf '%s' "$(cat "$VEILORQA_LUKS_PASSPHRASE_FILE")"
}

summary() {
  # shellcheck disable=SC1091
  . "$1/build.env"
  local size; size=$(du -B1 --apparent-size "$1/disk.qcow2" | cut -f1)
  say "image: $1/disk.qcow2 ($((size / 1024 / 1024)) MiB; built in ${BUILD_SECONDS}s)"
  say "ssh key: $1/id_ed25519; passphrase file: $1/luks-passphrase; update: $1/update/"
}

if [ "$force" = 0 ] && [ -f "$out/complete" ]; then
  if input="$(passphrase_input)" && [ "$input" != "$(cat "$out/luks-passphrase")" ]; then
    say "cached image $hash has another passphrase: rebuilding"
  else
    summary "$out"
    say "cache hit for recipe $hash in $(( $(date +%s) - started ))s"
    exit 0
  fi
fi

mkdir -p "$cache_root"
work="$(mktemp -d "$cache_root/.veilorqa-build-$hash-XXXXXX")"
cleanup() {
  # ostree marks deployment roots immutable.
  chattr -R -i "$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
say "recipe $hash: building in $work"

# --- secrets and identities of this build -------------------------------------------------------
# Readable directory: libvirt runs QEMU as another user that must open disk.qcow2 as a backing file.
install -d -m 0755 "$work/out" "$work/out/update"
if input="$(passphrase_input)"; then
  (umask 077; printf '%s' "$input" > "$work/out/luks-passphrase")
else
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=\n' > "$work/out/luks-passphrase")
fi
[ -s "$work/out/luks-passphrase" ] || { echo "build.sh: empty LUKS passphrase" >&2; exit 1; }
ssh-keygen -q -t ed25519 -N '' -C "veilorqa-reference-$hash" -f "$work/out/id_ed25519"
uuid() { cat /proc/sys/kernel/random/uuid; }
boot_uuid=$(uuid); root_uuid=$(uuid); luks_uuid=$(uuid)
esp_id=$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')

# --- root file system ---------------------------------------------------------------------------
tree="$work/tree"
mkdir -p "$work/efi"
mapfile -t pkgs < <(grep -v '^[[:space:]]*\(#\|$\)' "$recipe/packages.list")
say "mmdebstrap $suite (${#pkgs[@]} packages + kernel)"
mmdebstrap --mode=root --variant=minbase --include="$(IFS=,; echo "${pkgs[*]}")" \
  --setup-hook="mkdir -p \"\$1/etc/dracut.conf.d\" && cp '$recipe/rootfs/etc/dracut.conf.d/10-veilorqa.conf' \"\$1/etc/dracut.conf.d/\"" \
  --customize-hook="'$recipe/customize.sh' \"\$1\" '$work/out/id_ed25519.pub' '$work/efi'" \
  "$suite" "$tree" "$mirror" 2>&1 | phase_progress bootstrap

echo "::veilorqa-phase ostree commit"
kver=$(ls "$tree/usr/lib/modules" | head -n 1)
[ -f "$tree/boot/vmlinuz-$kver" ] && [ -f "$tree/boot/initrd.img-$kver" ] \
  || { echo "build.sh: kernel or dracut initramfs missing in /boot" >&2; exit 1; }
printf 'UUID=%s / ext4 defaults 1 1\nUUID=%s /boot ext4 defaults,nodev,nosuid 1 2\n' "$root_uuid" "$boot_uuid" > "$tree/etc/fstab"

# --- shape it as an ostree commit (like rpm-ostree compose: /etc in /usr/etc, /var empty) --------
mv "$tree/boot/vmlinuz-$kver" "$tree/usr/lib/modules/$kver/vmlinuz"
mv "$tree/boot/initrd.img-$kver" "$tree/usr/lib/modules/$kver/initramfs.img"
rm -rf "$tree/boot" && mkdir "$tree/boot"
mv "$tree/etc" "$tree/usr/etc"
varseed="$work/var-seed"
mv "$tree/var" "$varseed" && mkdir "$tree/var"
mv "$tree/root" "$varseed/roothome"
for d in home srv opt mnt; do
  if [ -d "$tree/$d" ]; then mv "$tree/$d" "$varseed/$d"; else mkdir -p "$varseed/$d"; fi
done
ln -s var/roothome "$tree/root"; ln -s var/home "$tree/home"; ln -s var/srv "$tree/srv"
ln -s var/opt "$tree/opt"; ln -s var/mnt "$tree/mnt"
rm -rf "$tree/media" && ln -s run/media "$tree/media"
for d in dev proc sys run tmp; do rm -rf "${tree:?}/$d" && mkdir "$tree/$d"; done
chmod 1777 "$tree/tmp"
mkdir "$tree/sysroot" && ln -s sysroot/ostree "$tree/ostree"

set_version() {
  echo "$1" > "$tree/usr/share/veilorqa/version"
  sed -i '/^IMAGE_ID=/d;/^IMAGE_VERSION=/d' "$tree/usr/lib/os-release"
  printf 'IMAGE_ID=veilorqa-reference\nIMAGE_VERSION=%s\n' "$1" >> "$tree/usr/lib/os-release"
}
set_version 1

sysroot="$work/sysroot"; repo="$sysroot/ostree/repo"
mkdir -p "$sysroot"
ostree admin init-fs "$sysroot"
ostree admin os-init --sysroot="$sysroot" veilorqa
ostree config --repo="$repo" set sysroot.bootloader grub2
say "ostree commit (version 1)"
v1=$(ostree commit --repo="$repo" --branch=veilorqa/stable --subject="veilorqa reference 1" \
  --add-metadata-string=version=1 --tree=dir="$tree")

# --- the candidate OCI image, bootc-shaped (layer 1 = this v1 tree) ------------------------------
# /etc at the top (not /usr/etc), /var with the packages' state, kernel + initramfs already in
# /usr/lib/modules/$kver, shim + signed grub under /usr/lib/bootupd/updates/EFI (what bootupd
# installs), a blank /etc/fstab and NO root authorized_keys: the installer writes those.
echo "::veilorqa-phase oci image"
say "OCI image layer 1 (bootc-shaped v1 tree)"
imgextra="$work/image-extra"
mkdir -p "$imgextra/etc" "$imgextra/usr/lib/bootupd/updates/EFI/BOOT" "$imgextra/usr/lib/bootupd/updates/EFI/debian" "$work/efi-image-x"
for deb in "$work/efi"/*.deb; do dpkg-deb -x "$deb" "$work/efi-image-x"; done
bootupd_efi="$imgextra/usr/lib/bootupd/updates/EFI"
install -m 0644 "$work/efi-image-x/usr/lib/shim/shimx64.efi.signed" "$bootupd_efi/BOOT/BOOTX64.EFI"
install -m 0644 "$work/efi-image-x/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed" "$bootupd_efi/BOOT/grubx64.efi"
install -m 0644 "$work/efi-image-x/usr/lib/shim/shimx64.efi.signed" "$bootupd_efi/debian/shimx64.efi"
install -m 0644 "$work/efi-image-x/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed" "$bootupd_efi/debian/grubx64.efi"
printf '# /etc/fstab: written by the installer.\n' > "$imgextra/etc/fstab"
rm -rf "$work/efi-image-x"
tar --create --file "$work/layer1.tar" --numeric-owner --xattrs --xattrs-include='*' --sort=name \
  --exclude='./usr/etc/fstab' --exclude='var-seed/roothome/.ssh/authorized_keys' \
  --transform='s,^\./usr/etc\(/\|$\),./etc\1,S' --transform='s,^var-seed\(/\|$\),./var\1,S' \
  -C "$tree" . -C "$work" var-seed -C "$imgextra" .
install -d -m 0755 "$work/out/image"
image_v1=$("$recipe/oci-image.py" --layout "$work/out/image" --tag 1 --version 1 \
  --label containers.bootc=1 --label ostree.bootable=1 "$work/layer1.tar")
rm -rf "$work/layer1.tar" "$imgextra"

echo "::veilorqa-phase ostree deploy"
mkdir -p "$sysroot/boot/grub"
ln -s ../loader/grub.cfg "$sysroot/boot/grub/grub.cfg"
# An empty grub environment block (what grub-editenv create writes): 1024 bytes.
{ printf '# GRUB Environment Block\n'; head -c 1000 /dev/zero | tr '\0' '#'; } | head -c 1024 > "$sysroot/boot/grub/grubenv"
OSTREE_GRUB2_EXEC="$recipe/rootfs/usr/libexec/veilorqa/ostree-grub-generator" \
  ostree admin deploy --sysroot="$sysroot" --os=veilorqa \
  --karg="rd.luks.uuid=$luks_uuid" --karg="rd.luks.options=tpm2-device=auto" --karg="root=UUID=$root_uuid" --karg=rw veilorqa/stable
grep -q '^menuentry' "$sysroot/boot/loader/grub.cfg" || { echo "build.sh: no grub menu entry generated" >&2; exit 1; }

# Stateroot /var: the packages' /var, root's home with the authorized key.
cp -a "$varseed/." "$sysroot/ostree/deploy/veilorqa/var/"

# --- the update: version 2 as an offline static delta, not left in the guest's repo --------------
echo "::veilorqa-phase update delta"
set_version 2
say "ostree commit (version 2) and static delta 1 -> 2"
v2=$(ostree commit --repo="$repo" --branch=veilorqa/build-update --subject="veilorqa reference 2" \
  --add-metadata-string=version=2 --tree=dir="$tree")
ostree static-delta generate --repo="$repo" --from="$v1" --to="$v2" --inline \
  --filename="$work/out/update/update.delta"
echo "$v2" > "$work/out/update/update.commit"
ostree refs --repo="$repo" --delete veilorqa/build-update
ostree prune --repo="$repo" --refs-only >/dev/null
ostree static-delta delete --repo="$repo" "$v1-$v2" >/dev/null 2>&1 || true
if ostree show --repo="$repo" "$v2" >/dev/null 2>&1; then
  echo "build.sh: version 2 is still in the guest's repo after prune" >&2; exit 1
fi

# The candidate's v2: v1's layers + one small layer with the version change.
say "OCI image layer 2 (version 2)"
tar --create --file "$work/layer2.tar" --numeric-owner --sort=name \
  -C "$tree" ./usr/share/veilorqa/version ./usr/lib/os-release
image_v2=$("$recipe/oci-image.py" --layout "$work/out/image" --tag 2 --base-tag 1 --version 2 "$work/layer2.tar")
rm -f "$work/layer2.tar"
printf 'IMAGE_V1_DIGEST=%s\nIMAGE_V2_DIGEST=%s\nIMAGE_KERNEL=%s\n' "$image_v1" "$image_v2" "$kver" > "$work/out/image/digests.env"
chmod -R a+rX "$work/out/image"
rm -rf "$tree" "$varseed"

echo "::veilorqa-phase file systems"
# --- partitions as files --------------------------------------------------------------------------
mib() { echo $(( ($(du -sB1M --apparent-size "$1" | cut -f1)) )); }
chattr -R -i "$sysroot/ostree/deploy" 2>/dev/null || true
bootdir="$work/bootfs"; mv "$sysroot/boot" "$bootdir"; mkdir "$sysroot/boot"
boot_mib=$(( $(mib "$bootdir") * 2 + 128 ))
root_mib=$(( $(mib "$sysroot") + 1024 ))
esp_mib=64

say "ESP ${esp_mib} MiB (shim + signed grub), /boot ${boot_mib} MiB, root ${root_mib} MiB (LUKS2)"
efi="$work/efi"
for deb in "$efi"/*.deb; do dpkg-deb -x "$deb" "$efi/x"; done
shim="$efi/x/usr/lib/shim/shimx64.efi.signed"
grubefi="$efi/x/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed"
printf 'search --no-floppy --fs-uuid --set=root %s\nset prefix=($root)/grub\nconfigfile $prefix/grub.cfg\n' "$boot_uuid" > "$efi/grub.cfg"
esp="$work/esp.img"
mkfs.vfat -C -F 32 -n VQA-ESP -i "$esp_id" "$esp" $((esp_mib * 1024)) >/dev/null
mmd -i "$esp" ::/EFI ::/EFI/BOOT ::/EFI/debian
mcopy -i "$esp" "$shim" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$esp" "$grubefi" ::/EFI/BOOT/grubx64.efi
mcopy -i "$esp" "$shim" ::/EFI/debian/shimx64.efi
mcopy -i "$esp" "$grubefi" ::/EFI/debian/grubx64.efi
mcopy -i "$esp" "$efi/grub.cfg" ::/EFI/debian/grub.cfg
mcopy -i "$esp" "$efi/grub.cfg" ::/EFI/BOOT/grub.cfg

# Fault luks-keyfile-in-initramfs (FAULTS.md): a second key for the root volume in a small initrd that grub loads after
# the real one only when the SMBIOS SKU asks (the kernel unpacks both into one initramfs). It holds the key file and the
# /etc/crypttab line naming it, as a hand-made `install_items+=" /etc/crypttab /etc/luks.key "` would: systemd's
# cryptsetup-generator takes a crypttab entry's name, key file and options for a volume named by rd.luks.uuid=. The
# crypttab's options ('luks') replace the default rd.luks.options=tpm2-device=auto for that boot: with tpm2-device=
# systemd 252 reads any key file as a TPM2-sealed blob ("Failed to unmarshal private key"), throws it away and asks.
# The key is added to a keyslot after the encryption below, so the good guest's header and /boot hold it too.
faultkey="$work/fault-key"
(umask 077; head -c 64 /dev/urandom > "$faultkey")
mkdir -p "$work/keyfile-initrd/etc/cryptsetup-keys.d" "$bootdir/veilorqa"
keyfile="/etc/cryptsetup-keys.d/luks-$luks_uuid.key"
install -m 0400 "$faultkey" "$work/keyfile-initrd$keyfile"
printf 'luks-%s UUID=%s %s luks\n' "$luks_uuid" "$luks_uuid" "$keyfile" > "$work/keyfile-initrd/etc/crypttab"
(cd "$work/keyfile-initrd" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) > "$bootdir/veilorqa/luks-keyfile.cpio"
rm -rf "$work/keyfile-initrd"

bootimg="$work/boot.img"
mkfs.ext4 -q -L boot -U "$boot_uuid" -d "$bootdir" "$bootimg" "${boot_mib}M"

rootimg="$work/root.img"
mkfs.ext4 -q -L root -U "$root_uuid" -d "$sysroot" "$rootimg" "$((root_mib - 32))M"
truncate -s "${root_mib}M" "$rootimg"
rm -rf "$sysroot"
echo "::veilorqa-phase luks encrypt"
say "cryptsetup reencrypt --encrypt (offline, LUKS2, cheap argon2id for tests)"
cryptsetup reencrypt --encrypt --type luks2 --batch-mode --force-offline-reencrypt \
  --reduce-device-size 32M --uuid "$luks_uuid" --label root \
  --pbkdf argon2id --pbkdf-memory 32768 --pbkdf-parallel 1 --pbkdf-force-iterations 4 \
  --key-file "$work/out/luks-passphrase" "$rootimg"
cryptsetup luksAddKey --batch-mode --pbkdf argon2id --pbkdf-memory 32768 --pbkdf-parallel 1 --pbkdf-force-iterations 4 \
  --key-file "$work/out/luks-passphrase" "$rootimg" "$faultkey"
rm -f "$faultkey"

echo "::veilorqa-phase disk image"
# --- GPT disk -------------------------------------------------------------------------------------
raw="$work/disk.raw"
esp_start=2048
boot_start=$(( esp_start + esp_mib * 2048 ))
root_start=$(( boot_start + boot_mib * 2048 ))
total_sectors=$(( root_start + root_mib * 2048 + 2048 ))
truncate -s $(( total_sectors * 512 )) "$raw"
sfdisk --quiet "$raw" <<SFDISK
label: gpt
unit: sectors
start=$esp_start, size=$((esp_mib * 2048)), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="EFI System Partition"
start=$boot_start, size=$((boot_mib * 2048)), type=BC13C2FF-59E6-4262-A352-B275FD6F7172, name="boot"
start=$root_start, size=$((root_mib * 2048)), type=CA7D7CCB-63ED-4C53-861C-1742536059CC, name="root"
SFDISK
dd if="$esp" of="$raw" bs=1M seek=$((esp_start / 2048)) conv=notrunc,sparse status=none
dd if="$bootimg" of="$raw" bs=1M seek=$((boot_start / 2048)) conv=notrunc,sparse status=none
dd if="$rootimg" of="$raw" bs=1M seek=$((root_start / 2048)) conv=notrunc status=none
rm -f "$esp" "$bootimg" "$rootimg"
qemu-img convert -O qcow2 "$raw" "$work/out/disk.qcow2"
rm -f "$raw"
chmod 0444 "$work/out/disk.qcow2"

seconds=$(( $(date +%s) - started ))
cat > "$work/out/build.env" <<ENV
RECIPE_HASH=$hash
KERNEL=$kver
BOOT_UUID=$boot_uuid
ROOT_UUID=$root_uuid
LUKS_UUID=$luks_uuid
COMMIT_V1=$v1
COMMIT_V2=$v2
OSTREE_OS=veilorqa
OSTREE_REF=veilorqa/stable
BUILD_SECONDS=$seconds
ENV
touch "$work/out/complete"
rm -rf "$out"
mv "$work/out" "$out"
summary "$out"
say "built recipe $hash in ${seconds}s"
