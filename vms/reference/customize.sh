#!/usr/bin/env bash
# mmdebstrap customize hook: overlay the recipe's files, install the kernel (dracut runs once,
# with the recipe's dracut.conf.d and ostree-boot's module already present), enable the units.
# Usage: customize.sh ROOT AUTHORIZED_KEYS_FILE EFI_DEB_DIR
set -euo pipefail
root="$1"; pubkey="$2"; efidebs="$3"
recipe="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Debian's own /etc/skel, kept for the skel-unbranded fault (bind-mounted over veilor's for one boot).
mkdir -p "$root/usr/share/veilorqa"
rm -rf "$root/usr/share/veilorqa/skel-upstream"
cp -a "$root/etc/skel" "$root/usr/share/veilorqa/skel-upstream"

tar -C "$recipe/rootfs" --owner=0 --group=0 -cf - . | tar -C "$root" --keep-directory-symlink -xf -
chmod 0600 "$root"/etc/NetworkManager/system-connections/*.nmconnection "$root/etc/usbguard/rules.conf"

echo veilorqa-ref > "$root/etc/hostname"

# Branding like veilor's (the branding suite reads these against TestMatrix.yml's branding: block): the distributor
# names in os-release (ostree titles the boot entry with PRETTY_NAME), veilor's shell profile in /etc/skel/.bashrc.
sed -i '/^\(NAME\|PRETTY_NAME\|VARIANT\|VARIANT_ID\)=/d' "$root/usr/lib/os-release"
printf 'NAME="veilorqa reference"\nPRETTY_NAME="veilorqa reference (Debian 12 stand-in for veilor-os)"\nVARIANT="Reference guest"\nVARIANT_ID=reference\n' \
  | cat - "$root/usr/lib/os-release" > "$root/usr/lib/os-release.new"
mv "$root/usr/lib/os-release.new" "$root/usr/lib/os-release"
chmod 0644 "$root/usr/lib/os-release"
printf '\n# veilor shell profile\n[ -r /usr/share/veilorqa/bashrc ] && . /usr/share/veilorqa/bashrc\n' >> "$root/etc/skel/.bashrc"

# firewalld with veilor-like zones (nftables backend, Debian's default): default zone "veilor", tailscale0
# bound to "trusted" in /etc/firewalld/zones (the firewall suite; fault tailscale-zone-default).
sed -i 's/^DefaultZone=.*/DefaultZone=veilor/' "$root/etc/firewalld/firewalld.conf"
grep -qx 'FirewallBackend=nftables' "$root/etc/firewalld/firewalld.conf" \
  || { echo "customize.sh: firewalld.conf does not select the nftables backend" >&2; exit 1; }

# systemd-cryptenroll goes through the reference guest's fault-aware wrapper (fault tpm-policy-without-pcr7).
chroot "$root" dpkg-divert --local --rename --divert /usr/bin/systemd-cryptenroll.distrib --add /usr/bin/systemd-cryptenroll
ln -sf /usr/libexec/veilorqa/systemd-cryptenroll "$root/usr/bin/systemd-cryptenroll"
printf '127.0.1.1\tveilorqa-ref\n' >> "$root/etc/hosts"
install -d -m 0700 "$root/root/.ssh"
install -m 0600 "$pubkey" "$root/root/.ssh/authorized_keys"

echo "::veilorqa-phase initramfs"
chroot "$root" apt-get install -y --no-install-recommends linux-image-amd64
echo "::veilorqa-phase customize"
chroot "$root" systemctl enable NetworkManager.service ssh.service usbguard.service firewalld.service \
  veilorqa-wifi-ap.service veilorqa-logs.service veilorqa-logs-resume.service
chroot "$root" systemctl enable ostree-finalize-staged.path 2>/dev/null || true
# Nothing in the test guest should wake up to fetch or compact things during a test.
chroot "$root" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer \
  e2scrub_reap.service fstrim.timer 2>/dev/null || true
chroot "$root" passwd -l root >/dev/null
# The ESP's shim and signed grub come from the same mirror, unpacked on the host (installing
# shim-signed in the guest would run grub-install against an ESP it has not got).
chroot "$root" sh -c 'mkdir -p /tmp/efidebs && cd /tmp/efidebs && apt-get download shim-signed grub-efi-amd64-signed'
mv "$root"/tmp/efidebs/*.deb "$efidebs/" && rmdir "$root/tmp/efidebs"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
# The initramfs must carry what makes it boot like Fedora atomic.
kver=$(ls "$root/usr/lib/modules" | head -n 1)
contents=$(chroot "$root" lsinitrd "/boot/initrd.img-$kver")
for must in usr/lib/ostree/ostree-prepare-root systemd-cryptsetup dm-crypt virtio_blk \
  libcryptsetup-token-systemd-tpm2.so libtss2-esys.so libtss2-tcti-device.so; do
  grep -q "$must" <<<"$contents" || { echo "customize.sh: initramfs lacks $must" >&2; exit 1; }
done
