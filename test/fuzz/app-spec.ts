/**
 * Generated apps for the property tests: an `AppSpec` is plain JSON (so fast-check can shrink it
 * and print a failing case), `arbAppSpec` generates only specs whose props the docs call valid, and
 * `buildApp` turns one into constructs of a chart.
 */
import { Chart, Duration, Size } from 'cdk8s';
import * as fc from 'fast-check';
import {
  ClusterIpService, Cpu, Gateway, HeadlessService, HorizontalAutoscaler, HttpRoute, IngressBackend, LoadBalancerService,
  MultiContainerPod, NetworkPolicy, NodePortService, Peer, PodDisruptionBudget, PodSecurityLevel, Probe, RollingDeployment,
  RoutingIngress, ServiceBase, VerticalAutoscaler,
} from '../../lib';
import { WebService } from '../../lib/web-service';

export type ServiceKind = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'Headless';

export interface ContainerSpec {
  image: string;
  port: number;
  portName: string;
  protocol?: 'TCP' | 'UDP';
  cpuMillis?: number;
  memoryMi?: number;
  /** Defaults to the request. */
  memoryLimitMi?: number;
  readinessPath?: string;
  liveness: 'tcp' | 'http' | 'none';
  writablePaths: string[];
  env: Record<string, string>;
  runAsUser?: number;
}

export interface MetadataSpec {
  name?: string;
  version?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface DeploymentSpec extends MetadataSpec {
  containers: ContainerSpec[];
  replicas?: number;
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  minReadySeconds?: number;
  progressDeadlineSeconds?: number;
  revisionHistoryLimit?: number;
  spread?: { maxSkew: number; whenUnsatisfiable: 'ScheduleAnyway' | 'DoNotSchedule'; minDomains?: number } | false;
  baseline: boolean;
  budget?: { maxUnavailable: number } | false;
}

export interface AppSpec {
  /** The chart's construct id: any string cdk8s takes, from which object names and labels derive. */
  chartId: string;
  namespace?: string;
  deployment: DeploymentSpec;
  service: { kind: ServiceKind; port: number; nodePort?: number; name?: string; numericTargetPort?: boolean };
  ingress?: { host?: string; path: string; pathType: 'Prefix' | 'Exact' };
  route?: { gatewayClassName: string; hostname?: string; path: string; pathType: 'PathPrefix' | 'Exact' };
  hpa?: { minReplicas: number; maxReplicas: number; cpuPercent: number };
  pdb?: { minAvailable?: number | string; maxUnavailable?: number | string };
  networkPolicy?: { fromNamespace: string; allowDns: boolean };
  vpa?: { updateMode: 'Off' | 'Initial' | 'Recreate'; minCpuMillis: number; maxCpuMillis: number };
}

const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/);
const host = fc.array(label, { minLength: 2, maxLength: 4 }).map((parts) => parts.join('.'));
const urlPath = fc.array(fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,8}$/), { minLength: 0, maxLength: 3 }).map((parts) => `/${parts.join('/')}`);
const image = fc.constantFrom('nginxinc/nginx-unprivileged:1.27-alpine', 'ghcr.io/example/web:1.2.3',
  'registry.example.com:5000/team/api@sha256:' + 'a'.repeat(64));
/** Label keys and values at the edges of what Kubernetes takes: a prefix, 63-character names, empty values. */
const labelName = fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/);
const labelKey = fc.tuple(fc.option(host, { nil: undefined }), labelName).map(([prefix, name]) => (prefix ? `${prefix}/${name}` : name))
  .filter((k) => !k.startsWith('app.kubernetes.io/'));
