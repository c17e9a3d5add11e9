"""The ostreecontainer payload, in the order Anaconda's rpm_ostree installation tasks run it,
plus the system-root mounts and the bootloader (bootupd-like: shim + grub from the image's
/usr/lib/bootupd/updates onto the ESP, a stub grub.cfg finding /boot by UUID, the menu from the
image's OSTREE_GRUB2_EXEC generator through `ostree admin instutil set-kargs`)."""
import glob
import os
import shutil

from . import logs
from .program import run
from .storage import PHYSROOT

SYSROOT = "/mnt/sysroot"
GENERATOR = "/usr/libexec/veilorqa/ostree-grub-generator"


class PayloadError(Exception):
    pass


class BootloaderError(Exception):
    pass


def stateroot_of(oc):
    return oc.stateroot or "default"


def deploy(oc):
    repo = PHYSROOT + "/ostree/repo"
    stateroot = stateroot_of(oc)
    logs.current_module["name"] = "packaging"
    logs.progress(f"Deployment starting: {oc.url}")
    logs.packaging("Initialize OSTree file system and repository")
    run(["ostree", "admin", f"--sysroot={PHYSROOT}", "init-fs", PHYSROOT])
    # ChangeOSTreeRemoteTask (physical root): the remote named by --remote, else the stateroot.
    remote = oc.remote or stateroot
    run(["ostree", "remote", "add", f"--repo={repo}", "--if-not-exists", "--no-gpg-verify", remote, oc.url])
    run(["ostree", "config", f"--repo={repo}", "set", "sysroot.bootprefix", "true"])
    run(["ostree", "admin", f"--sysroot={PHYSROOT}", "os-init", stateroot])
    logs.packaging("ostree image deploy starting")
    args = ["ostree", "container", "image", "deploy", f"--sysroot={PHYSROOT}", f"--image={oc.url}"]
    if oc.transport:
        args.append(f"--transport={oc.transport}")
    if oc.stateroot:
        args.append(f"--stateroot={oc.stateroot}")
    if oc.no_sig:
        args.append("--no-signature-verification")
    run(args, env={"LC_ALL": "C.UTF-8"})
    logs.packaging("ostree config set sysroot.readonly true")
    run(["ostree", "config", f"--repo={repo}", "set", "sysroot.readonly", "true"])
    logs.packaging("ostree admin deploy complete")
    logs.progress(f"Deployment complete: {oc.url}")


def deployment_path(oc):
    stateroot = stateroot_of(oc)
    paths = sorted(glob.glob(f"{PHYSROOT}/ostree/deploy/{stateroot}/deploy/*.0"))
    if not paths:
        raise PayloadError(f"no deployment in {PHYSROOT}/ostree/deploy/{stateroot}/deploy")
    return paths[0]


def prepare_sysroot(oc, lay):
    """SetSystemRootTask + PrepareOSTreeMountTargetsTask: the deployment at /mnt/sysroot with
    /usr read-only, API file systems, /var from the stateroot, /boot, /boot/efi, /sysroot."""
    mounts = []
    dep = deployment_path(oc)
    os.makedirs(SYSROOT, exist_ok=True)
    run(["mount", "--bind", dep, SYSROOT]); mounts.append(SYSROOT)
    run(["mount", "--bind", SYSROOT + "/usr", SYSROOT + "/usr"])
    run(["mount", "--bind", "-o", "remount,ro", SYSROOT + "/usr", SYSROOT + "/usr"]); mounts.append(SYSROOT + "/usr")
    for api in ("/dev", "/proc", "/run", "/sys"):
        run(["mount", "--rbind", api, SYSROOT + api]); mounts.append(SYSROOT + api)
    var = f"{PHYSROOT}/ostree/deploy/{stateroot_of(oc)}/var"
    run(["mount", "--bind", var, SYSROOT + "/var"]); mounts.append(SYSROOT + "/var")
    for sub in ("/var/lib", "/var/home", "/var/roothome", "/var/opt", "/var/srv", "/var/usrlocal", "/var/mnt",
                "/var/spool/mail"):
        os.makedirs(SYSROOT + sub, exist_ok=True)
    os.chmod(SYSROOT + "/var/roothome", 0o700)
    run(["mount", "--bind", PHYSROOT + "/boot", SYSROOT + "/boot"]); mounts.append(SYSROOT + "/boot")
    if os.path.ismount(PHYSROOT + "/boot/efi"):
        os.makedirs(SYSROOT + "/boot/efi", exist_ok=True)
        run(["mount", "--bind", PHYSROOT + "/boot/efi", SYSROOT + "/boot/efi"]); mounts.append(SYSROOT + "/boot/efi")
    run(["mount", "--bind", PHYSROOT, SYSROOT + "/sysroot"]); mounts.append(SYSROOT + "/sysroot")
    return mounts


