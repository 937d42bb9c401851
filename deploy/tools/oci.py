#!/usr/bin/env python3
"""Small, dependency-free OCI helpers for deploy/build-image.sh.

Why this exists: the build machines reach NuGet, npm and Debian's archive only, so the .NET SDK cannot
pull its default base image from mcr.microsoft.com. The SDK pulls base images only from a registry
(dotnet/sdk-container-builds#583 and #589 are open for local or offline bases), so build-image.sh
builds a stand-in base image from Debian packages plus the machine's own .NET runtime, serves it
read-only from 127.0.0.1, and lets `dotnet publish /t:PublishContainer` pull it like any registry.

Sub-commands:
  make-base ROOTFS OUTDIR --env K=V ... --label K=V ...
      Pack ROOTFS as one gzip layer and write a single-platform OCI image (linux/amd64) to
      OUTDIR/{blobs/sha256/*, manifest.json}. Deterministic: sorted entries, mtime 0, uid/gid 0.
  serve OUTDIR --repository NAME --tag TAG --port-file FILE
      Serve that image read-only (GET/HEAD of /v2/, manifests and blobs) on 127.0.0.1, ephemeral
      port written to FILE. Pushes are refused. Bound to loopback only.
  verify ARCHIVE --json REPORT [--expect-entrypoint PATH] [--expect-port 8080/tcp] ...
      Check that ARCHIVE (docker-archive or OCI-layout tarball, optionally gzip'd) is well formed:
      every blob referenced exists, layer diff_ids match the uncompressed layer digests, and the
      config carries the expected entrypoint, non-root user, working directory, port, env and labels.
  extract ARCHIVE ROOTFS
      Apply the image's layers in order (honouring .wh. whiteouts) into ROOTFS.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import http.server
import io
import json
import os
import re
import socketserver
import stat
import sys
import tarfile
import threading
from pathlib import Path

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"


def sha256_bytes(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return "sha256:" + h.hexdigest()


def norm(name: str) -> str:
    """Tar member name without a leading './' or '/' (keeps dot-files such as .wh.x intact)."""
    while name.startswith("./"):
        name = name[2:]
    return name.lstrip("/")


def fail(message: str) -> None:
    print(f"oci.py: error: {message}", file=sys.stderr)
    sys.exit(1)


# --------------------------------------------------------------------------------------------------
# make-base
# --------------------------------------------------------------------------------------------------
def _tar_filter(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    info.mtime = 0
    return info


def _add_tree(tar: tarfile.TarFile, root: Path) -> None:
    # Sorted walk so the layer digest is stable for identical input.
    entries = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            entries.append(Path(dirpath) / name)
    for path in sorted(entries, key=lambda p: str(p.relative_to(root))):
        arcname = str(path.relative_to(root))
        tar.add(path, arcname=arcname, recursive=False, filter=_tar_filter)


def make_base(args: argparse.Namespace) -> None:
    rootfs = Path(args.rootfs)
    out = Path(args.outdir)
    blobs = out / "blobs" / "sha256"
    blobs.mkdir(parents=True, exist_ok=True)

    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        _add_tree(tar, rootfs)
    layer_tar = raw.getvalue()
    diff_id = sha256_bytes(layer_tar)
    layer_gz = gzip.compress(layer_tar, compresslevel=6, mtime=0)
    layer_digest = sha256_bytes(layer_gz)
    (blobs / layer_digest.split(":", 1)[1]).write_bytes(layer_gz)

    env = list(args.env or [])
    labels = dict(kv.split("=", 1) for kv in (args.label or []))
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {"Env": env, "Labels": labels},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "deploy/build-image.sh stand-in base"}],
    }
    config_bytes = json.dumps(config, sort_keys=True, separators=(",", ":")).encode()
    config_digest = sha256_bytes(config_bytes)
    (blobs / config_digest.split(":", 1)[1]).write_bytes(config_bytes)

    manifest = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": {"mediaType": OCI_CONFIG, "digest": config_digest, "size": len(config_bytes)},
        "layers": [{"mediaType": OCI_LAYER_GZIP, "digest": layer_digest, "size": len(layer_gz)}],
    }
    manifest_bytes = json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()
    (out / "manifest.json").write_bytes(manifest_bytes)
    print(json.dumps({"manifest": sha256_bytes(manifest_bytes), "layerBytes": len(layer_gz),
                      "layerUncompressedBytes": len(layer_tar)}))


# --------------------------------------------------------------------------------------------------
# serve
# --------------------------------------------------------------------------------------------------
def serve(args: argparse.Namespace) -> None:
    out = Path(args.outdir)
    manifest_bytes = (out / "manifest.json").read_bytes()
    manifest_digest = sha256_bytes(manifest_bytes)
    repo = args.repository.strip("/")
    tag = args.tag
    blob_dir = out / "blobs" / "sha256"

    manifest_re = re.compile(r"^/v2/(?P<name>.+)/manifests/(?P<ref>[^/]+)$")
    blob_re = re.compile(r"^/v2/(?P<name>.+)/blobs/(?P<digest>sha256:[0-9a-f]{64})$")

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "graphnetworker-standin-registry"
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt: str, *a: object) -> None:  # quiet unless asked
            if args.verbose:
                sys.stderr.write("registry: " + (fmt % a) + "\n")

        def _send(self, code: int, body: bytes = b"", headers: dict | None = None) -> None:
            self.send_response(code)
            self.send_header("Docker-Distribution-API-Version", "registry/2.0")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD" and body:
                self.wfile.write(body)

        def _route(self) -> None:
            path = self.path.split("?", 1)[0]
            if path in ("/v2", "/v2/"):
                return self._send(200, b"{}", {"Content-Type": "application/json"})
            m = manifest_re.match(path)
            if m and m.group("name") == repo and m.group("ref") in (tag, manifest_digest):
                return self._send(200, manifest_bytes, {"Content-Type": OCI_MANIFEST,
                                                        "Docker-Content-Digest": manifest_digest})
            m = blob_re.match(path)
            if m and m.group("name") == repo:
                blob = blob_dir / m.group("digest").split(":", 1)[1]
                if blob.is_file():
                    data = blob.read_bytes()
                    return self._send(200, data, {"Content-Type": "application/octet-stream",
                                                  "Docker-Content-Digest": m.group("digest")})
            body = json.dumps({"errors": [{"code": "NAME_UNKNOWN" if not m else "BLOB_UNKNOWN",
                                           "message": "not found"}]}).encode()
            return self._send(404, body, {"Content-Type": "application/json"})

        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            self._route()

        def do_HEAD(self) -> None:  # noqa: N802
            self._route()

        def _refuse(self) -> None:
            self._send(405, b'{"errors":[{"code":"UNSUPPORTED","message":"read-only"}]}',
                       {"Content-Type": "application/json"})

        do_POST = do_PUT = do_PATCH = do_DELETE = _refuse

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        allow_reuse_address = True

    httpd = Server(("127.0.0.1", 0), Handler)
    port = httpd.server_address[1]
    tmp = Path(args.port_file + ".tmp")
    tmp.write_text(str(port))
    tmp.replace(args.port_file)
    if args.max_seconds:
        threading.Timer(args.max_seconds, httpd.shutdown).start()  # never outlive the build
    httpd.serve_forever()


# --------------------------------------------------------------------------------------------------
# reading image archives (docker-archive and OCI layout)
# --------------------------------------------------------------------------------------------------
class Archive:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.tar = tarfile.open(path, mode="r:*")
        self.names = {norm(m.name): m for m in self.tar.getmembers()}

    def read(self, name: str) -> bytes:
        member = self.names.get(norm(name))
        if member is None:
            fail(f"{self.path.name}: missing entry {name}")
        f = self.tar.extractfile(member)
        if f is None:
            fail(f"{self.path.name}: {name} is not a file")
        return f.read()

    def has(self, name: str) -> bool:
        return norm(name) in self.names

    def blob_name(self, digest: str) -> str:
        algo, hexdigest = digest.split(":", 1)
        return f"blobs/{algo}/{hexdigest}"

    def load(self) -> dict:
        """Return {format, config, configBytes, layers:[(name, mediaType)], repoTags}."""
        if self.has("index.json") and self.has("oci-layout"):
            index = json.loads(self.read("index.json"))
            desc = index["manifests"][0]
            mbytes = self.read(self.blob_name(desc["digest"]))
            if sha256_bytes(mbytes) != desc["digest"]:
                fail("manifest digest does not match index.json")
            manifest = json.loads(mbytes)
            if manifest.get("mediaType") in (OCI_INDEX, DOCKER_LIST):
                fail("archive holds an image index; expected a single-platform image")
            cbytes = self.read(self.blob_name(manifest["config"]["digest"]))
            if sha256_bytes(cbytes) != manifest["config"]["digest"]:
                fail("config digest does not match manifest")
            layers = []
            for layer in manifest["layers"]:
                name = self.blob_name(layer["digest"])
                data = self.read(name)
                if sha256_bytes(data) != layer["digest"]:
                    fail(f"layer {layer['digest']} content does not match its digest")
                if len(data) != layer["size"]:
                    fail(f"layer {layer['digest']} size differs from manifest")
                layers.append((name, layer.get("mediaType", "")))
            tags = [d.get("annotations", {}).get("org.opencontainers.image.ref.name", "")
                    for d in index["manifests"]]
            return {"format": "oci-layout", "manifestMediaType": manifest.get("mediaType", ""),
                    "config": json.loads(cbytes), "configBytes": cbytes, "layers": layers, "repoTags": tags}
        if self.has("manifest.json"):
            entries = json.loads(self.read("manifest.json"))
            entry = entries[0]
            cbytes = self.read(entry["Config"])
            layers = [(name, "") for name in entry["Layers"]]
            return {"format": "docker-archive", "manifestMediaType": DOCKER_MANIFEST,
                    "config": json.loads(cbytes), "configBytes": cbytes, "layers": layers,
                    "repoTags": entry.get("RepoTags") or []}
        fail(f"{self.path.name}: neither an OCI layout (index.json + oci-layout) nor a docker archive (manifest.json)")
        raise AssertionError  # unreachable

    def layer_tar(self, name: str) -> tarfile.TarFile:
        data = self.read(name)
        return tarfile.open(fileobj=io.BytesIO(data), mode="r:*")

    def layer_diff_id(self, name: str) -> str:
        data = self.read(name)
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        return sha256_bytes(data)


# --------------------------------------------------------------------------------------------------
# verify
# --------------------------------------------------------------------------------------------------
def verify(args: argparse.Namespace) -> None:
    archive = Archive(Path(args.archive))
    image = archive.load()
    config = image["config"]
    cfg = config.get("config") or {}
    problems: list[str] = []

    diff_ids = (config.get("rootfs") or {}).get("diff_ids") or []
    if len(diff_ids) != len(image["layers"]):
        problems.append(f"config lists {len(diff_ids)} diff_ids but the image has {len(image['layers'])} layers")
    else:
        for (name, _), expected in zip(image["layers"], diff_ids):
            actual = archive.layer_diff_id(name)
            if actual != expected:
                problems.append(f"layer {name}: uncompressed digest {actual} != diff_id {expected}")

    if config.get("os") != "linux" or config.get("architecture") != "amd64":
        problems.append(f"platform is {config.get('os')}/{config.get('architecture')}, expected linux/amd64")

    entrypoint = cfg.get("Entrypoint") or []
    if args.expect_entrypoint:
        # Each --expect-entrypoint is one acceptable command line (space-separated tokens).
        accepted = [e.split() for e in args.expect_entrypoint]
        if not any(entrypoint[: len(a)] == a for a in accepted):
            problems.append(f"entrypoint is {entrypoint}, expected one of {accepted}")

    user = str(cfg.get("User") or "")
    if user in ("", "0", "root") or user.startswith("0:") or user.startswith("root:"):
        problems.append(f"image user is '{user or '<unset: root>'}', expected a non-root user")
    if args.expect_user and user != args.expect_user:
        problems.append(f"image user is '{user}', expected '{args.expect_user}'")

    workdir = str(cfg.get("WorkingDir") or "")
    if args.expect_workdir and (workdir.rstrip("/") or "/") != (args.expect_workdir.rstrip("/") or "/"):
        problems.append(f"working directory is '{cfg.get('WorkingDir')}', expected '{args.expect_workdir}'")

    ports = sorted((cfg.get("ExposedPorts") or {}).keys())
    for port in args.expect_port or []:
        if port not in ports:
            problems.append(f"port {port} is not exposed (exposed: {ports})")

    env = dict(e.split("=", 1) for e in (cfg.get("Env") or []) if "=" in e)
    for kv in args.expect_env or []:
        k, v = kv.split("=", 1)
        if env.get(k) != v:
            problems.append(f"env {k}={env.get(k)!r}, expected {v!r}")

    labels = cfg.get("Labels") or {}
    for key in args.expect_label or []:
        if key not in labels:
            problems.append(f"label {key} is missing")

    app_files: list[str] = []
    for name, _ in image["layers"]:
        with archive.layer_tar(name) as layer:
            for member in layer.getmembers():
                n = norm(member.name)
                if n.startswith("app/"):
                    app_files.append(n)
    for required in args.expect_file or []:
        if required.lstrip("/") not in app_files:
            problems.append(f"file {required} is not in any layer")

    report = {
        "archive": str(archive.path),
        "archiveBytes": archive.path.stat().st_size,
        "format": image["format"],
        "manifestMediaType": image["manifestMediaType"],
        "repoTags": image["repoTags"],
        "layers": len(image["layers"]),
        "entrypoint": entrypoint,
        "cmd": cfg.get("Cmd"),
        "user": user,
        "workingDir": cfg.get("WorkingDir"),
        "exposedPorts": ports,
        "env": {k: v for k, v in env.items() if k != "PATH"},
        "labels": labels,
        "appFiles": len(app_files),
        "problems": problems,
    }
    Path(args.json).write_text(json.dumps(report, indent=2, sort_keys=True))
    print(json.dumps(report, indent=2, sort_keys=True))
    if problems:
        sys.exit(2)


# --------------------------------------------------------------------------------------------------
# extract
# --------------------------------------------------------------------------------------------------
def _safe_join(root: Path, name: str) -> Path:
    rel = norm(name)
    if ".." in Path(rel).parts:
        fail(f"refusing path with '..': {name}")
    return root / rel


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        for child in sorted(path.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            if child.is_symlink() or not child.is_dir():
                child.unlink()
            else:
                child.rmdir()
        path.rmdir()


def extract(args: argparse.Namespace) -> None:
    archive = Archive(Path(args.archive))
    image = archive.load()
    root = Path(args.rootfs)
    root.mkdir(parents=True, exist_ok=True)
    for name, _ in image["layers"]:
        with archive.layer_tar(name) as layer:
            members = layer.getmembers()
            # Whiteouts first (they refer to lower layers), then content.
            for m in members:
                base = os.path.basename(m.name)
                if base == ".wh..wh..opq":
                    d = _safe_join(root, os.path.dirname(m.name))
                    if d.is_dir():
                        for child in list(d.iterdir()):
                            _remove(child)
                elif base.startswith(".wh."):
                    victim = _safe_join(root, os.path.join(os.path.dirname(m.name), base[4:]))
                    if victim.exists() or victim.is_symlink():
                        _remove(victim)
            for m in members:
                if os.path.basename(m.name).startswith(".wh."):
                    continue
                if ".." in Path(m.name).parts or m.name.startswith("/"):
                    fail(f"refusing unsafe layer path {m.name}")
                dest = _safe_join(root, m.name)
                if m.isdir():
                    dest.mkdir(parents=True, exist_ok=True)
                    os.chmod(dest, m.mode & 0o7777)
                    continue
                if dest.is_symlink() or (dest.exists() and not dest.is_dir()):
                    dest.unlink()
                dest.parent.mkdir(parents=True, exist_ok=True)
                if m.issym():
                    os.symlink(m.linkname, dest)
                elif m.islnk():
                    os.link(_safe_join(root, m.linkname), dest)
                elif m.isfile():
                    src = layer.extractfile(m)
                    assert src is not None
                    with open(dest, "wb") as f:
                        f.write(src.read())
                    os.chmod(dest, m.mode & 0o7777)
                # device nodes and fifos are skipped: the runtime provides /dev
            if os.geteuid() == 0:
                for m in members:
                    if os.path.basename(m.name).startswith(".wh."):
                        continue
                    dest = _safe_join(root, m.name)
                    try:
                        os.lchown(dest, m.uid, m.gid)
                        if not m.issym():
                            os.chmod(dest, m.mode & 0o7777)
                    except FileNotFoundError:
                        pass
    print(json.dumps({"rootfs": str(root), "layers": len(image["layers"]),
                      "env": (image["config"].get("config") or {}).get("Env") or [],
                      "user": (image["config"].get("config") or {}).get("User") or "",
                      "workingDir": (image["config"].get("config") or {}).get("WorkingDir") or "/",
                      "entrypoint": (image["config"].get("config") or {}).get("Entrypoint") or []}))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)

    mb = sub.add_parser("make-base")
    mb.add_argument("rootfs")
    mb.add_argument("outdir")
    mb.add_argument("--env", action="append")
    mb.add_argument("--label", action="append")
    mb.set_defaults(func=make_base)

    sv = sub.add_parser("serve")
    sv.add_argument("outdir")
    sv.add_argument("--repository", required=True)
    sv.add_argument("--tag", required=True)
    sv.add_argument("--port-file", required=True)
    sv.add_argument("--max-seconds", type=float, default=3600)
    sv.add_argument("--verbose", action="store_true")
    sv.set_defaults(func=serve)

    vf = sub.add_parser("verify")
    vf.add_argument("archive")
    vf.add_argument("--json", required=True)
    vf.add_argument("--expect-entrypoint", action="append")
    vf.add_argument("--expect-user")
    vf.add_argument("--expect-workdir")
    vf.add_argument("--expect-port", action="append")
    vf.add_argument("--expect-env", action="append")
    vf.add_argument("--expect-label", action="append")
    vf.add_argument("--expect-file", action="append")
    vf.set_defaults(func=verify)

    ex = sub.add_parser("extract")
    ex.add_argument("archive")
    ex.add_argument("rootfs")
    ex.set_defaults(func=extract)

    args = p.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
