/*
 * ConfigMaps, Secrets, ServiceAccounts and RBAC across the manifest set: the data keys (IsConfigMapKey) and
 * the keys a Secret type requires, the file modes of config volumes, and what pods and bindings name.
 *
 * A pod's reference to a ConfigMap or Secret absent from the set is a warning, unless the pod template lists
 * it in `cdk8s-patterns/external-refs` (made by another tool) or marks it optional; a missing key of one that
 * is in the set is an error, since the container would not start. A binding's reference to a Role or
 * ServiceAccount absent from the set is a warning (it may exist in the cluster).
 */
import { EXTERNAL_REFS_ANNOTATION } from '../config-source';
import { configDataSize, dockerConfigJson, secretTypeKeys } from '../rules/config';
import { apiGroupsOf, rbacApiGroup, rbacNamespacedResource } from '../rules/rbac';
import { Findings, Json, notInManifests, number, record, records, show, string, stringMap, Subject } from './context';
import { configMapKey, describe, fileMode } from './names';
import { containersOf, PodTemplate } from './workloads';

/** ClusterRoles every cluster has: user-facing roles and the system ones. */
const BUILT_IN_CLUSTER_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'view']);

interface Holder { readonly subject: Subject; readonly keys: ReadonlySet<string> }

export function checkConfigAndRbac(subjects: readonly Subject[], templates: readonly PodTemplate[], findings: Findings): void {
  const held = new Map<string, Holder>();
  // `Kind/namespace/name` of the ServiceAccounts and RBAC objects (cluster-scoped ones with an empty namespace).
  const present = new Set<string>();
  for (const s of subjects) {
    if (s.group === '' && (s.kind === 'ConfigMap' || s.kind === 'Secret')) {
      held.set(`${s.kind}/${s.namespace}/${s.name}`, { subject: s, keys: checkData(s, findings) });
    }
    if (s.group === 'rbac.authorization.k8s.io' || (s.group === '' && s.kind === 'ServiceAccount')) {
      present.add(`${s.kind}/${s.clusterScoped ? '' : s.namespace}/${s.name}`);
    }
  }
  for (const s of subjects) {
    if (s.group !== 'rbac.authorization.k8s.io') continue;
    if (s.kind === 'Role' || s.kind === 'ClusterRole') checkRules(s, findings);
    if (s.kind === 'RoleBinding' || s.kind === 'ClusterRoleBinding') checkBinding(s, present, findings);
  }
  for (const t of templates) checkPodReferences(t, held, present, findings);
}

function checkData(subject: Subject, findings: Findings): Set<string> {
  const keys = new Set<string>();
  for (const field of subject.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData']) {
    for (const key of Object.keys(record(subject.manifest[field]) ?? {})) {
      keys.add(key);
      const problem = configMapKey(key);
      if (problem) findings.error('config-map-key', subject, `${field}[${JSON.stringify(key)}]`, `key ${show(key)} ${problem}`);
    }
  }
  checkDataSize(subject, findings);
  const type = string(subject.manifest.type);
  const problem = subject.kind === 'Secret' && type ? describe(secretTypeKeys(type, [...keys], 'data or stringData')) : undefined;
  if (problem) findings.error('secret-type-keys', subject, 'data', `a Secret of type ${show(type)} ${problem}`);
  if (subject.kind === 'Secret' && type === 'kubernetes.io/dockerconfigjson') checkDockerConfig(subject, findings);
  return keys;
}

/** ValidateSecret: a dockerconfigjson Secret's key is JSON (stringData wins over data, which is base64). */
function checkDockerConfig(subject: Subject, findings: Findings): void {
  const plain = record(subject.manifest.stringData)?.['.dockerconfigjson'];
  const encoded = record(subject.manifest.data)?.['.dockerconfigjson'];
  const text = typeof plain === 'string' ? plain : typeof encoded === 'string' ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
  const problem = text === undefined ? undefined : describe(dockerConfigJson(text));
  if (problem) {
    // The content is a credential: never quoted.
    findings.error('docker-config-json', subject, `${typeof plain === 'string' ? 'stringData' : 'data'}[".dockerconfigjson"]`,
      `.dockerconfigjson (${typeof plain === 'string' ? 'stringData' : 'data, decoded'}) ${problem}`);
  }
}

/** The external names a pod template declares: `Kind/name[=managedBy]`, comma-separated. */
/**
 * ValidateConfigMap / ValidateSecret: the values together at most 1 MiB (keys are not counted), and no
 * ConfigMap key in both data and binaryData. Secret `data` and ConfigMap `binaryData` are base64.
 */
