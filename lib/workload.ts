/*
 * What Services, budgets, policies, releases and autoscalers need of a workload: its name, labels, pod
 * selector, ports and replica hooks. A leaf module, so that they import it without an import cycle through the pod spec.
 */
import type { IConstruct } from 'constructs';
import type { ContainerProps } from './container';
import type { Problems } from './private/construct-base';

/** A port some container of a pod listens on. */
export interface PodPort {
  readonly container: string;
  readonly number: number;
  readonly name?: string;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
}

/** Something whose pods a Service, PDB or NetworkPolicy can select. */
export interface IPodWorkload extends IConstruct {
  /** `metadata.name` of the workload. */
  readonly name: string;
  /** The recommended labels of the workload; objects that serve it reuse them. */
  readonly labels: Record<string, string>;
  /** Labels that select exactly this workload's pods. */
  readonly selectorLabels: Record<string, string>;
  /** Every port declared by the pod's containers and native sidecars (not by its regular init containers). */
  readonly ports: readonly PodPort[];
  /** The pod's containers, with their resolved names. */
  readonly containers: readonly (ContainerProps & { readonly name: string })[];
  /** The pod's native sidecars, with their resolved names. @default - none */
  readonly sidecars?: readonly (ContainerProps & { readonly name: string })[];
}

/** @internal A resource an autoscaler acts on. */
export type ScaledResource = 'cpu' | 'memory';

/** @internal What a workload needs to know of the HorizontalAutoscaler that owns its replicas. */
export interface ReplicaScaler extends IConstruct {
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

/** @internal A metric of a HorizontalAutoscaler, for the VPA conflict check. */
export interface ScalingSignal {
  readonly resource: ScaledResource;
  readonly prop: string;
  readonly value: number;
}

/** How an autoscaler names its target (`scaleTargetRef` of an HPA, `targetRef` of a VPA). */
export interface ScaleTargetReference {
  readonly apiVersion: 'apps/v1';
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly name: string;
}

/**
 * A workload that `HorizontalAutoscaler` and `VerticalAutoscaler` can scale: `RollingDeployment` and
 * `StatefulSet`. The autoscaler asks it first whether it may attach (a pinned `replicas`, a second
 * autoscaler or a fight between HPA and VPA are errors), then attaches.
 */
export interface IScalableWorkload extends IPodWorkload {
  /** The reference an autoscaler puts in its spec. */
  readonly scaleTargetRef: ScaleTargetReference;
  /** The fewest pods the workload runs: its replicas, or its autoscaler's minReplicas. */
  readonly minReplicas: number;
  /** The most pods the workload runs: its replicas, or its autoscaler's maxReplicas. */
  readonly maxReplicas: number;
  /** The HorizontalAutoscaler managing `spec.replicas`, if one was attached. */
  readonly autoscaler?: IConstruct;
  /** The VerticalAutoscaler resizing the pods, if one was attached. */
  readonly verticalAutoscaler?: IConstruct;
  /** @internal Called by `HorizontalAutoscaler` before it attaches: can it own `spec.replicas`? */
  _checkAutoscaler(problems: Problems, signals?: readonly ScalingSignal[]): void;
  /** @internal From now on the autoscaler owns `spec.replicas`. */
  _attachAutoscaler(scaler: ReplicaScaler, signals?: readonly ScalingSignal[]): void;
  /** @internal Called by `VerticalAutoscaler` before it attaches; `resources` are those it resizes. */
  _checkVerticalAutoscaler(problems: Problems, resources: readonly ScaledResource[]): void;
  /** @internal */
  _attachVerticalAutoscaler(resizer: IConstruct, resources: readonly ScaledResource[]): void;
}