const labelValue = fc.oneof(fc.constant(''), labelName);
const dnsLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
const dns1035 = fc.stringMatching(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
const metadata = {
  version: fc.option(labelName, { nil: undefined }),
  labels: fc.option(fc.dictionary(labelKey, labelValue, { maxKeys: 3 }), { nil: undefined }),
  annotations: fc.option(fc.dictionary(labelKey, fc.string({ maxLength: 40 }), { maxKeys: 2 }), { nil: undefined }),
};
const intOrPercent = (max: number) => fc.oneof(fc.integer({ min: 0, max }), fc.integer({ min: 0, max: 100 }).map((n) => `${n}%`));

export const arbContainer = (index: number, usedPorts: number[] = []): fc.Arbitrary<ContainerSpec> => fc.record({
  image,
  port: fc.integer({ min: 1024, max: 65535 }).filter((p) => !usedPorts.includes(p)),
  portName: fc.constant(index === 0 ? 'http' : `port-${index}`),
  cpuMillis: fc.option(fc.integer({ min: 1, max: 4000 }), { nil: undefined }),
  memoryMi: fc.option(fc.integer({ min: 4, max: 8192 }), { nil: undefined }),
  readinessPath: fc.option(urlPath, { nil: undefined }),
  liveness: fc.constantFrom('tcp', 'http', 'none'),
  writablePaths: fc.uniqueArray(fc.constantFrom('/tmp', '/var/cache/nginx', '/run', '/data'), { maxLength: 3 }),
  env: fc.dictionary(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
  runAsUser: fc.option(fc.integer({ min: 1, max: 65534 }), { nil: undefined }),
}, { requiredKeys: ['image', 'port', 'portName', 'liveness', 'writablePaths', 'env'] });

export const arbDeployment: fc.Arbitrary<DeploymentSpec> = fc.record({
  name: fc.option(dnsLabel, { nil: undefined }),
  ...metadata,
  containers: fc.tuple(arbContainer(0), fc.option(arbContainer(1), { nil: undefined }))
    .filter(([a, b]) => !b || a.port !== b.port)
    .map(([a, b]) => (b ? [a, b] : [a])),
  replicas: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  maxSurge: fc.option(intOrPercent(5), { nil: undefined }),
  maxUnavailable: fc.option(intOrPercent(5), { nil: undefined }),
  minReadySeconds: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
  progressDeadlineSeconds: fc.option(fc.integer({ min: 121, max: 3600 }), { nil: undefined }),
  revisionHistoryLimit: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
  spread: fc.option(fc.oneof(
    fc.constant(false as const),
    fc.record({ maxSkew: fc.integer({ min: 1, max: 5 }), whenUnsatisfiable: fc.constant('ScheduleAnyway' as const) }),
    fc.record({ maxSkew: fc.integer({ min: 1, max: 5 }), whenUnsatisfiable: fc.constant('DoNotSchedule' as const),
      minDomains: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }) }),
  ), { nil: undefined }),
  baseline: fc.boolean(),
  budget: fc.option(fc.oneof(fc.constant(false as const), fc.record({ maxUnavailable: fc.integer({ min: 1, max: 3 }) })), { nil: undefined }),
}, { requiredKeys: ['containers', 'baseline', 'name', 'version', 'labels', 'annotations'] })
  // Rolling updates need room to move: maxSurge and maxUnavailable may not both be 0.
  .filter((d) => !(isZero(d.maxSurge ?? '25%') && isZero(d.maxUnavailable ?? 0)));

function isZero(v: number | string): boolean {
  return v === 0 || v === '0%';
}

export const arbAppSpec: fc.Arbitrary<AppSpec> = fc.record({
  chartId: fc.oneof(fc.constantFrom('test', 'shop_prod', 'Shop', 'eu.west-1', 'x'.repeat(70)), fc.string({ minLength: 1, maxLength: 12 })
    // constructs keeps children in a plain object: an id such as "toString" is taken (upstream, not this library's).
    .filter((id) => !id.includes('/') && !(id in Object.prototype))),
  namespace: fc.option(label, { nil: undefined }),
  deployment: arbDeployment,
  service: fc.oneof(
    fc.record({
      kind: fc.constantFrom<ServiceKind>('ClusterIP', 'LoadBalancer', 'Headless'), port: fc.integer({ min: 1, max: 65535 }),
      name: fc.option(dns1035, { nil: undefined }), numericTargetPort: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant<ServiceKind>('NodePort'), port: fc.integer({ min: 1, max: 65535 }), nodePort: fc.option(
        fc.integer({ min: 30000, max: 32767 }), { nil: undefined }),
      name: fc.option(dns1035, { nil: undefined }), numericTargetPort: fc.boolean(),
    }),
  ),
  ingress: fc.option(
    fc.record(
      { host: fc.option(fc.oneof(host, host.map((h) => `*.${h}`)), { nil: undefined }), path: urlPath,
        pathType: fc.constantFrom<'Prefix' | 'Exact'>('Prefix', 'Exact') },
      { requiredKeys: ['path', 'pathType'] }),
    { nil: undefined }),
  route: fc.option(fc.record({
    gatewayClassName: fc.constantFrom('eg', 'istio', 'cilium'),
    hostname: fc.option(fc.oneof(host, host.map((h) => `*.${h}`)), { nil: undefined }),
    path: urlPath,
    pathType: fc.constantFrom<'PathPrefix' | 'Exact'>('PathPrefix', 'Exact'),
  }, { requiredKeys: ['gatewayClassName', 'path', 'pathType'] }), { nil: undefined }),
  hpa: fc.option(fc.integer({ min: 1, max: 10 }).chain((min) => fc.record({
    minReplicas: fc.constant(min), maxReplicas: fc.integer({ min, max: 50 }), cpuPercent: fc.integer({ min: 1, max: 100 }),
  })), { nil: undefined }),
  pdb: fc.option(fc.oneof(
    fc.record({ minAvailable: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ maxUnavailable: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 100 }).map((n) => `${n}%`)) }),
  ), { nil: undefined }),
  networkPolicy: fc.option(fc.record({ fromNamespace: label, allowDns: fc.boolean() }), { nil: undefined }),
  vpa: fc.option(fc.integer({ min: 1, max: 1000 }).chain((min) => fc.record({
    updateMode: fc.constantFrom<'Off' | 'Initial' | 'Recreate'>('Off', 'Initial',
      'Recreate'), minCpuMillis: fc.constant(min), maxCpuMillis: fc.integer({ min, max: 8000 }),
  })), { nil: undefined }),
}, { requiredKeys: ['chartId', 'deployment', 'service'] }).map((app) => {
  // What the docs ask of combinations: an autoscaled deployment pins no replicas and requests cpu
  // (utilization is a share of the request); one budget per pod set; a VPA does not fight an HPA on cpu.
  let { deployment } = app;
  if (app.hpa) {
    deployment = { ...deployment, replicas: undefined, containers: deployment.containers.map((c) => ({ ...c, cpuMillis: c.cpuMillis ?? 100 })) };
  }
  let { hpa } = app;
  if (app.pdb) {
    deployment = { ...deployment, budget: false };
    // A budget must leave room for one eviction, or node drains hang.
    const minAvailable = 'minAvailable' in app.pdb ? app.pdb.minAvailable : undefined;
    const needed = typeof minAvailable === 'number' ? minAvailable + 1 : 1;
    if (hpa) hpa = { ...hpa, minReplicas: Math.max(hpa.minReplicas, needed), maxReplicas: Math.max(hpa.maxReplicas, needed) };
    else deployment = { ...deployment, replicas: Math.max(deployment.replicas ?? 1, needed) };
  }
  return { ...app, deployment, hpa, vpa: app.hpa ? undefined : app.vpa };
});

