/*
 * Enumerated fields that the vendored OpenAPI schemas cannot check (cdk8s's conversion carries no enums), in one
 * table: which values Kubernetes knows for each, from the validation code that rejects the others (field.NotSupported),
 * and where each appears by kind and path. validateManifests walks ENUM_FIELDS (lib/validation/enum-rules.ts); the
 * constructs check their typed props with `enumField` (JavaScript callers and casts get past the types).
 */
import type { KubernetesFeature } from '../kubernetes-version';
import { oneOf } from './numbers';
import { Violation } from './violation';

export interface Enumeration {
  /** What a value is, to follow "is not a": `pull policy`. */
  readonly what: string;
  /** The values every release of the library's range (1.27 and later) knows, in the order the fix lists them. */
  readonly values: readonly string[];
  /**
   * Values a later release added, with the feature whose first release has them. This check accepts them; the
   * window check (rule `kubernetes-window`, lib/validation/window-features.ts) reports them when the window's oldest
   * release lacks the feature, as the API server of that release rejects them.
   */
  readonly later?: Readonly<Record<string, KubernetesFeature>>;
  /** The Kubernetes source that lists the values (kubernetes/kubernetes, pkg/apis/...). */
  readonly source: string;
}

const CORE = 'pkg/apis/core/validation/validation.go';

export const ENUMERATIONS = {
  pullPolicy: { what: 'pull policy', values: ['Always', 'IfNotPresent', 'Never'], source: `${CORE} validatePullPolicy` },
  protocol: { what: 'protocol', values: ['TCP', 'UDP', 'SCTP'], source: `${CORE} supportedPortProtocols` },
  httpScheme: { what: 'URL scheme', values: ['HTTP', 'HTTPS'], source: `${CORE} validateHTTPGetAction, supportedHTTPSchemes` },
  restartPolicy: { what: 'restart policy', values: ['Always', 'OnFailure', 'Never'], source: `${CORE} validateRestartPolicy` },
  serviceType: {
    what: 'Service type', values: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'], source: `${CORE} ValidateService, supportedServiceType`,
  },
  trafficPolicy: { what: 'traffic policy', values: ['Cluster', 'Local'], source: `${CORE} validateServiceInternalTrafficFieldsValue` },
  trafficDistribution: {
    what: 'traffic distribution', values: ['PreferClose'], source: `${CORE} validateServiceTrafficDistribution`,
    later: { PreferSameZone: 'trafficDistributionPreferSame', PreferSameNode: 'trafficDistributionPreferSame' },
  },
  deploymentStrategy: {
    what: 'Deployment strategy', values: ['RollingUpdate', 'Recreate'], source: 'pkg/apis/apps/validation/validation.go ValidateDeploymentStrategy',
  },
  evictionPolicy: {
    what: 'policy', values: ['AlwaysAllow', 'IfHealthyBudget'],
    source: 'pkg/apis/policy/validation/validation.go supportedUnhealthyPodEvictionPolicies',
  },
  policyType: {
    what: 'policy type', values: ['Ingress', 'Egress'], source: 'pkg/apis/networking/validation/validation.go ValidateNetworkPolicySpec',
  },
} as const satisfies Record<string, Enumeration>;

export type EnumerationName = keyof typeof ENUMERATIONS;

/**
 * Where each enumerated field is: the kind as `Kind` (core) or `Kind.group`, or `PodSpec` for every pod spec (a Pod's,
 * every workload's template); the path from the object (or the pod spec), `[]` stepping into each entry of a list;
 * the rows of docs/rule-coverage.md it covers.
 */
export interface EnumeratedField {
  readonly kind: string;
  readonly path: string;
  readonly enumeration: EnumerationName;
  readonly rows: string;
}

const CONTAINER_FIELDS: readonly [string, EnumerationName, string][] = [
  ['imagePullPolicy', 'pullPolicy', 'CTR-5'],
  ['ports[].protocol', 'protocol', 'PORT-4'],
  ...['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle.postStart', 'lifecycle.preStop']
    .map((handler): [string, EnumerationName, string] => [`${handler}.httpGet.scheme`, 'httpScheme', 'PRB-8']),
];

/*
 * A pod's `restartPolicy` (PO-2) is not walked here: lib/validation/pod-rules.ts reports it for every pod spec as rule
 * `restart-policy`, beside the workload-specific restart rules; MultiContainerPod checks its prop with `enumField`.
 */
export const ENUMERATED_FIELDS: readonly EnumeratedField[] = [
  ...['containers', 'initContainers'].flatMap((list) => CONTAINER_FIELDS.map(([path, enumeration, rows]) => (
    { kind: 'PodSpec', path: `${list}[].${path}`, enumeration, rows }))),
  { kind: 'Service', path: 'spec.type', enumeration: 'serviceType', rows: 'SVC-13' },
  { kind: 'Service', path: 'spec.ports[].protocol', enumeration: 'protocol', rows: 'SVC-8' },
  { kind: 'Service', path: 'spec.internalTrafficPolicy', enumeration: 'trafficPolicy', rows: 'SVC-27' },
  { kind: 'Service', path: 'spec.trafficDistribution', enumeration: 'trafficDistribution', rows: 'SVC-27' },
  { kind: 'Deployment.apps', path: 'spec.strategy.type', enumeration: 'deploymentStrategy', rows: 'DEP-8' },
  { kind: 'PodDisruptionBudget.policy', path: 'spec.unhealthyPodEvictionPolicy', enumeration: 'evictionPolicy', rows: 'PDB-5' },
  { kind: 'NetworkPolicy.networking.k8s.io', path: 'spec.ingress[].ports[].protocol', enumeration: 'protocol', rows: 'NP-3' },
  { kind: 'NetworkPolicy.networking.k8s.io', path: 'spec.egress[].ports[].protocol', enumeration: 'protocol', rows: 'NP-3' },
  { kind: 'NetworkPolicy.networking.k8s.io', path: 'spec.policyTypes[]', enumeration: 'policyType', rows: 'NP-9' },
];

/** Every value of each enumeration, the later ones last: what the fix lists. */
const ALLOWED = new Map<string, readonly string[]>(Object.entries(ENUMERATIONS).map(([name, e]: [string, Enumeration]) => (
  [name, [...e.values, ...Object.keys(e.later ?? {})]])));

/** A value of an enumerated field (`protocol: tcp`): one of the values Kubernetes knows for it. */
export function enumField(enumeration: EnumerationName, value: string): Violation | undefined {
  const allowed = ALLOWED.get(enumeration)!;
  return allowed.includes(value) ? undefined : oneOf(value, allowed, ENUMERATIONS[enumeration].what);
}
