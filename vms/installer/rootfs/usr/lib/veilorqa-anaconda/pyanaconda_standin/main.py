"""The installer's flow: kickstart -> network -> %pre -> storage -> ostreecontainer payload ->
bootloader -> configuration -> %post -> logs copied -> reboot/poweroff/halt. A failure prints
Anaconda's text for its kind, runs %onerror, leaves the disk unbootable and powers off."""
import glob
import os
import shutil
import subprocess
import sys
import time
import traceback
import urllib.request

from . import kickstart, logs, network, payload, scripts, storage
from .program import CommandError, run

VERSION = "38.0-veilorqa"
CMDLINE_STOP = ("The installation was stopped due to an error which occurred while running in "
                "non-interactive cmdline mode. Since there cannot be any questions in cmdline mode, edit "
                "your kickstart file and retry installation.\nThe exact error message is: \n\n{}.\n\n"
                "The installer will now terminate.")
PAYLOAD_FATAL = ("The following error occurred while installing the payload. This is a fatal error and "
                 "installation will be aborted.")
BOOTLOADER_FATAL = ("The following error occurred while installing the boot loader. The system will not be "
                    "bootable. Would you like to ignore this and continue with installation?")


class Options:
    """Kernel command line plus the words of the SMBIOS SKU (the harness's per-boot switch when
    the ISO boots through its own grub, which it cannot edit)."""

    def __init__(self):
        words = open("/proc/cmdline").read().split()
        try:
            sku = open("/sys/class/dmi/id/product_sku").read().strip()
        except OSError:
            sku = ""
        words += [w for w in sku.replace(",", " ").replace(";", " ").split() if w.startswith("inst.")]
        self.words = words
        self.args = {}
        for w in words:
            k, _, v = w.partition("=")
            self.args[k] = v if _ else ""

    def has(self, k):
        return k in self.args

    def get(self, k, default=None):
        return self.args.get(k, default)

    def int(self, k, default):
        try:
            return int(self.args.get(k, default))
        except ValueError:
            return default


class Fatal(Exception):
    def __init__(self, kind, message, detail=None):
        self.kind = kind
        self.message = message
        self.detail = detail
        super().__init__(message)


def _mount_ro(dev, where, fstype=None):
    os.makedirs(where, exist_ok=True)
    argv = ["mount", "-o", "ro"] + (["-t", fstype] if fstype else []) + [dev, where]
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT).returncode == 0


