import type { IConstruct } from 'constructs';
import { KUBERNETES_VERSIONS, KubernetesVersion, KubernetesWindow as Window } from './validation/types';

export { KUBERNETES_VERSIONS, type KubernetesVersion };

/**
 * Context key by which an App or a Chart declares the Kubernetes releases it deploys to, as
 * `{ oldest, newest }` (both vendored releases, see `KUBERNETES_VERSIONS`). A chart's own value wins
 * over its app's. Set it before adding children (cdk8s refuses context on a construct that has
 * some), or with `KubernetesWindow.set(scope, window)`, which also checks it.
 * @default - `DEFAULT_KUBERNETES_WINDOW`
 */
export const KUBERNETES_WINDOW_CONTEXT = 'cdk8s-patterns:kubernetesWindow';

/**
 * Today's supported window (checked 2026-11-30; sources and dates in docs/kubernetes-versions.md):
 *
 * - `oldest: '1.32'`: the oldest release a major managed offering still supports. EKS's calendar
 *   ends 1.31's extended support on 2026-11-26 and 1.32's on 2027-03-23
 *   (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar).
 *   GKE's extended channel gives a minor up to 24 months after its Regular-channel date
 *   (https://cloud.google.com/kubernetes-engine/versioning), so 1.32 is there about as long; AKS
 *   supports N-2 plus N-3 "platform support" and LTS releases
 *   (https://learn.microsoft.com/azure/aks/supported-kubernetes-versions). The exact GKE and AKS
 *   end dates for 1.32 could not be verified offline.
 * - `newest: '1.36'`: the newest release whose definitions cdk8s publishes (cdk8s-team/cdk8s
 *   `kubernetes-schemas/v1.36.0`), and so the newest the validator can check.
 */
export const DEFAULT_KUBERNETES_WINDOW: Window = Object.freeze({ oldest: '1.32', newest: '1.36' });

/** A window's problems (empty when it is valid); `where` names it in messages. */
export function windowProblems(window: unknown, where: string): string[] {
  const known = KUBERNETES_VERSIONS.join(', ');
  if (typeof window !== 'object' || window === null) {
    return [`${where} (${JSON.stringify(window)}) must be { oldest, newest }; set e.g. { oldest: '1.32', newest: '1.36' }`];
  }
  const { oldest, newest } = window as Record<string, unknown>;
  const problems: string[] = [];
  for (const [end, value] of [['oldest', oldest], ['newest', newest]] as const) {
    if (!(KUBERNETES_VERSIONS as readonly unknown[]).includes(value)) {
      problems.push(`${where}.${end} (${JSON.stringify(value)}) is not a vendored Kubernetes release; use one of ${known}`);
    }
  }
  if (problems.length === 0 && compareVersions(String(oldest), String(newest)) > 0) {
    problems.push(`${where}.oldest (${JSON.stringify(oldest)}) must not be newer than newest (${JSON.stringify(newest)}); swap them`);
  }
  return problems;
}

function checked(window: unknown, where: string): Window {
  const problems = windowProblems(window, where);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const { oldest, newest } = window as Window;
  return { oldest, newest };
}

/**
 * The Kubernetes releases an app deploys to (`{ oldest, newest }`), and how constructs read it.
 * Every synth is checked against both ends; constructs refuse features `oldest` lacks.
 */
export type KubernetesWindow = Window;

