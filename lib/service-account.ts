import { Construct, IConstruct } from 'constructs';
import * as k8s from './private/k8s';
import { CloudProvider, CloudProviderName } from './cloud-provider';
import { checkLabelProps, MetadataProps, recommendedLabels } from './labels';
import type { IServiceAccount } from './pod-identity';
import { PatternConstruct, Problems } from './private/construct-base';
import { checkObjectName, namespaceOf, objectName } from './private/names';

/** The clouds a workload identity is for. */
export type WorkloadIdentityProvider = Exclude<CloudProviderName, 'generic'>;

/**
 * A cloud identity the pods of a ServiceAccount act as, without keys: the ServiceAccount annotation (and,
 * on AKS, the pod label) that the cloud's webhook or metadata server reads.
 */
export class WorkloadIdentity {
  /**
   * EKS IAM roles for service accounts (IRSA): the annotation `eks.amazonaws.com/role-arn`.
   * EKS Pod Identity, the newer way, needs no annotation: the role is associated with the ServiceAccount
   * through the EKS API (`aws eks create-pod-identity-association`), so no `WorkloadIdentity` is needed for it.
   * @see https://docs.aws.amazon.com/eks/latest/eksctl/iamserviceaccounts.html
   * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
   */
  public static awsIamRole(roleArn: string): WorkloadIdentity {
    return new WorkloadIdentity('eks', 'roleArn', roleArn, { 'eks.amazonaws.com/role-arn': roleArn }, {});
  }

  /**
   * GKE Workload Identity with a Google service account: the annotation `iam.gke.io/gcp-service-account`.
   * (Granting IAM roles to the Kubernetes ServiceAccount's principal directly needs no annotation.)
   * @see https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity
   */
  public static gcpServiceAccount(email: string): WorkloadIdentity {
    return new WorkloadIdentity('gke', 'email', email, { 'iam.gke.io/gcp-service-account': email }, {});
  }

  /**
   * AKS (Microsoft Entra) Workload ID: the annotation `azure.workload.identity/client-id` on the ServiceAccount,
   * and the label `azure.workload.identity/use: "true"` on the pods, which the webhook requires to inject the token.
   * @see https://azure.github.io/azure-workload-identity/docs/topics/service-account-labels-and-annotations.html
   */
  public static azureClientId(clientId: string): WorkloadIdentity {
    return new WorkloadIdentity('aks', 'clientId', clientId, { 'azure.workload.identity/client-id': clientId },
      { 'azure.workload.identity/use': 'true' });
  }

  private constructor(
    public readonly provider: WorkloadIdentityProvider,
    /** @internal */ public readonly _prop: string,
    /** @internal */ public readonly _value: string,
    /** The ServiceAccount annotations. */
    public readonly annotations: Readonly<Record<string, string>>,
    /** The labels the pods need. */
    public readonly podLabels: Readonly<Record<string, string>>,
  ) {}
}

const IDENTITY_FORMATS: Record<WorkloadIdentityProvider, { readonly pattern: RegExp; readonly fix: string }> = {
  eks: { pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
    fix: 'use an IAM role ARN such as "arn:aws:iam::111122223333:role/pantry-reader"' },
  gke: { pattern: /^[a-z][-a-z0-9]{4,28}[a-z0-9]@[-a-z0-9.]+\.iam\.gserviceaccount\.com$/,
    fix: 'use a service account email such as "pantry@my-project.iam.gserviceaccount.com"' },
  aks: { pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    fix: 'use the managed identity\'s client ID, a GUID such as "00000000-1111-2222-3333-444444444444"' },
};

/** What `ServiceAccount.grant` binds: a `Role` or `ClusterRole`. */
export interface IRole extends IConstruct {
  readonly name: string;
  /** @internal Creates the binding of `subject` to this role. */
  _bindTo(subject: ServiceAccount, options: GrantOptions): IConstruct;
}

/** Options of `ServiceAccount.grant`. */
export interface GrantOptions {
  /**
   * Bind a ClusterRole in every namespace (a ClusterRoleBinding). Otherwise a ClusterRole is bound in
   * the ServiceAccount's namespace only (a RoleBinding), which is what least privilege wants.
   * @default false
   */
  readonly clusterWide?: boolean;
}

export interface ServiceAccountProps extends MetadataProps {
  /** A cloud identity the pods act as. Must fit the chart's cloud provider, if one is set. @default - none */
  readonly workloadIdentity?: WorkloadIdentity;
}

/**
 * The identity of a workload's pods towards the Kubernetes API (and, with `workloadIdentity`, its cloud).
 * Workloads take it as `serviceAccount`; they mount an API token only when it has a role bound
 * (`grant`, or a `RoleBinding` naming it), since a token without a role is only a risk.
 */
export class ServiceAccount extends PatternConstruct implements IServiceAccount {
  public readonly apiObject: k8s.KubeServiceAccount;
  public readonly name: string;
  /** The chart's namespace, which bindings name. */
  public readonly namespace: string | undefined;
  /** Labels the pods of this account need (AKS workload identity). */
  public readonly podLabels: Readonly<Record<string, string>>;
  private readonly bindings: IConstruct[] = [];

  constructor(scope: Construct, id: string, props: ServiceAccountProps = {}) {
    super(scope, id);
    const name = props.name ?? objectName(this);
    const meta = this.checkProps((problems) => {
      checkObjectName(name, problems, 'dns1123-subdomain');
      if (props.workloadIdentity) checkIdentity(this, props.workloadIdentity, problems);
      return checkLabelProps(props, problems);
    });
    this.name = name;
    this.namespace = namespaceOf(this);
    this.podLabels = props.workloadIdentity?.podLabels ?? {};
    this.apiObject = new k8s.KubeServiceAccount(this, 'Resource', {
      metadata: {
        name,
        labels: recommendedLabels(this, name, meta),
        annotations: { ...props.annotations, ...props.workloadIdentity?.annotations },
      },
      // The pods decide (automountServiceAccountToken on their spec); the account mounts nothing by itself.
      automountServiceAccountToken: false,
    });
  }

  /** Whether a role is bound to this account: then its pods mount an API token by default. */
  public get hasRoles(): boolean {
    return this.bindings.length > 0;
  }

  /** Binds `role` to this account; returns the RoleBinding (or, with `clusterWide`, the ClusterRoleBinding). */
  public grant(role: IRole, options: GrantOptions = {}): IConstruct {
    return role._bindTo(this, options);
  }

  /** @internal Called by the bindings that name this account. */
  public _addBinding(binding: IConstruct): void {
    this.bindings.push(binding);
  }
}

function checkIdentity(scope: IConstruct, identity: WorkloadIdentity, problems: Problems): void {
  const format = IDENTITY_FORMATS[identity.provider];
  if (!format.pattern.test(identity._value)) {
    problems.add(`workloadIdentity.${identity._prop}`, identity._value, `is not a ${identity.provider.toUpperCase()} workload identity`, format.fix);
  }
  const cloud = CloudProvider.of(scope);
  if (cloud !== CloudProvider.GENERIC && cloud.name !== identity.provider) {
    problems.add('workloadIdentity', identity.provider,
      `is for ${identity.provider.toUpperCase()}, but the chart's cloud provider is ${cloud.name.toUpperCase()}`,
      'pick the identity of the chart\'s cloud, or leave workloadIdentity out for this cloud');
  }
}
