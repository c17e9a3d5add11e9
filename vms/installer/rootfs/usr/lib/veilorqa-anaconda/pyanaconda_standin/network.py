"""Network in the installer: DHCP on the wired devices through systemd-networkd, waited for up
to inst.dhcptimeout (Anaconda's 45 s default). inst.veilorqa.link-delay=N starts DHCP N seconds
late (in the background) so "network up too late" can be reproduced."""
import os
import subprocess
import threading
import time

from . import logs
from .program import run


def _ethernet_devices():
    out = []
    for name in sorted(os.listdir("/sys/class/net")):
        if name == "lo" or os.path.exists(f"/sys/class/net/{name}/wireless"):
            continue
        if os.path.exists(f"/sys/class/net/{name}/device"):
            out.append(name)
    return out


def _has_default_route():
    r = subprocess.run(["ip", "-4", "route", "show", "default"], stdout=subprocess.PIPE, text=True)
    return bool(r.stdout.strip())


def _start(devices):
    os.makedirs("/run/systemd/network", exist_ok=True)
    for dev in devices:
        with open(f"/run/systemd/network/50-anaconda-{dev}.network", "w") as f:
            f.write(f"[Match]\nName={dev}\n\n[Network]\nDHCP=ipv4\nLinkLocalAddressing=no\nIPv6AcceptRA=no\n")
    run(["systemctl", "restart", "systemd-networkd.service"], check=False)


def bring_up(networks, timeout, link_delay):
    devices = [n.device for n in networks if n.device and n.device not in ("link", "bootif")] or _ethernet_devices()
    logs.info(f"network: bringing up {devices} with DHCP (timeout {timeout}s)")
    if link_delay:
        logs.info(f"network: inst.veilorqa.link-delay={link_delay}: link comes up {link_delay}s late")
        threading.Thread(target=lambda: (time.sleep(link_delay), _start(devices)), daemon=True).start()
    else:
        _start(devices)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _has_default_route():
            _, out = run(["ip", "-4", "-br", "addr"], check=False)
            logs.info("network: connected")
            return True
        time.sleep(1)
    logs.log("anaconda", "WARNING", "anaconda.modules.network", f"network: no connection after {timeout}s (wait for network timed out)")
    return False


def write_target_config(networks, sysroot):
    """NetworkManager keyfiles for `network --device=X` lines and /etc/hostname."""
    for n in networks:
        if n.hostname:
            with open(sysroot + "/etc/hostname", "w") as f:
                f.write(n.hostname + "\n")
        if n.device and n.device not in ("link", "bootif") and (n.bootproto in (None, "dhcp")):
            d = sysroot + "/etc/NetworkManager/system-connections"
            if os.path.isdir(os.path.dirname(d)):
                os.makedirs(d, exist_ok=True)
                path = f"{d}/{n.device}.nmconnection"
                with open(path, "w") as f:
                    f.write(f"[connection]\nid={n.device}\ntype=ethernet\ninterface-name={n.device}\n"
                            f"autoconnect={'false' if n.onboot == 'no' else 'true'}\n\n[ethernet]\n\n"
                            "[ipv4]\nmethod=auto\n\n[ipv6]\naddr-gen-mode=eui64\nmethod=auto\n")
                os.chmod(path, 0o600)
