import { Duration, Lazy, Size } from 'cdk8s';
import * as k8s from './private/k8s';
import { buildContainer, ContainerKind, ContainerProps } from './container';
import { DEFAULT_KUBERNETES_WINDOW, KubernetesWindow, requireFeature } from './kubernetes-version';
import { MetadataProps } from './labels';
import { wholeSeconds } from './private/durations';
import { Problems } from './private/construct-base';
import { memoryQuantity } from './private/quantities';
import { POD_SECURITY_LEVEL_ANNOTATION, PodSecurityLevel } from './security';
import { dns1123Label, serviceAccountName } from './rules/names';
import { containerPortClash, podPortNameClash } from './rules/ports';
import { fileMode, volumeItemPath } from './rules/config';
import {
  APPARMOR_ANNOTATION_PREFIX, appArmorContainer, POD_DELETION_COST_ANNOTATION, podDeletionCost, profileAnnotation, SECCOMP_ANNOTATION_PREFIX,
} from './rules/pod-annotations';
import { ConfigUses } from './private/config-use';
import type { IServiceAccount } from './pod-identity';
import { Volume } from './volume';
import { buildScheduling, SchedulingProps } from './scheduling';
import type { PodPort } from './workload';

/** An `emptyDir` shared by the containers that mount it: they live and die with the pod. */
export interface SharedVolume {
  /** DNS-1123 label that containers' `mounts` refer to. */
  readonly name: string;
  /** @default - no limit */
  readonly sizeLimit?: Size;
  /** `Memory` backs the volume with tmpfs. @default - node disk */
  readonly medium?: 'Memory';
}

/** What every pod this library writes is made of: shared by `MultiContainerPod` and workload templates. */
export interface PodSpecProps extends MetadataProps, SchedulingProps {
  /** The app's containers; they share the pod's network (localhost) and its `volumes`. */
  readonly containers: ContainerProps[];
  /**
   * Helpers that run along with the app for the pod's whole life (log shippers, proxies), as native
   * sidecars: init containers with `restartPolicy: Always`. Each starts before the app's containers
   * (after its startup probe passes, if it has one), is restarted whenever it exits, and is stopped
   * after them, so it never keeps a finished Job running. They come first in `initContainers`, so the
   * regular init containers can use them too. Probes are allowed; the security defaults are those of
   * `containers`, and their ports share the pod's network with the app's. A Service reaches a sidecar's
   * port by number everywhere; by name only on clusters whose EndpointSlice controller resolves
   * sidecar port names (kubernetes/kubernetes#128850).
   * Needs Kubernetes >= 1.29 as the window's oldest release.
   * @default - none
   * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
   */
  readonly sidecars?: ContainerProps[];
  /**
   * Run to completion, in order, before `containers` start (after the `sidecars` have started). They
   * cannot have probes or `resizePolicy`.
   * @default - none
   */
  readonly initContainers?: ContainerProps[];
  /**
   * Volumes that containers mount by name: shared `emptyDir`s, and ConfigMap, Secret and projected
   * volumes (`Volume.fromConfigMap(...)`).
   * @default - none
   */
  readonly volumes?: (SharedVolume | Volume)[];
  /** The pods' identity; not with `serviceAccountName`. @default - the namespace's `default` service account */
  readonly serviceAccount?: IServiceAccount;
  /** A ServiceAccount by name, made outside the app. Prefer `serviceAccount`. @default - the namespace's `default` service account */
  readonly serviceAccountName?: string;
  /**
   * Mount an API token into the pod. Most apps never call the Kubernetes API, and a token is a credential to steal.
   * @default - true when `serviceAccount` has a role bound (grant or RoleBinding), else false
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Put a hash of the content of the app's ConfigMaps and Secrets that the pods use on the pod template
   * (`cdk8s-patterns/config-hash`), so that changing their content rolls the pods.
   * @default true
   */
  readonly configHash?: boolean;
  /**
   * The Pod Security Standard the pod is checked against at synth. `BASELINE` is the documented
   * opt-out for workloads that cannot run restricted; it is recorded on the pod template as the
   * `cdk8s-patterns/pod-security` annotation.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly podSecurity?: PodSecurityLevel;
  /** Time between SIGTERM and SIGKILL on shutdown. @default - 30s (Kubernetes default) */
  readonly terminationGracePeriod?: Duration;
  /** Annotations on the pods (not the workload). @default - none */
  readonly podAnnotations?: Record<string, string>;
  /**
   * Group id that owns the pod's persistent volumes: the kubelet makes them writable by this group, so
   * a non-root app can write to a freshly provisioned disk (owned by root otherwise).
   * @default - none (volumes keep the ownership they have)
   */
  readonly fsGroup?: number;
}

/** @internal What a workload adds to its pod spec beyond `PodSpecProps`. */
export interface PodSpecOptions {
  /** Volumes the workload provides itself (a StatefulSet's claim templates), which containers may mount by name. */
  readonly extraVolumes?: readonly string[];
}

