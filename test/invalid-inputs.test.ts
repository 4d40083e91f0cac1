/**
 * Issue 3 §2, "bad input gets a clear error": one table of invalid inputs across every exported
 * construct, each with the exact full message it gets. Each message names the construct path, the
 * prop, the value received and a fix: `[<path>] <prop> (<value>) <rule>; <fix>`.
 *
 * Every case runs twice: in the default mode (thrown by the constructor or method, or by the synth for
 * checks that can only run then) and in collect mode, where the same text must come out of one
 * synth as a validation error and never as a crash of a construct that went on with a bad value.
 */
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AllowedRoutes, AppNamespace, BlueGreenDeployment, BlueGreenDeploymentProps, CanaryDeployment, CanaryDeploymentProps, CanaryStage,
  CLOUD_PROVIDER_CONTEXT, CloudProvider, CLUSTER_AUTOSCALER_IMAGE_TAGS, ClusterAutoscaler, ClusterAutoscalerKubernetesVersion,
  ClusterIpService, COLLECT_ERRORS_CONTEXT, COLOR_LABEL, ContainerProps, Cpu, EnvValue, ExternalNameService, Gateway, GatewayProps,
  HeadlessService, HorizontalAutoscaler, HttpRoute, IngressBackend, IngressController, KubernetesWindow, LoadBalancerService, MultiContainerPod,
  NetworkPolicy, NodePortService, Peer, PodDisruptionBudget, Probe, RollingDeployment, RollingDeploymentProps, RoutingIngress,
  SAFE_TO_EVICT_ANNOTATION, VerticalAutoscaler, VerticalUpdateMode,
  ClusterRole, ClusterRoleBinding, ConfigMap, EnvFrom, Role, Secret, ServiceAccount, Volume, WorkloadIdentity,
  AccessMode, CronJob, DaemonSet, Job, LifecycleHandler, MultiContainerPodProps, PersistentVolumeClaim, StatefulSet,
  StatefulSetProps, StorageClass,
} from '../lib';
// From its own file: lib/web-service.ts is new, and not every tree re-exports it from lib/index.ts yet.
import { WebService, WebServiceProps } from '../lib/web-service';
import { newChart } from './util';

/**
 * When the problem surfaces in the default mode: `construct` (the constructor or method call throws),
 * `synth` (a check that needs the finished tree; thrown by the synth in both modes), or `always`
 * (thrown at the call in both modes: the mistake leaves nothing valid to go on with).
 */
type When = 'construct' | 'synth' | 'always';

interface Case {
  readonly title: string;
  /** Builds the invalid input in `chart`, a fresh chart `test` without namespace. */
  readonly build: (chart: Chart) => unknown;
  readonly message: string;
  /** @default 'construct' */
  readonly when?: When;
}

const IMAGE = 'nginxinc/nginx-unprivileged:1.27';

/** `test/web`: one container `web` listening on 8080 ("http"); `container` overrides its props. */
function web(scope: Construct, props: Partial<RollingDeploymentProps> = {}, container: Partial<ContainerProps> = {}): RollingDeployment {
  return new RollingDeployment(scope, 'web', { ...props, containers: [{ image: IMAGE, ports: [{ number: 8080, name: 'http' }], ...container }] });
}

/** `web` with a CPU request (and no memory request), as CPU-utilization autoscaling needs. */
function scalable(scope: Construct, props: Partial<RollingDeploymentProps> = {}): RollingDeployment {
  return web(scope, props, { resources: { cpu: { request: Cpu.millis(100) } } });
}

/** `test/svc`: port 80 ("http") in front of `web`'s 8080. */
function svc(scope: Construct): ClusterIpService {
  return new ClusterIpService(scope, 'svc', { target: web(scope), ports: [{ port: 80 }] });
}

function backend(scope: Construct, port?: number): IngressBackend {
  return IngressBackend.fromService(svc(scope), port === undefined ? {} : { port });
}

function gateway(scope: Construct, props: Partial<GatewayProps> = {}): Gateway {
  return new Gateway(scope, 'gw', { gatewayClassName: 'eg', ...props });
}

/** Another chart of the same app, with namespace `id`. */
function sibling(chart: Chart, id: string): Chart {
  return new Chart(chart.node.root as Construct, id, { namespace: id });
}

const RELEASE = { containers: [{ image: IMAGE, ports: [{ number: 8080 }] }], ports: [{ port: 80 }] };

function blueGreen(scope: Construct, props: Partial<BlueGreenDeploymentProps>): BlueGreenDeployment {
  return new BlueGreenDeployment(scope, 'bg', { ...RELEASE, blue: { version: '1.0' }, green: { version: '1.1' }, active: 'blue', ...props });
}

function canary(scope: Construct, props: Partial<CanaryDeploymentProps>): CanaryDeployment {
  return new CanaryDeployment(scope, 'cd', { ...RELEASE, replicas: 10, canaryPercent: 10, stable: { version: '1.0' }, canary: { version: '1.1' }, ...props });
}

/** `test/site`: a WebService whose one container listens on 8080 ("http"). */
function site(scope: Construct, props: Partial<WebServiceProps> = {}): WebService {
  return new WebService(scope, 'site', { containers: [{ image: IMAGE, ports: [{ number: 8080, name: 'http' }] }], ...props });
}

const PG = 'postgres:17';
const TASK = { containers: [{ image: 'busybox:1.36', command: ['true'] }] };

/** `test/db`: a StatefulSet listening on 5432 with its claim `data` mounted at /data. */
function db(scope: Construct, props: Partial<StatefulSetProps> = {}): StatefulSet {
  return new StatefulSet(scope, 'db', {
    containers: [{ image: PG, ports: [{ number: 5432 }], mounts: [{ volume: 'data', path: '/data' }] }],
    volumeClaims: [{ name: 'data', size: Size.gibibytes(1) }],
    ...props,
  });
}

/** `test/pod`: one container; `props` and `container` add to it. */
function pod(scope: Construct, props: Partial<MultiContainerPodProps> = {}, container: Partial<ContainerProps> = {}): MultiContainerPod {
  return new MultiContainerPod(scope, 'pod', { ...props, containers: [{ image: IMAGE, ...container }] });
}

const TAGS = Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS).join(', ');
const FIGHT = 'the two would fight (the VPA resizes the requests that HPA utilization is measured against)';

