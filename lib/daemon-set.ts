import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from './private/k8s';
import { ContainerProps } from './container';
import { checkLabelProps, recommendedLabels, selectorLabels } from './labels';
import { PatternConstruct, Problems } from './private/construct-base';
import { wholeSeconds } from './private/durations';
import { toIntOrString } from './private/int-or-string';
import { checkObjectName, objectName } from './private/names';
import { KubernetesWindow } from './kubernetes-version';
import { buildPodSpec, IPodWorkload, PodPort, PodSpecProps } from './pod-spec';
import { IntOrPercent, intOrPercent, parseIntOrPercent } from './rules/int-or-percent';

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
export class DaemonSet extends PatternConstruct implements IPodWorkload {
  public readonly apiObject: k8s.KubeDaemonSet;
  public readonly name: string;
  public readonly labels: Record<string, string>;
  public readonly selectorLabels: Record<string, string>;
  public readonly ports: readonly PodPort[];
  public readonly containers: readonly (ContainerProps & { readonly name: string })[];

  constructor(scope: Construct, id: string, props: DaemonSetProps) {
    super(scope, id);
    const name = props.name ?? objectName(this);
    const { setName, meta, pod, updateStrategy, minReadySeconds } = this.checkProps((problems) => {
      const setName = checkObjectName(name, problems, 'dns1123-label') ? name : objectName(this);
      const revisions = props.revisionHistoryLimit;
      if (revisions !== undefined && (!Number.isInteger(revisions) || revisions < 0)) {
        problems.add('revisionHistoryLimit', revisions, 'must be a whole number', 'use 0 or more (0 disables rollback)');
      }
      return {
        setName,
        meta: checkLabelProps(props, problems),
        pod: buildPodSpec(setName, props, problems, KubernetesWindow.of(this)),
        updateStrategy: checkUpdate(props, problems),
        minReadySeconds: wholeSeconds(props.minReady, 'minReady', problems),
      };
    });
    this.name = setName;
    this.labels = recommendedLabels(this, this.name, meta);
    this.selectorLabels = selectorLabels(this.labels);
    const revisionHistoryLimit = props.revisionHistoryLimit;

    this.ports = pod.ports;
    this.containers = pod.containers;
    const tolerations = [...(props.tolerateAllTaints ? [{ operator: 'Exists' }] : []), ...(pod.spec.tolerations ?? [])];
    this.apiObject = new k8s.KubeDaemonSet(this, 'Resource', {
      metadata: { name: this.name, labels: this.labels, annotations: props.annotations },
      spec: {
        selector: { matchLabels: this.selectorLabels },
        updateStrategy,
        minReadySeconds,
        revisionHistoryLimit,
        template: {
          metadata: { labels: { ...this.labels, ...pod.labels }, annotations: pod.annotations },
          spec: { ...pod.spec, tolerations: tolerations.length > 0 ? tolerations : undefined },
        },
      },
    });
  }
}

/** apps validation ValidateRollingUpdateDaemonSet: counts or percentages up to 100%, exactly one of them non-zero. */
function checkUpdate(props: DaemonSetProps, problems: Problems): k8s.DaemonSetUpdateStrategy {
  const type = props.updateStrategy ?? 'RollingUpdate';
  if (type !== 'RollingUpdate' && type !== 'OnDelete') {
    problems.add('updateStrategy', type, 'is not a DaemonSet update strategy', 'use \'RollingUpdate\' or \'OnDelete\'');
  }
  if (type === 'OnDelete') {
    for (const key of ['maxSurge', 'maxUnavailable'] as const) {
      if (props[key] !== undefined) problems.add(key, props[key], 'only applies to updateStrategy \'RollingUpdate\'',
        `remove ${key}, or use updateStrategy: 'RollingUpdate'`);
    }
    return { type };
  }
  const maxSurge = props.maxSurge ?? 0;
  const maxUnavailable = props.maxUnavailable ?? (isZero(maxSurge) ? 1 : 0);
  const surgeOk = problems.check('maxSurge', maxSurge, intOrPercent(maxSurge));
  const unavailableOk = problems.check('maxUnavailable', maxUnavailable, intOrPercent(maxUnavailable));
  if (surgeOk && unavailableOk && !isZero(maxSurge) && !isZero(maxUnavailable)) {
    problems.add('maxSurge', maxSurge,
      `may not be set when maxUnavailable (${JSON.stringify(maxUnavailable)}) is not zero: a DaemonSet either surges or takes pods down`,
      'set maxUnavailable: 0, or remove maxSurge');
  } else if (surgeOk && unavailableOk && isZero(maxSurge) && isZero(maxUnavailable)) {
    problems.add('maxUnavailable', maxUnavailable, 'and maxSurge are both zero, so an update could never replace a pod',
      'allow one unavailable pod per update (maxUnavailable: 1) or one extra (maxSurge: 1, maxUnavailable: 0)');
  }
  return { type, rollingUpdate: { maxSurge: props.maxSurge === undefined ? undefined : toIntOrString(maxSurge),
    maxUnavailable: toIntOrString(maxUnavailable) } };
}

function isZero(value: IntOrPercent): boolean {
  return parseIntOrPercent(value)?.value === 0;
}
