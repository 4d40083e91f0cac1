/*
 * Pod-spec rules of the API server (pkg/apis/core/validation), applied to every pod template.
 */
import { didYouMean, Findings, Json, number, record, records, show, string } from './context';
import { ENUMERATIONS } from '../rules/enums';
import { quotedPortNumber } from '../rules/network';
import { probePortName } from '../rules/pod';
import { containerPortClash, podPortNameClash } from '../rules/ports';
import { describe, dns1123Label, ianaServiceName, portNumber } from './names';
import { nonNegativeQuantity, parseQuantity } from '../rules/quantities';
import { initContainerRestartPolicy, requestWithinLimit, runToCompletionField } from '../rules/containers';
import { ContainerRef, containersOf, PodTemplate } from './workloads';
import { checkEnv, checkServiceAccountName } from './env-rules';
import * as rules from '../rules/topology';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
// The values are the enum table's (lib/rules/enums.ts); this rule keeps its own wording and id (`restart-policy`).
const RESTART_POLICIES: readonly string[] = ENUMERATIONS.restartPolicy.values;

export function checkPodRules(template: PodTemplate, findings: Findings): void {
  const { subject, spec, specPath } = template;
  const containers = containersOf(template);
  // validation.go validateRestartPolicy: the OpenAPI schema lists the values only in its description.
  const restartPolicy = spec.restartPolicy;
  if (typeof restartPolicy === 'string' && !RESTART_POLICIES.includes(restartPolicy)) {
    findings.error('restart-policy', subject, `${specPath}.restartPolicy`,
      `restartPolicy must be "Always", "OnFailure" or "Never", got ${show(restartPolicy)}${didYouMean(restartPolicy, RESTART_POLICIES)}`);
  }
  if (records(spec.containers).length === 0) {
    findings.error('containers-required', subject, `${specPath}.containers`, 'a pod needs at least one container, got none; add one to containers');
  }

  const volumes = new Set<string>();
  records(spec.volumes).forEach((volume, i) => {
    const name = string(volume.name) ?? '';
    const at = `${specPath}.volumes[${name ? `name=${name}` : i}]`;
    const problem = dns1123Label(name);
    if (problem) findings.error('volume-name', subject, `${at}.name`, `volume name ${show(name)} ${problem}`);
    else if (volumes.has(name)) findings.error('volume-name', subject, `${at}.name`,
      `volume name ${show(name)} is used twice; volume names must be unique within a pod`);
    volumes.add(name);
  });
  // A StatefulSet's claim templates are volumes of its pods too (the controller adds them).
  if (subject.kind === 'StatefulSet') {
    for (const claim of records(record(subject.manifest.spec)?.volumeClaimTemplates)) {
      const name = string(record(claim.metadata)?.name);
      if (name) volumes.add(name);
    }
  }

  const names = new Set<string>();
  const portNames = new Map<string, string>();
  const ports = new Map<string, string>();
  for (const ref of containers) {
    const { container, name, path } = ref;
    const problem = dns1123Label(name);
    if (problem) findings.error('container-name', subject, `${path}.name`, `container name ${show(name)} ${problem}`);
    else if (names.has(name)) findings.error('container-name-unique', subject, `${path}.name`,
      `container name ${show(name)} is used twice (containers and initContainers share one namespace); rename one`);
    names.add(name);

    // Containers of a pod share a network namespace: a port is only usable by one of them.
    // Init containers run before them, except sidecars (restartPolicy Always), which run along.
    const sharesNetwork = !ref.init || container.restartPolicy === 'Always';
    records(container.ports).forEach((port, i) => {
      const portName = string(port.name);
      const at = `${path}.ports[${portName ? `name=${portName}` : i}]`;
      const containerPort = number(port.containerPort);
      if (containerPort !== undefined && portNumber(containerPort)) {
        findings.error('port-range', subject, `${at}.containerPort`, `containerPort ${containerPort} ${portNumber(containerPort)}`);
      }
      const hostPort = number(port.hostPort);
      // 0 means no host port.
      if (hostPort !== undefined && hostPort !== 0 && portNumber(hostPort)) {
        findings.error('port-range', subject, `${at}.hostPort`, `hostPort ${hostPort} ${portNumber(hostPort)}`);
      }
      if (portName !== undefined) {
        const nameProblem = ianaServiceName(portName);
        if (nameProblem) findings.error('port-name', subject, `${at}.name`, `port name ${show(portName)} ${nameProblem}`);
        else if (portNames.has(portName)) findings.error('port-name-unique', subject, `${at}.name`,
          `port name ${show(portName)} ${describe(podPortNameClash(portNames.get(portName) ?? ''))}`);
        else portNames.set(portName, name);
      }
      const protocol = string(port.protocol) ?? 'TCP';
      const key = `${containerPort}/${protocol}`;
      if (containerPort !== undefined && sharesNetwork) {
        if (ports.has(key)) {
          const owner = ports.get(key);
          findings.error('port-unique', subject, `${at}.containerPort`,
            `containerPort ${containerPort}/${protocol} ${describe(containerPortClash(owner === name ? undefined : owner))}`);
        } else {
          ports.set(key, name);
        }
      }
    });

    checkProbes(template, ref, findings);
    checkResources(template, ref, findings);
    checkVolumeMounts(template, ref, volumes, findings);
    checkEnv(template, ref, findings);
  }
  checkRunAsNonRoot(template, findings);
  checkServiceAccountName(template, findings);
  checkIds(template, `${specPath}.securityContext`, record(spec.securityContext), ['runAsUser', 'runAsGroup', 'fsGroup'], findings);
  for (const ref of containers) {
    checkIds(template, `${ref.path}.securityContext`, record(ref.container.securityContext), ['runAsUser', 'runAsGroup'], findings);
  }
  checkTopologySpread(template, findings);
  checkInitContainers(template, findings);
}

