import { Duration } from 'cdk8s';
import * as k8s from './private/k8s';
import { Construct } from 'constructs';
import { checkLabelProps, inheritLabels, MetadataProps } from './labels';
import { wholeSeconds } from './private/durations';
import { PatternConstruct, Problems } from './private/construct-base';
import { checkObjectName } from './private/names';
import {
  HPA_SECONDS, maxReplicas as maxReplicasRule, minReplicas as minReplicasRule, scalingPolicyList, scalingPolicyType, scalingPolicyValue, selectPolicy,
} from './rules/scaling';
import type { IScalableWorkload, ScalingSignal } from './workload';

/** One rule limiting how fast replicas change: at most `value` pods (or percent) per `period`. */
export interface ScalingPolicy {
  readonly type: 'Pods' | 'Percent';
  /** Positive whole number of pods or percent. */
  readonly value: number;
  /** Window the limit applies to, 1s–1800s. */
  readonly period: Duration;
}

/**
 * How eagerly to scale in one direction.
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#configurable-scaling-behavior
 */
export interface ScalingBehavior {
  /** Look back this far and act on the most conservative recommendation, 0s–3600s. @default - 0s up, 300s down (Kubernetes defaults) */
  readonly stabilizationWindow?: Duration;
  /** @default - Kubernetes's default policies */
  readonly policies?: ScalingPolicy[];
  /** Which policy wins when several apply; `Disabled` turns scaling in this direction off. @default 'Max' */
  readonly selectPolicy?: 'Max' | 'Min' | 'Disabled';
}

export interface HorizontalAutoscalerProps extends MetadataProps {
  /**
   * `metadata.name`. Labels are the target's, so the HPA is listed with its workload.
   * @default - the target's name
   */
  readonly name?: string;
  /** The workload to scale: a `RollingDeployment` or a `StatefulSet`. It must not pin `replicas`. */
  readonly target: IScalableWorkload;
  /** @default 1 */
  readonly minReplicas?: number;
  readonly maxReplicas: number;
  /**
   * Target average CPU use as a percentage of the containers' CPU requests. Every container of the
   * target needs a CPU request for this to be computable.
   * @default - CPU is not a scaling signal
   */
  readonly cpuUtilizationPercent?: number;
  /**
   * Target average memory use as a percentage of the containers' memory requests; every container
   * needs a memory request.
   * @default - memory is not a scaling signal
   */
  readonly memoryUtilizationPercent?: number;
  /** @default - Kubernetes's default scale-up behavior */
  readonly scaleUp?: ScalingBehavior;
  /** @default - Kubernetes's default scale-down behavior */
  readonly scaleDown?: ScalingBehavior;
}

/** An `autoscaling/v2` HorizontalPodAutoscaler that takes over `spec.replicas` of a `RollingDeployment` or a `StatefulSet`. */
export class HorizontalAutoscaler extends PatternConstruct {
  public static readonly DEFAULTS = { minReplicas: 1 } as const;

  public readonly apiObject: k8s.KubeHorizontalPodAutoscalerV2;
  public readonly name: string;
  /** The replica range the autoscaler keeps the target in (its PDB and topology spread follow it). */
  public readonly minReplicas: number;
  public readonly maxReplicas: number;

