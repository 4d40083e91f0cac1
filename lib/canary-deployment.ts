import { Construct } from 'constructs';
import { ReleaseVersionProps } from './blue-green-deployment';
import { ContainerProps } from './container';
import { checkRollout, RollingDeployment, RollingDeploymentProps } from './deployment';
import { checkPath, HttpPathMatchType, HttpRoute } from './http-route';
import { checkLabelProps, recommendedLabels } from './labels';
import { PatternConstruct, Problems } from './private/construct-base';
import { checkObjectName, objectName } from './private/names';
import {
  checkNameRoom, checkOwnLabel, checkVersions, releaseTarget, sharedAvailability, sharedProps,
} from './private/release';
import { pickHttpBackendPort, resolvePorts } from './private/service-ports';
import { podCount } from './rules/numbers';
import { ClusterIpService, ServiceBase, ServicePortProps } from './service';

/**
 * Label on each Deployment of a `CanaryDeployment`, and on its pods: `stable` or `canary`.
 * `kubectl get pods -l cdk8s-patterns/track=canary` lists the canary pods.
 */
export const TRACK_LABEL = 'cdk8s-patterns/track';

/** One of the two Deployments of a canary release. */
export type CanaryTrack = 'stable' | 'canary';

/**
 * Where a canary release stands.
 * - `canary`: the canary version takes `canaryPercent` of the traffic, the stable version the rest.
 * - `promoted`: the stable Deployment runs the canary's version (a rolling update) and takes all
 *   traffic; the canary Deployment is scaled to 0. Afterwards, make the canary version the `stable`
 *   one and go back to stage `canary` with `canaryPercent: 0`: the manifests do not change.
 * - `aborted`: the canary Deployment is scaled to 0 and the stable version takes all traffic, whatever
 *   `canaryPercent` says (the manifests equal those of `canaryPercent: 0`).
 */
export type CanaryStage = 'canary' | 'promoted' | 'aborted';

/** Split the traffic by weight on a Gateway API route instead of by pod count. */
export interface CanaryHttpRouteOptions {
  /** The route that gets a rule for `path` with two weighted backends: the stable and the canary Service. */
  readonly route: HttpRoute;
  /** @default HttpRoute.DEFAULTS.path ('/') */
  readonly path?: string;
  /** @default HttpRoute.DEFAULTS.pathType ('PathPrefix') */
  readonly pathType?: HttpPathMatchType;
  /**
   * The Service port the route forwards to, by number or name.
   * @default - the Services' only TCP port
   */
  readonly port?: number | string;
}

export interface CanaryDeploymentProps extends Omit<RollingDeploymentProps, 'version' | 'changeCause' | 'replicas'> {
  /**
   * `metadata.name` of the Service in front of both versions; the Deployments are `<name>-stable`
   * and `<name>-canary`.
   * @default - the construct ids below the chart joined with '-'
   */
  readonly name?: string;
  /** Annotations on both Deployments. @default - none */
  readonly annotations?: Record<string, string>;
  /**
   * Pods that serve the app. Split by replica ratio: the total over both versions. Split by
   * `httpRoute` weight: the stable version's pods (the canary gets enough for its share on top).
   */
  readonly replicas: number;
  /** The version that takes most of the traffic. */
  readonly stable: ReleaseVersionProps;
  /** The version under trial. */
  readonly canary: ReleaseVersionProps;
  /**
   * Share of the requests (0 to 100) the canary version takes at stage `canary`.
   *
   * Without `httpRoute`, the share is the share of the pods behind the Service: `replicas` are
   * split `round(replicas × canaryPercent / 100)` canary (at least 1 when above 0) and the rest
   * stable; a split that would leave the stable version no pod is an error. The Service spreads
   * connections over ready pods evenly, so the share of requests follows the share of pods.
   */
  readonly canaryPercent: number;
  /** @default 'canary' */
  readonly stage?: CanaryStage;
  /** Ports of the Service(s); target ports resolve against the pods as for `ClusterIpService`. */
  readonly ports: ServicePortProps[];
  /**
   * Split by weight on this HTTPRoute: a Service per version (`<name>-stable`, `<name>-canary`) and a
   * rule whose `backendRefs` weigh them `100 - canaryPercent` and `canaryPercent`. The stable version
   * keeps `replicas` pods; the canary gets `ceil(replicas × canaryPercent / 100)`.
   * @default - split by replica ratio behind the one Service
   */
  readonly httpRoute?: CanaryHttpRouteOptions;
}

const INSTANCE = 'app.kubernetes.io/instance';

