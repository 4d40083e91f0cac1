/*
 * RBAC rules on one PolicyRule value: which API group serves a resource, and which resources only a
 * ClusterRole can grant. The API server accepts a rule that names a resource in the wrong group (it
 * then grants nothing), so these are the mistakes it lets through.
 * Groups and scopes: `kubectl api-resources` of Kubernetes 1.32, and
 * https://kubernetes.io/docs/reference/generated/kubernetes-api/v1.32/.
 */
import { Violation, violation } from './violation';

/** The built-in resources (and subresources) this library types, with their API group; `''` is the core group. */
export const RBAC_RESOURCE_GROUPS = {
  'pods': '',
  'pods/log': '',
  'pods/exec': '',
  'pods/portforward': '',
  'pods/eviction': '',
  'services': '',
  'endpoints': '',
  'configmaps': '',
  'secrets': '',
  'serviceaccounts': '',
  'serviceaccounts/token': '',
  'persistentvolumeclaims': '',
  'events': '',
  'namespaces': '',
  'nodes': '',
  'persistentvolumes': '',
  'deployments': 'apps',
  'deployments/scale': 'apps',
  'statefulsets': 'apps',
  'daemonsets': 'apps',
  'replicasets': 'apps',
  'jobs': 'batch',
  'cronjobs': 'batch',
  'ingresses': 'networking.k8s.io',
  'networkpolicies': 'networking.k8s.io',
  'horizontalpodautoscalers': 'autoscaling',
  'poddisruptionbudgets': 'policy',
  'leases': 'coordination.k8s.io',
  'endpointslices': 'discovery.k8s.io',
  'roles': 'rbac.authorization.k8s.io',
  'rolebindings': 'rbac.authorization.k8s.io',
  'storageclasses': 'storage.k8s.io',
} as const;

/** A built-in resource (or subresource) a Role or ClusterRole can grant, by its plural name. */
export type RbacResource = keyof typeof RBAC_RESOURCE_GROUPS;

/** Resources that are not in a namespace: a Role (which is) cannot grant them. */
export const CLUSTER_SCOPED_RESOURCES: ReadonlySet<string> = new Set(['namespaces', 'nodes', 'persistentvolumes', 'storageclasses']);

/** `events` are also served by `events.k8s.io`; every other resource of the table by its one group. */
const OTHER_GROUPS: Readonly<Record<string, readonly string[]>> = { events: ['events.k8s.io'] };

/** The API groups that serve `resource`, or undefined when the table does not know it (a custom resource). */
export function apiGroupsOf(resource: string): readonly string[] | undefined {
  const group = (RBAC_RESOURCE_GROUPS as Record<string, string>)[resource];
  return group === undefined ? undefined : [group, ...(OTHER_GROUPS[resource] ?? [])];
}

/** A resource named by a rule whose `apiGroups` include none of the groups that serve it. */
export function rbacApiGroup(resource: string, apiGroups: readonly string[]): Violation | undefined {
  const groups = apiGroupsOf(resource);
  if (!groups || apiGroups.includes('*') || groups.some((g) => apiGroups.includes(g))) return undefined;
  const group = groups[0];
  return violation('rbac-api-group',
    `is served by the API group ${JSON.stringify(group)}${group === '' ? ' (core)' : ''}, which the rule does not list`,
    `add ${JSON.stringify(group)} to apiGroups, or move the resource to a rule for that group`);
}

/** A cluster-scoped resource granted by a Role, which grants only inside its namespace. */
export function rbacNamespacedResource(resource: string): Violation | undefined {
  if (!CLUSTER_SCOPED_RESOURCES.has(resource)) return undefined;
  return violation('rbac-cluster-scoped', 'is cluster-scoped, so a Role cannot grant it', 'grant it with a ClusterRole and a ClusterRoleBinding');
}