  constructor(scope: Construct, id: string, props: HorizontalAutoscalerProps) {
    super(scope, id);
    const { target } = props;
    const minReplicas = props.minReplicas ?? HorizontalAutoscaler.DEFAULTS.minReplicas;
    this.name = props.name ?? target.name;
    this.minReplicas = minReplicas;
    this.maxReplicas = props.maxReplicas;
    const { labels, metrics, used, behavior } = this.checkProps((problems) => {
      // The default is the target's name, checked where that is set: only a name passed here should fail.
      checkObjectName(this.name, problems, 'dns1123-subdomain', { hint: false });
      const labels = inheritLabels(target.labels, checkLabelProps(props, problems));

      problems.check('minReplicas', minReplicas, minReplicasRule(minReplicas));
      problems.check('maxReplicas', props.maxReplicas, maxReplicasRule(props.maxReplicas, minReplicas));
      const signals = [['cpu', props.cpuUtilizationPercent], ['memory', props.memoryUtilizationPercent]] as const;
      if (signals.every(([, v]) => v === undefined)) {
        problems.add('cpuUtilizationPercent', undefined, 'and memoryUtilizationPercent are both unset, so nothing drives scaling',
          'set either or both, e.g. cpuUtilizationPercent: 70');
      }
      const metrics: k8s.MetricSpecV2[] = [];
      const used: ScalingSignal[] = [];
      for (const [resource, percent] of signals) {
        if (percent === undefined) continue;
        const prop = `${resource}UtilizationPercent`;
        used.push({ resource, prop, value: percent });
        if (!Number.isInteger(percent) || percent < 1) {
          problems.add(prop, percent, 'must be a whole percentage above 0', 'use e.g. 70 (it may exceed 100: it is relative to the request)');
        }
        // Utilization is measured against the request, so a container without one makes it undefined.
        // The autoscaler counts native sidecars too (kubernetes/kubernetes#120001, 1.29).
        for (const c of [...target.containers, ...target.sidecars ?? []].filter((c) => c.resources?.[resource]?.request === undefined)) {
          problems.add(prop, percent, `needs a ${resource} request on every container of "${target.node.path}", and container "${c.name}" has none`,
            `set resources.${resource}.request on container "${c.name}"`);
        }
        metrics.push({ type: 'Resource', resource: { name: resource, target: { type: 'Utilization', averageUtilization: percent } } });
      }
      const behavior = {
        scaleUp: props.scaleUp && toKubeBehavior('scaleUp', props.scaleUp, problems),
        scaleDown: props.scaleDown && toKubeBehavior('scaleDown', props.scaleDown, problems),
      };
      target._checkAutoscaler(problems, used);
      return { labels, metrics, used, behavior };
    });
    target._attachAutoscaler(this, used);

    this.apiObject = new k8s.KubeHorizontalPodAutoscalerV2(this, 'Resource', {
      metadata: { name: this.name, labels, annotations: props.annotations },
      spec: {
        scaleTargetRef: { ...target.scaleTargetRef },
        minReplicas,
        maxReplicas: props.maxReplicas,
        metrics,
        behavior: behavior.scaleUp || behavior.scaleDown ? behavior : undefined,
      },
    });
  }
}


function toKubeBehavior(prop: string, b: ScalingBehavior, problems: Problems): k8s.HpaScalingRulesV2 {
  const window = wholeSeconds(b.stabilizationWindow, `${prop}.stabilizationWindow`, problems,
    { ...HPA_SECONDS.stabilizationWindow, rule: 'hpa-behavior' });
  // The types admit only these, but JavaScript callers and casts get past them.
  if (b.selectPolicy !== undefined) problems.check(`${prop}.selectPolicy`, b.selectPolicy, selectPolicy(b.selectPolicy));
  if (b.policies !== undefined) problems.check(`${prop}.policies`, b.policies, scalingPolicyList(b.policies.length));
  for (const [i, p] of (b.policies ?? []).entries()) {
    problems.check(`${prop}.policies[${i}].type`, p.type, scalingPolicyType(p.type));
    problems.check(`${prop}.policies[${i}].value`, p.value, scalingPolicyValue(p.value));
    wholeSeconds(p.period, `${prop}.policies[${i}].period`, problems, { ...HPA_SECONDS.period, rule: 'hpa-behavior' });
  }
  return {
    stabilizationWindowSeconds: window,
    selectPolicy: b.selectPolicy,
    policies: b.policies?.map((p) => ({ type: p.type, value: p.value, periodSeconds: p.period.toSeconds({ integral: false }) })),
  };
}
