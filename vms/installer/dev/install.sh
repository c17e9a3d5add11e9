#!/usr/bin/env bash
# Hand-run proof of the installer ISO under libvirt (TCG): local registry (veilorqa/registry) on
# 127.0.0.1 with the reference candidate v1 pushed by skopeo, a veilor-shaped kickstart on an OEMDRV
# volume, the ISO booted under Secure Boot (Microsoft keys) with swtpm, Anaconda's virtio log port
# to a file; waits for the power-off, then boots the disk alone: types the LUKS passphrase on the
# serial console and checks the installed system over SSH. With --fault, checks Anaconda's message
# for that failure and that the disk then does not boot.
# Usage: dev/install.sh [--fault F] [--name N] [--keep] [--http-ks] [--auth]
#          F: registry-unreachable tag-missing digest-mismatch disk-too-small ks-syntax post-fails
#          network-late. --http-ks: kickstart-tests' route instead of OEMDRV: direct kernel boot of
#          images/pxeboot with inst.ks=http://10.0.2.2:PORT/ks.cfg inst.stage2=hd:CDLABEL=…
#          inst.cmdline (no Secure Boot verification on that route; the ISO stays attached).
#          --auth: the registry requires htpasswd credentials; the kickstart's %pre writes them to
#          /etc/ostree/auth.json (where ostree-ext looks).
#        dev/install.sh --destroy N
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
V="virsh -q -c qemu:///system"
if [ "${1:-}" = --destroy ]; then
  name="$2"
  $V destroy "$name" 2>/dev/null || true
  $V undefine --nvram --tpm "$name" 2>/dev/null || true
  docker rm -f "$name-registry" >/dev/null 2>&1 || true
  [ -f "/tmp/$name/http.pid" ] && kill "$(cat "/tmp/$name/http.pid")" 2>/dev/null || true
  rm -rf "/tmp/$name"; exit 0
fi
fault=""; name="veilorqa-inst-dev"; keep=0; http_ks=0; auth=0
while [ $# -gt 0 ]; do
  case "$1" in
    --fault) fault="$2"; shift 2 ;;
    --name) name="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --http-ks) http_ks=1; shift ;;
    --auth) auth=1; shift ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$fault" in
  ""|registry-unreachable|tag-missing|digest-mismatch|disk-too-small|ks-syntax|post-fails|network-late) ;;
  *) echo "install.sh: unknown fault '$fault'" >&2; exit 2 ;;
esac
say() { echo "install.sh [$(date +%T)]: $*"; }
iso_hash="${VEILORQA_INSTALLER_HASH:-$("$repo/vms/installer/recipe-hash.sh")}"
iso_dir="${VEILORQA_INSTALLER_CACHE:-/var/cache/veilorqa/installer}/$iso_hash"
ref_hash="$("$repo/vms/reference/recipe-hash.sh")"
ref="${VEILORQA_REFERENCE_CACHE:-/var/cache/veilorqa/reference}/$ref_hash"
[ -f "$iso_dir/complete" ] || { echo "install.sh: no ISO for recipe $iso_hash; run vms/installer/build.sh" >&2; exit 1; }
[ -f "$ref/complete" ] && [ -d "$ref/image" ] || { echo "install.sh: no reference build with image/ ($ref_hash); run vms/reference/build.sh" >&2; exit 1; }
# shellcheck disable=SC1091
. "$iso_dir/build.env"; . "$ref/image/digests.env"

dir="/tmp/$name"
"$0" --destroy "$name"
mkdir -p "$dir/registry"; chmod 0777 "$dir"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- registry + candidate -------------------------------------------------------------------------
regimg="$("$repo/vms/registry/build.sh" | tail -n 1)"
regport=$(free_port)
regargs=(); authargs=(); pre_extra=""
if [ "$auth" = 1 ]; then
  regpass="$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
  (umask 077; htpasswd -Bbn veilorqa "$regpass" > "$dir/htpasswd" 2>/dev/null); chmod 0644 "$dir/htpasswd"
  regargs=(-v "$dir/htpasswd:/auth/htpasswd:ro" -e REGISTRY_AUTH=htpasswd -e REGISTRY_AUTH_HTPASSWD_REALM=veilorqa
           -e REGISTRY_AUTH_HTPASSWD_PATH=/auth/htpasswd)
  (umask 077; printf '{"auths":{"127.0.0.1:%s":{"auth":"%s"}}}\n' "$regport" "$(printf 'veilorqa:%s' "$regpass" | base64)" > "$dir/auth.json")
  authargs=(--authfile "$dir/auth.json")
  pre_extra="mkdir -p /etc/ostree && printf '%s\\n' '{\"auths\":{\"10.0.2.2:$regport\":{\"auth\":\"$(printf 'veilorqa:%s' "$regpass" | base64)\"}}}' > /etc/ostree/auth.json && chmod 0600 /etc/ostree/auth.json"
