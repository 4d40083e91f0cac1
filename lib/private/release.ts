import type { ContainerProps } from '../container';
import { RollingDeployment, RollingDeploymentProps, ROLLOUT_PROPS, RolloutProps } from '../deployment';
import { checkLabelValue } from '../labels';
import type { IPodWorkload } from '../workload';
import { Problems } from './construct-base';

/** @internal The per-version props that `BlueGreenDeployment` and `CanaryDeployment` share. */
export interface VersionOverrides {
  readonly version: string;
  readonly image?: string;
  readonly containers?: ContainerProps[];
}

const MAX_NAME = 63;

/**
 * @internal The `version` of one version of a release (its `app.kubernetes.io/version` label), or
 * `undefined` when it is not a label value: reported here, and then not passed to the Deployment.
 */
function versionLabel(v: VersionOverrides, prop: string, problems: Problems): string | undefined {
  return checkLabelValue(`${prop}.version`, v.version, problems) ? v.version : undefined;
}

/**
 * @internal The containers one version runs: its own `containers`, or the shared ones with its `image`.
 * `prop` is where the version sits in the props (`blue`, `canary`).
 */
function versionContainers(shared: readonly ContainerProps[], v: VersionOverrides, prop: string, problems: Problems): ContainerProps[] {
  if (v.containers !== undefined) {
    if (v.image !== undefined) {
      problems.add(`${prop}.image`, v.image, `is set together with ${prop}.containers, which replaces every container`,
        `set the image inside ${prop}.containers, or drop ${prop}.containers`);
    }
    return v.containers;
  }
  if (v.image === undefined) return [...shared];
  if (shared.length !== 1) {
    problems.add(`${prop}.image`, v.image, `is ambiguous: the shared pod has ${shared.length} containers`, `set ${prop}.containers instead`);
    return [...shared];
  }
  return [{ ...shared[0], image: v.image }];
}

/**
 * @internal The shared props a release passes to each of its Deployments. It checks the rollout props
 * once itself (`checkRollout`); when they are invalid (so reported, in collect mode) they are left out,
 * so that each Deployment does not report them again.
 */
export function sharedProps<T extends RolloutProps>(pod: T, rolloutOk: boolean): T {
  if (rolloutOk) return pod;
  const rest: Partial<T> = { ...pod };
  for (const key of ROLLOUT_PROPS) delete rest[key];
  return rest as T;
}

/** @internal The ports a pod declares, as comparable strings (`http=8080/TCP`), sorted. */
export function portSignature(containers: readonly ContainerProps[]): string[] {
  return containers
    .flatMap((c) => c.ports ?? [])
    .map((p) => `${p.name !== undefined ? `${p.name}=` : ''}${p.number}/${p.protocol ?? 'TCP'}`)
    .sort();
}

/**
 * @internal Both versions sit behind the same Service ports, which resolve their target ports from the
 * pod's ports: if these differ, moving traffic from one version to the other would change more than
 * the selector, or break the Service for one of them.
 */
function checkSamePorts(
  first: { prop: string; containers: readonly ContainerProps[] },
  second: { prop: string; containers: readonly ContainerProps[] },
  why: string,
  problems: Problems,
): void {
  const a = portSignature(first.containers);
  const b = portSignature(second.containers);
  if (a.join(',') !== b.join(',')) {
    problems.add(`${second.prop}.containers`, b, `declare other ports than ${first.prop} (${JSON.stringify(a)}), so ${why}`,
      `give ${first.prop} and ${second.prop} the same container ports`);
  }
}

/**
 * @internal The two versions of a release (`blue`/`green`, `stable`/`canary`), checked: their version labels
 * and containers, and that both declare the same ports (`why` says what would break otherwise).
 */
export function checkVersions<K extends string>(
  shared: readonly ContainerProps[], props: Record<K, VersionOverrides>, [first, second]: readonly [K, K], why: string, problems: Problems,
): { versions: Record<K, string | undefined>; containers: Record<K, ContainerProps[]> } {
  const versions = { [first]: versionLabel(props[first], first, problems), [second]: versionLabel(props[second], second, problems) };
  const containers = {
    [first]: versionContainers(shared, props[first], first, problems),
    [second]: versionContainers(shared, props[second], second, problems),
  };
  checkSamePorts({ prop: first, containers: containers[first] }, { prop: second, containers: containers[second] }, why, problems);
  return { versions: versions as Record<K, string | undefined>, containers: containers as Record<K, ContainerProps[]> };
}

/** @internal `<name><suffix>` must stay a 63-character object name for every suffix. */
export function checkNameRoom(name: string, suffixes: readonly string[], problems: Problems): boolean {
  const longest = suffixes.reduce((a, b) => (b.length > a.length ? b : a), '');
  if (name.length + longest.length <= MAX_NAME) return true;
  problems.add('name', name, `is too long: "${name}${longest}" would pass ${MAX_NAME} characters`,
    `use a name of at most ${MAX_NAME - longest.length} characters`);
  return false;
}

/** @internal A label key this construct sets itself may not come in through `labels`. */
export function checkOwnLabel(labels: Record<string, string> | undefined, key: string, owner: string, problems: Problems): void {
  if (labels?.[key] !== undefined) {
    problems.add(`labels["${key}"]`, labels[key], `is set by ${owner} on each Deployment`, 'remove it from labels');
  }
}

/**
 * @internal What a Service in front of a release targets: the pods `selectorLabels` selects, described
 * by `labels` that do not depend on which version is behind it, so that moving traffic changes only
 * the Service's selector. Errors about the target name `workload`.
 */
export function releaseTarget(workload: IPodWorkload, labels: Record<string, string>, selectorLabels: Record<string, string>): IPodWorkload {
  return {
    node: workload.node,
    name: workload.name,
    labels,
    selectorLabels,
    ports: workload.ports,
    containers: workload.containers,
    sidecars: workload.sidecars,
    with: (...mixins) => workload.with(...mixins),
  };
}

/**
 * @internal The budget and spread of both versions, decided once from the shared replica count.
 * Left to each Deployment, they would follow its own count, and moving pods between the versions
 * (a canary's 1 pod becoming 2, an idle colour scaled to 0) would add or remove a budget and change
 * the pod template, restarting pods that did not change. `undefined`: an autoscaler decides.
 */
export function sharedAvailability(
  props: Pick<RollingDeploymentProps, 'topologySpread' | 'disruptionBudget'>,
  replicas: number | undefined,
): Pick<RollingDeploymentProps, 'topologySpread' | 'disruptionBudget'> {
  // Below the threshold no version ever reaches it, so each Deployment's own default (none) holds.
  if (replicas === undefined || replicas < RollingDeployment.DEFAULTS.availabilityFromReplicas) {
    return { topologySpread: props.topologySpread, disruptionBudget: props.disruptionBudget };
  }
  return { topologySpread: props.topologySpread ?? {}, disruptionBudget: props.disruptionBudget ?? {} };
}
