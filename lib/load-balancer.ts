/*
 * Load balancers per cloud: the schemes and the Service annotations that request them. A leaf module,
 * shared by CloudProvider and the Ingress controllers without an import cycle between the two.
 */

/** The names `CloudProvider.fromName` accepts, e.g. from `CLOUD_PROVIDER=eks` (see main.ts). */
export type CloudProviderName = 'eks' | 'gke' | 'aks' | 'generic';

/** Who can reach a load balancer: anyone on the internet, or only the cluster's private network. */
export type LoadBalancerScheme = 'internet-facing' | 'internal';

/** @internal */
export interface LoadBalancerProfile {
  /** Annotations per scheme; `undefined`: the scheme cannot be requested on this provider. */
  readonly annotations: Record<LoadBalancerScheme, Record<string, string> | undefined>;
  /** Annotations that decide the scheme, so a user annotation setting one must agree with `scheme`. */
  readonly schemeKeys: readonly string[];
}

// Service annotations for `type: LoadBalancer`, verified against each provider's documentation:
// - EKS, AWS Load Balancer Controller >= 2.2 (NLB with IP targets; the controller's own default scheme is
//   internal, so it is always written): https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/
//   and https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/nlb/
// - GKE (internal passthrough NLB; backend-service-based external NLB, GKE's recommended external form):
//   https://cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters
// - AKS (public unless internal is "true"): https://learn.microsoft.com/azure/aks/internal-lb
//   and https://kubernetes-sigs.github.io/cloud-provider-azure/topics/loadbalancer/
const AWS_LB = 'service.beta.kubernetes.io/aws-load-balancer-';
/** @internal */
export const LOAD_BALANCERS: Record<CloudProviderName, LoadBalancerProfile> = {
  eks: {
    annotations: {
      'internet-facing': { [`${AWS_LB}type`]: 'external', [`${AWS_LB}nlb-target-type`]: 'ip', [`${AWS_LB}scheme`]: 'internet-facing' },
      'internal': { [`${AWS_LB}type`]: 'external', [`${AWS_LB}nlb-target-type`]: 'ip', [`${AWS_LB}scheme`]: 'internal' },
    },
    schemeKeys: [`${AWS_LB}scheme`, `${AWS_LB}internal`],
  },
  gke: {
    annotations: {
      'internet-facing': { 'cloud.google.com/l4-rbs': 'enabled' },
      'internal': { 'networking.gke.io/load-balancer-type': 'Internal' },
    },
    schemeKeys: ['networking.gke.io/load-balancer-type'],
  },
  aks: {
    annotations: {
      'internet-facing': { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'false' },
      'internal': { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' },
    },
    schemeKeys: ['service.beta.kubernetes.io/azure-load-balancer-internal'],
  },
  generic: {
    annotations: { 'internet-facing': {}, 'internal': undefined },
    schemeKeys: [],
  },
};
