/*
 * Checks across the manifest set: what one object names must exist in another. A reference to
 * something absent from the set is a warning (it may live in the cluster already); a reference
 * to an object in the set that does not fit (a port it lacks) is an error.
 */
import {
  Findings, Json, notInManifests, number, record, records, selectsNoTemplate, serviceLacksPort, show, string, stringMap, Subject,
} from './context';
import { checkConfigAndRbac } from './config-rules';
import { CLOUD_STORAGE_CLASSES, storageAccessMode } from '../rules/storage';
import { describe } from './names';
import { containerPorts } from './pod-rules';
import { splitApiVersion } from './subjects';
import { containersOf, describeSelector, mapMatches, PodTemplate, podTemplate, selectorMatches } from './workloads';

export function checkCrossObject(subjects: readonly Subject[], findings: Findings): void {
  const podTemplates = subjects.map(podTemplate).filter((t): t is PodTemplate => t !== undefined);
  const templates = new TemplateIndex(podTemplates);
  const byName = new Map<string, Subject[]>();
  for (const s of subjects) push(byName, `${s.kind}\u0000${s.namespace}\u0000${s.name}`, s);
  const services = new Map<string, Subject>();
  for (const s of subjects) if (s.group === '' && s.kind === 'Service') services.set(`${s.namespace}/${s.name}`, s);

  const storageClasses = new Map<string, string>();
  for (const s of subjects) {
    if (s.group === 'storage.k8s.io' && s.kind === 'StorageClass' && typeof s.manifest.provisioner === 'string') storageClasses.set(s.name,
      s.manifest.provisioner);
  }

  checkDuplicates(subjects, findings);
  checkIngressConflicts(subjects, findings);
  checkNodePorts(subjects, findings);
  checkConfigAndRbac(subjects, podTemplates, findings);
  for (const subject of subjects) {
    const spec = record(subject.manifest.spec);
    if (!spec) continue;
    const { group, kind } = subject;
    if (group === '' && kind === 'Service') checkServiceSelector(subject, spec, templates, findings);
    else if (group === 'networking.k8s.io' && kind === 'Ingress') checkIngressBackends(subject, spec, services, findings);
    else if (group === 'autoscaling' && kind === 'HorizontalPodAutoscaler') checkHpaTarget(subject, spec, byName, findings);
    else if (group === 'policy' && kind === 'PodDisruptionBudget') checkPdbSelector(subject, spec, templates, findings);
    else if (group === 'gateway.networking.k8s.io' && (kind === 'HTTPRoute' || kind === 'GRPCRoute')) checkRouteBackends(subject, spec, services,
      findings);
    else if (group === 'apps' && kind === 'StatefulSet') checkStatefulSet(subject, spec, services, storageClasses, findings);
    else if (group === '' && kind === 'PersistentVolumeClaim') checkClaimAccessModes(subject, 'spec', spec, storageClasses, findings);
  }
}

function checkDuplicates(subjects: readonly Subject[], findings: Findings): void {
  const seen = new Map<string, Subject>();
  for (const subject of subjects) {
    if (!subject.kind) continue;
    const key = `${subject.group}/${subject.kind}/${subject.namespace}/${subject.name}`;
    const first = seen.get(key);
    if (first) {
      findings.error('duplicate-object', subject, 'metadata.name',
        `${subject.id} is defined twice${first.apiVersion === subject.apiVersion ? '' : ` (${first.apiVersion} and ${subject.apiVersion})`}; one `
        + `would overwrite the other on apply: rename one or remove the duplicate`);
    } else {
      seen.set(key, subject);
    }
  }
}

/**
 * The pod templates by namespace and by each label they carry. A selector's candidates are the
 * templates that carry the rarest of its required labels, so checking N Services or budgets
 * against N workloads costs O(N), not O(N²) (3000 of each: 3.0 s → a few ms).
 */
class TemplateIndex {
  private readonly byNamespace = new Map<string, PodTemplate[]>();
  private readonly byLabel = new Map<string, PodTemplate[]>();

  constructor(templates: readonly PodTemplate[]) {
    for (const t of templates) {
      push(this.byNamespace, t.subject.namespace, t);
      for (const [k, v] of Object.entries(t.labels)) push(this.byLabel, labelKey(t.subject.namespace, k, v), t);
    }
  }

