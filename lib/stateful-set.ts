import { Duration, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as k8s from './private/k8s';
import { checkBudgetOptions, DisruptionBudgetOptions, IReplicatedWorkload, PodDisruptionBudget } from './disruption-budget';
import { KubernetesWindow, requireFeature } from './kubernetes-version';
import { Problems } from './private/construct-base';
import { wholeSeconds } from './private/durations';
import { namespaceOf } from './private/names';
import { PodWorkloadBase } from './private/pod-workload';
import { buildPodSpec, PodSpecProps } from './pod-spec';
import { dns1123Label } from './rules/names';
import { historyLimit, podCount, wholeNumber } from './rules/numbers';
import { claimRetentionPolicy, podManagementPolicy, rollingUpdateOnly, statefulSetUpdateStrategy } from './rules/workloads';
import { HeadlessService } from './service';
import { buildClaimSpec, VolumeClaimOptions } from './storage';
import { AutoscalerSlots } from './private/autoscaler-slots';
import type { IScalableWorkload, ReplicaScaler, ScaledResource, ScaleTargetReference, ScalingSignal } from './workload';
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
  /**
   * Pod count; pods are named `<name>-0`, `<name>-1`, ... Leave unset when a `HorizontalAutoscaler`
   * manages the StatefulSet: a pinned `spec.replicas` would be reset on every `kubectl apply`.
   * @default 1 (omitted from the manifest when autoscaled)
   */
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
  /**
   * As RollingDeployment's: a budget of maxUnavailable 1 when 2 or more pods run (replicas ≥ 2, or created when a
   * `HorizontalAutoscaler` with `minReplicas` ≥ 2 attaches).
   * @default - maxUnavailable 1 when 2 or more pods run, else none
   */
  readonly disruptionBudget?: DisruptionBudgetOptions | false;
  /**
   * As RollingDeployment's.
   * @default - zone and node, maxSkew 1, ScheduleAnyway, when 2 or more pods may run (replicas or an autoscaler's maxReplicas)
   */
  readonly topologySpread?: TopologySpreadProps | false;
}

/**
 * A StatefulSet: pods with stable names, stable DNS names through a governing headless Service, and
 * their own persistent volumes, started, updated and stopped in order. For databases and other members
 * of a cluster that must be told apart.
 */
export class StatefulSet extends PodWorkloadBase implements IReplicatedWorkload, IScalableWorkload {
  public static readonly DEFAULTS = {
    replicas: 1,
    podManagementPolicy: 'OrderedReady',
    updateStrategy: 'RollingUpdate',
    accessModes: ['ReadWriteOnce'],
  } as const;

  public readonly apiObject: k8s.KubeStatefulSet;
  /** The pod count when no `HorizontalAutoscaler` owns it: `replicas`, or its default. */
  public readonly replicas: number;
  /** The governing headless Service: created here, or the one passed as `service`. */
  public readonly service: HeadlessService;
  private budget?: PodDisruptionBudget;
  private readonly pinnedReplicas?: number;
  private readonly budgetProps?: DisruptionBudgetOptions | false;
  private readonly slots = new AutoscalerSlots(this, 'StatefulSet');

