import {
  completionMode, exitCodeContainer, exitCodeOperator, exitCodeValues, failurePolicyReplacement, failurePolicyRestartPolicy, indexedCompletions,
  jobPolicyRuleCount, parseIndexes, podConditionCount, podConditionStatus, podConditionType, podFailureAction, podFailureRequirement,
  succeededCount, succeededIndexes, successPolicyMode, successRuleCriteria, indexedHostname, indexedParallelism, MAX_INDEXED_PARALLELISM,
} from '../../lib/rules/jobs';

// Cases from pkg/apis/batch/validation/validation_test.go (TestValidateJob: "pod failure policy with ...",
// "success policy ...", TestValidateIndexesFormat), against pkg/apis/batch/validation/validation.go.
const failure = (message: string, fix: string) => ({ rule: 'pod-failure-policy', message, fix });
const success = (message: string, fix: string) => ({ rule: 'success-policy', message, fix });

describe('podFailurePolicy', () => {
  test('at most 20 rules; none is allowed', () => {
    for (const n of [0, 1, 20]) expect(jobPolicyRuleCount(n, 'podFailurePolicy')).toBeUndefined();
    expect(jobPolicyRuleCount(21, 'podFailurePolicy')).toEqual(failure('has 21 rules; the API server accepts at most 20', 'merge rules, or drop the least useful'));
  });

  test('restartPolicy Never only', () => {
    expect(failurePolicyRestartPolicy('Never')).toBeUndefined();
    for (const p of ['OnFailure', undefined]) {
      expect(failurePolicyRestartPolicy(p)).toEqual(failure(
        'is not allowed with a podFailurePolicy, which needs restartPolicy \'Never\' to see each failed pod',
        'use restartPolicy \'Never\', or remove podFailurePolicy'));
    }
  });

  test('podReplacementPolicy Failed only', () => {
    expect(failurePolicyReplacement('Failed')).toBeUndefined();
    expect(failurePolicyReplacement('TerminatingOrFailed')).toEqual(failure(
      'is not allowed with a podFailurePolicy, which needs podReplacementPolicy \'Failed\'',
      'use \'Failed\', or leave podReplacementPolicy unset (the API server then defaults it to \'Failed\')'));
  });

  test.each(['FailJob', 'Ignore', 'Count'])('action %p', (a) => expect(podFailureAction(a, false)).toBeUndefined());
  test('FailIndex needs backoffLimitPerIndex', () => {
    expect(podFailureAction('FailIndex', true)).toBeUndefined();
    expect(podFailureAction('FailIndex', false)).toEqual(failure('needs backoffLimitPerIndex on the Job', 'set backoffLimitPerIndex, or use \'FailJob\''));
  });
  test.each(['', 'UnknownAction', 'failjob'])('unknown action %p', (a) => {
    expect(podFailureAction(a, true)).toEqual(failure('is not a pod failure action', 'use \'FailJob\', \'Ignore\', \'Count\' or \'FailIndex\''));
  });

  test('exactly one of onExitCodes and onPodConditions', () => {
    expect(podFailureRequirement(true, false)).toBeUndefined();
    expect(podFailureRequirement(false, true)).toBeUndefined();
    expect(podFailureRequirement(true, true)).toEqual(failure('sets both onExitCodes and onPodConditions', 'split it into two rules, one for each'));
    expect(podFailureRequirement(false, false)).toEqual(failure('sets neither onExitCodes nor onPodConditions, so it matches nothing', 'set one of them'));
  });

  test.each(['In', 'NotIn'])('operator %p', (op) => expect(exitCodeOperator(op)).toBeUndefined());
  test.each(['', 'UnknownOperator', 'in'])('unknown operator %p', (op) => {
    expect(exitCodeOperator(op)).toEqual(failure('is not an exit code operator', 'use \'In\' or \'NotIn\''));
  });

  test('containerName names a container or init container', () => {
    expect(exitCodeContainer('main', ['main', 'setup'])).toBeUndefined();
    expect(exitCodeContainer('setup', ['main', 'setup'])).toBeUndefined();
    expect(exitCodeContainer('xyz', ['main', 'setup'])).toEqual(failure('is not a container or init container of the pod template',
      'use one of "main", "setup", or leave it unset to match every container'));
  });

  describe('exit code values', () => {
    test.each([
      [[1, 2, 3], 'In'], [[0], 'NotIn'], [[0, 1], 'NotIn'], [[-1, 42], 'In'], [Array.from({ length: 255 }, (_, i) => i + 1), 'In'],
    ])('accepts %p with %p', (values, op) => expect(exitCodeValues(values, op)).toBeUndefined());

    test.each([
      [[], 'In', failure('is empty', 'list at least one exit code')],
      [Array.from({ length: 256 }, (_, i) => i + 1), 'In',
        failure('lists 256 exit codes; the API server accepts at most 255', 'use operator \'NotIn\' with the codes that should not match')],
      [[1, 2.5], 'In', failure('lists 2.5, which is not an exit code', 'list whole numbers, e.g. [1, 42]')],
      [[1, 2 ** 31], 'In', failure('lists 2147483648, which is not an exit code', 'list whole numbers, e.g. [1, 42]')],
      [[11, 11], 'In', failure('lists 11 twice', 'list each exit code once')],
      [[0, 1], 'In', failure('lists 0 with operator \'In\', but a container that exits 0 did not fail', 'remove 0')],
      [[2, 1], 'NotIn', failure('must be in increasing order', 'use [1,2]')],
    ])('rejects %p with %p', (values, op, expected) => expect(exitCodeValues(values, op)).toEqual(expected));

    test('callers that sort the values skip the order check', () => {
      expect(exitCodeValues([2, 1], 'In', { ordered: false })).toBeUndefined();
    });
  });

  test('onPodConditions: at most 20 patterns, qualified types, known statuses', () => {
    expect(podConditionCount(20)).toBeUndefined();
    expect(podConditionCount(21)).toEqual(failure('has 21 patterns; the API server accepts at most 20', 'use a rule per group of conditions'));
    for (const t of ['DisruptionTarget', 'example.com/Custom']) expect(podConditionType(t)).toBeUndefined();
    for (const t of ['', 'Invalid Condition Type', '-bad']) {
      expect(podConditionType(t)).toEqual(failure('is not a pod condition type (a qualified name)', 'use e.g. \'DisruptionTarget\' or \'ConfigIssue\''));
    }
    for (const s of ['True', 'False', 'Unknown']) expect(podConditionStatus(s)).toBeUndefined();
    for (const s of ['', 'UnknownStatus', 'true']) {
      expect(podConditionStatus(s)).toEqual(failure('is not a condition status', 'use \'True\', \'False\' or \'Unknown\''));
    }
  });
});