  /** Templates in `namespace` that `matches` accepts; every one of them must carry all `required` labels. */
  public select(namespace: string, required: Record<string, string>, matches: (labels: Record<string, string>) => boolean): PodTemplate[] {
    let candidates = this.byNamespace.get(namespace) ?? [];
    for (const [k, v] of Object.entries(required)) {
      const carrying = this.byLabel.get(labelKey(namespace, k, v)) ?? [];
      if (carrying.length < candidates.length) candidates = carrying;
    }
    return candidates.filter((t) => matches(t.labels));
  }
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}\u0000${value}`;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function checkServiceSelector(subject: Subject, spec: Json, templates: TemplateIndex, findings: Findings): void {
  const selector = stringMap(spec.selector);
  if (spec.type === 'ExternalName' || Object.keys(selector).length === 0) return;
  const selected = templates.select(subject.namespace, selector, (labels) => mapMatches(selector, labels));
  if (selected.length === 0) {
    findings.warning('service-selector', subject, 'spec.selector',
      `${selectsNoTemplate(describeSelector(selector), subject.namespace)}; the Service would have no endpoints: make the selector match the `
      + `workload's pod labels`);
    return;
  }
  const containers = selected.flatMap((t) => containersOf(t).filter((c) => !c.init || c.container.restartPolicy === 'Always'));
  const ports = containers.map((c) => containerPorts(c.container));
  const names = new Set(ports.flatMap((p) => [...p.names]));
  const numbers = new Set(ports.flatMap((p) => [...p.numbers]));
  const workloads = [...new Set(selected.map((t) => t.subject.id))].join(', ');
  records(spec.ports).forEach((port, i) => {
    const target = port.targetPort ?? port.port;
    const at = `spec.ports[${typeof port.name === 'string' && port.name ? `name=${port.name}` : i}].targetPort`;
    if (typeof target === 'string' && !/^\d+$/.test(target)) {
      if (!names.has(target)) {
        findings.error('service-target-port', subject, at,
          `targetPort ${show(target)} names no container port of the selected pods (${workloads}; named ports: ${[...names].join(', ') || 'none'}); `
          + `use one of those names or a port number`);
      }
    } else if (typeof target === 'number' || typeof target === 'string') {
      const n = Number(target);
      if (numbers.has(n)) return;
      if (numbers.size === 0) {
        findings.warning('service-target-port', subject, at,
          `targetPort ${n} is not declared by the selected pods (${workloads}), which declare no ports; declare containerPort ${n} so the port is `
          + `visible and nameable`);
      } else {
        findings.error('service-target-port', subject, at,
          `targetPort ${n} is not a container port of the selected pods (${workloads}; ports: ${[...numbers].join(', ')}); point targetPort at a `
          + `port the containers listen on`);
      }
    }
  });
}

function backendsOf(spec: Json): { path: string; backend: Json }[] {
  const out: { path: string; backend: Json }[] = [];
  const defaultBackend = record(spec.defaultBackend);
  if (defaultBackend) out.push({ path: 'spec.defaultBackend', backend: defaultBackend });
  records(spec.rules).forEach((rule, i) => records(record(rule.http)?.paths).forEach((p, j) => {
    const backend = record(p.backend);
    if (backend) out.push({ path: `spec.rules[${i}].http.paths[${j}].backend`, backend });
  }));
  return out;
}

function checkIngressBackends(subject: Subject, spec: Json, services: Map<string, Subject>, findings: Findings): void {
  for (const { path, backend } of backendsOf(spec)) {
    const ref = record(backend.service);
    const name = string(ref?.name);
    if (!ref || !name) continue;
    const service = services.get(`${subject.namespace}/${name}`);
    if (!service) {
      findings.warning('ingress-service', subject, `${path}.service.name`,
        `${notInManifests(`Service ${show(name)}`, subject.namespace)}; make sure it exists, or fix the name`);
      continue;
    }
    const port = record(ref.port);
    const ports = records(record(service.manifest.spec)?.ports);
    const wanted = port?.name ?? port?.number;
    if (wanted === undefined) continue;
    const found = ports.some((p) => (typeof port?.name === 'string' ? p.name === port.name : p.port === port?.number));
    if (!found) {
      const offered = ports.map((p) => (typeof p.name === 'string' ? `${p.name} (${show(p.port)})` : show(p.port))).join(', ');
      findings.error('ingress-service-port', subject, `${path}.service.port`,
        `${serviceLacksPort(name, wanted, offered)}; use one of its ports by ${typeof port?.name === 'string' ? 'name' : 'number'}`);
    }
  }
}