function containerProps(c: ContainerSpec, name?: string) {
  return {
    name,
    image: c.image,
    ports: [{ number: c.port, name: c.portName, protocol: c.protocol }],
    resources: c.cpuMillis !== undefined || c.memoryMi !== undefined ? {
      cpu: c.cpuMillis !== undefined ? { request: Cpu.millis(c.cpuMillis) } : undefined,
      memory: c.memoryMi !== undefined ? { request: Size.mebibytes(c.memoryMi), limit: Size.mebibytes(c.memoryLimitMi ?? c.memoryMi) } : undefined,
    } : undefined,
    readiness: c.readinessPath !== undefined ? Probe.httpGet(c.readinessPath, { port: c.portName }) : undefined,
    liveness: c.liveness === 'tcp' ? Probe.tcpSocket({ port: c.port }) : c.liveness === 'http' ? Probe.httpGet('/healthz',
      { port: c.portName }) : undefined,
    writablePaths: c.writablePaths,
    env: c.env,
    security: c.runAsUser !== undefined ? { runAsUser: c.runAsUser } : undefined,
  };
}

/** Builds the app in `chart`; returns the deployment for callers that add to it. */
export function buildApp(chart: Chart, app: AppSpec): RollingDeployment {
  const d = app.deployment;
  const web = new RollingDeployment(chart, 'web', {
    name: d.name,
    version: d.version,
    labels: d.labels,
    annotations: d.annotations,
    containers: d.containers.map((c, i) => containerProps(c, d.containers.length > 1 ? ['app', 'sidecar'][i] : undefined)),
    replicas: d.replicas,
    maxSurge: d.maxSurge as any,
    maxUnavailable: d.maxUnavailable as any,
    minReady: d.minReadySeconds !== undefined ? Duration.seconds(d.minReadySeconds) : undefined,
    progressDeadline: d.progressDeadlineSeconds !== undefined ? Duration.seconds(d.progressDeadlineSeconds) : undefined,
    revisionHistoryLimit: d.revisionHistoryLimit,
    topologySpread: d.spread === undefined ? undefined : d.spread === false ? false : { zone: d.spread, node: d.spread },
    podSecurity: d.baseline ? PodSecurityLevel.BASELINE : undefined,
    disruptionBudget: d.budget,
  });
  const targetPort = app.service.numericTargetPort ? d.containers[0].port : 'http';
  const port = { port: app.service.port, targetPort };
  const name = app.service.name;
  let service: ServiceBase;
  switch (app.service.kind) {
    case 'NodePort': service = new NodePortService(chart, 'svc', { name, target: web, ports: [{ ...port, nodePort: app.service.nodePort }] }); break;
    case 'LoadBalancer': service = new LoadBalancerService(chart, 'svc', { name, target: web, ports: [port] }); break;
    case 'Headless': service = new HeadlessService(chart, 'svc', { name, target: web, ports: [port] }); break;
    case 'ClusterIP': service = new ClusterIpService(chart, 'svc', { name, target: web, ports: [port] }); break;
  }
  if (app.ingress) {
    new RoutingIngress(chart, 'ingress',
      { rules: [{ host: app.ingress.host, path: app.ingress.path, pathType: app.ingress.pathType, backend: IngressBackend.fromService(service) }] });
  }
  if (app.route) {
    const gateway = new Gateway(chart, 'gw', { gatewayClassName: app.route.gatewayClassName });
    new HttpRoute(chart, 'route', {
      gateway, hostnames: app.route.hostname ? [app.route.hostname] : undefined,
      rules: [{ path: app.route.path, pathType: app.route.pathType, backends: [{ service }] }],
    });
  }
  if (app.hpa) new HorizontalAutoscaler(chart, 'hpa',
    { target: web, minReplicas: app.hpa.minReplicas, maxReplicas: app.hpa.maxReplicas, cpuUtilizationPercent: app.hpa.cpuPercent });
  if (app.pdb) new PodDisruptionBudget(chart, 'pdb', { target: web, ...(app.pdb as any) });
  if (app.networkPolicy) {
    const policy = new NetworkPolicy(chart, 'np', { target: web, allowDns: app.networkPolicy.allowDns });
    policy.allowFrom(Peer.namespace(app.networkPolicy.fromNamespace), 'http');
  }
  if (app.vpa) {
    new VerticalAutoscaler(chart, 'vpa', {
      target: web, updateMode: app.vpa.updateMode,
      minAllowed: { cpu: Cpu.millis(app.vpa.minCpuMillis) }, maxAllowed: { cpu: Cpu.millis(app.vpa.maxCpuMillis) },
    });
  }
  return web;
}

