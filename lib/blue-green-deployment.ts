import { Construct } from 'constructs';
import { ContainerProps } from './container';
import { checkReplicas, checkRollout, RollingDeployment, RollingDeploymentProps } from './deployment';
import { checkLabelProps, recommendedLabels } from './labels';
import { PatternConstruct } from './private/construct-base';
import { checkObjectName, objectName } from './private/names';
import {
  checkNameRoom, checkOwnLabel, checkVersions, releaseTarget, sharedAvailability, sharedProps,
} from './private/release';
import { ClusterIpService, ServicePortProps } from './service';

/**
 * Label on each Deployment of a `BlueGreenDeployment`, and on its pods: `blue` or `green`.
 * `kubectl get pods -l cdk8s-patterns/color=green` lists the green pods.
 */
export const COLOR_LABEL = 'cdk8s-patterns/color';

/** One of the two identical environments of a blue-green release. */
export type DeploymentColor = 'blue' | 'green';

/** What one version of a release runs; everything else comes from the shared pod props. */
export interface ReleaseVersionProps {
  /**
   * `app.kubernetes.io/version` of this version's Deployment and pods, and its change cause
   * (`kubectl rollout history`). A label value: up to 63 letters, digits, `-`, `_`, `.`.
   */
  readonly version: string;
  /**
   * Replaces the image of the shared pod's only container.
   * @default - the image in the shared `containers`
   */
  readonly image?: string;
  /**
   * Replaces the shared `containers` entirely, for a version that changes more than the image.
   * @default - the shared `containers` (with `image`, if set)
   */
  readonly containers?: ContainerProps[];
  /**
   * Recorded as `kubernetes.io/change-cause` on this version's Deployment.
   * @default - the `version`
   */
  readonly changeCause?: string;
}

/** The blue or the green side of a `BlueGreenDeployment`. */
export interface BlueGreenVersionProps extends ReleaseVersionProps {
  /**
   * Pods of this colour; scale the idle colour down (even to 0) once you no longer need to switch back.
   * @default - the shared `replicas`
   */
  readonly replicas?: number;
}

export interface BlueGreenDeploymentProps extends Omit<RollingDeploymentProps, 'version' | 'changeCause'> {
  /**
   * `metadata.name` of the live Service; the Deployments are `<name>-blue` and `<name>-green`, the
   * preview Service `<name>-preview`.
   * @default - the construct ids below the chart joined with '-'
   */
  readonly name?: string;
  /** Annotations on both Deployments. @default - none */
  readonly annotations?: Record<string, string>;
  /** The blue Deployment's version and overrides of the shared pod props. */
  readonly blue: BlueGreenVersionProps;
  /** The green Deployment's version and overrides of the shared pod props. */
  readonly green: BlueGreenVersionProps;
  /**
   * The colour the live Service sends traffic to; the preview Service selects the other one.
   * Changing it changes nothing but the two Services' selectors.
   */
  readonly active: DeploymentColor;
  /** Ports of the live and the preview Service; target ports resolve against the pods as for `ClusterIpService`. */
  readonly ports: ServicePortProps[];
  /**
   * `metadata.name` of the preview Service, for testing the idle colour before switching.
   * @default - "<name>-preview"
   */
  readonly previewName?: string;
}

/**
 * Two copies of a workload, blue and green, each a `RollingDeployment` labelled with its colour and
 * version. The live Service selects the `active` colour; the preview Service the idle one. Deploy the
 * new version to the idle colour, test it through the preview Service, then flip `active`: the only
 * change in the manifests is the two Services' selectors, so switching (and switching back) is
 * instant and needs no pod to start.
 *
 * Labels: both Deployments and both Services share `app.kubernetes.io/instance` (`<chart>-<name>`),
 * so `kubectl get all -l app.kubernetes.io/instance=<chart>-<name>` lists them all. Each Deployment
 * keeps its own `app.kubernetes.io/name` (`<name>-blue`), which with the instance is its selector,
 * so neither Deployment ever adopts the other's pods.
 */
export class BlueGreenDeployment extends PatternConstruct {
  /** Defaults of the props above; the docs and the tests read these too. */
  public static readonly DEFAULTS = {
    previewSuffix: '-preview',
  } as const;

