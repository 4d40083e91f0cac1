import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { ContainerProps } from './container';
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
 * `localhost` and exchange files through shared `emptyDir` volumes.
 *
 * A bare Pod is not rescheduled when its node dies; use `RollingDeployment` (which takes the same
 * `containers`/`volumes` props) for anything that must stay up.
 */
export class MultiContainerPod extends PatternConstruct implements IPodWorkload {
  /** The Pod object, for anything this construct does not model. */
  public readonly apiObject: k8s.KubePod;
  public readonly name: string;
  public readonly labels: Record<string, string>;
  public readonly selectorLabels: Record<string, string>;
  public readonly ports: readonly PodPort[];
  public readonly containers: readonly (ContainerProps & { readonly name: string })[];

  constructor(scope: Construct, id: string, props: MultiContainerPodProps) {
    super(scope, id);
    const name = props.name ?? objectName(this);
    // A bad name (reported in collect mode) is not passed on to the container that derives its own from it.
    const { podName, meta, pod } = this.checkProps((problems) => {
      const podName = checkObjectName(name, problems, 'dns1123-label') ? name : objectName(this);
      return { podName, meta: checkLabelProps(props, problems), pod: buildPodSpec(podName, props, problems) };
    });
    this.name = podName;
    this.labels = recommendedLabels(this, this.name, meta);
    this.selectorLabels = selectorLabels(this.labels);

    this.ports = pod.ports;
    this.containers = pod.containers;
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
