import {
  behaviorSeconds, scalingPolicyList, scalingPolicyValue, secondsInRange,
  daemonSetSurge, historyLimit, oneOf, podCount, positiveInteger, rollingUpdateOnly, rolloutProgress, scalingPolicyType, selectPolicy,
  UNHEALTHY_POD_EVICTION_POLICIES, wholeNumber,
} from '../../lib/rules';

// pkg/apis/apps/validation/validation_test.go (TestValidateDeployment, TestValidateStatefulSet, TestValidateDaemonSet):
// replicas, revisionHistoryLimit, partition and the Job counts go through ValidateNonnegativeField, so 0 passes and -1 fails.
describe('wholeNumber', () => {
  test.each([0, 1, 10, 2147483647])('accepts %j', (v) => expect(wholeNumber(v)).toBeUndefined());
  test.each([-1, -2, 1.5, NaN, Infinity])('rejects %j', (v) => expect(wholeNumber(v)).toEqual({
    rule: 'whole-number', message: 'must be a whole number', fix: 'use 0 or more',
  }));
  test('a caller names its own fix and rule', () => expect(wholeNumber(-1, 'use 0', 'x')).toEqual({ rule: 'x', message: 'must be a whole number', fix: 'use 0' }));
  test('historyLimit says what 0 means', () => expect(historyLimit(-1)).toEqual({
    rule: 'whole-number', message: 'must be a whole number', fix: 'use 0 or more (0 disables rollback)',
  }));
  test.each([0, 3])('historyLimit accepts %j', (v) => expect(historyLimit(v)).toBeUndefined());
});

describe('podCount', () => {
  test.each([0, 1, 100])('accepts %j', (v) => expect(podCount(v)).toBeUndefined());
  test.each([-1, 0.5, NaN])('rejects %j', (v) => expect(podCount(v)).toEqual({
    rule: 'pod-count', message: 'must be a whole number of pods', fix: 'use 0 or more',
  }));
});

// pkg/apis/autoscaling/validation/validation_test.go TestValidateHorizontalPodAutoscaler ("must be greater than or equal to 1"
// for minReplicas 0 and -1) and pkg/apis/core/validation/validation_test.go TestValidateTopologySpreadConstraints (maxSkew 0, minDomains 0).
describe('positiveInteger', () => {
  test.each([1, 2, 100])('accepts %j', (v) => expect(positiveInteger(v, 'use 1')).toBeUndefined());
  test.each([0, -1, 1.5, NaN])('rejects %j', (v) => expect(positiveInteger(v, 'use 1', 'topology-spread')).toEqual({
    rule: 'topology-spread', message: 'must be a whole number of at least 1', fix: 'use 1',
  }));
  test('has its own rule id by default', () => expect(positiveInteger(0, 'use 1')?.rule).toBe('positive-integer'));
});

// pkg/apis/policy/validation/validation_test.go TestValidateUnhealthyPodEvictionPolicy and
// pkg/apis/autoscaling/validation/validation_test.go (selectPolicy): values outside the list are NotSupported; case matters.
describe('oneOf', () => {
  test.each(['AlwaysAllow', 'IfHealthyBudget'])('accepts %j', (v) => expect(oneOf(v, UNHEALTHY_POD_EVICTION_POLICIES, 'policy')).toBeUndefined());
  test.each(['', 'Never', 'alwaysallow'])('rejects %j', (v) => expect(oneOf(v, UNHEALTHY_POD_EVICTION_POLICIES, 'policy')).toEqual({
    rule: 'enum', message: 'is not a policy Kubernetes knows', fix: 'use \'AlwaysAllow\' or \'IfHealthyBudget\'',
  }));
  test('lists three or more choices with commas', () => expect(oneOf('x', ['a', 'b', 'c'], 'thing')?.fix).toBe('use \'a\', \'b\' or \'c\''));
  test('lists one choice alone', () => expect(oneOf('x', ['a'], 'thing')?.fix).toBe('use \'a\''));
  test.each(['Max', 'Min', 'Disabled'])('selectPolicy accepts %j', (v) => expect(selectPolicy(v)).toBeUndefined());
  test.each(['max', 'Fastest'])('selectPolicy rejects %j', (v) => expect(selectPolicy(v)).toEqual({
    rule: 'hpa-behavior', message: 'is not a policy selection Kubernetes knows', fix: 'use \'Max\', \'Min\' or \'Disabled\'',
  }));
});

// pkg/apis/apps/validation ValidateStatefulSetUpdateStrategy / ValidateDaemonSetUpdateStrategy: "only allowed for updateStrategy 'RollingUpdate'".
describe('rollingUpdateOnly', () => {
  test('accepts RollingUpdate', () => expect(rollingUpdateOnly('RollingUpdate', 'partition')).toBeUndefined());
  test.each(['OnDelete', ''])('rejects %j', (v) => expect(rollingUpdateOnly(v, 'maxSurge')).toEqual({
    rule: 'rolling-update', message: 'only applies to updateStrategy \'RollingUpdate\'', fix: 'remove maxSurge, or use updateStrategy: \'RollingUpdate\'',
  }));
});

