"""Unit tests of the installer's kickstart parser (run: PYTHONDONTWRITEBYTECODE=1 python3 -m unittest discover -s vms/installer/dev/tests)."""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ inside the recipe (it would change the recipe hash)
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "rootfs", "usr", "lib", "veilorqa-anaconda"))
from pyanaconda_standin import kickstart  # noqa: E402

VEILOR = """# veilor-shaped
text
lang en_US.UTF-8
keyboard --vckeymap=us
timezone Etc/UTC --utc
network --bootproto=dhcp --device=link --activate --hostname=veilor
ignoredisk --only-use=vda
zerombr
clearpart --all --initlabel --drives=vda
part /boot/efi --fstype=efi --size=600
part /boot --fstype=ext4 --size=1024
part / --fstype=btrfs --size=3000 --grow --encrypted --luks-version=luks2 --passphrase="s3cret pass"
bootloader --timeout=1 --append="quiet \\
  splash"
ostreecontainer --url=10.0.2.2:5000/veilor/os@sha256:abc --transport=registry --stateroot=veilor --remote=veilor --no-signature-verification
rootpw --lock
user --name=qa --groups=wheel --password=$6$x --iscrypted
sshkey --username=root "ssh-ed25519 AAAA qa@host"
poweroff

%pre --log=/tmp/pre.log
echo pre   # not a kickstart comment inside a script
%end

%post --nochroot --erroronfail --interpreter=/bin/bash
cp /tmp/*.log /mnt/sysroot/var/log/
%end

%onerror
echo failed
%end
"""


class KickstartParserTests(unittest.TestCase):
    def test_veilors_kickstart_parses_into_every_honoured_command(self):
        ks = kickstart.parse(VEILOR)
        self.assertEqual(ks.mode, "text")
        self.assertEqual(ks.lang, "en_US.UTF-8")
        self.assertEqual(ks.keyboard, "us")
        self.assertEqual(ks.timezone, "Etc/UTC")
        self.assertEqual(ks.networks[0].hostname, "veilor")
        self.assertTrue(ks.networks[0].activate)
        self.assertEqual(ks.ignoredisk.only_use, "vda")
        self.assertTrue(ks.zerombr and ks.clearpart.all and ks.clearpart.initlabel)
        root = [p for p in ks.partitions if p.mountpoint == "/"][0]
        self.assertEqual((root.fstype, root.size, root.grow, root.encrypted, root.luks_version, root.passphrase),
                         ("btrfs", 3000, True, True, "luks2", "s3cret pass"))
        self.assertEqual(ks.bootloader.append, "quiet splash")
        oc = ks.ostreecontainer
        self.assertEqual((oc.url, oc.transport, oc.stateroot, oc.remote, oc.no_sig),
                         ("10.0.2.2:5000/veilor/os@sha256:abc", "registry", "veilor", "veilor", True))
        self.assertTrue(ks.rootpw.lock)
        self.assertEqual(ks.users[0].groups, "wheel")
        self.assertEqual(ks.sshkeys[0].key, "ssh-ed25519 AAAA qa@host")
        self.assertEqual(ks.end_action, "poweroff")
        pre, post, onerror = ks.scripts
        self.assertEqual((pre.kind, pre.log, pre.chroot), ("pre", "/tmp/pre.log", False))
        self.assertIn("# not a kickstart comment", pre.body)
        self.assertEqual((post.chroot, post.error_on_fail, post.interpreter), (False, True, "/bin/bash"))
        self.assertEqual(onerror.kind, "onerror")

    def assertRefused(self, text, lineno, fragment):
        with self.assertRaises(kickstart.KickstartParseError) as ctx:
            kickstart.parse(text)
        self.assertEqual(ctx.exception.lineno, lineno)
        self.assertTrue(str(ctx.exception).startswith(
            f"The following problem occurred on line {lineno} of the kickstart file:"), str(ctx.exception))
        self.assertIn(fragment, str(ctx.exception))

    def test_an_unknown_command_is_refused_with_its_line(self):
        self.assertRefused(VEILOR.replace("zerombr\n", "zerombr\nfirewall --enabled\n"), 9, "Unknown command: firewall")

    def test_an_unknown_option_is_refused_with_its_line(self):
        self.assertRefused(VEILOR.replace("part /boot --fstype=ext4", "part /boot --frobnicate --fstype=ext4"), 11,
                           "Unexpected arguments to part command")

    def test_an_unsupported_file_system_is_refused(self):
        self.assertRefused(VEILOR.replace("--fstype=btrfs", "--fstype=ntfs"), 12, "--fstype=ntfs is not supported")

    def test_a_section_without_end_is_refused_at_its_header(self):
        self.assertRefused(VEILOR.rsplit("%end", 1)[0], VEILOR.splitlines().index("%onerror") + 1,
                           "Section %onerror does not end with %end.")

    def test_packages_is_refused(self):
        self.assertRefused(VEILOR + "%packages\n@core\n%end\n", len(VEILOR.splitlines()) + 1,
                           "Unknown kickstart section: %packages")

    def test_an_unknown_transport_is_refused(self):
        self.assertRefused(VEILOR.replace("--transport=registry", "--transport=ftp"), 15, "ostreecontainer")

    def test_a_continued_line_keeps_its_first_line_number(self):
        text = VEILOR.replace('bootloader --timeout=1 --append="quiet \\\n  splash"', 'bootloader --timeout=1 \\\n  --bogus')
        self.assertRefused(text, 13, "Unexpected arguments to bootloader command")

    def test_a_kickstart_without_ostreecontainer_is_refused(self):
        text = "\n".join(l for l in VEILOR.splitlines() if not l.startswith("ostreecontainer"))
        with self.assertRaises(kickstart.KickstartParseError):
            kickstart.parse(text)


if __name__ == "__main__":
    unittest.main()
