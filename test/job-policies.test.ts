import { Chart, Testing } from 'cdk8s';
import { CronJob, Job, JobProps, KUBERNETES_WINDOW_CONTEXT } from '../lib';
import { Finding, formatFindings, validateManifests } from '../lib/validation';
import { find, newChart, synth, propsErrorOf } from './util';

const TASK = { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'exit 0'] }] };

const errorOf = propsErrorOf;

function jobError(props: Partial<JobProps>): string {
  return errorOf(() => new Job(newChart(), 'run', { ...TASK, ...props }));
}

function jobSpec(props: Partial<JobProps>, chart = newChart({ namespace: 'batch' })): any {
  new Job(chart, 'run', { ...TASK, ...props });
  const manifests = synth(chart);
  expect(formatFindings(validateManifests(manifests))).toBe('');
  return find(manifests, 'Job', 'run').spec;
}

describe('podFailurePolicy', () => {
  test('exit codes and pod conditions; values are written in increasing order, operator and status get their defaults', () => {
    const spec = jobSpec({
      podFailurePolicy: [
        { action: 'FailJob', onExitCodes: { container: 'main', values: [42, 2] } },
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
        { action: 'Count', onExitCodes: { operator: 'NotIn', values: [0, 1] } },
      ],
      backoffLimit: 3,
    });
    expect(spec.podFailurePolicy).toEqual({
      rules: [
        { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [2, 42] } },
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
        { action: 'Count', onExitCodes: { operator: 'NotIn', values: [0, 1] } },
      ],
    });
    expect(spec.template.spec.restartPolicy).toBe('Never');
  });

  test('an init container can be named; podReplacementPolicy Failed goes with it', () => {
    const spec = jobSpec({
      initContainers: [{ name: 'fetch', image: 'busybox:1.36' }],
      podReplacementPolicy: 'Failed',
      podFailurePolicy: [{ action: 'FailJob', onExitCodes: { container: 'fetch', values: [3] } }],
    });
    expect(spec.podFailurePolicy.rules[0].onExitCodes.containerName).toBe('fetch');
    expect(spec.podReplacementPolicy).toBe('Failed');
  });

  test('a CronJob passes it to its Jobs', () => {
    const chart = newChart({ namespace: 'batch' });
    new CronJob(chart, 'nightly', { ...TASK, schedule: '0 3 * * *', podFailurePolicy: [{ action: 'FailJob', onExitCodes: { values: [2] } }] });
    const manifests = synth(chart);
    expect(find(manifests, 'CronJob', 'nightly').spec.jobTemplate.spec.podFailurePolicy).toEqual({
      rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [2] } }],
    });
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('no key unless set', () => {
    const spec = jobSpec({});
    expect(spec.podFailurePolicy).toBeUndefined();
    expect(spec.successPolicy).toBeUndefined();
    expect(spec.completionMode).toBeUndefined();
  });
});

