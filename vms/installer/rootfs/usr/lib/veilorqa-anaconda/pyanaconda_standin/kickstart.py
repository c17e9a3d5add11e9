"""Kickstart parser for the subset of pykickstart (F38+) that veilor's install kickstart uses.

Everything outside the subset is refused the way pykickstart refuses it: a KickstartParseError
whose text starts "The following problem occurred on line N of the kickstart file:" and names the
offending line. Comments (`#` outside quotes), blank lines and backslash line continuation are
handled like pykickstart (shlex with comments); the line number of a continued command is its
first line.
"""
import argparse
import shlex


class KickstartParseError(Exception):
    def __init__(self, lineno, msg):
        self.lineno = lineno
        self.msg = msg
        super().__init__(
            f"The following problem occurred on line {lineno} of the kickstart file:\n\n{msg}\n")


class Script:
    def __init__(self, kind, lineno, args):
        self.kind = kind          # "pre", "post", "onerror"
        self.lineno = lineno      # line of the %pre/%post/%onerror header
        self.body = ""
        self.interpreter = "/bin/sh"
        self.chroot = kind == "post"
        self.error_on_fail = False
        self.log = None
        p = _Parser(f"%{kind}", lineno)
        p.add_argument("--interpreter")
        p.add_argument("--log", "--logfile", dest="log")
        p.add_argument("--erroronfail", action="store_true")
        if kind == "post":
            p.add_argument("--nochroot", action="store_true")
        ns = p.parse(args)
        if ns.interpreter:
            self.interpreter = ns.interpreter
        self.log = ns.log
        self.error_on_fail = ns.erroronfail
        if kind == "post" and ns.nochroot:
            self.chroot = False


class _Parser(argparse.ArgumentParser):
    """argparse that raises KickstartParseError like pykickstart's KSOptionParser."""

    def __init__(self, command, lineno):
        super().__init__(prog=command, add_help=False, allow_abbrev=False)
        self.command = command
        self.lineno = lineno

    def error(self, message):
        raise KickstartParseError(self.lineno, f"{self.command}: {message}")

    def parse(self, args, positional_ok=0):
        ns, extra = self.parse_known_args(args)
        unknown = [a for a in extra if a.startswith("-")]
        if unknown or len(extra) > positional_ok:
            raise KickstartParseError(
                self.lineno, f"Unexpected arguments to {self.command} command: {extra!r}")
        ns._positional = extra
        return ns


def _size(value):
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid size '{value}' (MiB expected)")
    if n < 0:
        raise argparse.ArgumentTypeError(f"invalid size '{value}'")
    return n


class Partition:
    def __init__(self, lineno, mountpoint, ns):
        self.lineno = lineno
        self.mountpoint = mountpoint
        self.fstype = ns.fstype
        self.size = ns.size
        self.grow = ns.grow
        self.maxsize = ns.maxsize
        self.ondisk = ns.ondisk
        self.encrypted = ns.encrypted
        self.luks_version = ns.luks_version or "luks2"
        self.passphrase = ns.passphrase
        self.label = ns.label
        self.pbkdf = ns.pbkdf
        self.pbkdf_memory = ns.pbkdf_memory
        self.pbkdf_iterations = ns.pbkdf_iterations
        self.pbkdf_time = ns.pbkdf_time
        self.fsoptions = ns.fsoptions


class Kickstart:
    """Parsed data. Attributes are None/empty when the command is absent."""

    def __init__(self):
        self.mode = None            # "text" | "cmdline" | "graphical"
        self.lang = None
        self.keyboard = None
        self.timezone = None
        self.networks = []
        self.zerombr = False
        self.clearpart = None
        self.ignoredisk = None
        self.partitions = []
        self.bootloader = None
        self.ostreecontainer = None
        self.rootpw = None
        self.users = []
        self.sshkeys = []
        self.end_action = None      # "reboot" | "poweroff" | "halt" | "shutdown"
        self.end_eject = False
        self.scripts = []
        self.lines = []

    def scripts_of(self, kind):
        return [s for s in self.scripts if s.kind == kind]


SECTION_KINDS = ("pre", "post", "onerror")
REFUSED_SECTIONS = ("packages", "traceback", "pre-install", "addon", "anaconda", "include", "ksappend")


