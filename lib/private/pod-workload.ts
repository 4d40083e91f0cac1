/*
 * What every construct that runs pods shares (Job, CronJob, DaemonSet, StatefulSet, MultiContainerPod,
 * RollingDeployment): its name and the name rule of its kind, its recommended and selector labels, and the
 * ports and containers of its pod. Each workload file then says only what is its own: its spec and its kind.
 */
import { Construct } from 'constructs';
import type * as k8s from '../../imports/k8s';
import type { ContainerProps } from '../container';
import { checkLabelProps, MetadataProps, recommendedLabels, selectorLabels } from '../labels';
import type { BuiltPodSpec } from '../pod-spec';
import type { NameRule } from '../rules/names';
import type { Violation } from '../rules/violation';
import type { IPodWorkload, PodPort } from '../workload';
import { PatternConstruct, Problems } from './construct-base';
import { checkObjectName, objectName } from './names';

/** How a kind's object names are checked, beyond the default DNS-1123 label. */
export interface WorkloadNaming {
  /** @default 'dns1123-label' */
  readonly rule?: NameRule;
  /** A rule of the kind itself (a CronJob's shorter names), checked when `rule` passes. */
  readonly kindRule?: (name: string) => Violation | undefined;
  /** The longest name the kind allows: the generated name that replaces an invalid one is cut to it. @default - no cut */
  readonly maxLength?: number;
}

/**
 * The base of the pod workloads. Its constructor checks the name and the label props; their problems
 * are reported with the workload's own, by the workload's one `checkProps` call, which must come next.
 */
export abstract class PodWorkloadBase extends PatternConstruct implements IPodWorkload {
  /** `metadata.name` of the workload. */
  public readonly name: string;
  /** The recommended labels of the workload; objects that serve it reuse them. */
  public readonly labels: Record<string, string>;
  /** Labels that select exactly this workload's pods. */
  public readonly selectorLabels: Record<string, string>;
  private pending?: Problems;
  private pod?: BuiltPodSpec;

  constructor(scope: Construct, id: string, props: MetadataProps, naming: WorkloadNaming = {}) {
    super(scope, id);
    const problems = new Problems(this);
    const name = props.name ?? objectName(this);
    // A bad name (reported in collect mode) is not passed on to the children that derive theirs from it.
    const nameOk = checkObjectName(name, problems, naming.rule ?? 'dns1123-label')
      && (!naming.kindRule || problems.check('name', name, naming.kindRule(name)));
    this.name = nameOk ? name : fallbackName(this, naming.maxLength);
    this.labels = recommendedLabels(this, this.name, checkLabelProps(props, problems));
    this.selectorLabels = selectorLabels(this.labels);
    this.pending = problems;
  }

  /** Every port declared by the pod's containers and native sidecars (not by its regular init containers). */
  public get ports(): readonly PodPort[] {
    return this.pod?.ports ?? [];
  }

  /** The pod's containers, with their resolved names. */
  public get containers(): readonly (ContainerProps & { readonly name: string })[] {
    return this.pod?.containers ?? [];
  }

  /** The pod's native sidecars (init containers with `restartPolicy: Always`), with their resolved names. */
  public get sidecars(): readonly (ContainerProps & { readonly name: string })[] {
    return this.pod?.sidecars ?? [];
  }

  /** @internal Runs the workload's prop checks after those of its name and labels, and reports them all together. */
  protected checkProps<T>(check: (problems: Problems) => T): T {
    const pending = this.pending;
    this.pending = undefined;
    return super.checkProps(check, pending);
  }

  /** @internal The pod the workload runs, whose ports and containers it exposes; returns it. */
  protected usePod(pod: BuiltPodSpec): BuiltPodSpec {
    this.pod = pod;
    return pod;
  }

  /** @internal The workload object's metadata. */
  protected metadata(annotations: Record<string, string> | undefined): k8s.ObjectMeta {
    return { name: this.name, labels: this.labels, annotations };
  }

  /** @internal The pod template's metadata: the workload's labels and those the pod needs. */
  protected templateMetadata(annotations: Record<string, string> | undefined = this.pod?.annotations): k8s.ObjectMeta {
    return { labels: { ...this.labels, ...this.pod?.labels }, annotations };
  }
}

function fallbackName(scope: Construct, maxLength: number | undefined): string {
  const generated = objectName(scope);
  return maxLength === undefined ? generated : generated.slice(0, maxLength).replace(/-+$/, '');
}
