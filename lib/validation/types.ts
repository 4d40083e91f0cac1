// The validator's public types, in a leaf module so that its private modules import them without a cycle through index.ts.

/** Kubernetes versions whose API schemas are vendored (schemas/kubernetes). */
export const KUBERNETES_VERSIONS = ['1.27', '1.35'] as const;
export type KubernetesVersion = (typeof KUBERNETES_VERSIONS)[number];

export type FindingSeverity = 'error' | 'warning';

/** One problem in a set of manifests. */
export interface Finding {
  /** Stable id of the check, e.g. `schema`, `dns1123-name`, `pss-restricted/run-as-non-root`. */
  readonly rule: string;
  /** `error`: the API server rejects it or it cannot work. `warning`: it may be fine, check it. */
  readonly severity: FindingSeverity;
  /** `Kind/namespace/name` (`Kind/name` for cluster-scoped kinds). */
  readonly object: string;
  /** Where in the object, e.g. `spec.template.spec.containers[name=app].ports[name=http]`. */
  readonly path: string;
  /** What is wrong, the value received, and how to fix it. */
  readonly message: string;
}

export interface ValidateOptions {
  /**
   * Validate against the API of each of these Kubernetes versions. A finding that only some
   * versions produce says which.
   * @default ['1.27', '1.35']
   */
  readonly kubernetesVersions?: KubernetesVersion[];
  /**
   * Pod Security Standards level for every pod template; a workload opts down (or up) with
   * the `POD_SECURITY_ANNOTATION` annotation.
   * @default 'restricted'
   */
  readonly podSecurity?: 'restricted' | 'baseline';
  /**
   * Namespace of objects that set none, when matching objects to each other.
   * @default 'default'
   */
  readonly defaultNamespace?: string;
  /**
   * What a reference to an object absent from the manifests is: a Service an Ingress or route
   * names, an HPA's scale target, the pods a Service or budget selects, the CRD of a custom
   * resource. `open`: a warning, since it may exist in the cluster already. `closed`: the
   * manifests are the whole app, so it is an error.
   * @default 'open'
   */
  readonly world?: 'open' | 'closed';
}
