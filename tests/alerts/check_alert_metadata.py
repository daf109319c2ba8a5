#!/usr/bin/env python3
"""Checks what `promtool check rules` cannot: usage: check_alert_metadata.py <source dir>.

Every alert in alerts/*.yaml has a `severity` label, `summary` and
`description` annotations, and a `runbook_url` whose anchor is a section of
docs/runbook.md that says something; the per-application alerts name the
application and team in their description; the alerts the product promises
exist. Standard library only (no YAML module): the rule files are plain,
one alert per `- alert:` block.
"""
import pathlib
import re
import sys

REQUIRED_ALERTS = {"HeartbeatMissing", "HeartbeatLate", "HeartbeatFailed", "HeartbeatNotStarted",
                   "HeartbeatOverdue", "HeartbeatTooFast", "HeartbeatExporterDown",
                   "HeartbeatConfigReloadFailed", "HeartbeatProbeFailed", "HeartbeatProbeDegraded",
                   "HeartbeatProbeCertificateExpiring"}
PER_APPLICATION_ALERTS = {"HeartbeatMissing", "HeartbeatLate", "HeartbeatFailed", "HeartbeatNotStarted",
                          "HeartbeatOverdue", "HeartbeatTooFast"}
SEVERITIES = {"critical", "warning", "info"}
RUNBOOK = "docs/runbook.md"
MIN_SECTION_WORDS = 40  # a heading alone, or one line, does not tell a paged person what to do


def github_anchor(heading):
    """The anchor GitHub and most Markdown renderers derive from a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def runbook_sections(text):
    sections, current = {}, None
    for line in text.splitlines():
        match = re.match(r"^#{1,6}\s+(.*)$", line)
        if match:
            current = github_anchor(match.group(1))
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
    return {anchor: " ".join(lines) for anchor, lines in sections.items()}


def alert_blocks(text):
    """(name, block text) for every `- alert:` entry."""
    parts = re.split(r"^\s*- alert:\s*", text, flags=re.M)
    for part in parts[1:]:
        name, _, rest = part.partition("\n")
        # The block ends where the next rule or group starts.
        body = re.split(r"^\s*- (?:record|alert|name):", rest, flags=re.M)[0]
        yield name.strip(), body


def check(source_dir):
    problems = []
    sections = runbook_sections((source_dir / RUNBOOK).read_text(encoding="utf-8"))
    seen = set()
    for rule_file in sorted((source_dir / "alerts").glob("*.y*ml")):
        for name, body in alert_blocks(rule_file.read_text(encoding="utf-8")):
            where = f"{rule_file.name}: {name}"
            seen.add(name)
            severity = re.search(r"^\s*severity:\s*\"?(\w+)", body, re.M)
            if not severity or severity.group(1) not in SEVERITIES:
                problems.append(f"{where}: severity label must be one of {sorted(SEVERITIES)}")
            for annotation in ("summary", "description"):
                if not re.search(rf"^\s*{annotation}:\s*\S", body, re.M):
                    problems.append(f"{where}: {annotation} annotation is missing")
            if name in PER_APPLICATION_ALERTS:
                for label in ("application", "team"):
                    description = body.split("description:", 1)[-1].split("runbook_url:", 1)[0]
                    if f"$labels.{label}" not in description:
                        problems.append(f"{where}: description does not name the {label}")
            runbook = re.search(r"^\s*runbook_url:\s*\"?([^\"\s]+)", body, re.M)
            if not runbook:
                problems.append(f"{where}: runbook_url annotation is missing")
                continue
            path, _, anchor = runbook.group(1).partition("#")
            if not path.endswith(RUNBOOK) or not anchor:
                problems.append(f"{where}: runbook_url {runbook.group(1)!r} must point at {RUNBOOK}#<anchor>")
            elif anchor not in sections:
                problems.append(f"{where}: {RUNBOOK} has no section #{anchor}")
            elif len(sections[anchor].split()) < MIN_SECTION_WORDS:
                problems.append(f"{where}: {RUNBOOK}#{anchor} is too short to say what to do")
    for missing in sorted(REQUIRED_ALERTS - seen):
        problems.append(f"alert {missing} is not defined in alerts/")
    return problems, len(seen)


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} <source dir>", file=sys.stderr)
        return 2
    problems, count = check(pathlib.Path(argv[1]))
    for line in problems:
        print(line, file=sys.stderr)
    print(f"{count} alerts checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
