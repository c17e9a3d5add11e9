#!/usr/bin/env bash
# mmdebstrap customize hook for the installer's live system: overlay rootfs/, install the kernel
# (dracut runs once with dmsquash-live + the inst.stage2 module), enable the installer unit, fetch
# shim + signed grub (the ISO's El Torito image is made from them on the host).
# Usage: customize.sh ROOT EFI_DEB_DIR
set -euo pipefail
root="$1"; efidebs="$2"
recipe="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

tar -C "$recipe/rootfs" --owner=0 --group=0 -cf - . | tar -C "$root" --keep-directory-symlink -xf -
echo veilorqa-installer > "$root/etc/hostname"
printf '127.0.1.1\tveilorqa-installer\n' >> "$root/etc/hosts"
: > "$root/etc/fstab"
echo "::veilorqa-phase initramfs"
chroot "$root" apt-get install -y --no-install-recommends linux-image-amd64
echo "::veilorqa-phase customize"
for exe in usr/bin/anaconda usr/local/bin/ostree usr/libexec/veilorqa/ostree-container; do
  [ -x "$root/$exe" ] || { echo "customize.sh: the installer's /$exe is missing or not executable" >&2; exit 1; }
done
chroot "$root" systemctl enable anaconda.service
# The serial console belongs to the installer's output (as Anaconda's text mode owns it).
chroot "$root" systemctl mask serial-getty@ttyS0.service apt-daily.timer apt-daily-upgrade.timer \
  e2scrub_all.timer e2scrub_reap.service fstrim.timer 2>/dev/null || true
chroot "$root" passwd -l root >/dev/null
chroot "$root" sh -c 'mkdir -p /tmp/efidebs && cd /tmp/efidebs && apt-get download shim-signed grub-efi-amd64-signed'
mv "$root"/tmp/efidebs/*.deb "$efidebs/" && rmdir "$root/tmp/efidebs"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
: > "$root/etc/machine-id"
kver=$(ls "$root/usr/lib/modules" | head -n 1)
contents=$(chroot "$root" lsinitrd "/boot/initrd.img-$kver")
for must in dmsquash-live-root veilorqa-stage2-generator dracut-dmsquash-generator squashfs overlay isofs sr_mod ahci; do
  grep -q "$must" <<<"$contents" || { echo "customize.sh: installer initramfs lacks $must" >&2; exit 1; }
done
