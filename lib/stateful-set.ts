import { Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from './private/k8s';
import { ContainerProps } from './container';
import { checkBudgetOptions, DisruptionBudgetOptions, IReplicatedWorkload, PodDisruptionBudget } from './disruption-budget';
import { KubernetesWindow, requireFeature } from './kubernetes-version';
import { checkLabelProps, recommendedLabels, selectorLabels } from './labels';
import { PatternConstruct, Problems } from './private/construct-base';
import { wholeSeconds } from './private/durations';
import { checkObjectName, namespaceOf, objectName } from './private/names';
import { buildPodSpec, PodPort, PodSpecProps } from './pod-spec';
import { dns1123Label } from './rules/names';
import { HeadlessService } from './service';
import { buildClaimSpec, VolumeClaimOptions } from './storage';
import { AVAILABILITY_DEFAULTS, checkSpread, spreadConstraints, TopologySpreadProps } from './topology-spread';

/** A claim each pod of a StatefulSet gets for itself (`<name>-<statefulset>-<ordinal>`), kept across restarts and reschedules. */
export interface VolumeClaimTemplate extends VolumeClaimOptions {
  /** A DNS-1123 label; containers mount the volume by this name (`mounts: [{ volume: 'data', path: ... }]`). */
  readonly name: string;
}

/** The headless Service a StatefulSet creates to give its pods their DNS names. */
export interface GoverningServiceOptions {
  /** `metadata.name`, a DNS-1035 label. @default - the StatefulSet's name */
  readonly name?: string;
  /** Publish pods in DNS before they are ready, so members find each other while they start. @default false */
  readonly publishNotReadyAddresses?: boolean;
}

/** What a StatefulSet does with its pods' claims. @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention */
export interface ClaimRetentionPolicy {
  /** When the StatefulSet is deleted. @default 'Retain' */
  readonly whenDeleted?: 'Retain' | 'Delete';
  /** When it scales down (the claims of the removed pods). @default 'Retain' */
  readonly whenScaled?: 'Retain' | 'Delete';
}

export interface StatefulSetProps extends PodSpecProps {
  /** Pod count; pods are named `<name>-0`, `<name>-1`, ... @default 1 */
  readonly replicas?: number;
  /**
   * The governing headless Service, which gives each pod a stable DNS name
   * (`<name>-0.<service>.<namespace>.svc.cluster.local`): options for the one this construct creates,
   * or one you created (it must select this StatefulSet's pods).
   * @default - a HeadlessService named like the StatefulSet, on every port the containers declare
   */
  readonly service?: GoverningServiceOptions | HeadlessService;
  /** Per-pod persistent volumes. @default - none */
  readonly volumeClaims?: VolumeClaimTemplate[];
  /**
   * `OrderedReady` starts pods one by one, each after the previous is Ready, and stops them in reverse;
   * `Parallel` starts and stops them all at once (for members that do not depend on each other).
   * @default 'OrderedReady'
   */
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
  /** `RollingUpdate` replaces pods from the highest ordinal down; `OnDelete` only when you delete them. @default 'RollingUpdate' */
  readonly updateStrategy?: 'RollingUpdate' | 'OnDelete';
  /**
   * With `RollingUpdate`: only pods with an ordinal >= partition are updated, for staged (canary) rollouts.
   * @default - 0 (every pod)
   */
  readonly partition?: number;
  /** @default - Kubernetes's: Retain on delete and on scale-down */
  readonly claimRetention?: ClaimRetentionPolicy;
  /**
   * The first ordinal (`spec.ordinals.start`), e.g. to move pods between clusters one by one.
   * Needs Kubernetes >= 1.27 (StatefulSetStartOrdinal).
   * @default - 0
   */
  readonly startOrdinal?: number;
  /** How long a new pod must be ready before it counts as available. @default - 0s */
  readonly minReady?: Duration;
  /** Old revisions kept for `kubectl rollout undo`. @default - 10 (Kubernetes default) */
  readonly revisionHistoryLimit?: number;
  /** As RollingDeployment's: a budget of maxUnavailable 1 when 2 or more pods run. @default - maxUnavailable 1 when 2 or more pods run, else none */
  readonly disruptionBudget?: DisruptionBudgetOptions | false;
  /** As RollingDeployment's. @default - zone and node, maxSkew 1, ScheduleAnyway, when 2 or more pods run */
  readonly topologySpread?: TopologySpreadProps | false;
}

/**
 * A StatefulSet: pods with stable names, stable DNS names through a governing headless Service, and
 * their own persistent volumes, started, updated and stopped in order. For databases and other members
 * of a cluster that must be told apart.
 */
export class StatefulSet extends PatternConstruct implements IReplicatedWorkload {
  public static readonly DEFAULTS = {
    replicas: 1,
    podManagementPolicy: 'OrderedReady',
    updateStrategy: 'RollingUpdate',
    accessModes: ['ReadWriteOnce'],
  } as const;

  public readonly apiObject: k8s.KubeStatefulSet;
  public readonly name: string;
  public readonly labels: Record<string, string>;
  public readonly selectorLabels: Record<string, string>;
  public readonly ports: readonly PodPort[];
  public readonly containers: readonly (ContainerProps & { readonly name: string })[];
  public readonly replicas: number;
  /** The governing headless Service: created here, or the one passed as `service`. */
  public readonly service: HeadlessService;
  private budget?: PodDisruptionBudget;

  constructor(scope: Construct, id: string, props: StatefulSetProps) {
    super(scope, id);
    const defaults = StatefulSet.DEFAULTS;
    const name = props.name ?? objectName(this);
    const given = props.service instanceof HeadlessService ? props.service : undefined;
    // A bad name (reported in collect mode) is not passed on to the containers, Service and budget that derive theirs from it.
    const { setName, labels, claims, pod, spec, spread, budgetOk } = this.checkProps((problems) => {
      const setName = checkObjectName(name, problems, 'dns1123-label') ? name : objectName(this);
      const labels = recommendedLabels(this, setName, checkLabelProps(props, problems));
      const claims = checkClaims(props, problems);
      const pod = buildPodSpec(setName, props, problems, KubernetesWindow.of(this), { extraVolumes: claims.map((c) => c.name) });
      for (const claim of claims) {
        const mounted = [...(props.initContainers ?? []), ...props.containers].some((c) => c.mounts?.some((m) => m.volume === claim.name));
        if (!mounted) {
          problems.add('volumeClaims', claim.name, 'is mounted by no container, so each pod would get a volume it never uses',
            `mount it: mounts: [{ volume: '${claim.name}', path: '/data' }]`);
        }
      }
      if (given) checkGivenService(this, labels, given, problems);
      else if (pod.ports.length === 0) {
        problems.add('containers', pod.containers.map((c) => c.name), 'declare no port, and the governing headless Service needs one',
          'add ports to the container that serves, or pass service');
      }
      return {
        setName, labels, claims, pod,
        spec: checkStatefulProps(this, props, problems),
        spread: checkSpread(props.topologySpread, 'controller-revision-hash', problems),
        budgetOk: !props.disruptionBudget || problems.passes(() => checkBudgetOptions(props.disruptionBudget as DisruptionBudgetOptions, problems,
          'disruptionBudget.')),
      };
    });
    this.name = setName;
    this.labels = labels;
    this.selectorLabels = selectorLabels(labels);
    this.replicas = props.replicas ?? defaults.replicas;

    this.ports = pod.ports;
    this.containers = pod.containers;
    this.service = given ?? new HeadlessService(this, 'Service', {
      target: this,
      name: (props.service as GoverningServiceOptions | undefined)?.name ?? this.name,
      publishNotReadyAddresses: (props.service as GoverningServiceOptions | undefined)?.publishNotReadyAddresses,
      // With no port (reported above, so only reached in collect mode) a placeholder keeps the Service from reporting it again.
      ports: pod.ports.length > 0 ? pod.ports.map((p) => ({ port: p.number, targetPort: p.name ?? p.number, name: p.name,
        protocol: p.protocol })) : [{ port: 1 }],
    });

    this.apiObject = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: { name: this.name, labels: this.labels, annotations: props.annotations },
      spec: {
        serviceName: this.service.name,
        replicas: this.replicas,
        selector: { matchLabels: this.selectorLabels },
        ...spec,
        volumeClaimTemplates: claims.length > 0 ? claims.map((c) => ({ metadata: { name: c.name, labels: this.labels }, spec: c.spec })) : undefined,
        template: {
          metadata: { labels: { ...this.labels, ...pod.labels }, annotations: pod.annotations },
          spec: {
            ...pod.spec,
            topologySpreadConstraints: Lazy.any({
              produce: () => spreadConstraints(spread, props.topologySpread !== undefined, this.replicas, this.selectorLabels),
            }),
          },
        },
      },
    });

    const budgetProps = budgetOk ? props.disruptionBudget : false;
    if (budgetProps !== false && (budgetProps !== undefined || this.replicas >= AVAILABILITY_DEFAULTS.availabilityFromReplicas)) {
      new PodDisruptionBudget(this, 'DisruptionBudget', { ...(budgetProps || {}), target: this });
    }
  }

  /** The pod count: a StatefulSet is not autoscaled here. */
  public get minReplicas(): number {
    return this.replicas;
  }

  /** The PodDisruptionBudget protecting the pods, if any. */
  public get disruptionBudget(): PodDisruptionBudget | undefined {
    return this.budget;
  }

  /** The DNS name of pod `ordinal`: `<name>-<ordinal>.<service>.<namespace>.svc.cluster.local`. */
  public podDnsName(ordinal: number): string {
    return `${this.name}-${ordinal}.${this.service.dnsName}`;
  }

  /** @internal */
  public _attachDisruptionBudget(budget: PodDisruptionBudget): void {
    this.budget = budget;
  }
}

