/*
 * Job podFailurePolicy, successPolicy and completionMode, as the API server checks them
 * (pkg/apis/batch/validation/validation.go: validateJobSpec, validatePodFailurePolicy,
 * validatePodFailurePolicyRule, validatePodFailurePolicyRuleOnExitCodes, ...OnPodConditions,
 * validatePodReplacementPolicy, validateSuccessPolicy, validateSuccessPolicyRule, validateIndexesFormat).
 * Job and CronJob check their props with these, and validateManifests checks Job and CronJob manifests.
 */
import { isDns1123Label, labelKey, MAX_LABEL_LENGTH } from './names';
import { wholeNumber } from './numbers';
import { Violation, violation } from './violation';

/** maxPodFailurePolicyRules and maxSuccessPolicyRule. */
export const MAX_JOB_POLICY_RULES = 20;
/** maxPodFailurePolicyOnExitCodesValues. */
export const MAX_EXIT_CODE_VALUES = 255;
/** maxPodFailurePolicyOnPodConditionsPatterns. */
export const MAX_POD_CONDITION_PATTERNS = 20;
/** maxJobSuccessPolicySucceededIndexesLimit. */
export const MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;

export const POD_FAILURE_ACTIONS: readonly string[] = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
export const EXIT_CODE_OPERATORS: readonly string[] = ['In', 'NotIn'];
export const POD_CONDITION_STATUSES: readonly string[] = ['False', 'True', 'Unknown'];
export const COMPLETION_MODES: readonly string[] = ['Indexed', 'NonIndexed'];

const FAILURE = 'pod-failure-policy';
const SUCCESS = 'success-policy';

/** The number of rules of a podFailurePolicy or successPolicy (`which`): 1 to 20 (0 is allowed for podFailurePolicy). */
export function jobPolicyRuleCount(count: number, which: 'podFailurePolicy' | 'successPolicy'): Violation | undefined {
  const rule = which === 'podFailurePolicy' ? FAILURE : SUCCESS;
  if (count > MAX_JOB_POLICY_RULES) {
    return violation(rule, `has ${count} rules; the API server accepts at most ${MAX_JOB_POLICY_RULES}`, 'merge rules, or drop the least useful');
  }
  if (count === 0 && which === 'successPolicy') {
    return violation(rule, 'has no rules', 'add a rule with succeededIndexes and/or succeededCount, or remove successPolicy');
  }
  return undefined;
}

/** The pod template's restartPolicy of a Job with a podFailurePolicy: only `Never` (the kubelet would restart in place otherwise). */
export function failurePolicyRestartPolicy(restartPolicy: string | undefined): Violation | undefined {
  if (restartPolicy === 'Never') return undefined;
  return violation(FAILURE, 'is not allowed with a podFailurePolicy, which needs restartPolicy \'Never\' to see each failed pod',
    'use restartPolicy \'Never\', or remove podFailurePolicy');
}

/** podReplacementPolicy of a Job with a podFailurePolicy: only `Failed`. */
export function failurePolicyReplacement(policy: string): Violation | undefined {
  if (policy === 'Failed') return undefined;
  return violation(FAILURE, 'is not allowed with a podFailurePolicy, which needs podReplacementPolicy \'Failed\'',
    'use \'Failed\', or leave podReplacementPolicy unset (the API server then defaults it to \'Failed\')');
}

/** A rule's `action`; `FailIndex` only with `backoffLimitPerIndex`. */
export function podFailureAction(action: string, backoffLimitPerIndex: boolean): Violation | undefined {
  if (action === 'FailIndex' && !backoffLimitPerIndex) {
    return violation(FAILURE, 'needs backoffLimitPerIndex on the Job', 'set backoffLimitPerIndex, or use \'FailJob\'');
  }
  if (POD_FAILURE_ACTIONS.includes(action)) return undefined;
  return violation(FAILURE, 'is not a pod failure action', 'use \'FailJob\', \'Ignore\', \'Count\' or \'FailIndex\'');
}

/** A rule has exactly one of onExitCodes and onPodConditions (the value checked is the rule). */
export function podFailureRequirement(onExitCodes: boolean, onPodConditions: boolean): Violation | undefined {
  if (onExitCodes !== onPodConditions) return undefined;
  return onExitCodes
    ? violation(FAILURE, 'sets both onExitCodes and onPodConditions', 'split it into two rules, one for each')
    : violation(FAILURE, 'sets neither onExitCodes nor onPodConditions, so it matches nothing', 'set one of them');
}

