"""The Debian 12 base both stages of packaging/Containerfile are built on in the test: a
`debootstrap --variant=minbase bookworm` root file system from the machine's own Debian mirror
(no container registry is reachable here), kept as a tarball in the git-ignored cache, imported
with buildah as a one-layer image."""
import fcntl
import glob
import pathlib
import re
import shutil
import subprocess
import tempfile
import time

from harness import TestFailure, die_with_parent, log

BASE_IMAGE = "localhost/heartbeat-debian:bookworm"
# Older tarballs are rebuilt, so the base does not drift far behind the archive.
MAX_AGE_SECONDS = 30 * 24 * 3600
FALLBACK_MIRROR = "http://deb.debian.org/debian"


def apt_mirror():
    """The Debian archive this machine installs bookworm from (one-line or deb822 sources)."""
    for path in ["/etc/apt/sources.list", *sorted(glob.glob("/etc/apt/sources.list.d/*.list"))]:
        try:
            lines = pathlib.Path(path).read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            fields = re.sub(r"\[[^]]*\]", "", line.split("#", 1)[0]).split()
            if len(fields) >= 3 and fields[0] == "deb" and fields[2] == "bookworm":
                return fields[1]
    for path in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
        for stanza in pathlib.Path(path).read_text().split("\n\n"):
            entry = {}
            for line in stanza.splitlines():
                if ":" in line and not line.startswith("#"):
                    key, value = line.split(":", 1)
                    entry[key.strip().lower()] = value.split()
            if "deb" in entry.get("types", []) and "bookworm" in entry.get("suites", []) and entry.get("uris"):
                return entry["uris"][0]
    return FALLBACK_MIRROR


def ensure_rootfs_tar(cache):
    cache.mkdir(parents=True, exist_ok=True)
    tarball = cache / "bookworm-minbase.tar"
    with open(cache / ".rootfs.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if tarball.exists() and time.time() - tarball.stat().st_mtime < MAX_AGE_SECONDS:
            log(f"base root file system from the cache ({tarball})")
            return tarball
        for leftover in cache.glob("rootfs-*"):  # from an interrupted run
            shutil.rmtree(leftover, ignore_errors=True)
        work = pathlib.Path(tempfile.mkdtemp(prefix="rootfs-", dir=cache))
        mirror = apt_mirror()
        log(f"debootstrap --variant=minbase bookworm from {mirror}")
        started = time.monotonic()
        result = subprocess.run(["debootstrap", "--variant=minbase", "bookworm", str(work / "root"), mirror],
                                capture_output=True, text=True, timeout=420, preexec_fn=die_with_parent)
        if result.returncode != 0:
            shutil.rmtree(work, ignore_errors=True)
            raise TestFailure(f"debootstrap failed:\n{result.stdout[-3000:]}{result.stderr[-2000:]}")
        subprocess.run(["tar", "--numeric-owner", "-C", str(work / "root"), "-cf", str(work / "root.tar"), "."],
                       check=True, timeout=120)
        (work / "root.tar").replace(tarball)
        shutil.rmtree(work, ignore_errors=True)
        log(f"base root file system made in {time.monotonic() - started:.0f} s")
        return tarball


def import_base(podman, tarball):
    container = podman.buildah("from", "scratch").strip()
    podman.buildah("add", container, str(tarball), "/", timeout=300)
    podman.buildah("config", "--cmd", "/bin/bash", container)
    podman.buildah("commit", "--quiet", "--rm", container, BASE_IMAGE, timeout=300)
    return BASE_IMAGE