describe('completionMode', () => {
  test.each(['Indexed', 'NonIndexed'])('accepts %p', (m) => expect(completionMode(m)).toBeUndefined());
  test.each(['', 'indexed', 'Foo'])('rejects %p', (m) => {
    expect(completionMode(m)).toEqual({ rule: 'completion-mode', message: 'is not a completion mode', fix: 'use \'NonIndexed\' or \'Indexed\'' });
  });
  test('Indexed needs completions', () => {
    expect(indexedCompletions(0)).toBeUndefined();
    expect(indexedCompletions(undefined)).toEqual({
      rule: 'completion-mode', message: 'is required with completionMode \'Indexed\'', fix: 'set completions to the number of indexes',
    });
  });
});

// TestValidateJob "valid parallelism and maxFailedIndexes for high completions" / "too many parallelism for Indexed Job"
// (maxParallelismForIndexedJob), and ValidateJob's last pod hostname check ("will not able to create pod with invalid DNS label").
describe('Indexed Jobs', () => {
  test('parallelism at most 100000', () => {
    expect(MAX_INDEXED_PARALLELISM).toBe(100000);
    expect(indexedParallelism(100000)).toBeUndefined();
    expect(indexedParallelism(100001)).toEqual({
      rule: 'completion-mode', message: 'is above 100000, the most pods an Indexed Job may run at once', fix: 'lower parallelism to 100000 or less',
    });
  });
  test('the last pod\'s hostname, <name>-<completions - 1>, is a DNS-1123 label', () => {
    expect(indexedHostname('import', 1)).toBeUndefined();
    expect(indexedHostname('a'.repeat(59), 1000)).toBeUndefined();
    expect(indexedHostname('a'.repeat(60), 1000)).toEqual({
      rule: 'completion-mode', message: `gives the last pod the hostname "${'a'.repeat(60)}-999", which is not a DNS-1123 label`,
      fix: 'use a Job name of at most 59 lower-case letters, digits and \'-\' (no \'.\'), or fewer completions',
    });
    expect(indexedHostname('import.v2', 3)?.message).toBe('gives the last pod the hostname "import.v2-2", which is not a DNS-1123 label');
  });
});