  constructor(scope: Construct, id: string, props: StatefulSetProps) {
    super(scope, id, props);
    const given = props.service instanceof HeadlessService ? props.service : undefined;
    const { claims, pod, spec, spread, budgetOk } = this.checkProps((problems) => {
      const claims = checkClaims(props, problems);
      const pod = this.usePod(buildPodSpec(this.name, props, problems, KubernetesWindow.of(this), { extraVolumes: claims.map((c) => c.name) }));
      for (const claim of claims) {
        const mounted = [...(props.initContainers ?? []), ...props.containers].some((c) => c.mounts?.some((m) => m.volume === claim.name));
        if (!mounted) {
          problems.add('volumeClaims', claim.name, 'is mounted by no container, so each pod would get a volume it never uses',
            `mount it: mounts: [{ volume: '${claim.name}', path: '/data' }]`);
        }
      }
      if (given) checkGivenService(this, given, problems);
      else if (pod.ports.length === 0) {
        problems.add('containers', pod.containers.map((c) => c.name), 'declare no port, and the governing headless Service needs one',
          'add ports to the container that serves, or pass service');
      }
      return {
        claims, pod,
        spec: checkStatefulProps(this, props, problems),
        spread: checkSpread(props.topologySpread, 'controller-revision-hash', problems),
        budgetOk: !props.disruptionBudget || problems.passes(() => checkBudgetOptions(props.disruptionBudget as DisruptionBudgetOptions, problems,
          'disruptionBudget.')),
      };
    });
    this.replicas = props.replicas ?? StatefulSet.DEFAULTS.replicas;
    this.pinnedReplicas = props.replicas;

    this.service = given ?? new HeadlessService(this, 'Service', {
      target: this,
      name: (props.service as GoverningServiceOptions | undefined)?.name ?? this.name,
      publishNotReadyAddresses: (props.service as GoverningServiceOptions | undefined)?.publishNotReadyAddresses,
      // With no port (reported above, so only reached in collect mode) a placeholder keeps the Service from reporting it again.
      ports: pod.ports.length > 0 ? pod.ports.map((p) => ({ port: p.number, targetPort: p.name ?? p.number, name: p.name,
        protocol: p.protocol })) : [{ port: 1 }],
    });

    this.apiObject = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: this.metadata(props.annotations),
      spec: {
        serviceName: this.service.name,
        replicas: Lazy.any({ produce: () => (this.slots.scaler ? undefined : this.replicas) }),
        selector: { matchLabels: this.selectorLabels },
        ...spec,
        volumeClaimTemplates: claims.length > 0 ? claims.map((c) => ({ metadata: { name: c.name, labels: this.labels }, spec: c.spec })) : undefined,
        template: {
          metadata: this.templateMetadata(),
          spec: {
            ...pod.spec,
            topologySpreadConstraints: Lazy.any({
              // An autoscaler attached later decides whether more than one pod can run.
              produce: () => spreadConstraints(spread, props.topologySpread !== undefined, this.maxReplicas, this.selectorLabels),
            }),
          },
        },
      },
    });

    // Options reported invalid (in collect mode) create no budget: it would report them again.
    this.budgetProps = budgetOk ? props.disruptionBudget : false;
    if (this.budgetProps !== false && (this.budgetProps !== undefined || this.replicas >= AVAILABILITY_DEFAULTS.availabilityFromReplicas)) {
      this.createBudget();
    }
  }

  /** The fewest pods this StatefulSet runs: `replicas`, or its autoscaler's `minReplicas`. */
  public get minReplicas(): number {
    return this.slots.scaler ? this.slots.scaler.minReplicas : this.replicas;
  }

  /** The most pods this StatefulSet runs: `replicas`, or its autoscaler's `maxReplicas`. */
  public get maxReplicas(): number {
    return this.slots.scaler ? this.slots.scaler.maxReplicas : this.replicas;
  }

  /** The HorizontalAutoscaler managing `spec.replicas`, if one was attached. */
  public get autoscaler(): IConstruct | undefined {
    return this.slots.scaler;
  }

  /** The VerticalAutoscaler resizing the pods, if one was attached. */
  public get verticalAutoscaler(): IConstruct | undefined {
    return this.slots.resizer?.construct;
  }

  /** The reference an autoscaler puts in its spec. */
  public get scaleTargetRef(): ScaleTargetReference {
    return { apiVersion: 'apps/v1', kind: 'StatefulSet', name: this.name };
  }

  /** The PodDisruptionBudget protecting the pods, if any. */
  public get disruptionBudget(): PodDisruptionBudget | undefined {
    return this.budget;
  }

  /** The DNS name of pod `ordinal`: `<name>-<ordinal>.<service>.<namespace>.svc.cluster.local`. */
  public podDnsName(ordinal: number): string {
    return `${this.name}-${ordinal}.${this.service.dnsName}`;
  }

  /** @internal Called by `HorizontalAutoscaler` before it attaches: can it own `spec.replicas`? */
  public _checkAutoscaler(problems: Problems, signals: readonly ScalingSignal[] = []): void {
    this.slots.checkHorizontal(problems, this.pinnedReplicas, signals);
  }

  /** @internal From now on the autoscaler owns `spec.replicas`; with 2 or more pods, the default budget applies. */
  public _attachAutoscaler(scaler: ReplicaScaler, signals: readonly ScalingSignal[] = []): void {
    this.slots.attachHorizontal(scaler, signals);
    if (this.budgetProps === undefined && !this.budget && scaler.minReplicas >= AVAILABILITY_DEFAULTS.availabilityFromReplicas) {
      this.createBudget();
    }
  }

  /** @internal Called by `VerticalAutoscaler` before it attaches; `resources` are those it resizes. */
  public _checkVerticalAutoscaler(problems: Problems, resources: readonly ScaledResource[]): void {
    this.slots.checkVertical(problems, resources);
  }

  /** @internal */
  public _attachVerticalAutoscaler(resizer: IConstruct, resources: readonly ScaledResource[]): void {
    this.slots.attachVertical(resizer, resources);
  }

  /** @internal */
  public _attachDisruptionBudget(budget: PodDisruptionBudget): void {
    this.budget = budget;
  }

  private createBudget(): void {
    new PodDisruptionBudget(this, 'DisruptionBudget', { ...(this.budgetProps || {}), target: this });
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
  if (props.replicas !== undefined) problems.check('replicas', props.replicas, podCount(props.replicas));
  const policy = props.podManagementPolicy ?? defaults.podManagementPolicy;
  problems.check('podManagementPolicy', policy, podManagementPolicy(policy));
  const strategy = props.updateStrategy ?? defaults.updateStrategy;
  problems.check('updateStrategy', strategy, statefulSetUpdateStrategy(strategy));
  const { partition } = props;
  if (partition !== undefined && problems.check('partition', partition,
    wholeNumber(partition, 'use 0 or more: pods with an ordinal >= partition are updated')) && strategy === 'OnDelete') {
    problems.check('partition', partition, rollingUpdateOnly(strategy, 'partition'));
  }
  for (const key of ['whenDeleted', 'whenScaled'] as const) {
    const value = props.claimRetention?.[key];
    if (value !== undefined) problems.check(`claimRetention.${key}`, value, claimRetentionPolicy(value));
  }
  const start = props.startOrdinal;
  if (start !== undefined) {
    const feature = requireFeature(scope, 'statefulSetOrdinals');
    if (feature) problems.add('startOrdinal', start, feature.rule, feature.fix);
    problems.check('startOrdinal', start, wholeNumber(start));
  }
  const revisionHistoryLimit = props.revisionHistoryLimit;
  if (revisionHistoryLimit !== undefined) problems.check('revisionHistoryLimit', revisionHistoryLimit, historyLimit(revisionHistoryLimit));
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
function checkGivenService(sts: StatefulSet, service: HeadlessService, problems: Problems): void {
  const selector = service.target.selectorLabels;
  const selects = Object.entries(selector).every(([k, v]) => sts.labels[k] === v) && namespaceOf(service) === namespaceOf(sts);
  if (!selects) {
    problems.add('service', service.node.path,
      `selects the pods of "${service.target.node.path}", not those of this StatefulSet, so its pods would get no DNS names`,
      'leave service unset to have the StatefulSet create its own, or pass its options');
  }
}