def parse(text):
    ks = Kickstart()
    raw = text.splitlines()
    ks.lines = raw
    i = 0
    seen = set()
    while i < len(raw):
        lineno = i + 1
        line = raw[i]
        i += 1
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        # Line continuation: a trailing backslash joins the next line.
        while stripped.endswith("\\") and i < len(raw):
            stripped = stripped[:-1] + raw[i].strip()
            i += 1
        if stripped.startswith("%"):
            try:
                words = shlex.split(stripped, comments=True)
            except ValueError as e:
                raise KickstartParseError(lineno, str(e))
            header = words[0][1:]
            if header == "end":
                raise KickstartParseError(lineno, "Unexpected %end outside a section.")
            if header in REFUSED_SECTIONS or header not in SECTION_KINDS:
                raise KickstartParseError(lineno, f"Unknown kickstart section: %{header}")
            script = Script(header, lineno, words[1:])
            body = []
            while True:
                if i >= len(raw):
                    raise KickstartParseError(lineno, f"Section %{header} does not end with %end.")
                l = raw[i]
                i += 1
                if l.strip() == "%end":
                    break
                if l.strip().startswith("%") and l.strip().split()[0][1:] in SECTION_KINDS + REFUSED_SECTIONS:
                    raise KickstartParseError(lineno, f"Section %{header} does not end with %end.")
                body.append(l)
            script.body = "\n".join(body) + "\n"
            ks.scripts.append(script)
            continue
        try:
            words = shlex.split(stripped, comments=True)
        except ValueError as e:
            raise KickstartParseError(lineno, f"Invalid quoting: {e}")
        if not words:
            continue
        _command(ks, lineno, words[0], words[1:], seen)
    _validate(ks)
    return ks


