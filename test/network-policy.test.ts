import { App, Chart } from 'cdk8s';
import { ContainerPort } from '../lib/container';
import { RollingDeployment } from '../lib/deployment';
import { inheritLabels, recommendedLabels } from '../lib/labels';
import { NetworkPolicy, Peer } from '../lib/network-policy';
import { validateManifests } from '../lib/validation';
import { find, newChart, synth } from './util';

function workload(chart: Chart, id: string, ports: ContainerPort[] = [{ number: 8080, name: 'http' }]): RollingDeployment {
  return new RollingDeployment(chart, id, { containers: [{ image: `example/${id}:1.0`, ports }] });
}

const DNS_RULE = {
  to: [{
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': NetworkPolicy.DEFAULTS.dns.namespace } },
    podSelector: { matchLabels: NetworkPolicy.DEFAULTS.dns.podLabels },
  }],
  ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
};

describe('NetworkPolicy', () => {
  test('minimal props: denyAll isolates every pod of the namespace both ways, DNS still allowed', () => {
    const chart = newChart({ namespace: 'shop' });
    NetworkPolicy.denyAll(chart, 'default-deny');
    const manifests = synth(chart);
    expect(find(manifests, 'NetworkPolicy', 'default-deny')).toMatchSnapshot();

    const policy = find(manifests, 'NetworkPolicy', 'default-deny');
    expect(policy.apiVersion).toBe('networking.k8s.io/v1');
    expect(policy.metadata.labels).toEqual(recommendedLabels(chart, 'default-deny', {}));
    expect(policy.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      egress: [DNS_RULE],
    });
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('denyAll options', () => {
    const chart = newChart();
    NetworkPolicy.denyAll(chart, 'ingress-only', { egress: false });
    NetworkPolicy.denyAll(chart, 'egress-no-dns', { ingress: false, allowDns: false });
    const manifests = synth(chart);
    expect(find(manifests, 'NetworkPolicy', 'ingress-only').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(find(manifests, 'NetworkPolicy', 'egress-no-dns').spec).toEqual({ podSelector: {}, policyTypes: ['Egress'] });
  });

  test('all props: a workload\'s policy with every kind of peer', () => {
    const chart = newChart({ namespace: 'shop' });
    const frontend = workload(chart, 'frontend');
    const api = workload(chart, 'api', [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }, { number: 5353, name: 'mdns', protocol: 'UDP' }]);
    const policy = new NetworkPolicy(chart, 'api-policy', {
      name: 'api-traffic',
      component: 'policy',
      partOf: 'shop',
      version: '2.0',
      labels: { team: 'shop' },
      annotations: { 'example.com/owner': 'shop' },
      target: api,
      policyTypes: ['Ingress', 'Egress'],
      allowDns: false,
    });
    policy.allowFrom(Peer.workload(frontend), 'http');
    policy.allowFrom(Peer.workload(frontend), 5353);
    policy.allowFrom(Peer.namespace('monitoring', { podLabels: { app: 'prometheus' } }), 'metrics');
    policy.allowFrom(Peer.ipBlock('10.0.0.0/8', ['10.1.0.0/16']), 8080, { protocol: 'TCP' });
    policy.allowTo(Peer.ipBlock('2001:db8::/32'), 443);
    const manifests = synth(chart);
    expect(find(manifests, 'NetworkPolicy', 'api-traffic')).toMatchSnapshot();

    const object = find(manifests, 'NetworkPolicy', 'api-traffic');
    expect(object.metadata.namespace).toBe('shop');
    expect(object.metadata.annotations).toEqual({ 'example.com/owner': 'shop' });
    expect(object.metadata.labels).toEqual(inheritLabels(api.labels, { component: 'policy', partOf: 'shop', version: '2.0', labels: { team: 'shop' } }));
    expect(object.spec.podSelector).toEqual({ matchLabels: api.selectorLabels });
    expect(object.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(object.spec.ingress).toEqual([
      // Calls for one peer share its rule; the protocol comes from the port the workload declares.
      { from: [{ podSelector: { matchLabels: frontend.selectorLabels } }], ports: [{ port: 'http', protocol: 'TCP' }, { port: 5353, protocol: 'UDP' }] },
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { app: 'prometheus' } } }],
        ports: [{ port: 'metrics', protocol: 'TCP' }],
      },
      { from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 8080, protocol: 'TCP' }] },
    ]);
    // allowDns: false, so no DNS rule even though egress is restricted.
    expect(object.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '2001:db8::/32' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('frontend → api: ingress on the api, egress on the frontend, DNS added once egress is restricted', () => {
    const chart = newChart({ namespace: 'shop' });
    const frontend = workload(chart, 'frontend');
    const api = workload(chart, 'api');
    NetworkPolicy.denyAll(chart, 'default-deny');
    const apiPolicy = new NetworkPolicy(chart, 'api-policy', { target: api });
    apiPolicy.allowFrom(Peer.workload(frontend), 'http');
    const frontendPolicy = new NetworkPolicy(chart, 'frontend-policy', { target: frontend });
    frontendPolicy.allowFrom(Peer.namespace('envoy-gateway-system'), 8080);
    frontendPolicy.allowTo(Peer.workload(api), 'http');
    const manifests = synth(chart);

    expect(apiPolicy.policyTypes).toEqual(['Ingress']);
    expect(find(manifests, 'NetworkPolicy', 'api-policy').spec).toEqual({
      podSelector: { matchLabels: api.selectorLabels },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: frontend.selectorLabels } }], ports: [{ port: 'http', protocol: 'TCP' }] }],
    });
    expect(find(manifests, 'NetworkPolicy', 'frontend-policy').spec).toEqual({
      podSelector: { matchLabels: frontend.selectorLabels },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
      egress: [{ to: [{ podSelector: { matchLabels: api.selectorLabels } }], ports: [{ port: 'http', protocol: 'TCP' }] }, DNS_RULE],
    });
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('rules without a port allow every port, and absorb the ports of the same peer', () => {
    const chart = newChart();
    const frontend = workload(chart, 'frontend');
    const api = workload(chart, 'api');
    const policy = new NetworkPolicy(chart, 'policy', { target: api });
    policy.allowFrom(Peer.workload(frontend), 'http');
    policy.allowFrom(Peer.workload(frontend));
    policy.allowFrom(Peer.workload(frontend), 8080);
    policy.allowFrom(Peer.namespace('ops'), 'http');
    policy.allowFrom(Peer.namespace('ops'), 'http');
    expect(find(synth(chart), 'NetworkPolicy', 'policy').spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: frontend.selectorLabels } }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } }], ports: [{ port: 'http', protocol: 'TCP' }] },
    ]);
  });

  test('a workload in another namespace is selected with its namespace', () => {
    const app = new App();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const web = workload(new Chart(app, 'edge', { namespace: 'edge' }), 'web');
    const policy = new NetworkPolicy(shop, 'policy');
    policy.allowFrom(Peer.workload(web));
    expect(find(synth(shop), 'NetworkPolicy', 'policy').spec.ingress).toEqual([{
      from: [{ podSelector: { matchLabels: web.selectorLabels }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } } }],
    }]);

    const api = workload(new Chart(app, 'backend', { namespace: 'backend' }), 'api');
    expect(() => new NetworkPolicy(shop, 'other', { target: api }))
      .toThrow('[shop/other] target ("backend/api") is in namespace "backend" but this NetworkPolicy is in "shop", and a policy only selects pods of its own namespace; create the policy in a chart with the target\'s namespace');
  });

  test('ports the workload does not declare', () => {
    const chart = newChart();
    const frontend = workload(chart, 'frontend');
    const api = workload(chart, 'api', [{ number: 8080, name: 'http' }, { number: 53, name: 'dns-udp', protocol: 'UDP' }, { number: 53, name: 'dns-tcp' }]);
    const bare = workload(chart, 'bare', []);
    const policy = new NetworkPolicy(chart, 'policy', { target: api });
    expect(() => policy.allowFrom(Peer.workload(frontend), 'metrics'))
      .toThrow('[test/policy] ingress[from=workload:frontend].ports ("metrics") is not a port declared by workload "test/api" (it declares 8080/TCP ("http"), 53/UDP ("dns-udp"), 53/TCP ("dns-tcp")); use one of its ports, or declare the port on its container');
    expect(() => policy.allowFrom(Peer.workload(frontend), 9090))
      .toThrow('[test/policy] ingress[from=workload:frontend].ports (9090) is not a port declared by workload "test/api" (it declares 8080/TCP ("http"), 53/UDP ("dns-udp"), 53/TCP ("dns-tcp")); use one of its ports, or declare the port on its container');
    expect(() => policy.allowFrom(Peer.workload(frontend), 8080, { protocol: 'UDP' }))
      .toThrow('[test/policy] ingress[from=workload:frontend].ports (8080) is not a UDP port declared by workload "test/api" (it declares 8080/TCP ("http"), 53/UDP ("dns-udp"), 53/TCP ("dns-tcp")); use one of its ports, or declare the port on its container');
    expect(() => policy.allowFrom(Peer.workload(frontend), 53))
      .toThrow('[test/policy] ingress[from=workload:frontend].ports (53) is declared by workload "test/api" for UDP and TCP; pass protocol to pick one');
    expect(() => policy.allowFrom(Peer.workload(frontend), 53, { protocol: 'UDP' })).not.toThrow();

    const out = new NetworkPolicy(chart, 'out', { target: frontend });
    expect(() => out.allowTo(Peer.workload(api), 'admin'))
      .toThrow('[test/out] egress[to=workload:api].ports ("admin") is not a port declared by workload "test/api" (it declares 8080/TCP ("http"), 53/UDP ("dns-udp"), 53/TCP ("dns-tcp")); use one of its ports, or declare the port on its container');
    // A workload that declares no ports cannot be checked by number, but a name must be declared.
    expect(() => out.allowTo(Peer.workload(bare), 9000)).not.toThrow();
    expect(() => out.allowTo(Peer.workload(bare), 'http'))
      .toThrow('[test/out] egress[to=workload:bare].ports ("http") is not a port declared by workload "test/bare" (it declares none); use one of its ports, or declare the port on its container');
    // Peers that are not workloads of this library have no declared ports to check against.
    expect(() => out.allowTo(Peer.namespace('db'), 'postgres')).not.toThrow();
  });

  test('invalid ports, namespaces and CIDRs', () => {
    const chart = newChart();
    const policy = new NetworkPolicy(chart, 'policy');
    expect(() => policy.allowFrom(Peer.namespace('ops'), 0))
      .toThrow('[test/policy] ingress[from=namespace:ops].ports (0) is not a port number; use an integer from 1 to 65535');
    expect(() => policy.allowFrom(Peer.namespace('ops'), 'http_port'))
      .toThrow('[test/policy] ingress[from=namespace:ops].ports ("http_port") is not an IANA service name; use at most 15 lower-case letters, digits and single inner \'-\', with at least one letter');
    expect(() => policy.allowFrom(Peer.namespace('ops'), 'a-very-long-port-name'))
      .toThrow('[test/policy] ingress[from=namespace:ops].ports ("a-very-long-port-name") is not an IANA service name; use at most 15 lower-case letters, digits and single inner \'-\', with at least one letter');
    expect(() => policy.allowFrom(Peer.namespace('ops'), '8080'))
      .toThrow('[test/policy] ingress[from=namespace:ops].ports ("8080") is not an IANA service name; use at most 15 lower-case letters, digits and single inner \'-\', with at least one letter');
    expect(() => policy.allowFrom(Peer.namespace('Ops')))
      .toThrow('[test/policy] ingress[from=namespace:Ops].namespaceSelector ("Ops") is not a namespace name; use a DNS-1123 label, as `kubectl get namespaces` lists them');

    const cidr = (value: string, except: string[] = []) => () => policy.allowTo(Peer.ipBlock(value, except));
    const where = (value: string) => `[test/policy] egress[to=ipBlock:${value}].ipBlock`;
    const NOT_CIDR = 'is not a CIDR; write an address and a prefix length, like "10.0.0.0/8" or "2001:db8::/32"';
    expect(cidr('10.0.0.0')).toThrow(`${where('10.0.0.0')}.cidr ("10.0.0.0") ${NOT_CIDR}`);
    expect(cidr('10.0.0.0/33')).toThrow(`${where('10.0.0.0/33')}.cidr ("10.0.0.0/33") ${NOT_CIDR}`);
    expect(cidr('10.0.0/8')).toThrow(`${where('10.0.0/8')}.cidr ("10.0.0/8") ${NOT_CIDR}`);
    expect(cidr('example.com/24')).toThrow(`${where('example.com/24')}.cidr ("example.com/24") ${NOT_CIDR}`);
    expect(cidr('2001:db8::/129')).toThrow(`${where('2001:db8::/129')}.cidr ("2001:db8::/129") ${NOT_CIDR}`);
    expect(cidr('10.0.0.1/8')).toThrow(`${where('10.0.0.1/8')}.cidr ("10.0.0.1/8") has host bits set after the prefix; write the network address "10.0.0.0/8", or /32 for one host`);
    expect(cidr('2001:db8::1/32')).toThrow(`${where('2001:db8::1/32')}.cidr ("2001:db8::1/32") has host bits set after the prefix; write the network address "2001:db8::/32", or /128 for one host`);
    expect(cidr('10.0.0.0/16', ['10.0.0.0/16'])).toThrow(`${where('10.0.0.0/16')}.except[0] ("10.0.0.0/16") is not strictly inside cidr "10.0.0.0/16"; list only smaller blocks within cidr, or widen cidr`);
    expect(cidr('10.0.0.0/16', ['10.1.0.0/24'])).toThrow(`${where('10.0.0.0/16')}.except[0] ("10.1.0.0/24") is not strictly inside cidr "10.0.0.0/16"; list only smaller blocks within cidr, or widen cidr`);
    expect(cidr('10.0.0.0/16', ['2001:db8::/64'])).toThrow(`${where('10.0.0.0/16')}.except[0] ("2001:db8::/64") is not strictly inside cidr "10.0.0.0/16"; list only smaller blocks within cidr, or widen cidr`);
    expect(cidr('10.0.0.0/16', ['10.0.1.1/24'])).toThrow(`${where('10.0.0.0/16')}.except[0] ("10.0.1.1/24") has host bits set after the prefix; write the network address "10.0.1.0/24", or /32 for one host`);
    expect(cidr('0.0.0.0/0', ['10.0.0.0/8', '192.168.0.0/16'])).not.toThrow();
    expect(cidr('::/0', ['fd00::/8', '::ffff:10.0.0.0/104'])).not.toThrow();
    expect(cidr('203.0.113.7/32')).not.toThrow();
  });

  test('a policy that restricts nothing, or ignores its own rules, fails at synth', () => {
    const chart = newChart();
    const api = workload(chart, 'api');
    new NetworkPolicy(chart, 'empty', { target: api });
    const ingressOnly = new NetworkPolicy(chart, 'ingress-only', { target: api, policyTypes: ['Ingress'] });
    ingressOnly.allowTo(Peer.namespace('db'));
    const egressOnly = new NetworkPolicy(chart, 'egress-only', { target: api, policyTypes: ['Egress'] });
    egressOnly.allowFrom(Peer.namespace('ops'));
    expect(() => synth(chart)).toThrow([
      'Validation failed with the following errors:',
      '  [test/empty] policyTypes ([]) is empty and there are no rules, so this policy restricts nothing; call allowFrom() or allowTo(), or set policyTypes',
      '  [test/ingress-only] policyTypes (["Ingress"]) leaves out Egress, so the allowTo() rules would be ignored; add \'Egress\' to policyTypes, or remove the rules',
      '  [test/egress-only] policyTypes (["Egress"]) leaves out Ingress, so the allowFrom() rules would be ignored; add \'Ingress\' to policyTypes, or remove the rules',
    ].join('\n'));
  });

  test('invalid props', () => {
    expect(() => new NetworkPolicy(newChart(), 'policy', { name: 'Deny_All' }))
      .toThrow('[test/policy] name ("Deny_All") is not a DNS-1123 subdomain; use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit (pass name, or change the construct id)');
    expect(() => new NetworkPolicy(newChart(), 'policy', { policyTypes: ['Ingress', 'Ingress'] }))
      .toThrow('[test/policy] policyTypes[1] ("Ingress") is listed twice; list each direction once');
  });
});

