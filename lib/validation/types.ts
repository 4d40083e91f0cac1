// The validator's public types, in a leaf module so that its private modules import them without a cycle through index.ts.

/**
 * Kubernetes releases whose API schemas are vendored (schemas/kubernetes), oldest first. 1.27 stays for
 * users stuck on it; the default window is 1.32 to 1.36 (see `DEFAULT_KUBERNETES_WINDOW`).
 */
export const KUBERNETES_VERSIONS = ['1.27', '1.32', '1.35', '1.36'] as const;
export type KubernetesVersion = (typeof KUBERNETES_VERSIONS)[number];

/**
 * The Kubernetes releases an app deploys to: every synth is checked against both ends, and features
 * newer than `oldest` are refused. Both ends must be vendored releases (`KUBERNETES_VERSIONS`).
 */
export interface KubernetesWindow {
  /** The oldest release any target cluster runs: decides which features the manifests may use. */
  readonly oldest: KubernetesVersion;
  /** The newest release any target cluster runs: decides which removed APIs are errors. */
  readonly newest: KubernetesVersion;
}

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
   * The releases the manifests deploy to. The schemas of both ends are checked; an API deprecated by
   * `newest` is a warning, one removed by `newest` an error, and a field whose feature `oldest` lacks
   * (native sidecars before 1.29...) an error.
   * @default - `kubernetesVersions`' oldest and newest if that is set, else `DEFAULT_KUBERNETES_WINDOW` (1.32 to 1.36)
   */
  readonly window?: KubernetesWindow;
  /**
   * Validate against the API of exactly these Kubernetes versions (instead of the window's two ends).
   * A finding that only some versions produce says which. Without `window`, the window is the
   * oldest and newest of these.
   * @default - the window's two ends
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
