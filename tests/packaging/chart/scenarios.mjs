// What each values file and --set case must render. One scenario per toggle or group of
// values; chart_test.mjs renders it, validates every document, then runs `check`.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

const all = (docs, kind) => docs.filter((doc) => doc.kind === kind);
function one(docs, kind, name) {
  const found = all(docs, kind).filter((doc) => name === undefined || doc.metadata.name === name);
  assert.equal(found.length, 1, `expected one ${kind}${name ? ` ${name}` : ""}, got ${found.length}`);
  return found[0];
}
const none = (docs, kind) => assert.deepEqual(all(docs, kind).map((doc) => doc.metadata.name), [], `no ${kind} expected`);
const statefulSet = (docs) => one(docs, "StatefulSet");
const podSpec = (docs) => statefulSet(docs).spec.template.spec;
const container = (docs) => podSpec(docs).containers[0];
const args = (docs) => container(docs).args;
const volume = (docs, name) => podSpec(docs).volumes.find((v) => v.name === name);
const mount = (docs, name) => container(docs).volumeMounts.find((m) => m.name === name);
const secretKeys = (secret) => Object.keys({ ...secret.data, ...secret.stringData }).sort();
const decode = (text) => Buffer.from(text, "base64").toString("utf8");
const configFile = (docs, yaml) => yaml.parse(one(docs, "ConfigMap", "rel-heartbeat-exporter-config").data["config.yaml"]);
const testPod = (docs) => all(docs, "Pod").find((pod) => pod.metadata.annotations?.["helm.sh/hook"] === "test");

function hasArg(docs, flag) {
  assert.ok(args(docs).includes(flag), `args lack ${flag}: ${args(docs).join(" ")}`);
}
function lacksArgPrefix(docs, prefix) {
  assert.ok(!args(docs).some((arg) => arg.startsWith(prefix)), `args should not have ${prefix}`);
}

// The done-when case of the issue: defaults, ServiceMonitor, PrometheusRule, two applications.
const doneWhen = {
  "serviceMonitor.enabled": true,
  "prometheusRule.enabled": true,
  "applications[0].name": "backup",
  "applications[0].interval": "1d",
  "applications[1].name": "photos",
  "applications[1].interval": "6h",
};