/** validateInitContainers: restartPolicy is Always (a native sidecar) or unset, and only sidecars have probes and hooks. */
function checkInitContainers(template: PodTemplate, findings: Findings): void {
  records(template.spec.initContainers).forEach((container, i) => {
    const name = string(container.name);
    const at = `${template.specPath}.initContainers[${name ? `name=${name}` : i}]`;
    const policy = initContainerRestartPolicy(container.restartPolicy);
    if (policy) {
      const message = `restartPolicy ${show(container.restartPolicy)} ${describe(policy)}`;
      findings.error('init-container-restart-policy', template.subject, `${at}.restartPolicy`, message);
    }
    if (container.restartPolicy === 'Always') return;
    const field = runToCompletionField();
    for (const key of [...PROBES, 'lifecycle']) {
      if (container[key] === undefined || container[key] === null) continue;
      findings.error('init-container-field', template.subject, `${at}.${key}`, `${key} ${describe(field)}`);
    }
  });
}

const MAX_ID = 2147483647;

/**
 * validation.go ValidatePodSecurityContext / ValidateSecurityContext with apimachinery's
 * IsValidUserID and IsValidGroupID: "must be between 0 and 2147483647, inclusive".
 */
function checkIds(template: PodTemplate, path: string, context: Json | undefined, fields: string[], findings: Findings): void {
  const ids = fields.map((field): [string, unknown] => [field, context?.[field]]);
  const groups = context?.supplementalGroups;
  if (Array.isArray(groups)) groups.forEach((g, i) => ids.push([`supplementalGroups[${i}]`, g]));
  for (const [field, value] of ids) {
    if (typeof value === 'number' && Number.isInteger(value) && (value < 0 || value > MAX_ID)) {
      findings.error('security-context-id', template.subject, `${path}.${field}`, `${field} must be from 0 to ${MAX_ID}, got ${value}`);
    }
  }
}

/**
 * pkg/apis/core/validation/validation.go validateTopologySpreadConstraints: ValidateMaxSkew (> 0),
 * ValidateTopologyKey (not empty), ValidateWhenUnsatisfiable (DoNotSchedule or ScheduleAnyway),
 * ValidateSpreadConstraintNotRepeat ({topologyKey, whenUnsatisfiable} unique) and validateMinDomains
 * (> 0, and only with DoNotSchedule). The OpenAPI schema has none of these.
 */
