import { Size, SizeRoundingBehavior } from 'cdk8s';
import type { Cpu } from 'cdk8s-plus-27/lib/container';
import { Construct } from 'constructs';
import type * as vpa from '../imports/vpa-autoscaling.k8s.io';
import { vpaApi } from './private/crd-bindings';
import { checkLabelProps, inheritLabels, MetadataProps } from './labels';
import { PatternConstruct, Problems } from './private/construct-base';
import { checkObjectName } from './private/names';
import { cpuCores, memoryQuantity } from './private/quantities';
import { positiveQuantity } from './rules/quantities';
import type { IScalableWorkload } from './workload';

/**
 * When the VPA applies its recommendations. Values as the vendored CRD (crds/vpa-v1-crd.yaml)
 * accepts them, except the deprecated `Auto` (an alias of `Recreate` since VPA 1.5).
 * - `Off`: only recommend (in the object's status); pods are never changed.
 * - `Initial`: set requests when a pod is created, never on running pods.
 * - `Recreate`: also evict running pods whose requests are far off (PodDisruptionBudgets apply).
 * - `InPlaceOrRecreate`: resize running pods in place, evicting only when that fails
 *   (Kubernetes 1.33+ in-place resize, VPA 1.4+).
 * - `InPlace`: resize in place only, never evict (VPA 1.7+, alpha feature gate `InPlace`).
 * @see https://github.com/kubernetes/autoscaler/blob/master/vertical-pod-autoscaler/docs/quickstart.md
 */
export type VerticalUpdateMode = 'Off' | 'Initial' | 'Recreate' | 'InPlaceOrRecreate' | 'InPlace';

/** A resource the VPA can size. */
export type VerticalResource = 'cpu' | 'memory';

/** Bounds on a recommendation. */
export interface ResourceBounds {
  /** @default - no bound */
  readonly cpu?: Cpu;
  /** @default - no bound */
  readonly memory?: Size;
}

/** What the VPA sizes, and within which bounds. */
export interface VerticalScalingOptions {
  /** @default ['cpu', 'memory'] */
  readonly controlledResources?: VerticalResource[];
  /**
   * `RequestsOnly` leaves limits alone; `RequestsAndLimits` scales limits in proportion.
   * @default - 'RequestsAndLimits' (the VPA default; not emitted)
   */
  readonly controlledValues?: 'RequestsAndLimits' | 'RequestsOnly';
  /** Never recommend less. @default - no lower bound */
  readonly minAllowed?: ResourceBounds;
  /** Never recommend more; keep it below what a node can fit. @default - no upper bound */
  readonly maxAllowed?: ResourceBounds;
}

/**
 * Settings for one container. Unset fields inherit the autoscaler's own props, which VPA itself
 * would not do (a named container policy replaces the `*` one entirely).
 */
export interface ContainerScalingPolicy extends VerticalScalingOptions {
  /** A container of the target, by its resolved name. */
  readonly container: string;
  /** `Off` leaves this container's resources alone. @default 'Auto' */
  readonly mode?: 'Auto' | 'Off';
}

export interface VerticalAutoscalerProps extends VerticalScalingOptions, MetadataProps {
  /**
   * `metadata.name`. Labels are the target's, so the VPA is listed with its workload.
   * @default - the target's name
   */
  readonly name?: string;
  /** The workload whose pods are resized: a `RollingDeployment` or a `StatefulSet`. */
  readonly target: IScalableWorkload;
  /** @default 'Recreate' */
  readonly updateMode?: VerticalUpdateMode;
  /** Per-container overrides. @default - every container gets the props above */
  readonly containerPolicies?: ContainerScalingPolicy[];
}

const MODES: readonly string[] = ['Off', 'Initial', 'Recreate', 'InPlaceOrRecreate', 'InPlace'];
const RESOURCES: readonly string[] = ['cpu', 'memory'];

/**
 * An `autoscaling.k8s.io/v1` VerticalPodAutoscaler that sizes the requests of a `RollingDeployment`'s
 * or a `StatefulSet`'s containers. Needs the VPA components in the cluster (GKE and AKS offer them as an add-on).
 *
 * A `HorizontalAutoscaler` scaling the same workload on cpu or memory utilization is an error,
 * whichever is created first: the VPA would change the requests the utilization is measured
 * against. Use `updateMode: 'Off'` to keep only recommendations next to such an HPA.
 */
