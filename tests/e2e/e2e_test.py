#!/usr/bin/env python3
"""End to end: heartbeat_exporter -> Prometheus (the shipped rules) -> Alertmanager -> a webhook.

usage: e2e_test.py <heartbeat_exporter binary> <source dir>

Starts the exporter, Debian's Prometheus (1 s scrape and evaluation,
alerts/heartbeat.rules.yaml, --rules.alert.resend-delay=1s) and Alertmanager
(routing per team to a webhook receiver this script owns), all on 127.0.0.1 on
free ports, then checks the path an alert takes to a human:

- healthy applications (a config-file app pinged over /ping, an interval-0
  app) raise nothing, not even a pending alert;
- a `fail` signal makes HeartbeatFailed reach the receiver of the owning team
  with `application` and `team` labels;
- a short-interval application that stops signalling raises HeartbeatMissing,
  and a new `ok` signal resolves it (a resolved notification arrives);
- one within its grace raises only HeartbeatLate;
- a paused application stays silent although it is long overdue;
- jobs with custom labels, a start window, min and max run times and an
  OnCalendar schedule raise HeartbeatNotStarted, HeartbeatOverdue,
  HeartbeatTooFast and HeartbeatFailed, and an Alertmanager route on the
  custom label `owner` (--metrics.labels-on-all-series) receives them;
- a job's own metrics, pushed with its success, reach Prometheus with the
  job's labels and vanish from it once the job is outdated;
- --metrics.statuscope-compat exposes statuscope_check_ok;
- every query of every dashboard panel and variable parses and returns data;
- a bad config reload and a stopped exporter make the exporter's own alerts
  pending (their `for` is too long to wait for here; promtool tests cover it).

Standard library only. Every wait is a bounded poll that fails with what it was
waiting for and what it saw; every child process is stopped in `finally` and
dies with this script (PR_SET_PDEATHSIG) even if ctest kills it.
"""
import contextlib
import http.server
import json
import os
import pathlib
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "common"))
from harness import TestFailure, die_with_parent, log, poll, request, set_budget  # noqa: E402

# The whole test must finish well inside ctest's TIMEOUT (240 s).
set_budget(200)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def expect(status_and_body, expected, what):
    """The body, if the status is `expected` (one status or a tuple of them)."""
    status, body = status_and_body
    if status not in (expected if isinstance(expected, tuple) else (expected,)):
        raise TestFailure(f"{what}: expected HTTP {expected}, got {status}: {body[:500]}")
    return body


# --------------------------------------------------------------------------- processes

class Child:
    def __init__(self, name, argv, workdir, env=None):
        self.name = name
        self.log_path = workdir / f"{name}.log"
        self._log = open(self.log_path, "wb")
        log(f"starting {name}: {' '.join(argv)}")
        self.process = subprocess.Popen(argv, stdout=self._log, stderr=subprocess.STDOUT, cwd=workdir,
                                        env=env, preexec_fn=die_with_parent)

    def check_running(self):
        code = self.process.poll()
        if code is not None:
            raise TestFailure(f"{self.name} exited with status {code}:\n{self.tail()}")

    def tail(self, lines=30):
        if not self._log.closed:
            self._log.flush()
        text = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join("    " + line for line in text[-lines:])

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


def wait_ready(child, url, timeout=30):
    def probe():
        child.check_running()
        return request("GET", url, timeout=2)[0] == 200
    poll(f"{child.name} to answer 200 on {url}", probe, timeout, describe=child.tail)
    log(f"{child.name} is ready")


# --------------------------------------------------------------------------- webhook receiver

class WebhookReceiver:
    """Records every Alertmanager notification: (path, payload)."""

    def __init__(self):
        self.notifications = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                payload = json.loads(self.rfile.read(length) or b"{}")
                with receiver._lock:
                    receiver.notifications.append((self.path, payload))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):  # keep the test output readable
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def alerts(self):
        """[(path, status, labels, annotations)] for every alert in every notification so far."""
        with self._lock:
            return [(path, alert["status"], alert["labels"], alert.get("annotations", {}))
                    for path, payload in self.notifications for alert in payload.get("alerts", [])]

    def find(self, alertname, application, status="firing"):
        """[(path, labels, annotations)] of the matching alerts received so far."""
        return [(path, labels, annotations) for path, alert_status, labels, annotations in self.alerts()
                if labels.get("alertname") == alertname and labels.get("application") == application
                and alert_status == status]

    def summary(self):
        return [f"{path} {status} {labels.get('alertname')} {labels.get('application')}"
                for path, status, labels, _ in self.alerts()]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


