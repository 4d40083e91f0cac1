// Cases from kubernetes/kubernetes pkg/apis/rbac/validation/validation_test.go (TestValidateRoleBindingSubject, TestValidateRoleNonResourceURL,
// TestValidateRoleNamespacedNonResourceURL, TestValidateRoleNonResourceURLNoVerbs, TestValidateRoleMixedNonResourceAndResource,
// TestValidateRoleValidResource, TestValidateRoleNoAPIGroup, TestValidateRoleNoResources, TestValidateRoleBinding bad roleRef cases)
// against validation.go (version 036ae507), with the v1 defaults of pkg/apis/rbac/v1/defaults.go (an empty apiGroup is defaulted).
import {
  nonResourceUrls, policyRuleList, RBAC_GROUP, roleRefApiGroup, roleRefKind, roleRefName, subjectKind, subjectName,
} from '../../lib/rules';

describe('policy rules (validatePolicyRule)', () => {
  test('verbs, apiGroups and resources: at least one each', () => {
    expect(policyRuleList('verbs', 1)).toBeUndefined();
    expect(policyRuleList('verbs', 0)).toEqual({ rule: 'rbac-policy-rule', message: 'is empty', fix: 'list the verbs needed, such as ["get","list","watch"]' });
    expect(policyRuleList('resources', 0)?.fix).toBe('list the resources needed, such as ["configmaps"]');
    expect(policyRuleList('apiGroups', 0)?.fix).toBe('list the API groups of the resources, "" for the core group');
  });
  test('nonResourceURLs: ClusterRoles only, in a rule of their own', () => {
    expect(nonResourceUrls(false, false)).toBeUndefined();
    expect(nonResourceUrls(true, false)).toEqual({
      rule: 'rbac-policy-rule', message: 'are not allowed in a Role, whose rules apply in a namespace', fix: 'grant them with a ClusterRole',
    });
    expect(nonResourceUrls(false, true)?.message).toBe('share a rule with apiGroups, resources or resourceNames');
  });
});

describe('roleRef (ValidateRoleBinding, ValidateClusterRoleBinding)', () => {
  test.each([['', undefined], [RBAC_GROUP, undefined], ['rbac', 'is not the RBAC API group']])('apiGroup %j', (group, message) => {
    expect(roleRefApiGroup(group)?.message).toBe(message);
  });
  test.each([
    ['Role', false, undefined], ['ClusterRole', false, undefined], ['ClusterRole', true, undefined],
    ['Role', true, 'is not a kind a ClusterRoleBinding can grant'], ['role', false, 'is not a kind a binding can grant'],
    ['Group', true, 'is not a kind a ClusterRoleBinding can grant'],
  ])('kind %s in a cluster binding: %s', (kind, cluster, message) => expect(roleRefKind(kind, cluster)?.message).toBe(message));
  test('name: set, and a path segment', () => {
    expect(roleRefName('system:controller:job-controller')).toBeUndefined();
    expect(roleRefName('')).toEqual({ rule: 'rbac-role-ref', message: 'is empty', fix: 'name the Role or ClusterRole to grant' });
    expect(roleRefName('a/b')).toEqual({ rule: 'rbac-role-ref', message: 'may not contain \'/\' or \'%\'', fix: 'remove them from the name' });
    expect(roleRefName('..')?.message).toBe('may not be ".."');
  });
});

describe('subjects (validateRoleBindingSubject)', () => {
  test.each([
    ['ServiceAccount', ''], ['User', ''], ['User', RBAC_GROUP], ['Group', ''], ['Group', RBAC_GROUP],
  ])('%s with apiGroup %j is valid', (kind, group) => expect(subjectKind(kind, group)).toBeUndefined());
  test.each([
    ['serviceaccount', '', 'is not a subject kind'],
    ['ServiceAccount', RBAC_GROUP, 'is not the API group of a ServiceAccount subject, which is the core group'],
    ['User', 'users.example.com', 'is not the API group of a User subject'],
  ])('%s with apiGroup %j: %s', (kind, group, message) => expect(subjectKind(kind, group)?.message).toBe(message));
  test('names: a ServiceAccount name for accounts, set for users and groups', () => {
    expect(subjectName('ServiceAccount', 'cook')).toBeUndefined();
    expect(subjectName('ServiceAccount', 'Cook')?.rule).toBe('service-account-name');
    expect(subjectName('User', 'jane@example.com')).toBeUndefined();
    expect(subjectName('Group', '')).toEqual({ rule: 'rbac-subject', message: 'is empty', fix: 'name the Group' });
  });
});
