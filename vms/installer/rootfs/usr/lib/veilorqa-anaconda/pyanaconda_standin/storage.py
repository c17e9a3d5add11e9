"""Storage: disk selection (ignoredisk, clearpart --drives, OEMDRV left out), a GPT with the
kickstart's partitions (sfdisk), file systems, LUKS2 (cryptsetup luksFormat --type luks2 + open as
luks-<uuid>), mounted under /mnt/sysimage (the physical root) like Anaconda."""
import os
import time

from . import logs
from .program import run

PHYSROOT = "/mnt/sysimage"
ESP_TYPE = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
LINUX_TYPE = "0FC63DAF-8483-4772-8E79-3D69D8477DE4"


class StorageError(Exception):
    pass


class Layout:
    """What storage created: devices, UUIDs, mounts (in mount order)."""

    def __init__(self):
        self.disk = None
        self.parts = []          # (Partition, device path)
        self.esp_device = None
        self.boot_device = None
        self.root_device = None  # the LUKS container or the plain partition
        self.root_fs_device = None
        self.luks_uuid = None
        self.luks_name = None
        self.uuids = {}          # mountpoint -> file system UUID
        self.fstypes = {}
        self.mounts = []


def _disks(excluded):
    out = []
    for name in sorted(os.listdir("/sys/block")):
        if name.startswith(("loop", "ram", "zram", "dm-", "sr", "md", "nbd", "fd")):
            continue
        if os.path.exists(f"/sys/block/{name}/removable") and open(f"/sys/block/{name}/removable").read().strip() == "1" \
                and name.startswith("sr"):
            continue
        if int(open(f"/sys/block/{name}/size").read()) == 0:
            continue
        if name in excluded:
            continue
        out.append(name)
    return out


def _names(value):
    return [d.strip().replace("/dev/", "") for d in (value or "").split(",") if d.strip()]


def select_disk(ks, excluded):
    """The one disk this installer partitions (veilor's layout uses one)."""
    disks = _disks(excluded)
    logs.storage(f"disks seen: {disks} (left out: {sorted(excluded)})")
    if ks.ignoredisk is not None:
        if ks.ignoredisk.only_use:
            wanted = _names(ks.ignoredisk.only_use)
            missing = [d for d in wanted if d not in disks]
            if missing:
                raise StorageError(f"Disk \"{missing[0]}\" given in ignoredisk command does not exist.")
            disks = [d for d in disks if d in wanted]
        else:
            disks = [d for d in disks if d not in _names(ks.ignoredisk.drives)]
    if ks.clearpart is not None and ks.clearpart.drives:
        wanted = _names(ks.clearpart.drives)
        missing = [d for d in wanted if d not in disks]
        if missing:
            raise StorageError(f"Disk \"{missing[0]}\" given in clearpart command does not exist.")
    ondisks = {p.ondisk.replace("/dev/", "") for p in ks.partitions if p.ondisk}
    for d in ondisks:
        if d not in disks:
            raise StorageError(f"Disk \"{d}\" given in part command does not exist.")
    if len(ondisks) > 1:
        raise StorageError("partitions on more than one disk are not supported by this installer")
    if ondisks:
        return ondisks.pop()
    if not disks:
        raise StorageError("No disks selected; there is no disk to install to.")
    return disks[0]


def _part_dev(disk, n):
    return f"/dev/{disk}p{n}" if disk[-1].isdigit() else f"/dev/{disk}{n}"


def plan(ks, disk):
    """Sizes in MiB for each partition (1 MiB aligned, --grow parts share what is left)."""
    size_mib = int(open(f"/sys/block/{disk}/size").read()) * 512 // (1024 * 1024)
    usable = size_mib - 2  # 1 MiB before the first partition, GPT backup at the end
    order = sorted(ks.partitions, key=lambda p: {"/boot/efi": 0, "/boot": 1, "/": 2}[p.mountpoint])
    base = {}
    for p in order:
        default = {"/boot/efi": 600, "/boot": 1024, "/": 1024}[p.mountpoint]
        base[p.mountpoint] = p.size if p.size is not None else default
    need = sum(base.values())
    logs.storage(f"disk {disk}: {size_mib} MiB; requested {need} MiB "
                 + ", ".join(f"{p.mountpoint}={base[p.mountpoint]}{'+grow' if p.grow else ''}" for p in order))
    if need > usable:
        raise StorageError("Unable to allocate requested partition scheme.")
    free = usable - need
    growers = [p for p in order if p.grow]
    sizes = dict(base)
    if growers:
        total = sum(base[p.mountpoint] for p in growers) or 1
        for p in growers:
            extra = free * base[p.mountpoint] // total
            if p.maxsize:
                extra = min(extra, max(0, p.maxsize - base[p.mountpoint]))
            sizes[p.mountpoint] += extra
    return [(p, sizes[p.mountpoint]) for p in order], size_mib


