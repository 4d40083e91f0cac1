/*
 * RBAC rules on one PolicyRule value: which API group serves a resource, and which resources only a
 * ClusterRole can grant. The API server accepts a rule that names a resource in the wrong group (it
 * then grants nothing), so these are the mistakes it lets through.
 * Groups and scopes: `kubectl api-resources` of Kubernetes 1.32, and
 * https://kubernetes.io/docs/reference/generated/kubernetes-api/v1.32/.
 */
import { pathSegmentName, serviceAccountName } from './names';
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

/*
 * What the API server checks in Role, ClusterRole, RoleBinding and ClusterRoleBinding objects, after
 * kubernetes/kubernetes pkg/apis/rbac/validation/validation.go (validatePolicyRule, ValidateRoleBinding,
 * ValidateClusterRoleBinding, validateRoleBindingSubject; version 036ae507, the one the code index served) and the v1 defaults
 * (pkg/apis/rbac/v1/defaults.go: an empty roleRef.apiGroup, and a User or Group subject's, become
 * `rbac.authorization.k8s.io`, so leaving them out is valid).
 */

/** The API group of RBAC: roleRef.apiGroup and User and Group subjects name it. */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** A policy rule's verbs, apiGroups or resources (a resource rule needs all three): at least one. */
export function policyRuleList(field: 'verbs' | 'apiGroups' | 'resources', count: number): Violation | undefined {
  if (count > 0) return undefined;
  const fix = field === 'verbs' ? 'list the verbs needed, such as ["get","list","watch"]'
    : field === 'resources' ? 'list the resources needed, such as ["configmaps"]' : 'list the API groups of the resources, "" for the core group';
  return violation('rbac-policy-rule', 'is empty', fix);
}

/** A rule's nonResourceURLs: only in a ClusterRole, and never in a rule that also names resources. */
export function nonResourceUrls(namespaced: boolean, withResources: boolean): Violation | undefined {
  if (namespaced) {
    return violation('rbac-policy-rule', 'are not allowed in a Role, whose rules apply in a namespace', 'grant them with a ClusterRole');
  }
  if (withResources) {
    return violation('rbac-policy-rule', 'share a rule with apiGroups, resources or resourceNames',
      'put the non-resource URLs in a rule of their own');
  }
  return undefined;
}

/** `roleRef.apiGroup`: RBAC's own group (or unset, which defaults to it). */
export function roleRefApiGroup(group: string): Violation | undefined {
  if (group === '' || group === RBAC_GROUP) return undefined;
  return violation('rbac-role-ref', 'is not the RBAC API group', `use "${RBAC_GROUP}"`);
}

/** `roleRef.kind`: `Role` or `ClusterRole`; a ClusterRoleBinding can only grant a ClusterRole. */
export function roleRefKind(kind: string, clusterBinding: boolean): Violation | undefined {
  if (kind === 'ClusterRole' || (kind === 'Role' && !clusterBinding)) return undefined;
  return clusterBinding
    ? violation('rbac-role-ref', 'is not a kind a ClusterRoleBinding can grant', 'use "ClusterRole", or a RoleBinding to grant a Role')
    : violation('rbac-role-ref', 'is not a kind a binding can grant', 'use "Role" or "ClusterRole"');
}

/** `roleRef.name`: set, and a path segment like the role's own name. */
export function roleRefName(name: string): Violation | undefined {
  if (name === '') return violation('rbac-role-ref', 'is empty', 'name the Role or ClusterRole to grant');
  const bad = pathSegmentName(name);
  return bad && violation('rbac-role-ref', bad.message, bad.fix);
}

const SUBJECT_KINDS = ['ServiceAccount', 'User', 'Group'];

/** A subject's `kind` and `apiGroup`: a ServiceAccount in the core group, a User or Group in RBAC's. */
export function subjectKind(kind: string, apiGroup: string): Violation | undefined {
  if (!SUBJECT_KINDS.includes(kind)) return violation('rbac-subject', 'is not a subject kind', 'use "ServiceAccount", "User" or "Group"');
  if (kind === 'ServiceAccount' ? apiGroup === '' : apiGroup === '' || apiGroup === RBAC_GROUP) return undefined;
  return kind === 'ServiceAccount'
    ? violation('rbac-subject', 'is not the API group of a ServiceAccount subject, which is the core group', 'remove apiGroup, or set it to ""')
    : violation('rbac-subject', `is not the API group of a ${kind} subject`, `use "${RBAC_GROUP}", or leave apiGroup out`);
}

/** A subject's `name`: a ServiceAccount name for ServiceAccounts, not empty for Users and Groups. */
export function subjectName(kind: string, name: string): Violation | undefined {
  if (kind === 'ServiceAccount') return serviceAccountName(name);
  return name === '' ? violation('rbac-subject', 'is empty', `name the ${kind}`) : undefined;
}
