#!/usr/bin/env python3
"""Lints the Grafana dashboards: usage: lint_dashboards.py <dashboards dir>.

Checks the conventions the dashboards promise (docs/alerting.md): JSON parses,
a stable unique uid, tags, a `datasource` variable that every panel, query and
variable uses, no `__inputs` (these are provisioning files, not exports for
grafana.com), every panel has a PromQL query, every $variable is defined.
"""
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import dashboards  # noqa: E402

DATASOURCE_REF = {"type": "prometheus", "uid": "${datasource}"}
UID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def lint(path, board, seen_uids, seen_titles):
    problems = []

    def problem(text):
        problems.append(f"{path.name}: {text}")

    uid = board.get("uid")
    if not isinstance(uid, str) or not UID_PATTERN.match(uid):
        problem(f"uid {uid!r} must be 1-40 characters of letters, digits, '-' or '_'")
    elif uid in seen_uids:
        problem(f"uid {uid!r} is also used by {seen_uids[uid]}")
    else:
        seen_uids[uid] = path.name
    title = board.get("title")
    if not title:
        problem("title is missing")
    elif title in seen_titles:
        problem(f"title {title!r} is also used by {seen_titles[title]}")
    else:
        seen_titles[title] = path.name
    if not board.get("tags"):
        problem("tags are missing")
    if "schemaVersion" not in board:
        problem("schemaVersion is missing")
    if board.get("id") is not None:
        problem("id must be null so Grafana assigns one on import")
    for key in ("__inputs", "__requires", "__elements"):
        if key in board:
            problem(f"{key} must not be present (export without 'share externally')")
    text = path.read_text(encoding="utf-8")
    if "${DS_" in text:
        problem("references a ${DS_...} input; use the ${datasource} variable")

    variables = dashboards.variables(board)
    defined = {v.get("name") for v in variables}
    if not any(v.get("type") == "datasource" and v.get("name") == "datasource"
               and v.get("query") == "prometheus" for v in variables):
        problem("no `datasource` variable of type datasource for prometheus")
    for variable in variables:
        if variable.get("type") != "query":
            continue
        name = variable.get("name")
        query = dashboards.variable_query(variable)
        if not query:
            problem(f"variable {name!r} has no query")
        elif not dashboards.parse_label_values(query):
            problem(f"variable {name!r}: query must be label_values(<selector>, <label>)")
        if variable.get("datasource") != DATASOURCE_REF:
            problem(f"variable {name!r} does not use the ${{datasource}} variable")
        for used in dashboards.referenced_variables(query) - defined:
            problem(f"variable {name!r} uses undefined variable ${used}")

    panel_ids = set()
    for panel in dashboards.panels(board):
        name = f"panel {panel.get('title')!r}"
        panel_id = panel.get("id")
        if panel_id in panel_ids:
            problem(f"{name}: id {panel_id} is not unique")
        panel_ids.add(panel_id)
        if "gridPos" not in panel:
            problem(f"{name}: gridPos is missing")
        if panel.get("type") == "row":
            continue
        if not panel.get("title"):
            problem(f"panel {panel_id}: title is missing")
        if panel.get("datasource") != DATASOURCE_REF:
            problem(f"{name}: does not use the ${{datasource}} variable")
        targets = dashboards.targets(panel)
        if not targets:
            problem(f"{name}: has no query")
        ref_ids = [t.get("refId") for t in targets]
        if len(ref_ids) != len(set(ref_ids)):
            problem(f"{name}: refIds {ref_ids} are not unique")
        for target in targets:
            expr = target.get("expr", "")
            if not expr.strip():
                problem(f"{name}: query {target.get('refId')} has no expr")
            if target.get("datasource") != DATASOURCE_REF:
                problem(f"{name}: query {target.get('refId')} does not use the ${{datasource}} variable")
            undefined = dashboards.referenced_variables(expr) - defined - dashboards.BUILTIN_VARIABLES
            for used in sorted(undefined):
                problem(f"{name}: query {target.get('refId')} uses undefined variable ${used}")
    return problems


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} <dashboards dir>", file=sys.stderr)
        return 2
    try:
        boards = dashboards.load(argv[1])
    except ValueError as error:
        print(f"not valid JSON: {error}", file=sys.stderr)
        return 1
    if not boards:
        print(f"no *.json dashboards in {argv[1]}", file=sys.stderr)
        return 1
    seen_uids, seen_titles, problems = {}, {}, []
    for path, board in boards:
        problems += lint(path, board, seen_uids, seen_titles)
    for line in problems:
        print(line, file=sys.stderr)
    panels = sum(1 for _, b in boards for p in dashboards.panels(b) if p.get("type") != "row")
    print(f"{len(boards)} dashboards, {panels} panels checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
