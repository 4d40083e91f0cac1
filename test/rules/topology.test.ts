import { maxSkew, minDomains, minDomainsPolicy, whenUnsatisfiable } from '../../lib/rules';

// pkg/apis/core/validation/validation_test.go: TestValidateTopologySpreadConstraints (maxSkew 0 and -1, minDomains 0 and -1,
// minDomains with ScheduleAnyway, whenUnsatisfiable "N/A").
describe('maxSkew', () => {
  test.each([1, 2, 100])('accepts %p', (v) => expect(maxSkew(v)).toBeUndefined());
  test.each([0, -1, 1.5])('rejects %p', (v) => {
    expect(maxSkew(v)).toEqual({ rule: 'topology-spread', message: 'must be a whole number of at least 1', fix: 'use 1 for the most even spread' });
  });
});

describe('minDomains', () => {
  test.each([1, 3])('accepts %p', (v) => expect(minDomains(v)).toBeUndefined());
  test.each([0, -1, 2.5])('rejects %p', (v) => {
    expect(minDomains(v)).toEqual({
      rule: 'topology-spread', message: 'must be a whole number of at least 1', fix: 'use the number of zones (or nodes) you expect, e.g. 3',
    });
  });
  test('only with DoNotSchedule', () => {
    expect(minDomainsPolicy('DoNotSchedule')).toBeUndefined();
    for (const when of ['ScheduleAnyway', undefined]) {
      expect(minDomainsPolicy(when)).toEqual({
        rule: 'topology-spread', message: 'only applies with whenUnsatisfiable \'DoNotSchedule\'',
        fix: 'set whenUnsatisfiable: \'DoNotSchedule\' or remove minDomains',
      });
    }
  });
});

describe('whenUnsatisfiable', () => {
  test.each(['DoNotSchedule', 'ScheduleAnyway'])('accepts %p', (v) => expect(whenUnsatisfiable(v)).toBeUndefined());
  test.each(['N/A', '', 'doNotSchedule', 'DoNotSCHEDULE'])('rejects %p', (v) => {
    expect(whenUnsatisfiable(v)).toEqual({
      rule: 'topology-spread', message: 'is not a policy Kubernetes knows', fix: 'use \'ScheduleAnyway\' or \'DoNotSchedule\'',
    });
  });
});
