// Cases from Kubernetes: staging/src/k8s.io/apimachinery/pkg/util/validation/validation_test.go (TestIsConfigMapKey),
// plus the length limit and the mode range of pkg/apis/core/validation (defaultMode and items[].mode: 0..0777).
import { apiGroupsOf, configDataSize, configMapKey, dockerConfigJson, secretTypeKeys, fileMode, rbacApiGroup, rbacNamespacedResource, volumeItemPath } from '../../lib/rules';

describe('configMapKey (IsConfigMapKey)', () => {
  test.each(['a', 'good', 'good-good', 'still.good', 'this.is.also.good', '.so.is.this', 'THIS_IS_GOOD', 'so_is_this_17', 'a'.repeat(253)])(
    '%s is valid', (key) => expect(configMapKey(key)).toBeUndefined());
  test.each(['.', '..', '..bad', 'b*d', 'bad!&bad', '', 'a/b', 'a b', 'a'.repeat(254)])('%s is invalid', (key) => {
    expect(configMapKey(key)).toEqual({
      rule: 'config-map-key',
      message: 'is not a valid ConfigMap or Secret key',
      fix: 'use at most 253 letters, digits, \'-\', \'_\' and \'.\', not "." and not starting with ".."',
    });
  });
});

describe('fileMode', () => {
  test.each([0, 0o400, 0o440, 0o644, 0o777])('%o is valid', (mode) => expect(fileMode(mode)).toBeUndefined());
  test.each([-1, 0o1000, 0o4755, 1.5, NaN])('%s is invalid', (mode) => expect(fileMode(mode)?.rule).toBe('file-mode'));
});

describe('volumeItemPath', () => {
  test.each(['menu.json', 'conf/menu.json', '..menu', 'a..b'])('%s is valid', (p) => expect(volumeItemPath(p)).toBeUndefined());
  test.each([['', 'is empty'], ['/etc/menu', 'is an absolute path'], ['../menu', 'contains \'..\''], ['a/../../b', 'contains \'..\'']])(
    '%s is invalid', (p, message) => expect(volumeItemPath(p)?.message).toBe(message));
});

describe('RBAC', () => {
  test('the group of a built-in resource; undefined for one the table lacks', () => {
    expect(apiGroupsOf('deployments')).toEqual(['apps']);
    expect(apiGroupsOf('pods/log')).toEqual(['']);
    expect(apiGroupsOf('events')).toEqual(['', 'events.k8s.io']);
    expect(apiGroupsOf('httproutes')).toBeUndefined();
  });
  test('a rule must list a group that serves the resource', () => {
    expect(rbacApiGroup('deployments', ['apps'])).toBeUndefined();
    expect(rbacApiGroup('deployments', ['*'])).toBeUndefined();
    expect(rbacApiGroup('events', ['events.k8s.io'])).toBeUndefined();
    expect(rbacApiGroup('httproutes', ['gateway.networking.k8s.io'])).toBeUndefined();
    expect(rbacApiGroup('deployments', [''])).toEqual({
      rule: 'rbac-api-group',
      message: 'is served by the API group "apps", which the rule does not list',
      fix: 'add "apps" to apiGroups, or move the resource to a rule for that group',
    });
    expect(rbacApiGroup('pods', ['apps'])?.message).toBe('is served by the API group "" (core), which the rule does not list');
  });
  test('a Role cannot grant cluster-scoped resources', () => {
    expect(rbacNamespacedResource('pods')).toBeUndefined();
    expect(rbacNamespacedResource('nodes')?.message).toBe('is cluster-scoped, so a Role cannot grant it');
  });
});

// pkg/apis/core/validation/validation_test.go TestValidateSecret: a TLS Secret needs tls.crt and tls.key, a basic-auth
// Secret username or password, a dockerconfigjson one .dockerconfigjson, an ssh-auth one ssh-privatekey; Opaque needs none.
describe('secretTypeKeys', () => {
  test.each([
    ['Opaque', []], ['example.com/custom', []], ['kubernetes.io/tls', ['tls.crt', 'tls.key']], ['kubernetes.io/basic-auth', ['password']],
    ['kubernetes.io/basic-auth', ['username', 'password']], ['kubernetes.io/ssh-auth', ['ssh-privatekey']], ['constructor', []],
  ])('accepts %s with %j', (type, keys) => expect(secretTypeKeys(type, keys, 'data')).toBeUndefined());
  test.each([
    ['kubernetes.io/tls', ['tls.crt'], 'needs the keys "tls.crt" and "tls.key" (the Secret has "tls.crt")', 'add "tls.key" to data'],
    ['kubernetes.io/tls', [], 'needs the keys "tls.crt" and "tls.key" (the Secret has none)', 'add "tls.crt" and "tls.key" to data'],
    ['kubernetes.io/basic-auth', ['user'], 'needs the keys "username" or "password" (the Secret has "user")', 'add one of them to data'],
    ['kubernetes.io/dockerconfigjson', ['b', 'a'], 'needs the key ".dockerconfigjson" (the Secret has "a", "b")', 'add ".dockerconfigjson" to data'],
  ])('rejects %s with %j', (type, keys, message, fix) => expect(secretTypeKeys(type, keys, 'data')).toEqual({ rule: 'secret-type-keys', message, fix }));
});

// core validation.go ValidateConfigMap / ValidateSecret: totalSize > MaxSecretSize (1 MiB).
describe('configDataSize', () => {
  test.each([0, 1024 * 1024])('accepts %p bytes', (n) => expect(configDataSize(n, 'ConfigMap')).toBeUndefined());
  test('rejects one byte more, naming the kind', () => {
    expect(configDataSize(1024 * 1024 + 1, 'Secret')).toEqual({
      rule: 'config-size', message: 'is over the 1 MiB limit of a Secret', fix: 'move large files into the image or a volume',
    });
  });
});

// pkg/apis/core/validation/validation.go ValidateSecret: `json.Unmarshal(dockerConfigJSONBytes, &map[string]interface{}{})`, so
// an object (or null, which unmarshals to a nil map); validation_test.go TestValidateDockerConfigSecret "invalid dockerconfigjson".
describe('dockerConfigJson', () => {
  test.each(['{"auths":{"registry.example.com":{"auth":"dXNlcjpwYXNz"}}}', '{}', 'null', ' { } '])('%s is valid', (text) => {
    expect(dockerConfigJson(text)).toBeUndefined();
  });
  test.each(['', 'auths', '{"auths":', '[]', '"text"', '42'])('%j is not a JSON object', (text) => {
    expect(dockerConfigJson(text)).toEqual({
      rule: 'docker-config-json', message: 'is not a JSON object, so the API server refuses the Secret',
      fix: 'use the content of a Docker config.json, such as {"auths":{"registry.example.com":{"auth":"<base64 user:password>"}}}',
    });
  });
});
