"""Reads the Grafana dashboards in dashboards/: panels, queries and variables.

Shared by the dashboard lint (lint_dashboards.py) and the end-to-end test,
which runs every query found here against a real Prometheus.
"""
import json
import pathlib
import re

# Variables Grafana defines itself; everything else must be a templating variable.
BUILTIN_VARIABLES = {"__rate_interval", "__interval", "__range", "__range_s", "__interval_ms"}

_VARIABLE_REFERENCE = re.compile(r"\$(?:\{(\w+)(?::\w+)?\}|(\w+))")
_LABEL_VALUES = re.compile(r"^\s*label_values\(\s*(.*?)\s*,\s*(\w+)\s*\)\s*$", re.S)


def load(directory):
    """Returns [(path, dashboard dict)] for every *.json file, sorted by name.

    Raises ValueError naming the file when one is not valid JSON.
    """
    boards = []
    for path in sorted(pathlib.Path(directory).glob("*.json")):
        try:
            boards.append((path, json.loads(path.read_text(encoding="utf-8"))))
        except ValueError as error:
            raise ValueError(f"{path}: {error}") from error
    return boards


def panels(dashboard):
    """Every panel, including those nested in collapsed rows."""
    for panel in dashboard.get("panels", []):
        yield panel
        yield from panel.get("panels", [])


def targets(panel):
    return panel.get("targets", [])


def variables(dashboard):
    return dashboard.get("templating", {}).get("list", [])


def variable_query(variable):
    """The query text of a `query` variable (Grafana stores a string or an object)."""
    query = variable.get("query")
    if isinstance(query, dict):
        query = query.get("query")
    return query or ""


def parse_label_values(query):
    """label_values(<series selector>, <label>) -> (selector, label); None otherwise."""
    match = _LABEL_VALUES.match(query)
    return (match.group(1), match.group(2)) if match else None


def referenced_variables(text):
    return {a or b for a, b in _VARIABLE_REFERENCE.findall(text)}


def substitute(text, values):
    """Replaces $name and ${name} / ${name:format} with values[name]."""
    def replace(match):
        name = match.group(1) or match.group(2)
        return values[name] if name in values else match.group(0)
    return _VARIABLE_REFERENCE.sub(replace, text)
