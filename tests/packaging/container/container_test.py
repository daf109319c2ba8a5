#!/usr/bin/env python3
"""The container image, really built and run: packaging/Containerfile is built with podman on a
Debian 12 base made here (debootstrap, no registry needed), run hardened the way the Helm chart
runs it, sent a heartbeat from the host, restarted, and killed and replaced like a rescheduled
pod; the heartbeat must survive both. Prints the build time and the kill-to-ready time
(docs/kubernetes.md quotes them).

Usage: container_test.py REPO_ROOT CACHE_DIR
Exit 77 (ctest: skipped) only when podman cannot run containers on this machine at all.
"""
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent.parent / "common"))
import harness  # noqa: E402
from harness import TestFailure, log, request  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import base_image  # noqa: E402
from podman import Podman  # noqa: E402

# Nearly all of it is the compile inside the image: 2-3 minutes on an idle 2-core machine,
# 10 under a load average of 12 from other builds; the budget leaves room beyond that.
harness.set_budget(1140)
SKIP = 77
IMAGE = "localhost/heartbeat-exporter:test"
# The chart's hardening, so the image is proven to work under it.
HARDENED = ["--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def project_version(repo):
    text = (repo / "CMakeLists.txt").read_text()
    match = re.search(r"project\(\s*heartbeat_exporter\s+VERSION\s+([0-9.]+)", text)
    return match.group(1) if match else "0.0.0"


def git_revision(repo):
    result = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else "unknown"


def metric(base_url, name, application):
    """The sample of `name` for `application`, or None."""
    status, body = request("GET", f"{base_url}/metrics")
    if status != 200:
        raise TestFailure(f"/metrics answered {status}")
    pattern = re.compile(rf'^{name}\{{application="{re.escape(application)}"[^}}]*\}} (\S+)$', re.M)
    match = pattern.search(body)
    return float(match.group(1)) if match else None


def wait_ready(base_url, timeout=60):
    return harness.poll("/-/ready to answer 200", lambda: request("GET", f"{base_url}/-/ready", timeout=2)[0] == 200,
                        timeout=timeout, interval=0.05)


def assert_heartbeat_kept(base_url, when):
    state = metric(base_url, "heartbeat_state", "backup")
    signals = metric(base_url, "heartbeat_signals_total", "backup")
    if state != 1 or signals != 1:
        raise TestFailure(f"{when}: expected backup ok (state 1) with 1 signal, got state {state}, signals {signals}")
    log(f"{when}: backup is still ok with its 1 signal")


def run_container(podman, name, port, volume):
    podman.run("run", "-d", "--name", name, "--network", "slirp4netns", "-p", f"127.0.0.1:{port}:9799",
               *HARDENED, "-v", f"{volume}:/data", IMAGE)


def main():
    repo = pathlib.Path(sys.argv[1]).resolve()
    cache = pathlib.Path(sys.argv[2]).resolve()
    missing = [tool for tool in ("podman", "buildah", "debootstrap") if shutil.which(tool) is None]
    if missing:
        print(f"SKIP: {', '.join(missing)} not installed (scripts/install-deps.sh test installs them)")
        return SKIP
    if os.geteuid() != 0:
        print("SKIP: the image test needs root (debootstrap, rootful podman with runc)")
        return SKIP

    work = pathlib.Path(tempfile.mkdtemp(prefix="heartbeat-podman-"))
    podman = Podman(work)
    try:
        reason = podman.cannot_run()
        if reason:
            print(f"SKIP: podman cannot run containers here: {reason}")
            return SKIP

        rootfs = base_image.ensure_rootfs_tar(cache)
        started = time.monotonic()
        base = base_image.import_base(podman, rootfs)
        log(f"base image {base} imported in {time.monotonic() - started:.1f} s")

        version, revision = project_version(repo), git_revision(repo)
        started = time.monotonic()
        podman.run("build", "--format", "docker", "--network", "host", "--pull=never",
                   "--build-arg", f"BUILD_IMAGE={base}", "--build-arg", f"RUNTIME_IMAGE={base}",
                   "--build-arg", f"VERSION={version}", "--build-arg", f"REVISION={revision}",
                   "--build-arg", "SOURCE=file://heartbeat_exporter",
                   "-f", str(repo / "packaging/Containerfile"), "-t", IMAGE, str(repo),
                   # All the budget but what running and checking the image needs.
                   timeout=max(harness.remaining() - 90, 60), log_name="build")
        build_seconds = time.monotonic() - started
        log(f"image built in {build_seconds:.1f} s")

        inspected = json.loads(podman.run("image", "inspect", IMAGE))[0]
        config = inspected["Config"]
        labels = config.get("Labels") or {}
        expected = {"org.opencontainers.image.version": version, "org.opencontainers.image.revision": revision,
                    "org.opencontainers.image.source": "file://heartbeat_exporter"}
        for key, value in expected.items():
            if labels.get(key) != value:
                raise TestFailure(f"label {key} is {labels.get(key)!r}, expected {value!r}")
        if config.get("User") != "10001:10001" or "9799/tcp" not in (config.get("ExposedPorts") or {}) \
                or "/data" not in (config.get("Volumes") or {}):
            raise TestFailure(f"image config lacks user, port or volume: {config}")
        # Docker-format images keep HEALTHCHECK beside the OCI config.
        if "heartbeat-healthcheck" not in json.dumps(inspected.get("Healthcheck")):
            raise TestFailure(f"image has no HEALTHCHECK: {inspected.get('Healthcheck')}")
        log("image config: OCI labels, user 10001, port 9799, volume /data, healthcheck")

        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        volume = f"heartbeat-test-{os.getpid()}"
        podman.run("volume", "create", volume)
        run_container(podman, "heartbeat-1", port, volume)
        wait_ready(base_url)
        # The image runs this tree's code: the version CMake gave it.
        build_info = re.search(r"^heartbeat_exporter_build_info\{([^}]*)\} 1$", request("GET", f"{base_url}/metrics")[1], re.M)
        if not build_info or f'version="{version}"' not in build_info.group(1):
            raise TestFailure(f"heartbeat_exporter_build_info does not say version {version}: {build_info and build_info.group(0)}")
        log(f"serving: heartbeat_exporter_build_info{{{build_info.group(1)}}}")
        uid = podman.run("exec", "heartbeat-1", "id", "-u").strip()
        if uid != "10001":
            raise TestFailure(f"the exporter runs as uid {uid}, expected 10001")
        harness.poll("the image's HEALTHCHECK to pass",
                     lambda: podman.succeeds("healthcheck", "run", "heartbeat-1"), timeout=30, interval=0.5)
        log("running as uid 10001 under --read-only --cap-drop ALL; healthcheck passes")

        # heartbeatctl in the container finds the generated admin token in /data by default.
        added = podman.run("exec", "heartbeat-1", "heartbeatctl", "app", "add", "backup", "--interval", "1h")
        token = re.search(r"Token: (\S+)", added).group(1)
        status, body = request("GET", f"{base_url}/ping/{token}")
        if status != 200 or body.strip() != "OK":
            raise TestFailure(f"ping answered {status} {body!r}")
        assert_heartbeat_kept(base_url, "after the ping")

        podman.run("restart", "heartbeat-1", timeout=60)
        wait_ready(base_url)
        assert_heartbeat_kept(base_url, "after podman restart")

        # Like a pod on a dead node: SIGKILL, the container is gone, a new one gets the volume.
        killed = time.monotonic()
        podman.run("kill", "heartbeat-1")
        podman.run("rm", "heartbeat-1")
        run_container(podman, "heartbeat-2", port, volume)
        wait_ready(base_url)
        kill_to_ready = time.monotonic() - killed
        assert_heartbeat_kept(base_url, "in a new container after SIGKILL")
        podman.run("exec", "heartbeat-2", "heartbeatctl", "app", "show", "backup")
        log("the admin token and the application survived too")

        print(f"container: image build {build_seconds:.1f} s, SIGKILL to ready in a new container "
              f"{kill_to_ready:.2f} s, data intact")
        print("container: 1 passed, 0 failed")
        return 0
    except TestFailure as error:
        print(f"FAIL: {error}")
        podman.dump_logs()
        print("container: 0 passed, 1 failed")
        return 1
    finally:
        podman.destroy()


if __name__ == "__main__":
    sys.exit(main())