function checkTopologySpread(template: PodTemplate, findings: Findings): void {
  const { subject, spec, specPath } = template;
  const seen = new Map<string, number>();
  records(spec.topologySpreadConstraints).forEach((constraint, i) => {
    const at = `${specPath}.topologySpreadConstraints[${i}]`;
    // A fraction is the schema's finding (int32); the rule speaks for the values the schema lets through.
    const maxSkew = number(constraint.maxSkew);
    const skewProblem = maxSkew === undefined || (maxSkew > 0 && !Number.isInteger(maxSkew)) ? undefined : describe(rules.maxSkew(maxSkew));
    if (skewProblem) findings.error('topology-spread', subject, `${at}.maxSkew`, `maxSkew ${maxSkew} ${skewProblem}`);
    const key = string(constraint.topologyKey);
    if (key === '') findings.error('topology-spread', subject, `${at}.topologyKey`,
      'topologyKey must not be empty; use a node label such as "topology.kubernetes.io/zone" or "kubernetes.io/hostname"');
    const when = string(constraint.whenUnsatisfiable);
    const whenProblem = when === undefined ? undefined : describe(rules.whenUnsatisfiable(when));
    if (when !== undefined && whenProblem) {
      findings.error('topology-spread', subject, `${at}.whenUnsatisfiable`,
        `whenUnsatisfiable ${show(when)} ${whenProblem}${didYouMean(when, rules.WHEN_UNSATISFIABLE)}`);
    }
    const minDomains = constraint.minDomains;
    if (minDomains !== undefined && minDomains !== null) {
      const domainsProblem = typeof minDomains === 'number' && (minDomains <= 0 || Number.isInteger(minDomains))
        ? describe(rules.minDomains(minDomains)) : undefined;
      if (domainsProblem) findings.error('topology-spread', subject, `${at}.minDomains`, `minDomains ${minDomains} ${domainsProblem}`);
      const policyProblem = describe(rules.minDomainsPolicy(when));
      if (policyProblem) findings.error('topology-spread', subject, `${at}.minDomains`, `minDomains ${show(minDomains)} ${policyProblem}`);
    }
    if (key !== undefined && when !== undefined) {
      const pair = `${key}\u0000${when}`;
      const first = seen.get(pair);
      if (first !== undefined) {
        findings.error('topology-spread', subject, at,
          `topologyKey ${show(key)} with whenUnsatisfiable ${show(when)} is already constraint [${first}]; merge the two constraints`);
      } else {
        seen.set(pair, i);
      }
    }
  });
}

/**
 * The kubelet refuses to start a container whose effective runAsNonRoot is true and runAsUser is 0
 * ("container's runAsUser breaks non-root policy", pkg/kubelet/kuberuntime/security_context_others.go
 * verifyRunAsNonRoot); the API server accepts the pod, which then never runs.
 */
function checkRunAsNonRoot(template: PodTemplate, findings: Findings): void {
  const podAt = `${template.specPath}.securityContext`;
  const pod = record(template.spec.securityContext);
  // One finding per pair of places the two settings come from, naming the containers they affect.
  const groups = new Map<string, { userAt: string; nonRootAt: string; names: string[] }>();
  for (const ref of containersOf(template)) {
    const own = record(ref.container.securityContext);
    if ((own?.runAsNonRoot ?? pod?.runAsNonRoot) !== true || (own?.runAsUser ?? pod?.runAsUser) !== 0) continue;
    const userAt = own?.runAsUser !== undefined ? `${ref.path}.securityContext.runAsUser` : `${podAt}.runAsUser`;
    const nonRootAt = own?.runAsNonRoot !== undefined ? `${ref.path}.securityContext.runAsNonRoot` : `${podAt}.runAsNonRoot`;
    const group = groups.get(`${userAt} ${nonRootAt}`) ?? { userAt, nonRootAt, names: [] };
    group.names.push(ref.name);
    groups.set(`${userAt} ${nonRootAt}`, group);
  }
  for (const { userAt, nonRootAt, names } of groups.values()) {
    const who = names.length === 1 ? `container ${show(names[0])}` : `containers ${names.map((n) => show(n)).join(', ')}`;
    findings.error('run-as-non-root-uid', template.subject, userAt,
      `runAsUser is 0 (root) while ${nonRootAt} is true, so the kubelet refuses to start ${who} ("runAsUser breaks non-root policy"); use a non-zero `
      + `runAsUser, or set runAsNonRoot to false`);
  }
}