/** `onExitCodes.operator`. */
export function exitCodeOperator(operator: string): Violation | undefined {
  if (EXIT_CODE_OPERATORS.includes(operator)) return undefined;
  return violation(FAILURE, 'is not an exit code operator', 'use \'In\' or \'NotIn\'');
}

/** `onExitCodes.containerName`: a container or init container of the pod template. */
export function exitCodeContainer(name: string, containerNames: readonly string[]): Violation | undefined {
  if (containerNames.includes(name)) return undefined;
  return violation(FAILURE, 'is not a container or init container of the pod template',
    `use one of ${containerNames.map((n) => JSON.stringify(n)).join(', ')}, or leave it unset to match every container`);
}

/**
 * `onExitCodes.values`: 1 to 255 whole exit codes, no duplicates, no 0 with `In` (a container that
 * exits 0 never failed), in increasing order (`ordered: false` skips that check for callers that sort).
 */
export function exitCodeValues(values: readonly number[], operator: string, { ordered = true } = {}): Violation | undefined {
  if (values.length === 0) return violation(FAILURE, 'is empty', 'list at least one exit code');
  if (values.length > MAX_EXIT_CODE_VALUES) {
    return violation(FAILURE, `lists ${values.length} exit codes; the API server accepts at most ${MAX_EXIT_CODE_VALUES}`,
      'use operator \'NotIn\' with the codes that should not match');
  }
  const bad = values.find((v) => !Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31);
  if (bad !== undefined) return violation(FAILURE, `lists ${bad}, which is not an exit code`, 'list whole numbers, e.g. [1, 42]');
  const seen = new Set<number>();
  const twice = values.find((v) => seen.size === seen.add(v).size);
  if (twice !== undefined) return violation(FAILURE, `lists ${twice} twice`, 'list each exit code once');
  if (operator === 'In' && values.includes(0)) {
    return violation(FAILURE, 'lists 0 with operator \'In\', but a container that exits 0 did not fail', 'remove 0');
  }
  if (ordered && values.some((v, i) => i > 0 && values[i - 1] > v)) {
    return violation(FAILURE, 'must be in increasing order', `use ${JSON.stringify([...values].sort((a, b) => a - b))}`);
  }
  return undefined;
}

/** `onPodConditions`: 1 to 20 patterns (the API needs at least one to tell the requirement is set). */
export function podConditionCount(count: number): Violation | undefined {
  if (count <= MAX_POD_CONDITION_PATTERNS) return undefined;
  return violation(FAILURE, `has ${count} patterns; the API server accepts at most ${MAX_POD_CONDITION_PATTERNS}`,
    'use a rule per group of conditions');
}

/** `onPodConditions[].type`: a qualified name, e.g. `DisruptionTarget`. */
export function podConditionType(type: string): Violation | undefined {
  const problem = labelKey(type, 'label');
  if (!problem) return undefined;
  return violation(FAILURE, 'is not a pod condition type (a qualified name)', 'use e.g. \'DisruptionTarget\' or \'ConfigIssue\'');
}

/** `onPodConditions[].status`. */
export function podConditionStatus(status: string): Violation | undefined {
  if (POD_CONDITION_STATUSES.includes(status)) return undefined;
  return violation(FAILURE, 'is not a condition status', 'use \'True\', \'False\' or \'Unknown\'');
}

/** `completionMode`. */
export function completionMode(mode: string): Violation | undefined {
  if (COMPLETION_MODES.includes(mode)) return undefined;
  return violation('completion-mode', 'is not a completion mode', 'use \'NonIndexed\' or \'Indexed\'');
}

/** `completions` of an Indexed Job: required, since it is the number of indexes. */
export function indexedCompletions(completions: number | undefined): Violation | undefined {
  if (completions !== undefined) return undefined;
  return violation('completion-mode', 'is required with completionMode \'Indexed\'', 'set completions to the number of indexes');
}

/** maxParallelismForIndexedJob: an Indexed Job runs at most this many pods at once. */
export const MAX_INDEXED_PARALLELISM = 100000;

/** `parallelism` of an Indexed Job (validateJobSpec): at most 100000. */
export function indexedParallelism(parallelism: number): Violation | undefined {
  if (parallelism <= MAX_INDEXED_PARALLELISM) return undefined;
  return violation('completion-mode', `is above ${MAX_INDEXED_PARALLELISM}, the most pods an Indexed Job may run at once`,
    `lower parallelism to ${MAX_INDEXED_PARALLELISM} or less`);
}

