import { intOrPercent, surgeIntOrPercent, singleBudget, maxReplicas, minReplicas, nonNegativeQuantity, parseIntOrPercent, parseQuantity, positiveQuantity, quantity } from '../../lib/rules';

// staging/src/k8s.io/apimachinery/pkg/util/validation/validation_test.go: TestIsValidPercent (the percent form),
// and pkg/apis/apps/validation ValidatePositiveIntOrPercent / IsNotMoreThan100Percent (the range).
describe('intOrPercent', () => {
  test.each([0, 1, 10, '0%', '00000%', '1%', '01%', '99%', '100%'])('accepts %j', (v) => expect(intOrPercent(v)).toBeUndefined());
  test.each(['', '0', '100', '0.0%', '99.9%', 'hundred', ' 1%', '1% ', '-0%', '-1%', '+1%', '101%', -1, 1.5])('rejects %j', (v) => {
    expect(intOrPercent(v)).toEqual({
      rule: 'int-or-percent', message: 'is neither a pod count nor a percentage',
      fix: 'use a whole number such as 1, or a percentage from "0%" to "100%"',
    });
  });
  test('parses', () => {
    expect(parseIntOrPercent('25%')).toEqual({ value: 25, percent: true });
    expect(parseIntOrPercent(3)).toEqual({ value: 3, percent: false });
    expect(parseIntOrPercent('x')).toBeUndefined();
  });
});

// pkg/apis/apps/validation/validation.go ValidateRollingUpdateDeployment: maxSurge is ValidatePositiveIntOrPercent only,
// IsNotMoreThan100Percent is applied to maxUnavailable alone; ValidateRollingUpdateDaemonSet applies it to both.
describe('surgeIntOrPercent', () => {
  test.each([0, 1, '0%', '100%', '101%', '150%', '1000%'])('accepts %j', (v) => expect(surgeIntOrPercent(v)).toBeUndefined());
  test.each(['', '100', '12.5%', '-1%', 'ten%', -1, 1.5])('rejects %j', (v) => {
    expect(surgeIntOrPercent(v)).toEqual({
      rule: 'int-or-percent', message: 'is neither a pod count nor a percentage', fix: 'use a whole number such as 1, or a percentage such as "25%"',
    });
  });
});

// staging/src/k8s.io/apimachinery/pkg/api/resource/quantity_test.go: TestQuantityParse (its table and its invalid list).
describe('quantity', () => {
  test.each([
    ['0', 0], ['0n', 0], ['0Ki', 0], ['1Ki', 1024], ['8Mi', 8 * 2 ** 20], ['7Gi', 7 * 2 ** 30], ['1m', 0.001], ['1k', 1000],
    ['1M', 1e6], ['1e3', 1000], ['1E6', 1e6], ['-1', -1], ['+1', 1], ['.5', 0.5], ['1.', 1], ['0.5Gi', 2 ** 29],
  ])('parses %j', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value);
    expect(quantity(text)).toBeUndefined();
  });
  test.each(['1.1.M', '1+1.0M', '0.1mi', '0.1am', 'aoeu', '.5i', '1i', '-3.01i', '-3.01e-', ' 1', '1 '])('rejects %j', (text) => {
    expect(quantity(text)).toEqual({
      rule: 'quantity', message: 'is not a quantity', fix: "use one such as '250m', '0.5', '1', '128Mi', '1Gi', '500M' or '1e3'",
    });
  });
  test('nonNegativeQuantity', () => {
    expect(nonNegativeQuantity('0')).toBeUndefined();
    expect(nonNegativeQuantity('-1m')?.message).toBe('must not be negative');
    expect(nonNegativeQuantity('x')?.message).toBe('is not a quantity');
  });
  test('positiveQuantity', () => {
    expect(positiveQuantity('100m', 'Cpu.millis(100)')).toBeUndefined();
    expect(positiveQuantity('0', 'Cpu.millis(100)')).toEqual({ rule: 'quantity', message: 'must be above zero', fix: 'use e.g. Cpu.millis(100)' });
    expect(positiveQuantity('NaN', '"100m"')?.fix).toBe('use e.g. "100m"');
  });
});

// pkg/apis/autoscaling/validation/validation_test.go (TestValidateHorizontalPodAutoscaler): minReplicas >= 1, maxReplicas >= minReplicas.
describe('HPA replica bounds', () => {
  test.each([1, 2, 100])('minReplicas accepts %j', (v) => expect(minReplicas(v)).toBeUndefined());
  test.each([0, -1, 1.5])('minReplicas rejects %j', (v) => expect(minReplicas(v)).toEqual({
    rule: 'hpa-replicas', message: 'must be a whole number of at least 1', fix: 'use 1 or more (scale-to-zero needs an alpha feature gate)',
  }));
  test('maxReplicas', () => {
    expect(maxReplicas(5, 5)).toBeUndefined();
    expect(maxReplicas(3, 5)).toEqual({ rule: 'hpa-replicas', message: 'must be a whole number >= minReplicas (5)', fix: 'raise maxReplicas or lower minReplicas' });
    expect(maxReplicas(5.5, 1)?.rule).toBe('hpa-replicas');
  });
});

// pkg/apis/policy/validation/validation_test.go (TestValidateMinAvailablePodDisruptionBudgetSpec): not both.
describe('singleBudget', () => {
  test('one of the two', () => {
    expect(singleBudget(1, undefined)).toBeUndefined();
    expect(singleBudget(undefined, '10%')).toBeUndefined();
  });
  test('both', () => expect(singleBudget(1, '10%')).toEqual({
    rule: 'pdb-min-max', message: 'and maxUnavailable ("10%") are both set, and a budget takes only one', fix: 'keep minAvailable or maxUnavailable',
  }));
});
