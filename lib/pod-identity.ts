/*
 * What a pod needs of its ServiceAccount, in a leaf module so that the pod spec does not import the
 * ServiceAccount construct (and, through it, the cloud profiles).
 */
import { IConstruct } from 'constructs';

/** A ServiceAccount that pods can run as: `ServiceAccount`. */
export interface IServiceAccount extends IConstruct {
  readonly name: string;
  /** Labels the pods of this account need (AKS workload identity). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Whether a role is bound to this account: then its pods mount an API token by default. */
  readonly hasRoles: boolean;
}