export const KubernetesWindow = {
  /** `DEFAULT_KUBERNETES_WINDOW`: 1.32 to 1.36. */
  DEFAULT: DEFAULT_KUBERNETES_WINDOW,

  /**
   * The window `scope` deploys to: `KUBERNETES_WINDOW_CONTEXT` of the nearest construct above it
   * (its chart, then its app) that sets one, else the default. Throws on a malformed window.
   */
  of(scope: IConstruct): Window {
    const value: unknown = scope.node.tryGetContext(KUBERNETES_WINDOW_CONTEXT);
    if (value === undefined) return DEFAULT_KUBERNETES_WINDOW;
    return checked(value, `[${scope.node.path || '<app>'}] context ${JSON.stringify(KUBERNETES_WINDOW_CONTEXT)}`);
  },

  /** Declares the window of `scope` (an App or a Chart, before it has children), after checking it. */
  set(scope: IConstruct, window: Window): void {
    scope.node.setContext(KUBERNETES_WINDOW_CONTEXT, checked(window, `[${scope.node.path || '<app>'}] KubernetesWindow.set`));
  },

  /** The releases a synth is checked against: the window's two ends (one if they are the same). */
  versions(window: Window): KubernetesVersion[] {
    return window.oldest === window.newest ? [window.oldest] : [window.oldest, window.newest];
  },
};

