/*
 * Pod-spec rules of the API server (pkg/apis/core/validation), applied to every pod template.
 */
import { Findings, Json, number, record, records, show, string } from './context';
import { probePortName } from '../rules/pod';
import { describe, dns1123Label, ianaServiceName, portNumber } from './names';
import { nonNegativeQuantity, parseQuantity } from '../rules/quantities';
import { ContainerRef, containersOf, PodTemplate } from './workloads';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

export function checkPodRules(template: PodTemplate, findings: Findings): void {
  const { subject, spec, specPath } = template;
  const containers = containersOf(template);
  if (records(spec.containers).length === 0) {
    findings.error('containers-required', subject, `${specPath}.containers`, 'a pod needs at least one container, got none; add one to containers');
  }

  const volumes = new Set<string>();
  records(spec.volumes).forEach((volume, i) => {
    const name = string(volume.name) ?? '';
    const at = `${specPath}.volumes[${name ? `name=${name}` : i}]`;
    const problem = dns1123Label(name);
    if (problem) findings.error('volume-name', subject, `${at}.name`, `volume name ${show(name)} ${problem}`);
    else if (volumes.has(name)) findings.error('volume-name', subject, `${at}.name`, `volume name ${show(name)} is used twice; volume names must be unique within a pod`);
    volumes.add(name);
  });

  const names = new Set<string>();
  const portNames = new Map<string, string>();
  const ports = new Map<string, string>();
  for (const ref of containers) {
    const { container, name, path } = ref;
    const problem = dns1123Label(name);
    if (problem) findings.error('container-name', subject, `${path}.name`, `container name ${show(name)} ${problem}`);
    else if (names.has(name)) findings.error('container-name-unique', subject, `${path}.name`, `container name ${show(name)} is used twice (containers and initContainers share one namespace); rename one`);
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
        else if (portNames.has(portName)) findings.error('port-name-unique', subject, `${at}.name`, `port name ${show(portName)} is already used by container ${show(portNames.get(portName))}; port names must be unique within a pod`);
        else portNames.set(portName, name);
      }
      const protocol = string(port.protocol) ?? 'TCP';
      const key = `${containerPort}/${protocol}`;
      if (containerPort !== undefined && sharesNetwork) {
        if (ports.has(key)) {
          findings.error('port-unique', subject, `${at}.containerPort`, `containerPort ${containerPort}/${protocol} is already declared by container ${show(ports.get(key))}; containers of a pod share one network namespace, so only one can listen on it: change one of the ports`);
        } else {
          ports.set(key, name);
        }
      }
    });

    checkProbes(template, ref, findings);
    checkResources(template, ref, findings);
    checkVolumeMounts(template, ref, volumes, findings);
  }
}

function checkProbes(template: PodTemplate, ref: ContainerRef, findings: Findings): void {
  const { subject } = template;
  const portNames = new Set(records(ref.container.ports).map((p) => string(p.name)).filter((n): n is string => !!n));
  for (const probeName of PROBES) {
    const probe = record(ref.container[probeName]);
    if (!probe) continue;
    const at = `${ref.path}.${probeName}`;
    const handlers = PROBE_HANDLERS.filter((h) => probe[h] !== undefined);
    if (handlers.length !== 1) {
      findings.error('probe-handler', subject, at, `${probeName} must have exactly one handler (exec, httpGet, tcpSocket or grpc), got ${handlers.length ? handlers.join(' and ') : 'none'}`);
    }
    for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
      const action = record(probe[handler]);
      if (action) checkHandlerPort(template, `${at}.${handler}.port`, action.port, portNames, findings);
    }
    const success = number(probe.successThreshold);
    if (probeName !== 'readinessProbe' && success !== undefined && success !== 1) {
      findings.error('probe-success-threshold', subject, `${at}.successThreshold`, `${probeName}.successThreshold must be 1, got ${success}; only readiness probes may require several successes`);
    }
  }
  const lifecycle = record(ref.container.lifecycle);
  for (const hook of ['postStart', 'preStop']) {
    const handler = record(lifecycle?.[hook]);
    if (!handler) continue;
    const present = LIFECYCLE_HANDLERS.filter((h) => handler[h] !== undefined);
    if (present.length !== 1) {
      findings.error('probe-handler', subject, `${ref.path}.lifecycle.${hook}`, `lifecycle.${hook} must have exactly one handler (exec, httpGet, tcpSocket or sleep), got ${present.length ? present.join(' and ') : 'none'}`);
    }
    for (const action of ['httpGet', 'tcpSocket']) {
      const a = record(handler[action]);
      if (a) checkHandlerPort(template, `${ref.path}.lifecycle.${hook}.${action}.port`, a.port, portNames, findings);
    }
  }
}

function checkHandlerPort(template: PodTemplate, path: string, port: unknown, portNames: Set<string>, findings: Findings): void {
  if (typeof port === 'number') {
    const problem = portNumber(port);
    if (problem) findings.error('port-range', template.subject, path, `port ${port} ${problem}`);
  } else if (typeof port === 'string') {
    if (/^\d+$/.test(port)) return; // a numeric string is accepted as a number
    const problem = describe(probePortName(port, [...portNames]));
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
    if (limit !== undefined && request > limit) {
      const requests = record(resources.requests) ?? {};
      const limits = record(resources.limits) ?? {};
      findings.error('resource-request-limit', template.subject, `${ref.path}.resources.requests[${JSON.stringify(resource)}]`,
        `${resource} request ${show(requests[resource])} is greater than its limit ${show(limits[resource])}; lower the request or raise the limit`);
    }
  }
}

function checkVolumeMounts(template: PodTemplate, ref: ContainerRef, volumes: Set<string>, findings: Findings): void {
  const mountPaths = new Set<string>();
  records(ref.container.volumeMounts).forEach((mount, i) => {
    const name = string(mount.name) ?? '';
    const at = `${ref.path}.volumeMounts[${name ? `name=${name}` : i}]`;
    if (!volumes.has(name)) {
      findings.error('volume-mount', template.subject, `${at}.name`, `volumeMount ${show(name)} names no volume of the pod${volumes.size ? ` (volumes: ${[...volumes].join(', ')})` : ''}; add it to ${template.specPath}.volumes or fix the name`);
    }
    const mountPath = string(mount.mountPath);
    if (mountPath !== undefined && mountPaths.has(mountPath)) {
      findings.error('volume-mount', template.subject, `${at}.mountPath`, `mountPath ${show(mountPath)} is mounted twice in container ${show(ref.name)}; each mountPath must be unique`);
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
