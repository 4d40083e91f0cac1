import * as k8s from './private/k8s';
import { Construct } from 'constructs';
import { ContainerProps } from './container';
import { KubernetesWindow } from './kubernetes-version';
import { checkLabelProps, recommendedLabels, selectorLabels } from './labels';
import { PatternConstruct } from './private/construct-base';
import { checkObjectName, objectName } from './private/names';
import { buildPodSpec, IPodWorkload, PodPort, PodSpecProps } from './pod-spec';

export interface MultiContainerPodProps extends PodSpecProps {
  /**
   * What the kubelet does when a container exits.
   * @default 'Always'
   */
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
}

/**
 * A bare Pod of cooperating containers — the app plus its sidecars — that reach each other on
 * `localhost` and exchange files through shared `emptyDir` volumes. Helpers that only serve the app
 * (log shippers, proxies) go in `sidecars`: native sidecars start before the app and stop after it.
 *
 * A bare Pod is not rescheduled when its node dies; use `RollingDeployment` (which takes the same
 * `containers`/`volumes` props) for anything that must stay up.
 */
const RESTART_POLICIES: readonly string[] = ['Always', 'OnFailure', 'Never'];

export class MultiContainerPod extends PatternConstruct implements IPodWorkload {
  /** The Pod object, for anything this construct does not model. */
  public readonly apiObject: k8s.KubePod;
  public readonly name: string;
  public readonly labels: Record<string, string>;
  public readonly selectorLabels: Record<string, string>;
  public readonly ports: readonly PodPort[];
  public readonly containers: readonly (ContainerProps & { readonly name: string })[];
  /** The pod's native sidecars (init containers with `restartPolicy: Always`), with their resolved names. */
  public readonly sidecars: readonly (ContainerProps & { readonly name: string })[];

  constructor(scope: Construct, id: string, props: MultiContainerPodProps) {
    super(scope, id);
    const name = props.name ?? objectName(this);
    // A bad name (reported in collect mode) is not passed on to the container that derives its own from it.
    const { podName, meta, pod } = this.checkProps((problems) => {
      const podName = checkObjectName(name, problems, 'dns1123-label') ? name : objectName(this);
      if (props.restartPolicy !== undefined && !RESTART_POLICIES.includes(props.restartPolicy)) {
        problems.add('restartPolicy', props.restartPolicy, 'is not a restart policy', 'use "Always", "OnFailure" or "Never" (case matters)');
      }
      return { podName, meta: checkLabelProps(props, problems), pod: buildPodSpec(podName, props, problems, KubernetesWindow.of(this)) };
    });
    this.name = podName;
    this.labels = recommendedLabels(this, this.name, meta);
    this.selectorLabels = selectorLabels(this.labels);

    this.ports = pod.ports;
    this.containers = pod.containers;
    this.sidecars = pod.sidecars;
    this.apiObject = new k8s.KubePod(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: { ...this.labels, ...pod.labels },
        annotations: { ...props.annotations, ...pod.annotations },
      },
      spec: { ...pod.spec, restartPolicy: props.restartPolicy },
    });
  }
}