def _command(ks, lineno, cmd, args, seen):
    def parser():
        return _Parser(cmd, lineno)

    single = ("text", "cmdline", "graphical", "lang", "keyboard", "timezone", "zerombr", "clearpart",
              "ignoredisk", "bootloader", "ostreecontainer", "rootpw", "reboot", "poweroff", "halt",
              "shutdown")
    if cmd in single and cmd in seen and cmd not in ("reboot", "poweroff", "halt", "shutdown"):
        pass  # pykickstart: a repeated single command overrides the earlier one (with a warning)
    seen.add(cmd)
    if cmd in ("text", "cmdline", "graphical"):
        p = parser()
        if cmd == "text":
            p.add_argument("--non-interactive", action="store_true")
        p.parse(args)
        ks.mode = cmd
    elif cmd == "lang":
        p = parser(); p.add_argument("--addsupport")
        ns = p.parse(args, positional_ok=1)
        if len(ns._positional) != 1:
            raise KickstartParseError(lineno, "Kickstart command lang requires one argument")
        ks.lang = ns._positional[0]
    elif cmd == "keyboard":
        p = parser(); p.add_argument("--vckeymap"); p.add_argument("--xlayouts"); p.add_argument("--switch")
        ns = p.parse(args, positional_ok=1)
        ks.keyboard = ns.vckeymap or (ns.xlayouts or "").split(",")[0] or (ns._positional[0] if ns._positional else None)
        if not ks.keyboard:
            raise KickstartParseError(lineno, "One of --xlayouts, --vckeymap options with value must be specified")
    elif cmd == "timezone":
        p = parser(); p.add_argument("--utc", "--isUtc", action="store_true"); p.add_argument("--nontp", action="store_true")
        p.add_argument("--ntpservers")
        ns = p.parse(args, positional_ok=1)
        if len(ns._positional) != 1:
            raise KickstartParseError(lineno, "A single argument is expected for the timezone command")
        ks.timezone = ns._positional[0]
    elif cmd == "network":
        p = parser()
        p.add_argument("--bootproto", choices=["dhcp", "static", "bootp", "ibft", "query"])
        p.add_argument("--activate", action="store_true")
        p.add_argument("--no-activate", dest="activate", action="store_false")
        p.add_argument("--device")
        p.add_argument("--hostname")
        p.add_argument("--onboot")
        p.add_argument("--noipv6", action="store_true")
        p.add_argument("--ipv6")
        ns = p.parse(args)
        if ns.bootproto not in (None, "dhcp"):
            raise KickstartParseError(lineno, f"network --bootproto={ns.bootproto} is not supported by this installer (dhcp only)")
        ns.lineno = lineno
        ks.networks.append(ns)
    elif cmd == "zerombr":
        parser().parse(args)
        ks.zerombr = True
    elif cmd == "clearpart":
        p = parser()
        p.add_argument("--all", action="store_true")
        p.add_argument("--none", action="store_true")
        p.add_argument("--initlabel", action="store_true")
        p.add_argument("--drives")
        p.add_argument("--list")
        p.add_argument("--disklabel", choices=["gpt", "msdos"])
        ks.clearpart = p.parse(args)
    elif cmd == "ignoredisk":
        p = parser(); p.add_argument("--only-use", dest="only_use"); p.add_argument("--drives")
        ns = p.parse(args)
        if ns.only_use and ns.drives:
            raise KickstartParseError(lineno, "Only one of --drives and --only-use may be specified for ignoredisk command.")
        if not ns.only_use and not ns.drives:
            raise KickstartParseError(lineno, "One of --drives or --only-use must be specified for ignoredisk command.")
        ks.ignoredisk = ns
    elif cmd in ("part", "partition"):
        p = parser()
        p.add_argument("--fstype")
        p.add_argument("--size", type=_size)
        p.add_argument("--grow", action="store_true")
        p.add_argument("--maxsize", type=_size)
        p.add_argument("--ondisk", "--ondrive", dest="ondisk")
        p.add_argument("--encrypted", action="store_true")
        p.add_argument("--luks-version", dest="luks_version", choices=["luks1", "luks2"])
        p.add_argument("--passphrase")
        p.add_argument("--label")
        p.add_argument("--fsoptions")
        p.add_argument("--pbkdf", choices=["argon2id", "argon2i", "pbkdf2"])
        p.add_argument("--pbkdf-memory", dest="pbkdf_memory", type=int)
        p.add_argument("--pbkdf-iterations", dest="pbkdf_iterations", type=int)
        p.add_argument("--pbkdf-time", dest="pbkdf_time", type=int)
        ns = p.parse(args, positional_ok=1)
        if len(ns._positional) != 1:
            raise KickstartParseError(lineno, "Mount point required for part")
        mnt = ns._positional[0]
        if mnt not in ("/", "/boot", "/boot/efi"):
            raise KickstartParseError(lineno, f"part {mnt}: only /, /boot and /boot/efi are supported by this installer")
        if ns.fstype is None:
            ns.fstype = "efi" if mnt == "/boot/efi" else "xfs" if mnt == "/" else "ext4"
        allowed = {"/boot/efi": ("efi",), "/boot": ("ext4", "xfs"), "/": ("ext4", "xfs", "btrfs")}[mnt]
        if ns.fstype not in allowed:
            raise KickstartParseError(lineno, f"part {mnt}: --fstype={ns.fstype} is not supported (use {'|'.join(allowed)})")
        if ns.encrypted and mnt != "/":
            raise KickstartParseError(lineno, f"part {mnt}: --encrypted is supported only for /")
        if mnt in [x.mountpoint for x in ks.partitions]:
            raise KickstartParseError(lineno, f"The mount point \"{mnt}\" is already in use.")
        ks.partitions.append(Partition(lineno, mnt, ns))
    elif cmd == "bootloader":
        p = parser()
        p.add_argument("--timeout", type=int)
        p.add_argument("--append")
        p.add_argument("--location", choices=["mbr", "partition", "none", "boot"])
        p.add_argument("--boot-drive", dest="boot_drive")
        p.add_argument("--driveorder")
        ks.bootloader = p.parse(args)
    elif cmd == "ostreecontainer":
        p = parser()
        p.add_argument("--url")
        p.add_argument("--transport", choices=["registry", "oci", "oci-archive"])
        p.add_argument("--stateroot")
        p.add_argument("--remote")
        p.add_argument("--no-signature-verification", dest="no_sig", action="store_true")
        ns = p.parse(args)
        if not ns.url:
            raise KickstartParseError(lineno, "ostreecontainer: the following arguments are required: --url")
        ns.lineno = lineno
        ks.ostreecontainer = ns
    elif cmd == "rootpw":
        p = parser()
        p.add_argument("--iscrypted", action="store_true")
        p.add_argument("--plaintext", dest="iscrypted", action="store_false")
        p.add_argument("--lock", action="store_true")
        p.add_argument("--allow-ssh", dest="allow_ssh", action="store_true")
        ns = p.parse(args, positional_ok=1)
        if not ns._positional and not ns.lock:
            raise KickstartParseError(lineno, "A single argument is expected for the rootpw command")
        ns.password = ns._positional[0] if ns._positional else None
        ks.rootpw = ns
    elif cmd == "user":
        p = parser()
        p.add_argument("--name", required=True)
        p.add_argument("--groups")
        p.add_argument("--password")
        p.add_argument("--iscrypted", action="store_true")
        p.add_argument("--plaintext", dest="iscrypted", action="store_false")
        p.add_argument("--lock", action="store_true")
        p.add_argument("--gecos")
        p.add_argument("--homedir")
        p.add_argument("--shell")
        p.add_argument("--uid", type=int)
        p.add_argument("--gid", type=int)
        ns = p.parse(args)
        ks.users.append(ns)
    elif cmd == "sshkey":
        p = parser(); p.add_argument("--username", required=True)
        ns = p.parse(args, positional_ok=1)
        if len(ns._positional) != 1:
            raise KickstartParseError(lineno, "A single argument is expected for the sshkey command")
        ns.key = ns._positional[0]
        ks.sshkeys.append(ns)
    elif cmd in ("reboot", "poweroff", "halt", "shutdown"):
        p = parser(); p.add_argument("--eject", action="store_true"); p.add_argument("--kexec", action="store_true")
        ns = p.parse(args)
        ks.end_action = cmd
        ks.end_eject = ns.eject
    else:
        raise KickstartParseError(lineno, f"Unknown command: {cmd}")


def _validate(ks):
    if ks.ostreecontainer is None:
        raise KickstartParseError(len(ks.lines) or 1, "No installation source: this installer needs an ostreecontainer command")
    if not any(p.mountpoint == "/" for p in ks.partitions):
        # Anaconda would do automatic partitioning; this installer needs explicit part lines.
        raise KickstartParseError(len(ks.lines) or 1, "No part / line: this installer has no automatic partitioning")