/**
 * A stable and a canary version of a workload, each a `RollingDeployment` labelled with its track
 * and version, behind one Service that selects both. The canary takes `canaryPercent` of the
 * traffic, by pod count or (with `httpRoute`) by route weight. Raising the percentage, promoting
 * (`stage: 'promoted'`) and aborting (`stage: 'aborted'`) are each a one-prop change.
 *
 * Labels as for `BlueGreenDeployment`: all objects share `app.kubernetes.io/instance`
 * (`<chart>-<name>`), which is what the Service selects; each Deployment selects its own pods by
 * its own `app.kubernetes.io/name` (`<name>-stable`, `<name>-canary`).
 */
export class CanaryDeployment extends PatternConstruct {
  /** Defaults of the props above; the docs and the tests read these too. */
  public static readonly DEFAULTS = {
    stage: 'canary' as CanaryStage,
  } as const;

  public readonly name: string;
  public readonly stage: CanaryStage;
  public readonly stable: RollingDeployment;
  public readonly canary: RollingDeployment;
  /** The Service in front of both versions (in-cluster clients split by pod count). */
  public readonly service: ClusterIpService;
  /** With `httpRoute`: the Service of the stable version, a backend of the route. */
  public readonly stableService?: ClusterIpService;
  /** With `httpRoute`: the Service of the canary version, a backend of the route. */
  public readonly canaryService?: ClusterIpService;
  /** `spec.replicas` of the stable Deployment. */
  public readonly stableReplicas: number;
  /** `spec.replicas` of the canary Deployment. */
  public readonly canaryReplicas: number;
  /**
   * The canary's share of the traffic as synthesized: its route weight, or its share of the pods
   * (which may differ from `canaryPercent` by rounding to whole pods).
   */
  public readonly canaryTrafficPercent: number;
  /** Labels of the Service, shared by both versions (no track, no version). */
  public readonly labels: Record<string, string>;

  constructor(scope: Construct, id: string, props: CanaryDeploymentProps) {
    super(scope, id);
    const { stable, canary, canaryPercent, stage: givenStage, ports, httpRoute, replicas, name, annotations, labels, component, ...pod } = props;
    const stage = givenStage ?? CanaryDeployment.DEFAULTS.stage;
    this.stage = stage;
    const checked = this.checkProps((problems) => {
      // The shared rollout props are checked once, here, rather than by both Deployments.
      const shared = sharedProps(pod, problems.passes(() => checkRollout(pod, problems)));
      // The Service's name, and the prefix of the Deployments': a bad one (reported, in collect mode)
      // is not passed on to the children, which would report it again.
      const given = name ?? objectName(this);
      const nameOk = checkObjectName(given, problems, 'dns1035-label');
      const roomOk = checkNameRoom(given, ['-stable', '-canary'], problems);
      const serviceName = nameOk && roomOk ? given : objectName(this);
      if (stage !== 'canary' && stage !== 'promoted' && stage !== 'aborted') {
        problems.add('stage', stage, 'is not a canary stage', 'use "canary", "promoted" or "aborted"');
      }
      const replicasOk = problems.check('replicas', replicas, podCount(replicas));
      const percentOk = Number.isInteger(canaryPercent) && canaryPercent >= 0 && canaryPercent <= 100;
      if (!percentOk) problems.add('canaryPercent', canaryPercent, 'is not a whole percentage', 'use a whole number from 0 to 100');
      // Each Deployment's selector is its own name with the shared instance: one name for both would merge them.
      for (const key of [TRACK_LABEL, 'app.kubernetes.io/name']) checkOwnLabel(labels, key, 'CanaryDeployment', problems);
      const meta = checkLabelProps({ component, partOf: pod.partOf, labels }, problems);

      const { versions, containers } = checkVersions(pod.containers, { stable, canary }, ['stable', 'canary'],
        'moving traffic between them would change what the Service forwards to', problems);

      // At stage `canary` the canary's share; afterwards nothing, whatever canaryPercent still says.
      const share = stage === 'canary' && percentOk ? canaryPercent : 0;
      const total = replicasOk ? replicas : 0;
      let counts: { stable: number; canary: number; trafficPercent: number };
      if (httpRoute) {
        counts = { stable: total, canary: share === 0 ? 0 : Math.max(1, Math.ceil((total * share) / 100)), trafficPercent: share };
      } else {
        const split = splitReplicas(total, share);
        if (!split && replicasOk) {
          problems.add('canaryPercent', canaryPercent,
            `cannot be split over ${total} replica${total === 1 ? '' : 's'}: the stable version would keep no pod`,
            `raise replicas to at least ${fewestReplicas(share)}, or split by weight with httpRoute`);
        }
        const canaryCount = split?.canary ?? 0;
        counts = { stable: split?.stable ?? total, canary: canaryCount, trafficPercent: total === 0 ? share : (100 * canaryCount) / total };
      }
      // The rule's path and port are this construct's props: checked here, before the route sees them.
      const route = httpRoute && {
        pathOk: checkPath(httpRoute.path ?? HttpRoute.DEFAULTS.path, httpRoute.pathType ?? HttpRoute.DEFAULTS.pathType, 'httpRoute.path', problems),
        port: routePort(this, ports, containers.stable, httpRoute.port, problems),
      };
      return { shared, serviceName, meta, versions, containers, total, counts, route };
    });
    const { shared, meta, versions, containers, total, counts, route } = checked;
    this.name = checked.serviceName;
    this.labels = recommendedLabels(this, this.name, meta);
    this.stableReplicas = counts.stable;
    this.canaryReplicas = counts.canary;
    this.canaryTrafficPercent = counts.trafficPercent;

    const promoted = stage === 'promoted';
    const deploy = (track: CanaryTrack, v: ReleaseVersionProps, from: CanaryTrack, count: number) => new RollingDeployment(this, track, {
      ...shared,
      ...sharedAvailability(shared, total),
      name: `${this.name}-${track}`,
      component: meta.component ?? this.name,
      partOf: meta.partOf,
      annotations,
      labels: { ...meta.labels, [INSTANCE]: this.labels[INSTANCE], [TRACK_LABEL]: track },
      version: versions[from],
      changeCause: v.changeCause,
      replicas: count,
      containers: containers[from],
    });
    // Promotion rolls the stable Deployment to the canary's pods; its history keeps the way back.
    this.stable = promoted
      ? deploy('stable', canary, 'canary', this.stableReplicas)
      : deploy('stable', stable, 'stable', this.stableReplicas);
    this.canary = deploy('canary', canary, 'canary', this.canaryReplicas);

    this.service = new ClusterIpService(this, 'service', {
      name: this.name,
      target: releaseTarget(this.stable, this.labels, { [INSTANCE]: this.labels[INSTANCE] }),
      ports,
    });
    if (httpRoute && route) {
      const serve = (track: CanaryTrack) => {
        const d = track === 'stable' ? this.stable : this.canary;
        return new ClusterIpService(this, `${track}-service`, {
          name: d.name,
          target: releaseTarget(d, { ...this.labels, [TRACK_LABEL]: track }, d.selectorLabels),
          ports,
        });
      };
      this.stableService = serve('stable');
      this.canaryService = serve('canary');
      // Only in collect mode is anything invalid here: a bad path adds no rule, and the route is told
      // why it may have none; a bad port falls back to the first TCP port.
      if (!route.pathOk || route.port === undefined) {
        httpRoute.route._ruleRejected();
      } else {
        httpRoute.route.addRule({
          path: httpRoute.path,
          pathType: httpRoute.pathType,
          backends: [
            { service: this.stableService, port: route.port, weight: 100 - this.canaryTrafficPercent },
            { service: this.canaryService, port: route.port, weight: this.canaryTrafficPercent },
          ],
        });
      }
    }
  }
}

