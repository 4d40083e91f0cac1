import type { ContainerResources } from 'cdk8s-plus-27/lib/container';
import * as k8s from './private/k8s';
import { EnvFrom, EnvValue } from './env';
import { DEFAULT_KUBERNETES_WINDOW, KubernetesWindow, requireFeature } from './kubernetes-version';
import type { ConfigUses } from './private/config-use';
import { wholeSeconds } from './private/durations';
import { Problems } from './private/construct-base';
import { checkCpu, checkSize, cpuCores, memoryQuantity } from './private/quantities';
import { Probe } from './probe';
import { buildLifecycle, ContainerLifecycle } from './lifecycle';
import { ContainerSecurityProps, impliesEscalation, toKubeSecurityContext } from './security';
import {
  absolutePath, dns1123Label, dns1123Subdomain, enumField, envFieldPath, envKeyRefKey, execCommand, httpGetPath, listedTwice, portName,
  portNumber, probePortName, requestWithinLimit, runToCompletionField,
} from './rules';

export type { ContainerResources };

/** A port the container listens on. Pods share one network namespace, so ports are unique per pod. */
export interface ContainerPort {
  readonly number: number;
  /** IANA service name (≤ 15 chars) a Service or probe can target instead of the number. @default - unnamed */
  readonly name?: string;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** Mounts one of the pod's shared `volumes` into this container. */
export interface VolumeMount {
  /** The `name` of a volume in the pod's `volumes`. */
  readonly volume: string;
  /** Absolute path inside the container. */
  readonly path: string;
  /** @default false */
  readonly readOnly?: boolean;
}

/**
 * One container. Resources are emitted only as you set them: a container without `resources`
 * gets no requests or limits (unlike cdk8s-plus, which invents some).
 */
export interface ContainerProps {
  /**
   * DNS-1123 label, unique in the pod.
   * @default - the workload's name; required when the pod has more than one container
   */
  readonly name?: string;
  readonly image: string;
  /** @default - Kubernetes decides (`Always` for `:latest`, else `IfNotPresent`) */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** Replaces the image's ENTRYPOINT. @default - the image's */
  readonly command?: string[];
  /** Replaces the image's CMD. @default - the image's */
  readonly args?: string[];
  /** @default - the image's */
  readonly workingDir?: string;
  /** @default - none */
  readonly ports?: ContainerPort[];
  /** Plain strings are literal values. @default - none */
  readonly env?: Record<string, string | EnvValue>;
  /**
   * Every key of ConfigMaps and Secrets as variables (`EnvFrom.configMap(menu, { prefix: 'MENU_' })`);
   * `env` wins over them for the same name.
   * @default - none
   */
  readonly envFrom?: EnvFrom[];
  /**
   * CPU (`Cpu.millis(250)`) and memory (`Size.mebibytes(256)`) requests and limits; request ≤ limit.
   * @default - none emitted (the scheduler treats the pod as BestEffort)
   */
  readonly resources?: ContainerResources;
  /** Restarts the container when it fails. @default - none */
  readonly liveness?: Probe;
  /** Keeps the pod out of Service endpoints until it passes. @default - none */
  readonly readiness?: Probe;
  /** Holds liveness and readiness back until a slow start is over. @default - none */
  readonly startup?: Probe;
  /** @default - hardened: see `ContainerSecurityProps` */
  readonly security?: ContainerSecurityProps;
  /**
   * Directories that get a private writable `emptyDir`, for apps that write under a read-only root
   * filesystem (nginx writes to `/tmp`).
   * @default - none
   */
  readonly writablePaths?: string[];
  /** Shared pod volumes to mount. @default - none */
  readonly mounts?: VolumeMount[];
  /** Hooks run after start and before stop, e.g. `preStop: LifecycleHandler.sleep(Duration.seconds(5))`. @default - none */
  readonly lifecycle?: ContainerLifecycle;
  /**
   * In-place resize: what the kubelet does when this container's CPU or memory requests or limits
   * change on a running pod. `NotRequired` applies the change without a restart; `RestartContainer`
   * restarts the container (apps that size heaps at start-up, such as the JVM, need it for memory).
   * Needs Kubernetes >= 1.33 (beta, on by default) as the window's oldest release; not for regular
   * init containers, which are never resized.
   * @default - unset: Kubernetes's `NotRequired` for both, where in-place resize is on (1.33 and later)
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/resize-container-resources/
   */
  readonly resizePolicy?: ContainerResizePolicy;
}

/** What the kubelet does with a running container when one of its resources is resized in place. */
export type ResizeRestartPolicy = 'NotRequired' | 'RestartContainer';

/** `resizePolicy` of a container, per resource. */
export interface ContainerResizePolicy {
  /** @default - Kubernetes's 'NotRequired' */
  readonly cpu?: ResizeRestartPolicy;
  /** @default - Kubernetes's 'NotRequired' */
  readonly memory?: ResizeRestartPolicy;
}

/** @internal Which list of the pod a container is in: its kind decides what it may have. */
export type ContainerKind = 'container' | 'sidecar' | 'init';

/** @internal How `buildContainer` treats a container: its kind, and the window its fields must exist in. */
export interface ContainerContext {
  /** @default 'container' */
  readonly kind?: ContainerKind;
  /** @default DEFAULT_KUBERNETES_WINDOW */
  readonly window?: KubernetesWindow;
  /** The pod's termination grace period, which a preStop sleep must stay under. @default - Kubernetes's 30 s */
  readonly graceSeconds?: number;
  /** Where the pod records the ConfigMaps and Secrets its containers read, for key checks and the config hash. */
  readonly uses?: ConfigUses;
}

/** What a built container contributes to its pod. */
export interface BuiltContainer {
  readonly container: k8s.Container;
  readonly volumes: k8s.Volume[];
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** @internal Converts and checks one container; `where` is its prop path, e.g. `containers[1]`. */
export function buildContainer(
  props: ContainerProps, name: string, where: string, problems: Problems, sharedVolumes: ReadonlySet<string>,
  context: ContainerContext = {},
): BuiltContainer {
  const kind = context.kind ?? 'container';
  const uses = context.uses;
  // A name derived from the workload's is checked, and blamed, where the workload's name is.
  if (props.name !== undefined) problems.check(`${where}.name`, name, dns1123Label(name));
  if (!props.image || /\s/.test(props.image)) {
    problems.add(`${where}.image`, props.image, 'is not an image reference', 'set an image such as "nginxinc/nginx-unprivileged:1.27"');
  }
  // The types admit only the values Kubernetes knows, but JavaScript callers and casts get past them.
  if (props.imagePullPolicy !== undefined) {
    problems.check(`${where}.imagePullPolicy`, props.imagePullPolicy, enumField('pullPolicy', props.imagePullPolicy));
  }
  const portNames = new Set<string>();
  for (const [i, port] of (props.ports ?? []).entries()) {
    problems.check(`${where}.ports[${i}].number`, port.number, portNumber(port.number));
    if (port.protocol !== undefined) problems.check(`${where}.ports[${i}].protocol`, port.protocol, enumField('protocol', port.protocol));
    if (port.name !== undefined) {
      problems.check(`${where}.ports[${i}].name`, port.name, portName(port.name));
      portNames.add(port.name);
    }
  }
  for (const [key, probe] of [['liveness', props.liveness], ['readiness', props.readiness], ['startup', props.startup]] as const) {
    // The kubelet waits for a regular init container to exit, never for it to be healthy.
    if (probe && kind === 'init') {
      problems.check(`${where}.${key}`, probe.handler, runToCompletionField(), { fix: `move the container to sidecars, or remove ${key}` });
    } else if (probe) checkProbe(probe, `${where}.${key}`, key !== 'readiness', portNames, problems);
  }
  const resizePolicy = checkResizePolicy(props.resizePolicy, `${where}.resizePolicy`, kind, context.window ?? DEFAULT_KUBERNETES_WINDOW, problems);
  checkResources(props.resources, `${where}.resources`, problems);
  for (const [envName, value] of Object.entries(props.env ?? {})) {
    if (!ENV_NAME.test(envName)) {
      problems.add(`${where}.env`, envName, 'is not a valid environment variable name',
        'use letters, digits, \'_\', \'-\' and \'.\', not starting with a digit');
    }
    if (typeof value === 'string') continue;
    const ref = value._configRef;
    if (ref) uses?.use(ref.source, problems, `${where}.env.${envName}`, ref.key, ref.optional);
    checkEnvSource(value._toKube(envName).valueFrom, `${where}.env.${envName}`, problems);
  }
  for (const [i, from] of (props.envFrom ?? []).entries()) {
    const prefix = from.options.prefix;
    if (prefix !== undefined && !ENV_NAME.test(prefix)) {
      problems.add(`${where}.envFrom[${i}].prefix`, prefix, 'is not a valid start of an environment variable name',
        'use letters, digits, \'_\', \'-\' and \'.\', not starting with a digit');
    }
    uses?.use(from.source, problems, `${where}.envFrom[${i}]`);
  }

  checkSecurity(props.security, `${where}.security`, problems);

  const volumes: k8s.Volume[] = [];
  const volumeMounts: k8s.VolumeMount[] = [];
  for (const [i, path] of (props.writablePaths ?? []).entries()) {
    problems.check(`${where}.writablePaths[${i}]`, path, absolutePath(path, '/tmp'));
    if (props.writablePaths!.indexOf(path) !== i) problems.check(`${where}.writablePaths[${i}]`, path, listedTwice('path'));
    // '/var/cache' and '/var-cache' slug alike: number the later one rather than clash.
    let volumeName = writableVolumeName(name, path);
    if (volumes.some((v) => v.name === volumeName)) volumeName = `${volumeName.slice(0, 60)}-${i}`;
    volumes.push({ name: volumeName, emptyDir: {} });
    volumeMounts.push({ name: volumeName, mountPath: path });
  }
  for (const [i, mount] of (props.mounts ?? []).entries()) {
    if (!sharedVolumes.has(mount.volume)) {
      problems.add(`${where}.mounts[${i}].volume`, mount.volume, 'is not one of the pod\'s volumes',
        `declare it in volumes, or use one of: ${[...sharedVolumes].join(', ') || '(none declared)'}`);
    }
    problems.check(`${where}.mounts[${i}].path`, mount.path, absolutePath(mount.path));
    volumeMounts.push({ name: mount.volume, mountPath: mount.path, readOnly: mount.readOnly });
  }

  const container: k8s.Container = {
    name,
    image: props.image,
    imagePullPolicy: props.imagePullPolicy,
    command: props.command,
    args: props.args,
    workingDir: props.workingDir,
    ports: props.ports?.map((p) => ({ containerPort: p.number, name: p.name, protocol: p.protocol })),
    env: props.env && Object.entries(props.env).map(([k, v]) => (typeof v === 'string' ? { name: k, value: v } : v._toKube(k))),
    envFrom: props.envFrom?.map((f) => f._toKube()),
    resources: toKubeResources(props.resources),
    livenessProbe: props.liveness?._toKube(),
    readinessProbe: props.readiness?._toKube(),
    startupProbe: props.startup?._toKube(),
    resizePolicy,
    // What makes an init container a native sidecar: restarted whenever it exits, until the app's containers end.
    restartPolicy: kind === 'sidecar' ? 'Always' : undefined,
    securityContext: toKubeSecurityContext(props.security),
    volumeMounts: volumeMounts.length > 0 ? volumeMounts : undefined,
    lifecycle: buildLifecycle(props.lifecycle, where, portNames, context.graceSeconds, problems),
  };
  return { container, volumes };
}

const RESIZE_RESOURCES = ['cpu', 'memory'] as const;
const RESIZE_POLICIES: readonly string[] = ['NotRequired', 'RestartContainer'] satisfies ResizeRestartPolicy[];

function checkResizePolicy(
  policy: ContainerResizePolicy | undefined, where: string, kind: ContainerKind, window: KubernetesWindow, problems: Problems,
): k8s.ContainerResizePolicy[] | undefined {
  if (policy === undefined) return undefined;
  if (kind === 'init') {
    problems.add(where, policy, 'is not allowed on an init container that runs to completion, which is never resized',
      'remove resizePolicy, or move the container to sidecars');
    return undefined;
  }
  const feature = requireFeature(window, 'containerResizePolicy');
  // Refused (and in collect mode reported at synth), it is left out so that the manifest check does not report it again.
  if (feature) problems.add(where, policy, feature.rule, feature.fix, 'kubernetes-window');
  for (const [key, value] of Object.entries(policy)) {
    if (!(RESIZE_RESOURCES as readonly string[]).includes(key)) {
      problems.add(`${where}.${key}`, value, 'is not a resource that can be resized in place', 'use cpu or memory');
    } else if (!RESIZE_POLICIES.includes(value as string)) {
      problems.add(`${where}.${key}`, value, 'is not a resize restart policy', 'use \'NotRequired\' or \'RestartContainer\'');
    }
  }
  const out = RESIZE_RESOURCES.filter((r) => policy[r] !== undefined).map((r) => ({ resourceName: r, restartPolicy: policy[r]! }));
  return out.length > 0 && !feature ? out : undefined;
}

function checkSecurity(security: ContainerSecurityProps | undefined, where: string, problems: Problems): void {
  for (const field of ['runAsUser', 'runAsGroup'] as const) {
    const id = security?.[field];
    if (id !== undefined && (!Number.isInteger(id) || id < 0 || id > 2147483647)) {
      problems.add(`${where}.${field}`, id, 'is not a user or group id', 'use an integer from 0 to 2147483647');
    }
  }
  if (security?.runAsUser === 0 && security.runAsNonRoot === true) {
    // The kubelet refuses the pair ("container's runAsUser breaks non-root policy"); the API server does not.
    problems.add(`${where}.runAsNonRoot`, true, 'contradicts runAsUser: 0 (root), so the kubelet would never start the container',
      'use a non-zero runAsUser, or remove runAsNonRoot');
  }
  // The API server rejects these pairs: escalation is implied by privileged and by CAP_SYS_ADMIN.
  if (security?.allowPrivilegeEscalation !== false || !impliesEscalation(security)) return;
  if (security.privileged) {
    problems.add(`${where}.allowPrivilegeEscalation`, false, 'contradicts privileged: true', 'remove allowPrivilegeEscalation, or drop privileged');
  }
  if (security.addCapabilities?.some((c) => c.replace(/^CAP_/, '') === 'SYS_ADMIN')) {
    problems.add(`${where}.allowPrivilegeEscalation`, false, 'contradicts adding the SYS_ADMIN capability',
      'remove allowPrivilegeEscalation, or drop SYS_ADMIN');
  }
}

function writableVolumeName(container: string, path: string): string {
  const slug = path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'root';
  return `${container}-${slug}`.slice(0, 63).replace(/-+$/, '');
}

function checkProbe(probe: Probe, where: string, mustSucceedOnce: boolean, portNames: Set<string>, problems: Problems): void {
  if (typeof probe.port === 'string') problems.check(`${where}.port`, probe.port, probePortName(probe.port, [...portNames]));
  if (typeof probe.port === 'number') problems.check(`${where}.port`, probe.port, portNumber(probe.port));
  if (probe.handler === 'exec') {
    problems.check(`${where}.command`, probe.command, execCommand(probe.command, 'Probe.exec([\'cat\', \'/tmp/healthy\'])'));
  }
  if (probe.path !== undefined) problems.check(`${where}.path`, probe.path, httpGetPath(probe.path));
  const o = probe.options;
  const scheme = 'scheme' in o ? o.scheme : undefined;
  if (typeof scheme === 'string') problems.check(`${where}.scheme`, scheme, enumField('httpScheme', scheme));
  if (mustSucceedOnce && o.successThreshold !== undefined && o.successThreshold !== 1) {
    problems.add(`${where}.successThreshold`, o.successThreshold, 'must be 1 for liveness and startup probes', 'remove it or set it to 1');
  }
  for (const key of ['failureThreshold', 'successThreshold'] as const) {
    const v = o[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) problems.add(`${where}.${key}`, v, 'must be a positive integer', 'use 1 or more');
  }
  wholeSeconds(o.initialDelay, `${where}.initialDelay`, problems);
  wholeSeconds(o.period, `${where}.period`, problems, { min: 1 });
  wholeSeconds(o.timeout, `${where}.timeout`, problems, { min: 1 });
}

function checkResources(resources: ContainerResources | undefined, where: string, problems: Problems): void {
  const cpu = resources?.cpu;
  const requestOk = checkCpu(`${where}.cpu.request`, cpu?.request, problems);
  const limitOk = checkCpu(`${where}.cpu.limit`, cpu?.limit, problems);
  if (requestOk && limitOk && cpu?.request && cpu.limit) {
    problems.check(`${where}.cpu.request`, cpu.request.amount,
      requestWithinLimit(cpuCores(cpu.request.amount), cpuCores(cpu.limit.amount), cpu.limit.amount));
  }
  for (const [key, example] of [['memory', 'Size.mebibytes(256)'], ['ephemeralStorage', 'Size.gibibytes(1)']] as const) {
    checkSize(`${where}.${key}.request`, resources?.[key]?.request, problems, example);
    checkSize(`${where}.${key}.limit`, resources?.[key]?.limit, problems, example);
  }
  const memory = resources?.memory;
  if (memory?.request && memory.limit) {
    problems.check(`${where}.memory.request`, memoryQuantity(memory.request),
      requestWithinLimit(memory.request.toKibibytes(), memory.limit.toKibibytes(), memoryQuantity(memory.limit)));
  }
}

function toKubeResources(resources?: ContainerResources): k8s.ResourceRequirements | undefined {
  if (!resources) return undefined;
  const requests: Record<string, k8s.Quantity> = {};
  const limits: Record<string, k8s.Quantity> = {};
  if (resources.cpu?.request) requests.cpu = k8s.Quantity.fromString(resources.cpu.request.amount);
  if (resources.cpu?.limit) limits.cpu = k8s.Quantity.fromString(resources.cpu.limit.amount);
  if (resources.memory?.request) requests.memory = k8s.Quantity.fromString(memoryQuantity(resources.memory.request));
  if (resources.memory?.limit) limits.memory = k8s.Quantity.fromString(memoryQuantity(resources.memory.limit));
  const storage = resources.ephemeralStorage;
  if (storage?.request) requests['ephemeral-storage'] = k8s.Quantity.fromString(memoryQuantity(storage.request));
  if (storage?.limit) limits['ephemeral-storage'] = k8s.Quantity.fromString(memoryQuantity(storage.limit));
  const empty = (o: object) => Object.keys(o).length === 0;
  if (empty(requests) && empty(limits)) return undefined;
  return { requests: empty(requests) ? undefined : requests, limits: empty(limits) ? undefined : limits };
}

/** The pod field or the ConfigMap or Secret key an `EnvValue` reads, with the rules validateManifests applies to `valueFrom`. */
function checkEnvSource(from: k8s.EnvVarSource | undefined, prop: string, problems: Problems): void {
  if (from?.fieldRef) problems.check(prop, from.fieldRef.fieldPath, envFieldPath(from.fieldRef.fieldPath));
  const keyRef = from?.configMapKeyRef ?? from?.secretKeyRef;
  if (!keyRef) return;
  problems.check(`${prop}.name`, keyRef.name, dns1123Subdomain(keyRef.name ?? ''));
  problems.check(`${prop}.key`, keyRef.key, envKeyRefKey(keyRef.key));
}
