/*
 * When a Job fails early or succeeds early: `podFailurePolicy` (by container exit codes or pod
 * conditions) and `successPolicy` (by the indexes of an Indexed Job), with `completionMode`.
 * Checked with the rules of lib/rules/jobs.ts, which validateManifests applies to manifests too.
 */
import * as k8s from './private/k8s';
import { Construct } from 'constructs';
import { requireFeature } from './kubernetes-version';
import { Problems } from './private/construct-base';
import {
  completionMode as completionModeRule, exitCodeContainer, exitCodeOperator, exitCodeValues, failurePolicyReplacement, failurePolicyRestartPolicy,
  indexedCompletions, jobPolicyRuleCount, parseIndexes, podConditionCount, podConditionStatus, podConditionType, podFailureAction,
  podFailureRequirement, succeededCount, succeededIndexes, successPolicyMode, successRuleCriteria,
} from './rules/jobs';

/**
 * Matches a failed pod by the exit codes of its containers. A container that exits 0 never matches.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-failure-policy
 */
export interface ExitCodeRequirement {
  /** Only this container's (or init container's) exit code counts. @default - every container's */
  readonly container?: string;
  /** `In`: a code in `values` matches; `NotIn`: any other non-zero code does. @default 'In' */
  readonly operator?: 'In' | 'NotIn';
  /** Exit codes, each once (0 only with `NotIn`); written in increasing order, as the API requires. */
  readonly values: number[];
}

/** Matches a failed pod by one of its conditions, such as `DisruptionTarget` (evicted, preempted, drained). */
export interface PodConditionPattern {
  /** The condition type, a qualified name. */
  readonly type: string;
  /** @default 'True' */
  readonly status?: 'True' | 'False' | 'Unknown';
}

/** One rule of a Job's `podFailurePolicy`: the first rule that matches a failed pod decides. Set exactly one of the requirements. */
export interface PodFailureRule {
  /**
   * `FailJob` fails the Job at once (a bug no retry fixes); `Ignore` retries without counting against
   * `backoffLimit` (a node drain, a preemption); `Count` counts the failure as usual.
   */
  readonly action: 'FailJob' | 'Ignore' | 'Count';
  /** @default - the rule does not look at exit codes */
  readonly onExitCodes?: ExitCodeRequirement;
  /** At most 20; any one matching is enough. @default - the rule does not look at conditions */
  readonly onPodConditions?: PodConditionPattern[];
}

/**
 * One rule of an Indexed Job's `successPolicy`: the Job succeeds (and its other pods stop) as soon as
 * any rule is met. Set either field or both.
 */
export interface SuccessRule {
  /** Indexes that must succeed, as increasing indexes and intervals: `"0"`, `"0,2-4"`. @default - any index */
  readonly succeededIndexes?: string;
  /** How many indexes (of `succeededIndexes`, when set) must succeed. @default - all of `succeededIndexes` */
  readonly succeededCount?: number;
}

/** @internal The Job props this module checks. */
export interface JobPolicyProps {
  readonly podFailurePolicy?: PodFailureRule[];
  readonly successPolicy?: SuccessRule[];
  readonly completionMode?: 'NonIndexed' | 'Indexed';
  readonly completions?: number;
  readonly podReplacementPolicy?: string;
}

/** @internal The spec fields they render to. */
export type JobPolicyFields = Pick<k8s.JobSpec, 'podFailurePolicy' | 'successPolicy' | 'completionMode'>;

/**
 * @internal Checks the policy props of a Job (or a CronJob's Job) at `scope`, whose pod has
 * `containerNames` (containers and init containers) and `restartPolicy`, and renders them.
 */
export function buildJobPolicies(scope: Construct, props: JobPolicyProps, containerNames: readonly string[], restartPolicy: string,
  problems: Problems): JobPolicyFields {
  const mode = props.completionMode;
  if (mode !== undefined) {
    problems.check('completionMode', mode, completionModeRule(mode));
    if (mode === 'Indexed') problems.check('completions', props.completions, indexedCompletions(props.completions));
  }
  return {
    completionMode: mode,
    podFailurePolicy: props.podFailurePolicy && { rules: failureRules(props, containerNames, restartPolicy, problems) },
    successPolicy: props.successPolicy && { rules: successRules(scope, props, problems) },
  };
}

