#!/usr/bin/env python3
"""Writes a bootc-shaped OCI image into an OCI image layout (a folder skopeo reads as
`oci:DIR:TAG`), from uncompressed layer tarballs.

Why a script and not umoci/buildah: the reference build runs without mount, loop or a container
engine, and the image must be byte-for-byte what the build's tree is (ownership, xattrs,
hard links kept by GNU tar). Layers are stored zstd-compressed (application/vnd.oci.image.layer.v1.tar+zstd;
skopeo 1.9 and the registry carry them as-is; the installer decompresses with zstd, several times
faster than gzip in a TCG guest).

Usage:
  oci-image.py --layout DIR --tag TAG --version V [--base-tag TAG] [--label K=V ...] LAYER.tar ...
    Adds LAYER.tar(s) on top of --base-tag's layers (or on nothing) and tags the result TAG.
    Prints the manifest digest (sha256:...) on stdout.
  oci-image.py --self-test
"""
import argparse
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+zstd"
CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json"
MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json"
INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json"
REF_NAME = "org.opencontainers.image.ref.name"


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return "sha256:" + h.hexdigest()


def write_blob(layout, data):
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    path = os.path.join(layout, "blobs", "sha256", digest.split(":", 1)[1])
    if not os.path.exists(path):
        with open(path + ".tmp", "wb") as f:
            f.write(data)
        os.replace(path + ".tmp", path)
    return digest, len(data)


def read_blob(layout, digest):
    with open(os.path.join(layout, "blobs", "sha256", digest.split(":", 1)[1]), "rb") as f:
        return f.read()


def add_layer(layout, tar_path):
    """Compresses one tarball into the layout; returns (descriptor, diff_id)."""
    diff_id = sha256_file(tar_path)
    blobs = os.path.join(layout, "blobs", "sha256")
    fd, tmp = tempfile.mkstemp(dir=blobs, prefix=".layer-")
    os.close(fd)
    subprocess.run(["zstd", "-q", "-f", "-T0", "-3", tar_path, "-o", tmp], check=True)
    digest = sha256_file(tmp)
    size = os.path.getsize(tmp)
    os.replace(tmp, os.path.join(blobs, digest.split(":", 1)[1]))
    return {"mediaType": LAYER_MEDIA_TYPE, "digest": digest, "size": size}, diff_id


def load_index(layout):
    path = os.path.join(layout, "index.json")
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    return {"schemaVersion": 2, "mediaType": INDEX_MEDIA_TYPE, "manifests": []}


def find_tag(index, tag):
    for m in index["manifests"]:
        if m.get("annotations", {}).get(REF_NAME) == tag:
            return m
    return None


def build(layout, tag, version, base_tag, labels, layers, created):
    os.makedirs(os.path.join(layout, "blobs", "sha256"), exist_ok=True)
    oci_layout = os.path.join(layout, "oci-layout")
    if not os.path.exists(oci_layout):
        with open(oci_layout, "w") as f:
            json.dump({"imageLayoutVersion": "1.0.0"}, f)
    index = load_index(layout)
    if base_tag is not None:
        base = find_tag(index, base_tag)
        if base is None:
            raise SystemExit(f"oci-image.py: no tag '{base_tag}' in {layout}")
        base_manifest = json.loads(read_blob(layout, base["digest"]))
        base_config = json.loads(read_blob(layout, base_manifest["config"]["digest"]))
        descriptors = list(base_manifest["layers"])
        diff_ids = list(base_config["rootfs"]["diff_ids"])
        history = list(base_config.get("history", []))
        config_labels = dict(base_config.get("config", {}).get("Labels", {}))
    else:
        descriptors, diff_ids, history, config_labels = [], [], [], {}
    for tar_path in layers:
        desc, diff_id = add_layer(layout, tar_path)
        descriptors.append(desc)
        diff_ids.append(diff_id)
        history.append({"created": created, "created_by": f"veilorqa reference build: {os.path.basename(tar_path)}"})
    config_labels.update(labels)
    config_labels["org.opencontainers.image.version"] = version
    config = {
        "created": created,
        "architecture": "amd64",
        "os": "linux",
        "config": {"Labels": config_labels, "Cmd": ["/sbin/init"]},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": history,
    }
    config_digest, config_size = write_blob(layout, json.dumps(config, sort_keys=True).encode())
    manifest = {
        "schemaVersion": 2,
        "mediaType": MANIFEST_MEDIA_TYPE,
        "config": {"mediaType": CONFIG_MEDIA_TYPE, "digest": config_digest, "size": config_size},
        "layers": descriptors,
        "annotations": {"org.opencontainers.image.version": version, "org.opencontainers.image.created": created},
    }
    manifest_digest, manifest_size = write_blob(layout, json.dumps(manifest, sort_keys=True).encode())
    index["manifests"] = [m for m in index["manifests"] if m.get("annotations", {}).get(REF_NAME) != tag]
    index["manifests"].append({
        "mediaType": MANIFEST_MEDIA_TYPE, "digest": manifest_digest, "size": manifest_size,
        "annotations": {REF_NAME: tag},
    })
    with open(os.path.join(layout, "index.json.tmp"), "w") as f:
        json.dump(index, f, sort_keys=True)
    os.replace(os.path.join(layout, "index.json.tmp"), os.path.join(layout, "index.json"))
    return manifest_digest


