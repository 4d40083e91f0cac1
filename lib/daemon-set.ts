import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from './private/k8s';
import { Problems } from './private/construct-base';
import { wholeSeconds } from './private/durations';
import { toIntOrString } from './private/int-or-string';
import { PodWorkloadBase } from './private/pod-workload';
import { KubernetesWindow } from './kubernetes-version';
import { buildPodSpec, PodSpecProps } from './pod-spec';
import { IntOrPercent, intOrPercent, parseIntOrPercent } from './rules/int-or-percent';
import { historyLimit } from './rules/numbers';
import { daemonSetSurge, daemonSetUpdateStrategy, rollingUpdateOnly, rolloutProgress } from './rules/workloads';

export interface DaemonSetProps extends PodSpecProps {
  /**
   * Nodes whose pod may be down at once during an update. Exactly one of `maxUnavailable` and
   * `maxSurge` is non-zero (the API server refuses both, and neither).
   * @default 1, or 0 when `maxSurge` is set
   */
  readonly maxUnavailable?: IntOrPercent;
  /**
   * Nodes that get the new pod before the old one stops (no gap in per-node service, briefly two
   * pods per node). Needs `maxUnavailable: 0`, which is then the default.
   * @default 0
   */
  readonly maxSurge?: IntOrPercent;
  /** `OnDelete` updates a node's pod only when you delete it. @default 'RollingUpdate' */
  readonly updateStrategy?: 'RollingUpdate' | 'OnDelete';
  /**
   * Tolerate every taint (`operator: Exists`), so the pod also runs on control-plane, dedicated and
   * not-ready nodes: what node agents (log shippers, monitoring) need. An opt-in: such pods also
   * stay on nodes that are being drained.
   * @default false
   */
  readonly tolerateAllTaints?: boolean;
  /** How long a new pod must be ready before it counts as available. @default - 0s */
  readonly minReady?: Duration;
  /** Old revisions kept for `kubectl rollout undo`. @default - 10 (Kubernetes default) */
  readonly revisionHistoryLimit?: number;
}

/** A DaemonSet: one pod on every node (or every node the scheduling props select), e.g. a node agent. */
export class DaemonSet extends PodWorkloadBase {
  public readonly apiObject: k8s.KubeDaemonSet;

  constructor(scope: Construct, id: string, props: DaemonSetProps) {
    super(scope, id, props);
    const { pod, updateStrategy, minReadySeconds } = this.checkProps((problems) => {
      const revisions = props.revisionHistoryLimit;
      if (revisions !== undefined) problems.check('revisionHistoryLimit', revisions, historyLimit(revisions));
      return {
        pod: this.usePod(buildPodSpec(this.name, props, problems, KubernetesWindow.of(this))),
        updateStrategy: checkUpdate(props, problems),
        minReadySeconds: wholeSeconds(props.minReady, 'minReady', problems),
      };
    });
    const tolerations = [...(props.tolerateAllTaints ? [{ operator: 'Exists' }] : []), ...(pod.spec.tolerations ?? [])];
    this.apiObject = new k8s.KubeDaemonSet(this, 'Resource', {
      metadata: this.metadata(props.annotations),
      spec: {
        selector: { matchLabels: this.selectorLabels },
        updateStrategy,
        minReadySeconds,
        revisionHistoryLimit: props.revisionHistoryLimit,
        template: {
          metadata: this.templateMetadata(),
          spec: { ...pod.spec, tolerations: tolerations.length > 0 ? tolerations : undefined },
        },
      },
    });
  }
}

/** apps validation ValidateRollingUpdateDaemonSet: counts or percentages up to 100%, exactly one of them non-zero. */
function checkUpdate(props: DaemonSetProps, problems: Problems): k8s.DaemonSetUpdateStrategy {
  const type = props.updateStrategy ?? 'RollingUpdate';
  problems.check('updateStrategy', type, daemonSetUpdateStrategy(type));
  if (type === 'OnDelete') {
    for (const key of ['maxSurge', 'maxUnavailable'] as const) {
      if (props[key] !== undefined) problems.check(key, props[key], rollingUpdateOnly(type, key));
    }
    return { type };
  }
  const maxSurge = props.maxSurge ?? 0;
  const maxUnavailable = props.maxUnavailable ?? (isZero(maxSurge) ? 1 : 0);
  const surgeOk = problems.check('maxSurge', maxSurge, intOrPercent(maxSurge));
  const unavailableOk = problems.check('maxUnavailable', maxUnavailable, intOrPercent(maxUnavailable));
  if (surgeOk && unavailableOk && !isZero(maxSurge) && !isZero(maxUnavailable)) {
    problems.check('maxSurge', maxSurge, daemonSetSurge(parseIntOrPercent(maxSurge)!.value, parseIntOrPercent(maxUnavailable)!.value,
      JSON.stringify(maxUnavailable)));
  } else if (surgeOk && unavailableOk && isZero(maxSurge) && isZero(maxUnavailable)) {
    problems.check('maxUnavailable', maxUnavailable, rolloutProgress(0, 0, 'DaemonSet'));
  }
  return { type, rollingUpdate: { maxSurge: props.maxSurge === undefined ? undefined : toIntOrString(maxSurge),
    maxUnavailable: toIntOrString(maxUnavailable) } };
}

function isZero(value: IntOrPercent): boolean {
  return parseIntOrPercent(value)?.value === 0;
}
