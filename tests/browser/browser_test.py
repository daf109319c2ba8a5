#!/usr/bin/env python3
"""The pages in a real browser: headless Debian chromium driven by python3-selenium.

usage: browser_test.py <heartbeat_exporter binary> <source dir> <screenshot dir>

Starts the exporter on 127.0.0.1 (a free port) with basic auth on, a config file
declaring applications and a public status page, and drives chromium through:

- the overview: every application's state in the DOM, the filter (text and
  state), the sort (name both ways, state), an application whose team is
  `<img src=x onerror=alert(1)>` shown as text with no alert and no <img>;
- an application page: the flips timeline (the clock-only flip to `outdated`
  is there, dated by the exporter's deadline timer) and the flips table;
- the public status page without any credentials, with its stylesheet;
- on every page: no request leaves the exporter (resource timing entries), no
  Content-Security-Policy violation (recorded from before the page's own code);
- screenshots of the overview and the status page at desktop and phone widths,
  saved to <screenshot dir>, and to <source>/docs/images/ (the README's) when
  HEARTBEAT_UPDATE_SCREENSHOTS=1, so an ordinary run leaves the tree clean;
- badge SVGs parsed as XML, with the colour of each state.

Every wait is a bounded poll; the exporter dies with this script.
"""
import base64
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # Debian 12's Python 3.11 has it
    import crypt
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "common"))
from harness import TestFailure, die_with_parent, free_port, log, poll, request, set_budget  # noqa: E402

set_budget(150)

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
except ImportError:
    print("python3-selenium is not installed (scripts/install-deps.sh installs it)")
    sys.exit(1)

USER, PASSWORD = "operator", "browser-test-password"
XSS = "<img src=x onerror=alert(1)>"
DESKTOP, PHONE = (1280, 900), (390, 844)
SVG = "{http://www.w3.org/2000/svg}"

CONFIG = """\
applications:
  - name: nightly-backup
    interval: 1h
    team: storage
  - name: report
    interval: 1h
    team: finance
  - name: queue-worker
    interval: 2s
    team: storage
  - name: sync
    interval: 2s
    grace: 1h
    team: storage
  - name: never-ran
    interval: 1h
    team: storage
  - name: xss-team
    interval: 1h
    team: "<img src=x onerror=alert(1)>"
status_pages:
  - slug: storage
    title: Storage services
    teams: [storage]
"""
EXPECTED = {"nightly-backup": "ok", "report": "fail", "queue-worker": "outdated",
            "sync": "late", "never-ran": "new", "xss-team": "ok"}

# Runs before the page's own code: records what the Content-Security-Policy blocked.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


class Exporter:
    def __init__(self, binary, workdir):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        workdir = pathlib.Path(workdir)
        config = CONFIG
        for name in EXPECTED:  # each application's token from a file of its own
            (workdir / f"{name}.token").write_text(self.token(name) + "\n")
            config = config.replace(f"  - name: {name}\n",
                                    f"  - name: {name}\n    token_file: {workdir / (name + '.token')}\n")
        (workdir / "heartbeat.yaml").write_text(config)
        hashed = crypt.crypt(PASSWORD, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16))
        (workdir / "web.yaml").write_text(f"basic_auth_users:\n  {USER}: '{hashed}'\n")
        self.admin = "browser-test-admin-token"
        (workdir / "admin-token").write_text(self.admin + "\n")
        os.chmod(workdir / "admin-token", 0o600)
        self.log_file = open(workdir / "exporter.log", "w")
        self.process = subprocess.Popen(
            [binary, f"--web.listen-address=127.0.0.1:{self.port}",
             f"--storage.path={workdir / 'heartbeat.db'}", f"--config.file={workdir / 'heartbeat.yaml'}",
             f"--web.config.file={workdir / 'web.yaml'}", f"--web.admin-token-file={workdir / 'admin-token'}"],
            stdout=self.log_file, stderr=subprocess.STDOUT, preexec_fn=die_with_parent)
        poll("the exporter to answer", lambda: request("GET", self.base + "/-/healthy")[0] == 401)

    def api(self, method, path, body=None):
        headers = {"Authorization": "Bearer " + self.admin, "Content-Type": "application/json"}
        status, text = request(method, self.base + path, body, headers)
        if status >= 300:
            raise TestFailure(f"{method} {path}: {status} {text}")
        return json.loads(text)

    @staticmethod
    def token(name):
        return "browser-test-token-" + name

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def browser():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=en-US"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    service = Service(executable_path="/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
    driver.execute_cdp_cmd("Network.enable", {})
    return driver


