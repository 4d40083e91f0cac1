import {
  absolutePath, execCommand, httpGetPath, initContainerRestartPolicy, listedTwice, requestWithinLimit, runToCompletionField,
} from '../../lib/rules';

// pkg/apis/core/validation/validation.go: validateInitContainers and validateInitContainerRestartPolicy
// (the one supported value is Always; a set but empty policy is NotSupported too), and its tests in
// validation_test.go TestValidateInitContainers.
describe('initContainerRestartPolicy', () => {
  test.each([undefined, null, 'Always'])('accepts %j', (v) => expect(initContainerRestartPolicy(v)).toBeUndefined());
  test.each(['OnFailure', 'Never', '', 'always', 'ALWAYS'])('rejects %j', (v) => {
    expect(initContainerRestartPolicy(v)).toEqual({
      rule: 'init-container-restart-policy', message: 'is not a restartPolicy an init container takes',
      fix: 'use Always (a native sidecar, which runs along with the app), or leave it unset for a container that runs to completion',
    });
  });
});

// The same function's default branch: lifecycle, livenessProbe, readinessProbe and startupProbe are
// Forbidden "for init containers without restartPolicy=Always".
describe('runToCompletionField', () => {
  test('says what is wrong and the two ways out', () => {
    expect(runToCompletionField()).toEqual({
      rule: 'init-container-field', message: 'is not allowed on an init container that runs to completion (no restartPolicy: Always)',
      fix: 'make it a native sidecar (restartPolicy: Always), or remove it',
    });
  });
});

// pkg/apis/core/validation/validation_test.go TestValidateResourceRequirements: a request above its limit is invalid,
// equal is valid ("must be less than or equal to cpu limit").
describe('requestWithinLimit', () => {
  test.each([[0, 1], [1, 1], [0.5, 2]])('accepts request %j with limit %j', (request, limit) => expect(requestWithinLimit(request, limit, 'x')).toBeUndefined());
  test.each([[2, 1, '1'], [1.5, 1, '"1"'], [1024, 512, '512Mi']] as const)('rejects request %j over limit %j', (request, limit, text) => {
    expect(requestWithinLimit(request, limit, text)).toEqual({
      rule: 'resource-request-limit', message: `is above the limit (${text})`, fix: 'lower the request or raise the limit',
    });
  });
});

// pkg/apis/core/validation/validation_test.go TestValidateVolumeMounts (mountPath required) and the container runtime,
// which rejects a relative mount destination.
describe('absolutePath', () => {
  test.each(['/', '/tmp', '/var/cache/nginx'])('accepts %j', (v) => expect(absolutePath(v)).toBeUndefined());
  test.each(['', 'tmp', './tmp', '~/x'])('rejects %j', (v) => {
    expect(absolutePath(v)).toEqual({ rule: 'absolute-path', message: 'is not an absolute path', fix: 'start it with \'/\'' });
    expect(absolutePath(v, '/tmp')?.fix).toBe('start it with \'/\', e.g. "/tmp"');
  });
});

// pkg/apis/core/validation/validation.go validateExecAction: command is Required.
describe('execCommand', () => {
  test.each([[['cat']], [['sh', '-c', 'true']]])('accepts %j', (v) => expect(execCommand(v, 'X')).toBeUndefined());
  test.each([[undefined], [[]], [['']]])('rejects %j', (v) => expect(execCommand(v, 'Probe.exec([\'cat\'])')).toEqual({
    rule: 'exec-command', message: 'names no program to run', fix: 'pass the program and its arguments, e.g. Probe.exec([\'cat\'])',
  }));
});

describe('httpGetPath', () => {
  test.each(['/', '/healthz', '/a?b=c'])('accepts %j', (v) => expect(httpGetPath(v)).toBeUndefined());
  test.each(['healthz', ''])('rejects %j', (v) => expect(httpGetPath(v)).toEqual({
    rule: 'http-get-path', message: 'does not start with \'/\'', fix: `use "/${v}"`,
  }));
});

describe('listedTwice', () => {
  test('names the entry', () => expect(listedTwice('mode')).toEqual({ rule: 'listed-twice', message: 'is listed twice', fix: 'list each mode once' }));
});
