import { initContainerRestartPolicy, runToCompletionField } from '../../lib/rules';

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
