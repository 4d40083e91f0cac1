import { absoluteUrlPath, gatewayApiLimit, ingressPath, sameMatch } from '../../lib/rules';

describe('absoluteUrlPath', () => {
  test.each(['/', '/api', '/a/b/'])('accepts %j', (v) => expect(absoluteUrlPath(v)).toBeUndefined());
  test('rejects a relative path', () => expect(absoluteUrlPath('api')).toEqual({ rule: 'url-path', message: 'must start with \'/\'', fix: 'write "/api"' }));
  test('names the pathType when the rule depends on it', () => expect(absoluteUrlPath('api', 'Prefix')).toEqual({
    rule: 'url-path', message: 'must start with \'/\' for pathType Prefix', fix: 'write "/api"',
  }));
});

// pkg/apis/networking/validation/validation_test.go TestValidateIngressRuleValue: Exact and Prefix paths must be absolute and
// must not contain "//", "/./", "/../", "%2f", "%2F" nor end with "/..", "/."; ImplementationSpecific only needs a leading '/'.
describe('ingressPath', () => {
  test.each([
    ['/', 'Prefix'], ['/foo', 'Exact'], ['/foo/bar/', 'Prefix'], ['/foo..bar', 'Prefix'], ['/foo/.bar', 'Exact'],
    ['', 'ImplementationSpecific'], ['/a//b', 'ImplementationSpecific'], ['/(.*)', 'ImplementationSpecific'],
  ])('accepts %j for %s', (path, type) => expect(ingressPath(path, type)).toBeUndefined());
  test.each([
    ['foo', 'Exact', 'must start with \'/\' for pathType Exact', 'write "/foo"'],
    ['', 'Prefix', 'must start with \'/\' for pathType Prefix', 'write "/"'],
    ['foo', 'ImplementationSpecific', 'must start with \'/\'', 'write "/foo"'],
    ['/foo//bar', 'Prefix', 'contains "//", which Kubernetes rejects in Prefix paths', 'write the path in its normalized form'],
    ['/foo/./bar', 'Exact', 'contains "/./", which Kubernetes rejects in Exact paths', 'write the path in its normalized form'],
    ['/foo/../bar', 'Prefix', 'contains "/../", which Kubernetes rejects in Prefix paths', 'write the path in its normalized form'],
    ['/foo%2Fbar', 'Prefix', 'contains "%2F", which Kubernetes rejects in Prefix paths', 'write the path in its normalized form'],
    ['/foo/..', 'Prefix', 'ends with "/..", which Kubernetes rejects in Prefix paths', 'write the path in its normalized form'],
    ['/foo/.', 'Exact', 'ends with "/.", which Kubernetes rejects in Exact paths', 'write the path in its normalized form'],
  ])('rejects %j for %s', (path, type, message, fix) => expect(ingressPath(path, type)).toEqual(expect.objectContaining({ message, fix })));
});

// gateway-api apis/v1/httproute_types.go: hostnames MaxItems=16, rules MaxItems=16, backendRefs MaxItems=16.
describe('gatewayApiLimit', () => {
  test.each([0, 15, 16])('accepts %j of 16', (n) => expect(gatewayApiLimit(n, 16, 'are', 'an HTTPRoute', 'remove some')).toBeUndefined());
  test('rejects 17 of 16', () => expect(gatewayApiLimit(17, 16, 'would be rule 17,', 'an HTTPRoute', 'move some')).toEqual({
    rule: 'gateway-api-limit', message: 'would be rule 17, more than the 16 an HTTPRoute allows', fix: 'move some',
  }));
});

describe('sameMatch', () => {
  test('names the earlier rule', () => expect(sameMatch('/api', 'Prefix', 'change its path', ', to service "web"')).toEqual({
    rule: 'same-match', message: 'matches the same requests as the earlier rule for path "/api" (Prefix, to service "web")', fix: 'change its path',
  }));
});
