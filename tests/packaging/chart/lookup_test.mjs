// Generated tokens are kept across `helm upgrade`: the chart reads its own Secrets back with
// `lookup`. Helm renders here against a stand-in API server on 127.0.0.1 that knows the two
// Secrets of an earlier install (lookup needs only discovery of /api/v1 and GET of a Secret),
// via `helm template --dry-run=server`, which performs the same lookups as an upgrade.
//
// Usage: node lookup_test.mjs HELM NODE_DIR REPO_ROOT
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { loadTools } from "./validate.mjs";

const [helm, nodeDir, repoRoot] = process.argv.slice(2);
const { yaml } = loadTools(nodeDir);
const b64 = (text) => Buffer.from(text).toString("base64");
const decode = (text) => Buffer.from(text, "base64").toString("utf8");

// What the earlier release left in the cluster: tokens of "kept" and "dropped", an admin token.
const existing = {
  "rel-heartbeat-exporter-tokens": { kept: b64("kept-token-from-install-1"), dropped: b64("dropped-token-from-install-1") },
  "rel-heartbeat-exporter-admin-token": { "admin-token": b64("admin-token-from-install-1") },
};

const requests = [];
const server = http.createServer((req, res) => {
  requests.push(`${req.method} ${req.url}`);
  res.setHeader("Content-Type", "application/json");
  const url = new URL(req.url, "http://localhost");
  if (url.pathname === "/api/v1") {
    res.end(JSON.stringify({
      kind: "APIResourceList", groupVersion: "v1",
      resources: [{ name: "secrets", singularName: "secret", namespaced: true, kind: "Secret", verbs: ["get"] }],
    }));
    return;
  }
  const match = url.pathname.match(/^\/api\/v1\/namespaces\/heartbeat\/secrets\/([^/]+)$/);
  if (match && existing[match[1]]) {
    res.end(JSON.stringify({
      apiVersion: "v1", kind: "Secret", type: "Opaque",
      metadata: { name: match[1], namespace: "heartbeat" }, data: existing[match[1]],
    }));
    return;
  }
  res.statusCode = 404;
  res.end(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404 }));
});

const home = fs.mkdtempSync(path.join(os.tmpdir(), "heartbeat-helm-lookup-"));
let failed = 0;
try {
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const kubeconfig = path.join(home, "kubeconfig");
  fs.writeFileSync(kubeconfig, yaml.stringify({
    apiVersion: "v1", kind: "Config", "current-context": "stand-in",
    clusters: [{ name: "stand-in", cluster: { server: `http://127.0.0.1:${server.address().port}` } }],
    users: [{ name: "stand-in", user: {} }],
    contexts: [{ name: "stand-in", context: { cluster: "stand-in", user: "stand-in", namespace: "heartbeat" } }],
  }));
  const env = {
    ...process.env, KUBECONFIG: kubeconfig, HELM_CACHE_HOME: path.join(home, "cache"),
    HELM_CONFIG_HOME: path.join(home, "config"), HELM_DATA_HOME: path.join(home, "data"),
  };
  const { stdout } = await promisify(execFile)(helm, [
    "template", "rel", path.join(repoRoot, "helm/heartbeat-exporter"), "--namespace", "heartbeat", "--dry-run=server",
    "--set", "applications[0].name=kept", "--set", "applications[0].interval=1h",
    "--set", "applications[1].name=added", "--set", "applications[1].interval=1h",
  ], { env, timeout: 60_000 });
  const docs = yaml.parseAllDocuments(stdout).map((doc) => doc.toJS()).filter(Boolean);
  const secret = (name) => docs.find((doc) => doc.kind === "Secret" && doc.metadata.name === name);

  const tokens = secret("rel-heartbeat-exporter-tokens").data;
  assert.deepEqual(Object.keys(tokens).sort(), ["added", "kept"], "a removed application's token is dropped");
  assert.equal(decode(tokens.kept), "kept-token-from-install-1", "an existing token is kept");
  assert.match(decode(tokens.added), /^[A-Za-z0-9]{32}$/, "a new application gets a generated token");
  console.log("ok - upgrade keeps the tokens of remaining applications, generates new ones, drops removed ones");

  assert.equal(decode(secret("rel-heartbeat-exporter-admin-token").data["admin-token"]), "admin-token-from-install-1");
  console.log("ok - upgrade keeps the admin token");
  assert.ok(requests.some((r) => r.includes("/secrets/rel-heartbeat-exporter-tokens")), "helm looked the Secret up");
} catch (error) {
  failed = 1;
  console.log(`not ok - lookup\n  ${String(error.stack ?? error).split("\n").join("\n  ")}\n  requests: ${requests.join(", ")}`);
} finally {
  server.close();
  fs.rmSync(home, { recursive: true, force: true });
}
console.log(`\nchart lookup: ${failed ? 0 : 2} passed, ${failed} failed`);
process.exit(failed);
