/*
 * The picture of an app as data: which object sends traffic to, scales, protects, restricts or
 * configures which. A pure function of the manifests, so tests assert nodes and edges and the
 * DOT writer (dot.ts) only decides how they look.
 */

/** Where a kind sits in the picture, left to right along the traffic. */
export type Tier = 'entry' | 'route' | 'service' | 'workload' | 'control' | 'config';

export interface GraphNode {
  /** `Kind/namespace/name`, as in validator findings. */
  readonly id: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly tier: Tier;
  /** A short fact worth seeing: replicas, Service type and ports, HPA range, ... */
  readonly detail?: string;
  /** Named by another object but absent from the manifests (it may exist in the cluster). */
  readonly missing?: true;
}

/**
 * `routes`: an Ingress or route sends traffic to a Service; `attaches`: a route is served by a
 * Gateway; `selects`: a Service's selector matches a workload's pods; `scales`, `resizes`,
 * `protects`, `restricts`: HPA, VPA, PodDisruptionBudget, NetworkPolicy on a workload;
 * `uses`: a workload, Ingress or Gateway reads a ConfigMap or Secret.
 */
export type Relation = 'routes' | 'attaches' | 'selects' | 'scales' | 'resizes' | 'protects' | 'restricts' | 'uses';

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly relation: Relation;
  /** What the edge carries (`shop.example.com/api`, `weight 10`, `env`), several joined by newlines. */
  readonly label?: string;
}

export interface AppGraph {
  /** Sorted by namespace, tier, kind and name. */
  readonly nodes: GraphNode[];
  /** Sorted by source, target and relation; one edge per pair and relation. */
  readonly edges: GraphEdge[];
}

const TIERS: Readonly<Record<string, Tier>> = {
  'Ingress': 'entry', 'Gateway': 'entry',
  'HTTPRoute': 'route', 'GRPCRoute': 'route', 'TLSRoute': 'route', 'TCPRoute': 'route', 'UDPRoute': 'route',
  'Service': 'service',
  'Deployment': 'workload', 'StatefulSet': 'workload', 'DaemonSet': 'workload', 'ReplicaSet': 'workload',
  'Job': 'workload', 'CronJob': 'workload', 'Pod': 'workload',
  'HorizontalPodAutoscaler': 'control', 'VerticalPodAutoscaler': 'control', 'PodDisruptionBudget': 'control', 'NetworkPolicy': 'control',
  'ConfigMap': 'config', 'Secret': 'config',
};
const TIER_ORDER: readonly Tier[] = ['entry', 'route', 'service', 'workload', 'control', 'config'];

/** The kinds the diagram draws; other objects (RBAC, ServiceAccounts, Namespaces, ...) are left out. */
export const DRAWN_KINDS: readonly string[] = Object.keys(TIERS);

type Json = Record<string, any>;

interface Workload {
  readonly node: GraphNode;
  readonly labels: Record<string, string>;
  readonly pod: Json;
}