const CASES: Case[] = [
  // RollingDeployment
  { title: 'deployment: maxUnavailable above 100%', build: (c) => web(c, { maxUnavailable: '150%' }), message: '[test/web] maxUnavailable ("150%") is neither a pod count nor a percentage; use a whole number such as 1, or a percentage from "0%" to "100%"' },
  { title: 'deployment: maxSurge and maxUnavailable both zero', build: (c) => web(c, { maxSurge: '0%' }), message: '[test/web] maxUnavailable (0) and maxSurge are both zero, so a rollout could never replace a pod; allow at least one extra pod (maxSurge: 1) or one unavailable pod (maxUnavailable: 1)' },
  { title: 'deployment: fractional progressDeadline', build: (c) => web(c, { progressDeadline: Duration.millis(1500) }), message: '[test/web] progressDeadline (1.5s) must be a whole number of seconds, at least 1s; use e.g. Duration.seconds(2)' },
  { title: 'deployment: minReady as long as the progress deadline', build: (c) => web(c, { minReady: Duration.minutes(10) }), message: '[test/web] progressDeadline (600s) must be longer than minReady (600s); raise progressDeadline or lower minReady' },
  { title: 'deployment: minDomains with ScheduleAnyway', build: (c) => web(c, { topologySpread: { node: { minDomains: 3 } } }), message: '[test/web] topologySpread.node.minDomains (3) only applies with whenUnsatisfiable \'DoNotSchedule\'; set whenUnsatisfiable: \'DoNotSchedule\' or remove minDomains' },
  { title: 'deployment: safeToEvict contradicts podAnnotations', build: (c) => web(c, { safeToEvict: true, podAnnotations: { [SAFE_TO_EVICT_ANNOTATION]: 'false' } }), message: '[test/web] safeToEvict (true) contradicts podAnnotations["cluster-autoscaler.kubernetes.io/safe-to-evict"] ("false"); set it in one place' },
  { title: 'deployment: name not a DNS label (not blamed on the container named after it)', build: (c) => web(c, { name: 'Bad_Name', replicas: 2 }), message: '[test/web] name ("Bad_Name") is not a DNS-1123 label; use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit (pass name, or change the construct id)' },
  { title: 'deployment: version not a label value', build: (c) => web(c, { version: 'v1 beta' }), message: '[test/web] version ("v1 beta") is not a valid label value; use 1 to 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit' },
  {
    title: 'deployment: label key with a space',
    build: (c) => web(c, { labels: { 'team name': 'shop' } }),
    message: '[test/web] labels ("team name") is not a valid label key; use an optional prefix (a DNS subdomain of at most 253 lower-case letters, digits, \'-\' and \'.\') and \'/\', then a name of 1 to 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit',
  },
  {
    title: 'deployment: label value over 63 characters',
    build: (c) => web(c, { labels: { team: 'x'.repeat(64) } }),
    message: `[test/web] labels["team"] ("${'x'.repeat(64)}") is not a valid label value; use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit`,
  },
  {
    title: 'deployment: default budget that blocks every eviction',
    build: (c) => web(c, { disruptionBudget: { maxUnavailable: 0 } }),
    message: '[test/web] disruptionBudget.maxUnavailable (0) allows no eviction, so node drains hang; allow at least one pod (maxUnavailable: 1)',
  },

  // Pod spec (MultiContainerPod)
  { title: 'pod: no containers', build: (c) => new MultiContainerPod(c, 'pod', { containers: [] }), message: '[test/pod] containers ([]) is empty; add at least one container' },
  { title: 'pod: volume name not a DNS label', build: (c) => new MultiContainerPod(c, 'pod', { volumes: [{ name: 'Cache' }], containers: [{ image: IMAGE }] }), message: '[test/pod] volumes[0].name ("Cache") is not a DNS-1123 label; use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit' },
  { title: 'pod: unnamed container next to another', build: (c) => new MultiContainerPod(c, 'pod', { containers: [{ name: 'app', image: IMAGE }, { image: IMAGE }] }), message: '[test/pod] containers[1].name (undefined) is required when the pod has more than one container; give every container a unique name' },
  {
    title: 'pod: two containers name a port alike',
    build: (c) => new MultiContainerPod(c, 'pod', {
      containers: [{ name: 'app', image: IMAGE, ports: [{ number: 8080, name: 'http' }] }, { name: 'proxy', image: IMAGE, ports: [{ number: 9090, name: 'http' }] }],
    }),
    message: '[test/pod] containers[1].ports[0].name ("http") is also the name of a port of container "app"; give every port of the pod a unique name',
  },
  { title: 'pod: name not a DNS label', build: (c) => new MultiContainerPod(c, 'pod', { name: 'Bad_Pod', containers: [{ image: IMAGE }] }), message: '[test/pod] name ("Bad_Pod") is not a DNS-1123 label; use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit (pass name, or change the construct id)' },

  // Containers
  { title: 'container: image with a space', build: (c) => web(c, {}, { image: 'nginx latest' }), message: '[test/web] containers[0].image ("nginx latest") is not an image reference; set an image such as "nginxinc/nginx-unprivileged:1.27"' },
  { title: 'container: port number out of range', build: (c) => web(c, {}, { ports: [{ number: 70000 }] }), message: '[test/web] containers[0].ports[0].number (70000) is not a port number; use an integer from 1 to 65535' },
  { title: 'container: port name longer than 15', build: (c) => web(c, {}, { ports: [{ number: 9090, name: 'prometheus-metrics' }] }), message: '[test/web] containers[0].ports[0].name ("prometheus-metrics") is not an IANA service name; use at most 15 lower-case letters, digits and single inner \'-\', with at least one letter' },
  { title: 'container: probe on an undeclared port name', build: (c) => web(c, {}, { liveness: Probe.httpGet('/healthz', { port: 'health' }) }), message: '[test/web] containers[0].liveness.port ("health") is not a named port of its container (it has "http"); add a port named "health" to the container\'s ports, or probe by number' },
  { title: 'container: startup probe successThreshold 2', build: (c) => web(c, {}, { startup: Probe.tcpSocket({ port: 'http', successThreshold: 2 }) }), message: '[test/web] containers[0].startup.successThreshold (2) must be 1 for liveness and startup probes; remove it or set it to 1' },
  { title: 'container: CPU request above limit', build: (c) => web(c, {}, { resources: { cpu: { request: Cpu.millis(500), limit: Cpu.millis(250) } } }), message: '[test/web] containers[0].resources.cpu.request ("500m") is above the limit (250m); lower the request or raise the limit' },
  { title: 'container: env name starting with a digit', build: (c) => web(c, {}, { env: { '1PORT': '8080' } }), message: '[test/web] containers[0].env ("1PORT") is not a valid environment variable name; use letters, digits, \'_\', \'-\' and \'.\', not starting with a digit' },
  { title: 'container: privileged without escalation', build: (c) => web(c, {}, { security: { privileged: true, allowPrivilegeEscalation: false } }), message: '[test/web] containers[0].security.allowPrivilegeEscalation (false) contradicts privileged: true; remove allowPrivilegeEscalation, or drop privileged' },
  { title: 'container: mount of an undeclared volume', build: (c) => web(c, {}, { mounts: [{ volume: 'data', path: '/data' }] }), message: '[test/web] containers[0].mounts[0].volume ("data") is not one of the pod\'s volumes; declare it in volumes, or use one of: (none declared)' },
  { title: 'container: negative CPU request', build: (c) => web(c, {}, { resources: { cpu: { request: Cpu.millis(-100) } } }), message: '[test/web] containers[0].resources.cpu.request ("-100m") must be above zero; use e.g. Cpu.millis(100)' },
  { title: 'container: CPU limit not a number', build: (c) => web(c, {}, { resources: { cpu: { limit: Cpu.units(NaN) } } }), message: '[test/web] containers[0].resources.cpu.limit ("NaN") must be above zero; use e.g. Cpu.millis(100)' },
  { title: 'container: zero memory request', build: (c) => web(c, {}, { resources: { memory: { request: Size.mebibytes(0) } } }), message: '[test/web] containers[0].resources.memory.request ("0Mi") must be above zero; use e.g. Size.mebibytes(256)' },
  { title: 'container: exec probe without a command', build: (c) => web(c, {}, { liveness: Probe.exec([]) }), message: '[test/web] containers[0].liveness.command ([]) names no program to run; pass the program and its arguments, e.g. Probe.exec([\'cat\', \'/tmp/healthy\'])' },

  // Native sidecars, init containers and in-place resize, against the Kubernetes window
  {
    title: 'pod: native sidecar in a window from 1.27',
    build: (c) => {
      KubernetesWindow.set(c, { oldest: '1.27', newest: '1.35' });
      return new MultiContainerPod(c, 'pod', { containers: [{ name: 'app', image: IMAGE }], sidecars: [{ name: 'shipper', image: 'busybox:1.36' }] });
    },
    message: '[test/pod] sidecars (["shipper"]) needs Kubernetes >= 1.29 for native sidecars (the window\'s oldest is 1.27); raise the window\'s oldest to 1.29 or later (cdk8s-patterns:kubernetesWindow), or run the sidecar as a regular container',
  },
  {
    title: 'pod: probe on an init container that runs to completion',
    build: (c) => new MultiContainerPod(c, 'pod', { containers: [{ name: 'app', image: IMAGE }], initContainers: [{ name: 'migrate', image: IMAGE, readiness: Probe.tcpSocket({ port: 8080 }) }] }),
    message: '[test/pod] initContainers[0].readiness ("tcpSocket") is not allowed on an init container that runs to completion (no restartPolicy: Always); move the container to sidecars, or remove readiness',
  },
  {
    title: 'pod: sidecar on the app container\'s port',
    build: (c) => web(c, { sidecars: [{ name: 'proxy', image: IMAGE, ports: [{ number: 8080 }] }] }, { name: 'web' }),
    message: '[test/web] sidecars[0].ports[0] ("8080/TCP") is also declared by container "web", and containers of a pod share one network namespace; give one of them another port',
  },
  {
    title: 'container: resizePolicy in the default window (oldest 1.32)',
    build: (c) => web(c, {}, { resizePolicy: { memory: 'RestartContainer' } }),
    message: '[test/web] containers[0].resizePolicy ({"memory":"RestartContainer"}) needs Kubernetes >= 1.33 for in-place pod resize (container resizePolicy) (the window\'s oldest is 1.32); raise the window\'s oldest to 1.33 or later (cdk8s-patterns:kubernetesWindow), or leave resizePolicy unset (a resource change then restarts the pod)',
  },
  {
    title: 'container: resizePolicy with an unknown policy',
    build: (c) => {
      KubernetesWindow.set(c, { oldest: '1.35', newest: '1.36' });
      return web(c, {}, { resizePolicy: { cpu: 'Restart' as any } });
    },
    message: '[test/web] containers[0].resizePolicy.cpu ("Restart") is not a resize restart policy; use \'NotRequired\' or \'RestartContainer\'',
  },
  {
    title: 'container: resizePolicy on an init container',
    build: (c) => {
      KubernetesWindow.set(c, { oldest: '1.35', newest: '1.36' });
      return web(c, { initContainers: [{ name: 'migrate', image: IMAGE, resizePolicy: { cpu: 'NotRequired' } }] }, { name: 'web' });
    },
    message: '[test/web] initContainers[0].resizePolicy ({"cpu":"NotRequired"}) is not allowed on an init container that runs to completion, which is never resized; remove resizePolicy, or move the container to sidecars',
  },

  // Services
  { title: 'service: no ports', build: (c) => new ClusterIpService(c, 'svc', { target: web(c), ports: [] }), message: '[test/svc] ports ([]) is empty; add at least one port' },
  { title: 'service: targetPort names no pod port', build: (c) => new ClusterIpService(c, 'svc', { target: web(c), ports: [{ port: 80, targetPort: 'metrics' }] }), message: '[test/svc] ports[0].targetPort ("metrics") is not a named TCP port of target "test/web" (it has "http"); use one of its port names, or a port number' },
  { title: 'service: targetPort number not declared', build: (c) => new ClusterIpService(c, 'svc', { target: web(c), ports: [{ port: 80, targetPort: 9090 }] }), message: '[test/svc] ports[0].targetPort (9090) is not a TCP port declared by target "test/web" (it declares 8080/TCP); set targetPort to one of them, or add the port to its container' },
  { title: 'service: same port twice', build: (c) => new ClusterIpService(c, 'svc', { target: web(c), ports: [{ port: 80 }, { port: 80 }] }), message: '[test/svc] ports[1].port (80) is also ports[0].port for TCP; give each port its own number, or another protocol' },
  {
    title: 'service: trafficDistribution PreferSameZone in the default window (oldest 1.32)',
    build: (c) => new ClusterIpService(c, 'svc', { target: web(c), ports: [{ port: 80 }], trafficDistribution: 'PreferSameZone' }),
    message: '[test/svc] trafficDistribution ("PreferSameZone") needs Kubernetes >= 1.34 for trafficDistribution PreferSameZone and PreferSameNode (the window\'s oldest is 1.32); raise the window\'s oldest to 1.34 or later (cdk8s-patterns:kubernetesWindow), or use PreferClose (the older name of PreferSameZone)',
  },
  {
    title: 'service: trafficDistribution not a known value',
    build: (c) => new ClusterIpService(c, 'svc', { target: web(c), ports: [{ port: 80 }], trafficDistribution: 'Nearest' as any }),
    message: '[test/svc] trafficDistribution ("Nearest") is not a traffic distribution Kubernetes knows; use \'PreferClose\', \'PreferSameZone\' or \'PreferSameNode\'',
  },
  {
    title: 'headless service: trafficDistribution',
    build: (c) => new HeadlessService(c, 'svc', { target: web(c), ports: [{ port: 80 }], trafficDistribution: 'PreferClose' }),
    message: '[test/svc] trafficDistribution ("PreferClose") has no effect on a headless Service, whose clients connect to pod IPs without kube-proxy; remove trafficDistribution, or use a ClusterIpService',
  },
  { title: 'node port service: nodePort out of range', build: (c) => new NodePortService(c, 'svc', { target: web(c), ports: [{ port: 80, nodePort: 8080 }] }), message: '[test/svc] ports[0].nodePort (8080) must be within 30000-32767, the default node port range; use a port in that range, or omit nodePort to let Kubernetes pick one' },
  {
    title: 'node port service: same nodePort twice',
    build: (c) => new NodePortService(c, 'svc', { target: web(c), ports: [{ port: 80, nodePort: 30080 }, { port: 81, targetPort: 8080, nodePort: 30080 }] }),
    message: '[test/svc] ports[1].nodePort (30080) is also ports[0].nodePort for TCP; give each port its own nodePort',
  },
  { title: 'load balancer: source range without prefix', build: (c) => new LoadBalancerService(c, 'svc', { target: web(c), ports: [{ port: 80 }], loadBalancerSourceRanges: ['10.0.0.0'] }), message: '[test/svc] loadBalancerSourceRanges[0] ("10.0.0.0") is not a CIDR; write an address and a prefix length, like "10.0.0.0/8" or "2001:db8::/32"' },
  {
    title: 'load balancer: internal scheme on a generic cluster',
    build: (c) => new LoadBalancerService(c, 'svc', { target: web(c), ports: [{ port: 80 }], scheme: 'internal' }),
    message: '[test/svc] scheme ("internal") cannot be requested on a generic cluster: only the cloud\'s own annotations make a load balancer internal; call CloudProvider.use(chart, CloudProvider.EKS | GKE | AKS) for your cloud, or leave scheme unset and pass your cloud\'s annotation in annotations',
  },
  {
    title: 'load balancer (AKS profile): annotation contradicts scheme',
    build: (c) => {
      CloudProvider.use(c, CloudProvider.AKS);
      return new LoadBalancerService(c, 'svc', { target: web(c), ports: [{ port: 80 }], scheme: 'internal', annotations: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'false' } });
    },
    message: '[test/svc] annotations["service.beta.kubernetes.io/azure-load-balancer-internal"] ("false") contradicts scheme ("internal"), which sets it to "true"; remove the annotation, and set scheme instead',
  },
  {
    title: 'service: target in another namespace',
    build: (c) => new ClusterIpService(sibling(c, 'shop'), 'svc', { target: web(sibling(c, 'billing')), ports: [{ port: 80 }] }),
    message: '[shop/svc] target ("billing/web") is in namespace "billing" but this Service is in "shop", and a Service only selects pods of its own namespace; create the Service in a chart with the target\'s namespace',
  },
  { title: 'headless service: construct id starting with a digit', build: (c) => new HeadlessService(c, '9db', { target: web(c), ports: [{ port: 80 }] }), message: '[test/9db] name ("9db") is not a DNS-1035 label; use at most 63 lower-case letters, digits and \'-\', starting with a letter (pass name, or change the construct id)' },
  { title: 'external name service: an IP address', build: (c) => new ExternalNameService(c, 'ext', { externalName: '10.0.0.5' }), message: '[test/ext] externalName ("10.0.0.5") is an IP address, which cluster DNS would treat as a host name; use a DNS name, or for an IP a Service without selector plus an EndpointSlice' },
  { title: 'external name service: a URL', build: (c) => new ExternalNameService(c, 'ext', { externalName: 'https://db.example.com' }), message: '[test/ext] externalName ("https://db.example.com") is not a lower-case DNS name; write the host name only, like "db.example.com" or "db.example.com." (no scheme, port or path)' },
  { title: 'service: component not a label value', build: (c) => new ClusterIpService(c, 'svc', { target: web(c), ports: [{ port: 80 }], component: 'web frontend' }), message: '[test/svc] component ("web frontend") is not a valid label value; use 1 to 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit' },

  // EnvValue discovery
  { title: 'discovery: fromServicePort with an unknown port name', build: (c) => EnvValue.fromServicePort(svc(c), 'grpc'), message: '[test/svc] port ("grpc") is not a port of service "svc" (it has 80 ("http")); pass one of its port numbers or names' },
  {
    title: 'discovery: fromServiceUrl of a service without ports',
    build: (c) => web(c, {}, { env: { DB_URL: EnvValue.fromServiceUrl(new ExternalNameService(c, 'ext', { externalName: 'db.example.com' })) } }),
    message: '[test/ext] url.port (undefined) picks no port: service "ext" declares none; add the port to the Service\'s ports',
  },
  { title: 'discovery: URL path without a leading slash', build: (c) => EnvValue.fromServiceUrl(svc(c), { path: 'orders' }), message: '[test/svc] url.path ("orders") must start with \'/\'; write "/orders"' },

  // RoutingIngress, its controllers and cloud profiles
  { title: 'ingress: no rules and no default backend', when: 'synth', build: (c) => new RoutingIngress(c, 'ingress'), message: '[test/ingress] rules ([]) is empty and there is no defaultBackend, so this Ingress routes nothing; add a rule with addRule(), or set defaultBackend' },
  {
    title: 'ingress: path without a leading slash',
    build: (c) => { const b = backend(c); new RoutingIngress(c, 'ingress', { defaultBackend: b }).addPathRule('api', b); },
    message: '[test/ingress] rules[path=api].path ("api") must start with \'/\' for pathType Prefix; write "/api"',
  },
  {
    title: 'ingress: host with a port',
    build: (c) => { const b = backend(c); new RoutingIngress(c, 'ingress', { defaultBackend: b }).addHostRule('shop.example.com:8080', b); },
    message: '[test/ingress] rules[host=shop.example.com:8080,path=/].host ("shop.example.com:8080") includes a port, which Ingress hosts cannot have; write "shop.example.com"',
  },
  {
    title: 'ingress: two rules for the same requests',
    build: (c) => { const b = backend(c); const i = new RoutingIngress(c, 'ingress'); i.addPathRule('/api', b); i.addPathRule('/api/', b); },
    message: '[test/ingress] rules[path=/api/] ("Prefix") matches the same requests as the earlier rule for path "/api" (Prefix, to service "svc"); remove one of the two rules, or change its path',
  },
  { title: 'ingress: backend port the service lacks', build: (c) => new RoutingIngress(c, 'ingress', { defaultBackend: backend(c, 443) }), message: '[test/ingress] defaultBackend.port (443) is not a TCP port of service "svc" (it has 80 ("http")); pass port: one of those numbers or names' },
  {
    title: 'ingress: TLS host no rule serves',
    when: 'synth',
    build: (c) => new RoutingIngress(c, 'ingress', { tls: [{ secretName: 'shop-tls', hosts: ['shop.example.com'] }] }).addHostRule('www.example.com', backend(c)),
    message: '[test/ingress] tls[0].hosts[0] ("shop.example.com") is not served by any rule; add a rule for host "shop.example.com", or remove it from tls',
  },
  {
    title: 'ingress: TLS without a Secret on a controller that reads Secrets',
    build: (c) => new RoutingIngress(c, 'ingress', { defaultBackend: backend(c), tls: [{ hosts: ['shop.example.com'] }] }),
    message: '[test/ingress] tls[0].secretName (undefined) is required by an unnamed controller (IngressController.GENERIC), which reads the certificate from a kubernetes.io/tls Secret; name the Secret (with certManager set, cert-manager writes it)',
  },
  {
    title: 'ingress: cert-manager with both issuer kinds',
    build: (c) => new RoutingIngress(c, 'ingress', {
      defaultBackend: backend(c), tls: [{ secretName: 'shop-tls', hosts: ['shop.example.com'] }], certManager: { clusterIssuer: 'letsencrypt', issuer: 'local-ca' },
    }),
    message: '[test/ingress] certManager ({"clusterIssuer":"letsencrypt","issuer":"local-ca"}) must name exactly one of clusterIssuer and issuer; set clusterIssuer for a ClusterIssuer, or issuer for an Issuer in this namespace',
  },
  {
    title: 'ingress (generic): rate limit needs a named controller',
    build: (c) => new RoutingIngress(c, 'ingress', { defaultBackend: backend(c), rateLimit: { requestsPerSecond: 10 } }),
    message: '[test/ingress] rateLimit ({"requestsPerSecond":10}) cannot be expressed with an unnamed controller (IngressController.GENERIC); name the controller with `controller: IngressController.<...>`, whose annotations this library knows',
  },
  {
    title: 'ingress (F5 NGINX): external auth',
    build: (c) => new RoutingIngress(c, 'ingress', { controller: IngressController.F5_NGINX, defaultBackend: backend(c), externalAuth: { url: 'http://auth.auth.svc.cluster.local/verify' } }),
    message: '[test/ingress] externalAuth ({"url":"http://auth.auth.svc.cluster.local/verify"}) cannot be expressed with F5 NGINX Ingress Controller; it has no Ingress annotation for external (auth_request) authentication; use basicAuth, or authenticate in the application',
  },
  {
    title: 'ingress (F5 NGINX): body size below 1 KiB',
    build: (c) => new RoutingIngress(c, 'ingress', { controller: IngressController.F5_NGINX, defaultBackend: backend(c), maxBodySize: Size.kibibytes(0.5) }),
    message: '[test/ingress] maxBodySize ("0.5Ki") must be a whole number of KiB, at least 1 (nginx reads 0 as "no limit"); use e.g. Size.mebibytes(8); to lift the limit, remove maxBodySize',
  },
  {
    title: 'ingress (F5 NGINX): annotation contradicts httpsRedirect',
    build: (c) => new RoutingIngress(c, 'ingress', {
      controller: IngressController.F5_NGINX, defaultBackend: backend(c), httpsRedirect: false, annotations: { 'ingress.kubernetes.io/ssl-redirect': 'true' },
    }),
    message: '[test/ingress] annotations["ingress.kubernetes.io/ssl-redirect"] ("true") contradicts httpsRedirect, which sets it to "false"; remove the annotation, or change httpsRedirect',
  },
  {
    title: 'ingress (F5 NGINX): legacy class annotation next to the class',
    build: (c) => new RoutingIngress(c, 'ingress', { controller: IngressController.F5_NGINX, defaultBackend: backend(c), annotations: { 'kubernetes.io/ingress.class': 'nginx' } }),
    message: '[test/ingress] annotations["kubernetes.io/ingress.class"] ("nginx") is set together with ingressClassName ("nginx"), which the API server rejects; remove the annotation: ingressClassName (or the controller) selects the class',
  },
  {
    title: 'ingress (EKS profile, ALB): HTTPS redirect without a certificate',
    build: (c) => { CloudProvider.use(c, CloudProvider.EKS); return new RoutingIngress(c, 'ingress', { defaultBackend: backend(c), httpsRedirect: true }); },
    message: '[test/ingress] httpsRedirect (true) needs an HTTPS listener, which the AWS Load Balancer Controller (ALB) opens only with a certificate; add tls entries (hosts only: the controller discovers their ACM certificates), or pass certificateArns to IngressController.awsAlb()',
  },
  {
    title: 'ingress (ALB, instance targets): ClusterIP backend',
    build: (c) => new RoutingIngress(c, 'ingress', { controller: IngressController.awsAlb({ targetType: 'instance' }), defaultBackend: backend(c) }),
    message: '[test/ingress] defaultBackend.service ("test/svc") is a ClusterIP Service, which the AWS Load Balancer Controller (ALB) with target type instance cannot reach (it sends traffic to node ports); use targetType \'ip\' (the default), or route to a NodePortService',
  },
  {
    title: 'ingress (GCE): ingressClassName is not read',
    build: (c) => new RoutingIngress(c, 'ingress', { controller: IngressController.GCE, ingressClassName: 'gce', defaultBackend: backend(c) }),
    message: '[test/ingress] ingressClassName ("gce") is ignored by the GKE Ingress controller (gce), which is selected only by the kubernetes.io/ingress.class annotation; remove ingressClassName: the annotation ("gce" or "gce-internal") follows scheme',
  },
  {
    title: 'ingress (GKE profile): wildcard in a Prefix path',
    build: (c) => { CloudProvider.use(c, CloudProvider.GKE); const b = backend(c); new RoutingIngress(c, 'ingress', { defaultBackend: b }).addPathRule('/api/*', b); },
    message: '[test/ingress] rules[path=/api/*].path ("/api/*") contains \'*\', which the GKE Ingress controller (gce) rejects in Prefix paths; drop the \'*\' (Prefix "/foo" already matches "/foo/bar"), or use pathType ImplementationSpecific with a final "/*"',
  },
  {
    title: 'ingress (AKS profile, AGIC): HTTPS redirect without TLS',
    build: (c) => { CloudProvider.use(c, CloudProvider.AKS); return new RoutingIngress(c, 'ingress', { defaultBackend: backend(c), httpsRedirect: true }); },
    message: '[test/ingress] httpsRedirect (true) needs TLS, which the Application Gateway Ingress Controller (AGIC) terminates only with a certificate from tls; add tls entries with a secretName',
  },

  // HorizontalAutoscaler
  { title: 'hpa: minReplicas 0', build: (c) => new HorizontalAutoscaler(c, 'hpa', { target: scalable(c), minReplicas: 0, maxReplicas: 5, cpuUtilizationPercent: 70 }), message: '[test/hpa] minReplicas (0) must be a whole number of at least 1; use 1 or more (scale-to-zero needs an alpha feature gate)' },
  { title: 'hpa: no metric', build: (c) => new HorizontalAutoscaler(c, 'hpa', { target: scalable(c), maxReplicas: 5 }), message: '[test/hpa] cpuUtilizationPercent (undefined) and memoryUtilizationPercent are both unset, so nothing drives scaling; set either or both, e.g. cpuUtilizationPercent: 70' },
  { title: 'hpa: memory utilization without memory requests', build: (c) => new HorizontalAutoscaler(c, 'hpa', { target: scalable(c), maxReplicas: 5, memoryUtilizationPercent: 80 }), message: '[test/hpa] memoryUtilizationPercent (80) needs a memory request on every container of "test/web", and container "web" has none; set resources.memory.request on container "web"' },
  { title: 'hpa: target pins replicas', build: (c) => new HorizontalAutoscaler(c, 'hpa', { target: scalable(c, { replicas: 3 }), maxReplicas: 5, cpuUtilizationPercent: 70 }), message: '[test/hpa] target ("test/web") pins replicas (3), which the autoscaler would fight on every apply; remove replicas from "test/web" and set minReplicas instead' },
  {
    title: 'hpa: second autoscaler on one deployment',
    build: (c) => {
      const target = scalable(c);
      new HorizontalAutoscaler(c, 'hpa', { target, maxReplicas: 5, cpuUtilizationPercent: 70 });
      new HorizontalAutoscaler(c, 'hpa2', { name: 'web-2', target, maxReplicas: 5, cpuUtilizationPercent: 70 });
    },
    message: '[test/hpa2] target ("test/web") is already scaled by "test/hpa"; attach one HorizontalAutoscaler per deployment',
  },
  {
    title: 'hpa: stabilization window above an hour',
    build: (c) => new HorizontalAutoscaler(c, 'hpa', { target: scalable(c), maxReplicas: 5, cpuUtilizationPercent: 70, scaleDown: { stabilizationWindow: Duration.hours(2) } }),
    message: '[test/hpa] scaleDown.stabilizationWindow (7200s) must be a whole number of seconds, 0s to 3600s; use e.g. Duration.seconds(3600)',
  },
  {
    title: 'hpa: policy value 0',
    build: (c) => new HorizontalAutoscaler(c, 'hpa', { target: scalable(c), maxReplicas: 5, cpuUtilizationPercent: 70, scaleUp: { policies: [{ type: 'Pods', value: 0, period: Duration.seconds(60) }] } }),
    message: '[test/hpa] scaleUp.policies[0].value (0) must be a whole number above 0; use 1 or more',
  },
  {
    title: 'hpa: CPU scaling on a deployment a VPA resizes',
    build: (c) => {
      const target = scalable(c);
      new VerticalAutoscaler(c, 'vpa', { target });
      new HorizontalAutoscaler(c, 'hpa', { target, maxReplicas: 5, cpuUtilizationPercent: 70 });
    },
    message: `[test/hpa] cpuUtilizationPercent (70) scales on cpu, which VerticalAutoscaler "test/vpa" also resizes on "test/web", and ${FIGHT}; remove cpu from the VerticalAutoscaler's controlledResources, set its updateMode to 'Off', or drop cpuUtilizationPercent`,
  },
  { title: 'hpa: name not a DNS subdomain', build: (c) => new HorizontalAutoscaler(c, 'hpa', { name: 'Web_HPA', target: scalable(c), maxReplicas: 5, cpuUtilizationPercent: 70 }), message: '[test/hpa] name ("Web_HPA") is not a DNS-1123 subdomain; use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit' },
  { title: 'hpa: partOf not a label value', build: (c) => new HorizontalAutoscaler(c, 'hpa', { partOf: 'shop/web', target: scalable(c), maxReplicas: 5, cpuUtilizationPercent: 70 }), message: '[test/hpa] partOf ("shop/web") is not a valid label value; use 1 to 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit' },
  {
    title: 'hpa: unknown policy type',
    build: (c) => new HorizontalAutoscaler(c, 'hpa', { target: scalable(c), maxReplicas: 5, cpuUtilizationPercent: 70, scaleUp: { policies: [{ type: 'pods' as 'Pods', value: 2, period: Duration.seconds(60) }] } }),
    message: '[test/hpa] scaleUp.policies[0].type ("pods") is not a scaling policy type; use \'Pods\' (a number of pods) or \'Percent\' (a share of the current replicas)',
  },
  {
    title: 'hpa: unknown selectPolicy',
    build: (c) => new HorizontalAutoscaler(c, 'hpa', { target: scalable(c), maxReplicas: 5, cpuUtilizationPercent: 70, scaleDown: { selectPolicy: 'max' as 'Max' } }),
    message: '[test/hpa] scaleDown.selectPolicy ("max") is not a policy selection Kubernetes knows; use \'Max\', \'Min\' or \'Disabled\'',
  },

  // VerticalAutoscaler
  { title: 'vpa: deprecated updateMode Auto', build: (c) => new VerticalAutoscaler(c, 'vpa', { target: web(c), updateMode: 'Auto' as VerticalUpdateMode }), message: '[test/vpa] updateMode ("Auto") is deprecated by the VPA project; use \'Recreate\' (what Auto means), or \'InPlaceOrRecreate\'' },
  { title: 'vpa: policy for a container the target lacks', build: (c) => new VerticalAutoscaler(c, 'vpa', { target: web(c), containerPolicies: [{ container: 'sidecar' }] }), message: '[test/vpa] containerPolicies[0].container ("sidecar") is not a container of "test/web"; use one of "web"' },
  {
    title: 'vpa: maxAllowed below minAllowed',
    build: (c) => new VerticalAutoscaler(c, 'vpa', { target: web(c), minAllowed: { memory: Size.gibibytes(2) }, maxAllowed: { memory: Size.gibibytes(1) } }),
    message: '[test/vpa] maxAllowed.memory ("1Gi") must be >= minAllowed.memory ("2Gi"); raise maxAllowed.memory or lower minAllowed.memory',
  },
  {
    title: 'vpa: resizing CPU of a deployment an HPA scales on CPU',
    build: (c) => {
      const target = scalable(c);
      new HorizontalAutoscaler(c, 'hpa', { target, maxReplicas: 5, cpuUtilizationPercent: 70 });
      new VerticalAutoscaler(c, 'vpa', { target });
    },
    message: `[test/vpa] controlledResources (["cpu","memory"]) overlap cpu, which HorizontalAutoscaler "test/hpa" scales "test/web" on, and ${FIGHT}; remove cpu from controlledResources, set updateMode: 'Off' to keep only recommendations, or scale the HorizontalAutoscaler on memory only`,
  },
  { title: 'vpa: name not a DNS subdomain', build: (c) => new VerticalAutoscaler(c, 'vpa', { name: 'Web_VPA', target: web(c) }), message: '[test/vpa] name ("Web_VPA") is not a DNS-1123 subdomain; use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit' },

  // PodDisruptionBudget
  {
    title: 'pdb: minAvailable and maxUnavailable both set',
    build: (c) => new PodDisruptionBudget(c, 'pdb', { target: web(c, { replicas: 3, disruptionBudget: false }), minAvailable: 1, maxUnavailable: 1 }),
    message: '[test/pdb] minAvailable (1) and maxUnavailable (1) are both set, and a budget takes only one; keep minAvailable or maxUnavailable',
  },
  { title: 'pdb: maxUnavailable 0', build: (c) => new PodDisruptionBudget(c, 'pdb', { target: web(c), maxUnavailable: 0 }), message: '[test/pdb] maxUnavailable (0) allows no eviction, so node drains hang; allow at least one pod (maxUnavailable: 1)' },
  {
    title: 'pdb: minAvailable 100% of a bare pod',
    build: (c) => new PodDisruptionBudget(c, 'pdb', { target: new MultiContainerPod(c, 'pod', { containers: [{ image: IMAGE }] }), minAvailable: '100%' }),
    message: '[test/pdb] minAvailable ("100%") keeps every pod, so no eviction is ever allowed and node drains hang; use a count below the replicas, a lower percentage, or maxUnavailable: 1',
  },
  {
    title: 'pdb: minAvailable equal to the replicas',
    when: 'synth',
    build: (c) => new PodDisruptionBudget(c, 'pdb', { target: web(c, { replicas: 3, disruptionBudget: false }), minAvailable: 3 }),
    message: '[test/pdb] minAvailable (3) keeps all 3 pods of "test/web", so no eviction is ever allowed and node drains hang; lower minAvailable below 3, run more replicas, or use maxUnavailable: 1',
  },
  {
    title: 'pdb: second budget on a deployment with its default one',
    build: (c) => new PodDisruptionBudget(c, 'pdb', { target: web(c, { replicas: 2 }) }),
    message: '[test/pdb] target ("test/web") is already protected by PodDisruptionBudget "test/web/DisruptionBudget", and the eviction API refuses pods that two budgets select; configure the default budget through disruptionBudget on "test/web", or pass disruptionBudget: false to it',
  },
  { title: 'pdb: name not a DNS subdomain', build: (c) => new PodDisruptionBudget(c, 'pdb', { name: 'Web_PDB', target: web(c) }), message: '[test/pdb] name ("Web_PDB") is not a DNS-1123 subdomain; use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit' },

  // NetworkPolicy
  { title: 'network policy: no rules and no policyTypes', when: 'synth', build: (c) => new NetworkPolicy(c, 'policy'), message: '[test/policy] policyTypes ([]) is empty and there are no rules, so this policy restricts nothing; call allowFrom() or allowTo(), or set policyTypes' },
  {
    title: 'network policy: egress rule outside the policy types',
    when: 'synth',
    build: (c) => new NetworkPolicy(c, 'policy', { policyTypes: ['Ingress'] }).allowTo(Peer.namespace('monitoring')),
    message: '[test/policy] policyTypes (["Ingress"]) leaves out Egress, so the allowTo() rules would be ignored; add \'Egress\' to policyTypes, or remove the rules',
  },
  { title: 'network policy: a policy type twice', build: (c) => new NetworkPolicy(c, 'policy', { policyTypes: ['Ingress', 'Ingress'] }), message: '[test/policy] policyTypes[1] ("Ingress") is listed twice; list each direction once' },
  {
    title: 'network policy: CIDR with host bits',
    build: (c) => new NetworkPolicy(c, 'policy', { policyTypes: ['Ingress'] }).allowFrom(Peer.ipBlock('10.0.0.1/8')),
    message: '[test/policy] ingress[from=ipBlock:10.0.0.1/8].ipBlock.cidr ("10.0.0.1/8") has host bits set after the prefix; write the network address "10.0.0.0/8", or /32 for one host',
  },
  {
    title: 'network policy: except outside the CIDR',
    build: (c) => new NetworkPolicy(c, 'policy', { policyTypes: ['Ingress'] }).allowFrom(Peer.ipBlock('10.0.0.0/16', ['10.1.0.0/24'])),
    message: '[test/policy] ingress[from=ipBlock:10.0.0.0/16].ipBlock.except[0] ("10.1.0.0/24") is not strictly inside cidr "10.0.0.0/16"; list only smaller blocks within cidr, or widen cidr',
  },
  {
    title: 'network policy: port the target does not declare',
    build: (c) => new NetworkPolicy(c, 'policy', { target: web(c), policyTypes: ['Ingress'] }).allowFrom(Peer.namespace('monitoring'), 9090),
    message: '[test/policy] ingress[from=namespace:monitoring].ports (9090) is not a port declared by workload "test/web" (it declares 8080/TCP ("http")); use one of its ports, or declare the port on its container',
  },

  // Gateway
  { title: 'gateway: GatewayClass name with a space', build: (c) => gateway(c, { gatewayClassName: 'Envoy Gateway' }), message: '[test/gw] gatewayClassName ("Envoy Gateway") is not a GatewayClass name; use the name of a GatewayClass (`kubectl get gatewayclass`)' },
  { title: 'gateway: HTTPS redirect without TLS', build: (c) => gateway(c, { httpsRedirect: true }), message: '[test/gw] httpsRedirect (true) needs an HTTPS listener to redirect to, and tls is empty; add a certificate under tls, or remove httpsRedirect' },
  {
    title: 'gateway: one host under two certificates',
    build: (c) => gateway(c, { tls: [{ secretName: 'a-tls', hosts: ['shop.example.com'] }, { secretName: 'b-tls', hosts: ['shop.example.com'] }] }),
    message: '[test/gw] tls[1].hosts[0] ("shop.example.com") is also tls[0].hosts[0]: two HTTPS listeners on one port need different hostnames; list each host under one certificate',
  },
  {
    title: 'gateway: hosts that give one listener name',
    build: (c) => gateway(c, { tls: [{ secretName: 'shop-tls', hosts: ['a-b.example.com', 'a.b.example.com'] }] }),
    message: '[test/gw] tls[0].hosts[1] ("a.b.example.com") gets listener name "https-a-b-example-com", like host "a-b.example.com"; use hosts that differ in more than punctuation',
  },
  { title: 'gateway: allowed namespace not a DNS label', build: (c) => gateway(c, { allowedRoutes: AllowedRoutes.fromNamespaces('Team_A') }), message: '[test/gw] allowedRoutes.namespaces[0] ("Team_A") is not a namespace name; use a DNS-1123 label' },
  {
    title: 'gateway: HTTPS redirect without TLS, and a route on it',
    build: (c) => {
      const edge = new Gateway(c, 'edge', { gatewayClassName: 'eg', httpsRedirect: true });
      new HttpRoute(c, 'route', { gateway: edge, hostnames: ['shop.example.com'], rules: [{ backends: [{ service: svc(c) }] }] });
    },
    message: '[test/edge] httpsRedirect (true) needs an HTTPS listener to redirect to, and tls is empty; add a certificate under tls, or remove httpsRedirect',
  },

  // HttpRoute
  { title: 'route: no rules', when: 'synth', build: (c) => new HttpRoute(c, 'route', { gateway: gateway(c) }), message: '[test/route] rules ([]) is empty, so this HTTPRoute routes nothing; add a rule with addRule()' },
  {
    title: 'route: a bare wildcard hostname',
    build: (c) => new HttpRoute(c, 'route', { gateway: gateway(c), hostnames: ['*'], rules: [{ backends: [{ service: svc(c) }] }] }),
    message: '[test/route] hostnames[0] ("*") has a \'*\' that is not a whole first label followed by a domain; use a wildcard only as the first label, like "*.example.com", or leave it unset to match every host',
  },
  {
    title: 'route: hostname no listener accepts',
    build: (c) => new HttpRoute(c, 'route', {
      gateway: gateway(c, { tls: [{ secretName: 'shop-tls', hosts: ['shop.example.com'] }] }), hostnames: ['blog.example.com'], rules: [{ backends: [{ service: svc(c) }] }],
    }),
    message: '[test/route] hostnames (["blog.example.com"]) match no HTTPS listener of gateway "gw" (it has "shop.example.com"), so no listener would accept the route; add the host to the gateway\'s tls hosts, or fix the hostnames',
  },
  {
    title: 'route: gateway in a namespace that does not admit it',
    build: (c) => { const shop = sibling(c, 'shop'); return new HttpRoute(shop, 'route', { gateway: gateway(sibling(c, 'infra')), rules: [{ backends: [{ service: svc(shop) }] }] }); },
    message: '[shop/route] gateway ("infra/gw") only admits routes from its own namespace, not from "shop"; add "shop" with allowedRoutes: AllowedRoutes.fromNamespaces(...) on the gateway, or create the route in "infra"',
  },
  {
    title: 'route: existing gateway by an invalid name',
    build: (c) => new HttpRoute(c, 'route', { gateway: Gateway.fromName('Shared_GW'), rules: [{ backends: [{ service: svc(c) }] }] }),
    message: '[test/route] gateway.name ("Shared_GW") is not a Gateway name; use the name shown by `kubectl get gateway -A`',
  },
  {
    title: 'route: path with a fragment',
    build: (c) => {
      const service = svc(c);
      new HttpRoute(c, 'route', { gateway: gateway(c), rules: [{ backends: [{ service }] }] }).addRule({ path: '/search#results', backends: [{ service }] });
    },
    message: '[test/route] rules[path=/search#results].path ("/search#results") contains "#", which the Gateway API rejects in PathPrefix paths; write the path in its normalized form, without a query or fragment',
  },
  {
    title: 'route: negative weight',
    build: (c) => {
      const service = svc(c);
      new HttpRoute(c, 'route', { gateway: gateway(c), rules: [{ backends: [{ service }] }] }).addRule({ path: '/api', backends: [{ service, weight: -1 }] });
    },
    message: '[test/route] rules[path=/api].backends[0].weight (-1) must be an integer from 0 to 1000000; weights are relative: 90 and 10 split 90%/10%',
  },
  {
    title: 'route: two rules for the same requests',
    build: (c) => {
      const service = svc(c);
      new HttpRoute(c, 'route', { gateway: gateway(c), rules: [{ path: '/api', backends: [{ service }] }] }).addRule({ path: '/api/', backends: [{ service }] });
    },
    message: '[test/route] rules[path=/api/] ("PathPrefix") matches the same requests as the earlier rule for path "/api" (PathPrefix); give the rule several backends instead, or change its path',
  },
  {
    title: 'route: path another route already claims on the gateway',
    build: (c) => {
      const gw = gateway(c);
      const backends = [{ service: svc(c) }];
      new HttpRoute(c, 'route', { gateway: gw, rules: [{ backends }] });
      new HttpRoute(c, 'route2', { gateway: gw, rules: [{ path: '/admin', backends }, { backends }] });
    },
    message: '[test/route2] rules[path=/] ("/") is already routed for every host on gateway "gw" by test/route (path "/"); route it in one HttpRoute, with several backends if it needs them',
  },

  // BlueGreenDeployment
  { title: 'blue-green: version not a label value', build: (c) => blueGreen(c, { green: { version: '1.1 beta' } }), message: '[test/bg] green.version ("1.1 beta") is not a valid label value; use 1 to 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit' },
  { title: 'blue-green: colour label in labels', build: (c) => blueGreen(c, { labels: { [COLOR_LABEL]: 'blue' } }), message: '[test/bg] labels["cdk8s-patterns/color"] ("blue") is set by BlueGreenDeployment on each Deployment; remove it from labels' },
  {
    title: 'blue-green: colours with different ports',
    build: (c) => blueGreen(c, { green: { version: '1.1', containers: [{ image: IMAGE, ports: [{ number: 9090 }] }] } }),
    message: '[test/bg] green.containers (["9090/TCP"]) declare other ports than blue (["8080/TCP"]), so switching would change what the Services forward to; give blue and green the same container ports',
  },
  {
    title: 'blue-green: image for a pod of two containers',
    build: (c) => blueGreen(c, { containers: [{ name: 'app', image: IMAGE, ports: [{ number: 8080 }] }, { name: 'log', image: IMAGE }], blue: { version: '1.0', image: 'nginx:1.28' } }),
    message: '[test/bg] blue.image ("nginx:1.28") is ambiguous: the shared pod has 2 containers; set blue.containers instead',
  },
  { title: 'blue-green: name not a DNS-1035 label', build: (c) => blueGreen(c, { name: 'Shop' }), message: '[test/bg] name ("Shop") is not a DNS-1035 label; use at most 63 lower-case letters, digits and \'-\', starting with a letter (pass name, or change the construct id)' },
  { title: 'blue-green: previewName not a DNS-1035 label', build: (c) => blueGreen(c, { previewName: 'Preview' }), message: '[test/bg] previewName ("Preview") is not a DNS-1035 label; use at most 63 lower-case letters, digits and \'-\', starting with a letter' },
  {
    title: 'blue-green: name without room for the preview suffix',
    build: (c) => blueGreen(c, { name: 'a'.repeat(56) }),
    message: `[test/bg] name ("${'a'.repeat(56)}") is too long: "${'a'.repeat(56)}-preview" would pass 63 characters; use a name of at most 55 characters`,
  },
  { title: 'blue-green: label value with a space', build: (c) => blueGreen(c, { labels: { tier: 'front end' } }), message: '[test/bg] labels["tier"] ("front end") is not a valid label value; use at most 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit' },
  {
    title: 'blue-green: shared rollout that could never replace a pod',
    build: (c) => blueGreen(c, { maxSurge: 0 }),
    message: '[test/bg] maxUnavailable (0) and maxSurge are both zero, so a rollout could never replace a pod; allow at least one extra pod (maxSurge: 1) or one unavailable pod (maxUnavailable: 1)',
  },
  { title: 'blue-green: negative replicas of one colour', build: (c) => blueGreen(c, { green: { version: '1.1', replicas: -1 } }), message: '[test/bg] green.replicas (-1) must be a whole number of pods; use 0 or more' },

  // CanaryDeployment
  { title: 'canary: percentage above 100', build: (c) => canary(c, { canaryPercent: 150 }), message: '[test/cd] canaryPercent (150) is not a whole percentage; use a whole number from 0 to 100' },
  { title: 'canary: split that leaves stable no pod', build: (c) => canary(c, { replicas: 1 }), message: '[test/cd] canaryPercent (10) cannot be split over 1 replica: the stable version would keep no pod; raise replicas to at least 2, or split by weight with httpRoute' },
  { title: 'canary: unknown stage', build: (c) => canary(c, { stage: 'rollback' as CanaryStage }), message: '[test/cd] stage ("rollback") is not a canary stage; use "canary", "promoted" or "aborted"' },
  { title: 'canary: shared revisionHistoryLimit below 0', build: (c) => canary(c, { revisionHistoryLimit: -1 }), message: '[test/cd] revisionHistoryLimit (-1) must be a whole number; use 0 or more (0 disables rollback)' },
  {
    title: 'canary: route path without a leading slash',
    build: (c) => canary(c, { httpRoute: { route: new HttpRoute(c, 'route', { gateway: gateway(c) }), path: 'api' } }),
    message: '[test/cd] httpRoute.path ("api") must start with \'/\' for pathType PathPrefix; write "/api"',
  },
  {
    title: 'canary: route port the Services lack',
    build: (c) => canary(c, { httpRoute: { route: new HttpRoute(c, 'route', { gateway: gateway(c) }), port: 443 } }),
    message: '[test/cd] httpRoute.port (443) is not a TCP port of the stable and canary Services (they have 80 ("tcp-80")); pass port: one of those numbers or names',
  },

  // ClusterAutoscaler
  { title: 'cluster autoscaler: cluster name with a space', build: (c) => new ClusterAutoscaler(c, 'ca', { clusterName: 'prod cluster', kubernetesVersion: '1.32' }), message: '[test/ca] clusterName ("prod cluster") is not an EKS cluster name; use up to 100 letters, digits, \'-\' and \'_\', starting with a letter or digit' },
  {
    title: 'cluster autoscaler: Kubernetes version without an image',
    build: (c) => new ClusterAutoscaler(c, 'ca', { clusterName: 'prod', kubernetesVersion: '1.26' as ClusterAutoscalerKubernetesVersion }),
    message: `[test/ca] kubernetesVersion ("1.26") has no pinned cluster-autoscaler image; use one of ${TAGS}, or that minor with imageTag`,
  },
  {
    title: 'cluster autoscaler: image tag of another minor',
    build: (c) => new ClusterAutoscaler(c, 'ca', { clusterName: 'prod', kubernetesVersion: '1.32', imageTag: 'v1.31.0' }),
    message: '[test/ca] imageTag ("v1.31.0") is for Kubernetes 1.31, but kubernetesVersion is "1.32", and the autoscaler must match the cluster\'s minor version; use a v1.32.x tag',
  },
  {
    title: 'cluster autoscaler: user ARN for roleArn',
    build: (c) => new ClusterAutoscaler(c, 'ca', { clusterName: 'prod', kubernetesVersion: '1.32', roleArn: 'arn:aws:iam::123456789012:user/ca' }),
    message: '[test/ca] roleArn ("arn:aws:iam::123456789012:user/ca") is not an IAM role ARN; use arn:aws:iam::<12-digit account id>:role/<role name>',
  },
  { title: 'cluster autoscaler: zero CPU', build: (c) => new ClusterAutoscaler(c, 'ca', { clusterName: 'prod', kubernetesVersion: '1.32', cpu: Cpu.millis(0) }), message: '[test/ca] cpu ("0m") must be above zero; use e.g. Cpu.millis(100)' },
  {
    title: 'cluster autoscaler: extra flag the construct sets',
    build: (c) => new ClusterAutoscaler(c, 'ca', { clusterName: 'prod', kubernetesVersion: '1.32', extraArgs: ['--expander=random'] }),
    message: '[test/ca] extraArgs[0] ("--expander=random") sets --expander, which this construct already sets ("least-waste"); use the expander prop instead',
  },
  { title: 'cluster autoscaler: zero memory', build: (c) => new ClusterAutoscaler(c, 'ca', { clusterName: 'prod', kubernetesVersion: '1.32', memory: Size.mebibytes(0) }), message: '[test/ca] memory ("0Mi") must be above zero; use e.g. Size.mebibytes(600)' },

  // WebService
  { title: 'web service: port next to service.ports', build: (c) => site(c, { port: 8080, service: { ports: [{ port: 80 }] } }), message: '[test/site] port (8080) is set together with service.ports, which lists every port of the Service; set the one port with port and targetPort, or move it into service.ports' },
  {
    title: 'web service: ingress rule for every request',
    build: (c) => site(c, { ingress: { from: [Peer.namespace('ingress-nginx')] } }),
    message: '[test/site] ingress.host (undefined) and ingress.path are both unset, so the rule would take every request the Ingress receives; set host, path or both',
  },
  {
    title: 'web service: ingress without the controller as a peer',
    build: (c) => site(c, { ingress: { host: 'shop.example.com' } }),
    message: '[test/site] ingress.from (undefined) names no peer, and the network policy admits only the peers it is given, so the Ingress controller\'s requests would be dropped; pass from: [Peer.namespace(...)] where they run (or the load balancer\'s Peer.ipBlock(...)), or set networkPolicy: false',
  },
  {
    title: 'web service: HTTP route without gateway or route',
    build: (c) => site(c, { httpRoute: { path: '/', from: [Peer.namespace('envoy-gateway-system')] } }),
    message: '[test/site] httpRoute.gateway (undefined) and httpRoute.route are both unset; set gateway for an HTTPRoute of this service\'s own, or route to add a rule to a shared HttpRoute',
  },
  {
    title: 'web service: hostnames for a shared route',
    build: (c) => {
      const route = new HttpRoute(c, 'route', { gateway: gateway(c), rules: [{ backends: [{ service: svc(c) }] }] });
      return site(c, { httpRoute: { route, hostnames: ['shop.example.com'], path: '/shop', from: [Peer.namespace('envoy-gateway-system')] } });
    },
    message: '[test/site] httpRoute.hostnames (["shop.example.com"]) only apply to an HTTPRoute of this service\'s own, but httpRoute.route is the shared "test/route"; set hostnames on the shared HttpRoute, or use httpRoute.gateway instead of route',
  },
  {
    title: 'web service: own Ingress props for a shared Ingress',
    build: (c) => {
      const ingress = new RoutingIngress(c, 'ingress', { defaultBackend: backend(c) });
      return site(c, { ingress: { ingress, props: { httpsRedirect: true }, host: 'shop.example.com', from: [Peer.namespace('ingress-nginx')] } });
    },
    message: '[test/site] ingress.props (["httpsRedirect"]) configure an Ingress of this service\'s own, but ingress.ingress is the shared "test/ingress"; configure the shared Ingress where it is created, or remove ingress.ingress',
  },
  {
    title: 'web service: allowTo with the network policy off',
    build: (c) => site(c, { networkPolicy: false }).allowTo(Peer.namespace('db')),
    message: '[test/site] allowTo ("namespace:db") needs the network policy of this service, but networkPolicy is false; remove networkPolicy: false, or allow the traffic in a NetworkPolicy of your own',
  },
  { title: 'web service: name not a DNS-1035 label', build: (c) => site(c, { name: '1shop' }), message: '[test/site] name ("1shop") is not a DNS-1035 label; use at most 63 lower-case letters, digits and \'-\', starting with a letter (pass name, or change the construct id)' },
  { title: 'web service: version not a label value', build: (c) => site(c, { version: '1.0 beta' }), message: '[test/site] version ("1.0 beta") is not a valid label value; use 1 to 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit' },
  {
    title: 'web service: replicas next to autoscaling',
    build: (c) => site(c, {
      replicas: 2,
      containers: [{ image: IMAGE, ports: [{ number: 8080 }], resources: { cpu: { request: Cpu.millis(100) } } }],
      autoscaling: { maxReplicas: 5, cpuUtilizationPercent: 70 },
    }),
    message: '[test/site] replicas (2) pins the pod count, which the autoscaler would reset on every apply; remove replicas and set autoscaling.minReplicas instead',
  },
  {
    title: 'web service: several TCP ports and no targetPort',
    build: (c) => site(c, { containers: [{ image: IMAGE, ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }] }] }),
    message: '[test/site] targetPort (undefined) has no default: the pods declare several TCP ports (8080 ("http"), 9090 ("metrics")); pass targetPort: the one that serves requests',
  },
  {
    title: 'web service: route peers with the network policy off',
    build: (c) => site(c, { networkPolicy: false, ingress: { host: 'shop.example.com', from: [Peer.namespace('ingress-nginx')] } }),
    message: '[test/site] ingress.from (["namespace:ingress-nginx"]) names peers for the network policy, but networkPolicy is false; remove from, or remove networkPolicy: false',
  },
  { title: 'namespace: name not a DNS label', build: (c) => new AppNamespace(c, 'namespace', { name: 'Shop' }), message: '[test/namespace] name ("Shop") is not a DNS-1123 label; use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit (pass name, or give the chart a valid namespace)' },

  // AppNamespace and CloudProvider
  { title: 'namespace: chart without a namespace and no name', build: (c) => new AppNamespace(c, 'namespace'), message: '[test/namespace] name (undefined) is not a DNS-1123 label; pass name, or create the AppNamespace in a chart that has a namespace' },
  {
    title: 'cloud provider: set after constructs were added',
    when: 'always',
    build: (c) => { web(c); CloudProvider.use(c, CloudProvider.EKS); },
    message: '[test] cloudProvider ("eks") must be set before anything is added to this scope (it already has "web"); call CloudProvider.use() first thing in the chart\'s constructor, or on the App before adding charts',
  },
  {
    title: 'cloud provider: unknown name in the context',
    when: 'always',
    build: (c) => { c.node.setContext(CLOUD_PROVIDER_CONTEXT, 'azure'); return new RoutingIngress(c, 'ingress', { defaultBackend: backend(c) }); },
    message: '[test/ingress] context cdk8s-patterns:cloudProvider ("azure") is not a known cloud provider; set one of "eks", "gke", "aks", "generic", or use CloudProvider.use()',
  },
  // Issue 10: ConfigMap and Secret
  { title: 'configmap: key not a ConfigMap key', build: (c) => new ConfigMap(c, 'menu', { data: { 'menu json': '{}' } }), message: '[test/menu] data ("menu json") is not a valid ConfigMap or Secret key; use at most 253 letters, digits, \'-\', \'_\' and \'.\', not "." and not starting with ".."' },
  { title: 'configmap: file cannot be read', build: (c) => new ConfigMap(c, 'menu', { files: { 'menu.json': 'test/fixtures/config/missing.json' } }), message: '[test/menu] files["menu.json"] ("test/fixtures/config/missing.json") cannot be read (ENOENT); give a path relative to the directory `cdk8s synth` runs in, or an absolute one' },
  { title: 'configmap: file key also a data key', build: (c) => new ConfigMap(c, 'menu', { data: { 'menu.json': '{}' }, files: { 'menu.json': 'test/fixtures/config/menu.json' } }), message: '[test/menu] files["menu.json"] ("test/fixtures/config/menu.json") is also a key of data; give the file another key, or drop it from data' },
  { title: 'configmap: name not a DNS subdomain', build: (c) => new ConfigMap(c, 'menu', { name: 'Menu' }), message: '[test/menu] name ("Menu") is not a DNS-1123 subdomain; use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit (pass name, or change the construct id)' },
  { title: 'configmap: over 1 MiB', build: (c) => new ConfigMap(c, 'menu', { data: { big: 'x'.repeat(1024 * 1024) } }), message: '[test/menu] data ("1048579 bytes") is over the 1 MiB limit of a ConfigMap; move large files into the image or a volume' },
  { title: 'secret: TLS without tls.key', build: (c) => new Secret(c, 'tls', { type: 'kubernetes.io/tls', files: { 'tls.crt': 'test/fixtures/config/tls.crt' } }), message: '[test/tls] type ("kubernetes.io/tls") needs the keys "tls.crt" and "tls.key" (the Secret has "tls.crt"); add "tls.key" to stringData or files' },
  { title: 'secret: basic-auth without username or password', build: (c) => new Secret(c, 'auth', { type: 'kubernetes.io/basic-auth', stringData: { user: 'chef' } }), message: '[test/auth] type ("kubernetes.io/basic-auth") needs the keys "username" or "password" (the Secret has "user"); add one of them to stringData or files' },
  { title: 'secret: dockerconfigjson that is not JSON', build: (c) => new Secret(c, 'pull', { type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': 'auths' } }), message: '[test/pull] stringData[".dockerconfigjson"] ("<redacted>") is not a JSON object, so the API server refuses the Secret; use the content of a '
    + 'Docker config.json, such as {"auths":{"registry.example.com":{"auth":"<base64 user:password>"}}}' },
  { title: 'secret: a type this library does not write', build: (c) => new Secret(c, 'ssh', { type: 'kubernetes.io/ssh-auth' as any }), message: '[test/ssh] type ("kubernetes.io/ssh-auth") is not a Secret type this library writes; use one of "Opaque", "kubernetes.io/tls", "kubernetes.io/dockerconfigjson", "kubernetes.io/basic-auth"' },
  { title: 'secret: external name not a Secret name', when: 'always', build: (c) => Secret.fromExternal(c, 'Pantry_Credentials'), message: '[test] Secret.fromExternal name ("Pantry_Credentials") is not a Secret name; use lower-case letters, digits, \'-\' and \'.\'' },
  { title: 'secret: external key not a key', when: 'always', build: (c) => Secret.fromExternal(c, 'pantry', { keys: ['pass word'] }), message: '[test] Secret.fromExternal keys ("pass word") is not a valid ConfigMap or Secret key; use at most 253 letters, digits, \'-\', \'_\' and \'.\', not "." and not starting with ".."' },
  { title: 'secret: external managedBy not a tool name', when: 'always', build: (c) => ConfigMap.fromExternal(c, 'flags', { managedBy: 'external secrets' }), message: '[test] ConfigMap.fromExternal managedBy ("external secrets") is not a plain tool name; use letters, digits, \'-\', \'_\' and \'.\', such as "external-secrets"' },
  // Issue 10: consuming them
  { title: 'env: a key the Secret lacks', build: (c) => web(c, {}, { env: { PW: EnvValue.fromSecret(new Secret(c, 'db', { stringData: { password: 'x' } }), 'passwd') } }), message: '[test/web] containers[0].env.PW ("passwd") is not a key of Secret "db" (it has "password"); use one of its keys, or add "passwd" to the Secret' },
  { title: 'env: a key the ConfigMap lacks', build: (c) => web(c, {}, { env: { THEME: EnvValue.fromConfigMap(new ConfigMap(c, 'menu'), 'theme') } }), message: '[test/web] containers[0].env.THEME ("theme") is not a key of ConfigMap "menu" (it has none); use one of its keys, or add "theme" to the ConfigMap' },
  { title: 'env: a key not declared for an external Secret', build: (c) => web(c, {}, { env: { PW: EnvValue.fromSecret(Secret.fromExternal(c, 'pantry', { keys: ['password'] }), 'user') } }), message: '[test/web] containers[0].env.PW ("user") is not a key declared for the external Secret "pantry" (declared: "password"); use a declared key, or add it to keys of Secret.fromExternal' },
  { title: 'envFrom: prefix not a variable name start', build: (c) => web(c, {}, { envFrom: [EnvFrom.configMap(new ConfigMap(c, 'menu'), { prefix: '1MENU_' })] }), message: '[test/web] containers[0].envFrom[0].prefix ("1MENU_") is not a valid start of an environment variable name; use letters, digits, \'_\', \'-\' and \'.\', not starting with a digit' },
  { title: 'volume: defaultMode above 0o777', build: (c) => web(c, { volumes: [Volume.fromConfigMap('menu', new ConfigMap(c, 'menu'), { defaultMode: 777 })] }), message: '[test/web] volumes[0].defaultMode (777) is not a file mode; use an octal number from 0 to 0o777, such as 0o440 (read for owner and group)' },
  { title: 'volume: an item key the Secret lacks', build: (c) => web(c, { volumes: [Volume.fromSecret('tls', new Secret(c, 'tls', { stringData: { 'tls.crt': 'x' } }), { items: [{ key: 'tls.pem', path: 'tls.pem' }] })] }), message: '[test/web] volumes[0].items[0].key ("tls.pem") is not a key of Secret "tls" (it has "tls.crt"); use one of its keys, or add "tls.pem" to the Secret' },
  { title: 'volume: an absolute item path', build: (c) => web(c, { volumes: [Volume.fromConfigMap('menu', new ConfigMap(c, 'menu', { data: { a: '1' } }), { items: [{ key: 'a', path: '/etc/a' }] })] }), message: '[test/web] volumes[0].items[0].path ("/etc/a") is an absolute path; use a path relative to the mount, such as "menu.json"' },
  { title: 'volume: a negative item mode in a projected source', build: (c) => web(c, { volumes: [Volume.projected('all', [{ source: new ConfigMap(c, 'menu', { data: { a: '1' } }), items: [{ key: 'a', path: 'a', mode: -1 }] }])] }), message: '[test/web] volumes[0].sources[0].items[0].mode (-1) is not a file mode; use an octal number from 0 to 0o777, such as 0o440 (read for owner and group)' },
  { title: 'volume: projected without sources', build: (c) => web(c, { volumes: [Volume.projected('all', [])] }), message: '[test/web] volumes[0].sources ([]) is empty; project at least one ConfigMap or Secret' },
  {
    title: 'env: one name as a Secret of the app and an external one',
    build: (c) => web(c, {}, { env: { A: EnvValue.fromSecret(new Secret(c, 'db', { stringData: { a: 'x' } }), 'a'), B: EnvValue.fromSecret(Secret.fromExternal(c, 'db'), 'b') } }),
    message: '[test/web] containers[0].env.B ("db") names both a Secret of the app and an external one; use one Secret object for "db"',
  },
  // Issue 10: identity
  { title: 'pod: serviceAccount and serviceAccountName', build: (c) => web(c, { serviceAccount: new ServiceAccount(c, 'sa'), serviceAccountName: 'other' }), message: '[test/web] serviceAccountName ("other") contradicts serviceAccount; pass one of them' },
  { title: 'service account: IRSA role ARN malformed', build: (c) => new ServiceAccount(c, 'sa', { workloadIdentity: WorkloadIdentity.awsIamRole('arn:aws:iam::1234:role/x') }), message: '[test/sa] workloadIdentity.roleArn ("arn:aws:iam::1234:role/x") is not a EKS workload identity; use an IAM role ARN such as "arn:aws:iam::111122223333:role/pantry-reader"' },
  {
    title: 'service account: identity of another cloud than the chart\'s',
    build: (c) => { CloudProvider.use(c, CloudProvider.EKS); return new ServiceAccount(c, 'sa', { workloadIdentity: WorkloadIdentity.gcpServiceAccount('pantry@my-project.iam.gserviceaccount.com') }); },
    message: '[test/sa] workloadIdentity ("gke") is for GKE, but the chart\'s cloud provider is EKS; pick the identity of the chart\'s cloud, or leave workloadIdentity out for this cloud',
  },
  { title: 'role: a Role granting a cluster-scoped resource', build: (c) => new Role(c, 'role').allow(['get'], ['nodes']), message: '[test/role] allow.resources ("nodes") is cluster-scoped, so a Role cannot grant it; grant it with a ClusterRole and a ClusterRoleBinding' },
  { title: 'role: resourceNames with create', build: (c) => new Role(c, 'role', { rules: [{ verbs: ['get', 'create'], resources: ['configmaps'], resourceNames: ['menu'] }] }), message: '[test/role] rules[0].resourceNames (["menu"]) cannot restrict create, which name no object; grant create in a rule without resourceNames' },
  { title: 'role: no verbs', build: (c) => new Role(c, 'role').allow([], ['pods']), message: '[test/role] allow.verbs ([]) is empty; list the verbs needed, such as ["get","list","watch"]' },
  { title: 'role: a wildcard verb', build: (c) => new ClusterRole(c, 'role').allow(['*' as any], ['pods']), message: '[test/role] allow.verbs ("*") is not a verb this library grants; use some of get, list, watch, create, update, patch, delete, deletecollection' },
  { title: 'role: custom resource not a plural name', build: (c) => new Role(c, 'role').allow(['get'], [{ group: 'gateway.networking.k8s.io', resource: 'HTTPRoute' }]), message: '[test/role] allow.resources ("HTTPRoute") is not a plural resource name; use the lower-case plural that `kubectl api-resources` lists, such as "httproutes"' },
  { title: 'role: no rules at all', when: 'synth', build: (c) => new Role(c, 'role'), message: '[test/role] rules ([]) is empty, so the role grants nothing; add a rule with allow(verbs, resources)' },
  { title: 'cluster role binding: account in a chart without a namespace', build: (c) => new ClusterRoleBinding(c, 'crb', { role: new ClusterRole(c, 'role').allow(['get'], ['nodes']), subjects: [new ServiceAccount(c, 'sa')] }), message: '[test/crb] subjects[0] ("test/sa") is a ServiceAccount in a chart without a namespace, and a ClusterRoleBinding must name its namespace; give the ServiceAccount\'s chart a namespace' },
  { title: 'grant: a Role cluster-wide', when: 'always', build: (c) => new ServiceAccount(c, 'sa').grant(new Role(c, 'role').allow(['get'], ['pods']), { clusterWide: true }), message: '[test/sa] clusterWide (true) cannot grant Role "role", which grants in one namespace only; grant a ClusterRole, or drop clusterWide' },
  // Workloads of issue 10 part A: StatefulSet, storage, Job, CronJob, DaemonSet, scheduling and lifecycle props
  {
    title: 'deployment: Recreate with maxSurge',
    build: (c) => web(c, { strategy: 'Recreate', maxSurge: 1 }),
    message: '[test/web] maxSurge (1) only applies to strategy \'RollingUpdate\'; \'Recreate\' stops every old pod before starting new ones; remove maxSurge, or use strategy: \'RollingUpdate\'',
  },
  {
    title: 'stateful set: claim mounted by no container',
    build: (c) => new StatefulSet(c, 'db', { containers: [{ image: PG, ports: [{ number: 5432 }] }], volumeClaims: [{ name: 'data', size: Size.gibibytes(1) }] }),
    message: '[test/db] volumeClaims ("data") is mounted by no container, so each pod would get a volume it never uses; mount it: mounts: [{ volume: \'data\', path: \'/data\' }]',
  },
  {
    title: 'stateful set: no port for the governing Service',
    build: (c) => new StatefulSet(c, 'db', { containers: [{ image: PG }] }),
    message: '[test/db] containers (["db"]) declare no port, and the governing headless Service needs one; add ports to the container that serves, or pass service',
  },
  { title: 'stateful set: partition with OnDelete', build: (c) => db(c, { updateStrategy: 'OnDelete', partition: 1 }), message: '[test/db] partition (1) only applies to updateStrategy \'RollingUpdate\'; remove partition, or use updateStrategy: \'RollingUpdate\'' },
  { title: 'stateful set: negative startOrdinal', build: (c) => db(c, { startOrdinal: -1 }), message: '[test/db] startOrdinal (-1) must be a whole number; use 0 or more' },
  { title: 'stateful set: claim named like a volume', build: (c) => db(c, { volumes: [{ name: 'data' }] }), message: '[test/db] volumeClaims[0].name ("data") is also the name of another volume of the pod; give each volume and claim its own name' },
  {
    title: 'stateful set: ReadWriteMany on a GKE Persistent Disk',
    build: (c) => db(c, { volumeClaims: [{ name: 'data', size: Size.gibibytes(1), accessModes: ['ReadWriteMany'], storageClass: StorageClass.GKE_STANDARD_RWO }] }),
    message: '[test/db] volumeClaims[0].accessModes[0] ("ReadWriteMany") is not possible with storage class "standard-rwo": Persistent Disks (pd.csi.storage.gke.io) attach to one node at a time; use \'ReadWriteOnce\', \'ReadOnlyMany\' or \'ReadWriteOncePod\', or a file storage class (NFS, EFS, Filestore, Azure Files) for shared access',
  },
  { title: 'claim: zero size', build: (c) => new PersistentVolumeClaim(c, 'files', { size: Size.gibibytes(0) }), message: '[test/files] size ("0Mi") must be above zero; use e.g. Size.gibibytes(10)' },
  {
    title: 'claim: ReadWriteOncePod with another mode',
    build: (c) => new PersistentVolumeClaim(c, 'files', { size: Size.gibibytes(1), accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] }),
    message: '[test/files] accessModes (["ReadWriteOncePod","ReadWriteOnce"]) combine ReadWriteOncePod with other modes, which the API server refuses; use ReadWriteOncePod alone',
  },
  {
    title: 'claim: ReadWriteMany on EBS',
    build: (c) => new PersistentVolumeClaim(c, 'files', { size: Size.gibibytes(1), accessModes: ['ReadWriteMany'], storageClass: StorageClass.EKS_GP3 }),
    message: '[test/files] accessModes[0] ("ReadWriteMany") is not possible with storage class "gp3": EBS volumes (ebs.csi.aws.com) attach to one node at a time; use \'ReadWriteOnce\' or \'ReadWriteOncePod\', or a file storage class (NFS, EFS, Filestore, Azure Files) for shared access',
  },
  {
    title: 'claim: unknown access mode',
    build: (c) => new PersistentVolumeClaim(c, 'files', { size: Size.gibibytes(1), accessModes: ['ReadWriteAll' as AccessMode] }),
    message: '[test/files] accessModes[0] ("ReadWriteAll") is not an access mode; use one of \'ReadWriteOnce\', \'ReadOnlyMany\', \'ReadWriteMany\', \'ReadWriteOncePod\'',
  },
  { title: 'storage class: no provisioner', build: (c) => new StorageClass(c, 'fast', { provisioner: '' }), message: '[test/fast] provisioner ("") is empty; name the CSI driver, e.g. "ebs.csi.aws.com"' },
  {
    title: 'job: restartPolicy Always',
    build: (c) => new Job(c, 'migrate', { ...TASK, restartPolicy: 'Always' as 'Never' }),
    message: '[test/migrate] restartPolicy ("Always") is not allowed for a Job, whose pods must end; use \'Never\' (replace failed pods) or \'OnFailure\' (restart in place)',
  },
  { title: 'job: negative backoffLimit', build: (c) => new Job(c, 'migrate', { ...TASK, backoffLimit: -1 }), message: '[test/migrate] backoffLimit (-1) must be a whole number; use 0 or more' },
  {
    title: 'job: fractional activeDeadline',
    build: (c) => new Job(c, 'migrate', { ...TASK, activeDeadline: Duration.millis(1500) }),
    message: '[test/migrate] activeDeadline (1.5s) must be a whole number of seconds, at least 1s; use e.g. Duration.seconds(2)',
  },
  {
    title: 'job: podReplacementPolicy outside the window',
    build: (c) => { KubernetesWindow.set(c, { oldest: '1.27', newest: '1.36' }); return new Job(c, 'migrate', { ...TASK, podReplacementPolicy: 'Failed' }); },
    message: '[test/migrate] podReplacementPolicy ("Failed") needs Kubernetes >= 1.29 for Job podReplacementPolicy (the window\'s oldest is 1.27); raise the window\'s oldest to 1.29 or later (cdk8s-patterns:kubernetesWindow), or leave podReplacementPolicy unset',
  },
  {
    title: 'cron job: four-field schedule',
    build: (c) => new CronJob(c, 'report', { ...TASK, schedule: '0 3 * *' }),
    message: '[test/report] schedule ("0 3 * *") has 4 fields, not 5; write five fields "minute hour day-of-month month day-of-week", e.g. "30 2 * * *" (02:30 every day), or a macro such as "@daily"',
  },
  {
    title: 'cron job: minute out of range',
    build: (c) => new CronJob(c, 'report', { ...TASK, schedule: '75 3 * * *' }),
    message: '[test/report] schedule ("75 3 * * *") is not a cron schedule: its minute field has "75", outside 0-59; write five fields "minute hour day-of-month month day-of-week", e.g. "30 2 * * *" (02:30 every day), or a macro such as "@daily"',
  },
  {
    title: 'cron job: TZ in the schedule',
    build: (c) => new CronJob(c, 'report', { ...TASK, schedule: 'TZ=Europe/Berlin 0 3 * * *' }),
    message: '[test/report] schedule ("TZ=Europe/Berlin 0 3 * * *") sets a time zone in the schedule, which Kubernetes refuses; remove the TZ= prefix and set timeZone instead',
  },
  {
    title: 'cron job: unknown time zone',
    build: (c) => new CronJob(c, 'report', { ...TASK, schedule: '@daily', timeZone: 'Europe/Atlantis' }),
    message: '[test/report] timeZone ("Europe/Atlantis") is not an IANA time zone name; use an IANA time zone name such as "Etc/UTC" or "Europe/Berlin" (https://www.iana.org/time-zones)',
  },
  {
    title: 'cron job: name too long for its Jobs',
    build: (c) => new CronJob(c, 'report', { ...TASK, schedule: '@daily', name: 'a'.repeat(53) }),
    message: `[test/report] name ("${'a'.repeat(53)}") has 53 characters; a CronJob name must have at most 52 so that its Jobs' names fit in 63; use a shorter name`,
  },
  { title: 'cron job: negative history limit', build: (c) => new CronJob(c, 'report', { ...TASK, schedule: '@daily', jobHistory: { failed: -1 } }), message: '[test/report] jobHistory.failed (-1) must be a whole number; use 0 or more' },
  {
    title: 'daemon set: maxSurge with maxUnavailable',
    build: (c) => new DaemonSet(c, 'agent', { ...TASK, maxSurge: 1, maxUnavailable: 1 }),
    message: '[test/agent] maxSurge (1) may not be set when maxUnavailable (1) is not zero: a DaemonSet either surges or takes pods down; set maxUnavailable: 0, or remove maxSurge',
  },
  {
    title: 'daemon set: maxUnavailable and maxSurge both zero',
    build: (c) => new DaemonSet(c, 'agent', { ...TASK, maxUnavailable: 0 }),
    message: '[test/agent] maxUnavailable (0) and maxSurge are both zero, so an update could never replace a pod; allow one unavailable pod per update (maxUnavailable: 1) or one extra (maxSurge: 1, maxUnavailable: 0)',
  },
  {
    title: 'daemon set: maxSurge with OnDelete',
    build: (c) => new DaemonSet(c, 'agent', { ...TASK, updateStrategy: 'OnDelete', maxSurge: 1 }),
    message: '[test/agent] maxSurge (1) only applies to updateStrategy \'RollingUpdate\'; remove maxSurge, or use updateStrategy: \'RollingUpdate\'',
  },
  {
    title: 'scheduling: toleration with operator Exists and a value',
    build: (c) => pod(c, { tolerations: [{ key: 'spot', operator: 'Exists', value: 'true' }] }),
    message: '[test/pod] tolerations[0].value ("true") must be empty with operator \'Exists\', which matches any value; remove value, or use operator: \'Equal\'',
  },
  {
    title: 'scheduling: toleration without a key',
    build: (c) => pod(c, { tolerations: [{ value: 'true' }] }),
    message: '[test/pod] tolerations[0].operator ("Equal") needs a key: only \'Exists\' may leave the key out (to tolerate every taint); set key, or use operator: \'Exists\'',
  },
  {
    title: 'scheduling: tolerationPeriod without NoExecute',
    build: (c) => pod(c, { tolerations: [{ key: 'spot', operator: 'Exists', tolerationPeriod: Duration.seconds(30) }] }),
    message: '[test/pod] tolerations[0].tolerationPeriod (30s) only applies to the NoExecute effect (how long a pod stays on a node tainted after it started); set effect: \'NoExecute\', or remove tolerationPeriod',
  },
  {
    title: 'scheduling: node selector value with a space',
    build: (c) => pod(c, { nodeSelector: { pool: 'fast disks' } }),
    message: '[test/pod] nodeSelector["pool"] ("fast disks") is not a valid label value; use at most 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit',
  },
  {
    title: 'scheduling: node affinity In without values',
    build: (c) => pod(c, { affinity: { node: { required: [{ key: 'zone', operator: 'In' }] } } }),
    message: '[test/pod] affinity.node.required[0].values ([]) must list at least one value for \'In\'; add the label values to match, or use \'Exists\'',
  },
  {
    title: 'scheduling: empty pod affinity selector',
    build: (c) => pod(c, { affinity: { pod: [{ selector: {} }] } }),
    message: '[test/pod] affinity.pod[0].selector ({}) is empty, so it would select every pod of the namespace; pass the other workload\'s selectorLabels',
  },
  {
    title: 'scheduling: pod anti-affinity weight above 100',
    build: (c) => pod(c, { affinity: { podAnti: [{ selector: { app: 'db' }, weight: 200 }] } }),
    message: '[test/pod] affinity.podAnti[0].weight (200) must be a whole number from 1 to 100; use e.g. 100 for the strongest preference',
  },
  {
    title: 'scheduling: priorityClassName not a name',
    build: (c) => pod(c, { priorityClassName: 'High Priority' }),
    message: '[test/pod] priorityClassName ("High Priority") is not a DNS-1123 subdomain; use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit',
  },
  { title: 'scheduling: negative fsGroup', build: (c) => pod(c, { fsGroup: -1 }), message: '[test/pod] fsGroup (-1) is not a group id; use a whole number of 0 or more, e.g. the image\'s group' },
  {
    title: 'lifecycle: preStop sleep as long as the grace period',
    build: (c) => pod(c, {}, { lifecycle: { preStop: LifecycleHandler.sleep(Duration.seconds(30)) } }),
    message: '[test/pod] containers[0].lifecycle.preStop.sleep (30s) is not shorter than the pod\'s terminationGracePeriod (30s), so the app would be killed before it could shut down; shorten the sleep or raise terminationGracePeriod',
  },
  {
    title: 'lifecycle: hook on an init container',
    build: (c) => new MultiContainerPod(c, 'pod', { containers: [{ name: 'app', image: IMAGE }], initContainers: [{ name: 'setup', image: IMAGE, lifecycle: { preStop: LifecycleHandler.exec(['true']) } }] }),
    message: '[test/pod] initContainers[0].lifecycle (["preStop"]) is not allowed on an init container, which runs to completion before the app starts; move the hook to one of containers',
  },
  {
    title: 'lifecycle: httpGet on a port name the container lacks',
    build: (c) => pod(c, {}, { lifecycle: { preStop: LifecycleHandler.httpGet('/quit', 'admin') } }),
    message: '[test/pod] containers[0].lifecycle.preStop.port ("admin") is not a named port of this container; add a port named "admin" to ports, or use a number',
  },
];

