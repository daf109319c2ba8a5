"""What the process-level Python tests share: a time budget, bounded polls,
plain HTTP requests and children that die with the test.

Standard library only. A test sets its budget once (set_budget) so that every
poll ends well inside ctest's TIMEOUT, whatever it waits for.
"""
import ctypes
import json
import signal
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

STARTED = time.monotonic()
_budget_seconds = 60.0


class TestFailure(Exception):
    pass


def set_budget(seconds):
    global _budget_seconds
    _budget_seconds = seconds


def remaining():
    return _budget_seconds - (time.monotonic() - STARTED)


def log(message):
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def poll(what, probe, timeout=20, interval=0.25, describe=None):
    """Calls probe() until it returns something truthy; fails after `timeout` seconds
    (or when the budget runs out). `describe` returns what was seen instead, for the
    failure message.
    """
    deadline = time.monotonic() + min(timeout, max(remaining(), 1))
    last_error = None
    while True:
        try:
            result = probe()
            if result:
                return result
        except (OSError, ValueError, KeyError) as error:  # not up yet, or a partial answer
            last_error = error
        if time.monotonic() >= deadline:
            seen = ""
            if describe is not None:
                try:
                    seen = f"\n  seen: {describe()}"
                except Exception as error:  # the description must not hide the failure
                    seen = f"\n  (could not describe what was seen: {error})"
            if last_error is not None:
                seen += f"\n  last error: {last_error}"
            raise TestFailure(f"timed out after {timeout:.0f}s waiting for {what}{seen}")
        time.sleep(interval)


def request(method, url, data=None, headers=None, timeout=5):
    """(status, body text); HTTP error statuses are returned, not raised. A dict
    `data` is sent as a form, or as JSON when the Content-Type header says so;
    a str is sent as it is."""
    body = None
    headers = dict(headers or {})
    if isinstance(data, dict):
        if headers.get("Content-Type") == "application/json":
            body = json.dumps(data).encode()
        else:
            body = urllib.parse.urlencode(data).encode()
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    elif isinstance(data, str):
        body = data.encode()
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def die_with_parent():
    """Runs in the child before exec: SIGKILL it when the test dies, however it dies."""
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def free_port():
    """A loopback port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