// No window test for podFailurePolicy: it is on by default since 1.26, before every vendored release.
describe('podFailurePolicy errors', () => {
  test.each([
    ['restartPolicy OnFailure', { restartPolicy: 'OnFailure', podFailurePolicy: [{ action: 'FailJob', onExitCodes: { values: [1] } }] },
      '[test/run] restartPolicy ("OnFailure") is not allowed with a podFailurePolicy, which needs restartPolicy \'Never\' to see each failed pod; use restartPolicy \'Never\', or remove podFailurePolicy'],
    ['podReplacementPolicy TerminatingOrFailed', { podReplacementPolicy: 'TerminatingOrFailed', podFailurePolicy: [{ action: 'FailJob', onExitCodes: { values: [1] } }] },
      '[test/run] podReplacementPolicy ("TerminatingOrFailed") is not allowed with a podFailurePolicy, which needs podReplacementPolicy \'Failed\'; use \'Failed\', or leave podReplacementPolicy unset (the API server then defaults it to \'Failed\')'],
    ['0 with In', { podFailurePolicy: [{ action: 'FailJob', onExitCodes: { values: [0, 1] } }] },
      '[test/run] podFailurePolicy[0].onExitCodes.values ([0,1]) lists 0 with operator \'In\', but a container that exits 0 did not fail; remove 0'],
    ['a value twice', { podFailurePolicy: [{ action: 'FailJob', onExitCodes: { values: [3, 1, 3] } }] },
      '[test/run] podFailurePolicy[0].onExitCodes.values ([3,1,3]) lists 3 twice; list each exit code once'],
    ['no values', { podFailurePolicy: [{ action: 'FailJob', onExitCodes: { values: [] } }] },
      '[test/run] podFailurePolicy[0].onExitCodes.values ([]) is empty; list at least one exit code'],
    ['an unknown container', { podFailurePolicy: [{ action: 'FailJob', onExitCodes: { container: 'mian', values: [1] } }] },
      '[test/run] podFailurePolicy[0].onExitCodes.container ("mian") is not a container or init container of the pod template; use one of "main", or leave it unset to match every container'],
    ['an unknown operator', { podFailurePolicy: [{ action: 'FailJob', onExitCodes: { operator: 'in' as 'In', values: [1] } }] },
      '[test/run] podFailurePolicy[0].onExitCodes.operator ("in") is not an exit code operator; use \'In\' or \'NotIn\''],
    ['an unknown action', { podFailurePolicy: [{ action: 'Fail' as 'FailJob', onExitCodes: { values: [1] } }] },
      '[test/run] podFailurePolicy[0].action ("Fail") is not a pod failure action; use \'FailJob\', \'Ignore\', \'Count\' or \'FailIndex\''],
    ['neither requirement', { podFailurePolicy: [{ action: 'Ignore' }] },
      '[test/run] podFailurePolicy[0] ({"action":"Ignore"}) sets neither onExitCodes nor onPodConditions, so it matches nothing; set one of them'],
    ['both requirements', { podFailurePolicy: [{ action: 'Ignore', onExitCodes: { values: [1] }, onPodConditions: [{ type: 'DisruptionTarget' }] }] },
      '[test/run] podFailurePolicy[0] ({"action":"Ignore","onExitCodes":{"values":[1]},"onPodConditions":[{"type":"DisruptionTarget"}]}) sets both onExitCodes and onPodConditions; split it into two rules, one for each'],
    ['a bad condition type and status', { podFailurePolicy: [{ action: 'Ignore', onPodConditions: [{ type: 'Disruption Target', status: 'true' as 'True' }] }] },
      '[test/run] podFailurePolicy[0].onPodConditions[0].type ("Disruption Target") is not a pod condition type (a qualified name); use e.g. \'DisruptionTarget\' or \'ConfigIssue\'\n'
      + '[test/run] podFailurePolicy[0].onPodConditions[0].status ("true") is not a condition status; use \'True\', \'False\' or \'Unknown\''],
    ['21 rules', { podFailurePolicy: Array.from({ length: 21 }, (_, i) => ({ action: 'Ignore' as const, onExitCodes: { values: [i + 1] } })) },
      '[test/run] podFailurePolicy (21) has 21 rules; the API server accepts at most 20; merge rules, or drop the least useful'],
  ] as [string, Partial<JobProps>, string][])('%s', (_, props, message) => {
    expect(jobError(props)).toBe(message);
  });
});

describe('successPolicy and completionMode', () => {
  test('an Indexed Job that succeeds when its leader (index 0) does, or any 3 of indexes 1-4', () => {
    const spec = jobSpec({
      completionMode: 'Indexed', completions: 5, parallelism: 5,
      successPolicy: [{ succeededIndexes: '0' }, { succeededIndexes: '1-4', succeededCount: 3 }],
    });
    expect(spec).toMatchObject({
      completionMode: 'Indexed', completions: 5,
      successPolicy: { rules: [{ succeededIndexes: '0' }, { succeededIndexes: '1-4', succeededCount: 3 }] },
    });
  });

  test('Indexed without a success policy', () => {
    expect(jobSpec({ completionMode: 'Indexed', completions: 3 }).completionMode).toBe('Indexed');
  });

  test.each([
    ['a successPolicy on a NonIndexed Job', { completions: 3, successPolicy: [{ succeededCount: 1 }] },
      '[test/run] completionMode (undefined) must be \'Indexed\' for a successPolicy, whose rules name indexes; set completionMode: \'Indexed\''],
    ['Indexed without completions', { completionMode: 'Indexed' },
      '[test/run] completions (undefined) is required with completionMode \'Indexed\'; set completions to the number of indexes'],
    ['an unknown completion mode', { completionMode: 'indexed' as 'Indexed' },
      '[test/run] completionMode ("indexed") is not a completion mode; use \'NonIndexed\' or \'Indexed\''],
    ['an index beyond completions', { completionMode: 'Indexed', completions: 3, successPolicy: [{ succeededIndexes: '0-3' }] },
      '[test/run] successPolicy[0].succeededIndexes ("0-3") is not a list of indexes: index 3 is not below completions (3); use increasing indexes below 3 and intervals, separated by commas, e.g. "0,2-4"'],
    ['succeededCount above completions', { completionMode: 'Indexed', completions: 3, successPolicy: [{ succeededCount: 4 }] },
      '[test/run] successPolicy[0].succeededCount (4) must be <= completions (3); lower succeededCount or raise completions'],
    ['succeededCount above its indexes', { completionMode: 'Indexed', completions: 5, successPolicy: [{ succeededIndexes: '1,3', succeededCount: 3 }] },
      '[test/run] successPolicy[0].succeededCount (3) must be <= the 2 indexes of succeededIndexes; lower succeededCount or list more indexes'],
    ['an empty rule', { completionMode: 'Indexed', completions: 3, successPolicy: [{}] },
      '[test/run] successPolicy[0] ({}) sets neither succeededIndexes nor succeededCount; set either or both'],
    ['no rules', { completionMode: 'Indexed', completions: 3, successPolicy: [] },
      '[test/run] successPolicy (0) has no rules; add a rule with succeededIndexes and/or succeededCount, or remove successPolicy'],
  ] as [string, Partial<JobProps>, string][])('%s', (_, props, message) => {
    expect(jobError(props)).toBe(message);
  });

  test('before 1.31 it is refused', () => {
    const app = Testing.app();
    app.node.setContext(KUBERNETES_WINDOW_CONTEXT, { oldest: '1.27', newest: '1.36' });
    const chart = new Chart(app, 'test');
    expect(errorOf(() => new Job(chart, 'run', { ...TASK, completionMode: 'Indexed', completions: 2, successPolicy: [{ succeededCount: 1 }] }))).toBe(
      '[test/run] successPolicy ([{"succeededCount":1}]) needs Kubernetes >= 1.31 for Job successPolicy (the window\'s oldest is 1.27); raise the window\'s oldest to 1.31 or later (cdk8s-patterns:kubernetesWindow), or leave successPolicy unset');
  });
});

