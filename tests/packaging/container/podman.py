"""podman and buildah with all their state in one temporary directory (storage, engine state,
network configs), removed afterwards, so nothing of the machine's own podman is touched;
configured for this kind of sandbox: runc (crun fails on rlimits and hybrid cgroups here) and
low default ulimits (the container may not raise its own above the sandbox's)."""
import os
import shutil
import subprocess

from harness import TestFailure, die_with_parent

CONTAINERS_CONF = """\
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

[engine]
runtime = "runc"
tmp_dir = "{work}/engine"
volume_path = "{work}/volumes"

[network]
network_config_dir = "{work}/networks"
"""


class Podman:
    def __init__(self, work):
        self.work = work
        conf = work / "containers.conf"
        conf.write_text(CONTAINERS_CONF.format(work=work))
        self.env = {**os.environ, "CONTAINERS_CONF": str(conf)}
        self.storage = ["--root", str(work / "root"), "--runroot", str(work / "run"), "--storage-driver", "overlay"]

    def _call(self, tool, args, timeout):
        return subprocess.run([tool, *self.storage, *args], env=self.env, capture_output=True, text=True,
                              timeout=timeout, preexec_fn=die_with_parent)

    def run(self, *args, timeout=120, log_name=None, tool="podman"):
        """stdout of `podman ARGS`; raises TestFailure with the output's tail when it fails."""
        try:
            result = self._call(tool, args, timeout)
        except subprocess.TimeoutExpired:
            raise TestFailure(f"{tool} {' '.join(args)} did not finish within {timeout:.0f} s")
        if log_name:
            (self.work / f"{log_name}.log").write_text(result.stdout + result.stderr)
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
            raise TestFailure(f"{tool} {' '.join(args)} exited {result.returncode}:\n{tail}")
        return result.stdout

    def buildah(self, *args, timeout=120):
        return self.run(*args, timeout=timeout, tool="buildah")

    def succeeds(self, *args):
        return self._call("podman", args, 60).returncode == 0

    def cannot_run(self):
        """Why podman cannot work here, or None."""
        try:
            result = self._call("podman", ["info", "--format", "{{.Host.OCIRuntime.Name}}"], 60)
        except (OSError, subprocess.TimeoutExpired) as error:
            return str(error)
        if result.returncode != 0:
            return result.stderr.strip()[-500:]
        return None

    def dump_logs(self):
        for name in ("heartbeat-1", "heartbeat-2"):
            result = self._call("podman", ["logs", name], 30)
            if result.returncode == 0:
                print(f"--- podman logs {name}\n{result.stdout}{result.stderr}")

    def destroy(self):
        """Removes the containers (unmounting their layers), volumes and images, then the directory."""
        for args in (["rm", "--all", "--force", "--time", "0"], ["volume", "rm", "--all", "--force"],
                     ["rmi", "--all", "--force"]):
            try:
                self._call("podman", args, 120)
            except (OSError, subprocess.TimeoutExpired):
                pass
        # The overlay driver bind-mounts its own directory; unmount whatever is left, deepest first.
        with open("/proc/self/mounts") as mounts:
            points = [line.split()[1] for line in mounts if line.split()[1].startswith(f"{self.work}/")]
        for point in sorted(points, key=len, reverse=True):
            if subprocess.run(["umount", point], capture_output=True).returncode != 0:
                subprocess.run(["umount", "--lazy", point], capture_output=True)
        shutil.rmtree(self.work, ignore_errors=True)
        if self.work.exists():
            print(f"warning: could not remove {self.work}")
