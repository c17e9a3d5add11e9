#!/usr/bin/env bash
# Idempotent set-up of a fresh Debian 12 machine for VeilorQA (run as root).
# Installs what is missing, starts libvirtd/virtlogd and dockerd when they are not running.
# A second run does no work it need not do. Usage: scripts/setup.sh [--no-docker] [--quiet]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
quiet=0; want_docker=1
for a in "$@"; do
  case "$a" in
    --quiet) quiet=1 ;;
    --no-docker) want_docker=0 ;;
    *) echo "setup.sh: unknown option '$a'" >&2; exit 2 ;;
  esac
done
say() { [ "$quiet" = 1 ] || echo "setup: $*"; }

if [ "$(id -u)" != 0 ]; then
  echo "setup.sh: must run as root (it installs Debian packages and starts libvirtd/dockerd)" >&2
  exit 1
fi

debs=(
  qemu-system-x86 qemu-utils ovmf swtpm swtpm-tools
  libvirt-daemon-system libvirt-clients libxml2-utils
  docker.io
  mmdebstrap mtools dosfstools cryptsetup-bin fdisk e2fsprogs
  ostree busybox-static dropbear-bin cpio zstd xz-utils
  openipmi ipmitool socat openssh-client openssh-server
  iproute2 procps psmisc kmod xorriso tpm2-tools usbguard umockdev python3
  skopeo squashfs-tools docker-registry apache2-utils curl
)
# Tools that may already come from elsewhere (the machine image ships Node.js with npm and a JDK):
# install the Debian package only when the command is missing.
command -v java >/dev/null 2>&1 || debs+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || debs+=(npm)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "Debian packages present"
fi

# allure-commandline from npm, kept in a folder outside the clone so a fresh clone reuses it.
tools="${VEILORQA_TOOLS:-${VEILORQA_CACHE:-/var/cache/veilorqa}/tools}"
if [ ! -x "$tools/node_modules/.bin/allure" ]; then
  say "installing allure-commandline into $tools"
  mkdir -p "$tools"
  (cd "$tools" && npm install --silent --no-audit --no-fund allure-commandline@2 >/dev/null)
else
  say "allure-commandline present"
fi

# Daemons: this machine has no systemd as PID 1, so start them directly when not running.
start_daemon() { # name, command...
  local name="$1"; shift
  if pgrep -x "$name" >/dev/null; then say "$name running"; return; fi
  say "starting $name"
  "$@"
}
mkdir -p /run/libvirt /run/sshd /var/lib/veilorqa /var/cache/veilorqa
if pidof systemd >/dev/null 2>&1 && [ "$(ps -p 1 -o comm=)" = systemd ]; then
  systemctl start virtlogd libvirtd
  [ "$want_docker" = 1 ] && systemctl start docker
else
  start_daemon virtlogd virtlogd -d
  start_daemon virtlockd virtlockd -d
  start_daemon libvirtd libvirtd -d
  if [ "$want_docker" = 1 ]; then
    start_daemon containerd bash -c 'nohup containerd >/var/log/containerd.log 2>&1 &'
    start_daemon dockerd bash -c 'nohup dockerd --containerd=/run/containerd/containerd.sock >/var/log/dockerd.log 2>&1 &'
  fi
fi

# Wait until the sockets answer (bounded).
for i in $(seq 1 60); do virsh -c qemu:///system version >/dev/null 2>&1 && break; sleep 0.5; done
virsh -c qemu:///system version >/dev/null 2>&1 || { echo "setup.sh: libvirtd did not answer on qemu:///system within 30 s" >&2; exit 1; }
if [ "$want_docker" = 1 ]; then
  for i in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { echo "setup.sh: dockerd did not answer within 30 s (see /var/log/dockerd.log)" >&2; exit 1; }
fi
say "ready"