def self_test():
    """Builds a two-tag layout from tiny trees and checks what a reader relies on."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "tree")
        os.makedirs(os.path.join(tree, "etc"))
        with open(os.path.join(tree, "etc", "hello"), "w") as f:
            f.write("1\n")
        t1, t2 = os.path.join(tmp, "l1.tar"), os.path.join(tmp, "l2.tar")
        subprocess.run(["tar", "-C", tree, "-cf", t1, "."], check=True)
        with open(os.path.join(tree, "etc", "hello"), "w") as f:
            f.write("2\n")
        subprocess.run(["tar", "-C", tree, "-cf", t2, "./etc/hello"], check=True)
        layout = os.path.join(tmp, "image")
        d1 = build(layout, "1", "1", None, {"containers.bootc": "1"}, [t1], "2024-01-01T00:00:00Z")
        d2 = build(layout, "2", "2", "1", {}, [t2], "2024-01-01T00:00:00Z")
        index = load_index(layout)
        assert find_tag(index, "1")["digest"] == d1 and find_tag(index, "2")["digest"] == d2
        m1 = json.loads(read_blob(layout, d1)); m2 = json.loads(read_blob(layout, d2))
        assert m2["layers"][:1] == m1["layers"] and len(m2["layers"]) == 2, "v2 = v1's layers + one"
        c2 = json.loads(read_blob(layout, m2["config"]["digest"]))
        assert c2["config"]["Labels"] == {"containers.bootc": "1", "org.opencontainers.image.version": "2"}
        assert c2["rootfs"]["diff_ids"][1] == sha256_file(t2)
        for m in (m1, m2):
            for layer in m["layers"]:
                assert sha256_file(os.path.join(layout, "blobs", "sha256", layer["digest"][7:])) == layer["digest"]
        if shutil.which("skopeo"):
            subprocess.run(["skopeo", "inspect", f"oci:{layout}:2"], check=True, stdout=subprocess.DEVNULL)
    print("oci-image.py: self-test passed")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--layout")
    p.add_argument("--tag")
    p.add_argument("--version")
    p.add_argument("--base-tag")
    p.add_argument("--label", action="append", default=[])
    p.add_argument("--created", default=None, help="RFC 3339 time; default now (UTC)")
    p.add_argument("--self-test", action="store_true")
    p.add_argument("layers", nargs="*")
    a = p.parse_args()
    if a.self_test:
        self_test()
        return
    if not (a.layout and a.tag and a.version and a.layers):
        p.error("--layout, --tag, --version and at least one layer are required")
    labels = {}
    for kv in a.label:
        if "=" not in kv:
            p.error(f"--label '{kv}' is not KEY=VALUE")
        k, v = kv.split("=", 1)
        labels[k] = v
    created = a.created or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    print(build(a.layout, a.tag, a.version, a.base_tag, labels, a.layers, created))


if __name__ == "__main__":
    main()