/**
 * `total` pods split so that the canary's share of the pods is nearest to `percent`, with at least one
 * canary pod when `percent` is above 0; `undefined` when that leaves the stable version none although
 * `percent` is below 100.
 */
function splitReplicas(total: number, percent: number): { stable: number; canary: number } | undefined {
  if (percent === 0) return { stable: total, canary: 0 };
  if (percent === 100) return { stable: 0, canary: total };
  const canary = Math.max(1, Math.round((total * percent) / 100));
  return canary < total ? { stable: total - canary, canary } : undefined;
}

/**
 * The Service port (number) the route forwards to: `port`, or the only TCP port. The stable and canary
 * Services are created later, so their ports are resolved here as they will be; problems of the ports
 * themselves are the Services' to report, so they go to a `Problems` that is never reported. On a
 * problem, the first TCP port, if any (for collect mode).
 */
function routePort(scope: Construct, ports: readonly ServicePortProps[], containers: readonly ContainerProps[], port: number | string | undefined,
  problems: Problems): number | undefined {
  const podPorts = containers.flatMap((c) => (c.ports ?? []).map((p) => ({ container: c.name ?? '', number: p.number, name: p.name,
    protocol: p.protocol ?? 'TCP' as const })));
  const tcp = resolvePorts({ node: scope.node, ports: podPorts }, ports, false, new Problems(scope), ServiceBase.DEFAULTS)
    .filter((p) => p.protocol === 'TCP');
  const picked = pickHttpBackendPort({ owner: 'the stable and canary Services', plural: true, ports: tcp }, port,
    'give ports a TCP port: HTTPRoute forwards HTTP');
  if ('port' in picked) return picked.port.port;
  problems.add('httpRoute.port', port, picked.message, picked.fix);
  return tcp[0]?.port;
}

function fewestReplicas(percent: number): number {
  let n = 1;
  while (!splitReplicas(n, percent)) n++;
  return n;
}