def _settle():
    run(["udevadm", "settle", "--timeout=300"], check=False)


def _uuid(dev):
    _, out = run(["blkid", "-s", "UUID", "-o", "value", dev], check=False)
    return out.strip().splitlines()[-1] if out.strip() else None


def _pbkdf_args(part, cheap):
    if part.pbkdf or part.pbkdf_memory or part.pbkdf_iterations or part.pbkdf_time:
        args = ["--pbkdf", part.pbkdf or "argon2id"]
        if part.pbkdf_memory:
            args += ["--pbkdf-memory", str(part.pbkdf_memory)]
        if part.pbkdf_iterations:
            args += ["--pbkdf-force-iterations", str(part.pbkdf_iterations)]
        if part.pbkdf_time:
            args += ["--iter-time", str(part.pbkdf_time)]
        return args
    if cheap:
        # Test installs only (inst.veilorqa.test): argon2id with 32 MiB and 4 iterations, like
        # the reference guest's build. Anaconda's default is cryptsetup's (memory-hard, ~2 s).
        return ["--pbkdf", "argon2id", "--pbkdf-memory", "32768", "--pbkdf-parallel", "1",
                "--pbkdf-force-iterations", "4"]
    return ["--pbkdf", "argon2id"]


def execute(ks, excluded, cheap_pbkdf):
    lay = Layout()
    disk = select_disk(ks, excluded)
    lay.disk = disk
    parts, disk_mib = plan(ks, disk)
    logs.progress("Configuring storage")
    dev = f"/dev/{disk}"
    clear = ks.zerombr or (ks.clearpart is not None and not ks.clearpart.none
                           and (ks.clearpart.all or ks.clearpart.initlabel))
    if not clear:
        _, out = run(["blkid", "-p", dev], check=False)
        if "PTTYPE" in out or "TYPE" in out:
            raise StorageError(f"disk {disk} is not empty and the kickstart does not clear it (clearpart --all --initlabel)")
    logs.console(f"Creating disklabel on {dev}")
    run(["wipefs", "-a", dev])
    script = ["label: gpt", "unit: sectors"]
    start = 2048
    for p, mib in parts:
        sectors = mib * 2048
        ptype = ESP_TYPE if p.mountpoint == "/boot/efi" else LINUX_TYPE
        script.append(f"start={start}, size={sectors}, type={ptype}")
        start += sectors
    run(["sfdisk", "--wipe", "always", "--wipe-partitions", "always", dev], stdin="\n".join(script) + "\n")
    run(["partprobe", dev], check=False)
    _settle()
    for n, (p, mib) in enumerate(parts, 1):
        lay.parts.append((p, _part_dev(disk, n)))
    for p, pdev in lay.parts:
        for _ in range(50):
            if os.path.exists(pdev):
                break
            time.sleep(0.2)
        if not os.path.exists(pdev):
            raise StorageError(f"partition {pdev} did not appear")
        fstype = "vfat" if p.fstype == "efi" else p.fstype
        target = pdev
        if p.encrypted:
            if not p.passphrase:
                raise StorageError("No passphrase given for encrypted device (part / --encrypted without --passphrase).")
            logs.console(f"Creating luks on {pdev}")
            run(["cryptsetup", "luksFormat", "--type", p.luks_version or "luks2", "--batch-mode", "--key-file", "-"]
                + _pbkdf_args(p, cheap_pbkdf) + [pdev], stdin=p.passphrase)
            lay.luks_uuid = _uuid(pdev)
            lay.luks_name = f"luks-{lay.luks_uuid}"
            run(["cryptsetup", "open", "--key-file", "-", pdev, lay.luks_name], stdin=p.passphrase)
            target = f"/dev/mapper/{lay.luks_name}"
            lay.root_device = pdev
        logs.console(f"Creating {p.fstype} on {target}")
        if fstype == "vfat":
            run(["mkfs.vfat", "-F", "32", target])
        elif fstype == "ext4":
            run(["mkfs.ext4", "-F", "-q"] + (["-L", p.label] if p.label else []) + [target])
        elif fstype == "xfs":
            run(["mkfs.xfs", "-f", "-q"] + (["-L", p.label] if p.label else []) + [target])
        elif fstype == "btrfs":
            run(["mkfs.btrfs", "-f", "-q"] + (["-L", p.label] if p.label else []) + [target])
        lay.uuids[p.mountpoint] = _uuid(target)
        lay.fstypes[p.mountpoint] = fstype
        if p.mountpoint == "/boot/efi":
            lay.esp_device = pdev
        elif p.mountpoint == "/boot":
            lay.boot_device = pdev
        else:
            lay.root_fs_device = target
            if not p.encrypted:
                lay.root_device = pdev
    if lay.esp_device is None:
        raise StorageError("no EFI System Partition: add part /boot/efi --fstype=efi (this firmware is UEFI)")
    # Mount under the physical root, shortest mount point first.
    for p, pdev in sorted(lay.parts, key=lambda x: len(x[0].mountpoint)):
        target = f"/dev/mapper/{lay.luks_name}" if p.encrypted else pdev
        where = PHYSROOT + (p.mountpoint if p.mountpoint != "/" else "")
        os.makedirs(where, exist_ok=True)
        run(["mount", "-t", lay.fstypes[p.mountpoint], target, where])
        lay.mounts.append(where)
    logs.storage(f"storage configured: disk {disk}, " + ", ".join(f"{m} UUID={u}" for m, u in lay.uuids.items()))
    return lay