# --------------------------------------------------------------------------- Prometheus API

class Prometheus:
    def __init__(self, url):
        self.url = url

    def api(self, path, **params):
        status, body = request("GET", f"{self.url}/api/v1/{path}?{urllib.parse.urlencode(params, doseq=True)}")
        answer = json.loads(body)
        if status != 200 or answer.get("status") != "success":
            raise TestFailure(f"Prometheus /api/v1/{path} {params}: HTTP {status}: {body[:500]}")
        return answer["data"]

    def query(self, expr):
        return self.api("query", query=expr)["result"]

    def value(self, expr):
        result = self.query(expr)
        return float(result[0]["value"][1]) if result else None

    def alerts(self):
        return self.api("alerts")["alerts"]

    def alerts_summary(self):
        return [f"{a['labels'].get('alertname')} {a['labels'].get('application')} {a['state']}"
                for a in self.alerts()]


# --------------------------------------------------------------------------- the exporter's API

# A backup job's own metrics, as it pushes them with its success.
BACKUP_METRICS = "# HELP backup_bytes Bytes written.\n# TYPE backup_bytes gauge\nbackup_bytes{target=\"s3\"} 1.2e+09\n"


class Exporter:
    def __init__(self, url, admin_token):
        self.url = url
        self.admin = {"Authorization": f"Bearer {admin_token}", "Content-Type": "application/json"}

    def create(self, name, team, interval, grace="0s"):
        body = expect(request("POST", f"{self.url}/api/v1/applications",
                              {"name": name, "team": team, "interval": interval, "grace": grace},
                              headers=self.admin), 201, f"creating application {name}")
        token = json.loads(body).get("token")
        if not token:
            raise TestFailure(f"creating application {name}: no token in the answer: {body[:500]}")
        return token

    def create_spec(self, body):
        answer = expect(request("POST", f"{self.url}/api/v1/applications", body, headers=self.admin), 201,
                        f"creating application {body['name']}")
        return json.loads(answer)["token"]

    def pause(self, name):
        expect(request("POST", f"{self.url}/api/v1/applications/{name}/pause", headers=self.admin), (200, 204),
               f"pausing {name}")

    def signal(self, name, token, status):
        expect(request("POST", f"{self.url}/signal", {"application": name, "token": token, "status": status}),
               201, f"signal {status} for {name}")

    def ping(self, token, suffix="", rid=None):
        url = f"{self.url}/ping/{token}{suffix}" + (f"?rid={rid}" if rid else "")
        expect(request("GET", url), 200, f"GET /ping/<token>{suffix}")


# --------------------------------------------------------------------------- configuration files

def write_configs(workdir, source_dir, ports, webhook_port):
    rules = (source_dir / "alerts" / "heartbeat.rules.yaml").resolve()
    (workdir / "prometheus.yml").write_text(f"""
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - {json.dumps(str(rules))}
alerting:
  alertmanagers:
    - static_configs:
        - targets: ["127.0.0.1:{ports['alertmanager']}"]
scrape_configs:
  - job_name: heartbeat
    static_configs:
      - targets: ["127.0.0.1:{ports['exporter']}"]
""")
    # Routing per team as docs/alerting.md recommends; small group timings so a
    # notification follows an alert within seconds, a long repeat so none repeats.
    hook = f"http://127.0.0.1:{webhook_port}"
    (workdir / "alertmanager.yml").write_text(f"""
route:
  receiver: default
  group_by: [alertname, application]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 4h
  routes:
    - matchers: ['owner="db"']
      receiver: owner-db
    - matchers: ['team="data"']
      receiver: team-data
    - matchers: ['team="ops"']
      receiver: team-ops
receivers:
  - name: default
    webhook_configs: [{{url: "{hook}/default", send_resolved: true}}]
  - name: team-data
    webhook_configs: [{{url: "{hook}/team/data", send_resolved: true}}]
  - name: team-ops
    webhook_configs: [{{url: "{hook}/team/ops", send_resolved: true}}]
  - name: owner-db
    webhook_configs: [{{url: "{hook}/owner/db", send_resolved: true}}]
""")
    (workdir / "heartbeat.yml").write_text("""
applications:
  - name: nightly-report
    team: platform
    interval: 1h
    token_env: HB_E2E_NIGHTLY_REPORT_TOKEN
""")