/** `[<path>] <prop> (<value>) <rule>; <fix>`: a path, a prop without parentheses, the value, a rule and a fix. */
const SHAPE = /^\[[^\]]+\] [^()]+ \(.*\) .+; .+$/;

/** The message of the error `fn` throws; fails when it throws nothing. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, but nothing was thrown');
}

/** What cdk8s reports when validations fail: every line prefixed with two spaces. */
function validationFailed(...lines: string[]): string {
  return `Validation failed with the following errors:\n  ${lines.join('\n  ')}`;
}

/** A chart `test` in an app that collects errors (the context must be set before any child is added). */
function collectingChart(): Chart {
  const app = Testing.app();
  app.node.setContext(COLLECT_ERRORS_CONTEXT, true);
  return new Chart(app, 'test');
}

describe('every invalid input gets its exact message', () => {
  test.each(CASES)('$title', ({ build, message, when = 'construct' }) => {
    expect(message).toMatch(SHAPE);

    // Default mode.
    const chart = newChart();
    if (when === 'synth') {
      expect(() => build(chart)).not.toThrow();
      expect(messageOf(() => Testing.synth(chart))).toBe(validationFailed(message));
    } else {
      expect(messageOf(() => build(chart))).toBe(message);
    }

    // Collect mode: the same line, from one synth (or, for `always`, still at the call).
    const collecting = collectingChart();
    if (when === 'always') {
      expect(messageOf(() => build(collecting))).toBe(message);
    } else {
      expect(() => build(collecting)).not.toThrow();
      expect(messageOf(() => Testing.synth(collecting))).toBe(validationFailed(message));
    }
  });

  test('the table holds at least 40 distinct messages, and no case twice', () => {
    const messages = new Set(CASES.map((c) => c.message));
    expect(messages.size).toBeGreaterThanOrEqual(40);
    expect(messages.size).toBe(CASES.length);
    expect(new Set(CASES.map((c) => c.title)).size).toBe(CASES.length);
  });
});

