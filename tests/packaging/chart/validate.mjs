// Offline validation of rendered manifests: the Kubernetes and Prometheus Operator schemas of
// the npm packages kubernetes-models and @kubernetes-models/prometheus-operator, plus what those
// schemas let through and an API server would not (or what would only fail at run time):
// unknown fields, a container without an image, names and label values too long or malformed.
import { createRequire } from "node:module";
import path from "node:path";

export function loadTools(nodeDir) {
  const require = createRequire(path.join(nodeDir, "package.json"));
  return { require, yaml: require("yaml") };
}

// apiVersion + kind -> the model class of the packages (its prototype holds the validator).
function modelFor(require, apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion : `v1`;
  const pkg = apiVersion.startsWith("monitoring.coreos.com/")
    ? `@kubernetes-models/prometheus-operator/${group}/${kind}`
    : `kubernetes-models/${group}/${kind}`;
  try {
    return require(pkg)[kind];
  } catch (error) {
    return null;
  }
}

// Wraps a document so that every property the schema validator looks at is recorded. The
// compiled validators read each property their schema declares (and enumerate the keys of maps
// such as labels), so a key that was present but never read is unknown to the schema.
function tracked(value, where, objects) {
  if (value === null || typeof value !== "object") return value;
  const record = { value, where, read: new Set(), enumerated: false };
  objects.push(record);
  const children = new Map();
  return new Proxy(value, {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver);
      if (typeof key !== "string") return child;
      record.read.add(key);
      if (child === null || typeof child !== "object") return child;
      if (!children.has(key)) children.set(key, tracked(child, `${where}.${key}`, objects));
      return children.get(key);
    },
    has(target, key) {
      if (typeof key === "string") record.read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      record.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
// Services and the pod template's containers/ports need RFC 1123 labels, not subdomains.
const LABEL_NAMED_KINDS = new Set(["Service"]);

function podSpecOf(doc) {
  if (doc.kind === "Pod") return doc.spec;
  if (["StatefulSet", "Deployment", "DaemonSet", "Job"].includes(doc.kind)) return doc.spec?.template?.spec;
  return null;
}

// Returns a list of sentences, empty when every document is valid.
export function validateDocuments(tools, docs) {
  const problems = [];
  for (const doc of docs) {
    const id = `${doc?.kind}/${doc?.metadata?.name}`;
    if (!doc?.apiVersion || !doc?.kind) {
      problems.push(`${id}: no apiVersion or kind`);
      continue;
    }
    const Model = modelFor(tools.require, doc.apiVersion, doc.kind);
    if (!Model) {
      problems.push(`${id}: no schema for ${doc.apiVersion} ${doc.kind}`);
      continue;
    }
    const objects = [];
    try {
      Model.prototype.validate.call(tracked(doc, id, objects));
    } catch (error) {
      problems.push(`${id}: ${error.message}`);
    }
    for (const { value, where, read, enumerated } of objects) {
      if (Array.isArray(value) || enumerated || read.size === 0) continue; // list, map or free-form
      for (const key of Object.keys(value)) {
        if (!read.has(key)) problems.push(`${where}: unknown field "${key}"`);
      }
    }

    const name = doc.metadata?.name ?? "";
    const pattern = LABEL_NAMED_KINDS.has(doc.kind) ? DNS_LABEL : DNS_SUBDOMAIN;
    const limit = LABEL_NAMED_KINDS.has(doc.kind) ? 63 : 253;
    if (!pattern.test(name) || name.length > limit) problems.push(`${id}: invalid name`);
    for (const [key, value] of Object.entries(doc.metadata?.labels ?? {})) {
      if (typeof value !== "string" || value.length > 63 || !LABEL_VALUE.test(value)) {
        problems.push(`${id}: label ${key} has an invalid value ${JSON.stringify(value)}`);
      }
    }

    const podSpec = podSpecOf(doc);
    if (podSpec) {
      for (const container of [...(podSpec.containers ?? []), ...(podSpec.initContainers ?? [])]) {
        if (typeof container.image !== "string" || container.image.trim() === "") {
          problems.push(`${id}: container ${container.name} has no image`);
        }
        if (!DNS_LABEL.test(container.name ?? "")) problems.push(`${id}: container name ${container.name}`);
      }
      const volumes = new Set((podSpec.volumes ?? []).map((volume) => volume.name));
      for (const container of podSpec.containers ?? []) {
        for (const mount of container.volumeMounts ?? []) {
          if (!volumes.has(mount.name)) problems.push(`${id}: mount ${mount.name} has no volume`);
        }
      }
    }
  }
  return problems;
}