interface CheckedClaim {
  readonly name: string;
  readonly spec: k8s.PersistentVolumeClaimSpec;
}

function checkClaims(props: StatefulSetProps, problems: Problems): CheckedClaim[] {
  const volumes = new Set((props.volumes ?? []).map((v) => v.name));
  const seen = new Set<string>();
  return (props.volumeClaims ?? []).map((claim, i) => {
    const where = `volumeClaims[${i}]`;
    problems.check(`${where}.name`, claim.name, dns1123Label(claim.name));
    if (seen.has(claim.name) || volumes.has(claim.name)) {
      problems.add(`${where}.name`, claim.name, 'is also the name of another volume of the pod', 'give each volume and claim its own name');
    }
    seen.add(claim.name);
    return { name: claim.name, spec: buildClaimSpec(claim, `${where}.`, problems) };
  });
}

type StatefulSpecFields = Pick<k8s.StatefulSetSpec, 'podManagementPolicy' | 'updateStrategy' | 'persistentVolumeClaimRetentionPolicy' | 'ordinals'
| 'minReadySeconds' | 'revisionHistoryLimit'>;

function checkStatefulProps(scope: Construct, props: StatefulSetProps, problems: Problems): StatefulSpecFields {
  const defaults = StatefulSet.DEFAULTS;
  if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 0)) {
    problems.add('replicas', props.replicas, 'must be a whole number of pods', 'use 0 or more');
  }
  const policy = props.podManagementPolicy ?? defaults.podManagementPolicy;
  if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    problems.add('podManagementPolicy', policy, 'is not a pod management policy', 'use \'OrderedReady\' or \'Parallel\'');
  }
  const strategy = props.updateStrategy ?? defaults.updateStrategy;
  if (strategy !== 'RollingUpdate' && strategy !== 'OnDelete') {
    problems.add('updateStrategy', strategy, 'is not a StatefulSet update strategy', 'use \'RollingUpdate\' or \'OnDelete\'');
  }
  const { partition } = props;
  if (partition !== undefined && (!Number.isInteger(partition) || partition < 0)) {
    problems.add('partition', partition, 'must be a whole number', 'use 0 or more: pods with an ordinal >= partition are updated');
  } else if (partition !== undefined && strategy === 'OnDelete') {
    problems.add('partition', partition, 'only applies to updateStrategy \'RollingUpdate\'',
      'remove partition, or use updateStrategy: \'RollingUpdate\'');
  }
  for (const key of ['whenDeleted', 'whenScaled'] as const) {
    const value = props.claimRetention?.[key];
    if (value !== undefined && value !== 'Retain' && value !== 'Delete') {
      problems.add(`claimRetention.${key}`, value, 'is not a retention policy', 'use \'Retain\' or \'Delete\'');
    }
  }
  const start = props.startOrdinal;
  if (start !== undefined) {
    const feature = requireFeature(scope, 'statefulSetOrdinals');
    if (feature) problems.add('startOrdinal', start, feature.rule, feature.fix);
    if (!Number.isInteger(start) || start < 0) problems.add('startOrdinal', start, 'must be a whole number', 'use 0 or more');
  }
  const revisionHistoryLimit = props.revisionHistoryLimit;
  if (revisionHistoryLimit !== undefined && (!Number.isInteger(revisionHistoryLimit) || revisionHistoryLimit < 0)) {
    problems.add('revisionHistoryLimit', revisionHistoryLimit, 'must be a whole number', 'use 0 or more (0 disables rollback)');
  }
  return {
    podManagementPolicy: props.podManagementPolicy,
    updateStrategy: strategy === 'OnDelete' ? { type: 'OnDelete' } : { type: 'RollingUpdate',
      rollingUpdate: partition !== undefined ? { partition } : undefined },
    persistentVolumeClaimRetentionPolicy: props.claimRetention && { whenDeleted: props.claimRetention.whenDeleted,
      whenScaled: props.claimRetention.whenScaled },
    ordinals: start !== undefined ? { start } : undefined,
    minReadySeconds: wholeSeconds(props.minReady, 'minReady', problems),
    revisionHistoryLimit,
  };
}

/** A Service passed in must select this StatefulSet's pods, in its namespace. */
function checkGivenService(sts: StatefulSet, labels: Record<string, string>, service: HeadlessService, problems: Problems): void {
  const selector = service.target.selectorLabels;
  const selects = Object.entries(selector).every(([k, v]) => labels[k] === v) && namespaceOf(service) === namespaceOf(sts);
  if (!selects) {
    problems.add('service', service.node.path,
      `selects the pods of "${service.target.node.path}", not those of this StatefulSet, so its pods would get no DNS names`,
      'leave service unset to have the StatefulSet create its own, or pass its options');
  }
}