def _wait_for(path, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if os.path.exists(path):
            return True
        time.sleep(0.5)
    return os.path.exists(path)


def fetch_kickstart(opts, state):
    """inst.ks= (file:, hd:, http(s):) or OEMDRV's /ks.cfg; returns the text (or None)."""
    spec = opts.get("inst.ks") or opts.get("ks")
    run(["udevadm", "settle", "--timeout=60"], check=False)
    if spec:
        logs.info(f"kickstart: inst.ks={spec}")
        if spec.startswith("file:"):
            path = spec[len("file:"):]
            if not _wait_for(path, 5):
                raise Fatal("kickstart", f"The kickstart file {path} was not found")
            return open(path).read()
        if spec.startswith(("http://", "https://")):
            if not state["network_up"]:
                state["network_up"] = network.bring_up([], opts.int("inst.dhcptimeout", 45),
                                                       opts.int("inst.veilorqa.link-delay", 0))
            last = None
            for _ in range(3):
                try:
                    with urllib.request.urlopen(spec, timeout=30) as r:
                        return r.read().decode()
                except OSError as e:
                    last = e
                    time.sleep(2)
            raise Fatal("kickstart", f"The kickstart file {spec} could not be fetched: {last}")
        if spec.startswith("hd:"):
            rest = spec[3:]
            dev, _, path = rest.rpartition(":")
            if not dev:
                raise Fatal("kickstart", f"inst.ks={spec}: expected hd:<device>:<path>")
            if dev.startswith("LABEL="):
                devpath = "/dev/disk/by-label/" + dev[len("LABEL="):]
            elif dev.startswith("UUID="):
                devpath = "/dev/disk/by-uuid/" + dev[len("UUID="):]
            else:
                devpath = dev if dev.startswith("/dev/") else "/dev/" + dev
            if not _wait_for(devpath, opts.int("inst.wait_for_disks", 5) + 10):
                raise Fatal("kickstart", f"The kickstart device {dev} was not found")
            where = "/run/install/ks-source"
            if not _mount_ro(devpath, where):
                raise Fatal("kickstart", f"The kickstart device {dev} could not be mounted")
            try:
                return open(os.path.join(where, path.lstrip("/"))).read()
            except OSError as e:
                raise Fatal("kickstart", f"The kickstart file {path} was not found on {dev}: {e}")
            finally:
                subprocess.run(["umount", where])
        raise Fatal("kickstart", f"inst.ks={spec}: unsupported kickstart location (file:, hd:, http: are)")
    # No inst.ks: a volume labelled OEMDRV with /ks.cfg (inst.wait_for_disks, default 5 s).
    oem = "/dev/disk/by-label/OEMDRV"
    if _wait_for(oem, opts.int("inst.wait_for_disks", 5)):
        real = os.path.realpath(oem)
        disk = os.path.basename(real)
        parent = os.path.basename(os.path.dirname(os.path.realpath(f"/sys/class/block/{disk}")))
        state["excluded"].add(parent if os.path.exists(f"/sys/block/{parent}") else disk)
        state["excluded"].add(disk)
        where = "/run/install/oemdrv"
        if _mount_ro(oem, where):
            try:
                path = os.path.join(where, "ks.cfg")
                if os.path.exists(path):
                    logs.info(f"kickstart: found ks.cfg on OEMDRV volume {real}")
                    return open(path).read()
            finally:
                subprocess.run(["umount", where])
    return None


def configure_system(ks, lay):
    sr = payload.SYSROOT
    logs.progress("Configuring installed system")
    storage.write_fstab(lay, sr)
    if ks.timezone:
        if os.path.exists(sr + "/usr/share/zoneinfo/" + ks.timezone):
            if os.path.lexists(sr + "/etc/localtime"):
                os.unlink(sr + "/etc/localtime")
            os.symlink("../usr/share/zoneinfo/" + ks.timezone, sr + "/etc/localtime")
            with open(sr + "/etc/timezone", "w") as f:
                f.write(ks.timezone + "\n")
        else:
            logs.log("anaconda", "WARNING", "anaconda.modules.timezone", f"Timezone {ks.timezone} set in kickstart is not valid.")
    if ks.lang:
        with open(sr + "/etc/locale.conf", "w") as f:
            f.write(f"LANG=\"{ks.lang}\"\n")
    if ks.keyboard:
        with open(sr + "/etc/vconsole.conf", "w") as f:
            f.write(f"KEYMAP=\"{ks.keyboard}\"\n")
    logs.progress("Writing network configuration")
    network.write_target_config(ks.networks, sr)
    logs.progress("Creating users")
    if ks.rootpw is not None:
        if ks.rootpw.lock:
            run(["passwd", "-l", "root"], root=sr)
        if ks.rootpw.password:
            if ks.rootpw.iscrypted:
                run(["usermod", "-p", ks.rootpw.password, "root"], root=sr)
            else:
                run(["chpasswd"], stdin=f"root:{ks.rootpw.password}\n", root=sr)
            if not ks.rootpw.lock:
                run(["passwd", "-u", "root"], root=sr, check=False)
    for u in ks.users:
        groups = [g for g in (u.groups or "").split(",") if g]
        for g in groups:
            if subprocess.run(["chroot", sr, "getent", "group", g], stdout=subprocess.DEVNULL).returncode != 0:
                run(["groupadd", g], root=sr)
        argv = ["useradd", "-m", "-s", u.shell or "/bin/bash"]
        if groups:
            argv += ["-G", ",".join(groups)]
        if u.uid is not None:
            argv += ["-u", str(u.uid)]
        if u.gecos:
            argv += ["-c", u.gecos]
        if u.homedir:
            argv += ["-d", u.homedir]
        run(argv + [u.name], root=sr)
        if u.password:
            if u.iscrypted:
                run(["usermod", "-p", u.password, u.name], root=sr)
            else:
                run(["chpasswd"], stdin=f"{u.name}:{u.password}\n", root=sr)
        if u.lock:
            run(["passwd", "-l", u.name], root=sr)
    for k in ks.sshkeys:
        rc, home = run(["getent", "passwd", k.username], root=sr, check=False)
        if rc != 0:
            raise Fatal("config", f"sshkey: user {k.username} does not exist")
        fields = home.strip().splitlines()[-1].split(":")
        uid, gid, homedir = int(fields[2]), int(fields[3]), fields[5]
        real_home = os.path.realpath(sr + homedir) if not os.path.islink(sr + homedir) else sr + "/" + os.readlink(sr + homedir).lstrip("/")
        if homedir == "/root":
            real_home = sr + "/var/roothome"
        ssh = os.path.join(real_home, ".ssh")
        os.makedirs(ssh, exist_ok=True)
        with open(os.path.join(ssh, "authorized_keys"), "a") as f:
            f.write(k.key.strip() + "\n")
        os.chmod(ssh, 0o700)
        os.chmod(os.path.join(ssh, "authorized_keys"), 0o600)
        os.chown(ssh, uid, gid)
        os.chown(os.path.join(ssh, "authorized_keys"), uid, gid)
        logs.info(f"sshkey: key added for {k.username}")


def store_kickstarts(ks_text, sr):
    logs.progress("Storing configuration files and kickstarts")
    root_home = sr + "/var/roothome"
    os.makedirs(root_home, exist_ok=True)
    for name, text in (("original-ks.cfg", ks_text), ("anaconda-ks.cfg", _without_secrets(ks_text))):
        path = os.path.join(root_home, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o600)


def _without_secrets(text):
    out = []
    for line in text.splitlines():
        words = line.split()
        if words and words[0] in ("part", "partition", "rootpw", "user"):
            line = " ".join(w for w in line.split(" ") if not w.startswith(("--passphrase", "--password")))
            if words[0] == "rootpw":
                line = "rootpw --lock"
        out.append(line)
    return "# Generated by the VeilorQA stand-in for Anaconda " + VERSION + " (secrets removed)\n" + "\n".join(out) + "\n"


def copy_logs(sr):
    dest = sr + "/var/log/anaconda"
    os.makedirs(dest, exist_ok=True)
    subprocess.run(["sh", "-c", "journalctl -b --no-pager -o short-precise > /tmp/syslog 2>&1"])
    for f in glob.glob("/tmp/*.log") + ["/tmp/syslog"]:
        if os.path.isfile(f):
            shutil.copy2(f, dest)
    for f in glob.glob(dest + "/*"):
        os.chmod(f, 0o600)
    os.chmod(dest, 0o700)


def end(action, delay=0):
    if delay:
        time.sleep(delay)
    logs.info(f"end: {action}")
    subprocess.run(["sync"])
    verb = {"reboot": "reboot", "poweroff": "poweroff", "shutdown": "poweroff", "halt": "halt"}[action]
    subprocess.run(["systemctl", "--no-block", verb])
    sys.exit(0)


def main():
    os.makedirs("/run/install", exist_ok=True)
    for f in logs.FILES.values():
        open(os.path.join(logs.TMP, f), "a").close()
    opts = Options()
    logs.console("Starting installer, one moment...")
    subprocess.run(["udevadm", "settle", "--timeout=60"])
    logs.info(f"/usr/bin/anaconda {' '.join(opts.words)}", echo=False)
    logs.console(f"anaconda {VERSION} for VeilorQA reference installer started.")
    cmdline_mode = opts.has("inst.cmdline")
    error_sleep = opts.int("inst.veilorqa.error-sleep", 10)
    cheap = opts.has("inst.veilorqa.test")
    state = {"network_up": False, "excluded": set()}
    ks = None
    lay = None
    sys_mounts = []
    try:
        text = fetch_kickstart(opts, state)
        if text is None:
            raise Fatal("kickstart", "No kickstart found (inst.ks= or an OEMDRV volume with /ks.cfg): "
                        "this installer has no interactive mode")
        with open("/run/install/ks.cfg", "w") as f:
            f.write(text)
        os.chmod("/run/install/ks.cfg", 0o600)
        try:
            ks = kickstart.parse(text)
        except kickstart.KickstartParseError as e:
            logs.log("anaconda", "ERROR", "anaconda.core.kickstart", str(e))
            logs.console(str(e))
            raise Fatal("kickstart", str(e).strip(), detail="parse")
        for p in ks.partitions:
            if p.passphrase:
                logs.secrets.append(p.passphrase)
        if ks.rootpw is not None and ks.rootpw.password:
            logs.secrets.append(ks.rootpw.password)
        for u in ks.users:
            if u.password:
                logs.secrets.append(u.password)
        cmdline_mode = cmdline_mode or ks.mode == "cmdline"
        logs.info(f"kickstart parsed: mode {ks.mode or 'text'}{' (cmdline)' if cmdline_mode else ''}, "
                  f"{len(ks.partitions)} partitions, ostreecontainer {ks.ostreecontainer.url}")
        logs.console("Starting automated install.")
        if (ks.ostreecontainer.transport == "registry") or any(n.activate for n in ks.networks):
            if not state["network_up"]:
                state["network_up"] = network.bring_up(ks.networks, opts.int("inst.dhcptimeout", 45),
                                                       opts.int("inst.veilorqa.link-delay", 0))
        logs.progress("Running pre-installation scripts")
        scripts.run_scripts(ks.scripts, "pre")
        logs.current_module["name"] = "storage"
        logs.console("Saving storage configuration...")
        logs.console("Checking storage configuration...")
        try:
            lay = storage.execute(ks, state["excluded"], cheap)
        except (storage.StorageError, CommandError) as e:
            logs.storage(f"storage configuration failed: {e}", "ERROR")
            logs.log("anaconda", "ERROR", "anaconda.modules.storage", f"storage configuration failed: {e}")
            raise Fatal("storage", f"storage configuration failed: {e}")
        logs.progress("Installing.")
        try:
            payload.deploy(ks.ostreecontainer)
        except CommandError as e:
            raise Fatal("payload", str(e))
        try:
            sys_mounts = payload.prepare_sysroot(ks.ostreecontainer, lay)
        except (CommandError, payload.PayloadError) as e:
            raise Fatal("payload", str(e))
        logs.current_module["name"] = "anaconda"
        logs.progress("Performing post-installation setup tasks")
        try:
            payload.install_bootloader(ks, lay)
        except (CommandError, payload.BootloaderError) as e:
            raise Fatal("bootloader", str(e))
        configure_system(ks, lay)
        store_kickstarts(text, payload.SYSROOT)
        logs.progress("Running post-installation scripts")
        scripts.run_scripts(ks.scripts, "post", sysroot=payload.SYSROOT)
        logs.progress("Installation complete")
        copy_logs(payload.SYSROOT)
        storage.teardown(lay, sys_mounts)
        action = ks.end_action or "halt"
        logs.console(f"Installation complete. The system will {action} now.")
        end(action)
    except Fatal as e:
        fail(e, ks, lay, sys_mounts, cmdline_mode, error_sleep)
    except scripts.ScriptError as e:
        fail(Fatal("script", str(e)), ks, lay, sys_mounts, cmdline_mode, error_sleep)
    except Exception as e:  # a bug in this installer: show it like Anaconda's traceback
        tb = traceback.format_exc()
        logs.log("anaconda", "CRIT", "anaconda.core", "Traceback (most recent call last):\n" + tb)
        with open("/tmp/anaconda-tb-veilorqa", "w") as f:
            f.write(tb)
        fail(Fatal("traceback", f"{type(e).__name__}: {e}"), ks, lay, sys_mounts, cmdline_mode, error_sleep)


def fail(e, ks, lay, sys_mounts, cmdline_mode, error_sleep):
    if e.kind == "payload":
        text = PAYLOAD_FATAL + "\n\n" + e.message
    elif e.kind == "bootloader":
        text = "The following error occurred while installing the boot loader. The system will not be bootable.\n\n" + e.message
    else:
        text = e.message
    if e.detail != "parse":
        logs.error(text, echo=True)
    else:
        logs.error("kickstart parse error: installation aborted")
    if cmdline_mode and e.detail != "parse":
        stop = CMDLINE_STOP.format(e.message)
        logs.error(stop)
        logs.console(stop)
    if ks is not None:
        try:
            scripts.run_scripts(ks.scripts, "onerror", fatal=False)
            logs.console("The installer has run %onerror script(s)")
        except Exception as ex:  # an %onerror failure must not hide the original error
            logs.error(f"%onerror: {ex}")
    try:
        storage.remove_boot_files()
        storage.teardown(lay, sys_mounts)
        storage.make_unbootable(lay)
    except Exception as ex:
        logs.error(f"clean-up after the failure: {ex}")
    logs.console(f"Installation failed ({e.kind}). The system will power off in {error_sleep} seconds.")
    end("poweroff", delay=error_sleep)
