// The Helm chart, offline: `helm lint --strict` and `helm template` for every ci/*-values.yaml
// and for further --set cases, every rendered document validated (validate.mjs), and
// assertions that each value does what it says. helm-unittest cannot be installed offline,
// so the assertions are plain node:assert on the parsed YAML.
//
// Usage: node chart_test.mjs HELM NODE_DIR REPO_ROOT
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadTools, validateDocuments } from "./validate.mjs";
import { scenarios } from "./scenarios.mjs";

const [helm, nodeDir, repoRoot] = process.argv.slice(2);
const chart = path.join(repoRoot, "helm/heartbeat-exporter");
const tools = loadTools(nodeDir);
const started = Date.now();

// Helm must not read or write the user's own configuration.
const helmHome = fs.mkdtempSync(path.join(os.tmpdir(), "heartbeat-helm-"));
process.on("exit", () => fs.rmSync(helmHome, { recursive: true, force: true }));
const helmEnv = {
  ...process.env,
  HELM_CACHE_HOME: path.join(helmHome, "cache"),
  HELM_CONFIG_HOME: path.join(helmHome, "config"),
  HELM_DATA_HOME: path.join(helmHome, "data"),
  KUBECONFIG: path.join(helmHome, "no-kubeconfig"),
};

function runHelm(args) {
  return execFileSync(helm, args, { env: helmEnv, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
}

function valuesArgs(files, set) {
  const args = [];
  for (const file of files) args.push("-f", path.join(chart, "ci", file));
  for (const [key, value] of Object.entries(set ?? {})) {
    args.push(typeof value === "string" ? "--set-string" : "--set", `${key}=${value}`);
  }
  return args;
}

export function render(files, set, extra = []) {
  const out = runHelm(["template", "rel", chart, "--namespace", "heartbeat", ...valuesArgs(files, set), ...extra]);
  return tools.yaml.parseAllDocuments(out).map((doc) => doc.toJS()).filter((doc) => doc);
}

let passed = 0;
let failed = 0;
function check(name, body) {
  try {
    body();
    passed++;
    console.log(`ok - ${name}`);
  } catch (error) {
    failed++;
    console.log(`not ok - ${name}\n  ${String(error.stack ?? error).split("\n").join("\n  ")}`);
  }
}

// Every ci file must be linted, rendered and asserted on by some scenario.
const ciFiles = fs.readdirSync(path.join(chart, "ci")).filter((file) => file.endsWith("-values.yaml")).sort();
const covered = new Set(scenarios.flatMap((scenario) => scenario.files ?? []));
check("every ci/*-values.yaml has a scenario", () => {
  assert.deepEqual(ciFiles.filter((file) => !covered.has(file)), []);
});

for (const file of ciFiles) {
  check(`helm lint --strict -f ci/${file}`, () => {
    runHelm(["lint", "--strict", chart, "-f", path.join(chart, "ci", file)]);
  });
}

const context = { repoRoot, chart, yaml: tools.yaml, render, runHelm, valuesArgs };
for (const scenario of scenarios) {
  check(scenario.name, () => {
    if (scenario.fails) {
      // Values the schema must refuse: helm exits non-zero naming the value.
      let message = "";
      try {
        render(scenario.files ?? [], scenario.set);
      } catch (error) {
        message = String(error.stderr ?? error.message);
      }
      assert.match(message, scenario.fails, "helm should have refused these values");
      return;
    }
    const docs = render(scenario.files ?? [], scenario.set);
    assert.deepEqual(validateDocuments(tools, docs), [], "rendered documents must validate");
    scenario.check(docs, context);
  });
}

console.log(`\nchart: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed === 0 ? 0 : 1);
