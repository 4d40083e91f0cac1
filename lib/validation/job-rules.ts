/*
 * A Job spec's completionMode, podFailurePolicy and successPolicy (batch validation.go validateJobSpec),
 * with the rules the Job construct checks its props with (lib/rules/jobs.ts). CronJobs are checked
 * through their jobTemplate.
 */
import { Findings, Json, number, record, records, show, string, Subject } from './context';
import { describe } from './names';
import {
  completionMode, exitCodeContainer, exitCodeOperator, exitCodeValues, failurePolicyReplacement, failurePolicyRestartPolicy, indexedCompletions,
  jobPolicyRuleCount, parseIndexes, podConditionCount, podConditionStatus, podConditionType, podFailureAction, podFailureRequirement,
  succeededCount, succeededIndexes, successPolicyMode, successRuleCriteria, indexedHostname, indexedParallelism,
} from '../rules/jobs';
import type { Violation } from '../rules/violation';

/** `path` is where the Job spec sits: `spec`, or `spec.jobTemplate.spec` in a CronJob. */
export function checkJobPolicies(subject: Subject, path: string, spec: Json, findings: Findings): void {
  // `what` leads the message: the field and its value, or the rule's path when the rule is the subject.
  const report = (rule: string, at: string, what: string, violation: Violation | undefined): void => {
    const problem = describe(violation);
    if (problem) findings.error(rule, subject, `${path}.${at}`, `${what} ${problem}`);
  };
  const mode = string(spec.completionMode);
  if (mode !== undefined) {
    report('completion-mode', 'completionMode', `completionMode ${show(mode)}`, completionMode(mode));
    if (mode === 'Indexed') checkIndexed(subject, path, spec, report, findings);
  }
  const failure = record(spec.podFailurePolicy);
  if (failure) checkFailurePolicy(spec, failure, report);
  const success = record(spec.successPolicy);
  if (success) {
    const violation = successPolicyMode(mode);
    if (violation) report('success-policy', 'completionMode', `completionMode ${show(spec.completionMode)}`, violation);
    else checkSuccessPolicy(number(spec.completions), success, report);
  }
}

/**
 * validateJobSpec: an Indexed Job needs completions and runs at most 100000 pods at once; ValidateJob (Jobs, not a
 * CronJob's template, whose Jobs are named later): its last pod's hostname `<name>-<completions - 1>` is a DNS label.
 */
function checkIndexed(subject: Subject, path: string, spec: Json, report: Report, findings: Findings): void {
  const completions = number(spec.completions);
  report('completion-mode', 'completions', 'completions', indexedCompletions(completions));
  const parallelism = number(spec.parallelism);
  if (parallelism !== undefined) report('completion-mode', 'parallelism', `parallelism ${parallelism}`, indexedParallelism(parallelism));
  if (subject.kind !== 'Job' || path !== 'spec' || typeof record(subject.manifest.metadata)?.name !== 'string') return;
  if (completions === undefined || completions <= 0 || !Number.isInteger(completions)) return;
  const hostname = describe(indexedHostname(subject.name, completions));
  if (hostname) {
    findings.error('completion-mode', subject, 'metadata.name', `Job name ${show(subject.name)} with completions ${completions} ${hostname}`);
  }
}

type Report = (rule: string, at: string, what: string, violation: Violation | undefined) => void;

function checkFailurePolicy(spec: Json, policy: Json, report: Report): void {
  const rules = Array.isArray(policy.rules) ? policy.rules : [];
  report('pod-failure-policy', 'podFailurePolicy.rules', 'podFailurePolicy.rules', jobPolicyRuleCount(rules.length, 'podFailurePolicy'));
  const pod = record(record(spec.template)?.spec);
  const restartPolicy = string(pod?.restartPolicy);
  // An unset or unknown restartPolicy is the restart-policy rule's to report.
  if (restartPolicy === 'OnFailure') {
    report('pod-failure-policy', 'template.spec.restartPolicy', `restartPolicy ${show(restartPolicy)}`, failurePolicyRestartPolicy(restartPolicy));
  }
  const replacement = string(spec.podReplacementPolicy);
  if (replacement !== undefined) {
    report('pod-failure-policy', 'podReplacementPolicy', `podReplacementPolicy ${show(replacement)}`, failurePolicyReplacement(replacement));
  }
  const names = [...records(pod?.containers), ...records(pod?.initContainers)].map((c) => string(c.name)).filter((n): n is string => !!n);
  const perIndex = spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null;
  records(rules).forEach((r, i) => {
    const at = `podFailurePolicy.rules[${i}]`;
    const action = string(r.action);
    if (action !== undefined) report('pod-failure-policy', `${at}.action`, `action ${show(action)}`, podFailureAction(action, perIndex));
    const codes = record(r.onExitCodes);
    const conditions = Array.isArray(r.onPodConditions) ? r.onPodConditions : [];
    report('pod-failure-policy', at, at, podFailureRequirement(codes !== undefined, conditions.length > 0));
    if (codes) {
      const operator = string(codes.operator);
      if (operator !== undefined) {
        report('pod-failure-policy', `${at}.onExitCodes.operator`, `operator ${show(operator)}`, exitCodeOperator(operator));
      }
      const container = string(codes.containerName);
      if (container !== undefined) {
        report('pod-failure-policy', `${at}.onExitCodes.containerName`, `containerName ${show(container)}`, exitCodeContainer(container, names));
      }
      if (Array.isArray(codes.values)) {
        const values = codes.values as number[];
        report('pod-failure-policy', `${at}.onExitCodes.values`, `values ${show(values)}`, exitCodeValues(values, operator ?? ''));
      }
    }
    report('pod-failure-policy', `${at}.onPodConditions`, `${at}.onPodConditions`, podConditionCount(conditions.length));
    records(conditions).forEach((c, j) => {
      const type = string(c.type);
      const status = string(c.status);
      if (type !== undefined) report('pod-failure-policy', `${at}.onPodConditions[${j}].type`, `type ${show(type)}`, podConditionType(type));
      if (status !== undefined) {
        report('pod-failure-policy', `${at}.onPodConditions[${j}].status`, `status ${show(status)}`, podConditionStatus(status));
      }
    });
  });
}

function checkSuccessPolicy(completions: number | undefined, policy: Json, report: Report): void {
  const rules = Array.isArray(policy.rules) ? policy.rules : [];
  report('success-policy', 'successPolicy.rules', 'successPolicy.rules', jobPolicyRuleCount(rules.length, 'successPolicy'));
  records(rules).forEach((r, i) => {
    const at = `successPolicy.rules[${i}]`;
    const indexes = string(r.succeededIndexes);
    const count = number(r.succeededCount);
    report('success-policy', at, at, successRuleCriteria(indexes !== undefined, count !== undefined));
    // An Indexed Job without completions is reported above (completion-mode).
    if (completions === undefined) return;
    if (indexes !== undefined) {
      report('success-policy', `${at}.succeededIndexes`, `succeededIndexes ${show(indexes)}`, succeededIndexes(indexes, completions));
    }
    const parsed = indexes !== undefined ? parseIndexes(indexes, completions) : undefined;
    if (count !== undefined) {
      const total = parsed && 'total' in parsed ? parsed.total : undefined;
      report('success-policy', `${at}.succeededCount`, `succeededCount ${count}`, succeededCount(count, completions, total));
    }
  });
}