export class VerticalAutoscaler extends PatternConstruct {
  /** Defaults of the props above; the docs and the tests read these too. */
  public static readonly DEFAULTS = {
    updateMode: 'Recreate' as VerticalUpdateMode,
    controlledResources: ['cpu', 'memory'] as readonly VerticalResource[],
  } as const;

  public readonly apiObject: vpa.VerticalPodAutoscaler;
  public readonly name: string;
  /** The resources the VPA changes on running or new pods: none in `Off` mode. */
  public readonly resizedResources: readonly VerticalResource[];

  constructor(scope: Construct, id: string, props: VerticalAutoscalerProps) {
    super(scope, id);
    const { target } = props;
    this.name = props.name ?? target.name;
    const { labels, updateMode, defaults, policies, resizedResources } = this.checkProps((problems) => {
      // The default is the target's name, checked where that is set: only a name passed here should fail.
      checkObjectName(this.name, problems, 'dns1123-subdomain', { hint: false });
      const labels = inheritLabels(target.labels, checkLabelProps(props, problems));
      const updateMode = props.updateMode ?? VerticalAutoscaler.DEFAULTS.updateMode;

      if (!MODES.includes(updateMode)) {
        const auto = (updateMode as string) === 'Auto';
        const fix = auto ? 'use \'Recreate\' (what Auto means), or \'InPlaceOrRecreate\'' : `use one of ${MODES.map((m) => `'${m}'`).join(', ')}`;
        problems.add('updateMode', updateMode, auto ? 'is deprecated by the VPA project' : 'is not a VPA update mode', fix);
      }
      const defaults: VerticalScalingOptions = {
        controlledResources: props.controlledResources ?? [...VerticalAutoscaler.DEFAULTS.controlledResources],
        controlledValues: props.controlledValues,
        minAllowed: props.minAllowed,
        maxAllowed: props.maxAllowed,
      };
      checkOptions('', defaults, problems);

      const containers = new Map(target.containers.map((c) => [c.name, c]));
      const named = new Map<string, ContainerScalingPolicy>();
      const policies = (props.containerPolicies ?? []).map((policy, i) => {
        const where = `containerPolicies[${i}]`;
        if (!containers.has(policy.container)) {
          problems.add(`${where}.container`, policy.container, `is not a container of "${target.node.path}"`,
            `use one of ${[...containers.keys()].map((n) => JSON.stringify(n)).join(', ')}`);
        } else if (named.has(policy.container)) {
          problems.add(`${where}.container`, policy.container, 'has a policy already', 'give each container one policy');
        }
        if (policy.mode !== undefined && policy.mode !== 'Auto' && policy.mode !== 'Off') {
          problems.add(`${where}.mode`, policy.mode, 'is not a container scaling mode', 'use \'Auto\' or \'Off\'');
        }
        const merged: ContainerScalingPolicy = {
          container: policy.container,
          mode: policy.mode,
          controlledResources: policy.controlledResources ?? defaults.controlledResources,
          controlledValues: policy.controlledValues ?? defaults.controlledValues,
          minAllowed: { ...defaults.minAllowed, ...policy.minAllowed },
          maxAllowed: { ...defaults.maxAllowed, ...policy.maxAllowed },
        };
        checkOptions(`${where}.`, merged, problems, policy);
        named.set(policy.container, merged);
        return merged;
      });

      const resized = new Set<VerticalResource>();
      if (updateMode !== 'Off') {
        for (const name of containers.keys()) {
          const policy: VerticalScalingOptions & { mode?: string } = named.get(name) ?? defaults;
          if (policy.mode === 'Off') continue;
          for (const r of policy.controlledResources ?? []) resized.add(r);
        }
      }
      const resizedResources = RESOURCES.filter((r) => resized.has(r as VerticalResource)) as VerticalResource[];
      target._checkVerticalAutoscaler(problems, resizedResources);
      return { labels, updateMode, defaults, policies, resizedResources };
    });
    this.resizedResources = resizedResources;
    target._attachVerticalAutoscaler(this, this.resizedResources);

    this.apiObject = new (vpaApi().VerticalPodAutoscaler)(this, 'Resource', {
      metadata: { name: this.name, labels, annotations: props.annotations },
      spec: {
        targetRef: { ...target.scaleTargetRef },
        updatePolicy: { updateMode: updateMode as vpa.VerticalPodAutoscalerSpecUpdatePolicyUpdateMode },
        resourcePolicy: { containerPolicies: [toContainerPolicy('*', defaults), ...policies.map((p) => toContainerPolicy(p.container, p))] },
      },
    });
  }
}