function checkHpaTarget(subject: Subject, spec: Json, byName: ReadonlyMap<string, Subject[]>, findings: Findings): void {
  const ref = record(spec.scaleTargetRef);
  const kind = string(ref?.kind);
  const name = string(ref?.name);
  if (!ref || !kind || !name) return;
  const group = splitApiVersion(string(ref.apiVersion) ?? '').group;
  const target = byName.get(`${kind}\u0000${subject.namespace}\u0000${name}`)?.find((s) => !ref.apiVersion || s.group === group);
  if (!target) {
    findings.warning('hpa-target', subject, 'spec.scaleTargetRef',
      `${notInManifests(`scale target ${kind} ${show(name)}`, subject.namespace)}; make sure it exists, or fix scaleTargetRef`);
    return;
  }
  const replicas = record(target.manifest.spec)?.replicas;
  if (replicas !== undefined) {
    findings.error('hpa-pinned-replicas', target, 'spec.replicas',
      `spec.replicas (${show(replicas)}) is set although ${subject.id} scales this ${kind}: every apply resets the replica count the HPA chose; `
      + `remove spec.replicas`);
  }
  const template = podTemplate(target);
  if (!template) return;
  const containers = containersOf(template).filter((c) => !c.init || c.container.restartPolicy === 'Always');
  records(spec.metrics).forEach((metric) => {
    const source = record(metric.resource) ?? record(metric.containerResource);
    const resource = string(source?.name);
    if (!source || !resource || record(source.target)?.type !== 'Utilization') return;
    const only = metric.type === 'ContainerResource' ? string(source.container) : undefined;
    for (const c of containers) {
      if (only !== undefined && c.name !== only) continue;
      const request = record(record(c.container.resources)?.requests)?.[resource];
      if (request === undefined) {
        findings.error('hpa-resource-request', target, `${c.path}.resources.requests`,
          `container ${show(c.name)} has no ${resource} request, but ${subject.id} targets ${resource} utilization, which is a percentage of the `
          + `request: set resources.requests.${resource}`);
      }
    }
    if (only !== undefined && !containers.some((c) => c.name === only)) {
      findings.error('hpa-resource-request', subject, 'spec.metrics',
        `ContainerResource metric names container ${show(only)}, which ${target.id} does not have (containers: `
        + `${containers.map((c) => c.name).join(', ')})`);
    }
  });
}

function checkPdbSelector(subject: Subject, spec: Json, templates: TemplateIndex, findings: Findings): void {
  const selector = record(spec.selector);
  if (!selector) return;
  if (templates.select(subject.namespace, stringMap(selector.matchLabels), (labels) => selectorMatches(selector, labels)).length === 0) {
    findings.warning('pdb-selector', subject, 'spec.selector',
      `${selectsNoTemplate(describeSelector(selector), subject.namespace)}, so this budget protects nothing: select the workload's pod labels`);
  }
}

function checkIngressConflicts(subjects: readonly Subject[], findings: Findings): void {
  const claims = new Map<string, Subject>();
  for (const subject of subjects) {
    if (subject.group !== 'networking.k8s.io' || subject.kind !== 'Ingress') continue;
    const spec = record(subject.manifest.spec);
    const annotations = record(record(subject.manifest.metadata)?.annotations);
    const className = string(spec?.ingressClassName) ?? string(annotations?.['kubernetes.io/ingress.class']) ?? '';
    records(spec?.rules).forEach((rule, i) => {
      const host = string(rule.host) ?? '*';
      records(record(rule.http)?.paths).forEach((p, j) => {
        const path = string(p.path) ?? '/';
        // Exact and Prefix on one path are both served (Exact wins on the exact path); a clash is
        // the same pathType, or ImplementationSpecific, whose matching only the controller knows.
        const pathType = string(p.pathType) === 'Exact' ? 'Exact' : 'Prefix';
        const key = `${className}\u0000${host}\u0000${path}\u0000${pathType}`;
        const owner = claims.get(key);
        if (owner) {
          findings.error('ingress-conflict', subject, `spec.rules[${i}].http.paths[${j}].path`,
            `host ${show(host)} path ${show(path)} is already claimed by `
            + `${owner === subject ? 'an earlier rule of this Ingress' : owner.id}${className ? ` (ingress class ${show(className)})` : ''}; the `
            + `controller routes it to only one backend: change the host or path, or merge the rules`);
        } else {
          claims.set(key, subject);
        }
      });
    });
  }
}

/**
 * Node ports are allocated cluster-wide (pkg/registry/core/service/portallocator: "provided port is
 * already allocated"), so two Services may not ask for the same one, in any namespace. One Service may
 * use a number for two protocols (validation.go ValidateService keys duplicate nodePorts by port and protocol).
 */