/**
 * The name of an Indexed Job with `completions` (ValidateJob, Jobs only): its pods are named `<name>-<index>`
 * and use that as their hostname, so the last one, `<name>-<completions - 1>`, must be a DNS-1123 label.
 */
export function indexedHostname(jobName: string, completions: number): Violation | undefined {
  const hostname = `${jobName}-${completions - 1}`;
  if (isDns1123Label(hostname)) return undefined;
  const room = MAX_LABEL_LENGTH - String(completions - 1).length - 1;
  return violation('completion-mode', `gives the last pod the hostname "${hostname}", which is not a DNS-1123 label`,
    `use a Job name of at most ${room} lower-case letters, digits and '-' (no '.'), or fewer completions`);
}

/** A successPolicy needs completionMode `Indexed` (the value checked is the mode). */
export function successPolicyMode(mode: string | undefined): Violation | undefined {
  if (mode === 'Indexed') return undefined;
  return violation(SUCCESS, 'must be \'Indexed\' for a successPolicy, whose rules name indexes', 'set completionMode: \'Indexed\'');
}

/** A successPolicy rule sets succeededIndexes, succeededCount or both (the value checked is the rule). */
export function successRuleCriteria(succeededIndexes: boolean, succeededCount: boolean): Violation | undefined {
  if (succeededIndexes || succeededCount) return undefined;
  return violation(SUCCESS, 'sets neither succeededIndexes nor succeededCount', 'set either or both');
}

/**
 * Parses an index list such as `"0,2-4"` the way validateIndexesFormat does: intervals separated by
 * commas, each `x` or `x-y` with x < y, every index < `completions`, in increasing order.
 * Returns the number of indexes, or why the text is not such a list.
 */
export function parseIndexes(text: string, completions: number): { total: number } | { error: string } {
  if (text.length === 0) return { total: 0 };
  let last: number | undefined;
  let total = 0;
  for (const interval of text.split(',')) {
    const limits = interval.split('-');
    if (limits.length > 2) return { error: `the fragment ${JSON.stringify(interval)} has more than two parts separated by '-'` };
    const [x, y] = limits.map((l) => (/^\+?\d+$/.test(l) ? Number(l) : NaN));
    const badPart = limits.find((l) => !/^\+?\d+$/.test(l));
    if (badPart !== undefined) return { error: `${JSON.stringify(badPart)} is not an index` };
    const high = y ?? x;
    const tooLarge = [x, high].find((v) => v >= completions);
    if (tooLarge !== undefined) return { error: `index ${tooLarge} is not below completions (${completions})` };
    if (y !== undefined && x >= y) return { error: `the interval ${JSON.stringify(interval)} does not increase` };
    if (last !== undefined && last >= x) return { error: `${x} follows ${last}, but indexes must increase` };
    total += high - x + 1;
    last = high;
  }
  return { total };
}

/** `succeededIndexes`: a list of indexes below `completions`, as parseIndexes reads it, at most 64 KiB long. */
export function succeededIndexes(text: string, completions: number): Violation | undefined {
  if (text.length > MAX_SUCCEEDED_INDEXES_LENGTH) {
    return violation(SUCCESS, `is ${text.length} characters long; the API server accepts at most ${MAX_SUCCEEDED_INDEXES_LENGTH}`,
      'use intervals, e.g. "0-999"');
  }
  const parsed = parseIndexes(text, completions);
  if ('total' in parsed) return undefined;
  return violation(SUCCESS, `is not a list of indexes: ${parsed.error}`,
    `use increasing indexes below ${completions} and intervals, separated by commas, e.g. "0,2-4"`);
}

/**
 * `succeededCount`: a whole number no greater than `completions`, nor than the number of indexes of
 * the rule's `succeededIndexes` when that is set (`indexes`).
 */
export function succeededCount(count: number, completions: number, indexes?: number): Violation | undefined {
  if (!Number.isInteger(count) || count < 0) return wholeNumber(count, 'use 1 or more', SUCCESS);
  if (count > completions) {
    return violation(SUCCESS, `must be <= completions (${completions})`, 'lower succeededCount or raise completions');
  }
  if (indexes !== undefined && count > indexes) {
    return violation(SUCCESS, `must be <= the ${indexes} index${indexes === 1 ? '' : 'es'} of succeededIndexes`,
      'lower succeededCount or list more indexes');
  }
  return undefined;
}
