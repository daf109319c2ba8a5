// Generated tokens are kept across `helm upgrade`: the chart reads its own Secrets back with
// `lookup`. Helm renders here against a stand-in API server on 127.0.0.1 that knows the two
// Secrets of an earlier install and answers discovery, via `helm template --dry-run=server`,
// which performs the same lookups as an upgrade. Then `helm install --dry-run=server` against
// it prints NOTES.txt (`helm template` never renders the notes), which must carry a working
// port-forward and curl example.
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

// Discovery: the kinds the chart renders, so `helm install --dry-run=server` can map them.
const groups = {
  "/api/v1": ["v1", { secrets: "Secret", configmaps: "ConfigMap", services: "Service", serviceaccounts: "ServiceAccount",
    persistentvolumeclaims: "PersistentVolumeClaim", pods: "Pod" }],
  "/apis/apps/v1": ["apps/v1", { statefulsets: "StatefulSet" }],
  "/apis/networking.k8s.io/v1": ["networking.k8s.io/v1", { ingresses: "Ingress" }],
  "/apis/monitoring.coreos.com/v1": ["monitoring.coreos.com/v1", { servicemonitors: "ServiceMonitor", prometheusrules: "PrometheusRule" }],
};
function discovery(pathname) {
  if (pathname === "/version") return { major: "1", minor: "30", gitVersion: "v1.30.0", platform: "linux/amd64" };
  if (pathname === "/api") return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [] };
  if (pathname === "/apis") {
    return {
      kind: "APIGroupList", apiVersion: "v1",
      groups: Object.values(groups).slice(1).map(([gv]) => {
        const [name, version] = gv.split("/");
        const v = { groupVersion: gv, version };
        return { name, versions: [v], preferredVersion: v };
      }),
    };
  }
  if (groups[pathname]) {
    const [groupVersion, kinds] = groups[pathname];
    return {
      kind: "APIResourceList", groupVersion,
      resources: Object.entries(kinds).map(([name, kind]) => ({ name, singularName: kind.toLowerCase(), namespaced: true, kind, verbs: ["get", "list", "create"] })),
    };
  }
  // Helm's release storage: no earlier release recorded (the install below is a first install).
  if (pathname === "/api/v1/namespaces/heartbeat/secrets") return { kind: "SecretList", apiVersion: "v1", metadata: {}, items: [] };
  return null;
}

const requests = [];
const server = http.createServer((req, res) => {
  requests.push(`${req.method} ${req.url}`);
  res.setHeader("Content-Type", "application/json");
  const url = new URL(req.url, "http://localhost");
  const answer = req.method === "GET" ? discovery(url.pathname) : null;
  if (answer) {
    res.end(JSON.stringify(answer));
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

  const install = await promisify(execFile)(helm, [
    // Another release name: a first install, nothing of it in the stand-in cluster.
    "install", "fresh", path.join(repoRoot, "helm/heartbeat-exporter"), "--namespace", "heartbeat", "--dry-run=server",
    "--disable-openapi-validation", "--set", "applications[0].name=kept", "--set", "applications[0].interval=1h",
  ], { env, timeout: 60_000 });
  const notes = install.stdout.slice(install.stdout.indexOf("NOTES:"));
  for (const line of [
    "kubectl -n heartbeat port-forward svc/fresh-heartbeat-exporter 9799:9799",
    "curl -s http://127.0.0.1:9799/-/ready",
    "T=$(kubectl -n heartbeat get secret fresh-heartbeat-exporter-tokens -o jsonpath='{.data.kept}' | base64 -d)",
    "curl -fsS -m 10 --retry 5 http://127.0.0.1:9799/ping/$T",
    "curl -s http://127.0.0.1:9799/metrics | grep 'heartbeat_state{application=\"kept\"'",
    "kubectl -n heartbeat get secret fresh-heartbeat-exporter-admin-token -o jsonpath='{.data.admin-token}' | base64 -d > admin-token",
    "helm test fresh -n heartbeat",
  ]) {
    assert.ok(notes.includes(line), `NOTES lack: ${line}\n${notes}`);
  }
  console.log("ok - NOTES.txt: port-forward, the application's token, a ping and the metrics with curl");
} catch (error) {
  failed = 1;
  console.log(`not ok - lookup\n  ${String(error.stack ?? error).split("\n").join("\n  ")}\n  requests: ${requests.join(", ")}`);
} finally {
  server.close();
  fs.rmSync(home, { recursive: true, force: true });
}
console.log(`\nchart lookup: ${failed ? 0 : 3} passed, ${failed} failed`);
process.exit(failed);
