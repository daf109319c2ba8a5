#!/usr/bin/env python3
"""A real Prometheus ingests /metrics identically whether it came gzip-encoded or not.

usage: scrape_test.py <heartbeat_exporter binary>

Starts the exporter with 1500 applications (long team names, at most 128 bytes, so the text spans
several of the gzip encoder's 1 MiB pieces; ok, failed, started and never
signalled ones; statuscope compat on) and Debian's Prometheus with two jobs on
it, 1 s apart:

- `gzip`: Prometheus straight to the exporter; it always sends
  `Accept-Encoding: gzip`, so it gets the ISA-L encoded answer;
- `identity`: through a proxy owned by this script that forwards the request
  without Accept-Encoding and checks the answer came uncompressed.

Nothing changes after the set-up (intervals are hours), so every
heartbeat_*/statuscope_* sample Prometheus stored for either job must equal the
uncompressed text this script fetches and parses itself, series for series and
value for value; and the gzip answer must decode to that very text.

Standard library only; bounded polls; children die with the test.
"""
import concurrent.futures
import gzip
import http.server
import json
import pathlib
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "common"))
from harness import TestFailure, die_with_parent, free_port, log, poll, request, set_budget  # noqa: E402

set_budget(150)
APPLICATIONS = 1500
FAMILIES = re.compile(r"^(heartbeat_(?!exporter_)\w+|statuscope_\w+)")


def start(name, argv, workdir):
    log(f"starting {name}")
    with open(workdir / f"{name}.log", "wb") as output:
        return subprocess.Popen(argv, stdout=output, stderr=subprocess.STDOUT, cwd=workdir,
                                preexec_fn=die_with_parent)


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class IdentityProxy:
    """Forwards GET /metrics without Accept-Encoding; counts answers that came encoded."""

    def __init__(self, target):
        self.encoded_answers = 0
        self.answers = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                upstream = urllib.request.Request(target + self.path)  # urllib asks for no coding
                with urllib.request.urlopen(upstream, timeout=10) as response:
                    body = response.read()
                    content_type = response.headers["Content-Type"]
                    proxy.answers += 1
                    proxy.encoded_answers += response.headers.get("Content-Encoding") is not None
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def parse(text):
    """{(name, sorted label pairs): value} of the per-application families, via the text format."""
    samples = {}
    sample = re.compile(r'^(\w+)(?:\{(.*)\})? (\S+)$')
    label = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')
    for line in text.splitlines():
        if line.startswith("#") or not FAMILIES.match(line):
            continue
        match = sample.match(line)
        if not match:
            raise TestFailure(f"unparsable sample line: {line!r}")
        # An empty label value is no label to Prometheus (schedule="" of interval apps).
        labels = tuple(sorted((k, v.encode().decode("unicode_escape"))
                              for k, v in label.findall(match.group(2) or "") if v))
        samples[(match.group(1), labels)] = float(match.group(3))
    return samples


def stored(prometheus_url, job):
    """The same mapping from Prometheus's latest samples of `job`."""
    query = '{__name__=~"heartbeat_.*|statuscope_.*", __name__!~"heartbeat_exporter_.*", job="%s"}' % job
    status, body = request("GET", f"{prometheus_url}/api/v1/query?" + urllib.parse.urlencode({"query": query}),
                           timeout=10)
    if status != 200:
        raise TestFailure(f"Prometheus query: HTTP {status}: {body[:300]}")
    result = {}
    for series in json.loads(body)["data"]["result"]:
        metric = dict(series["metric"])
        name = metric.pop("__name__")
        metric.pop("job"), metric.pop("instance")
        result[(name, tuple(sorted(metric.items())))] = float(series["value"][1])
    return result


def differences(expected, got):
    missing = [k for k in expected if k not in got]
    extra = [k for k in got if k not in expected]
    wrong = [(k, expected[k], got[k]) for k in expected if k in got and got[k] != expected[k]]
    return missing, extra, wrong


def populate(url, admin):
    """APPLICATIONS applications in several states; returns when all are committed."""
    headers = {"Authorization": f"Bearer {admin}", "Content-Type": "application/json"}

    def one(i):
        team = f"team-{i % 7:02d}-" + "x" * 100 + ("-\"quoted\"" if i % 50 == 0 else "")
        status, body = request("POST", f"{url}/api/v1/applications",
                               {"name": f"app-{i:05d}", "team": team, "interval": "6h", "grace": "1h"},
                               headers=headers, timeout=30)
        if status != 201:
            raise TestFailure(f"creating app-{i:05d}: HTTP {status}: {body[:300]}")
        token = json.loads(body)["token"]
        for suffix in {0: ["/start", ""], 1: ["/fail"], 2: [""], 3: []}[i % 4]:
            if request("GET", f"{url}/ping/{token}{suffix}", timeout=30)[0] != 200:
                raise TestFailure(f"ping{suffix} for app-{i:05d} failed")

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(one, range(APPLICATIONS)))