// pkg/apis/apps/validation/validation_test.go TestValidateRollingUpdateDaemonSet: maxSurge and maxUnavailable both non-zero is invalid.
describe('daemonSetSurge', () => {
  test.each([[0, 1], [1, 0], [0, 0], [25, 0]])('accepts maxSurge %j with maxUnavailable %j', (s, u) => expect(daemonSetSurge(s, u, String(u))).toBeUndefined());
  test.each([[1, 1, '1'], [10, 20, '"20%"']] as const)('rejects maxSurge %j with maxUnavailable %j', (s, u, shown) => expect(daemonSetSurge(s, u, shown)).toEqual({
    rule: 'rolling-update', message: `may not be set when maxUnavailable (${shown}) is not zero: a DaemonSet either surges or takes pods down`,
    fix: 'set maxUnavailable: 0, or remove maxSurge',
  }));
});

// pkg/apis/apps/validation/validation_test.go TestValidateDeployment / TestValidateRollingUpdateDaemonSet:
// maxUnavailable "may not be 0 when maxSurge is 0".
describe('rolloutProgress', () => {
  test.each([[1, 0], [0, 1], [25, 25]])('accepts maxSurge %j with maxUnavailable %j', (s, u) => expect(rolloutProgress(s, u, 'Deployment')).toBeUndefined());
  test('rejects both zero for a Deployment', () => expect(rolloutProgress(0, 0, 'Deployment')).toEqual({
    rule: 'rolling-update', message: 'and maxSurge are both zero, so a rollout could never replace a pod',
    fix: 'allow at least one extra pod (maxSurge: 1) or one unavailable pod (maxUnavailable: 1)',
  }));
  test('rejects both zero for a DaemonSet', () => expect(rolloutProgress(0, 0, 'DaemonSet')).toEqual({
    rule: 'rolling-update', message: 'and maxSurge are both zero, so an update could never replace a pod',
    fix: 'allow one unavailable pod per update (maxUnavailable: 1) or one extra (maxSurge: 1, maxUnavailable: 0)',
  }));
});

// pkg/apis/autoscaling/validation/validation.go validateScalingPolicy: type must be Pods or Percent (NotSupported).
describe('scalingPolicyType', () => {
  test.each(['Pods', 'Percent'])('accepts %j', (v) => expect(scalingPolicyType(v)).toBeUndefined());
  test.each(['pods', 'Value', '', 3, undefined])('rejects %j', (v) => expect(scalingPolicyType(v)).toEqual({
    rule: 'hpa-behavior', message: 'is not a scaling policy type', fix: 'use \'Pods\' (a number of pods) or \'Percent\' (a share of the current replicas)',
  }));
});

// pkg/apis/autoscaling/validation/validation.go validateScalingRules (and validation_test.go TestValidateBehavior):
// stabilizationWindowSeconds 0..3600, periodSeconds 1..1800, a policy value above 0.
describe('secondsInRange and the HPA behavior durations', () => {
  test.each([[0, 0, 3600], [3600, 0, 3600], [1, 1, undefined]])('accepts %j in [%j, %j]', (s, min, max) => {
    expect(secondsInRange(s, min, max)).toBeUndefined();
  });
  test('rejects a fraction or a value outside, naming the nearest allowed value', () => {
    expect(secondsInRange(1.4, 0, 10)).toEqual({ rule: 'whole-seconds', message: 'must be a whole number of seconds, 0s to 10s', fix: 'use 1', nearest: 1 });
    expect(secondsInRange(-5, 2)).toEqual({ rule: 'whole-seconds', message: 'must be a whole number of seconds, at least 2s', fix: 'use 2', nearest: 2 });
  });
  test.each([[0, 'stabilizationWindow'], [3600, 'stabilizationWindow'], [1, 'period'], [1800, 'period']] as const)('accepts %j as %s', (s, field) => {
    expect(behaviorSeconds(s, field)).toBeUndefined();
  });
  test('rejects a window above one hour and a period above 30 minutes', () => {
    expect(behaviorSeconds(3601, 'stabilizationWindow')).toEqual({
      rule: 'hpa-behavior', message: 'must be a whole number of seconds, 0s to 3600s', fix: 'use 3600',
    });
    expect(behaviorSeconds(0, 'period')).toEqual({ rule: 'hpa-behavior', message: 'must be a whole number of seconds, 1s to 1800s', fix: 'use 1' });
  });
  test.each([1, 100])('accepts policy value %j', (v) => expect(scalingPolicyValue(v)).toBeUndefined());
  test.each([0, -1, 1.5])('rejects policy value %j', (v) => expect(scalingPolicyValue(v)).toEqual({
    rule: 'hpa-behavior', message: 'must be a whole number above 0', fix: 'use 1 or more',
  }));
});

// pkg/apis/autoscaling/validation/validation.go validateScalingRules: "must specify at least one Policy".
describe('scalingPolicyList', () => {
  test.each([1, 4])('accepts %j policies', (n) => expect(scalingPolicyList(n)).toBeUndefined());
  test('rejects none', () => expect(scalingPolicyList(0)).toEqual({
    rule: 'hpa-behavior', message: 'is an empty list, and the API server needs at least one policy',
    fix: 'add a policy, or leave policies out to get the Kubernetes defaults',
  }));
});