export function buildAppGraph(manifests: readonly unknown[], options: { defaultNamespace?: string } = {}): AppGraph {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, { from: string; to: string; relation: Relation; labels: Set<string> }>();
  const objects: { node: GraphNode; manifest: Json }[] = [];

  for (const m of manifests) {
    if (!isJson(m) || typeof m.kind !== 'string' || !TIERS[m.kind]) continue;
    const name = str(m.metadata?.name);
    if (!name) continue;
    const namespace = str(m.metadata?.namespace) ?? defaultNamespace;
    const node: GraphNode = { id: `${m.kind}/${namespace}/${name}`, kind: m.kind, namespace, name, tier: TIERS[m.kind], ...detailOf(m) };
    if (nodes.has(node.id)) continue; // a duplicate; the validator reports it
    nodes.set(node.id, node);
    objects.push({ node, manifest: m });
  }

  /** The node of `kind/namespace/name`, created as missing when the manifests lack it. */
  const target = (kind: string, namespace: string, name: string): string => {
    const id = `${kind}/${namespace}/${name}`;
    if (!nodes.has(id)) nodes.set(id, { id, kind, namespace, name, tier: TIERS[kind] ?? 'workload', missing: true });
    return id;
  };
  const edge = (from: string, to: string, relation: Relation, label?: string): void => {
    const key = `${from}\u0000${to}\u0000${relation}`;
    const entry = edges.get(key) ?? { from, to, relation, labels: new Set<string>() };
    if (label) entry.labels.add(label);
    edges.set(key, entry);
  };

  const workloads = objects.flatMap(({ node, manifest }) => {
    const template = podTemplateOf(manifest);
    return template ? [{ node, labels: strMap(template.metadata?.labels), pod: template.spec ?? {} }] : [];
  });
  const selected = (namespace: string, matches: (labels: Record<string, string>) => boolean): Workload[] =>
    workloads.filter((w) => w.node.namespace === namespace && matches(w.labels));

  for (const { node, manifest: m } of objects) {
    const spec: Json = isJson(m.spec) ? m.spec : {};
    const ns = node.namespace;
    switch (m.kind) {
      case 'Ingress': {
        for (const tls of list(spec.tls)) if (str(tls.secretName)) edge(node.id, target('Secret', ns, tls.secretName), 'uses', 'tls');
        const defaultService = str(spec.defaultBackend?.service?.name);
        if (defaultService) edge(node.id, target('Service', ns, defaultService), 'routes', 'default');
        for (const rule of list(spec.rules)) {
          for (const p of list(rule.http?.paths)) {
            const service = str(p.backend?.service?.name);
            if (service) edge(node.id, target('Service', ns, service), 'routes', `${str(rule.host) ?? '*'}${str(p.path) ?? '/'}`);
          }
        }
        break;
      }
      case 'Gateway':
        for (const listener of list(spec.listeners)) {
          for (const ref of list(listener.tls?.certificateRefs)) {
            if ((ref.kind ?? 'Secret') !== 'Secret' || ref.group || !str(ref.name)) continue;
            edge(node.id, target('Secret', str(ref.namespace) ?? ns, ref.name), 'uses', 'tls');
          }
        }
        break;
      case 'HTTPRoute': case 'GRPCRoute': case 'TLSRoute': case 'TCPRoute': case 'UDPRoute':
        for (const parent of list(spec.parentRefs)) {
          if ((parent.kind ?? 'Gateway') !== 'Gateway' || !str(parent.name)) continue;
          edge(target('Gateway', str(parent.namespace) ?? ns, parent.name), node.id, 'attaches', str(parent.sectionName));
        }
        for (const rule of list(spec.rules)) {
          for (const ref of list(rule.backendRefs)) {
            if ((ref.kind ?? 'Service') !== 'Service' || ref.group || !str(ref.name)) continue;
            const weight = typeof ref.weight === 'number' ? `weight ${ref.weight}` : undefined;
            edge(node.id, target('Service', str(ref.namespace) ?? ns, ref.name), 'routes', weight);
          }
        }
        break;
      case 'Service': {
        const selector = strMap(spec.selector);
        if (spec.type === 'ExternalName' || Object.keys(selector).length === 0) break;
        for (const w of selected(ns, (labels) => Object.entries(selector).every(([k, v]) => labels[k] === v))) edge(node.id, w.node.id, 'selects');
        break;
      }
      case 'HorizontalPodAutoscaler': case 'VerticalPodAutoscaler': {
        const ref = m.kind === 'HorizontalPodAutoscaler' ? spec.scaleTargetRef : spec.targetRef;
        const relation = m.kind === 'HorizontalPodAutoscaler' ? 'scales' : 'resizes';
        if (str(ref?.kind) && str(ref?.name)) edge(node.id, target(ref.kind, ns, ref.name), relation);
        break;
      }
      case 'PodDisruptionBudget':
        if (!isJson(spec.selector)) break;
        for (const w of selected(ns, (labels) => selectorMatches(spec.selector, labels))) edge(node.id, w.node.id, 'protects');
        break;
      case 'NetworkPolicy':
        for (const w of selected(ns, (labels) => selectorMatches(spec.podSelector ?? {}, labels))) edge(node.id, w.node.id, 'restricts');
        break;
    }
  }
  for (const w of workloads) for (const [kind, name, how] of configRefs(w.pod)) edge(w.node.id, target(kind, w.node.namespace, name), 'uses', how);

  const sortedNodes = [...nodes.values()].sort((a, b) =>
    cmp(a.namespace, b.namespace) || TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier) || cmp(a.kind, b.kind) || cmp(a.name, b.name));
  const sortedEdges = [...edges.values()]
    .map(({ from, to, relation, labels }): GraphEdge =>
      (labels.size ? { from, to, relation, label: [...labels].sort().join('\n') } : { from, to, relation }))
    .sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.relation, b.relation));
  return { nodes: sortedNodes, edges: sortedEdges };
}

