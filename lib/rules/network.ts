/*
 * Ports, host names and addresses, after k8s.io/apimachinery/pkg/util/validation (IsValidPortNum,
 * IsValidPortName, IsWildcardDNS1123Subdomain, IsValidIP, IsValidCIDR). Pure functions of one value.
 */
import { isIPv4, isIPv6 } from 'net';
import { isDnsName } from './names';
import { Violation, violation } from './violation';

export const MIN_PORT = 1;
export const MAX_PORT = 65535;
/** The API server's default `--service-node-port-range`. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;

export function isPortNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_PORT && value <= MAX_PORT;
}

/** A port number (containerPort, Service port and targetPort, probe port, policy port). */
export function portNumber(value: number): Violation | undefined {
  if (isPortNumber(value)) return undefined;
  return violation('port-range', 'is not a port number', `use an integer from ${MIN_PORT} to ${MAX_PORT}`);
}

/** A node port, in the API server's default range unless the cluster sets another. */
export function nodePort(value: number, range: { readonly min: number; readonly max: number } = NODE_PORT_RANGE): Violation | undefined {
  if (Number.isInteger(value) && value >= range.min && value <= range.max) return undefined;
  return violation('node-port', `must be within ${range.min}-${range.max}, the default node port range`,
    'use a port in that range, or omit nodePort to let Kubernetes pick one');
}

export function isPortName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 15 && IANA_SVC_NAME.test(value);
}

/** A named port (IANA_SVC_NAME): container port names, and targetPorts and probe ports that name one. */
export function portName(value: string): Violation | undefined {
  if (isPortName(value)) return undefined;
  return violation('port-name', 'is not an IANA service name',
    'use at most 15 lower-case letters, digits and single inner \'-\', with at least one letter');
}

/** Who reads a host name: the words differ, the rule does not. */
export type HostnameUse = 'Ingress host' | 'Gateway API hostname';

/**
 * A port written as a quoted number (`"8080"`, common in YAML). IntOrString keeps it a string, and the
 * API server checks a string targetPort or probe port as a port name (core validation.go with
 * apimachinery util/validation IsValidPortName: "must contain at least one letter (a-z)").
 */
export function quotedPortNumber(value: unknown): Violation | undefined {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return violation('quoted-port-number', 'is a quoted number, which the API server reads as a port name, and a port name needs a letter',
    `write it as a number: ${Number(value)}`);
}

/**
 * `net.isIP`, without compiling Node's IPv6 pattern (~7 ms, once per process) for the host names that every synth
 * checks: an IPv6 address always has a ':', a host name never does.
 */
export function ipFamily(value: string): 0 | 4 | 6 {
  if (value.includes(':')) return isIPv6(value) ? 6 : 0;
  return isIPv4(value) ? 4 : 0;
}

/**
 * An Ingress host or a Gateway API hostname: a DNS-1123 subdomain, optionally with `*` as its whole
 * first label (IsWildcardDNS1123Subdomain); no IP address, no port.
 */
export function hostname(value: string, use: HostnameUse): Violation | undefined {
  const port = /^([^:]+):(\d+)$/.exec(value);
  if (ipFamily(value) !== 0 || (port && ipFamily(port[1]) !== 0)) {
    return violation('hostname', `is an IP address, which ${use}s cannot be`, 'use a DNS name, or leave it unset to match every host');
  }
  if (port) return violation('hostname', `includes a port, which ${use}s cannot have`, `write "${port[1]}"`);
  const rest = value.startsWith('*.') ? value.slice(2) : value;
  if (rest.includes('*')) {
    return violation('hostname', 'has a \'*\' that is not a whole first label followed by a domain',
      'use a wildcard only as the first label, like "*.example.com", or leave it unset to match every host');
  }
  if (!isDnsName(rest)) {
    return violation('hostname', 'is not a valid DNS name', 'use lower-case letters, digits and \'-\' in labels separated by \'.\'');
  }
  return undefined;
}

/** A CIDR, parsed: the address as a number and the prefix length. */
export interface Cidr {
  readonly family: 4 | 6;
  /** Bits in an address: 32 or 128. */
  readonly size: number;
  readonly bits: bigint;
  readonly prefix: number;
}

/** Parses `address/prefix`; undefined when it is not one. */
export function parseCidr(value: string): Cidr | undefined {
  if (typeof value !== 'string') return undefined;
  const [address, prefixText, ...rest] = value.split('/');
  const family = ipFamily(address);
  const size = family === 4 ? 32 : 128;
  const prefix = Number(prefixText);
  if (rest.length > 0 || family === 0 || address.includes('%') || !/^\d{1,3}$/.test(prefixText ?? '') || prefix > size) return undefined;
  return { family: family as 4 | 6, size, bits: toBits(address, family as 4 | 6), prefix };
}

/** A CIDR (IsValidCIDR): an IPv4 or IPv6 address and a prefix length. */
export function cidr(value: string): Violation | undefined {
  if (parseCidr(value)) return undefined;
  return violation('cidr', 'is not a CIDR', 'write an address and a prefix length, like "10.0.0.0/8" or "2001:db8::/32"');
}

