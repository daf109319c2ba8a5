#!/usr/bin/env python3
"""Validates the configuration examples in docs/alerting.md with the real tools.

usage: check_docs_examples.py <source dir> <promtool> <amtool>

A reader copies these blocks into production; an example that the tools
reject is a bug. The Alertmanager example (the block with `route:`) goes
through `amtool check-config`, the scrape example (`scrape_configs:`) through
`promtool check config`.
"""
import pathlib
import re
import subprocess
import sys
import tempfile


def main(argv):
    if len(argv) != 4:
        print(f"usage: {argv[0]} <source dir> <promtool> <amtool>", file=sys.stderr)
        return 2
    source_dir, promtool, amtool = pathlib.Path(argv[1]), argv[2], argv[3]
    text = (source_dir / "docs" / "alerting.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    checks = []
    for block in blocks:
        if re.search(r"^route:", block, re.M):
            checks.append(("Alertmanager example", [amtool, "check-config"], block))
        elif re.search(r"^scrape_configs:", block, re.M):
            checks.append(("scrape example", [promtool, "check", "config"], block))
    kinds = {name for name, _, _ in checks}
    failures = [f"docs/alerting.md has no {name}" for name in ("Alertmanager example", "scrape example")
                if name not in kinds]
    with tempfile.TemporaryDirectory() as workdir:
        for index, (name, command, block) in enumerate(checks):
            path = pathlib.Path(workdir) / f"example{index}.yml"
            path.write_text(block, encoding="utf-8")
            result = subprocess.run(command + [str(path)], capture_output=True, text=True, timeout=30)
            if result.returncode != 0:
                failures.append(f"{name} in docs/alerting.md is rejected by {command[0]}:\n"
                                f"{result.stdout}{result.stderr}")
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"{len(checks)} examples checked, {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