function detailOf(m: Json): { detail?: string } {
  const spec: Json = isJson(m.spec) ? m.spec : {};
  let detail: string | undefined;
  switch (m.kind) {
    case 'Service': {
      const ports = list(spec.ports).map((p) => String(p.port)).join(', ');
      detail = [spec.type && spec.type !== 'ClusterIP' ? spec.type : undefined, ports ? `:${ports}` : undefined].filter(Boolean).join(' ');
      break;
    }
    case 'Deployment': case 'StatefulSet': case 'ReplicaSet':
      if (typeof spec.replicas === 'number') detail = `${spec.replicas} replica${spec.replicas === 1 ? '' : 's'}`;
      break;
    case 'CronJob':
      detail = str(spec.schedule);
      break;
    case 'HorizontalPodAutoscaler':
      detail = `${spec.minReplicas ?? 1}–${spec.maxReplicas} replicas`;
      break;
    case 'VerticalPodAutoscaler':
      detail = str(spec.updatePolicy?.updateMode);
      break;
    case 'PodDisruptionBudget':
      if (spec.minAvailable !== undefined) detail = `minAvailable ${spec.minAvailable}`;
      else if (spec.maxUnavailable !== undefined) detail = `maxUnavailable ${spec.maxUnavailable}`;
      break;
    case 'NetworkPolicy':
      detail = isEmptySelector(spec.podSelector ?? {}) ? 'all pods' : undefined;
      break;
    case 'HTTPRoute': case 'GRPCRoute':
      detail = Array.isArray(spec.hostnames) ? spec.hostnames.filter((h: unknown) => typeof h === 'string').join(', ') || undefined : undefined;
      break;
  }
  return detail ? { detail } : {};
}

function podTemplateOf(m: Json): Json | undefined {
  if (m.kind === 'Pod') return { metadata: m.metadata, spec: m.spec };
  if (m.kind === 'CronJob') return isJson(m.spec?.jobTemplate?.spec?.template) ? m.spec.jobTemplate.spec.template : undefined;
  if (TIERS[m.kind] === 'workload') return isJson(m.spec?.template) ? m.spec.template : undefined;
  return undefined;
}

/** The ConfigMaps and Secrets a pod reads, with how: volume, env, envFrom, imagePullSecret. */
function configRefs(pod: Json): [kind: 'ConfigMap' | 'Secret', name: string, how: string][] {
  const out: [kind: 'ConfigMap' | 'Secret', name: string, how: string][] = [];
  const add = (kind: 'ConfigMap' | 'Secret', name: unknown, how: string): void => {
    if (str(name)) out.push([kind, name as string, how]);
  };
  for (const v of list(pod.volumes)) {
    add('ConfigMap', v.configMap?.name, 'volume');
    add('Secret', v.secret?.secretName, 'volume');
    for (const s of list(v.projected?.sources)) {
      add('ConfigMap', s.configMap?.name, 'volume');
      add('Secret', s.secret?.name, 'volume');
    }
  }
  for (const c of [...list(pod.initContainers), ...list(pod.containers), ...list(pod.ephemeralContainers)]) {
    for (const e of list(c.env)) {
      add('ConfigMap', e.valueFrom?.configMapKeyRef?.name, 'env');
      add('Secret', e.valueFrom?.secretKeyRef?.name, 'env');
    }
    for (const e of list(c.envFrom)) {
      add('ConfigMap', e.configMapRef?.name, 'env');
      add('Secret', e.secretRef?.name, 'env');
    }
  }
  for (const s of list(pod.imagePullSecrets)) add('Secret', s.name, 'image pull');
  return out;
}

function isEmptySelector(selector: unknown): boolean {
  return isJson(selector) && Object.keys(strMap(selector.matchLabels)).length === 0 && list(selector.matchExpressions).length === 0;
}

/** A metav1.LabelSelector: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist) all hold. */
function selectorMatches(selector: Json, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(strMap(selector.matchLabels)).every(([k, v]) => labels[k] === v);
  return byLabels && list(selector.matchExpressions).every((e) => {
    const values: unknown[] = Array.isArray(e.values) ? e.values : [];
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In': return has && values.includes(labels[e.key]);
      case 'NotIn': return !has || !values.includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isJson) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function strMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isJson(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