def run(exporter_binary, workdir):
    ports = {name: free_port() for name in ("exporter", "prometheus")}
    exporter_url = f"http://127.0.0.1:{ports['exporter']}"
    prometheus_url = f"http://127.0.0.1:{ports['prometheus']}"
    admin = secrets.token_hex(32)
    (workdir / "admin-token").write_text(admin + "\n")
    (workdir / "admin-token").chmod(0o600)
    children = [start("exporter", [
        exporter_binary, f"--web.listen-address=127.0.0.1:{ports['exporter']}",
        f"--storage.path={workdir / 'hb.db'}", f"--web.admin-token-file={workdir / 'admin-token'}",
        "--metrics.statuscope-compat", "--log.level=warn"], workdir)]
    try:
        poll("the exporter to be ready", lambda: request("GET", f"{exporter_url}/-/ready")[0] == 200, 30)
        populate(exporter_url, admin)
        log(f"{APPLICATIONS} applications created and signalled")

        proxy = IdentityProxy(exporter_url)
        (workdir / "prometheus.yml").write_text(f"""
global: {{scrape_interval: 2s, scrape_timeout: 2s}}  # 1500 applications on a busy 2-core machine
scrape_configs:
  - job_name: gzip
    static_configs: [{{targets: ["127.0.0.1:{ports['exporter']}"]}}]
  - job_name: identity
    static_configs: [{{targets: ["127.0.0.1:{proxy.port}"]}}]
""")
        children.append(start("prometheus", [
            "prometheus", f"--config.file={workdir / 'prometheus.yml'}",
            f"--storage.tsdb.path={workdir / 'tsdb'}",
            f"--web.listen-address=127.0.0.1:{ports['prometheus']}"], workdir))

        status, text = request("GET", f"{exporter_url}/metrics", timeout=30)
        expected = parse(text)
        per_family = len(expected) // APPLICATIONS
        log(f"uncompressed text: {len(text)} bytes, {len(expected)} per-application samples")
        if status != 200 or per_family < 13:
            raise TestFailure(f"GET /metrics: HTTP {status}, {len(expected)} samples")
        raw = urllib.request.urlopen(urllib.request.Request(
            f"{exporter_url}/metrics", headers={"Accept-Encoding": "gzip"}), timeout=30)
        if raw.headers.get("Content-Encoding") != "gzip":
            raise TestFailure(f"Accept-Encoding: gzip answered with Content-Encoding "
                              f"{raw.headers.get('Content-Encoding')!r}")
        decoded = gzip.decompress(raw.read()).decode()
        if parse(decoded) != expected or decoded.split("# HELP heartbeat_exporter_")[0] != \
                text.split("# HELP heartbeat_exporter_")[0]:
            raise TestFailure("the gzip answer does not decode to the uncompressed text")

        for job in ("gzip", "identity"):
            def matches(job=job):
                missing, extra, wrong = differences(expected, stored(prometheus_url, job))
                return not (missing or extra or wrong)

            def describe(job=job):
                missing, extra, wrong = differences(expected, stored(prometheus_url, job))
                return (f"{len(missing)} missing (e.g. {missing[:2]}), {len(extra)} extra (e.g. {extra[:2]}), "
                        f"{len(wrong)} different (e.g. {wrong[:2]})")

            poll(f"Prometheus job {job} to hold exactly the {len(expected)} samples of the text",
                 matches, 60, interval=1, describe=describe)
            log(f"job {job}: all {len(expected)} samples equal the uncompressed text")
        if proxy.answers == 0 or proxy.encoded_answers:
            raise TestFailure(f"the identity job's {proxy.answers} answers included "
                              f"{proxy.encoded_answers} encoded ones")
        log(f"the identity job got {proxy.answers} uncompressed answers")
    finally:
        for child in reversed(children):
            stop(child)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="hb-scrape-") as directory:
        try:
            run(sys.argv[1], pathlib.Path(directory))
        except TestFailure as failure:
            for log_file in sorted(pathlib.Path(directory).glob("*.log")):
                print(f"--- {log_file.name} (tail)\n" +
                      "\n".join(log_file.read_text(errors="replace").splitlines()[-20:]), file=sys.stderr)
            print(f"FAILED: {failure}", file=sys.stderr)
            return 1
    log("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