function failureRules(props: JobPolicyProps, containerNames: readonly string[], restartPolicy: string,
  problems: Problems): k8s.PodFailurePolicyRule[] {
  // No window check: podFailurePolicy is on by default since 1.26 (KEP-3329, GA 1.31), older than any window's oldest.
  const rules = props.podFailurePolicy ?? [];
  problems.check('podFailurePolicy', rules.length, jobPolicyRuleCount(rules.length, 'podFailurePolicy'));
  problems.check('restartPolicy', restartPolicy, failurePolicyRestartPolicy(restartPolicy));
  if (props.podReplacementPolicy !== undefined) {
    problems.check('podReplacementPolicy', props.podReplacementPolicy, failurePolicyReplacement(props.podReplacementPolicy));
  }
  return rules.map((rule, i) => {
    const where = `podFailurePolicy[${i}]`;
    problems.check(`${where}.action`, rule.action, podFailureAction(rule.action, false));
    const conditions = rule.onPodConditions;
    problems.check(where, rule, podFailureRequirement(rule.onExitCodes !== undefined, (conditions ?? []).length > 0));
    const codes = rule.onExitCodes;
    const operator = codes?.operator ?? 'In';
    if (codes) {
      problems.check(`${where}.onExitCodes.operator`, operator, exitCodeOperator(operator));
      if (codes.container !== undefined) {
        problems.check(`${where}.onExitCodes.container`, codes.container, exitCodeContainer(codes.container, containerNames));
      }
      problems.check(`${where}.onExitCodes.values`, codes.values, exitCodeValues(codes.values, operator, { ordered: false }));
    }
    if (conditions) problems.check(`${where}.onPodConditions`, conditions.length, podConditionCount(conditions.length));
    (conditions ?? []).forEach((c, j) => {
      problems.check(`${where}.onPodConditions[${j}].type`, c.type, podConditionType(c.type));
      if (c.status !== undefined) problems.check(`${where}.onPodConditions[${j}].status`, c.status, podConditionStatus(c.status));
    });
    return {
      action: rule.action,
      onExitCodes: codes && { containerName: codes.container, operator, values: [...codes.values].sort((a, b) => a - b) },
      onPodConditions: conditions?.map((c) => ({ type: c.type, status: c.status ?? 'True' })),
    };
  });
}

function successRules(scope: Construct, props: JobPolicyProps, problems: Problems): k8s.SuccessPolicyRule[] {
  const rules = props.successPolicy ?? [];
  const feature = requireFeature(scope, 'jobSuccessPolicy');
  if (feature) problems.add('successPolicy', rules, feature.rule, feature.fix, 'kubernetes-window');
  problems.check('completionMode', props.completionMode, successPolicyMode(props.completionMode));
  problems.check('successPolicy', rules.length, jobPolicyRuleCount(rules.length, 'successPolicy'));
  // Without completions (reported above) there is nothing to check the indexes and counts against.
  const completions = props.completionMode === 'Indexed' ? props.completions : undefined;
  return rules.map((rule, i) => {
    const where = `successPolicy[${i}]`;
    const { succeededIndexes: indexes, succeededCount: count } = rule;
    problems.check(where, rule, successRuleCriteria(indexes !== undefined, count !== undefined));
    if (completions !== undefined) {
      const parsed = indexes !== undefined ? parseIndexes(indexes, completions) : undefined;
      if (indexes !== undefined) problems.check(`${where}.succeededIndexes`, indexes, succeededIndexes(indexes, completions));
      if (count !== undefined) {
        problems.check(`${where}.succeededCount`, count, succeededCount(count, completions, parsed && 'total' in parsed ? parsed.total : undefined));
      }
    }
    return { succeededIndexes: indexes, succeededCount: count };
  });
}
