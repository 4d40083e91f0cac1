// Cases from Kubernetes: staging/src/k8s.io/apimachinery/pkg/util/validation/validation_test.go
// (TestIsDNS1123Label, TestIsDNS1123Subdomain, TestIsDNS1035Label, TestIsQualifiedName, TestIsValidLabelValue).
import { dns1035Label, dns1123Label, dns1123Subdomain, labelKey, labelValue, objectNameRule, pathSegmentName, serviceAccountName } from '../../lib/rules';

const a = (n: number) => 'a'.repeat(n);

const table = {
  dns1123Label: {
    check: dns1123Label,
    good: ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', a(63)],
    bad: ['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2',
      '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', a(64)],
  },
  dns1123Subdomain: {
    check: dns1123Subdomain,
    good: ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2',
      'a.a', 'ab.a', 'abc.a', 'a1.a', 'a-1.a', 'a--1--2--b.a', 'a.1', 'ab.1', 'abc.1', 'a1.1', 'a-1.1', 'a--1--2--b.1',
      '0.a', '01.a', '012.a', '1a.a', '1-a.a', '0.1', '01.1', '012.1', '1a.1', '1-a.1', '1--a--b--2.1',
      'a.b.c.d.e', 'aa.bb.cc.dd.ee', '1.2.3.4.5', '11.22.33.44.55', a(253)],
    bad: ['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2',
      '.', 'a.', '.a', 'a..b', '1.', '.1', '1..2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2',
      'A.a', 'aB.a', 'ab.A', 'A1.a', 'a1.A', 'A.1', 'aB.1', 'A1.1', '1A.1', '0.A', '01.A', '012.A', '1A.a', '1a.A',
      'A.B.C.D.E', 'AA.BB.CC.DD.EE', 'a.B.c.d.e', 'aa.bB.cc.dd.ee', 'a@b', 'a,b', 'a_b', 'a;b', 'a:b', 'a%b', 'a?b', 'a$b', a(254)],
  },
  dns1035Label: {
    check: dns1035Label,
    good: ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', a(63)],
    bad: ['0', '01', '012', '1a', '1-a', '1--a--b--2', '', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1',
      '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2', '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', a(64)],
  },
  labelKey: {
    check: labelKey,
    good: ['simple', 'now-with-dashes', '1-starts-with-num', '1234', 'simple/simple', 'now-with-dashes/simple',
      'now-with-dashes/now-with-dashes', 'now.with.dots/simple', 'now-with.dashes-and.dots/simple', '1-num.2-num/3-num',
      '1234/5678', '1.2.3.4/5678', 'Uppercase_Is_OK_123', 'example.com/Uppercase_Is_OK_123', 'requests.storage-foo',
      a(63), `${a(253)}/${'b'.repeat(63)}`],
    bad: ['nospecialchars%^=@', 'cantendwithadash-', '-cantstartwithadash-', 'only/one/slash', 'Example.com/abc',
      'example_com/abc', 'example.com/', '/simple', a(64), `${a(254)}/abc`],
  },
  labelValue: {
    check: (v: string) => labelValue(v),
    good: ['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', a(63), ''],
    bad: ['nospecialchars%^=@', 'Tama-nui-te-rā.is.Māori.sun', '\\backslashes\\are\\bad', '-starts-with-dash',
      'ends-with-dash-', '.starts.with.dot', 'ends.with.dot.', a(64)],
  },
};

describe.each(Object.entries(table))('%s', (_name, { check, good, bad }) => {
  test.each(good)('accepts %j', (value) => expect(check(value)).toBeUndefined());
  test.each(bad)('rejects %j', (value) => expect(check(value)).toBeDefined());
});

// pkg/apis/core/validation/validation.go ValidateServiceAccountName (a DNS subdomain), used for a pod's serviceAccountName
// (ValidatePodSpec) and RBAC ServiceAccount subjects (rbac validation.go validateRoleBindingSubject).
describe('serviceAccountName', () => {
  test.each(['default', 'cook', 'kitchen.cook', a(253)])('accepts %j', (name) => expect(serviceAccountName(name)).toBeUndefined());
  test.each(['', 'Cook', 'cook_1', '-cook', a(254)])('rejects %j', (name) => {
    expect(serviceAccountName(name)).toEqual({
      rule: 'service-account-name', message: 'is not a ServiceAccount name',
      fix: 'use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit',
    });
  });
});

describe('messages', () => {
  test('dns1123Label says what and how, and guesses a valid spelling', () => {
    expect(dns1123Label('Web_Site')).toEqual({
      rule: 'dns1123-label',
      message: 'is not a DNS-1123 label',
      fix: 'use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit',
      example: 'web-site',
    });
  });

  test('dns1035Label guesses a spelling that starts with a letter', () => {
    expect(dns1035Label('1st')).toEqual({
      rule: 'dns1035-label',
      message: 'is not a DNS-1035 label',
      fix: 'use at most 63 lower-case letters, digits and \'-\', starting with a letter',
      example: 'x-1st',
    });
  });

  test('dns1123Subdomain keeps dots in its guess', () => {
    expect(dns1123Subdomain('Web_Config.v1')).toEqual({
      rule: 'dns1123-subdomain',
      message: 'is not a DNS-1123 subdomain',
      fix: 'use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit',
      example: 'web-config.v1',
    });
  });

  test('labelValue: required rejects the empty value Kubernetes allows', () => {
    expect(labelValue('')).toBeUndefined();
    expect(labelValue('', { required: true })).toEqual({
      rule: 'label-value',
      message: 'is not a valid label value',
      fix: 'use 1 to 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit',
    });
  });

  test('labelKey', () => {
    expect(labelKey('a/b/c')?.message).toBe('is not a valid label key');
    expect(labelKey('a/b/c', 'annotation')).toMatchObject({ rule: 'annotation-key', message: 'is not a valid annotation key' });
  });

  // apimachinery api/validation/objectmeta.go ValidateAnnotations checks IsQualifiedName(strings.ToLower(k));
  // ValidateLabels checks the key as written.
  test('labelKey: an annotation key\'s prefix may be upper-case, a label key\'s may not', () => {
    for (const key of ['Example.com/owner', 'EXAMPLE.COM/Owner', 'Kubernetes.IO/x']) {
      expect(labelKey(key, 'annotation')).toBeUndefined();
      expect(labelKey(key)).toMatchObject({ rule: 'label-key', message: 'is not a valid label key' });
    }
    expect(labelKey('Example_com/owner', 'annotation')).toMatchObject({ rule: 'annotation-key', message: 'is not a valid annotation key' });
  });

  test('pathSegmentName', () => {
    expect(pathSegmentName('ok-name')).toBeUndefined();
    expect(pathSegmentName('..')?.message).toBe('may not be ".."');
    expect(pathSegmentName('a/b')?.message).toBe('may not contain \'/\' or \'%\'');
  });

  test('objectNameRule picks the format', () => {
    expect(objectNameRule('dns1035-label')('1a')?.rule).toBe('dns1035-label');
    expect(objectNameRule('dns1123-label')('a.b')?.rule).toBe('dns1123-label');
    expect(objectNameRule('dns1123-subdomain')('a.b')).toBeUndefined();
  });
});