/** Orders `major.minor` release strings numerically ('1.9' < '1.10'). */
export function compareVersions(a: string, b: string): number {
  const [aMajor, aMinor] = a.split('.').map(Number);
  const [bMajor, bMinor] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** A newer field or behaviour that constructs emit only when the window's oldest release has it. */
export type KubernetesFeature =
  | 'nativeSidecars'
  | 'serviceTrafficDistribution'
  | 'trafficDistributionPreferSame'
  | 'pdbUnhealthyPodEvictionPolicy'
  | 'jobPodReplacementPolicy'
  | 'jobSuccessPolicy'
  | 'containerResizePolicy'
  | 'statefulSetOrdinals';

export interface KubernetesFeatureInfo {
  /** What the feature is called in messages. */
  readonly name: string;
  /** The name is plural ("native sidecars need", not "needs"). */
  readonly plural?: boolean;
  /** The manifest field that uses it. */
  readonly field: string;
  /**
   * The first release where it works on a cluster with default settings: beta and on by default, or
   * GA. Before that the API server drops the field or rejects it.
   */
  readonly minimum: string;
  /** The release where it went GA (its feature gate locked on). */
  readonly ga: string;
  readonly featureGate: string;
  /** The alternative to raising the window, for the fix in messages. */
  readonly otherwise: string;
  /** Where the release numbers come from. */
  readonly source: string;
}

/**
 * Feature → the first release that has it on by default. Release numbers checked against the KEPs'
 * kep.yaml milestones and the Kubernetes docs (links in `source`), and against the vendored schemas'
 * field descriptions ("beta ... enabled by default" in 1.32); see docs/kubernetes-versions.md.
 */
export const KUBERNETES_FEATURES: Readonly<Record<KubernetesFeature, KubernetesFeatureInfo>> = {
  nativeSidecars: {
    name: 'native sidecars',
    plural: true,
    field: 'initContainers[].restartPolicy: Always',
    minimum: '1.29',
    ga: '1.33',
    featureGate: 'SidecarContainers',
    otherwise: 'run the sidecar as a regular container',
    source: 'https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/',
  },
  serviceTrafficDistribution: {
    name: 'Service trafficDistribution',
    field: 'spec.trafficDistribution',
    minimum: '1.31',
    ga: '1.33',
    featureGate: 'ServiceTrafficDistribution',
    otherwise: 'leave trafficDistribution unset',
    source: 'https://github.com/kubernetes/enhancements/issues/4444',
  },
  trafficDistributionPreferSame: {
    name: 'trafficDistribution PreferSameZone and PreferSameNode',
    plural: true,
    field: 'spec.trafficDistribution: PreferSameZone | PreferSameNode',
    minimum: '1.34',
    ga: '1.35',
    featureGate: 'PreferSameTrafficDistribution',
    otherwise: 'use PreferClose (the older name of PreferSameZone)',
    source: 'https://www.kubernetes.dev/resources/keps/3015/',
  },
  pdbUnhealthyPodEvictionPolicy: {
    name: 'PodDisruptionBudget unhealthyPodEvictionPolicy',
    field: 'spec.unhealthyPodEvictionPolicy',
    minimum: '1.27',
    ga: '1.31',
    featureGate: 'PDBUnhealthyPodEvictionPolicy',
    otherwise: 'leave unhealthyPodEvictionPolicy unset',
    source: 'https://www.kubernetes.dev/resources/keps/3017/',
  },
  jobPodReplacementPolicy: {
    name: 'Job podReplacementPolicy',
    field: 'spec.podReplacementPolicy',
    minimum: '1.29',
    ga: '1.34',
    featureGate: 'JobPodReplacementPolicy',
    otherwise: 'leave podReplacementPolicy unset',
    source: 'https://kubernetes.io/blog/2025/09/05/kubernetes-v1-34-pod-replacement-policy-for-jobs-goes-ga',
  },
  jobSuccessPolicy: {
    name: 'Job successPolicy',
    field: 'spec.successPolicy',
    minimum: '1.31',
    ga: '1.33',
    featureGate: 'JobSuccessPolicy',
    otherwise: 'leave successPolicy unset',
    source: 'https://kubernetes.io/blog/2025/04/23/kubernetes-1-33-jobs-success-policy-goes-ga/',
  },
  containerResizePolicy: {
    name: 'in-place pod resize (container resizePolicy)',
    field: 'containers[].resizePolicy',
    minimum: '1.33',
    ga: '1.35',
    featureGate: 'InPlacePodVerticalScaling',
    otherwise: 'leave resizePolicy unset (a resource change then restarts the pod)',
    source: 'https://github.com/kubernetes/enhancements/blob/master/keps/sig-node/1287-in-place-update-pod-resources/kep.yaml',
  },
  statefulSetOrdinals: {
    name: 'StatefulSet ordinals',
    field: 'spec.ordinals',
    minimum: '1.27',
    ga: '1.31',
    featureGate: 'StatefulSetStartOrdinal',
    otherwise: 'leave ordinals unset (pods are numbered from 0)',
    source: 'https://github.com/kubernetes/enhancements/issues/3335',
  },
};

/** Why a window cannot use a feature, in the pieces the library's prop errors are built from. */
export interface FeatureProblem {
  readonly feature: KubernetesFeature;
  /** `needs Kubernetes >= 1.29 for native sidecars (the window's oldest is 1.27)` */
  readonly rule: string;
  /** `raise the window's oldest to 1.29 or later, or run the sidecar as a regular container` */
  readonly fix: string;
  /** The whole sentence: `native sidecars need Kubernetes >= 1.29 (the window's oldest is 1.27); raise ...` */
  readonly message: string;
}

/** Whether every release of the window has `feature` on by default. */
export function supportsFeature(window: Window, feature: KubernetesFeature): boolean {
  return compareVersions(window.oldest, KUBERNETES_FEATURES[feature].minimum) >= 0;
}

/**
 * The problem with using `feature` in the window of `scope` (or in `window`), or undefined when
 * the window's oldest release has it. Constructs call this before emitting the feature's field.
 */
export function requireFeature(scopeOrWindow: IConstruct | Window, feature: KubernetesFeature): FeatureProblem | undefined {
  const window = 'node' in scopeOrWindow ? KubernetesWindow.of(scopeOrWindow) : scopeOrWindow;
  if (supportsFeature(window, feature)) return undefined;
  const info = KUBERNETES_FEATURES[feature];
  const needs = `Kubernetes >= ${info.minimum}`;
  const oldest = `(the window's oldest is ${window.oldest})`;
  const fix = `raise the window's oldest to ${info.minimum} or later (${KUBERNETES_WINDOW_CONTEXT}), or ${info.otherwise}`;
  return {
    feature,
    rule: `needs ${needs} for ${info.name} ${oldest}`,
    fix,
    message: `${info.name} ${info.plural ? 'need' : 'needs'} ${needs} ${oldest}; ${fix}`,
  };
}
