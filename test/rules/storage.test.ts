// Cases from kubernetes/kubernetes pkg/apis/core/validation/validation_test.go (TestValidatePersistentVolumeClaim: missing storage
// request, zero and negative requests, invalid storage class names) against validation.go ValidatePersistentVolumeClaimSpec
// (version 000f2605).
import { claimStorage, storageClassName } from '../../lib/rules';

describe('claimStorage', () => {
  test.each(['10Gi', '1', '500M', 1])('%s is valid', (value) => expect(claimStorage(value, '"10Gi"')).toBeUndefined());
  test('required, and above zero', () => {
    expect(claimStorage(undefined, '"10Gi"')).toEqual({ rule: 'claim-storage', message: 'is not set; a claim must request a size', fix: 'request one, e.g. "10Gi"' });
    expect(claimStorage('0', '"10Gi"')).toEqual({ rule: 'claim-storage', message: 'must be above zero', fix: 'use e.g. "10Gi"' });
    expect(claimStorage('-1Gi', 'Size.gibibytes(10)')?.fix).toBe('use e.g. Size.gibibytes(10)');
    expect(claimStorage('lots', '"10Gi"')?.message).toBe('must be above zero');
  });
});

describe('storageClassName (ValidateClassName)', () => {
  test.each(['', 'gp3', 'standard-rwo', 'fast.ssd'])('%j is valid', (name) => expect(storageClassName(name)).toBeUndefined());
  test.each(['Fast_SSD', '-gp3', 'a'.repeat(254)])('%s is invalid', (name) => {
    expect(storageClassName(name)).toEqual({
      rule: 'storage-class-name', message: 'is not a storage class name',
      fix: 'use the name of a StorageClass: at most 253 lower-case letters, digits, \'-\' and \'.\'',
    });
  });
});
