/**
 * Mutators: each makes exactly one prop of a valid generated spec invalid, and says which prop (as
 * the error message must name it). Values are the kinds of mistakes people make: out of range,
 * negative, fractional, NaN, wrong case, a missing slash, a contradiction between two fields.
 */
import type { AppSpec, ContainerSpec, PodSpecSpec, WebServiceSpec } from './app-spec';

export interface Mutator<S> {
  /** What it does, for the failure report. */
  readonly name: string;
  /** The prop the error must name: a PropsError `<prop> (` or a finding path/message containing it. */
  readonly names: RegExp;
  /** Whether it applies to this spec (e.g. a nodePort needs a NodePort Service). */
  readonly applies?: (spec: S) => boolean;
  readonly mutate: (spec: S) => S;
}

const withDeployment = (s: AppSpec, d: Partial<AppSpec['deployment']>): AppSpec => ({ ...s, deployment: { ...s.deployment, ...d } });
const withContainer = (s: AppSpec, c: Partial<ContainerSpec>): AppSpec =>
  withDeployment(s, { containers: s.deployment.containers.map((x, i) => (i === 0 ? { ...x, ...c } : x)) });

const BAD_NUMBERS: [string, number][] = [['-1', -1], ['1.5', 1.5], ['NaN', NaN]];

