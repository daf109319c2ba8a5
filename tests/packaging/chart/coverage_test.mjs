// What keeps the chart honest without rendering it:
// - its alert rules and dashboards are byte copies of alerts/ and dashboards/ (one source of
//   truth; fix a difference with helm/sync-chart-files.sh);
// - values.schema.json has a node for every value of values.yaml;
// - the chart README's table lists every value, and every application key.
//
// Usage: node coverage_test.mjs NODE_DIR REPO_ROOT
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { loadTools } from "./validate.mjs";

const [nodeDir, repoRoot] = process.argv.slice(2);
const chart = path.join(repoRoot, "helm/heartbeat-exporter");
const { yaml } = loadTools(nodeDir);

let passed = 0;
let failed = 0;
function check(name, body) {
  try {
    body();
    passed++;
    console.log(`ok - ${name}`);
  } catch (error) {
    failed++;
    console.log(`not ok - ${name}\n  ${String(error.message).split("\n").join("\n  ")}`);
  }
}

const read = (...parts) => fs.readFileSync(path.join(...parts));
const jsonFiles = (dir) => fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

const ruleFiles = (dir) => fs.readdirSync(dir).filter((f) => f.endsWith(".rules.yaml")).sort();

check("files/*.rules.yaml are alerts/*.rules.yaml (run helm/sync-chart-files.sh)", () => {
  const copy = path.join(chart, "files");
  const source = path.join(repoRoot, "alerts");
  assert.deepEqual(ruleFiles(copy), ruleFiles(source));
  for (const file of ruleFiles(source)) {
    assert.ok(read(copy, file).equals(read(source, file)), `${file} differs`);
  }
});

check("files/dashboards/ is dashboards/ (run helm/sync-chart-files.sh)", () => {
  const source = path.join(repoRoot, "dashboards");
  const copy = path.join(chart, "files/dashboards");
  assert.deepEqual(jsonFiles(copy), jsonFiles(source));
  for (const file of jsonFiles(source)) {
    assert.ok(read(copy, file).equals(read(source, file)), `${file} differs`);
  }
});

// Leaf paths of values.yaml: scalars, empty maps and lists; a non-empty list counts as one leaf.
function leaves(value, prefix = "") {
  if (value === null || typeof value !== "object" || Array.isArray(value) || Object.keys(value).length === 0) {
    return [prefix];
  }
  return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
}

// A free-form map in the schema (no properties) covers everything below it.
function schemaNode(schema, dotted) {
  let node = schema;
  for (const key of dotted.split(".")) {
    if (node.properties === undefined && node.type === "object") return node;
    node = node.properties?.[key];
    if (node === undefined) return undefined;
  }
  return node;
}

const values = yaml.parse(read(chart, "values.yaml").toString());
const schema = JSON.parse(read(chart, "values.schema.json").toString());
const valuePaths = leaves(values);

check("values.schema.json covers every value of values.yaml", () => {
  assert.deepEqual(valuePaths.filter((p) => !schemaNode(schema, p)), []);
});

check("values.schema.json rejects unknown values everywhere it lists properties", () => {
  const open = [];
  (function walk(node, where) {
    if (node.properties) {
      if (node.additionalProperties !== false) open.push(where || "(root)");
      for (const [key, child] of Object.entries(node.properties)) walk(child, where ? `${where}.${key}` : key);
    }
    if (node.items) walk(node.items, `${where}[]`);
  })(schema, "");
  assert.deepEqual(open, []);
});

const readme = read(chart, "README.md").toString();
const documented = new Set([...readme.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]));

check("the chart README lists every value of values.yaml", () => {
  assert.deepEqual(valuePaths.filter((p) => !documented.has(p)), []);
});

check("the chart README lists every application key of the schema", () => {
  const app = schema.properties.applications.items.properties;
  const keys = [
    ...Object.keys(app).filter((k) => k !== "probe").map((k) => `applications[].${k}`),
    ...Object.keys(app.probe.properties).map((k) => `applications[].probe.${k}`),
  ];
  assert.deepEqual(keys.filter((k) => !documented.has(k)), []);
});

check("the chart README documents no value that does not exist", () => {
  const known = new Set(valuePaths);
  const stale = [...documented].filter((p) => !known.has(p) && !p.startsWith("applications[]."));
  assert.deepEqual(stale, []);
});

console.log(`\nchart coverage: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