fi
docker run -d --name "$name-registry" -p "127.0.0.1:$regport:5000" -v "$dir/registry:/var/lib/registry" "${regargs[@]}" "$regimg" >/dev/null
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$regport/v2/" && break; sleep 0.2; done
t0=$(date +%s)
skopeo copy -q --dest-tls-verify=false --preserve-digests "${authargs[@]}" "oci:$ref/image:1" "docker://127.0.0.1:$regport/veilorqa/reference:1"
pushed=$(skopeo inspect --tls-verify=false "${authargs[@]}" --format '{{.Digest}}' "docker://127.0.0.1:$regport/veilorqa/reference:1")
[ "$pushed" = "$IMAGE_V1_DIGEST" ] || { echo "install.sh: pushed digest $pushed != $IMAGE_V1_DIGEST" >&2; exit 1; }
say "registry $regimg on 127.0.0.1:$regport$([ "$auth" = 1 ] && echo ' (htpasswd auth)'); pushed v1 $pushed in $(( $(date +%s) - t0 ))s"

# --- kickstart on OEMDRV --------------------------------------------------------------------------
registry="10.0.2.2:$regport"
url="$registry/veilorqa/reference@$IMAGE_V1_DIGEST"
extra=""; end_action="poweroff"; disk_size=12G; sku="inst.veilorqa.test,inst.veilorqa.error-sleep=5"
expect=""
case "$fault" in
  registry-unreachable) url="10.0.2.2:$(free_port)/veilorqa/reference@$IMAGE_V1_DIGEST"
    expect="The following error occurred while installing the payload" ;;
  tag-missing) url="$registry/veilorqa/reference:does-not-exist"
    expect="The following error occurred while installing the payload" ;;
  digest-mismatch)
    # Corrupt the image config blob in the registry's storage (same size): the pull's digest
    # check fails, as with a tampered or truncated registry.
    cfg=$(skopeo inspect --raw --tls-verify=false "${authargs[@]}" "docker://127.0.0.1:$regport/veilorqa/reference:1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["config"]["digest"].split(":")[1])')
    blob="$dir/registry/docker/registry/v2/blobs/sha256/${cfg:0:2}/$cfg/data"
    python3 - "$blob" <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[10] ^= 0x20; open(p, "wb").write(b)
PY
    expect="The following error occurred while installing the payload" ;;
  disk-too-small) disk_size=3G; expect="storage configuration failed: Unable to allocate requested partition scheme" ;;
  ks-syntax) extra=$'\nfirewall --enabled --service=ssh\n'; expect="The following problem occurred on line" ;;
  post-fails) extra=$'\n%post --erroronfail\necho "veilorqa: this %post fails on purpose" >&2\nexit 3\n%end\n'
    expect="There was an error running the kickstart script at line" ;;
  network-late) sku="$sku,inst.veilorqa.link-delay=600,inst.dhcptimeout=15"
    expect="The following error occurred while installing the payload" ;;
esac
ks="$dir/ks.cfg"
(umask 077; python3 - "$here/ks.cfg.in" "$ks" "$ref/luks-passphrase" "$ref/id_ed25519.pub" "$url" "$registry" "$end_action" "$extra" "$pre_extra" <<'PY'
import sys
tpl, out, passfile, keyfile, url, registry, end, extra, pre_extra = sys.argv[1:]
s = open(tpl).read()
s = (s.replace("@PASSPHRASE@", open(passfile).read().strip()).replace("@SSHKEY@", open(keyfile).read().strip())
      .replace("@IMAGE_URL@", url).replace("@REGISTRY@", registry).replace("@END_ACTION@", end).replace("@EXTRA@", extra).replace("@PRE_EXTRA@", pre_extra))
open(out, "w").write(s)
PY
)
mkfs.vfat -C -n OEMDRV "$dir/oemdrv.img" 2048 >/dev/null
kernel_boot=""
if [ "$http_ks" = 1 ]; then
  # The kickstart over HTTP from the host (the guest reaches 127.0.0.1 as 10.0.2.2); an empty OEMDRV.
  mkdir -p "$dir/www" && cp "$ks" "$dir/www/ks.cfg" && chmod 0644 "$dir/www/ks.cfg"
  ksport=$(free_port)
  (cd "$dir/www" && exec python3 -m http.server --bind 127.0.0.1 "$ksport" >"$dir/http.log" 2>&1) &
  echo $! > "$dir/http.pid"
  xorriso -osirrox on -indev "$iso_dir/$ISO" -extract /images/pxeboot/vmlinuz "$dir/vmlinuz" \
    -extract /images/pxeboot/initrd.img "$dir/initrd.img" >/dev/null 2>&1
  chmod 0644 "$dir/vmlinuz" "$dir/initrd.img"
  kernel_boot="    <kernel>$dir/vmlinuz</kernel>
    <initrd>$dir/initrd.img</initrd>
    <cmdline>inst.ks=http://10.0.2.2:$ksport/ks.cfg inst.stage2=hd:CDLABEL=$VOLUME_LABEL inst.cmdline debug=1 inst.debug rd.shell=0 rd.emergency=poweroff console=ttyS0,115200</cmdline>"