function checkOptions(where: string, options: VerticalScalingOptions, problems: Problems, own: VerticalScalingOptions = options): void {
  const list = options.controlledResources ?? [];
  if (own.controlledResources !== undefined) {
    if (list.length === 0) {
      problems.add(`${where}controlledResources`, list, 'is empty',
        where ? 'list cpu and/or memory, or set mode: \'Off\' to leave the container alone' : 'list cpu and/or memory, or set updateMode: \'Off\'');
    }
    for (const r of list) {
      if (!RESOURCES.includes(r)) problems.add(`${where}controlledResources`, list, `lists "${r}", which the VPA does not size`,
        'list only cpu and memory');
    }
    if (new Set(list).size !== list.length) problems.add(`${where}controlledResources`, list, 'lists a resource twice', 'list each resource once');
  }
  if (own.controlledValues !== undefined && own.controlledValues !== 'RequestsAndLimits' && own.controlledValues !== 'RequestsOnly') {
    problems.add(`${where}controlledValues`, own.controlledValues, 'is not a VPA controlled-values mode',
      'use \'RequestsAndLimits\' or \'RequestsOnly\'');
  }
  const mine = { min: own.minAllowed ?? {}, max: own.maxAllowed ?? {} };
  for (const [key, bound] of [['minAllowed', mine.min], ['maxAllowed', mine.max]] as const) {
    if (bound.cpu !== undefined) problems.check(`${where}${key}.cpu`, bound.cpu.amount, positiveQuantity(bound.cpu.amount, 'Cpu.millis(50)'));
  }
  const min = options.minAllowed ?? {};
  const max = options.maxAllowed ?? {};
  const amounts = {
    cpu: (b: ResourceBounds) => b.cpu && { text: b.cpu.amount, value: cpuCores(b.cpu.amount) },
    memory: (b: ResourceBounds) => b.memory && { text: memoryQuantity(b.memory), value: mebibytes(b.memory) },
  };
  for (const r of ['cpu', 'memory'] as const) {
    const low = amounts[r](min);
    const high = amounts[r](max);
    // A bound the container inherits is checked (and reported) where it is set.
    const ownLow = amounts[r](mine.min) !== undefined;
    const ownHigh = amounts[r](mine.max) !== undefined;
    if (!low || !high || low.value <= high.value || (!ownLow && !ownHigh)) continue;
    const inherited = where && !(ownLow && ownHigh) ? ', inherited from the autoscaler' : '';
    if (ownHigh) {
      problems.add(`${where}maxAllowed.${r}`, high.text, `must be >= minAllowed.${r} (${JSON.stringify(low.text)}${inherited})`,
        `raise maxAllowed.${r} or lower minAllowed.${r}`);
    } else {
      problems.add(`${where}minAllowed.${r}`, low.text, `must be <= maxAllowed.${r} (${JSON.stringify(high.text)}${inherited})`,
        `lower minAllowed.${r} or raise maxAllowed.${r}`);
    }
  }
}

function mebibytes(size: Size): number {
  return size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
}

function toContainerPolicy(containerName: string,
  p: VerticalScalingOptions & { mode?: 'Auto' | 'Off' }): vpa.VerticalPodAutoscalerSpecResourcePolicyContainerPolicies {
  return {
    containerName,
    mode: p.mode as vpa.VerticalPodAutoscalerSpecResourcePolicyContainerPoliciesMode | undefined,
    controlledResources: p.controlledResources,
    controlledValues: p.controlledValues as vpa.VerticalPodAutoscalerSpecResourcePolicyContainerPoliciesControlledValues | undefined,
    minAllowed: bounds(p.minAllowed, vpaApi().VerticalPodAutoscalerSpecResourcePolicyContainerPoliciesMinAllowed.fromString),
    maxAllowed: bounds(p.maxAllowed, vpaApi().VerticalPodAutoscalerSpecResourcePolicyContainerPoliciesMaxAllowed.fromString),
  };
}

function bounds<T>(b: ResourceBounds | undefined, quantity: (q: string) => T): Record<string, T> | undefined {
  const out: Record<string, T> = {};
  if (b?.cpu) out.cpu = quantity(b.cpu.amount);
  if (b?.memory) out.memory = quantity(memoryQuantity(b.memory));
  return Object.keys(out).length > 0 ? out : undefined;
}