describe('collect mode', () => {
  test('bad constructs across two charts are all reported by one app.synth()', () => {
    const app = Testing.app();
    app.node.setContext(COLLECT_ERRORS_CONTEXT, true);
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const api = web(shop, { maxUnavailable: '150%', revisionHistoryLimit: -1 });
    new HorizontalAutoscaler(shop, 'hpa', { target: api, minReplicas: 4, maxReplicas: 2, cpuUtilizationPercent: 70 });
    new RoutingIngress(shop, 'ingress');
    const edge = new Chart(app, 'edge', { namespace: 'edge' });
    const gw = gateway(edge, { gatewayClassName: 'Envoy Gateway' });
    new HttpRoute(edge, 'route', { gateway: gw, rules: [{ backends: [{ service: svc(edge), weight: 0 }] }] });
    new NetworkPolicy(edge, 'policy', { policyTypes: ['Ingress'] }).allowFrom(Peer.ipBlock('10.0.0.0/33'));

    expect(messageOf(() => app.synth())).toBe(validationFailed(
      '[shop/web] maxUnavailable ("150%") is neither a pod count nor a percentage; use a whole number such as 1, or a percentage from "0%" to "100%"',
      '[shop/web] revisionHistoryLimit (-1) must be a whole number; use 0 or more (0 disables rollback)',
      '[shop/hpa] maxReplicas (2) must be a whole number >= minReplicas (4); raise maxReplicas or lower minReplicas',
      '[shop/hpa] cpuUtilizationPercent (70) needs a cpu request on every container of "shop/web", and container "web" has none; set resources.cpu.request on container "web"',
      '[shop/ingress] rules ([]) is empty and there is no defaultBackend, so this Ingress routes nothing; add a rule with addRule(), or set defaultBackend',
      '[edge/gw] gatewayClassName ("Envoy Gateway") is not a GatewayClass name; use the name of a GatewayClass (`kubectl get gatewayclass`)',
      '[edge/route] rules[path=/].backends[*].weight (0) is 0 for every backend, so the rule would send its requests nowhere; give at least one backend a weight above 0',
      '[edge/policy] ingress[from=ipBlock:10.0.0.0/33].ipBlock.cidr ("10.0.0.0/33") is not a CIDR; write an address and a prefix length, like "10.0.0.0/8" or "2001:db8::/32"',
    ));
  });

  test('in the default mode the first bad construct throws, with all of its own problems at once', () => {
    const shop = newChart({ namespace: 'shop' });
    expect(messageOf(() => web(shop, { maxUnavailable: '150%', revisionHistoryLimit: -1 }))).toBe([
      '[test/web] maxUnavailable ("150%") is neither a pod count nor a percentage; use a whole number such as 1, or a percentage from "0%" to "100%"',
      '[test/web] revisionHistoryLimit (-1) must be a whole number; use 0 or more (0 disables rollback)',
    ].join('\n'));
  });
});