def write_fstab(lay, sysroot):
    """/etc/fstab and /etc/crypttab in the deployment, as Anaconda writes them."""
    opts = {"/": "defaults,x-systemd.device-timeout=0", "/boot": "defaults", "/boot/efi": "umask=0077,shortname=winnt"}
    passno = {"/": 1, "/boot": 2, "/boot/efi": 2}
    header = ("\n#\n# /etc/fstab\n# Created by anaconda on " + time.strftime("%a %b %d %H:%M:%S %Y") + "\n#\n"
              "# Accessible filesystems, by reference, are maintained under '/dev/disk/'.\n"
              "# See man pages fstab(5), findfs(8), mount(8) and/or blkid(8) for more info.\n#\n")
    lines = [header]
    for m in ("/", "/boot", "/boot/efi"):
        if m in lay.uuids:
            # Anaconda: dump 1 for ext4, 0 otherwise; fsck pass 1 for /, 2 for the rest, 0 for xfs/btrfs.
            fs = lay.fstypes[m]
            dump = 1 if fs == "ext4" else 0
            fsck = 0 if fs in ("xfs", "btrfs") else passno[m]
            lines.append(f"UUID={lay.uuids[m]:<40} {m:<23} {fs:<7} {opts[m]:<15} {dump} {fsck}\n")
    with open(sysroot + "/etc/fstab", "w") as f:
        f.write("".join(lines))
    if lay.luks_uuid:
        with open(sysroot + "/etc/crypttab", "w") as f:
            f.write(f"{lay.luks_name} UUID={lay.luks_uuid} none discard\n")
        os.chmod(sysroot + "/etc/crypttab", 0o600)


def teardown(lay, extra_mounts=()):
    """Unmounts the system root and the physical root (recursively: /dev, /proc, /sys and /run are
    rbind mounts) and closes LUKS."""
    run(["sync"], check=False)
    for m in ("/mnt/sysroot", PHYSROOT):
        if os.path.ismount(m):
            if run(["umount", "-R", m], check=False)[0] != 0:
                run(["umount", "-R", "-l", m], check=False)
    if lay is not None and lay.luks_name and os.path.exists(f"/dev/mapper/{lay.luks_name}"):
        run(["cryptsetup", "close", lay.luks_name], check=False)


def remove_boot_files():
    """First step after a failure, while the ESP is still mounted: no boot loader is left on it."""
    esp = PHYSROOT + "/boot/efi"
    if os.path.ismount(esp):
        run(["rm", "-rf", esp + "/EFI"], check=False)
        run(["sync"], check=False)


def make_unbootable(lay):
    """After a failure and the unmounts: erase the ESP's file-system signature (and its first MiB)
    so the firmware finds no boot loader on the disk; the other partitions stay for inspection."""
    if lay is None or not lay.esp_device or not os.path.exists(lay.esp_device):
        return
    run(["wipefs", "-a", "-f", lay.esp_device], check=False)
    run(["dd", "if=/dev/zero", f"of={lay.esp_device}", "bs=1M", "count=1", "oflag=direct,sync"], check=False)
    run(["udevadm", "settle", "--timeout=30"], check=False)
    _, out = run(["blkid", "-p", "-o", "value", "-s", "TYPE", lay.esp_device], check=False)
    if out.strip():
        logs.storage(f"failed install: {lay.esp_device} still carries a '{out.strip()}' signature", "ERROR")
    else:
        logs.storage(f"failed install: the ESP {lay.esp_device} has no file system any more: the disk does not boot")