function checkNodePorts(subjects: readonly Subject[], findings: Findings): void {
  const claims = new Map<number, { subject: Subject; protocols: Set<string>; at: string }>();
  for (const subject of subjects) {
    if (subject.group !== '' || subject.kind !== 'Service') continue;
    const spec = record(subject.manifest.spec);
    const type = string(spec?.type);
    if (type !== 'NodePort' && type !== 'LoadBalancer') continue;
    records(spec?.ports).forEach((port, i) => {
      const nodePort = number(port.nodePort);
      if (nodePort === undefined || nodePort === 0) return;
      const protocol = string(port.protocol) ?? 'TCP';
      const at = `spec.ports[${typeof port.name === 'string' && port.name ? `name=${port.name}` : i}].nodePort`;
      const claim = claims.get(nodePort);
      if (!claim) {
        claims.set(nodePort, { subject, protocols: new Set([protocol]), at });
      } else if (claim.subject !== subject) {
        findings.error('node-port-unique', subject, at,
          `nodePort ${nodePort} is already allocated to ${claim.subject.id} (${claim.at}); node ports are allocated cluster-wide, so the API server `
          + `refuses the second Service: pick another port, or omit nodePort to get one assigned`);
      } else if (claim.protocols.has(protocol)) {
        findings.error('node-port-unique', subject, at,
          `nodePort ${nodePort}/${protocol} is already used by ${claim.at} of this Service; give each port its own nodePort`);
      } else {
        claim.protocols.add(protocol);
      }
    });
  }
}

function checkRouteBackends(subject: Subject, spec: Json, services: Map<string, Subject>, findings: Findings): void {
  records(spec.rules).forEach((rule, i) => records(rule.backendRefs).forEach((ref, j) => {
    if ((ref.group ?? '') !== '' || (ref.kind ?? 'Service') !== 'Service') return;
    const name = string(ref.name);
    if (!name) return;
    const namespace = string(ref.namespace) ?? subject.namespace;
    const at = `spec.rules[${i}].backendRefs[${j}]`;
    const service = services.get(`${namespace}/${name}`);
    if (!service) {
      findings.warning('httproute-backend', subject, `${at}.name`,
        `${notInManifests(`Service ${show(name)}`, namespace)}; make sure it exists, or fix the backendRef`);
      return;
    }
    const port = number(ref.port);
    const ports = records(record(service.manifest.spec)?.ports);
    if (port !== undefined && !ports.some((p) => p.port === port)) {
      findings.error('httproute-backend', subject, `${at}.port`,
        `${serviceLacksPort(name, port, ports.map((p) => show(p.port)).join(', '))}; backendRef ports are Service ports, not container ports`);
    }
  }));
}

/** A StatefulSet's serviceName must name a headless Service that selects its pods: it gives them their DNS names. */
function checkStatefulSet(subject: Subject, spec: Json, services: Map<string, Subject>, classes: ReadonlyMap<string, string>,
  findings: Findings): void {
  records(spec.volumeClaimTemplates).forEach((claim, i) => {
    const name = string(record(claim.metadata)?.name);
    const claimSpec = record(claim.spec);
    if (claimSpec) checkClaimAccessModes(subject, `spec.volumeClaimTemplates[${name ? `name=${name}` : i}].spec`, claimSpec, classes, findings);
  });
  const name = string(spec.serviceName);
  if (!name) return;
  const service = services.get(`${subject.namespace}/${name}`);
  if (!service) {
    findings.warning('statefulset-service', subject, 'spec.serviceName',
      `${notInManifests(`Service ${show(name)}`, subject.namespace)}; without its governing headless Service the pods get no DNS names: create it, `
      + `or fix serviceName`);
    return;
  }
  const serviceSpec = record(service.manifest.spec) ?? {};
  if (serviceSpec.clusterIP !== 'None') {
    findings.error('statefulset-service', subject, 'spec.serviceName',
      `Service ${show(name)} is not headless (clusterIP ${show(serviceSpec.clusterIP)}), so the pods get no DNS names of their own; set clusterIP: `
      + `None on it, or name a headless Service`);
  }
  const selector = stringMap(serviceSpec.selector);
  const template = podTemplate(subject);
  if (template && (Object.keys(selector).length === 0 || !mapMatches(selector, template.labels))) {
    findings.error('statefulset-service', subject, 'spec.serviceName',
      `Service ${show(name)} selects ${describeSelector(selector)}, which does not match this StatefulSet's pod labels `
      + `(${describeSelector(template.labels)}), so the pods get no DNS names; make its selector match the pod labels`);
  }
}

/** Access modes a claim asks for must be ones its storage class's volumes can give (block storage is never ReadWriteMany). */
function checkClaimAccessModes(subject: Subject, path: string, spec: Json, classes: ReadonlyMap<string, string>, findings: Findings): void {
  const className = string(spec.storageClassName);
  if (!className) return;
  const provisioner = classes.get(className) ?? CLOUD_STORAGE_CLASSES[className]?.provisioner;
  if (!provisioner) return;
  (Array.isArray(spec.accessModes) ? spec.accessModes : []).forEach((mode, i) => {
    if (typeof mode !== 'string') return;
    const problem = describe(storageAccessMode(mode, className, provisioner));
    if (problem) findings.error('storage-access-mode', subject, `${path}.accessModes[${i}]`, `access mode ${show(mode)} ${problem}`);
  });
}