// The API server's NetworkPolicy rules (lib/rules/network.ts, lib/rules/enums.ts), on the props that reach them.
describe('props checked with the validator\'s rules', () => {
  test('a policy type outside the two (JavaScript callers and casts get past the type)', () => {
    expect(() => new NetworkPolicy(newChart(), 'policy', { policyTypes: ['ingress' as any] }))
      .toThrow('[test/policy] policyTypes[0] ("ingress") is not a policy type Kubernetes knows; use \'Ingress\' or \'Egress\'');
  });

  test('a protocol outside the three', () => {
    const chart = newChart();
    const policy = new NetworkPolicy(chart, 'policy', { target: workload(chart, 'web') });
    expect(() => policy.allowFrom(Peer.namespace('ingress-nginx'), 'http', { protocol: 'tcp' as any }))
      .toThrow('[test/policy] ingress[from=namespace:ingress-nginx].ports.protocol ("tcp") is not a protocol Kubernetes knows; use \'TCP\', \'UDP\' or \'SCTP\'');
  });

  test('the pod labels of a namespace peer are a valid selector', () => {
    const chart = newChart();
    const policy = new NetworkPolicy(chart, 'policy', { target: workload(chart, 'web') });
    expect(() => policy.allowFrom(Peer.namespace('ingress-nginx', { podLabels: { 'app/x/y': 'ok', app: '-bad' } }), 'http')).toThrow([
      '[test/policy] ingress[from=namespace:ingress-nginx].podLabels ("app/x/y") is not a valid label key; use an optional prefix (a DNS subdomain of at '
        + 'most 253 lower-case letters, digits, \'-\' and \'.\') and \'/\', then a name of 1 to 63 letters, digits, \'-\', \'_\' and \'.\', starting and '
        + 'ending with a letter or digit',
      '[test/policy] ingress[from=namespace:ingress-nginx].podLabels["app"] ("-bad") is not a valid label value; use at most 63 letters, digits, \'-\', '
        + '\'_\' and \'.\', starting and ending with a letter or digit',
    ].join('\n'));
  });
});
