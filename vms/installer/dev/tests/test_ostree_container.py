"""Unit tests of ostree-container's layer application (OCI whiteouts) and reshaping, on a small
OCI layout written by vms/reference/oci-image.py (needs tar and zstd on the host)."""
import importlib.machinery
import importlib.util
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ inside the recipe (it would change the recipe hash)
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAM = os.path.join(HERE, "..", "..", "rootfs", "usr", "libexec", "veilorqa", "ostree-container")
OCI_IMAGE = os.path.join(HERE, "..", "..", "..", "reference", "oci-image.py")
loader = importlib.machinery.SourceFileLoader("ostree_container", PROGRAM)
spec = importlib.util.spec_from_loader("ostree_container", loader)
oc = importlib.util.module_from_spec(spec)
loader.exec_module(oc)


def write(root, rel, text="x"):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


class OstreeContainerLayerTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()

    def tearDown(self):
        subprocess.run(["rm", "-rf", self.tmp])

    def layer(self, name, files):
        tree = os.path.join(self.tmp, name)
        os.makedirs(tree)
        for rel, text in files.items():
            if text is None:
                os.makedirs(os.path.join(tree, rel), exist_ok=True)
            else:
                write(tree, rel, text)
        tar = os.path.join(self.tmp, name + ".tar")
        subprocess.run(["tar", "-C", tree, "-cf", tar, "."], check=True)
        return tar

    def image(self, layers):
        layout = os.path.join(self.tmp, "image")
        subprocess.run(["python3", OCI_IMAGE, "--layout", layout, "--tag", "1", "--version", "1",
                        "--label", "containers.bootc=1"] + layers, check=True, stdout=subprocess.DEVNULL)
        return layout

    def test_layers_apply_in_order_with_whiteouts_and_opaque_directories(self):
        l1 = self.layer("l1", {"etc/keep": "1", "etc/gone": "1", "usr/share/opq/old": "1", "usr/share/opq/old2": "1",
                               "usr/lib/modules/6.1/vmlinuz": "k", "usr/lib/modules/6.1/initramfs.img": "i",
                               "var/lib/state": "s"})
        l2 = self.layer("l2", {"etc/.wh.gone": "", "etc/keep": "2", "usr/share/opq/.wh..wh..opq": "",
                               "usr/share/opq/new": "n"})
        layout = self.image([l1, l2])
        manifest, config = oc.read_layout(layout)
        self.assertEqual(config["config"]["Labels"]["containers.bootc"], "1")
        root = os.path.join(self.tmp, "rootfs")
        os.makedirs(root)
        oc.apply_layers(layout, manifest, root)
        self.assertEqual(open(os.path.join(root, "etc/keep")).read(), "2")
        self.assertFalse(os.path.lexists(os.path.join(root, "etc/gone")), "whiteout removes the lower file")
        self.assertFalse(os.path.lexists(os.path.join(root, "etc/.wh.gone")), "markers do not stay in the tree")
        self.assertEqual(sorted(os.listdir(os.path.join(root, "usr/share/opq"))), ["new"],
                         "an opaque directory keeps only its own layer's entries")
        var = os.path.join(self.tmp, "stateroot-var")
        kvers = oc.reshape_for_ostree(root, var)
        self.assertEqual(kvers, ["6.1"])
        self.assertTrue(os.path.exists(os.path.join(root, "usr/etc/keep")), "/etc moves to /usr/etc")
        self.assertFalse(os.path.exists(os.path.join(root, "etc")))
        self.assertEqual(os.listdir(os.path.join(root, "var")), [], "/var is empty in the commit")
        self.assertEqual(open(os.path.join(var, "lib/state")).read(), "s", "/var seeds the stateroot")

    def test_an_image_without_a_kernel_is_not_bootable(self):
        layout = self.image([self.layer("l1", {"etc/os-release": "x"})])
        manifest, _ = oc.read_layout(layout)
        root = os.path.join(self.tmp, "rootfs")
        os.makedirs(root)
        oc.apply_layers(layout, manifest, root)
        with self.assertRaises(oc.ContainerError) as ctx:
            oc.reshape_for_ostree(root, None)
        self.assertIn("no kernel in /usr/lib/modules", str(ctx.exception))

    def test_origin_references_are_unverified_like_ostree_ext(self):
        self.assertEqual(oc.origin_reference("registry", "10.0.2.2:5000/a/b@sha256:1"),
                         "ostree-unverified-registry:10.0.2.2:5000/a/b@sha256:1")
        self.assertEqual(oc.origin_reference("oci", "/x:1"), "ostree-unverified-image:oci:/x:1")

    def test_registry_credentials_come_from_the_first_ostree_auth_file(self):
        self.assertEqual(oc.auth_args([os.path.join(self.tmp, "none.json")]), [])
        creds = os.path.join(self.tmp, "auth.json")
        write(self.tmp, "auth.json", "{}")
        self.assertEqual(oc.auth_args([os.path.join(self.tmp, "none.json"), creds]), ["--authfile", creds])

    def test_skopeo_errors_lose_their_log_prefix(self):
        self.assertEqual(oc.skopeo_error('time="2024" level=fatal msg="pinging container registry: refused"\n'),
                         "pinging container registry: refused")
        self.assertEqual(oc.skopeo_error("FATA[0000] manifest unknown"), "manifest unknown")
        captured = ('time="2026-12-02T15:57:24Z" level=fatal msg="Error parsing image name \\"docker://10.0.2.2:1/r@sha256:9\\": '
                    'pinging container registry 10.0.2.2:1: Get \\"http://10.0.2.2:1/v2/\\": dial tcp 10.0.2.2:1: connect: connection refused"')
        self.assertEqual(oc.skopeo_error(captured), 'pinging container registry 10.0.2.2:1: Get "http://10.0.2.2:1/v2/": '
                         "dial tcp 10.0.2.2:1: connect: connection refused")


if __name__ == "__main__":
    unittest.main()