def install_bootloader(ks, lay):
    logs.progress("Installing boot loader")
    updates = SYSROOT + "/usr/lib/bootupd/updates/EFI"
    if not os.path.isdir(updates):
        raise BootloaderError("failed to write boot loader configuration: the image has no /usr/lib/bootupd/updates/EFI")
    esp = PHYSROOT + "/boot/efi"
    # bootupctl backend install: copy the update payload onto the ESP.
    run(["cp", "-r", "--no-preserve=mode,ownership", updates, esp + "/"])
    boot_uuid = lay.uuids.get("/boot")
    if not boot_uuid:
        raise BootloaderError("failed to write boot loader configuration: no /boot partition")
    stub = (f"search --no-floppy --fs-uuid --set=root {boot_uuid}\n"
            "set prefix=($root)/grub\nconfigfile $prefix/grub.cfg\n")
    for vendor in os.listdir(esp + "/EFI"):
        if os.path.isdir(f"{esp}/EFI/{vendor}"):
            with open(f"{esp}/EFI/{vendor}/grub.cfg", "w") as f:
                f.write(stub)
            logs.log("anaconda", "INFO", "anaconda.modules.storage.bootloader", f"wrote stub {esp}/EFI/{vendor}/grub.cfg (/boot UUID {boot_uuid})")
    # grub on /boot: the menu lives in loader/grub.cfg (swapped atomically by ostree).
    os.makedirs(PHYSROOT + "/boot/grub", exist_ok=True)
    link = PHYSROOT + "/boot/grub/grub.cfg"
    if not os.path.lexists(link):
        os.symlink("../loader/grub.cfg", link)
    env = PHYSROOT + "/boot/grub/grubenv"
    if not os.path.exists(env):
        with open(env, "w") as f:
            f.write(("# GRUB Environment Block\n" + "#" * 1024)[:1024])
    repo = PHYSROOT + "/ostree/repo"
    run(["ostree", "config", f"--repo={repo}", "set", "sysroot.bootloader", "grub2"])
    # ConfigureBootloader._set_kargs: inside the deployment, with the image's own ostree and
    # generator (the image points OSTREE_GRUB2_EXEC at it).
    kargs = []
    if lay.luks_uuid:
        kargs.append(f"rd.luks.uuid=luks-{lay.luks_uuid}")
    if ks.bootloader is not None and ks.bootloader.append:
        kargs += ks.bootloader.append.split()
    kargs.append(f"root=UUID={lay.uuids['/']}")
    if ks.lang:
        pass
    kargs.append("rw")
    if not os.path.exists(SYSROOT + GENERATOR):
        raise BootloaderError(f"failed to write boot loader configuration: the image has no {GENERATOR}")
    run(["ostree", "admin", "instutil", "set-kargs", "--merge"] + kargs, root=SYSROOT,
        env={"OSTREE_GRUB2_EXEC": GENERATOR})
    menus = glob.glob(PHYSROOT + "/boot/loader/grub.cfg")
    if not menus or "menuentry" not in open(menus[0]).read():
        raise BootloaderError("failed to write boot loader configuration: no grub menu entry was generated")
    if ks.bootloader is not None and ks.bootloader.timeout is not None:
        cfg = os.path.realpath(PHYSROOT + "/boot/loader/grub.cfg")
        text = open(cfg).read()
        import re
        text = re.sub(r"^set timeout=\d+", f"set timeout={ks.bootloader.timeout}", text, count=1, flags=re.M)
        with open(cfg, "w") as f:
            f.write(text)