// ---- the other two scenarios: a WebService, and a MultiContainerPod ----

export interface WebServiceSpec {
  container: ContainerSpec;
  port?: number;
  replicas?: number;
  autoscaling?: { minReplicas: number; maxReplicas: number; cpuPercent: number };
  ingress?: { host: string; path: string; fromNamespace: string };
  networkPolicy: boolean;
}

export const arbWebService: fc.Arbitrary<WebServiceSpec> = fc.record({
  container: arbContainer(0),
  port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  replicas: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
  autoscaling: fc.option(fc.integer({ min: 1, max: 5 }).chain((min) => fc.record({
    minReplicas: fc.constant(min), maxReplicas: fc.integer({ min, max: 20 }), cpuPercent: fc.integer({ min: 10, max: 90 }),
  })), { nil: undefined }),
  ingress: fc.option(fc.record({ host, path: urlPath, fromNamespace: label }), { nil: undefined }),
  networkPolicy: fc.boolean(),
}, { requiredKeys: ['container', 'networkPolicy'] }).map((s) => (s.autoscaling
  ? { ...s, replicas: undefined, container: { ...s.container, cpuMillis: s.container.cpuMillis ?? 100 } }
  : s));

export function buildWebService(chart: Chart, s: WebServiceSpec): WebService {
  return new WebService(chart, 'site', {
    containers: [containerProps(s.container)],
    port: s.port,
    replicas: s.replicas,
    autoscaling: s.autoscaling ? { minReplicas: s.autoscaling.minReplicas, maxReplicas: s.autoscaling.maxReplicas,
      cpuUtilizationPercent: s.autoscaling.cpuPercent } : undefined,
    // Peers are for the network policy, and only allowed with one.
    ingress: s.ingress ? { host: s.ingress.host, path: s.ingress.path,
      from: s.networkPolicy ? [Peer.namespace(s.ingress.fromNamespace)] : undefined } : undefined,
    networkPolicy: s.networkPolicy ? {} : false,
  });
}

export interface PodSpecSpec {
  containers: ContainerSpec[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  baseline: boolean;
}

export const arbPod: fc.Arbitrary<PodSpecSpec> = fc.record({
  containers: fc.tuple(arbContainer(0), arbContainer(1), fc.option(arbContainer(2), { nil: undefined }))
    .filter(([a, b, c]) => new Set([a.port, b.port, ...(c ? [c.port] : [])]).size === (c ? 3 : 2))
    .map(([a, b, c]) => (c ? [a, b, c] : [a, b])),
  restartPolicy: fc.option(fc.constantFrom<'Always' | 'OnFailure' | 'Never'>('Always', 'OnFailure', 'Never'), { nil: undefined }),
  baseline: fc.boolean(),
}, { requiredKeys: ['containers', 'baseline'] });

export function buildPod(chart: Chart, s: PodSpecSpec): MultiContainerPod {
  return new MultiContainerPod(chart, 'pod', {
    containers: s.containers.map((c, i) => containerProps(c, `c${i}`)),
    restartPolicy: s.restartPolicy,
    podSecurity: s.baseline ? PodSecurityLevel.BASELINE : undefined,
  });
}