// The workload contract lives in a leaf module (no import cycles); it stays importable from here.
export type { IPodWorkload, PodPort } from './workload';

/** @internal */
export interface BuiltPodSpec {
  readonly spec: k8s.PodSpec;
  readonly annotations: Record<string, string> | undefined;
  /** Labels the pods need besides the workload's (AKS workload identity); empty when none. */
  readonly labels: Record<string, string>;
  readonly ports: PodPort[];
  readonly containers: (ContainerProps & { readonly name: string })[];
  readonly sidecars: (ContainerProps & { readonly name: string })[];
}


/**
 * @internal Converts and checks the pod-level props; container-level checks live in container.ts.
 * `window` is the construct's `KubernetesWindow.of(this)`: features its oldest release lacks are refused.
 */
export function buildPodSpec(
  workloadName: string, props: PodSpecProps, problems: Problems, window: KubernetesWindow = DEFAULT_KUBERNETES_WINDOW,
  options: PodSpecOptions = {},
): BuiltPodSpec {
  if (props.containers.length === 0) {
    problems.add('containers', [], 'is empty', 'add at least one container');
  }
  const shared = new Set<string>();
  const uses = new ConfigUses();
  for (const [i, volume] of (props.volumes ?? []).entries()) {
    problems.check(`volumes[${i}].name`, volume.name, dns1123Label(volume.name));
    if (shared.has(volume.name)) problems.add(`volumes[${i}].name`, volume.name, 'is declared twice', 'give each volume its own name');
    shared.add(volume.name);
    if (volume instanceof Volume) checkConfigVolume(volume, `volumes[${i}]`, uses, problems);
  }
  if (props.serviceAccount && props.serviceAccountName !== undefined) {
    problems.add('serviceAccountName', props.serviceAccountName, 'contradicts serviceAccount', 'pass one of them');
  } else if (props.serviceAccountName) {
    problems.check('serviceAccountName', props.serviceAccountName, serviceAccountName(props.serviceAccountName));
  }
  for (const name of options.extraVolumes ?? []) shared.add(name);
  const graceSeconds = wholeSeconds(props.terminationGracePeriod, 'terminationGracePeriod', problems);
  if (props.fsGroup !== undefined && (!Number.isInteger(props.fsGroup) || props.fsGroup < 0)) {
    problems.add('fsGroup', props.fsGroup, 'is not a group id', 'use a whole number of 0 or more, e.g. the image\'s group');
  }

  const sidecarList = props.sidecars ?? [];
  const sidecarFeature = sidecarList.length > 0 ? requireFeature(window, 'nativeSidecars') : undefined;
  if (sidecarFeature) {
    problems.add('sidecars', sidecarList.map((c) => c.name ?? c.image), sidecarFeature.rule, sidecarFeature.fix, 'kubernetes-window');
  }

  const single = props.containers.length === 1 && !props.initContainers?.length && sidecarList.length === 0;
  const names = new Set<string>();
  const volumes: k8s.Volume[] = (props.volumes ?? []).map((v) => (v instanceof Volume ? v._toKube() : {
    name: v.name,
    emptyDir: { medium: v.medium, sizeLimit: v.sizeLimit && k8s.Quantity.fromString(memoryQuantity(v.sizeLimit)) },
  }));
  const DEFAULT_NAMES: Record<ContainerKind, string> = { container: 'container', sidecar: 'sidecar', init: 'init' };
  const build = (list: ContainerProps[], key: string, kind: ContainerKind) => list.map((c, i) => {
    const where = `${key}[${i}]`;
    if (c.name === undefined && !single) {
      problems.add(`${where}.name`, undefined, 'is required when the pod has more than one container', 'give every container a unique name');
    }
    const name = c.name ?? (single ? workloadName : `${DEFAULT_NAMES[kind]}-${i}`);
    if (names.has(name)) problems.add(`${where}.name`, name, 'is used by another container of this pod', 'give every container a unique name');
    names.add(name);
    // The API server refuses hooks on init containers that run to completion (validateInitContainers).
    if (key === 'initContainers' && c.lifecycle) {
      problems.add(`${where}.lifecycle`, Object.keys(c.lifecycle), 'is not allowed on an init container, which runs to completion before the app '
        + 'starts',
        'move the hook to one of containers');
    }
    const built = buildContainer(c, name, where, problems, shared, { kind, window, graceSeconds, uses });
    for (const v of built.volumes) {
      if (shared.has(v.name)) problems.add(`${where}.writablePaths`, v.name, 'clashes with a shared volume name', 'rename the shared volume');
    }
    volumes.push(...built.volumes);
    return { props: { ...c, name }, container: built.container };
  });
  const sidecars = build(sidecarList, 'sidecars', 'sidecar');
  const init = build(props.initContainers ?? [], 'initContainers', 'init');
  const main = build(props.containers, 'containers', 'container');
  checkPodAnnotations(props.podAnnotations ?? {}, [...sidecars, ...init, ...main], problems);

  // Containers and sidecars share one network namespace: two listeners on one port cannot both bind it.
  const ports: PodPort[] = [];
  const listeners = [...main.map((c, i) => ({ ...c, where: `containers[${i}]` })), ...sidecars.map((c, i) => ({ ...c, where: `sidecars[${i}]` }))];
  for (const { props: c, where } of listeners) {
    for (const [j, p] of (c.ports ?? []).entries()) {
      const protocol = p.protocol ?? 'TCP';
      const taken = ports.find((q) => q.number === p.number && q.protocol === protocol);
      if (taken) {
        const other = taken.container === c.name ? undefined : taken.container;
        problems.check(`${where}.ports[${j}]`, `${p.number}/${protocol}`, containerPortClash(other));
      }
      const named = p.name !== undefined ? ports.find((q) => q.name === p.name) : undefined;
      if (named) problems.check(`${where}.ports[${j}].name`, p.name, podPortNameClash(named.container));
      ports.push({ container: c.name, number: p.number, name: p.name, protocol });
    }
  }

  // Sidecars first, as the Kubernetes docs show them: started in order, they then serve the regular init
  // containers too. Refused sidecars (reported at synth in collect mode) are left out, so that the
  // manifest check does not report them a second time.
  const initContainers = [...(sidecarFeature ? [] : sidecars), ...init].map((c) => c.container);
  const level = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
  const annotations = {
    ...props.podAnnotations,
    ...(level === PodSecurityLevel.BASELINE ? { [POD_SECURITY_LEVEL_ANNOTATION]: level } : {}),
    ...uses.annotations(props.configHash ?? true),
  };
  const account = props.serviceAccount;
  // A token only for pods whose account was granted a role, which may happen after the workload is made.
  const automount = props.automountServiceAccountToken
    ?? (account ? Lazy.any({ produce: () => account.hasRoles }) as unknown as boolean : false);
  return {
    spec: {
      containers: main.map((c) => c.container),
      initContainers: initContainers.length > 0 ? initContainers : undefined,
      volumes: volumes.length > 0 ? volumes : undefined,
      serviceAccountName: account?.name ?? props.serviceAccountName,
      automountServiceAccountToken: automount,
      terminationGracePeriodSeconds: graceSeconds,
      securityContext: props.fsGroup !== undefined ? { fsGroup: props.fsGroup } : undefined,
      ...buildScheduling(props, problems),
    },
    annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
    labels: { ...account?.podLabels },
    ports,
    containers: main.map((c) => c.props),
    sidecars: sidecars.map((c) => c.props),
  };
}

