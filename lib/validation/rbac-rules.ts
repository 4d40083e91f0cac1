/*
 * What the API server checks in Roles, ClusterRoles and their bindings (kubernetes/kubernetes
 * pkg/apis/rbac/validation/validation.go validatePolicyRule, ValidateRoleBinding, ValidateClusterRoleBinding,
 * validateRoleBindingSubject), with the rules the RBAC constructs check their props with (lib/rules/rbac.ts).
 * Which resources a rule may name, and what a binding refers to, are cross-object checks (config-rules.ts).
 * A valid object allocates nothing here: paths and messages are built only for a finding.
 */
import { Findings, isRecord, Json, show, Subject } from './context';
import { describe } from './names';
import {
  nonResourceUrls, policyRuleList, roleRefApiGroup, roleRefKind, roleRefName, subjectKind, subjectName,
} from '../rules/rbac';
import type { Violation } from '../rules/violation';

/** `subject` is in the group rbac.authorization.k8s.io. */
export function checkRbacRules(subject: Subject, findings: Findings): void {
  const { kind, manifest } = subject;
  if (kind === 'Role' || kind === 'ClusterRole') {
    const rules = manifest.rules;
    if (!Array.isArray(rules)) return;
    for (let i = 0; i < rules.length; i++) {
      const rule: unknown = rules[i];
      if (isRecord(rule)) checkPolicyRule(subject, i, rule, kind === 'Role', findings);
    }
  } else if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
    checkBinding(subject, kind === 'ClusterRoleBinding', findings);
  }
}

function length(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

function report(rule: string, subject: Subject, path: string, what: string, violation: Violation, findings: Findings): void {
  findings.error(rule, subject, path, `${what} ${describe(violation)}`);
}

function checkPolicyRule(subject: Subject, i: number, rule: Json, namespaced: boolean, findings: Findings): void {
  const verbs = policyRuleList('verbs', length(rule.verbs));
  if (verbs) report('rbac-policy-rule', subject, `rules[${i}].verbs`, `verbs ${show(rule.verbs ?? [])}`, verbs, findings);
  if (length(rule.nonResourceURLs) > 0) {
    const withResources = length(rule.apiGroups) > 0 || length(rule.resources) > 0 || length(rule.resourceNames) > 0;
    const urls = nonResourceUrls(namespaced, withResources);
    if (urls) report('rbac-policy-rule', subject, `rules[${i}].nonResourceURLs`, `nonResourceURLs ${show(rule.nonResourceURLs)}`, urls, findings);
    return;
  }
  checkResourceList(subject, i, rule, 'apiGroups', findings);
  checkResourceList(subject, i, rule, 'resources', findings);
}

function checkResourceList(subject: Subject, i: number, rule: Json, field: 'apiGroups' | 'resources', findings: Findings): void {
  const problem = policyRuleList(field, length(rule[field]));
  if (problem) report('rbac-policy-rule', subject, `rules[${i}].${field}`, `${field} ${show(rule[field] ?? [])}`, problem, findings);
}

function checkBinding(subject: Subject, cluster: boolean, findings: Findings): void {
  const { manifest } = subject;
  const roleRef = manifest.roleRef;
  if (isRecord(roleRef)) {
    const { apiGroup, kind, name } = roleRef;
    const group = typeof apiGroup === 'string' ? roleRefApiGroup(apiGroup) : undefined;
    if (group) report('rbac-role-ref', subject, 'roleRef.apiGroup', `roleRef.apiGroup ${show(apiGroup)}`, group, findings);
    const kindProblem = typeof kind === 'string' ? roleRefKind(kind, cluster) : undefined;
    if (kindProblem) report('rbac-role-ref', subject, 'roleRef.kind', `roleRef.kind ${show(kind)}`, kindProblem, findings);
    const nameProblem = typeof name === 'string' ? roleRefName(name) : undefined;
    if (nameProblem) report('rbac-role-ref', subject, 'roleRef.name', `roleRef.name ${show(name)}`, nameProblem, findings);
  }
  const subjects = manifest.subjects;
  if (!Array.isArray(subjects)) return;
  for (let i = 0; i < subjects.length; i++) {
    const s: unknown = subjects[i];
    if (!isRecord(s) || typeof s.kind !== 'string') continue;
    const { kind, apiGroup, name } = s;
    const kindProblem = subjectKind(kind, typeof apiGroup === 'string' ? apiGroup : '');
    if (kindProblem) {
      const field = SUBJECT_KINDS.has(kind) ? 'apiGroup' : 'kind';
      const value = field === 'kind' ? kind : apiGroup;
      report('rbac-subject', subject, `subjects[${i}].${field}`, `subjects[${i}].${field} ${show(value)}`, kindProblem, findings);
    }
    const nameProblem = typeof name === 'string' ? subjectName(kind, name) : undefined;
    if (nameProblem) report('rbac-subject', subject, `subjects[${i}].name`, `${kind} subject name ${show(name)}`, nameProblem, findings);
  }
}

const SUBJECT_KINDS: ReadonlySet<string> = new Set(['ServiceAccount', 'User', 'Group']);