else
  mcopy -i "$dir/oemdrv.img" "$ks" ::/ks.cfg
fi
qemu-img create -q -f qcow2 "$dir/disk.qcow2" "$disk_size"
sshport=$(free_port)
uuid=$(cat /proc/sys/kernel/random/uuid)

define() { # phase: install | disk
  local devices="" order=1 on_reboot=restart memory=1024
  if [ "$1" = install ]; then
    order=2; on_reboot=destroy; memory=2048
    devices="    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='$iso_dir/$ISO'/>
      <target dev='sda' bus='sata'/>
      <readonly/>
      <boot order='1'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='$dir/oemdrv.img'/>
      <target dev='vdb' bus='virtio'/>
    </disk>"
  fi
  python3 - "$here/domain.xml.in" "$dir/domain-$1.xml" <<PY
import sys
s = open(sys.argv[1]).read()
for k, v in {"NAME": "$name", "UUID": "$uuid", "MEMORY": "$memory", "SKU": "$sku", "NVRAM": "$dir/VARS.fd",
             "ON_REBOOT": "$on_reboot", "DISK": "$dir/disk.qcow2", "DISK_BOOT_ORDER": "$order",
             "SOCK": "$dir/serial-$1.sock", "LOG": "$dir/serial-$1.log", "VIRTIO_LOG": "$dir/anaconda-virtio-$1.log",
             "PORT": "$sshport"}.items():
    s = s.replace("@" + k + "@", v)
s = s.replace("@INSTALL_DEVICES@", """$devices""")
if "$1" == "install" and """$kernel_boot""":
    s = s.replace("    <smbios mode='sysinfo'/>", """$kernel_boot""" + "\n    <smbios mode='sysinfo'/>")
open(sys.argv[2], "w").write(s)
PY
  $V define "$dir/domain-$1.xml" >/dev/null
}

wait_off() { # timeout seconds, log to show
  local deadline=$(( $(date +%s) + $1 )) seen=0
  while [ "$($V domstate "$name" 2>/dev/null)" != "shut off" ]; do
    if [ -f "$2" ]; then
      local n; n=$(wc -l < "$2")
      if [ "$n" -gt "$seen" ]; then
        sed -n "$((seen + 1)),${n}p" "$2" | grep -E 'anaconda.core.progress|ERROR|CRIT|Running\.\.\. ostree container' | cut -c1-220 || true
        seen=$n
      fi
    fi
    [ "$(date +%s)" -lt "$deadline" ] || { echo "install.sh: still running after $1 s" >&2; tail -n 30 "$dir/serial-install.log" >&2; return 1; }
    sleep 5
  done
}

# --- install --------------------------------------------------------------------------------------
define install
if [ "$http_ks" = 1 ]; then
  say "direct kernel boot of the ISO's images/pxeboot (no Secure Boot verification), inst.ks=http; fault: ${fault:-none}"
else
  say "booting the ISO ($ISO, label $VOLUME_LABEL) under Secure Boot; fault: ${fault:-none}"
fi
t_install=$(date +%s)
$V start "$name" >/dev/null
wait_off 5400 "$dir/anaconda-virtio-install.log"
install_seconds=$(( $(date +%s) - t_install ))
say "installer powered off after ${install_seconds}s"
grep -q "Secure Boot" "$dir/serial-install.log" && grep -m1 -i "secure boot" "$dir/serial-install.log" | cut -c1-160 || true