def authenticate(driver, on):
    headers = {}
    if on:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": headers})


def load(driver, url, size):
    driver.set_window_size(*size)
    driver.get(url)
    poll(f"{url} to finish loading", lambda: driver.execute_script("return document.readyState") == "complete")
    check_page_is_self_contained(driver, url)


def check_page_is_self_contained(driver, url):
    origin = url.split("/", 3)[:3]
    origin = "/".join(origin)
    resources = driver.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
    foreign = [name for name in resources if not name.startswith(origin + "/")]
    if foreign:
        raise TestFailure(f"{url} requested something outside the exporter: {foreign}")
    if not any(name.endswith("/static/heartbeat.css") for name in resources) and \
            not driver.execute_script("return document.styleSheets.length"):
        raise TestFailure(f"{url} has no stylesheet")
    violations = driver.execute_script("return window.__violations")
    if violations:
        raise TestFailure(f"{url}: Content-Security-Policy violations: {violations}")


def visible_rows(driver):
    return [row.get_attribute("data-name")
            for row in driver.find_elements(By.CSS_SELECTOR, "#applications-body tr") if row.is_displayed()]


def check_overview(driver, base):
    load(driver, base + "/", DESKTOP)
    states = {row.get_attribute("data-name"): row.get_attribute("data-state")
              for row in driver.find_elements(By.CSS_SELECTOR, "#applications-body tr")}
    if states != EXPECTED:
        raise TestFailure(f"states in the overview: {states}, expected {EXPECTED}")
    badge = driver.find_element(By.CSS_SELECTOR, "tr[data-name='report'] .state")
    if badge.text != "fail":
        raise TestFailure(f"the state cell of report reads {badge.text!r}")
    # The application named by its team: text, no image, no alert.
    team = driver.find_element(By.CSS_SELECTOR, "tr[data-name='xss-team'] td:nth-child(2)").text
    if team != XSS:
        raise TestFailure(f"the team cell reads {team!r}, expected the literal text {XSS!r}")
    if driver.find_elements(By.CSS_SELECTOR, "main img"):
        raise TestFailure("an <img> element was created from an application's team")
    try:
        alert = driver.switch_to.alert
        raise TestFailure(f"an alert ran: {alert.text}")
    except NoAlertPresentException:
        pass
    log("overview: states, escaping ok")

    driver.find_element(By.ID, "filter").send_keys("storage")
    shown = visible_rows(driver)
    if sorted(shown) != ["never-ran", "nightly-backup", "queue-worker", "sync"]:
        raise TestFailure(f"filter 'storage' shows {shown}")
    Select(driver.find_element(By.ID, "state-filter")).select_by_value("late")
    if visible_rows(driver) != ["sync"]:
        raise TestFailure(f"filter 'storage' + late shows {visible_rows(driver)}")
    if driver.find_element(By.ID, "shown").text != "1 of 6 applications shown":
        raise TestFailure(f"the live count reads {driver.find_element(By.ID, 'shown').text!r}")
    driver.find_element(By.ID, "filter").clear()
    Select(driver.find_element(By.ID, "state-filter")).select_by_value("")
    driver.find_element(By.ID, "filter").send_keys(" ")  # an input event with the empty filter
    if len(visible_rows(driver)) != 6:
        raise TestFailure(f"clearing the filter shows {visible_rows(driver)}")
    log("overview: filter ok")

    name_header = driver.find_element(By.CSS_SELECTOR, "th[data-key='name'] button")
    name_header.click()
    ascending = visible_rows(driver)
    if ascending != sorted(EXPECTED):
        raise TestFailure(f"sorted by name: {ascending}")
    name_header.click()
    if visible_rows(driver) != sorted(EXPECTED, reverse=True):
        raise TestFailure(f"sorted by name, descending: {visible_rows(driver)}")
    sort_state = driver.find_element(By.CSS_SELECTOR, "th[data-key='name']").get_attribute("aria-sort")
    if sort_state != "descending":
        raise TestFailure(f"aria-sort of the name column: {sort_state}")
    driver.find_element(By.CSS_SELECTOR, "th[data-key='order'] button").click()
    by_state = [EXPECTED[name] for name in visible_rows(driver)]
    if by_state != ["new", "ok", "ok", "late", "outdated", "fail"]:
        raise TestFailure(f"sorted by state: {by_state}")
    log("overview: sort ok")


