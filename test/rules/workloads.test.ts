import { claimRetentionPolicy, concurrencyPolicy, daemonSetUpdateStrategy, podManagementPolicy, statefulSetUpdateStrategy } from '../../lib/rules';

// pkg/apis/apps/validation/validation_test.go (TestValidateStatefulSet: "invalid podManagementPolicy", "invalid update strategy",
// "invalid PersistentVolumeClaimRetentionPolicy"; TestValidateDaemonSet: "invalid update strategy") and
// pkg/apis/batch/validation/validation_test.go (TestValidateCronJob: "spec.concurrencyPolicy: Required value" / unsupported).
describe.each([
  ['podManagementPolicy', podManagementPolicy, ['OrderedReady', 'Parallel'], ['', 'foo', 'parallel'],
    { rule: 'statefulset-spec', message: 'is not a pod management policy', fix: 'use \'OrderedReady\' or \'Parallel\'' }],
  ['StatefulSet updateStrategy', statefulSetUpdateStrategy, ['RollingUpdate', 'OnDelete'], ['', 'foo', 'Recreate'],
    { rule: 'statefulset-spec', message: 'is not a StatefulSet update strategy', fix: 'use \'RollingUpdate\' or \'OnDelete\'' }],
  ['claim retention', claimRetentionPolicy, ['Retain', 'Delete'], ['', 'invalid retention policy', 'retain'],
    { rule: 'statefulset-spec', message: 'is not a retention policy', fix: 'use \'Retain\' or \'Delete\'' }],
  ['DaemonSet updateStrategy', daemonSetUpdateStrategy, ['RollingUpdate', 'OnDelete'], ['', 'Recreate'],
    { rule: 'rolling-update', message: 'is not a DaemonSet update strategy', fix: 'use \'RollingUpdate\' or \'OnDelete\'' }],
  ['concurrencyPolicy', concurrencyPolicy, ['Allow', 'Forbid', 'Replace'], ['', 'forbid', 'Skip'],
    { rule: 'concurrency-policy', message: 'is not a concurrency policy', fix: 'use \'Forbid\', \'Replace\' or \'Allow\'' }],
] as const)('%s', (_, rule, valid, invalid, expected) => {
  test.each(valid)('accepts %p', (v) => expect(rule(v)).toBeUndefined());
  test.each(invalid)('rejects %p', (v) => expect(rule(v)).toEqual(expected));
});
