/*
 * What Services, budgets, policies and releases need of a workload: its name, labels, pod selector
 * and ports. A leaf module, so that they import it without an import cycle through the pod spec.
 */
import type { IConstruct } from 'constructs';
import type { ContainerProps } from './container';

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