function checkDataSize(subject: Subject, findings: Findings): void {
  const { manifest, kind } = subject;
  const text = record(manifest[kind === 'Secret' ? 'stringData' : 'data']) ?? {};
  const encoded = record(manifest[kind === 'Secret' ? 'data' : 'binaryData']) ?? {};
  const bytes = (values: Json, decode: (v: string) => number): number =>
    Object.values(values).reduce<number>((n, v) => n + (typeof v === 'string' ? decode(v) : 0), 0);
  const size = bytes(text, (v) => Buffer.byteLength(v, 'utf8')) + bytes(encoded, (v) => Buffer.from(v, 'base64').length);
  const problem = describe(configDataSize(size, kind === 'Secret' ? 'Secret' : 'ConfigMap'));
  if (problem) findings.error('config-size', subject, 'data', `data of ${size} bytes ${problem}`);
  if (kind !== 'ConfigMap') return;
  for (const key of Object.keys(text).filter((k) => Object.prototype.hasOwnProperty.call(encoded, k))) {
    findings.error('config-map-key', subject, `binaryData[${JSON.stringify(key)}]`,
      `key ${show(key)} is in both data and binaryData; the API server refuses a key in both: keep it in one`);
  }
}

function externalRefs(template: PodTemplate): Set<string> {
  const value = string(stringMap(template.metadata.annotations)[EXTERNAL_REFS_ANNOTATION]) ?? '';
  return new Set(value.split(',').map((v) => v.trim().split('=')[0]).filter((v) => v !== ''));
}

interface Reference {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly path: string;
  readonly key?: string;
  readonly optional: boolean;
}