function checkProbes(template: PodTemplate, ref: ContainerRef, findings: Findings): void {
  const { subject } = template;
  const portNames = new Set(records(ref.container.ports).map((p) => string(p.name)).filter((n): n is string => !!n));
  const declared = records(ref.container.ports)
    .map((p) => ({ name: string(p.name), number: number(p.containerPort), protocol: string(p.protocol) ?? 'TCP' }));
  for (const probeName of PROBES) {
    const probe = record(ref.container[probeName]);
    if (!probe) continue;
    const at = `${ref.path}.${probeName}`;
    const handlers = PROBE_HANDLERS.filter((h) => probe[h] !== undefined);
    if (handlers.length !== 1) {
      findings.error('probe-handler', subject, at,
        `${probeName} must have exactly one handler (exec, httpGet, tcpSocket or grpc), got ${handlers.length ? handlers.join(' and ') : 'none'}`);
    }
    for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
      const action = record(probe[handler]);
      if (action) {
        checkHandlerPort(template, `${at}.${handler}.port`, action.port, portNames, findings);
        checkProbePortDeclared(template, ref, `${at}.${handler}.port`, probeName, handler, action.port, declared, findings);
      }
    }
    const success = number(probe.successThreshold);
    if (probeName !== 'readinessProbe' && success !== undefined && success !== 1) {
      findings.error('probe-success-threshold', subject, `${at}.successThreshold`,
        `${probeName}.successThreshold must be 1, got ${success}; only readiness probes may require several successes`);
    }
  }
  const lifecycle = record(ref.container.lifecycle);
  for (const hook of ['postStart', 'preStop']) {
    const handler = record(lifecycle?.[hook]);
    if (!handler) continue;
    const present = LIFECYCLE_HANDLERS.filter((h) => handler[h] !== undefined);
    if (present.length !== 1) {
      findings.error('probe-handler', subject, `${ref.path}.lifecycle.${hook}`,
        `lifecycle.${hook} must have exactly one handler (exec, httpGet, tcpSocket or sleep), `
        + `got ${present.length ? present.join(' and ') : 'none'}`);
    }
    for (const action of ['httpGet', 'tcpSocket']) {
      const a = record(handler[action]);
      if (a) checkHandlerPort(template, `${ref.path}.lifecycle.${hook}.${action}.port`, a.port, portNames, findings);
    }
  }
}

/**
 * httpGet, tcpSocket and grpc probes connect over TCP. A port the container declares only as UDP
 * never answers them: an error (the declaration says what listens there). A number the container
 * does not declare at all is a warning: containerPort lists are informational ("not specifying a
 * port here DOES NOT prevent that port from being exposed"), so the probe may well be right.
 */
function checkProbePortDeclared(
  template: PodTemplate, ref: ContainerRef, path: string, probeName: string, handler: string, port: unknown,
  declared: readonly { name?: string; number?: number; protocol: string }[], findings: Findings,
): void {
  const numeric = typeof port === 'number' ? port : typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : undefined;
  const matching = declared.filter((p) => (numeric !== undefined ? p.number === numeric : typeof port === 'string' && p.name === port));
  if (matching.length > 0) {
    if (matching.every((p) => p.protocol !== 'TCP')) {
      const protocols = [...new Set(matching.map((p) => p.protocol))].join(' and ');
      findings.error('probe-port-protocol', template.subject, path,
        `${probeName}.${handler} connects over TCP, but container ${show(ref.name)} declares port ${show(port)} as ${protocols} only; probe a TCP `
        + `port, or declare ${numeric ?? matching[0].number}/TCP if the app also listens on it`);
    }
  } else if (numeric !== undefined && numeric >= 1 && numeric <= 65535 && declared.every((p) => p.number !== undefined)) {
    const known = declared.filter((p) => p.number !== undefined).map((p) => `${p.number}/${p.protocol}`);
    findings.warning('probe-port-undeclared', template.subject, path,
      `${probeName} probes port ${numeric}, which container ${show(ref.name)} does not declare `
      + `(${known.length ? `it declares ${known.join(', ')}` : 'it declares no ports'}); if nothing listens there the probe always `
      + `fails${probeName === 'livenessProbe' ? ' and the pod restarts forever' : ''}: declare the port, or probe one the app listens on`);
  }
}