if [ -n "$fault" ]; then
  grep -qF "$expect" "$dir/serial-install.log" || { echo "install.sh: FAIL: '$expect' not on the serial console" >&2; tail -n 40 "$dir/serial-install.log" >&2; exit 1; }
  say "message on the console: $(grep -m1 -F "$expect" "$dir/serial-install.log" | cut -c1-200)"
  grep -E "The command '|exited with the code|storage configuration failed|problem occurred on line|error running the kickstart script|stopped due to an error|Performing deployment|%onerror" "$dir/serial-install.log" | sed 's/^/    /' | cut -c1-240 | head -n 12 || true
  [ -s "$dir/anaconda-virtio-install.log" ] && say "virtio log: $(wc -l < "$dir/anaconda-virtio-install.log") lines, last error: $(grep -m1 ERROR "$dir/anaconda-virtio-install.log" | cut -c1-200)"
  # The disk must not boot: give the firmware 120 s and look for any sign of a boot loader or OS.
  define disk
  $V start "$name" >/dev/null
  sleep 120
  $V destroy "$name" >/dev/null 2>&1 || true
  if grep -aqE "Please enter passphrase|GNU GRUB|Welcome to|Linux version" "$dir/serial-disk.log"; then
    echo "install.sh: FAIL: the disk of a failed install booted something:" >&2; tail -n 20 "$dir/serial-disk.log" >&2; exit 1
  fi
  say "disk alone: no boot loader, no kernel in 120 s (serial: $(tr -d '\r' < "$dir/serial-disk.log" | grep -a -v '^\s*$' | tail -n 1 | cut -c1-120))"
  say "PASS fault $fault (install ${install_seconds}s)"
  [ "$keep" = 1 ] || "$0" --destroy "$name"
  exit 0
fi

grep -q "Installation complete" "$dir/serial-install.log" || { echo "install.sh: FAIL: no 'Installation complete'" >&2; tail -n 40 "$dir/serial-install.log" >&2; exit 1; }
# --- first boot from the disk ---------------------------------------------------------------------
define disk
t_boot=$(date +%s)
$V start "$name" >/dev/null
python3 "$repo/vms/reference/dev/serial-unlock.py" "$dir/serial-disk.sock" "$ref/luks-passphrase" 600
say "LUKS unlocked $(( $(date +%s) - t_boot ))s after power-on"
ssh_() { ssh -q -i "$ref/id_ed25519" -p "$sshport" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
  -o ConnectTimeout=5 -o BatchMode=yes root@127.0.0.1 "$@"; }
until ssh_ true; do
  [ $(( $(date +%s) - t_boot )) -lt 900 ] || { echo "install.sh: no SSH after 900 s" >&2; exit 1; }
  sleep 3
done
boot_seconds=$(( $(date +%s) - t_boot ))
say "SSH up ${boot_seconds}s after power-on (port $sshport)"
ssh_ '. /etc/profile.d/veilorqa-ostree.sh 2>/dev/null; set -x; ostree admin status; cat /ostree/deploy/*/deploy/*.origin; ostree show --print-metadata-key=ostree.manifest-digest $(ostree admin status | sed -n "s/^\* [^ ]* \([0-9a-f]*\)\..*/\1/p"); cat /proc/cmdline; mokutil --sb-state; lsblk -o NAME,FSTYPE,SIZE,MOUNTPOINTS; cat /etc/fstab /etc/crypttab; ls -l /var/log/anaconda/; hostname; findmnt /usr -o TARGET,OPTIONS' 2>&1 | tee "$dir/checks.txt"
grep -q "container-image-reference=ostree-unverified-registry:$url" "$dir/checks.txt" || { echo "install.sh: FAIL: origin does not name $url" >&2; exit 1; }
grep -q "$IMAGE_V1_DIGEST" "$dir/checks.txt" || { echo "install.sh: FAIL: commit metadata lacks the digest" >&2; exit 1; }
grep -q "anaconda.log" "$dir/checks.txt" && grep -q "program.log" "$dir/checks.txt" || { echo "install.sh: FAIL: no logs in /var/log/anaconda" >&2; exit 1; }
grep -q "SecureBoot enabled" "$dir/checks.txt" || { echo "install.sh: FAIL: Secure Boot not enabled on the installed system" >&2; exit 1; }
say "PASS: installed in ${install_seconds}s, disk booted to SSH in ${boot_seconds}s (dir $dir)"
[ "$keep" = 1 ] || "$0" --destroy "$name"
