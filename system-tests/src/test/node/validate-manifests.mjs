// Validates Kubernetes manifests (multi-document YAML on stdin) against the API schemas of
// kubernetes-models (Kubernetes 1.27) and the CRD schemas of the operators the chart uses
// (KEDA, Prometheus Operator, CloudNativePG, Strimzi; the Keycloak Operator publishes none).
// Prints one line per object; exits 1 if any object is invalid or of a kind it cannot check.
import { parseAllDocuments } from "yaml";
import { readFileSync } from "node:fs";

const packages = {
  "keda.sh": "@kubernetes-models/keda",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
};
// Groups whose operators publish no schema package: listed as unchecked, never as valid.
const unchecked = new Set(["k8s.keycloak.org"]);

async function modelOf(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const base = packages[group] ?? "kubernetes-models";
  const path = group && !packages[group] ? `${base}/${group}/${version}` : group ? `${base}/${group}/${version}` : `${base}/${version}`;
  const module = await import(path);
  return module[kind];
}

const text = readFileSync(0, "utf8");
let failures = 0;
let checked = 0;
let uncheckedCount = 0;
for (const doc of parseAllDocuments(text)) {
  const object = doc.toJS();
  if (!object) continue;
  const name = `${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
  if (unchecked.has(String(object.apiVersion).split("/")[0])) {
    uncheckedCount++;
    console.log(`unchecked ${object.apiVersion} ${name} (no schema published for it)`);
    continue;
  }
  try {
    const Model = await modelOf(object.apiVersion, object.kind);
    if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
    new Model(object).validate();
    checked++;
    console.log(`valid   ${object.apiVersion} ${name}`);
  } catch (e) {
    failures++;
    console.log(`INVALID ${object.apiVersion} ${name}: ${e.message.split("\n").slice(0, 6).join(" | ")}`);
  }
}
console.log(`${checked} valid, ${failures} invalid, ${uncheckedCount} unchecked`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);
