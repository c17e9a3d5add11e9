#!/bin/sh
# systemd generator in the installer's initramfs. With inst.stage2=hd:CDLABEL=X (or hd:LABEL=X,
# hd:X) and no root=, it writes /etc/cmdline.d/90-veilorqa-stage2.conf (dracut's getarg reads it)
# and runs dmsquash-live's generator itself, so sysroot.mount exists whichever generator ran first.
type getarg >/dev/null 2>&1 || . /lib/dracut-lib.sh
stage2="$(getarg inst.stage2=)"
[ -n "$stage2" ] || exit 0
[ -z "$(getarg root=)" ] || exit 0
case "$stage2" in
    hd:CDLABEL=*) label="${stage2#hd:CDLABEL=}" ;;
    hd:LABEL=*) label="${stage2#hd:LABEL=}" ;;
    hd:/dev/*) label="" ; dev="${stage2#hd:}" ;;
    *) echo "veilorqa-stage2: inst.stage2=$stage2 is not supported (hd:CDLABEL=... is)" > /dev/kmsg; exit 0 ;;
esac
label="${label%%:*}"
mkdir -p /etc/cmdline.d
if [ -n "$label" ]; then
    echo "root=live:CDLABEL=$label rd.live.image rd.live.overlay.overlayfs=1" > /etc/cmdline.d/90-veilorqa-stage2.conf
else
    echo "root=live:${dev%%:*} rd.live.image rd.live.overlay.overlayfs=1" > /etc/cmdline.d/90-veilorqa-stage2.conf
fi
echo "veilorqa-stage2: inst.stage2=$stage2 -> $(cat /etc/cmdline.d/90-veilorqa-stage2.conf)" > /dev/kmsg
exec /usr/lib/systemd/system-generators/dracut-dmsquash-generator "$@"
