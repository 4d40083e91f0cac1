// Cases from kubernetes/kubernetes pkg/apis/core/validation/validation_test.go (TestValidateEnv: valid and invalid
// fieldRef paths, subscripted label and annotation keys, empty and malformed configMapKeyRef / secretKeyRef keys),
// against validation.go validEnvDownwardAPIFieldPathExpressions and validateObjectFieldSelector (version 000f2605),
// and pkg/apis/core/pods/helpers.go ConvertDownwardAPIFieldLabel.
import { ENV_FIELD_PATHS, envFieldApiVersion, envFieldPath, envKeyRefKey } from '../../lib/rules';

describe('envFieldPath (validateObjectFieldSelector with the env field paths)', () => {
  test.each([
    ...ENV_FIELD_PATHS, 'spec.host',
    'metadata.labels[\'app\']', 'metadata.labels[\'app.kubernetes.io/name\']', 'metadata.annotations[\'Example.com/Owner\']',
    'metadata.annotations[\'a.b_c\']',
  ])('%s is valid', (path) => expect(envFieldPath(path)).toBeUndefined());

  test('a typo names the close match', () => {
    expect(envFieldPath('status.podIp')).toEqual({
      rule: 'env-field-path', message: 'is not a pod field an environment variable can read', fix: 'use "status.podIP"',
    });
    expect(envFieldPath('metadata.nmae')?.fix).toBe('use "metadata.name"');
  });

  // Fields ConvertDownwardAPIFieldLabel knows but an env var may not read, and paths it does not know at all.
  test.each(['status.phase', 'spec.restartPolicy', 'metadata.labels', 'metadata.annotations', 'spec.containers[0].image', ''])(
    '%s is not an env field', (path) => {
      expect(envFieldPath(path)).toEqual({
        rule: 'env-field-path', message: 'is not a pod field an environment variable can read',
        fix: expect.stringMatching(/^use /),
      });
    });

  test('an unrelated path lists the fields', () => {
    expect(envFieldPath('spec.containers[0].image')?.fix).toBe('use one of "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", '
      + '"spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs", or metadata.labels[\'<key>\'] / '
      + 'metadata.annotations[\'<key>\']');
  });

  test('a subscript only after labels and annotations, with a valid key', () => {
    expect(envFieldPath('metadata.name[\'x\']')?.message).toBe('takes a subscript only after metadata.labels or metadata.annotations');
    expect(envFieldPath('metadata.labels[\'bad key\']')).toEqual({
      rule: 'env-field-path', message: 'does not name a valid label key',
      fix: 'use an optional prefix (a DNS subdomain of at most 253 lower-case letters, digits, \'-\' and \'.\') and \'/\', then a name of 1 to 63 '
        + 'letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit',
    });
    expect(envFieldPath('metadata.annotations[\'\']')?.message).toBe('does not name a valid annotation key');
    // Split at the first "['": the key "a[b]c" has brackets, which no key may.
    expect(envFieldPath('metadata.annotations[\'a[b]c\']')?.message).toBe('does not name a valid annotation key');
    // SplitMaybeSubscriptedPath needs a path before the subscript, else the whole text is the (unknown) path.
    expect(envFieldPath('[\'app\']')?.message).toBe('is not a pod field an environment variable can read');
  });
});

describe('envFieldApiVersion (ConvertDownwardAPIFieldLabel: "unsupported pod version")', () => {
  test('v1 only', () => {
    expect(envFieldApiVersion('v1')).toBeUndefined();
    expect(envFieldApiVersion('apps/v1')).toEqual({ rule: 'env-field-path', message: 'is not the pod API version "v1"', fix: 'use "v1", or leave apiVersion out' });
  });
});

describe('envKeyRefKey (validateConfigMapKeySelector, validateSecretKeySelector)', () => {
  test.each(['password', 'menu.json', 'DB_URL', '.hidden'])('%s is valid', (key) => expect(envKeyRefKey(key)).toBeUndefined());
  test('an empty key is required; a malformed one is not a config key', () => {
    expect(envKeyRefKey('')).toEqual({ rule: 'env-key-ref', message: 'is empty', fix: 'name the key to read' });
    expect(envKeyRefKey('a/b')?.rule).toBe('config-map-key');
    expect(envKeyRefKey('..data')?.message).toBe('is not a valid ConfigMap or Secret key');
  });
});

test('a hostile field path is answered without a typo search over its length', () => {
  expect(envFieldPath('x'.repeat(1_000_000))?.fix).toMatch(/^use one of "metadata.name"/);
});