# --------------------------------------------------------------------------- dashboards

def check_dashboards(prometheus, source_dir, preferred):
    """Runs every variable and panel query of every dashboard; each must return data.

    Variables are resolved in order as Grafana does: a multi-value variable with
    "All" becomes its allValue, any other takes `preferred[name]` when the
    variable's query offers it, else its first value.
    """
    sys.path.insert(0, str(source_dir / "tests" / "dashboards"))
    import dashboards  # noqa: E402  (a sibling test folder, not an installed module)

    builtins = {"__rate_interval": "1m", "__interval": "15s", "__range": "5m", "__range_s": "300",
                "__interval_ms": "15000"}
    problems, only_nan, checked = [], [], 0
    for path, board in dashboards.load(source_dir / "dashboards"):
        values = dict(builtins)
        for variable in dashboards.variables(board):
            name = variable["name"]
            if variable["type"] == "datasource":
                continue
            selector, label = dashboards.parse_label_values(dashboards.variable_query(variable))
            selector = dashboards.substitute(selector, values)
            checked += 1
            try:
                options = prometheus.api(f"label/{label}/values", **{"match[]": selector})
            except TestFailure as error:
                problems.append(f"{path.name}: variable {name}: {error}")
                continue
            if not options:
                problems.append(f"{path.name}: variable {name}: label_values({selector}, {label}) returned nothing")
                continue
            if variable.get("includeAll"):
                values[name] = variable.get("allValue") or "|".join(options)
            else:
                values[name] = preferred.get(name) if preferred.get(name) in options else options[0]
        for panel in dashboards.panels(board):
            for target in dashboards.targets(panel):
                expr = dashboards.substitute(target["expr"], values)
                checked += 1
                try:
                    result = prometheus.query(expr)
                except TestFailure as error:
                    problems.append(f"{path.name}: panel {panel['title']!r} {target['refId']}: {error}")
                    continue
                if not result:
                    problems.append(f"{path.name}: panel {panel['title']!r} {target['refId']}: "
                                    f"no data for {expr}")
                elif all(r["value"][1] == "NaN" for r in result):
                    # A quantile over a window without observations: data, but worth a look.
                    only_nan.append(f"{path.name}: {panel['title']!r} {target['refId']}")
    log(f"dashboards: {checked} queries run, all returned data"
        + (f"; only NaN (no observations in the window) from: {only_nan}" if only_nan else ""))
    if problems:
        raise TestFailure("dashboard queries failed:\n  " + "\n  ".join(problems))


# --------------------------------------------------------------------------- the test

