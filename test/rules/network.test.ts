import {
  cidr, cidrExcept, cidrStrictlyContains, hostname, networkCidr, nodePort, parseCidr, policyEndPort, policyPeer, policyTypeCount, portName,
  portNumber, probePortName, quotedPortNumber,
} from '../../lib/rules';

// staging/src/k8s.io/apimachinery/pkg/util/validation/validation_test.go: TestIsValidPortNum
describe('portNumber', () => {
  test.each([1, 2, 1000, 16384, 32768, 65535])('accepts %j', (v) => expect(portNumber(v)).toBeUndefined());
  test.each([0, -1, 65536, 100000, 80.5, NaN])('rejects %j', (v) => expect(portNumber(v)).toEqual({
    rule: 'port-range', message: 'is not a port number', fix: 'use an integer from 1 to 65535',
  }));
});

// staging/src/k8s.io/apimachinery/pkg/util/validation/validation_test.go: TestIsValidPortName
// apimachinery util/validation IsValidPortName: "must contain at least one letter (a-z)", so a quoted number is no port name.
describe('quotedPortNumber', () => {
  test.each([8080, 'http', 'h8080', '80a', ''])('accepts %j', (v) => expect(quotedPortNumber(v)).toBeUndefined());
  test.each([['8080', 8080], ['080', 80]] as const)('rejects %j', (v, n) => {
    expect(quotedPortNumber(v)).toEqual({
      rule: 'quoted-port-number',
      message: 'is a quoted number, which the API server reads as a port name, and a port name needs a letter',
      fix: `write it as a number: ${n}`,
    });
  });
});

describe('portName', () => {
  test.each(['telnet', 're-mail-ck', 'pop3', 'a', 'a-1', '1-a', 'a-1-b-2-c', '1-a-2-b-3'])('accepts %j', (v) => expect(portName(v)).toBeUndefined());
  test.each(['longerthan15characters', '', 'a'.repeat(16), '12345', '1-2-3-4', '-begin', 'end-', 'two--hyphens', 'whois++'])(
    'rejects %j', (v) => expect(portName(v)).toEqual({
      rule: 'port-name', message: 'is not an IANA service name',
      fix: 'use at most 15 lower-case letters, digits and single inner \'-\', with at least one letter',
    }));
});

describe('nodePort', () => {
  test.each([30000, 31000, 32767])('accepts %j', (v) => expect(nodePort(v)).toBeUndefined());
  test.each([29999, 32768, 80, 30000.5])('rejects %j', (v) => expect(nodePort(v)?.message).toBe('must be within 30000-32767, the default node port range'));
  test('a cluster range', () => expect(nodePort(20000, { min: 20000, max: 20010 })).toBeUndefined());
});

// Wildcards: staging/src/k8s.io/apimachinery/pkg/util/validation/validation_test.go TestIsWildcardDNS1123Subdomain;
// IPs and ports: pkg/apis/networking/validation/validation_test.go (Ingress rules reject IP hosts).
describe('hostname', () => {
  test.each(['example.com', 'a', '*.example.com', '*.bar.com', '*.foo.bar.com'])('accepts %j', (v) => {
    expect(hostname(v, 'Ingress host')).toBeUndefined();
    expect(hostname(v, 'Gateway API hostname')).toBeUndefined();
  });
  test.each(['*.*.bar.com', '*.foo.*.com', '*bar.com', 'f*.bar.com', '*'])('rejects the wildcard %j', (v) => {
    expect(hostname(v, 'Ingress host')?.message).toBe('has a \'*\' that is not a whole first label followed by a domain');
  });
  test.each(['10.0.0.1', '::1', '10.0.0.1:80'])('rejects the IP address %j', (v) => {
    expect(hostname(v, 'Ingress host')?.message).toBe('is an IP address, which Ingress hosts cannot be');
    expect(hostname(v, 'Gateway API hostname')?.message).toBe('is an IP address, which Gateway API hostnames cannot be');
  });
  test('rejects a port', () => expect(hostname('shop.example.com:443', 'Ingress host')).toEqual({
    rule: 'hostname', message: 'includes a port, which Ingress hosts cannot have', fix: 'write "shop.example.com"',
  }));
  test.each(['Shop.example.com', 'shop_1.example.com', 'a..b', '', 'http://shop.example.com'])('rejects the name %j', (v) => {
    expect(hostname(v, 'Gateway API hostname')?.message).toBe('is not a valid DNS name');
  });
});