describe('validateManifests on Job specs', () => {
  /** A valid Job with both policies, and a CronJob with a failure policy, as the constructs write them. */
  function manifests(): any[] {
    const chart = newChart({ namespace: 'batch' });
    new Job(chart, 'run', {
      ...TASK, completionMode: 'Indexed', completions: 4,
      podFailurePolicy: [{ action: 'FailJob', onExitCodes: { container: 'main', values: [1] } }, { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }],
      successPolicy: [{ succeededIndexes: '0-1', succeededCount: 1 }],
    });
    new CronJob(chart, 'nightly', { ...TASK, schedule: '0 3 * * *', podFailurePolicy: [{ action: 'FailJob', onExitCodes: { values: [2] } }] });
    return synth(chart);
  }
  const job = (m: any[]) => find(m, 'Job', 'run').spec;
  const cron = (m: any[]) => find(m, 'CronJob', 'nightly').spec.jobTemplate.spec;
  const error = (rule: string, object: string, path: string, message: string): Finding => ({ rule, severity: 'error', object, path, message });
  const JOB = 'Job/batch/run';
  const CRON = 'CronJob/batch/nightly';

  test('the constructs\' output passes', () => {
    expect(formatFindings(validateManifests(manifests()))).toBe('');
  });

  test.each([
    ['restartPolicy OnFailure', (m: any[]) => { job(m).template.spec.restartPolicy = 'OnFailure'; },
      error('pod-failure-policy', JOB, 'spec.template.spec.restartPolicy', 'restartPolicy "OnFailure" is not allowed with a podFailurePolicy, which needs restartPolicy \'Never\' to see each failed pod; use restartPolicy \'Never\', or remove podFailurePolicy')],
    ['podReplacementPolicy', (m: any[]) => { job(m).podReplacementPolicy = 'TerminatingOrFailed'; },
      error('pod-failure-policy', JOB, 'spec.podReplacementPolicy', 'podReplacementPolicy "TerminatingOrFailed" is not allowed with a podFailurePolicy, which needs podReplacementPolicy \'Failed\'; use \'Failed\', or leave podReplacementPolicy unset (the API server then defaults it to \'Failed\')')],
    ['unordered values', (m: any[]) => { job(m).podFailurePolicy.rules[0].onExitCodes.values = [5, 1]; },
      error('pod-failure-policy', JOB, 'spec.podFailurePolicy.rules[0].onExitCodes.values', 'values [5,1] must be in increasing order; use [1,5]')],
    ['0 with In', (m: any[]) => { job(m).podFailurePolicy.rules[0].onExitCodes.values = [0]; },
      error('pod-failure-policy', JOB, 'spec.podFailurePolicy.rules[0].onExitCodes.values', 'values [0] lists 0 with operator \'In\', but a container that exits 0 did not fail; remove 0')],
    ['an unknown container', (m: any[]) => { job(m).podFailurePolicy.rules[0].onExitCodes.containerName = 'sidecar'; },
      error('pod-failure-policy', JOB, 'spec.podFailurePolicy.rules[0].onExitCodes.containerName', 'containerName "sidecar" is not a container or init container of the pod template; use one of "main", or leave it unset to match every container')],
    ['FailIndex without backoffLimitPerIndex', (m: any[]) => { job(m).podFailurePolicy.rules[0].action = 'FailIndex'; },
      error('pod-failure-policy', JOB, 'spec.podFailurePolicy.rules[0].action', 'action "FailIndex" needs backoffLimitPerIndex on the Job; set backoffLimitPerIndex, or use \'FailJob\'')],
    ['both requirements', (m: any[]) => { job(m).podFailurePolicy.rules[1].onExitCodes = { operator: 'In', values: [1] }; },
      error('pod-failure-policy', JOB, 'spec.podFailurePolicy.rules[1]', 'podFailurePolicy.rules[1] sets both onExitCodes and onPodConditions; split it into two rules, one for each')],
    ['a bad condition status', (m: any[]) => { job(m).podFailurePolicy.rules[1].onPodConditions[0].status = 'Yes'; },
      error('pod-failure-policy', JOB, 'spec.podFailurePolicy.rules[1].onPodConditions[0].status', 'status "Yes" is not a condition status; use \'True\', \'False\' or \'Unknown\'')],
    ['21 rules', (m: any[]) => { job(m).podFailurePolicy.rules = Array.from({ length: 21 }, (_, i) => ({ action: 'Ignore', onExitCodes: { operator: 'In', values: [i + 1] } })); },
      error('pod-failure-policy', JOB, 'spec.podFailurePolicy.rules', 'podFailurePolicy.rules has 21 rules; the API server accepts at most 20; merge rules, or drop the least useful')],
    ['successPolicy on a NonIndexed Job', (m: any[]) => { delete job(m).completionMode; },
      error('success-policy', JOB, 'spec.completionMode', 'completionMode nothing must be \'Indexed\' for a successPolicy, whose rules name indexes; set completionMode: \'Indexed\'')],
    ['Indexed without completions', (m: any[]) => { delete job(m).completions; },
      error('completion-mode', JOB, 'spec.completions', 'completions is required with completionMode \'Indexed\'; set completions to the number of indexes')],
    ['an index beyond completions', (m: any[]) => { job(m).successPolicy.rules[0].succeededIndexes = '2-4'; },
      error('success-policy', JOB, 'spec.successPolicy.rules[0].succeededIndexes', 'succeededIndexes "2-4" is not a list of indexes: index 4 is not below completions (4); use increasing indexes below 4 and intervals, separated by commas, e.g. "0,2-4"')],
    ['succeededCount above its indexes', (m: any[]) => { job(m).successPolicy.rules[0].succeededCount = 3; },
      error('success-policy', JOB, 'spec.successPolicy.rules[0].succeededCount', 'succeededCount 3 must be <= the 2 indexes of succeededIndexes; lower succeededCount or list more indexes')],
    ['an empty success rule', (m: any[]) => { job(m).successPolicy.rules.push({}); },
      error('success-policy', JOB, 'spec.successPolicy.rules[1]', 'successPolicy.rules[1] sets neither succeededIndexes nor succeededCount; set either or both')],
    ['a CronJob\'s Job: 0 with In', (m: any[]) => { cron(m).podFailurePolicy.rules[0].onExitCodes.values = [0, 2]; },
      error('pod-failure-policy', CRON, 'spec.jobTemplate.spec.podFailurePolicy.rules[0].onExitCodes.values', 'values [0,2] lists 0 with operator \'In\', but a container that exits 0 did not fail; remove 0')],
  ])('%s', (_, mutate, expected) => {
    const m = manifests();
    mutate(m);
    expect(validateManifests(m).filter((f) => f.severity === 'error')).toEqual([expected]);
  });

  test('the window: successPolicy before 1.31', () => {
    const found = validateManifests(manifests(), { window: { oldest: '1.27', newest: '1.36' } }).filter((f) => f.rule === 'kubernetes-window');
    expect(found.map((f) => `${f.object} ${f.path}: ${f.message}`)).toEqual([
      'Job/batch/run spec.successPolicy: Job successPolicy needs Kubernetes >= 1.31 (the window\'s oldest is 1.27); raise the window\'s oldest to 1.31 or later (cdk8s-patterns:kubernetesWindow), or leave successPolicy unset',
    ]);
  });

  test('hostile values return findings, never throw', () => {
    const m = manifests();
    const spec = job(m);
    spec.podFailurePolicy = { rules: [null, 3, { action: 7, onExitCodes: { values: ['1', null, {}] }, onPodConditions: 'x' }] };
    spec.successPolicy = { rules: 'nope' };
    expect(() => validateManifests(m)).not.toThrow();
  });
});
