import { appArmorContainer, podDeletionCost, profileAnnotation } from '../../lib/rules';

// pkg/apis/core/validation/validation.go ValidateAppArmorPodAnnotations: "container not found".
describe('appArmorContainer', () => {
  test('accepts a container of the pod', () => expect(appArmorContainer('web', ['init', 'web'])).toBeUndefined());
  test('rejects another name', () => expect(appArmorContainer('wbe', ['init', 'web'])).toEqual({
    rule: 'apparmor-container', message: 'names container "wbe", which the pod does not have', fix: 'name one of its containers: "init", "web"',
  }));
  test('a pod without containers', () => expect(appArmorContainer('web', [])?.fix).toBe('name one of its containers'));
});

// pkg/apis/core/helper GetDeletionCostFromPodAnnotations (validFirstDigit, then strconv.ParseInt(value, 10, 32)) and
// ValidatePodSpecificAnnotations: "must be a 32bit integer"; cases after helpers_test.go TestGetDeletionCostFromPodAnnotations.
describe('podDeletionCost', () => {
  test.each(['0', '10', '-10', '2147483647', '-2147483648', '-007'])('accepts %j', (v) => expect(podDeletionCost(v)).toBeUndefined());
  test.each(['', '2147483648', '-2147483649', '+10', '007', '1.5', '1e3', ' 1', 'ten', '-'])('rejects %j', (v) => expect(podDeletionCost(v)).toEqual({
    rule: 'pod-deletion-cost', message: 'is not a 32-bit integer',
    fix: 'use a whole number from -2147483648 to 2147483647, without \'+\' or leading zeros (pods with a lower cost are removed first)',
  }));
});

// validation.go validateSeccompAnnotationsAndFieldsMatch and validateAppArmorAnnotationsAndFieldsMatchOnCreate.
describe('profileAnnotation', () => {
  test.each([
    ['seccomp', 'unconfined', 'Unconfined', undefined],
    ['seccomp', 'runtime/default', 'RuntimeDefault', undefined],
    ['seccomp', 'docker/default', 'RuntimeDefault', undefined],
    ['seccomp', 'localhost/audit.json', 'Localhost', 'audit.json'],
    ['AppArmor', 'runtime/default', 'RuntimeDefault', undefined],
    ['AppArmor', 'localhost/k8s-nginx', 'Localhost', 'k8s-nginx'],
    ['seccomp', 'anything', 'SomethingNew', undefined],
  ] as const)('accepts %s %j for %j', (mechanism, annotation, type, profile) => {
    expect(profileAnnotation(mechanism, annotation, type, profile, 'the pod')).toBeUndefined();
  });
  test.each([
    ['seccomp', 'unconfined', 'RuntimeDefault', undefined, 'does not match the seccomp profile type "RuntimeDefault" of the pod',
      'write "runtime/default", or remove the annotation (the field replaces it)'],
    ['AppArmor', 'docker/default', 'RuntimeDefault', undefined, 'does not match the AppArmor profile type "RuntimeDefault" of the pod',
      'write "runtime/default", or remove the annotation (the field replaces it)'],
    ['seccomp', 'runtime/default', 'Unconfined', undefined, 'does not match the seccomp profile type "Unconfined" of the pod',
      'write "unconfined", or remove the annotation (the field replaces it)'],
    ['AppArmor', 'runtime/default', 'Localhost', 'k8s-nginx', 'does not match the AppArmor profile type "Localhost" of the pod',
      'write "localhost/k8s-nginx", or remove the annotation (the field replaces it)'],
  ] as const)('rejects %s %j for %j', (mechanism, annotation, type, profile, message, fix) => {
    expect(profileAnnotation(mechanism, annotation, type, profile, 'the pod')).toEqual({ rule: 'profile-annotation', message, fix });
  });
  test('rejects another localhost profile', () => expect(profileAnnotation('seccomp', 'localhost/a.json', 'Localhost', 'b.json', 'container "web"'))
    .toEqual({
      rule: 'profile-annotation', message: 'names another profile than the seccomp localhostProfile "b.json" of container "web"',
      fix: 'write "localhost/b.json", or remove the annotation (the field replaces it)',
    }));
});