describe('successPolicy', () => {
  test('1 to 20 rules', () => {
    for (const n of [1, 20]) expect(jobPolicyRuleCount(n, 'successPolicy')).toBeUndefined();
    expect(jobPolicyRuleCount(0, 'successPolicy')).toEqual(success('has no rules',
      'add a rule with succeededIndexes and/or succeededCount, or remove successPolicy'));
    expect(jobPolicyRuleCount(21, 'successPolicy')).toEqual(success('has 21 rules; the API server accepts at most 20', 'merge rules, or drop the least useful'));
  });

  test('needs completionMode Indexed', () => {
    expect(successPolicyMode('Indexed')).toBeUndefined();
    for (const m of ['NonIndexed', undefined]) {
      expect(successPolicyMode(m)).toEqual(success('must be \'Indexed\' for a successPolicy, whose rules name indexes', 'set completionMode: \'Indexed\''));
    }
  });

  test('a rule sets succeededIndexes or succeededCount', () => {
    expect(successRuleCriteria(true, false)).toBeUndefined();
    expect(successRuleCriteria(false, true)).toBeUndefined();
    expect(successRuleCriteria(false, false)).toEqual(success('sets neither succeededIndexes nor succeededCount', 'set either or both'));
  });

  // TestValidateIndexesFormat
  test.each([
    ['', 0], ['0', 1], ['0,1,2', 3], ['0-2', 3], ['0,2-4,7', 5], ['+1', 1],
  ])('parses %p into %p indexes', (text, total) => expect(parseIndexes(text, 10)).toEqual({ total }));

  test.each([
    ['0-1-2', 'the fragment "0-1-2" has more than two parts separated by \'-\''],
    ['a', '"a" is not an index'],
    ['1,', '"" is not an index'],
    ['-1', '"" is not an index'],
    ['10', 'index 10 is not below completions (10)'],
    ['2-10', 'index 10 is not below completions (10)'],
    ['3-1', 'the interval "3-1" does not increase'],
    ['2-2', 'the interval "2-2" does not increase'],
    ['1,1', '1 follows 1, but indexes must increase'],
    ['0-3,2', '2 follows 3, but indexes must increase'],
  ])('refuses %p', (text, error) => expect(parseIndexes(text, 10)).toEqual({ error }));

  test('succeededIndexes', () => {
    expect(succeededIndexes('0,2-4', 5)).toBeUndefined();
    expect(succeededIndexes('0-5', 5)).toEqual(success('is not a list of indexes: index 5 is not below completions (5)',
      'use increasing indexes below 5 and intervals, separated by commas, e.g. "0,2-4"'));
    expect(succeededIndexes('1,'.repeat(32 * 1024) + '1', 5)).toEqual(success('is 65537 characters long; the API server accepts at most 65536',
      'use intervals, e.g. "0-999"'));
  });

  test('succeededCount', () => {
    expect(succeededCount(5, 5)).toBeUndefined();
    expect(succeededCount(2, 5, 2)).toBeUndefined();
    expect(succeededCount(-1, 5)).toEqual(success('must be a whole number', 'use 1 or more'));
    expect(succeededCount(1.5, 5)).toEqual(success('must be a whole number', 'use 1 or more'));
    expect(succeededCount(6, 5)).toEqual(success('must be <= completions (5)', 'lower succeededCount or raise completions'));
    expect(succeededCount(3, 5, 2)).toEqual(success('must be <= the 2 indexes of succeededIndexes', 'lower succeededCount or list more indexes'));
    expect(succeededCount(2, 5, 1)).toEqual(success('must be <= the 1 index of succeededIndexes', 'lower succeededCount or list more indexes'));
  });
});