  public readonly name: string;
  /** The colour the live Service selects. */
  public readonly active: DeploymentColor;
  /** The colour the preview Service selects. */
  public readonly idle: DeploymentColor;
  public readonly blue: RollingDeployment;
  public readonly green: RollingDeployment;
  /** The Service clients use: it selects the `active` colour. */
  public readonly live: ClusterIpService;
  /** The Service for testing the idle colour. */
  public readonly preview: ClusterIpService;
  /** Labels of the Services, shared by both colours (no colour, no version). */
  public readonly labels: Record<string, string>;

  constructor(scope: Construct, id: string, props: BlueGreenDeploymentProps) {
    super(scope, id);
    const { blue, green, active, ports, previewName, name, annotations, labels, component, ...pod } = props;
    this.active = active;
    this.idle = active === 'blue' ? 'green' : 'blue';
    const checked = this.checkProps((problems) => {
      // The shared rollout props are checked once, here, rather than by both Deployments.
      const shared = sharedProps(pod, problems.passes(() => checkRollout(pod, problems)));
      const replicas = {
        blue: checkReplicas('blue.replicas', blue.replicas, problems) ? blue.replicas ?? shared.replicas : shared.replicas,
        green: checkReplicas('green.replicas', green.replicas, problems) ? green.replicas ?? shared.replicas : shared.replicas,
      };
      // The live Service's name, and the prefix of the others': a bad one (reported, in collect mode)
      // is not passed on to the children, which would report it again.
      const previewSuffix = BlueGreenDeployment.DEFAULTS.previewSuffix;
      const given = name ?? objectName(this);
      const nameOk = checkObjectName(given, problems, 'dns1035-label');
      const roomOk = checkNameRoom(given, ['-blue', '-green', ...(previewName === undefined ? [previewSuffix] : [])], problems);
      const liveName = nameOk && roomOk ? given : objectName(this);
      if (active !== 'blue' && active !== 'green') {
        problems.add('active', active, 'is not a colour', 'use "blue" or "green"');
      }
      const preview = previewName !== undefined && checkObjectName(previewName, problems, 'dns1035-label', { prop: 'previewName' })
        ? previewName
        : `${liveName}${previewSuffix}`;
      // Each Deployment's selector is its own name with the shared instance: one name for both would merge them.
      for (const key of [COLOR_LABEL, 'app.kubernetes.io/name']) checkOwnLabel(labels, key, 'BlueGreenDeployment', problems);
      const meta = checkLabelProps({ component, partOf: pod.partOf, labels }, problems);

      const { versions, containers } = checkVersions(pod.containers, { blue, green }, ['blue', 'green'],
        'switching would change what the Services forward to', problems);
      return { shared, replicas, liveName, preview, meta, versions, containers };
    });
    const { shared, replicas, preview, meta, versions, containers } = checked;
    this.name = checked.liveName;
    this.labels = recommendedLabels(this, this.name, meta);

    const deploy = (color: DeploymentColor, v: BlueGreenVersionProps) => new RollingDeployment(this, color, {
      ...shared,
      ...sharedAvailability(shared, shared.replicas),
      name: `${this.name}-${color}`,
      component: meta.component ?? this.name,
      partOf: meta.partOf,
      annotations,
      labels: { ...meta.labels, 'app.kubernetes.io/instance': this.labels['app.kubernetes.io/instance'], [COLOR_LABEL]: color },
      version: versions[color],
      changeCause: v.changeCause,
      replicas: replicas[color],
      containers: containers[color],
    });
    this.blue = deploy('blue', blue);
    this.green = deploy('green', green);

    const serve = (color: DeploymentColor) => {
      const d = this.deployment(color);
      return releaseTarget(d, this.labels, d.selectorLabels);
    };
    this.live = new ClusterIpService(this, 'live', { name: this.name, target: serve(this.active), ports });
    this.preview = new ClusterIpService(this, 'preview', { name: preview, target: serve(this.idle), ports });
  }

  /** The Deployment of `color`. */
  public deployment(color: DeploymentColor): RollingDeployment {
    return color === 'blue' ? this.blue : this.green;
  }
}