/**
 * A CIDR that names a network: no bits set after the prefix (`10.0.0.1/8` reads as one host, and
 * is most likely a typo for `10.0.0.0/8` or `10.0.0.1/32`).
 */
export function networkCidr(value: string): Violation | undefined {
  const parsed = parseCidr(value);
  if (!parsed) return cidr(value);
  const hostBits = BigInt(parsed.size - parsed.prefix);
  const network = (parsed.bits >> hostBits) << hostBits;
  if (network === parsed.bits) return undefined;
  return violation('cidr', 'has host bits set after the prefix',
    `write the network address "${fromBits(network, parsed.family)}/${parsed.prefix}", or /${parsed.size} for one host`);
}

/** Whether `inner` lies strictly inside `outer` (NetworkPolicy `except` blocks). */
export function cidrStrictlyContains(outer: Cidr, inner: Cidr): boolean {
  return inner.family === outer.family && inner.prefix > outer.prefix
    && (inner.bits >> BigInt(inner.size - outer.prefix)) === (outer.bits >> BigInt(outer.size - outer.prefix));
}

/**
 * A NetworkPolicy ipBlock's `except` entry (the value checked) must lie strictly inside its `cidr`
 * (pkg/apis/networking/validation ValidateIPBlock: "must be a strict subset of `cidr`"). Both are CIDRs already.
 */
export function cidrExcept(except: string, outer: string): Violation | undefined {
  const block = parseCidr(outer);
  const inner = parseCidr(except);
  if (!block || !inner || cidrStrictlyContains(block, inner)) return undefined;
  return violation('cidr-except', `is not strictly inside cidr "${outer}"`, 'list only smaller blocks within cidr, or widen cidr');
}

function toBits(address: string, family: 4 | 6): bigint {
  if (family === 4) return address.split('.').reduce((acc, octet) => (acc << 8n) + BigInt(Number(octet)), 0n);
  const groups = (part: string): number[] => part === '' ? [] : part.split(':').flatMap((g) => {
    if (!g.includes('.')) return [parseInt(g, 16)];
    const v4 = Number(toBits(g, 4));
    return [Math.floor(v4 / 65536), v4 % 65536];
  });
  const [head, tail] = address.split('::');
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  return all.reduce((acc, g) => (acc << 16n) + BigInt(g), 0n);
}

function fromBits(bits: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((bits >> s) & 255n)).join('.');
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => ((bits >> s) & 0xffffn).toString(16));
  // The longest run of zero groups collapses to '::', as RFC 5952 writes it.
  const text = groups.join(':');
  const runs = text.match(/(^|:)0(:0)+(:|$)/g) ?? [];
  const longest = runs.reduce((a, b) => (b.length > a.length ? b : a), '');
  return longest ? text.replace(longest, '::') : text;
}

/*
 * NetworkPolicy ports, peers and policyTypes, after pkg/apis/networking/validation/validation.go ValidateNetworkPolicyPort,
 * ValidateNetworkPolicyPeer and ValidateNetworkPolicySpec. The ports' numbers and names are `portNumber` and `portName`,
 * the CIDRs `networkCidr` and `cidrExcept`, the protocols and policy types the enumerations of lib/rules/enums.ts.
 */

/**
 * A NetworkPolicy port's `endPort` (the value checked): only after a numeric `port`, not below it, a port number.
 * `port` is the port it closes the range of, as written (a number, a name, or undefined).
 */
export function policyEndPort(endPort: number, port: unknown): Violation | undefined {
  if (port === undefined || port === null) {
    return violation('policy-end-port', 'is set without port', 'set port to the first port of the range, or remove endPort');
  }
  if (typeof port !== 'number') {
    return violation('policy-end-port', `closes a range that starts at the named port ${JSON.stringify(port)}`,
      'give port as a number, or remove endPort');
  }
  if (endPort < port) return violation('policy-end-port', `is below port ${port}`, `use ${port} or more, or lower port`);
  return portNumber(endPort);
}

/**
 * A NetworkPolicy peer (a `from` or `to` entry) sets a podSelector, a namespaceSelector or both, or an ipBlock alone
 * (ValidateNetworkPolicyPeer: "must specify a peer", "may not specify both ipBlock and another peer").
 */
export function policyPeer(podSelector: boolean, namespaceSelector: boolean, ipBlock: boolean): Violation | undefined {
  if (!podSelector && !namespaceSelector && !ipBlock) {
    return violation('policy-peer', 'sets none of podSelector, namespaceSelector and ipBlock',
      'set a podSelector and/or a namespaceSelector, or an ipBlock; to allow every source or destination, leave out from/to instead');
  }
  if (ipBlock && (podSelector || namespaceSelector)) {
    return violation('policy-peer', 'combines ipBlock with a selector', 'put the ipBlock and the selectors in two peers of the list');
  }
  return undefined;
}

/** `spec.policyTypes` has at most two entries (ValidateNetworkPolicySpec: "may not specify more than two policyTypes"). */
export function policyTypeCount(count: number): Violation | undefined {
  if (count <= 2) return undefined;
  return violation('policy-types', `lists ${count} directions, and there are two`, 'list \'Ingress\', \'Egress\' or both, each once');
}