function referencesOf(template: PodTemplate): Reference[] {
  const out: Reference[] = [];
  const optional = (ref: Json | undefined) => ref?.optional === true;
  for (const c of containersOf(template)) {
    records(c.container.env).forEach((env, i) => {
      const from = record(env.valueFrom);
      const at = `${c.path}.env[${string(env.name) ? `name=${string(env.name)}` : i}].valueFrom`;
      for (const [field, kind] of [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']] as const) {
        const ref = record(from?.[field]);
        const name = string(ref?.name);
        if (name) out.push({ kind, name, path: `${at}.${field}`, key: string(ref?.key), optional: optional(ref) });
      }
    });
    records(c.container.envFrom).forEach((env, i) => {
      for (const [field, kind] of [['configMapRef', 'ConfigMap'], ['secretRef', 'Secret']] as const) {
        const ref = record(env[field]);
        const name = string(ref?.name);
        if (name) out.push({ kind, name, path: `${c.path}.envFrom[${i}].${field}`, optional: optional(ref) });
      }
    });
  }
  records(template.spec.volumes).forEach((volume, i) => {
    const at = `${template.specPath}.volumes[${string(volume.name) ? `name=${string(volume.name)}` : i}]`;
    const withItems = (kind: 'ConfigMap' | 'Secret', name: string | undefined, ref: Json, path: string) => {
      if (!name) return;
      out.push({ kind, name, path, optional: optional(ref) });
      records(ref.items).forEach((item, j) => {
        const key = string(item.key);
        if (key) out.push({ kind, name, path: `${path}.items[${j}].key`, key, optional: optional(ref) });
      });
    };
    const cm = record(volume.configMap);
    if (cm) withItems('ConfigMap', string(cm.name), cm, `${at}.configMap`);
    const secret = record(volume.secret);
    if (secret) withItems('Secret', string(secret.secretName), secret, `${at}.secret`);
    records(record(volume.projected)?.sources).forEach((source, j) => {
      const pcm = record(source.configMap);
      if (pcm) withItems('ConfigMap', string(pcm.name), pcm, `${at}.projected.sources[${j}].configMap`);
      const ps = record(source.secret);
      if (ps) withItems('Secret', string(ps.name), ps, `${at}.projected.sources[${j}].secret`);
    });
  });
  return out;
}

function checkPodReferences(template: PodTemplate, held: ReadonlyMap<string, Holder>, present: ReadonlySet<string>, findings: Findings): void {
  const { subject } = template;
  const external = externalRefs(template);
  const warned = new Set<string>();
  for (const ref of referencesOf(template)) {
    const id = `${ref.kind}/${ref.name}`;
    const holder = held.get(`${ref.kind}/${subject.namespace}/${ref.name}`);
    if (!holder) {
      if (ref.optional || external.has(id) || warned.has(id)) continue;
      warned.add(id);
      findings.warning('config-reference', subject, ref.path,
        `${notInManifests(`${ref.kind} ${show(ref.name)}`, subject.namespace)}, `
        + 'and the pod template does not mark it external; '
        + `create it in the app, fix the name, or list "${id}" in the ${EXTERNAL_REFS_ANNOTATION} annotation (${ref.kind}.fromExternal does)`);
    } else if (ref.key !== undefined && !ref.optional && !holder.keys.has(ref.key)) {
      findings.error('config-reference-key', subject, ref.path,
        `${ref.kind} ${show(ref.name)} has no key ${show(ref.key)} (it has ${[...holder.keys].map((k) => show(k)).join(', ') || 'none'}); `
        + 'the container would not start: use one of its keys');
    }
  }
  for (const [path, mode] of modesOf(template)) {
    const problem = fileMode(mode);
    if (problem) findings.error('file-mode', subject, path, `mode ${mode} ${problem}`);
  }
  const account = string(template.spec.serviceAccountName);
  if (account && account !== 'default' && !present.has(`ServiceAccount/${subject.namespace}/${account}`)) {
    findings.warning('service-account-reference', subject, `${template.specPath}.serviceAccountName`,
      `${notInManifests(`ServiceAccount ${show(account)}`, subject.namespace)}; `
      + 'the pods are not created until it exists: create it in the app, or fix the name');
  }
}

function modesOf(template: PodTemplate): [string, number][] {
  const out: [string, number][] = [];
  records(template.spec.volumes).forEach((volume, i) => {
    const at = `${template.specPath}.volumes[${string(volume.name) ? `name=${string(volume.name)}` : i}]`;
    for (const [field, source] of [['configMap', record(volume.configMap)], ['secret', record(volume.secret)],
      ['projected', record(volume.projected)]] as const) {
      if (!source) continue;
      const mode = number(source.defaultMode);
      if (mode !== undefined) out.push([`${at}.${field}.defaultMode`, mode]);
      const items = field === 'projected'
        ? records(source.sources).flatMap((s) => records(record(s.configMap)?.items ?? record(s.secret)?.items))
        : records(source.items);
      items.forEach((item, j) => {
        const itemMode = number(item.mode);
        if (itemMode !== undefined) out.push([`${at}.${field}.items[${j}].mode`, itemMode]);
      });
    }
  });
  return out;
}

function checkRules(subject: Subject, findings: Findings): void {
  records(subject.manifest.rules).forEach((rule, i) => {
    const groups = Array.isArray(rule.apiGroups) ? rule.apiGroups.filter((g): g is string => typeof g === 'string') : [];
    const resources = Array.isArray(rule.resources) ? rule.resources.filter((r): r is string => typeof r === 'string') : [];
    // An API outside Kubernetes can serve a built-in plural (metrics.k8s.io serves pods and nodes).
    const custom = groups.some((g) => !BUILT_IN_GROUPS.has(g));
    for (const resource of resources) {
      const wrongGroup = custom ? undefined : rbacApiGroup(resource, groups);
      if (wrongGroup) findings.warning(wrongGroup.rule, subject, `rules[${i}].resources`,
        `resource ${show(resource)} ${wrongGroup.message}; ${wrongGroup.fix}`);
      const clusterScoped = subject.kind === 'Role' ? rbacNamespacedResource(resource) : undefined;
      if (clusterScoped && (apiGroupsOf(resource) ?? []).some((g) => groups.includes(g))) {
        findings.warning(clusterScoped.rule, subject, `rules[${i}].resources`,
          `resource ${show(resource)} ${clusterScoped.message}; ${clusterScoped.fix}`);
      }
    }
  });
}

/** The API groups of Kubernetes itself that the typed table covers. */
const BUILT_IN_GROUPS = new Set(['', 'apps', 'batch', 'networking.k8s.io', 'autoscaling', 'policy', 'coordination.k8s.io', 'discovery.k8s.io',
  'rbac.authorization.k8s.io', 'storage.k8s.io', 'events.k8s.io']);

function checkBinding(subject: Subject, present: ReadonlySet<string>, findings: Findings): void {
  const roleRef = record(subject.manifest.roleRef);
  const kind = string(roleRef?.kind);
  const name = string(roleRef?.name);
  if (kind && name) {
    const found = present.has(kind === 'Role' ? `Role/${subject.namespace}/${name}` : `ClusterRole//${name}`);
    if (!found && !(kind === 'ClusterRole' && (BUILT_IN_CLUSTER_ROLES.has(name) || name.startsWith('system:')))) {
      findings.warning('role-ref', subject, 'roleRef',
        `${kind} ${show(name)} is not ${kind === 'Role' ? `in namespace ${show(subject.namespace)} of` : 'in'} these manifests; `
        + 'the binding grants nothing until it exists: create it in the app, or fix the name');
    }
  }
  records(subject.manifest.subjects).forEach((s, i) => {
    if (s.kind !== 'ServiceAccount') return;
    const account = string(s.name);
    // In a RoleBinding, a ServiceAccount subject without a namespace is in the binding's (the authorizer defaults it).
    const namespace = string(s.namespace) ?? (subject.clusterScoped ? undefined : subject.namespace);
    if (!account) return;
    if (!namespace) {
      findings.error('role-binding-subject', subject, `subjects[${i}].namespace`,
        `ServiceAccount subject ${show(account)} of a ClusterRoleBinding has no namespace; `
        + `the API server requires one: set subjects[${i}].namespace`);
    } else if (account !== 'default' && !present.has(`ServiceAccount/${namespace}/${account}`)) {
      findings.warning('role-binding-subject', subject, `subjects[${i}]`,
        `${notInManifests(`ServiceAccount ${show(account)}`, namespace)}; create it in the app, or fix the name`);
    }
  });
}
