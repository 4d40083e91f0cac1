import { Chart, Testing } from 'cdk8s';
import { RollingDeployment } from '../lib/deployment';
import { AllowedRoutes, Gateway, GATEWAY_API_LIMITS, hostnamesIntersect } from '../lib/gateway';
import { HttpRoute } from '../lib/http-route';
import { recommendedLabels } from '../lib/labels';
import { ClusterIpService } from '../lib/service';
import { validateManifests } from '../lib/validation';
import { find, newChart, synth } from './util';

function service(chart: Chart, id: string): ClusterIpService {
  const workload = new RollingDeployment(chart, `${id}-deployment`, {
    name: id,
    containers: [{ image: `example/${id}:1.0`, ports: [{ number: 8080, name: 'http' }] }],
  });
  return new ClusterIpService(chart, id, { target: workload, ports: [{ port: 80, targetPort: 'http' }] });
}

describe('Gateway', () => {
  test('minimal props: one HTTP listener, routes from its own namespace', () => {
    const chart = newChart();
    const gateway = new Gateway(chart, 'edge', { gatewayClassName: 'eg' });
    const manifests = synth(chart);
    expect(find(manifests, 'Gateway', 'edge')).toMatchSnapshot();

    const object = find(manifests, 'Gateway', 'edge');
    expect(object.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(object.metadata.labels).toEqual(recommendedLabels(chart, 'edge', {}));
    expect(object.spec).toEqual({
      gatewayClassName: 'eg',
      listeners: [{
        name: Gateway.DEFAULTS.httpListener,
        protocol: 'HTTP',
        port: Gateway.DEFAULTS.httpPort,
        allowedRoutes: { namespaces: { from: 'Same' } },
      }],
    });
    expect(gateway.httpsRedirect).toBe(false);
    expect(gateway.redirectRoute).toBeUndefined();
    expect(manifests.filter((m) => m.kind === 'HTTPRoute')).toEqual([]);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('all props: a listener per certificate host, TLS terminated, redirect route on the HTTP listener', () => {
    const chart = newChart({ namespace: 'edge' });
    const gateway = new Gateway(chart, 'gateway', {
      name: 'public',
      component: 'ingress',
      partOf: 'shop',
      version: '1.0',
      labels: { team: 'platform' },
      annotations: { 'example.com/owner': 'platform' },
      gatewayClassName: 'istio',
      tls: [
        { secretName: 'shop-tls', hosts: ['shop.example.com', '*.shop.example.com'] },
        { secretName: 'fallback-tls' },
      ],
      httpsRedirect: true,
      allowedRoutes: AllowedRoutes.fromNamespaces('shop', 'blog'),
    });
    const manifests = synth(chart);
    expect(find(manifests, 'Gateway', 'public')).toMatchSnapshot();
    expect(find(manifests, 'HTTPRoute', 'public-https-redirect')).toMatchSnapshot();

    const object = find(manifests, 'Gateway', 'public');
    expect(object.metadata.namespace).toBe('edge');
    expect(object.metadata.annotations).toEqual({ 'example.com/owner': 'platform' });
    expect(object.metadata.labels).toEqual(recommendedLabels(chart, 'public', { component: 'ingress', partOf: 'shop', version: '1.0', labels: { team: 'platform' } }));
    const allowedRoutes = {
      namespaces: {
        from: 'Selector',
        // The Gateway's own namespace is always admitted, so that its redirect route attaches.
        selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['edge', 'shop', 'blog'] }] },
      },
    };
    const tls = (name: string) => ({ mode: 'Terminate', certificateRefs: [{ name }] });
    expect(object.spec.listeners).toEqual([
      { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes },
      { name: 'https-shop-example-com', protocol: 'HTTPS', port: 443, hostname: 'shop.example.com', tls: tls('shop-tls'), allowedRoutes },
      { name: 'https-wildcard-shop-example-com', protocol: 'HTTPS', port: 443, hostname: '*.shop.example.com', tls: tls('shop-tls'), allowedRoutes },
      { name: 'https', protocol: 'HTTPS', port: 443, tls: tls('fallback-tls'), allowedRoutes },
    ]);
    expect(gateway.listeners.map((l) => l.name)).toEqual(object.spec.listeners.map((l: any) => l.name));

    const redirect = find(manifests, 'HTTPRoute', 'public-https-redirect');
    expect(redirect.spec).toEqual({
      parentRefs: [{ name: 'public', sectionName: 'http' }],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }],
      }],
    });
    expect(redirect.metadata.namespace).toBe('edge');
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('httpsRedirect defaults to on with tls, and can be turned off', () => {
    const on = newChart();
    expect(new Gateway(on, 'gw', { gatewayClassName: 'eg', tls: [{ secretName: 'tls' }] }).httpsRedirect).toBe(true);
    expect(find(synth(on), 'HTTPRoute', 'gw-https-redirect').spec.parentRefs).toEqual([{ name: 'gw', sectionName: 'http' }]);

    const off = newChart();
    const gateway = new Gateway(off, 'gw', { gatewayClassName: 'eg', tls: [{ secretName: 'tls' }], httpsRedirect: false });
    expect(gateway.redirectRoute).toBeUndefined();
    expect(synth(off).filter((m) => m.kind === 'HTTPRoute')).toEqual([]);
  });

  test('AllowedRoutes', () => {
    const chart = newChart();
    new Gateway(chart, 'all', { gatewayClassName: 'eg', allowedRoutes: AllowedRoutes.ALL_NAMESPACES });
    expect(find(synth(chart), 'Gateway', 'all').spec.listeners[0].allowedRoutes).toEqual({ namespaces: { from: 'All' } });

    expect(AllowedRoutes.SAME_NAMESPACE.admits('a', 'a')).toBe(true);
    expect(AllowedRoutes.SAME_NAMESPACE.admits('b', 'a')).toBe(false);
    expect(AllowedRoutes.ALL_NAMESPACES.admits('b', 'a')).toBe(true);
    expect(AllowedRoutes.fromNamespaces('b').admits('b', 'a')).toBe(true);
    expect(AllowedRoutes.fromNamespaces('b').admits('a', 'a')).toBe(true);
    expect(AllowedRoutes.fromNamespaces('b').admits('c', 'a')).toBe(false);
  });

  test('hostnamesIntersect follows the listener/route matching of the Gateway API', () => {
    expect(hostnamesIntersect(undefined, 'a.example.com')).toBe(true);
    expect(hostnamesIntersect('a.example.com', 'a.example.com')).toBe(true);
    expect(hostnamesIntersect('a.example.com', 'b.example.com')).toBe(false);
    expect(hostnamesIntersect('*.example.com', 'a.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', 'a.b.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', 'example.com')).toBe(false);
    expect(hostnamesIntersect('a.example.com', '*.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', '*.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.net', '*.example.com')).toBe(false);
  });

  test('invalid props', () => {
    const gw = (props: Partial<ConstructorParameters<typeof Gateway>[2]>, id = 'gw') =>
      () => new Gateway(newChart(), id, { gatewayClassName: 'eg', ...props });
    expect(gw({ name: 'Public_GW' }))
      .toThrow('[test/gw] name ("Public_GW") is not a DNS-1123 label; use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit (pass name, or change the construct id)');
    expect(gw({ gatewayClassName: 'Envoy Gateway' }))
      .toThrow('[test/gw] gatewayClassName ("Envoy Gateway") is not a GatewayClass name; use the name of a GatewayClass (`kubectl get gatewayclass`)');
    expect(gw({ httpsRedirect: true }))
      .toThrow('[test/gw] httpsRedirect (true) needs an HTTPS listener to redirect to, and tls is empty; add a certificate under tls, or remove httpsRedirect');
    expect(gw({ allowedRoutes: AllowedRoutes.fromNamespaces('Shop') }))
      .toThrow('[test/gw] allowedRoutes.namespaces[0] ("Shop") is not a namespace name; use a DNS-1123 label');
    expect(gw({ tls: [{ secretName: 'TLS_cert' }] }))
      .toThrow('[test/gw] tls[0].secretName ("TLS_cert") is not a Secret name; use lower-case letters, digits, \'-\' and \'.\'');
    expect(gw({ tls: [{ secretName: 'tls', hosts: [] }] }))
      .toThrow('[test/gw] tls[0].hosts ([]) is empty; list the hosts the certificate covers, or leave hosts unset to serve every host');
    expect(gw({ tls: [{ secretName: 'a' }, { secretName: 'b' }] }))
      .toThrow('[test/gw] tls[1] ("b") also leaves hosts unset, like tls[0]: two HTTPS listeners on one port need different hostnames; list each host under one certificate');
    expect(gw({ tls: [{ secretName: 'a', hosts: ['x.example.com'] }, { secretName: 'b', hosts: ['x.example.com'] }] }))
      .toThrow('[test/gw] tls[1].hosts[0] ("x.example.com") is also tls[0].hosts[0]: two HTTPS listeners on one port need different hostnames; list each host under one certificate');
    expect(gw({ tls: [{ secretName: 'a', hosts: ['a-b.example.com', 'a.b.example.com'] }] }))
      .toThrow('[test/gw] tls[0].hosts[1] ("a.b.example.com") gets listener name "https-a-b-example-com", like host "a-b.example.com"; use hosts that differ in more than punctuation');
  });

  test('invalid hosts', () => {
    const cases: [string, string][] = [
      ['10.0.0.1', 'is an IP address, which Gateway API hostnames cannot be; use a DNS name, or leave it unset to match every host'],
      ['2001:db8::1', 'is an IP address, which Gateway API hostnames cannot be; use a DNS name, or leave it unset to match every host'],
      ['example.com:443', 'includes a port, which Gateway API hostnames cannot have; write "example.com"'],
      ['*', 'has a \'*\' that is not a whole first label followed by a domain; use a wildcard only as the first label, like "*.example.com", or leave it unset to match every host'],
      ['a.*.example.com', 'has a \'*\' that is not a whole first label followed by a domain; use a wildcard only as the first label, like "*.example.com", or leave it unset to match every host'],
      ['Example.com', 'is not a valid DNS name; use lower-case letters, digits and \'-\' in labels separated by \'.\''],
      ['-a.example.com', 'is not a valid DNS name; use lower-case letters, digits and \'-\' in labels separated by \'.\''],
    ];
    for (const [host, message] of cases) {
      expect(() => new Gateway(newChart(), 'gw', { gatewayClassName: 'eg', tls: [{ secretName: 'tls', hosts: [host] }] }))
        .toThrow(`[test/gw] tls[0].hosts[0] ("${host}") ${message}`);
    }
  });

  test(`at most ${GATEWAY_API_LIMITS.listeners} listeners`, () => {
    const hosts = (n: number) => Array.from({ length: n }, (_, i) => `h${i}.example.com`);
    expect(() => new Gateway(newChart(), 'gw', { gatewayClassName: 'eg', tls: [{ secretName: 'tls', hosts: hosts(63) }] })).not.toThrow();
    expect(() => new Gateway(newChart(), 'gw', { gatewayClassName: 'eg', tls: [{ secretName: 'tls', hosts: hosts(64) }] }))
      .toThrow('[test/gw] tls ("65 listeners") needs more listeners than the 64 a Gateway allows (one per host, plus HTTP); use a wildcard host, or split the hosts over two Gateways');
  });

  test('every problem of the props is reported together', () => {
    expect(() => new Gateway(newChart(), 'gw', { gatewayClassName: 'EG', httpsRedirect: true })).toThrow([
      '[test/gw] gatewayClassName ("EG") is not a GatewayClass name; use the name of a GatewayClass (`kubectl get gatewayclass`)',
      '[test/gw] httpsRedirect (true) needs an HTTPS listener to redirect to, and tls is empty; add a certificate under tls, or remove httpsRedirect',
    ].join('\n'));
  });

  test('the example wiring passes the manifest validator, with the route on the HTTPS listeners', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const web = service(chart, 'web');
    const gateway = new Gateway(chart, 'gateway', { gatewayClassName: 'eg', tls: [{ secretName: 'shop-tls', hosts: ['shop.example.com'] }] });
    new HttpRoute(chart, 'web-route', { gateway, hostnames: ['shop.example.com'], rules: [{ backends: [{ service: web }] }] });
    const manifests = synth(chart);
    expect(find(manifests, 'HTTPRoute', 'web-route').spec.parentRefs).toEqual([{ name: 'gateway', sectionName: 'https-shop-example-com' }]);
    expect(validateManifests(manifests)).toEqual([]);
  });
});