def run(exporter_binary, source_dir, workdir):
    for program in ("prometheus", "prometheus-alertmanager"):
        if not shutil.which(program):
            raise TestFailure(f"{program} not found: apt-get install prometheus prometheus-alertmanager")

    receiver = WebhookReceiver()
    children = []
    try:
        ports = {name: free_port() for name in ("exporter", "prometheus", "alertmanager")}
        write_configs(workdir, source_dir, ports, receiver.port)
        admin_token = secrets.token_hex(32)
        (workdir / "admin-token").write_text(admin_token + "\n")
        (workdir / "admin-token").chmod(0o600)
        report_token = secrets.token_hex(16)
        env = dict(os.environ, HB_E2E_NIGHTLY_REPORT_TOKEN=report_token)

        exporter_url = f"http://127.0.0.1:{ports['exporter']}"
        prometheus_url = f"http://127.0.0.1:{ports['prometheus']}"
        alertmanager_url = f"http://127.0.0.1:{ports['alertmanager']}"
        (workdir / "data").mkdir()
        children.append(Child("exporter", [
            str(exporter_binary), f"--web.listen-address=127.0.0.1:{ports['exporter']}",
            f"--storage.path={workdir / 'data' / 'hb.db'}", f"--config.file={workdir / 'heartbeat.yml'}",
            f"--web.admin-token-file={workdir / 'admin-token'}", "--metrics.statuscope-compat",
            "--metrics.labels-on-all-series", "--log.level=debug"], workdir, env=env))
        children.append(Child("alertmanager", [
            "prometheus-alertmanager", f"--config.file={workdir / 'alertmanager.yml'}",
            f"--storage.path={workdir / 'alertmanager'}", f"--web.listen-address=127.0.0.1:{ports['alertmanager']}",
            "--cluster.listen-address="], workdir))
        children.append(Child("prometheus", [
            "prometheus", f"--config.file={workdir / 'prometheus.yml'}",
            f"--storage.tsdb.path={workdir / 'prometheus'}", f"--web.listen-address=127.0.0.1:{ports['prometheus']}",
            "--rules.alert.resend-delay=1s"], workdir))
        exporter_process, alertmanager, prometheus_process = children
        wait_ready(exporter_process, f"{exporter_url}/-/ready")
        wait_ready(alertmanager, f"{alertmanager_url}/-/ready")
        wait_ready(prometheus_process, f"{prometheus_url}/-/ready")
        prometheus = Prometheus(prometheus_url)
        exporter = Exporter(exporter_url, admin_token)

        def diagnose():
            for child in children:
                child.check_running()
            return (f"\n  Prometheus alerts: {prometheus.alerts_summary()}"
                    f"\n  notifications: {receiver.summary()}")

        # Applications. Intervals are seconds so that deadlines pass during the test.
        exporter.ping(report_token)                               # config-file app, healthy
        state_only = exporter.create("state-only", "web", "0s")  # interval 0: never late
        exporter.signal("state-only", state_only, "ok")
        exporter.create("paused-job", "ops", "5s")  # overdue after 5 s, but paused; never signalled
        exporter.pause("paused-job")
        paused_at = time.monotonic()
        late = exporter.create("late-job", "web", "2s", grace="1h")  # late, never missing
        exporter.signal("late-job", late, "ok")
        missing = exporter.create("queue-drain", "ops", "8s")     # stops signalling: missing
        exporter.signal("queue-drain", missing, "ok")
        failing = exporter.create("billing-export", "data", "1h")
        exporter.signal("billing-export", failing, "ok")
        run_id = str(uuid.uuid4())
        exporter.ping(failing, "/start", rid=run_id)
        exporter.ping(failing, "/fail", rid=run_id)             # a run that took some time and failed
        # The job: labels, a start window, min and max run time and an
        # OnCalendar schedule (every 10 s here), once for each way it goes wrong.
        def windowed(name):
            return exporter.create_spec({
                "name": name, "team": "dba", "schedule": "*:*:0/10", "grace": "1h",
                "start_window": "2s", "max_runtime": "3s", "min_runtime": "2s",
                "labels": {"owner": "db", "env": "e2e"}})
        windowed("db-never-starts")
        hang = windowed("db-hangs")
        exporter.ping(hang, "/start")
        fast = windowed("db-too-fast")
        exporter.ping(fast, "/start")
        exporter.ping(fast)
        fails = windowed("db-fails")
        exporter.ping(fails, "/start")
        exporter.ping(fails, "/fail")
        # A job's own metrics arrive with its success; 20 s later it is outdated.
        measured = exporter.create_spec({"name": "db-backup", "team": "dba", "interval": "20s",
                                         "labels": {"owner": "db", "env": "e2e"}})
        expect(request("POST", f"{exporter_url}/ping/{measured}/metrics", BACKUP_METRICS,
                       headers={"Content-Type": "text/plain; version=0.0.4"}), 200, "POST /ping/<token>/metrics")
        expect(request("POST", f"{exporter_url}/-/reload"), (200, 204), "POST /-/reload")

        poll("Prometheus to scrape the exporter", lambda: prometheus.value('up{job="heartbeat"}') == 1, 30,
             describe=lambda: prometheus.api("targets")["activeTargets"])
        rules = prometheus.api("rules")["groups"]
        loaded = sorted(rule["name"] for group in rules for rule in group["rules"])
        log(f"Prometheus loaded rules: {loaded}")

        # 0. The job's metrics, as Prometheus stored them: the job's labels on them.
        backup_bytes = 'backup_bytes{application="db-backup",team="dba",owner="db",env="e2e",target="s3"}'
        poll("the pushed backup_bytes in Prometheus", lambda: prometheus.value(backup_bytes) == 1.2e9, 15,
             describe=lambda: prometheus.query('{__name__=~"backup_.*"}'))
        log(f"job metrics in Prometheus: {backup_bytes}")

        # 1. A fail signal: HeartbeatFailed reaches team data's receiver with its labels.
        hits = poll("HeartbeatFailed for billing-export at the team-data receiver",
                    lambda: receiver.find("HeartbeatFailed", "billing-export"), 60, describe=diagnose)
        path, labels, annotations = hits[0]
        if path != "/team/data" or labels.get("team") != "data" or labels.get("severity") != "critical":
            raise TestFailure(f"HeartbeatFailed arrived at {path} with labels {labels}; expected /team/data, "
                              "team=data, severity=critical")
        description = annotations.get("description", "")
        if ("billing-export" not in description or "team data" not in description
                or annotations.get("runbook_url") != "docs/runbook.md#heartbeatfailed"):
            raise TestFailure(f"HeartbeatFailed annotations do not name application and team, or lack the "
                              f"runbook: {annotations}")
        log(f"HeartbeatFailed arrived at {path}: {labels}\n    {description}")
        if prometheus.value('statuscope_check_ok{application="billing-export"}') != 3:
            raise TestFailure("statuscope_check_ok{application=\"billing-export\"} is not 3 (fail)")

        # 1b. Each way the windowed job goes wrong has its alert, routed on `owner`.
        for alertname, application, reason in (("HeartbeatNotStarted", "db-never-starts", "not_started"),
                                                ("HeartbeatOverdue", "db-hangs", "overdue"),
                                                ("HeartbeatTooFast", "db-too-fast", "too_fast"),
                                                ("HeartbeatFailed", "db-fails", "failed")):
            hits = poll(f"{alertname} for {application} at the owner-db receiver",
                        lambda: [h for h in receiver.find(alertname, application) if h[0] == "/owner/db"],
                        60, describe=diagnose)
            labels = hits[0][1]
            if labels.get("owner") != "db" or labels.get("env") != "e2e":
                raise TestFailure(f"{alertname} for {application} lacks the custom labels: {labels}")
            if prometheus.value(f'heartbeat_state_reason{{application="{application}",reason="{reason}"}}') != 1:
                raise TestFailure(f"heartbeat_state_reason of {application} is not {reason}")
            log(f"{alertname} for {application} arrived at /owner/db with reason {reason}")

        # 1c. Outdated: the job's metrics leave the scrape, so Prometheus marks them stale.
        poll("backup_bytes to vanish once db-backup is outdated",
             lambda: not prometheus.query(backup_bytes)
             and prometheus.value('heartbeat_job_metrics_stale{application="db-backup"}') == 1, 60,
             describe=diagnose)
        log("db-backup outdated: its job metrics left Prometheus and heartbeat_job_metrics_stale is 1")

        # 2. Within grace: HeartbeatLate only.
        hits = poll("HeartbeatLate for late-job", lambda: receiver.find("HeartbeatLate", "late-job"), 60,
                    describe=diagnose)
        if hits[0][1].get("severity") != "warning":
            raise TestFailure(f"HeartbeatLate has labels {hits[0][1]}; expected severity=warning")
        log(f"HeartbeatLate arrived at {hits[0][0]}")

        # 3. Stopped signalling: HeartbeatMissing, then a new ok signal resolves it.
        hits = poll("HeartbeatMissing for queue-drain at the team-ops receiver",
                    lambda: [h for h in receiver.find("HeartbeatMissing", "queue-drain") if h[0] == "/team/ops"],
                    60, describe=diagnose)
        log(f"HeartbeatMissing arrived at {hits[0][0]}: {hits[0][2].get('description')}")
        if prometheus.value('statuscope_check_ok{application="queue-drain"}') != 2:
            raise TestFailure("statuscope_check_ok{application=\"queue-drain\"} is not 2 (outdated)")
        exporter.signal("queue-drain", missing, "ok")
        poll("HeartbeatMissing for queue-drain to be resolved at the receiver",
             lambda: receiver.find("HeartbeatMissing", "queue-drain", status="resolved"), 60, describe=diagnose)
        log("HeartbeatMissing for queue-drain resolved")

        # 4. Silence where silence is due. The paused app is by now long past its
        # 5 s interval; ALERTS also holds pending alerts, so this rules out even
        # an alert waiting on a `for`.
        overdue = time.monotonic() - paused_at
        if overdue < 10:
            time.sleep(10 - overdue)
        quiet = ["nightly-report", "state-only", "paused-job"]
        if prometheus.value('heartbeat_state{application="paused-job"}') != 5:
            raise TestFailure("paused-job is not reported paused (heartbeat_state 5)")
        if prometheus.value('statuscope_check_ok{application="nightly-report"}') != 1:
            raise TestFailure("statuscope_check_ok{application=\"nightly-report\"} is not 1 (ok)")
        noticed = [(p, s, l) for p, s, l, _ in receiver.alerts() if l.get("application") in quiet]
        if noticed:
            raise TestFailure(f"applications that must stay silent were notified: {noticed}")
        # Every alert Prometheus held during the run, pending or firing: exactly
        # the three provoked above. HeartbeatExporterDown may be pending (its
        # absent() is true until the first scrape) but must never fire.
        held = {(r["metric"]["alertname"], r["metric"].get("application", ""), r["metric"]["alertstate"])
                for r in prometheus.query('count_over_time(ALERTS{alertname=~"Heartbeat.*"}[10m])')}
        expected = {("HeartbeatFailed", "billing-export", "firing"), ("HeartbeatLate", "late-job", "firing"),
                    ("HeartbeatMissing", "queue-drain", "firing"),
                    ("HeartbeatNotStarted", "db-never-starts", "firing"),
                    ("HeartbeatOverdue", "db-hangs", "firing"), ("HeartbeatTooFast", "db-too-fast", "firing"),
                    ("HeartbeatFailed", "db-fails", "firing"),
                    # late for up to its 2 s start window / 3 s run time first
                    ("HeartbeatLate", "db-never-starts", "firing"), ("HeartbeatLate", "db-hangs", "firing")}
        # db-backup went outdated on purpose; when within the run is the poll's business.
        outdated = {("HeartbeatMissing", "db-backup", state) for state in ("pending", "firing")}
        unexpected = held - expected - outdated - {("HeartbeatExporterDown", "", "pending")}
        if unexpected:
            raise TestFailure(f"unexpected alerts during the run (alertname, application, state): {sorted(unexpected)}")
        unhealthy = [(rule["name"], rule.get("lastError")) for group in prometheus.api("rules")["groups"]
                     for rule in group["rules"] if rule.get("health") != "ok"]
        if unhealthy:
            raise TestFailure(f"rules that did not evaluate cleanly: {unhealthy}")
        log(f"alerts held during the run: {sorted(held)}; healthy, interval-0 and paused applications raised nothing")

        # 5. Dashboards, against the data this run produced.
        check_dashboards(prometheus, source_dir, {"application": "billing-export", "job": "heartbeat"})

        # 6. The exporter's own alerts match the real metrics. Their `for` (1m, 2m)
        # is longer than this test should run, so pending is the proof here; the
        # promtool tests cover the firing.
        (workdir / "heartbeat.yml").write_text("applications:\n  - name: nightly-report\n    interval: soon\n")
        status, body = request("POST", f"{exporter_url}/-/reload")
        if 200 <= status < 300:
            raise TestFailure(f"reloading an invalid config file answered {status}: {body[:300]}")
        poll("HeartbeatConfigReloadFailed to be pending after a bad reload",
             lambda: prometheus.query('ALERTS{alertname="HeartbeatConfigReloadFailed",alertstate="pending"}'),
             30, describe=diagnose)
        log(f"a bad reload answered {status} and made HeartbeatConfigReloadFailed pending")
        exporter_process.stop()
        poll("HeartbeatExporterDown to be pending once the exporter is stopped",
             lambda: prometheus.query('ALERTS{alertname="HeartbeatExporterDown",alertstate="pending",instance!=""}'),
             30, describe=lambda: prometheus.alerts_summary())
        log("stopping the exporter made HeartbeatExporterDown pending")

        for child in (alertmanager, prometheus_process):  # the exporter was stopped on purpose
            child.check_running()
    except TestFailure:
        for child in children:
            print(f"--- last lines of {child.name}'s log:\n{child.tail()}", file=sys.stderr)
        raise
    finally:
        for child in reversed(children):
            child.stop()
        receiver.stop()


def main(argv):
    if len(argv) != 3:
        print(f"usage: {argv[0]} <heartbeat_exporter binary> <source dir>", file=sys.stderr)
        return 2
    exporter_binary = pathlib.Path(argv[1]).resolve()
    source_dir = pathlib.Path(argv[2]).resolve()
    # ctest ends a test that runs over its TIMEOUT with SIGTERM first: turn it
    # into an exception so `finally` stops the children.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="heartbeat-e2e-"))
    keep_files = False
    try:
        run(exporter_binary, source_dir, workdir)
        log("PASSED")
        return 0
    except TestFailure as failure:
        keep_files = True  # the configs and logs are what one needs to debug it
        print(f"FAILED: {failure}", file=sys.stderr)
        print(f"(configs and logs kept in {workdir})", file=sys.stderr)
        return 1
    finally:
        if not keep_files:
            with contextlib.suppress(OSError):
                shutil.rmtree(workdir)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
