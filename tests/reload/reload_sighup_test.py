#!/usr/bin/env python3
"""SIGHUP reload of --config.file on the real binary (docs/reference.md §6, issue 4's "done when").

usage: reload_sighup_test.py <heartbeat_exporter binary>

Starts heartbeat_exporter on 127.0.0.1 (port 0; the port is read from its log)
with a config file declaring applications whose tokens come from a file and
from the environment, pings them, then edits the file and sends SIGHUP:

- a good edit (change team and grace, remove one application, add one) shows
  in /checks without a restart (same pid) and the kept application keeps its
  history and counters;
- a bad edit keeps the running set and sets
  heartbeat_exporter_config_last_reload_successful to 0, and the log names the
  file and line; a good edit after it sets the gauge back to 1;
- no token ever appears in the log;
- SIGTERM stops it with status 0.

Standard library only. Every wait is a bounded poll; the child is stopped in
`finally` and dies with this script (PR_SET_PDEATHSIG) even if ctest kills it.
"""
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "common"))
import harness  # noqa: E402
from harness import TestFailure, die_with_parent, log, request  # noqa: E402

harness.set_budget(90)


def poll(what, probe, timeout=20, describe=None):
    return harness.poll(what, probe, timeout, interval=0.1, describe=describe)



NIGHTLY_TOKEN = "nightly-token-in-a-file-5c1d9e"
SYNC_TOKEN = "sync-token-in-the-env-a40f6b"
WEEKLY_TOKEN = "weekly-token-in-the-env-93e2c7"

CONFIG = """applications:
  - name: nightly-backup
    team: platform
    schedule: "30 2 * * *"
    timezone: Europe/Zurich
    grace: 1h
    token_file: nightly.token
  - name: sync-photos
    interval: 6h
    grace: 30m
    token_env: RELOAD_SIGHUP_SYNC_TOKEN
"""

EDITED = """applications:
  - name: nightly-backup
    team: storage
    schedule: "30 2 * * *"
    timezone: Europe/Zurich
    grace: 2h
    token_file: nightly.token
  - name: weekly-report
    schedule: "@weekly"
    token_env: RELOAD_SIGHUP_WEEKLY_TOKEN
"""

# Line 6 holds the bad value.
BAD = EDITED.replace("grace: 2h", "grace: soon")


def expect(condition, message):
    if not condition:
        raise TestFailure(message)


def main():
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="heartbeat-reload-") as tmp:
        work = pathlib.Path(tmp)
        config = work / "heartbeat.yaml"
        config.write_text(CONFIG)
        (work / "nightly.token").write_text(NIGHTLY_TOKEN + "\n")
        log_path = work / "exporter.log"
        env = dict(os.environ, RELOAD_SIGHUP_SYNC_TOKEN=SYNC_TOKEN,
                   RELOAD_SIGHUP_WEEKLY_TOKEN=WEEKLY_TOKEN)
        argv = [binary, "--web.listen-address=127.0.0.1:0", f"--storage.path={work}/data/heartbeat.db",
                f"--config.file={config}", "--log.level=debug"]
        log("starting " + " ".join(argv))
        with open(log_path, "wb") as log_file:
            child = subprocess.Popen(argv, stdout=log_file, stderr=subprocess.STDOUT, cwd=work, env=env,
                                     preexec_fn=die_with_parent)
        try:
            run(child, work, config, log_path)
        except TestFailure:
            print("--- exporter log ---\n" + log_path.read_text(errors="replace"), flush=True)
            raise
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=10)


