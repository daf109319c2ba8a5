#!/usr/bin/env python3
"""Issue 13's "done when", end to end, inside a private network namespace.

usage: probe_e2e_test.py <heartbeat_exporter binary> <source dir>

The script re-runs itself under `unshare -n` (root), brings the namespace's
loopback up with multicast and a 224.0.0.0/4 route, and then:
  1. starts the exporter with --zeroconf.advertise and --healthchecker.registration,
     Prometheus (both rule files) and Alertmanager (an email_configs receiver whose `to`
     is the alert's `email` label, as docs/alerting.md shows) and an SMTP sink
     (python3-aiosmtpd) on 127.0.0.1;
  2. finds the exporter as Healthchecker.Server's client does: python3-zeroconf resolves
     `_healthchecker._http._tcp.local.` and takes its first IPv4 address and port;
  3. registers a local service with interval 5, timeout 2 and thresholds 2/2;
  4. the service stops answering: the probe turns `fail` within about two intervals and the
     HeartbeatProbeFailed mail reaches the sink; it answers again: `ok` after two good checks.
Nothing here touches the host's network.
"""
import email
import http.server
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "common"))
sys.path.insert(0, str(HERE.parent / "e2e"))
from harness import TestFailure, free_port, log, poll, request, set_budget  # noqa: E402
from e2e_test import Child, Prometheus, wait_ready  # noqa: E402

INTERVAL = 5
IN_NAMESPACE = "HEARTBEAT_PROBE_E2E_NETNS"