function checkHandlerPort(template: PodTemplate, path: string, port: unknown, portNames: Set<string>, findings: Findings): void {
  if (typeof port === 'number') {
    const problem = portNumber(port);
    if (problem) findings.error('port-range', template.subject, path, `port ${port} ${problem}`);
  } else if (typeof port === 'string') {
    const problem = describe(quotedPortNumber(port) ?? probePortName(port, [...portNames]));
    if (problem) findings.error('probe-port', template.subject, path, `port ${show(port)} ${problem}`);
  }
}

function checkResources(template: PodTemplate, ref: ContainerRef, findings: Findings): void {
  const resources = record(ref.container.resources);
  if (!resources) return;
  const parsed: Record<'requests' | 'limits', Map<string, number>> = { requests: new Map(), limits: new Map() };
  for (const kind of ['requests', 'limits'] as const) {
    for (const [resource, value] of Object.entries(record(resources[kind]) ?? {})) {
      const at = `${ref.path}.resources.${kind}[${JSON.stringify(resource)}]`;
      const problem = describe(nonNegativeQuantity(value));
      if (problem) findings.error('resource-quantity', template.subject, at, `${kind}.${resource} ${show(value)} ${problem}`);
      else parsed[kind].set(resource, parseQuantity(value)!);
    }
  }
  for (const [resource, request] of parsed.requests) {
    const limit = parsed.limits.get(resource);
    const problem = limit === undefined ? undefined : describe(requestWithinLimit(request, limit, show(record(resources.limits)?.[resource])));
    if (problem) {
      findings.error('resource-request-limit', template.subject, `${ref.path}.resources.requests[${JSON.stringify(resource)}]`,
        `${resource} request ${show(record(resources.requests)?.[resource])} ${problem}`);
    }
  }
}

function checkVolumeMounts(template: PodTemplate, ref: ContainerRef, volumes: Set<string>, findings: Findings): void {
  const mountPaths = new Set<string>();
  records(ref.container.volumeMounts).forEach((mount, i) => {
    const name = string(mount.name) ?? '';
    const at = `${ref.path}.volumeMounts[${name ? `name=${name}` : i}]`;
    if (!volumes.has(name)) {
      findings.error('volume-mount', template.subject, `${at}.name`,
        `volumeMount ${show(name)} names no volume of the pod${volumes.size ? ` (volumes: ${[...volumes].join(', ')})` : ''}; add it to `
        + `${template.specPath}.volumes or fix the name`);
    }
    const mountPath = string(mount.mountPath);
    if (mountPath !== undefined && mountPaths.has(mountPath)) {
      findings.error('volume-mount', template.subject, `${at}.mountPath`,
        `mountPath ${show(mountPath)} is mounted twice in container ${show(ref.name)}; each mountPath must be unique`);
    }
    if (mountPath !== undefined) mountPaths.add(mountPath);
  });
}

/** Exposed for cross-object checks: a container's ports by name and number. */
export function containerPorts(container: Json): { names: Set<string>; numbers: Set<number> } {
  const names = new Set<string>();
  const numbers = new Set<number>();
  for (const port of records(container.ports)) {
    if (typeof port.name === 'string') names.add(port.name);
    if (typeof port.containerPort === 'number') numbers.add(port.containerPort);
  }
  return { names, numbers };
}