def check_application_page(driver, base):
    load(driver, base + "/applications/queue-worker", DESKTOP)
    segments = [rect.get_attribute("data-state")
                for rect in driver.find_elements(By.CSS_SELECTOR, "#timeline rect")]
    if segments[-2:] != ["ok", "outdated"]:
        raise TestFailure(f"timeline segments: {segments}")
    reasons = [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "#flips td[data-label='Why']")]
    if reasons[:2] != ["deadline passed", "ok signal"]:
        raise TestFailure(f"flips table reasons: {reasons}")
    log("application page: timeline and flips ok")


def screenshots(driver, base, images):
    images.mkdir(parents=True, exist_ok=True)
    for name, path in (("overview", "/"), ("status-page", "/status/storage")):
        for width_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
            authenticate(driver, path == "/")
            load(driver, base + path, size)
            if width_name == "desktop":  # the whole page; the phone shot is one screen
                height = driver.execute_script("return document.documentElement.scrollHeight")
                driver.set_window_size(size[0], height + 140)  # the window's own chrome
            target = images / f"{name}-{width_name}.png"
            driver.save_screenshot(str(target))
            log(f"saved {target}")


def check_status_page(driver, base):
    authenticate(driver, False)
    if request("GET", base + "/")[0] != 401:
        raise TestFailure("the overview answered without credentials")
    load(driver, base + "/status/storage", PHONE)
    names = [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "#status-body td[data-label='Service']")]
    if names != ["never-ran", "nightly-backup", "queue-worker", "sync"]:
        raise TestFailure(f"status page lists {names}")
    text = driver.find_element(By.TAG_NAME, "body").text
    for secret in ("storage\n", "finance", "report", "token"):
        if secret in text:
            raise TestFailure(f"the status page shows {secret!r}")
    if not driver.execute_script("return document.styleSheets.length"):
        raise TestFailure("the status page's stylesheet did not load without credentials")
    log("status page ok")


def check_badges(exporter):
    key = exporter.api("POST", "/api/v1/badge-keys", {"team": "storage"})["key"]
    for target, state, colour in (("nightly-backup", "up", "#4c1"), ("sync", "late", "#fe7d37"),
                                  ("queue-worker", "down", "#e05d44"), ("storage", "down", "#e05d44")):
        status, text = request("GET", f"{exporter.base}/badge/{key}/{target}.svg")
        if status != 200:
            raise TestFailure(f"badge of {target}: {status} {text}")
        root = ElementTree.fromstring(text)  # raises on anything but well-formed XML
        message = root.find(f".//{SVG}rect[@class='message']")
        texts = [node.text for node in root.iter(f"{SVG}text")]
        if message is None or message.get("fill") != colour or state not in texts or target not in texts:
            raise TestFailure(f"badge of {target}: colour {message is not None and message.get('fill')}, texts {texts}")
    log("badges ok")


def main():
    binary, source, shots = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    if os.environ.get("HEARTBEAT_UPDATE_SCREENSHOTS") == "1":
        shots = source / "docs" / "images"
    with tempfile.TemporaryDirectory() as workdir:
        exporter = Exporter(binary, workdir)
        driver = None
        try:
            request("GET", f"{exporter.base}/ping/{exporter.token('nightly-backup')}")
            request("GET", f"{exporter.base}/ping/{exporter.token('report')}/fail")
            request("GET", f"{exporter.base}/ping/{exporter.token('queue-worker')}")
            request("GET", f"{exporter.base}/ping/{exporter.token('sync')}")
            request("GET", f"{exporter.base}/ping/{exporter.token('xss-team')}")
            # Past the 2 s intervals: queue-worker outdated, sync late (the timer records the flip).
            time.sleep(2.5)
            flips = poll("the clock-only flip of queue-worker",
                         lambda: [f for f in exporter.api("GET", "/api/v1/applications/queue-worker/flips")["flips"]
                                  if f["to"] == "outdated"], timeout=15)
            log(f"clock flip recorded: {flips[0]}")
            driver = browser()
            authenticate(driver, True)
            check_overview(driver, exporter.base)
            check_application_page(driver, exporter.base)
            check_status_page(driver, exporter.base)
            check_badges(exporter)
            screenshots(driver, exporter.base, shots)
        except Exception:
            exporter.log_file.flush()
            print((pathlib.Path(workdir) / "exporter.log").read_text()[-3000:])
            raise
        finally:
            if driver is not None:
                driver.quit()
            exporter.stop()
    log("PASS")


if __name__ == "__main__":
    try:
        main()
    except TestFailure as failure:
        log(f"FAIL: {failure}")
        sys.exit(1)