def run(child, work, config, log_path):
    def exporter_log():
        return log_path.read_text(errors="replace")

    def running():
        if child.poll() is not None:
            raise TestFailure(f"the exporter exited with status {child.returncode}")
        return True

    port = poll("the exporter to log its listen address",
                lambda: running() and re.search(r'msg=listening address=127\.0\.0\.1:(\d+)', exporter_log()),
                describe=exporter_log).group(1)
    base = f"http://127.0.0.1:{port}"
    poll("/-/ready", lambda: running() and request("GET", base + "/-/ready")[0] == 200)
    admin = {"Authorization": "Bearer " + (work / "data" / "admin-token").read_text().strip()}
    log(f"exporter pid {child.pid} ready on port {port}")

    def checks():
        status, body = request("GET", base + "/checks")
        expect(status == 200, f"/checks answered {status}: {body}")
        return {check["application"]: check for check in json.loads(body)}

    def metric(line):
        return line + "\n" in request("GET", base + "/metrics")[1]

    for token in (NIGHTLY_TOKEN, SYNC_TOKEN):
        status, body = request("GET", f"{base}/ping/{token}")
        expect(status == 200, f"ping answered {status}: {body}")
    before = checks()
    expect(set(before) == {"nightly-backup", "sync-photos"}, f"declared set at start: {sorted(before)}")
    expect(before["nightly-backup"]["state"] == "ok" and before["nightly-backup"]["signals_total"] == 1,
           f"nightly-backup after a ping: {before['nightly-backup']}")
    expect(metric("heartbeat_exporter_config_last_reload_successful 1"), "reload gauge not 1 at start")

    # A good edit.
    config.write_text(EDITED)
    os.kill(child.pid, signal.SIGHUP)
    after = poll("the edited config to show in /checks",
                 lambda: running() and (lambda c: c if set(c) == {"nightly-backup", "weekly-report"}
                                        and c["nightly-backup"]["team"] == "storage" else None)(checks()),
                 describe=lambda: sorted(checks()))
    nightly = after["nightly-backup"]
    expect(nightly["grace"] == 7200, f"grace after reload: {nightly}")
    expect(nightly["signals_total"] == 1 and nightly["check_in"] == before["nightly-backup"]["check_in"],
           f"counters after reload: {nightly}")
    status, body = request("GET", base + "/api/v1/applications/nightly-backup/signals", headers=admin)
    expect(status == 200 and len(json.loads(body)) == 1, f"history after reload: {status} {body}")
    expect(after["weekly-report"]["declared"], f"weekly-report: {after['weekly-report']}")
    expect(request("GET", f"{base}/ping/{WEEKLY_TOKEN}")[0] == 200, "the new application's token")
    expect(request("GET", f"{base}/ping/{SYNC_TOKEN}")[0] == 404, "the removed application's token")
    expect(metric("heartbeat_exporter_config_last_reload_successful 1"), "reload gauge not 1")
    log("good reload applied with history kept")

    # A bad edit: the running set stays, the gauge drops, the log names file and line.
    config.write_text(BAD)
    os.kill(child.pid, signal.SIGHUP)
    poll("heartbeat_exporter_config_last_reload_successful 0",
         lambda: running() and metric("heartbeat_exporter_config_last_reload_successful 0"))
    expect(set(checks()) == {"nightly-backup", "weekly-report"}, "the running set changed on a bad reload")
    expect(checks()["nightly-backup"]["grace"] == 7200, "the running config changed on a bad reload")
    expect(f"{config}:6: applications[0].grace: " in exporter_log(), "the log does not name file:line:field")
    expect(request("GET", f"{base}/ping/{NIGHTLY_TOKEN}")[0] == 200, "ping after a bad reload")
    log("bad reload refused, running config kept")

    config.write_text(EDITED.replace("grace: 2h", "grace: 3h"))
    os.kill(child.pid, signal.SIGHUP)
    poll("the gauge back at 1", lambda: running() and metric("heartbeat_exporter_config_last_reload_successful 1"))
    nightly = checks()["nightly-backup"]
    expect(nightly["grace"] == 3 * 3600 and nightly["signals_total"] == 2, f"after the fixed reload: {nightly}")

    child.send_signal(signal.SIGTERM)
    try:
        code = child.wait(timeout=20)
    except subprocess.TimeoutExpired:
        raise TestFailure("the exporter did not stop within 20 s of SIGTERM")
    expect(code == 0, f"the exporter exited with status {code}")
    text = exporter_log()
    expect(text.count('msg="config file reloaded"') == 2, "expected two successful reloads in the log")
    for token in (NIGHTLY_TOKEN, SYNC_TOKEN, WEEKLY_TOKEN):
        expect(token not in text, "a token appears in the log")
    log("passed")


if __name__ == "__main__":
    try:
        main()
    except TestFailure as failure:
        print(f"FAIL: {failure}", flush=True)
        sys.exit(1)