// The address parsing follows Go's net.ParseCIDR, which Kubernetes's IsValidCIDR uses.
describe('cidr', () => {
  test.each(['10.0.0.0/8', '192.168.1.0/24', '0.0.0.0/0', '2001:db8::/32', 'fd00::/64', '127.255.0.0/16', '2600:f0f0::/96', '10.0.0.1/8'])(
    'accepts %j', (v) => expect(cidr(v)).toBeUndefined());
  test.each(['', 'invalid', '10.0.0.0', '10.0.0.0/33', '256.0.0.0/8', '10.0.0.0/-1', '2001:db8::/129', '123.222/333.444',
    '2600:f0f0::/96/32', 'fe80::1%eth0/64'])('rejects %j', (v) => expect(cidr(v)).toEqual({
    rule: 'cidr', message: 'is not a CIDR', fix: 'write an address and a prefix length, like "10.0.0.0/8" or "2001:db8::/32"',
  }));
  test('networkCidr rejects host bits and names the network', () => {
    expect(networkCidr('10.0.0.0/8')).toBeUndefined();
    expect(networkCidr('10.0.0.1/8')).toEqual({
      rule: 'cidr', message: 'has host bits set after the prefix', fix: 'write the network address "10.0.0.0/8", or /32 for one host',
    });
    expect(networkCidr('2001:db8::1/32')?.fix).toBe('write the network address "2001:db8::/32", or /128 for one host');
    expect(networkCidr('nope')?.message).toBe('is not a CIDR');
  });
  test('cidrStrictlyContains', () => {
    const outer = parseCidr('10.0.0.0/8')!;
    expect(cidrStrictlyContains(outer, parseCidr('10.1.0.0/16')!)).toBe(true);
    expect(cidrStrictlyContains(outer, parseCidr('10.0.0.0/8')!)).toBe(false);
    expect(cidrStrictlyContains(outer, parseCidr('11.0.0.0/16')!)).toBe(false);
    expect(cidrStrictlyContains(outer, parseCidr('::/64')!)).toBe(false);
  });
});

// pkg/apis/core/validation/validation_test.go (TestValidateProbe / validateHandler): a named port must exist in the container.
describe('probePortName', () => {
  test('accepts a port the container declares', () => expect(probePortName('http', ['http', 'metrics'])).toBeUndefined());
  test('names the ports the container has', () => expect(probePortName('web', ['http', 'metrics'])).toEqual({
    rule: 'probe-port', message: 'is not a named port of its container (it has "http", "metrics")',
    fix: 'add a port named "web" to the container\'s ports, or probe by number',
  }));
  test('a container without named ports', () => expect(probePortName('web', [])?.message).toBe('is not a named port of its container (it declares no named ports)'));
});

// pkg/apis/networking/validation/validation_test.go TestValidateNetworkPolicy: "except IP is outside of CIDR range",
// "except IP is not strictly within CIDR range", and their IPv6 forms.
describe('cidrExcept', () => {
  test.each([
    ['192.168.8.0/25', '192.168.8.0/24'], ['192.168.8.128/25', '192.168.8.0/24'], ['10.1.0.0/24', '10.0.0.0/8'],
    ['fd00:192:168:1::/64', 'fd00:192:168::/48'],
  ])('accepts %j inside %j', (except, outer) => expect(cidrExcept(except, outer)).toBeUndefined());
  test.each([
    ['192.168.9.1/24', '192.168.8.0/24'], ['192.168.8.0/24', '192.168.8.0/24'], ['192.168.0.0/16', '192.168.8.0/24'],
    ['fd00:192:169::/48', 'fd00:192:168::/48'], ['fd00:192:168::/48', 'fd00:192:168::/48'], ['2001:db8::/64', '10.0.0.0/16'],
  ])('rejects %j outside %j', (except, outer) => expect(cidrExcept(except, outer)).toEqual({
    rule: 'cidr-except', message: `is not strictly inside cidr "${outer}"`, fix: 'list only smaller blocks within cidr, or widen cidr',
  }));
});

// pkg/apis/networking/validation/validation.go ValidateNetworkPolicyPort, ValidateNetworkPolicyPeer, ValidateNetworkPolicySpec
// (cases after validation_test.go TestValidateNetworkPolicy: endPort with a named port, endPort below port, an empty peer,
// ipBlock with a selector, three policyTypes).
describe('policyEndPort', () => {
  test.each([[8080, 8080], [32000, 30000], [65535, 1]])('accepts endPort %j after port %j', (end, port) => expect(policyEndPort(end, port)).toBeUndefined());
  test.each([
    [90, undefined, 'is set without port', 'set port to the first port of the range, or remove endPort'],
    [90, 'http', 'closes a range that starts at the named port "http"', 'give port as a number, or remove endPort'],
    [70, 80, 'is below port 80', 'use 80 or more, or lower port'],
  ] as const)('rejects endPort %j after port %j', (end, port, message, fix) => {
    expect(policyEndPort(end, port)).toEqual({ rule: 'policy-end-port', message, fix });
  });
  test('an endPort beyond the port range is no port number', () => expect(policyEndPort(70000, 80)?.rule).toBe('port-range'));
});

describe('policyPeer', () => {
  test.each([[true, false, false], [false, true, false], [true, true, false], [false, false, true]])('accepts %j %j %j', (pod, ns, block) => {
    expect(policyPeer(pod, ns, block)).toBeUndefined();
  });
  test('rejects a peer of nothing', () => expect(policyPeer(false, false, false)).toEqual({
    rule: 'policy-peer', message: 'sets none of podSelector, namespaceSelector and ipBlock',
    fix: 'set a podSelector and/or a namespaceSelector, or an ipBlock; to allow every source or destination, leave out from/to instead',
  }));
  test.each([[true, false], [false, true], [true, true]])('rejects ipBlock with selectors %j %j', (pod, ns) => expect(policyPeer(pod, ns, true)).toEqual({
    rule: 'policy-peer', message: 'combines ipBlock with a selector', fix: 'put the ipBlock and the selectors in two peers of the list',
  }));
});

describe('policyTypeCount', () => {
  test.each([0, 1, 2])('accepts %j', (n) => expect(policyTypeCount(n)).toBeUndefined());
  test('rejects 3', () => expect(policyTypeCount(3)).toEqual({
    rule: 'policy-types', message: 'lists 3 directions, and there are two', fix: 'list \'Ingress\', \'Egress\' or both, each once',
  }));
});
