import { IConstruct } from 'constructs';
import { IngressController } from './ingress-controller';
import { CloudProviderName, LOAD_BALANCERS, LoadBalancerScheme } from './load-balancer';
import { Problems, propsError } from './private/construct-base';

// Load-balancer schemes and annotation keys live in a leaf module; the types stay importable from here.
export type { CloudProviderName, LoadBalancerScheme } from './load-balancer';

/**
 * Construct context key holding the `CloudProviderName` of everything below the construct it is set
 * on. `CloudProvider.use()` sets it; setting it on the App by other means works too.
 */
export const CLOUD_PROVIDER_CONTEXT = 'cdk8s-patterns:cloudProvider';

/** A name that is none of `CloudProvider.ALL`, passed to `named` or set in the context. */
const UNKNOWN_PROVIDER = 'is not a known cloud provider';


/**
 * The cloud a chart is deployed to. It decides what only the cloud can: the annotations of a
 * `LoadBalancerService` (internet-facing or internal) and the default Ingress controller of a
 * `RoutingIngress`. Set it once per chart (or app) before adding constructs:
 *
 * ```ts
 * class ShopChart extends Chart {
 *   constructor(scope: Construct, id: string) {
 *     super(scope, id);
 *     CloudProvider.use(this, CloudProvider.EKS);
 *     // ... constructs created here get EKS annotations
 *   }
 * }
 * ```
 * Without it everything is `GENERIC`: plain Kubernetes, no cloud annotations.
 */
export class CloudProvider {
  /** Amazon EKS with the AWS Load Balancer Controller: NLBs with IP targets, ALB Ingress. */
  public static readonly EKS = new CloudProvider('eks', 'EKS', IngressController.AWS_ALB);
  /** Google GKE: passthrough NLBs (backend-service-based when external), GCE Ingress. */
  public static readonly GKE = new CloudProvider('gke', 'GKE', IngressController.GCE);
  /** Azure AKS: Azure Load Balancer, Application Gateway Ingress Controller. */
  public static readonly AKS = new CloudProvider('aks', 'AKS', IngressController.AZURE_APPLICATION_GATEWAY);
  /** Any conformant cluster: no cloud annotations, and Ingresses use the cluster's default class. */
  public static readonly GENERIC = new CloudProvider('generic', 'a generic cluster', IngressController.GENERIC);
  public static readonly ALL: readonly CloudProvider[] = [CloudProvider.EKS, CloudProvider.GKE, CloudProvider.AKS, CloudProvider.GENERIC];

  /** The provider named `name` (`eks`, `gke`, `aks`, `generic`); throws for any other name. */
  public static fromName(name: string): CloudProvider {
    const hit = CloudProvider.ALL.find((p) => p.name === name);
    if (!hit) {
      const names = CloudProvider.ALL.map((p) => `"${p.name}"`).join(', ');
      throw propsError(undefined, 'cloudProvider', name, UNKNOWN_PROVIDER, `use one of ${names}`);
    }
    return hit;
  }

  /**
   * Makes `provider` the profile of everything created below `scope` from now on. Call it first in
   * the chart's constructor (or on the App before adding charts): construct context can only be set
   * on a scope that has no children yet.
   */
  public static use(scope: IConstruct, provider: CloudProvider): void {
    const children = scope.node.children.map((c) => `"${c.node.id}"`);
    if (children.length > 0) {
      throw propsError(scope, 'cloudProvider', provider.name, `must be set before anything is added to this scope (it already has `
        + `${children.join(', ')})`,
        'call CloudProvider.use() first thing in the chart\'s constructor, or on the App before adding charts');
    }
    scope.node.setContext(CLOUD_PROVIDER_CONTEXT, provider.name);
  }

  /** The provider set for `scope` or its nearest ancestor, else `GENERIC`. */
  public static of(scope: IConstruct): CloudProvider {
    const name = scope.node.tryGetContext(CLOUD_PROVIDER_CONTEXT);
    if (name === undefined) return CloudProvider.GENERIC;
    const hit = CloudProvider.ALL.find((p) => p.name === name);
    if (!hit) {
      const names = CloudProvider.ALL.map((p) => `"${p.name}"`).join(', ');
      throw propsError(scope, `context ${CLOUD_PROVIDER_CONTEXT}`, name, UNKNOWN_PROVIDER,
        `set one of ${names}, or use CloudProvider.use()`);
    }
    return hit;
  }

  private constructor(
    public readonly name: CloudProviderName,
    /** How messages name the provider. */
    public readonly displayName: string,
    /** The Ingress controller a `RoutingIngress` uses on this provider unless given another. */
    public readonly ingressController: IngressController,
  ) {}

  /** Whether a `LoadBalancerService` can ask this provider for `scheme`. */
  public supportsLoadBalancerScheme(scheme: LoadBalancerScheme): boolean {
    return LOAD_BALANCERS[this.name].annotations[scheme] !== undefined;
  }

  /**
   * @internal The annotations that give a LoadBalancer Service `scheme` here. A user annotation
   * that decides the scheme differently is reported; the others may override the profile's.
   */
  public _loadBalancerAnnotations(scheme: LoadBalancerScheme, user: Record<string, string> | undefined, problems: Problems): Record<string, string> {
    const profile = LOAD_BALANCERS[this.name];
    const annotations = profile.annotations[scheme];
    if (!annotations) {
      problems.add('scheme', scheme, `cannot be requested on ${this.displayName}: only the cloud's own annotations make a load balancer ${scheme}`,
        'call CloudProvider.use(chart, CloudProvider.EKS | GKE | AKS) for your cloud, or leave scheme unset and pass your cloud\'s annotation in '
        + 'annotations');
      return {};
    }
    for (const key of profile.schemeKeys) {
      const value = user?.[key];
      if (value === undefined || value === annotations[key]) continue;
      const rule = annotations[key] === undefined
        ? `contradicts scheme ("${scheme}"), which ${this.displayName} expresses without this annotation`
        : `contradicts scheme ("${scheme}"), which sets it to "${annotations[key]}"`;
      problems.add(`annotations["${key}"]`, value, rule, 'remove the annotation, and set scheme instead');
    }
    return { ...annotations };
  }
}