export const scenarios = [
  {
    name: "defaults: a hardened single-replica StatefulSet with a PVC, Service, Secrets, no extras",
    files: ["defaults-values.yaml"],
    check(docs, { yaml }) {
      assert.deepEqual(
        docs.map((doc) => doc.kind).sort(),
        ["ConfigMap", "PersistentVolumeClaim", "Pod", "Secret", "Secret", "Service", "ServiceAccount", "StatefulSet"],
      );
      const sts = statefulSet(docs);
      assert.equal(sts.spec.replicas, 1);
      assert.equal(sts.spec.serviceName, "rel-heartbeat-exporter");
      assert.equal(sts.metadata.namespace, "heartbeat");
      const pod = podSpec(docs);
      assert.equal(pod.securityContext.runAsNonRoot, true);
      assert.equal(pod.securityContext.runAsUser, 10001);
      assert.equal(pod.securityContext.fsGroup, 10001);
      assert.equal(pod.securityContext.seccompProfile.type, "RuntimeDefault");
      assert.equal(pod.automountServiceAccountToken, false);
      assert.equal(pod.enableServiceLinks, false);
      assert.equal(pod.serviceAccountName, "rel-heartbeat-exporter");
      assert.equal(pod.terminationGracePeriodSeconds, 30);
      const c = container(docs);
      assert.equal(c.image, "heartbeat-exporter:0.1.0");
      assert.equal(c.imagePullPolicy, "IfNotPresent");
      assert.deepEqual(c.securityContext.capabilities.drop, ["ALL"]);
      assert.equal(c.securityContext.readOnlyRootFilesystem, true);
      assert.equal(c.securityContext.allowPrivilegeEscalation, false);
      assert.equal(c.securityContext.runAsNonRoot, true);
      assert.equal(c.securityContext.seccompProfile.type, "RuntimeDefault");
      assert.deepEqual(c.resources, { requests: { cpu: "20m", memory: "32Mi" }, limits: { memory: "256Mi" } });
      assert.deepEqual(c.ports, [{ name: "http", containerPort: 9799, protocol: "TCP" }]);
      assert.deepEqual(c.livenessProbe, {
        httpGet: { path: "/-/healthy", port: "http", scheme: "HTTP" },
        initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3,
      });
      assert.deepEqual(c.readinessProbe, {
        httpGet: { path: "/-/ready", port: "http", scheme: "HTTP" },
        initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 2,
      });
      assert.deepEqual(args(docs), [
        "--web.listen-address=:9799",
        "--web.telemetry-path=/metrics",
        "--storage.path=/data/heartbeat.db",
        "--storage.sync=full",
        "--storage.retention.signals=100",
        "--signal.body-limit=100KiB",
        "--config.file=/etc/heartbeat/config/config.yaml",
        "--web.admin-token-file=/etc/heartbeat/admin/admin-token",
        "--log.level=info",
        "--log.format=logfmt",
      ]);
      assert.equal(c.env, undefined);
      // The data on the chart's PVC, kept on uninstall; /tmp writable despite the read-only root.
      assert.deepEqual(volume(docs, "data").persistentVolumeClaim, { claimName: "rel-heartbeat-exporter-data" });
      assert.equal(mount(docs, "data").mountPath, "/data");
      assert.equal(mount(docs, "tmp").mountPath, "/tmp");
      const pvc = one(docs, "PersistentVolumeClaim", "rel-heartbeat-exporter-data");
      assert.deepEqual(pvc.spec.accessModes, ["ReadWriteOnce"]);
      assert.equal(pvc.spec.resources.requests.storage, "1Gi");
      assert.equal(pvc.spec.storageClassName, undefined, "the default StorageClass is used");
      assert.equal(pvc.metadata.annotations["helm.sh/resource-policy"], "keep");
      // An empty application list, and the admin token generated into its Secret.
      assert.deepEqual(configFile(docs, yaml), { applications: [] });
      const admin = one(docs, "Secret", "rel-heartbeat-exporter-admin-token");
      assert.match(decode(admin.data["admin-token"]), /^[A-Za-z0-9]{43}$/);
      assert.equal(volume(docs, "admin-token").secret.secretName, "rel-heartbeat-exporter-admin-token");
      assert.deepEqual(secretKeys(one(docs, "Secret", "rel-heartbeat-exporter-tokens")), []);
      assert.match(sts.spec.template.metadata.annotations["checksum/config"], /^[0-9a-f]{64}$/);
      assert.match(sts.spec.template.metadata.annotations["checksum/web-config"], /^[0-9a-f]{64}$/);
      assert.equal(sts.spec.template.metadata.annotations["checksum/secrets"], undefined, "random tokens are not hashed");
      const service = one(docs, "Service");
      assert.equal(service.spec.type, "ClusterIP");
      assert.deepEqual(service.spec.ports, [{ name: "http", port: 9799, targetPort: "http", protocol: "TCP" }]);
      assert.deepEqual(service.spec.selector, sts.spec.selector.matchLabels);
      assert.equal(one(docs, "ServiceAccount").automountServiceAccountToken, false);
      for (const kind of ["Ingress", "ServiceMonitor", "PrometheusRule"]) none(docs, kind);
    },
  },
  {
    name: "done-when: defaults + serviceMonitor + prometheusRule + two applications render and validate",
    set: doneWhen,
    check(docs, { yaml }) {
      one(docs, "ServiceMonitor");
      one(docs, "PrometheusRule");
      const apps = configFile(docs, yaml).applications;
      assert.deepEqual(apps.map((app) => app.name), ["backup", "photos"]);
      assert.deepEqual(secretKeys(one(docs, "Secret", "rel-heartbeat-exporter-tokens")), ["backup", "photos"]);
    },
  },
  {
    name: "persistence.enabled=false: an emptyDir, no PVC",
    files: ["persistence-off-values.yaml"],
    check(docs, { yaml }) {
      none(docs, "PersistentVolumeClaim");
      assert.deepEqual(volume(docs, "data").emptyDir, {});
      assert.deepEqual(configFile(docs, yaml).applications, [
        { name: "demo", interval: "5m", token_file: "/etc/heartbeat/tokens/demo" },
      ]);
    },
  },
  {
    name: "applications: rendered into the config file, tokens generated for push applications only",
    files: ["monitoring-values.yaml"],
    check(docs, { yaml }) {
      assert.deepEqual(configFile(docs, yaml).applications, [
        {
          name: "nightly-backup", team: "platform", schedule: "30 2 * * *", timezone: "Europe/Zurich",
          grace: "1h", token_file: "/etc/heartbeat/tokens/nightly-backup",
        },
        { name: "sync.photos", interval: "6h", grace: "30m", manual_resume: true, token_file: "/etc/heartbeat/tokens/sync.photos" },
        {
          name: "api", team: "web",
          probe: { url: "http://api.default.svc:8080/health", interval: "30s", timeout: "5s", healthy_threshold: 2, unhealthy_threshold: 2 },
        },
      ]);
      const tokens = one(docs, "Secret", "rel-heartbeat-exporter-tokens");
      assert.deepEqual(secretKeys(tokens), ["nightly-backup", "sync.photos"]);
      for (const token of Object.values(tokens.data)) assert.match(decode(token), /^[A-Za-z0-9]{32}$/);
      assert.notEqual(tokens.data["nightly-backup"], tokens.data["sync.photos"]);
      assert.equal(mount(docs, "tokens").mountPath, "/etc/heartbeat/tokens");
      assert.equal(mount(docs, "tokens").subPath, undefined, "no subPath: rotated files reach the pod");
      assert.equal(volume(docs, "tokens").secret.secretName, "rel-heartbeat-exporter-tokens");
      // The test pod shows each declared application.
      assert.match(testPod(docs).spec.containers[0].command[2], /for name in 'nightly-backup' 'sync.photos' 'api' ;/);
    },
  },
  {
    name: "applications: a change changes the pod's checksum (the pod rolls), the same values do not",
    files: ["monitoring-values.yaml"],
    check(docs, { render }) {
      const checksum = (d) => statefulSet(d).spec.template.metadata.annotations["checksum/config"];
      // Stable although helm template generates new tokens on every render.
      assert.equal(checksum(render(["monitoring-values.yaml"])), checksum(docs));
      const podTemplate = (d) => JSON.stringify(statefulSet(d).spec.template);
      assert.equal(podTemplate(render(["monitoring-values.yaml"])), podTemplate(docs));
      const changed = render(["monitoring-values.yaml"], { "applications[1].grace": "45m" });
      assert.notEqual(checksum(changed), checksum(docs));
    },
  },
  {
    name: "serviceMonitor: selects the Service, port, path, interval, job label, labels, relabelings",
    files: ["monitoring-values.yaml"],
    check(docs) {
      const monitor = one(docs, "ServiceMonitor");
      const service = one(docs, "Service");
      assert.equal(monitor.metadata.namespace, "heartbeat");
      assert.equal(monitor.metadata.labels.release, "kube-prometheus-stack");
      assert.deepEqual(monitor.spec.namespaceSelector, { matchNames: ["heartbeat"] });
      for (const [key, value] of Object.entries(monitor.spec.selector.matchLabels)) {
        assert.equal(service.metadata.labels[key], value, `the Service lacks ${key}=${value}`);
      }
      const [endpoint] = monitor.spec.endpoints;
      assert.equal(endpoint.port, service.spec.ports[0].name);
      assert.equal(endpoint.path, "/metrics");
      assert.equal(endpoint.scheme, "http");
      assert.equal(endpoint.interval, "15s");
      assert.equal(endpoint.scrapeTimeout, "5s");
      assert.deepEqual(endpoint.relabelings, [
        { action: "replace", targetLabel: "job", replacement: "heartbeat" },
        { action: "replace", targetLabel: "cluster", replacement: "prod-eu" },
      ]);
      assert.deepEqual(endpoint.metricRelabelings, [{ action: "drop", sourceLabels: ["__name__"], regex: "process_open_fds" }]);
      assert.equal(endpoint.tlsConfig, undefined);
      assert.equal(endpoint.basicAuth, undefined);
    },
  },
  {
    name: "prometheusRule: the groups of every alerts/*.rules.yaml, runbook URL rewritten, labels",
    files: ["monitoring-values.yaml"],
    check(docs, { yaml, repoRoot }) {
      const rule = one(docs, "PrometheusRule");
      assert.equal(rule.metadata.labels.release, "kube-prometheus-stack");
      assert.equal(rule.metadata.namespace, "heartbeat");
      // Helm's Files.Glob walks the files in name order.
      const alerts = path.join(repoRoot, "alerts");
      const files = fs.readdirSync(alerts).filter((f) => f.endsWith(".rules.yaml")).sort();
      assert.ok(files.length >= 2, "the push and the probe rules");
      const source = { groups: files.flatMap((f) => yaml.parse(fs.readFileSync(path.join(alerts, f), "utf8")).groups) };
      for (const group of source.groups) {
        for (const r of group.rules) {
          r.annotations.runbook_url = r.annotations.runbook_url.replace("docs/runbook.md#", "https://wiki.example.com/heartbeat/runbook.md#");
        }
      }
      assert.deepEqual(rule.spec, source);
      assert.match(JSON.stringify(rule.spec), /up\{job=\\"heartbeat\\"\}/);
    },
  },
  {
    name: "serviceMonitor.jobLabel: the scrape job and the rules' job matcher follow it",
    set: { ...doneWhen, "serviceMonitor.jobLabel": "heartbeat-prod" },
    check(docs) {
      assert.equal(one(docs, "ServiceMonitor").spec.endpoints[0].relabelings[0].replacement, "heartbeat-prod");
      const text = JSON.stringify(one(docs, "PrometheusRule").spec);
      assert.match(text, /up\{job=\\"heartbeat-prod\\"\} == 0 or absent\(up\{job=\\"heartbeat-prod\\"\}\)/);
      assert.doesNotMatch(text, /job=\\"heartbeat\\"/);
      // Unset, the runbook URLs stay relative to the repository.
      assert.match(text, /"runbook_url":"docs\/runbook.md#heartbeatmissing"/);
    },
  },
  {
    name: "dashboards: one ConfigMap per dashboards/*.json, byte for byte, sidecar label and folder",
    files: ["monitoring-values.yaml"],
    check(docs, { repoRoot }) {
      const sources = fs.readdirSync(path.join(repoRoot, "dashboards")).filter((f) => f.endsWith(".json")).sort();
      const maps = all(docs, "ConfigMap").filter((map) => map.metadata.labels.grafana_dashboard !== undefined);
      assert.equal(maps.length, sources.length);
      for (const file of sources) {
        const map = maps.find((m) => m.data[file] !== undefined);
        assert.ok(map, `no ConfigMap holds ${file}`);
        assert.equal(map.metadata.namespace, "monitoring");
        assert.equal(map.metadata.labels.grafana_dashboard, "1");
        assert.equal(map.metadata.annotations.grafana_folder, "Heartbeat");
        const original = fs.readFileSync(path.join(repoRoot, "dashboards", file), "utf8");
        assert.equal(map.data[file], original.replace(/\n$/, ""));
        JSON.parse(map.data[file]);
      }
    },
  },
  {
    name: "dashboards: label and value configurable, namespace defaults to the release's",
    set: { "dashboards.enabled": true, "dashboards.label": "my_dashboards", "dashboards.labelValue": "heartbeat" },
    check(docs) {
      const maps = all(docs, "ConfigMap").filter((map) => map.metadata.labels.my_dashboards === "heartbeat");
      assert.equal(maps.length, 3);
      for (const map of maps) {
        assert.equal(map.metadata.labels.grafana_dashboard, undefined);
        assert.equal(map.metadata.namespace, "heartbeat");
        assert.equal(map.metadata.annotations, undefined);
      }
    },
  },
  {
    name: "monitoring namespaces: ServiceMonitor and PrometheusRule where Prometheus looks",
    set: { ...doneWhen, "serviceMonitor.namespace": "monitoring", "prometheusRule.namespace": "monitoring" },
    check(docs) {
      assert.equal(one(docs, "ServiceMonitor").metadata.namespace, "monitoring");
      assert.deepEqual(one(docs, "ServiceMonitor").spec.namespaceSelector.matchNames, ["heartbeat"]);
      assert.equal(one(docs, "PrometheusRule").metadata.namespace, "monitoring");
    },
  },
  {
    name: "existing secrets and claim: nothing secret is created, the pod mounts the user's",
    files: ["existing-secrets-values.yaml"],
    check(docs) {
      none(docs, "Secret");
      none(docs, "PersistentVolumeClaim");
      assert.equal(volume(docs, "tokens").secret.secretName, "heartbeat-tokens");
      assert.equal(volume(docs, "admin-token").secret.secretName, "heartbeat-admin");
      assert.equal(volume(docs, "web-config").secret.secretName, "heartbeat-web-config");
      assert.equal(volume(docs, "data").persistentVolumeClaim.claimName, "heartbeat-data");
      hasArg(docs, "--web.admin-token-file=/etc/heartbeat/admin/token");
      hasArg(docs, "--web.config.file=/etc/heartbeat/web/web-config.yml");
      assert.equal(mount(docs, "web-config").mountPath, "/etc/heartbeat/web");
      assert.equal(container(docs).livenessProbe.httpGet.scheme, "HTTPS");
      assert.equal(container(docs).readinessProbe.httpGet.scheme, "HTTPS");
      const test = testPod(docs);
      assert.equal(test.spec.volumes[0].secret.secretName, "heartbeat-admin");
      assert.match(test.spec.containers[0].command[2], /--admin-token-file=\/etc\/heartbeat\/admin\/token/);
      assert.equal(test.spec.containers[0].env[0].value, "https://rel-heartbeat-exporter.heartbeat.svc:9799");
    },
  },
  {
    name: "ingress: class, hosts, TLS, annotations, backend; external URL flag",
    files: ["ingress-values.yaml"],
    check(docs) {
      const ingress = one(docs, "Ingress");
      assert.equal(ingress.spec.ingressClassName, "nginx");
      assert.equal(ingress.metadata.annotations["cert-manager.io/cluster-issuer"], "letsencrypt");
      assert.deepEqual(ingress.spec.tls, [{ hosts: ["heartbeat.example.com"], secretName: "heartbeat-example-com-tls" }]);
      assert.deepEqual(ingress.spec.rules, [{
        host: "heartbeat.example.com",
        http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "rel-heartbeat-exporter", port: { name: "http" } } } }] },
      }]);
      hasArg(docs, "--web.external-url=https://heartbeat.example.com");
    },
  },
  {
    name: "tls + basic auth: web config Secret, certificate mount, HTTPS probes with header, scrape auth",
    files: ["tls-values.yaml"],
    check(docs, { yaml, render }) {
      const secret = one(docs, "Secret", "rel-heartbeat-exporter-web-config");
      assert.deepEqual(yaml.parse(secret.stringData["web-config.yml"]), {
        tls_server_config: { cert_file: "/etc/heartbeat/tls/tls.crt", key_file: "/etc/heartbeat/tls/tls.key" },
        basic_auth_users: { prometheus: "$2b$10$zAFZi3XGWHJmOXtVdETeO.kDqSUuwFBJSQH6IMUgQ90oe8s3xv4hO" },
      });
      hasArg(docs, "--web.config.file=/etc/heartbeat/web/web-config.yml");
      assert.equal(volume(docs, "web-config").secret.secretName, "rel-heartbeat-exporter-web-config");
      assert.equal(volume(docs, "tls").secret.secretName, "heartbeat-tls");
      assert.equal(mount(docs, "tls").mountPath, "/etc/heartbeat/tls");
      for (const probe of [container(docs).livenessProbe, container(docs).readinessProbe]) {
        assert.equal(probe.httpGet.scheme, "HTTPS");
        assert.deepEqual(probe.httpGet.httpHeaders, [{ name: "Authorization", value: "Basic cHJvbWV0aGV1czpzY3JhcGUtc2VjcmV0" }]);
      }
      const [endpoint] = one(docs, "ServiceMonitor").spec.endpoints;
      assert.equal(endpoint.scheme, "https");
      assert.deepEqual(endpoint.tlsConfig, { ca: { secret: { name: "heartbeat-tls", key: "ca.crt" } }, serverName: "heartbeat-exporter.monitoring.svc" });
      assert.deepEqual(endpoint.basicAuth, { username: { name: "heartbeat-scrape", key: "username" }, password: { name: "heartbeat-scrape", key: "password" } });
      const test = testPod(docs);
      assert.match(test.spec.containers[0].command[2], /--ca-file=\/etc\/heartbeat\/tls\/ca.crt/);
      assert.ok(test.spec.volumes.some((v) => v.secret?.secretName === "heartbeat-tls"));
      // A changed web config rolls the pod too.
      const checksum = (d) => statefulSet(d).spec.template.metadata.annotations["checksum/web-config"];
      const otherUser = render(["tls-values.yaml"], { "webConfig.config.basic_auth_users.grafana": "$2b$10$abc" });
      assert.notEqual(checksum(otherUser), checksum(docs));
    },
  },
  {
    name: "overrides: names, image digest, flags, env, pod extras, PVC, NodePort, tcpSocket probes, scheduling",
    files: ["overrides-values.yaml"],
    check(docs) {
      const sts = statefulSet(docs);
      assert.equal(sts.metadata.name, "heartbeat");
      assert.equal(sts.spec.selector.matchLabels["app.kubernetes.io/name"], "hb");
      const c = container(docs);
      assert.equal(c.image, "registry.example.com/ops/heartbeat-exporter@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
      assert.equal(c.imagePullPolicy, "Always");
      const pod = podSpec(docs);
      assert.deepEqual(pod.imagePullSecrets, [{ name: "registry-example-com" }]);
      assert.equal(pod.serviceAccountName, "heartbeat-sa");
      const account = one(docs, "ServiceAccount", "heartbeat-sa");
      assert.equal(account.metadata.annotations["example.com/owner"], "ops");
      for (const flag of [
        "--log.level=debug", "--log.format=json", "--storage.sync=normal", "--storage.retention.signals=500",
        "--signal.body-limit=10KiB", "--metrics.statuscope-compat", "--web.telemetry-path=/prometheus/metrics",
        "--web.worker-threads=16",
      ]) hasArg(docs, flag);
      assert.deepEqual(c.env, [{ name: "TZ", value: "Europe/Zurich" }]);
      assert.equal(sts.spec.template.metadata.annotations["example.com/scrape-note"], "via-servicemonitor");
      assert.equal(sts.spec.template.metadata.labels["example.com/tier"], "monitoring");
      const pvc = one(docs, "PersistentVolumeClaim", "heartbeat-data");
      assert.equal(pvc.spec.storageClassName, "");
      assert.deepEqual(pvc.spec.accessModes, ["ReadWriteOncePod"]);
      assert.equal(pvc.spec.resources.requests.storage, "5Gi");
      assert.deepEqual(pvc.metadata.annotations, { "example.com/backup": "daily" });
      const service = one(docs, "Service", "heartbeat");
      assert.equal(service.spec.type, "NodePort");
      assert.deepEqual(service.spec.ports[0], { name: "http", port: 8080, targetPort: "http", protocol: "TCP", nodePort: 30799 });
      assert.equal(service.metadata.annotations["example.com/lb"], "internal");
      assert.equal(service.metadata.labels["example.com/exposed"], "true");
      assert.deepEqual(c.livenessProbe, { tcpSocket: { port: "http" }, initialDelaySeconds: 5, periodSeconds: 20, timeoutSeconds: 2, failureThreshold: 6 });
      assert.deepEqual(c.readinessProbe, { tcpSocket: { port: "http" }, initialDelaySeconds: 1, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 });
      assert.deepEqual(c.resources, { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "1", memory: "512Mi" } });
      assert.equal(pod.terminationGracePeriodSeconds, 60);
      assert.equal(pod.priorityClassName, "monitoring-critical");
      assert.deepEqual(pod.nodeSelector, { "kubernetes.io/os": "linux" });
      assert.equal(pod.tolerations[0].value, "monitoring");
      assert.equal(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key, "example.com/pool");
      assert.equal(testPod(docs), undefined, "test.enabled=false");
    },
  },
  {
    name: "image.tag, storageClass, ClusterIP ignores nodePort",
    set: { "image.tag": "1.2.3", "persistence.storageClass": "fast-ssd", "service.nodePort": 30001 },
    check(docs) {
      assert.equal(container(docs).image, "heartbeat-exporter:1.2.3");
      assert.equal(one(docs, "PersistentVolumeClaim").spec.storageClassName, "fast-ssd");
      assert.equal(one(docs, "Service").spec.ports[0].nodePort, undefined);
    },
  },
  {
    name: "serviceAccount.create=false and automountServiceAccountToken=true",
    set: { "serviceAccount.create": false, "automountServiceAccountToken": true },
    check(docs) {
      none(docs, "ServiceAccount");
      assert.equal(podSpec(docs).serviceAccountName, "default");
      assert.equal(podSpec(docs).automountServiceAccountToken, true);
    },
  },
  {
    name: "pod and container securityContext and the admin token key are configurable",
    set: {
      "podSecurityContext.runAsUser": 20000, "securityContext.readOnlyRootFilesystem": false,
      "adminToken.key": "token", "webConfig.scheme": "HTTPS", "webConfig.existingSecret": "mine",
    },
    check(docs) {
      assert.equal(podSpec(docs).securityContext.runAsUser, 20000);
      assert.equal(container(docs).securityContext.readOnlyRootFilesystem, false);
      assert.ok(one(docs, "Secret", "rel-heartbeat-exporter-admin-token").data.token);
      hasArg(docs, "--web.admin-token-file=/etc/heartbeat/admin/token");
      assert.equal(container(docs).readinessProbe.httpGet.scheme, "HTTPS");
    },
  },
  {
    name: "webConfig off: no flag, no Secret, no mount",
    set: { "webConfig.tlsSecret": "" },
    check(docs) {
      lacksArgPrefix(docs, "--web.config.file");
      assert.equal(volume(docs, "web-config"), undefined);
      assert.equal(volume(docs, "tls"), undefined);
    },
  },
  {
    name: "persistence.keepOnUninstall=false drops the keep policy",
    set: { "persistence.keepOnUninstall": false },
    check(docs) {
      assert.equal(one(docs, "PersistentVolumeClaim").metadata.annotations, undefined);
    },
  },
  { name: "schema refuses an unknown value (replicaCount: the chart runs one pod)", set: { replicaCount: 2 }, fails: /replicaCount/ },
  { name: "schema refuses a bad application name", set: { "applications[0].name": "a/b" }, fails: /applications\.0\.name/ },
  { name: "schema refuses a bad duration", set: { "applications[0].name": "a", "applications[0].interval": "1x" }, fails: /applications\.0\.interval/ },
  { name: "schema refuses token_file in an application (the chart owns tokens)", set: { "applications[0].name": "a", "applications[0].token_file": "/x" }, fails: /token_file/ },
  { name: "schema refuses an unknown storage sync mode", set: { "exporter.storageSync": "sometimes" }, fails: /storageSync/ },
];
