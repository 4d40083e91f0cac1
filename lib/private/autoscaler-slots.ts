/*
 * The autoscalers attached to one workload, and the checks before attaching one. Shared by
 * RollingDeployment and StatefulSet so that both say the same thing about the same mistake.
 */
import type { IConstruct } from 'constructs';
import type { ReplicaScaler, ScaledResource, ScalingSignal } from '../workload';
import type { Problems } from './construct-base';

const FIGHT = 'the VPA resizes the requests that HPA utilization is measured against';

/** @internal */
export class AutoscalerSlots {
  public scaler?: ReplicaScaler;
  public resizer?: { readonly construct: IConstruct; readonly resources: readonly ScaledResource[] };
  private signals: readonly ScalingSignal[] = [];

  /** `noun` names the workload kind in fixes: "attach one HorizontalAutoscaler per deployment". */
  constructor(private readonly workload: IConstruct, private readonly noun: string) {}

  /** `pinned`: the replica count the user set on the workload, which an HPA would fight. */
  public checkHorizontal(problems: Problems, pinned: number | undefined, signals: readonly ScalingSignal[]): void {
    const path = this.workload.node.path;
    if (pinned !== undefined) {
      problems.add('target', path, `pins replicas (${pinned}), which the autoscaler would fight on every apply`,
        `remove replicas from "${path}" and set minReplicas instead`);
    }
    if (this.scaler) {
      problems.add('target', path, `is already scaled by "${this.scaler.node.path}"`, `attach one HorizontalAutoscaler per ${this.noun}`);
    }
    const resizer = this.resizer;
    for (const signal of resizer ? signals.filter((s) => resizer.resources.includes(s.resource)) : []) {
      problems.add(signal.prop, signal.value,
        `scales on ${signal.resource}, which VerticalAutoscaler "${resizer?.construct.node.path}" also resizes on "${path}", and the two `
        + `would fight (${FIGHT})`,
        `remove ${signal.resource} from the VerticalAutoscaler's controlledResources, set its updateMode to 'Off', or drop ${signal.prop}`);
    }
  }

  public attachHorizontal(scaler: ReplicaScaler, signals: readonly ScalingSignal[]): void {
    this.scaler = scaler;
    this.signals = signals;
  }

  public checkVertical(problems: Problems, resources: readonly ScaledResource[]): void {
    const path = this.workload.node.path;
    if (this.resizer) {
      problems.add('target', path, `is already resized by VerticalAutoscaler "${this.resizer.construct.node.path}"`,
        `attach one VerticalAutoscaler per ${this.noun}`);
    }
    const overlap = resources.filter((r) => this.signals.some((s) => s.resource === r));
    if (this.scaler && overlap.length > 0) {
      const other = overlap.length === 1 ? `, or scale the HorizontalAutoscaler on ${overlap[0] === 'cpu' ? 'memory' : 'cpu'} only` : '';
      problems.add('controlledResources', resources,
        `overlap ${overlap.join(' and ')}, which HorizontalAutoscaler "${this.scaler.node.path}" scales "${path}" on, and the two would `
        + `fight (${FIGHT})`,
        `remove ${overlap.join(' and ')} from controlledResources, set updateMode: 'Off' to keep only recommendations${other}`);
    }
  }

  public attachVertical(resizer: IConstruct, resources: readonly ScaledResource[]): void {
    this.resizer = { construct: resizer, resources };
  }
}
