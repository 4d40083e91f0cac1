import * as k8s from './private/k8s';
import { Construct } from 'constructs';
import { KubernetesWindow } from './kubernetes-version';
import { PodWorkloadBase } from './private/pod-workload';
import { buildPodSpec, PodSpecProps } from './pod-spec';
import { enumField } from './rules/enums';

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
export class MultiContainerPod extends PodWorkloadBase {
  /** The Pod object, for anything this construct does not model. */
  public readonly apiObject: k8s.KubePod;

  constructor(scope: Construct, id: string, props: MultiContainerPodProps) {
    super(scope, id, props);
    const pod = this.checkProps((problems) => {
      if (props.restartPolicy !== undefined) problems.check('restartPolicy', props.restartPolicy, enumField('restartPolicy', props.restartPolicy));
      return this.usePod(buildPodSpec(this.name, props, problems, KubernetesWindow.of(this)));
    });
    this.apiObject = new k8s.KubePod(this, 'Resource', {
      metadata: { name: this.name, labels: { ...this.labels, ...pod.labels }, annotations: { ...props.annotations, ...pod.annotations } },
      spec: { ...pod.spec, restartPolicy: props.restartPolicy },
    });
  }
}