class HealthService:
    """The monitored service: GET /health answers a health+json pass; stop() closes the port."""

    def __init__(self, port):
        self.port = port
        self.server = None

    def start(self):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = json.dumps({"status": "pass"}).encode()
                self.send_response(200 if self.path == "/health" else 404)
                self.send_header("Content-Type", "application/health+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        http.server.ThreadingHTTPServer.allow_reuse_address = True
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class SmtpSink:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 keeping every message."""

    def __init__(self):
        from aiosmtpd.controller import Controller
        sink = self
        self.messages = []

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                sink.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content)))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def find(self, recipient, text):
        return [m for rcpt, m in self.messages if recipient in rcpt and text in str(m.get("Subject", ""))]


def setup_namespace():
    for argv in (["ip", "link", "set", "lo", "up"], ["ip", "link", "set", "lo", "multicast", "on"],
                 ["ip", "route", "add", "224.0.0.0/4", "dev", "lo"]):
        subprocess.run(argv, check=True)


def resolve_exporter():
    """What Healthchecker.Server's client does (healthcheck/server.py): the first IPv4 address."""
    from zeroconf import Zeroconf
    zc = Zeroconf(interfaces=["127.0.0.1"])
    try:
        info = zc.get_service_info("_http._tcp.local.", "_healthchecker._http._tcp.local.", timeout=10000)
    finally:
        zc.close()
    if not info:
        raise TestFailure("python3-zeroconf did not resolve _healthchecker._http._tcp.local.")
    properties = {k.decode(): (v or b"").decode() for k, v in info.properties.items()}
    return f"http://{info.parsed_addresses()[0]}:{info.port}/healthchecker/", properties


def write_configs(workdir, source_dir, ports):
    rules = [str((source_dir / "alerts" / name).resolve())
             for name in ("heartbeat.rules.yaml", "heartbeat-probes.rules.yaml")]
    (workdir / "prometheus.yml").write_text(f"""
global: {{scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}}
rule_files: {json.dumps(rules)}
alerting:
  alertmanagers: [{{static_configs: [{{targets: ["127.0.0.1:{ports['alertmanager']}"]}}]}}]
scrape_configs:
  - job_name: heartbeat
    static_configs: [{{targets: ["127.0.0.1:{ports['exporter']}"]}}]
""")
    # docs/alerting.md's "E-mail the registered contact", with the sink as smarthost.
    (workdir / "alertmanager.yml").write_text(f"""
global:
  smtp_smarthost: 127.0.0.1:{ports['smtp']}
  smtp_from: alertmanager@example.org
  smtp_require_tls: false
route:
  receiver: nobody
  group_by: [alertname, application]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 4h
  routes:
    - matchers: ['email=~".+@.+"']
      receiver: probe-contact
receivers:
  - name: nobody
  - name: probe-contact
    email_configs:
      - to: '{{{{ .CommonLabels.email }}}}'
        send_resolved: true
""")


def state_of(exporter_url, name):
    status, body = request("GET", f"{exporter_url}/checks/{name}")
    return json.loads(body).get("state") if status == 200 else None


def start_children(exporter_binary, workdir, ports):
    """The exporter (ZeroConf and registration on), Alertmanager and Prometheus, ready."""
    children = [
        Child("exporter", [
            str(exporter_binary), f"--web.listen-address=127.0.0.1:{ports['exporter']}",
            f"--storage.path={workdir / 'data' / 'hb.db'}", "--zeroconf.advertise",
            "--healthchecker.registration", "--log.level=debug"], workdir),
        Child("alertmanager", [
            "prometheus-alertmanager", f"--config.file={workdir / 'alertmanager.yml'}",
            f"--storage.path={workdir / 'alertmanager'}",
            f"--web.listen-address=127.0.0.1:{ports['alertmanager']}", "--cluster.listen-address="], workdir),
        Child("prometheus", [
            "prometheus", f"--config.file={workdir / 'prometheus.yml'}",
            f"--storage.tsdb.path={workdir / 'prometheus'}",
            f"--web.listen-address=127.0.0.1:{ports['prometheus']}", "--rules.alert.resend-delay=1s"], workdir),
    ]
    try:
        for child, port in zip(children, (ports["exporter"], ports["alertmanager"], ports["prometheus"])):
            wait_ready(child, f"http://127.0.0.1:{port}/-/ready")
    except TestFailure:
        for child in children:
            child.stop()
        raise
    return children


def register(exporter_url, service):
    """Finds the exporter by ZeroConf and registers the service as the client's monitor() does."""
    healthchecker_url, txt = resolve_exporter()
    log(f"ZeroConf: {healthchecker_url} {txt}")
    if healthchecker_url != f"{exporter_url}/healthchecker/" or "version" not in txt or "desc" not in txt:
        raise TestFailure(f"resolved {healthchecker_url} {txt}, expected {exporter_url}/healthchecker/")
    status, body = request("POST", healthchecker_url + "monitor", {
        "appname": "done when", "url": f"http://127.0.0.1:{service.port}", "email": "owner@example.org",
        "timeout": "2", "interval": str(INTERVAL), "unhealthy_threshold": "2", "healthy_threshold": "2"})
    if status != 201:
        raise TestFailure(f"/healthchecker/monitor answered {status}: {body}")
    return "done-when"


def down_mail_and_back(exporter_url, name, service, sink, prometheus, exporter_process):
    """The service stops answering: fail within about two intervals, the mail; then ok again."""
    def wait_state(state, what):
        poll(what, lambda: state_of(exporter_url, name) == state, timeout=4 * INTERVAL,
             describe=exporter_process.tail)

    wait_state("ok", "the probe to turn ok")
    service.stop()
    stopped = time.monotonic()
    wait_state("fail", "the probe to turn fail")
    took = time.monotonic() - stopped
    log(f"fail {took:.1f}s after the service stopped answering (interval {INTERVAL}s)")
    if took > 2 * INTERVAL + 3:
        raise TestFailure(f"fail took {took:.1f}s, more than about two intervals")
    mails = poll("the HeartbeatProbeFailed mail at the SMTP sink",
                 lambda: sink.find("owner@example.org", "HeartbeatProbeFailed"), timeout=60,
                 describe=lambda: (prometheus.alerts_summary(), [(r, m.get("Subject")) for r, m in sink.messages]))
    log(f"mail: {mails[0].get('Subject')}")
    service.start()
    restarted = time.monotonic()
    wait_state("ok", "the probe to turn ok again")
    log(f"ok {time.monotonic() - restarted:.1f}s after the service answered again")


def run(exporter_binary, source_dir, workdir):
    setup_namespace()
    sink = SmtpSink()
    service = HealthService(free_port())
    service.start()
    ports = {"exporter": free_port(), "prometheus": free_port(), "alertmanager": free_port(), "smtp": sink.port}
    write_configs(workdir, source_dir, ports)
    (workdir / "data").mkdir()
    children = []
    try:
        children = start_children(exporter_binary, workdir, ports)
        exporter_url = f"http://127.0.0.1:{ports['exporter']}"
        name = register(exporter_url, service)
        down_mail_and_back(exporter_url, name, service, sink,
                           Prometheus(f"http://127.0.0.1:{ports['prometheus']}"), children[0])
    finally:
        for child in reversed(children):
            child.stop()
        sink.controller.stop()


def main(argv):
    if len(argv) != 3:
        print(f"usage: {argv[0]} <heartbeat_exporter binary> <source dir>", file=sys.stderr)
        return 2
    if os.environ.get(IN_NAMESPACE) != "1":
        if os.geteuid() != 0 or not shutil.which("unshare"):
            print("FAILED: needs root and unshare(1) for a private network namespace", file=sys.stderr)
            return 1
        env = dict(os.environ, **{IN_NAMESPACE: "1"})
        return subprocess.run(["unshare", "-n", sys.executable] + argv, env=env).returncode
    set_budget(170)
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="heartbeat-probe-e2e-"))
    try:
        run(pathlib.Path(argv[1]).resolve(), pathlib.Path(argv[2]).resolve(), workdir)
        log("PASSED")
        shutil.rmtree(workdir, ignore_errors=True)
        return 0
    except TestFailure as failure:
        print(f"FAILED: {failure}\n(configs and logs kept in {workdir})", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