/**
 * The pod annotations the API server reads, with the rules validateManifests checks them with: the container an AppArmor
 * annotation names, a seccomp annotation against the container's seccompProfile, the deletion cost. The constructs write
 * no pod-level seccomp or AppArmor field, so the pod-level annotations have nothing to disagree with.
 */
function checkPodAnnotations(annotations: Record<string, string>, containers: readonly { props: { name: string }; container: k8s.Container }[],
  problems: Problems): void {
  for (const [key, value] of Object.entries(annotations)) {
    if (key === POD_DELETION_COST_ANNOTATION) {
      problems.check(`podAnnotations[${JSON.stringify(key)}]`, value, podDeletionCost(value));
    } else if (key.startsWith(APPARMOR_ANNOTATION_PREFIX)) {
      problems.check('podAnnotations', key, appArmorContainer(key.slice(APPARMOR_ANNOTATION_PREFIX.length), containers.map((c) => c.props.name)));
    } else if (key.startsWith(SECCOMP_ANNOTATION_PREFIX)) {
      const name = key.slice(SECCOMP_ANNOTATION_PREFIX.length);
      const profile = containers.find((c) => c.props.name === name)?.container.securityContext?.seccompProfile;
      if (profile) {
        problems.check(`podAnnotations[${JSON.stringify(key)}]`, value,
          profileAnnotation('seccomp', value, profile.type, profile.localhostProfile, `container ${JSON.stringify(name)}`));
      }
    }
  }
}

/** Checks a ConfigMap, Secret or projected volume: its file modes, item paths and keys. */
function checkConfigVolume(volume: Volume, where: string, uses: ConfigUses, problems: Problems): void {
  if (volume._defaultMode !== undefined) problems.check(`${where}.defaultMode`, volume._defaultMode, fileMode(volume._defaultMode));
  if (volume._uses.length === 0) problems.add(`${where}.sources`, [], 'is empty', 'project at least one ConfigMap or Secret');
  for (const use of volume._uses) {
    const at = use.at ? `${where}.${use.at}` : where;
    uses.use(use.source, problems, at);
    for (const [j, item] of (use.items ?? []).entries()) {
      uses.use(use.source, problems, `${at}.items[${j}].key`, item.key, use.optional);
      problems.check(`${at}.items[${j}].path`, item.path, volumeItemPath(item.path));
      if (item.mode !== undefined) problems.check(`${at}.items[${j}].mode`, item.mode, fileMode(item.mode));
    }
  }
}