export const APP_MUTATORS: Mutator<AppSpec>[] = [
  ...BAD_NUMBERS.map(([label, v]): Mutator<AppSpec> => ({
    name: `deployment.replicas = ${label}`, names: /\breplicas\b/, applies: (s) => !s.hpa, mutate: (s) => withDeployment(s, { replicas: v }),
  })),
  { name: 'deployment.revisionHistoryLimit = -3', names: /revisionHistoryLimit/, mutate: (s) => withDeployment(s, { revisionHistoryLimit: -3 }) },
  { name: 'deployment.revisionHistoryLimit = 2.5', names: /revisionHistoryLimit/, mutate: (s) => withDeployment(s, { revisionHistoryLimit: 2.5 }) },
  { name: 'deployment.maxSurge = -1', names: /maxSurge/, mutate: (s) => withDeployment(s, { maxSurge: -1 }) },
  { name: 'deployment.maxSurge = "ten%"', names: /maxSurge/, mutate: (s) => withDeployment(s, { maxSurge: 'ten%' }) },
  { name: 'deployment.maxUnavailable = "150%"', names: /maxUnavailable/, mutate: (s) => withDeployment(s, { maxUnavailable: '150%' }) },
  { name: 'deployment.maxUnavailable = -2', names: /maxUnavailable/, mutate: (s) => withDeployment(s, { maxUnavailable: -2 }) },
  { name: 'deployment.maxSurge and maxUnavailable both 0', names: /maxSurge|maxUnavailable/, mutate: (s) => withDeployment(s, { maxSurge: 0, maxUnavailable: 0 }) },
  {
    name: 'deployment.minReady >= progressDeadline', names: /minReady|progressDeadline/,
    mutate: (s) => withDeployment(s, { minReadySeconds: 600, progressDeadlineSeconds: 600 }),
  },
  // Duration.seconds(-5) throws in cdk8s itself, at the caller's line; a fraction of a second is left to us.
  { name: 'deployment.progressDeadline = 700.5s', names: /progressDeadline/, mutate: (s) => withDeployment(s, { progressDeadlineSeconds: 700.5 }) },
  { name: 'topologySpread.maxSkew = 0', names: /maxSkew/, mutate: (s) => withDeployment(s, { spread: { maxSkew: 0, whenUnsatisfiable: 'ScheduleAnyway' } }) },
  { name: 'topologySpread.maxSkew = 1.5', names: /maxSkew/, mutate: (s) => withDeployment(s, { spread: { maxSkew: 1.5, whenUnsatisfiable: 'ScheduleAnyway' } }) },
  { name: 'topologySpread.minDomains = 0', names: /minDomains/, mutate: (s) => withDeployment(s, { spread: { maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', minDomains: 0 } }) },
  {
    name: 'topologySpread.minDomains with ScheduleAnyway', names: /minDomains/,
    mutate: (s) => withDeployment(s, { spread: { maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 } }),
  },
  {
    name: 'topologySpread.whenUnsatisfiable = "DoNotSCHEDULE"', names: /whenUnsatisfiable/,
    mutate: (s) => withDeployment(s, { spread: { maxSkew: 1, whenUnsatisfiable: 'DoNotSCHEDULE' as 'DoNotSchedule' } }),
  },
  ...([['0', 0], ['70000', 70000], ['1.5', 1.5]] as [string, number][]).map(([label, v]): Mutator<AppSpec> => ({
    name: `container.ports[0].number = ${label}`, names: /ports\[0\]\.number/, mutate: (s) => withContainer(s, { port: v }),
  })),
  { name: 'container.ports[0].name = "HTTP_1"', names: /ports\[0\]\.name/, mutate: (s) => withContainer(s, { portName: 'HTTP_1' }) },
  { name: 'container.image = ""', names: /\bimage\b/, mutate: (s) => withContainer(s, { image: '' }) },
  { name: 'container.image with a space', names: /\bimage\b/, mutate: (s) => withContainer(s, { image: 'nginx latest' }) },
  { name: 'container cpu request = -5m', names: /\bcpu\b/, mutate: (s) => withContainer(s, { cpuMillis: -5 }) },
  // Size.mebibytes(-1) throws in cdk8s itself, at the caller's line: a request above its limit is the mistake left to us.
  { name: 'container memory request above its limit', names: /memory/, mutate: (s) => withContainer(s, { memoryMi: 512, memoryLimitMi: 256 }) },
  { name: 'container.env key "1BAD KEY"', names: /\benv\b/, mutate: (s) => withContainer(s, { env: { '1BAD KEY': 'x' } }) },
  { name: 'container.writablePaths relative', names: /writablePaths/, mutate: (s) => withContainer(s, { writablePaths: ['tmp'] }) },
  { name: 'container readiness path without "/"', names: /readiness|path/, mutate: (s) => withContainer(s, { readinessPath: 'healthz' }) },
  { name: 'container.security.runAsUser = -1', names: /runAsUser/, mutate: (s) => withContainer(s, { runAsUser: -1 }) },
  { name: 'container.security.runAsUser = 1.5', names: /runAsUser/, mutate: (s) => withContainer(s, { runAsUser: 1.5 }) },
  ...([['0', 0], ['65536', 65536], ['2.5', 2.5]] as [string, number][]).map(([label, v]): Mutator<AppSpec> => ({
    name: `service.ports[0].port = ${label}`, names: /ports\[0\]\.port\b/, mutate: (s) => ({ ...s, service: { ...s.service, port: v } }),
  })),
  {
    name: 'NodePortService nodePort = 80', names: /nodePort/, applies: (s) => s.service.kind === 'NodePort',
    mutate: (s) => ({ ...s, service: { ...s.service, nodePort: 80 } }),
  },
  {
    name: 'NodePortService nodePort = 30000.5', names: /nodePort/, applies: (s) => s.service.kind === 'NodePort',
    mutate: (s) => ({ ...s, service: { ...s.service, nodePort: 30000.5 } }),
  },
  { name: 'ingress host "Shop_Example.com"', names: /host/, applies: (s) => !!s.ingress, mutate: (s) => ({ ...s, ingress: { ...s.ingress!, host: 'Shop_Example.com' } }) },
  { name: 'ingress path without "/"', names: /path/, applies: (s) => !!s.ingress, mutate: (s) => ({ ...s, ingress: { ...s.ingress!, path: 'api' } }) },
  { name: 'httpRoute hostname "Bad_Host"', names: /hostnames/, applies: (s) => !!s.route, mutate: (s) => ({ ...s, route: { ...s.route!, hostname: 'Bad_Host' } }) },
  { name: 'httpRoute path without "/"', names: /path/, applies: (s) => !!s.route, mutate: (s) => ({ ...s, route: { ...s.route!, path: 'api' } }) },
  { name: 'gateway gatewayClassName = ""', names: /gatewayClassName/, applies: (s) => !!s.route, mutate: (s) => ({ ...s, route: { ...s.route!, gatewayClassName: '' } }) },
  {
    name: 'hpa maxReplicas < minReplicas', names: /maxReplicas|minReplicas/, applies: (s) => !!s.hpa && !s.pdb,
    mutate: (s) => ({ ...s, hpa: { ...s.hpa!, minReplicas: s.hpa!.maxReplicas + 1 } }),
  },
  { name: 'hpa minReplicas = 0', names: /minReplicas/, applies: (s) => !!s.hpa && !s.pdb, mutate: (s) => ({ ...s, hpa: { ...s.hpa!, minReplicas: 0 } }) },
  { name: 'hpa cpuUtilizationPercent = 0', names: /cpuUtilizationPercent/, applies: (s) => !!s.hpa, mutate: (s) => ({ ...s, hpa: { ...s.hpa!, cpuPercent: 0 } }) },
  { name: 'hpa cpuUtilizationPercent = 12.5', names: /cpuUtilizationPercent/, applies: (s) => !!s.hpa, mutate: (s) => ({ ...s, hpa: { ...s.hpa!, cpuPercent: 12.5 } }) },
  { name: 'pdb maxUnavailable = -1', names: /maxUnavailable/, applies: (s) => !!s.pdb, mutate: (s) => ({ ...s, pdb: { maxUnavailable: -1 } }) },
  { name: 'pdb maxUnavailable = "101%"', names: /maxUnavailable/, applies: (s) => !!s.pdb, mutate: (s) => ({ ...s, pdb: { maxUnavailable: '101%' } }) },
  { name: 'pdb minAvailable and maxUnavailable both', names: /minAvailable|maxUnavailable/, applies: (s) => !!s.pdb, mutate: (s) => ({ ...s, pdb: { minAvailable: 1, maxUnavailable: 1 } }) },
  {
    name: 'networkPolicy peer namespace "Bad_NS"', names: /namespace|from/, applies: (s) => !!s.networkPolicy,
    mutate: (s) => ({ ...s, networkPolicy: { ...s.networkPolicy!, fromNamespace: 'Bad_NS' } }),
  },
  {
    name: 'vpa minAllowed.cpu > maxAllowed.cpu', names: /minAllowed|maxAllowed/, applies: (s) => !!s.vpa,
    mutate: (s) => ({ ...s, vpa: { ...s.vpa!, minCpuMillis: s.vpa!.maxCpuMillis + 1 } }),
  },
  { name: 'vpa minAllowed.cpu = -1m', names: /minAllowed/, applies: (s) => !!s.vpa, mutate: (s) => ({ ...s, vpa: { ...s.vpa!, minCpuMillis: -1 } }) },
  { name: 'chart namespace "Shop"', names: /namespace/, mutate: (s) => ({ ...s, namespace: 'Shop' }) },
  { name: 'deployment name "Web_1"', names: /\bname\b/, mutate: (s) => withDeployment(s, { name: 'Web_1' }) },
  { name: 'deployment name of 64 characters', names: /\bname\b/, mutate: (s) => withDeployment(s, { name: 'a'.repeat(64) }) },
  { name: 'deployment version "1.0 beta"', names: /version/, mutate: (s) => withDeployment(s, { version: '1.0 beta' }) },
  { name: 'deployment label key "a/b/c"', names: /labels/, mutate: (s) => withDeployment(s, { labels: { ...s.deployment.labels, 'a/b/c': 'x' } }) },
  { name: 'deployment label value of 64 characters', names: /labels/, mutate: (s) => withDeployment(s, { labels: { ...s.deployment.labels, tier: 'v'.repeat(64) } }) },
  { name: 'deployment annotation key "bad key"', names: /annotation/, mutate: (s) => withDeployment(s, { annotations: { 'bad key': 'x' } }) },
  { name: 'ingress host with a wildcard inside "a.*.example.com"', names: /host/, applies: (s) => !!s.ingress, mutate: (s) => ({ ...s, ingress: { ...s.ingress!, host: 'a.*.example.com' } }) },
  { name: 'ingress host an IP address', names: /host/, applies: (s) => !!s.ingress, mutate: (s) => ({ ...s, ingress: { ...s.ingress!, host: '10.0.0.1' } }) },
  { name: 'ingress path with "//"', names: /path/, applies: (s) => !!s.ingress, mutate: (s) => ({ ...s, ingress: { ...s.ingress!, path: '/a//b' } }) },
  { name: 'ingress path ending in "/.."', names: /path/, applies: (s) => !!s.ingress, mutate: (s) => ({ ...s, ingress: { ...s.ingress!, path: '/a/..' } }) },
  { name: 'ingress path with "%2F"', names: /path/, applies: (s) => !!s.ingress, mutate: (s) => ({ ...s, ingress: { ...s.ingress!, path: '/a%2Fb' } }) },
  { name: 'httpRoute hostname an IP address', names: /hostnames/, applies: (s) => !!s.route, mutate: (s) => ({ ...s, route: { ...s.route!, hostname: '10.0.0.1' } }) },
  { name: 'container.env key with "="', names: /\benv\b/, mutate: (s) => withContainer(s, { env: { 'A=B': 'x' } }) },
  { name: 'container.writablePaths twice "/tmp"', names: /writablePaths/, mutate: (s) => withContainer(s, { writablePaths: ['/tmp', '/tmp'] }) },
  { name: 'container port name of 16 characters', names: /ports\[0\]\.name/, mutate: (s) => withContainer(s, { portName: 'a'.repeat(16) }) },
  { name: 'hpa maxReplicas = 0', names: /maxReplicas|minReplicas/, applies: (s) => !!s.hpa && !s.pdb, mutate: (s) => ({ ...s, hpa: { ...s.hpa!, minReplicas: 1, maxReplicas: 0 } }) },
  {
    name: 'networkPolicy peer namespace of 64 characters', names: /namespace|from/, applies: (s) => !!s.networkPolicy,
    mutate: (s) => ({ ...s, networkPolicy: { ...s.networkPolicy!, fromNamespace: 'n'.repeat(64) } }),
  },
  { name: 'pdb minAvailable = 1.5', names: /minAvailable/, applies: (s) => !!s.pdb, mutate: (s) => ({ ...s, pdb: { minAvailable: 1.5 } }) },
  { name: 'pdb maxUnavailable = "abc%"', names: /maxUnavailable/, applies: (s) => !!s.pdb, mutate: (s) => ({ ...s, pdb: { maxUnavailable: 'abc%' } }) },
  { name: 'service name "1web" (DNS-1035 starts with a letter)', names: /\bname\b/, mutate: (s) => ({ ...s, service: { ...s.service, name: '1web' } }) },
];

export const WEB_SERVICE_MUTATORS: Mutator<WebServiceSpec>[] = [
  { name: 'port = 0', names: /\bport\b/, mutate: (s) => ({ ...s, port: 0 }) },
  { name: 'port = 65536', names: /\bport\b/, mutate: (s) => ({ ...s, port: 65536 }) },
  { name: 'replicas = -1', names: /replicas/, applies: (s) => !s.autoscaling, mutate: (s) => ({ ...s, replicas: -1 }) },
  {
    name: 'autoscaling maxReplicas < minReplicas', names: /maxReplicas|minReplicas/, applies: (s) => !!s.autoscaling,
    mutate: (s) => ({ ...s, autoscaling: { ...s.autoscaling!, maxReplicas: s.autoscaling!.minReplicas - 1 } }),
  },
  { name: 'ingress host "Bad_Host"', names: /host/, applies: (s) => !!s.ingress, mutate: (s) => ({ ...s, ingress: { ...s.ingress!, host: 'Bad_Host' } }) },
  { name: 'ingress path without "/"', names: /path/, applies: (s) => !!s.ingress, mutate: (s) => ({ ...s, ingress: { ...s.ingress!, path: 'shop' } }) },
  { name: 'container port = 0', names: /ports\[0\]\.number/, mutate: (s) => ({ ...s, container: { ...s.container, port: 0 } }) },
  { name: 'container image = ""', names: /\bimage\b/, mutate: (s) => ({ ...s, container: { ...s.container, image: '' } }) },
];

export const POD_MUTATORS: Mutator<PodSpecSpec>[] = [
  { name: 'two containers on one port', names: /ports\[0\]/, mutate: (s) => ({ ...s, containers: [s.containers[0], { ...s.containers[1], port: s.containers[0].port }, ...s.containers.slice(2)] }) },
  { name: 'restartPolicy "always"', names: /restartPolicy/, mutate: (s) => ({ ...s, restartPolicy: 'always' as 'Always' }) },
  { name: 'container image with a space', names: /\bimage\b/, mutate: (s) => ({ ...s, containers: [{ ...s.containers[0], image: 'a b' }, ...s.containers.slice(1)] }) },
  { name: 'container memory request above its limit', names: /memory/, mutate: (s) => ({ ...s, containers: [{ ...s.containers[0], memoryMi: 64, memoryLimitMi: 32 }, ...s.containers.slice(1)] }) },
];
