import { App, Chart, Testing } from 'cdk8s';
import { ContainerPort } from '../lib/container';
import { RollingDeployment } from '../lib/deployment';
import { AllowedRoutes, Gateway, GATEWAY_API_LIMITS } from '../lib/gateway';
import { HttpRoute, HttpRouteBackend } from '../lib/http-route';
import { recommendedLabels } from '../lib/labels';
import { ClusterIpService, ServicePortProps } from '../lib/service';
import { validateManifests } from '../lib/validation';
import { find, newChart, synth } from './util';

/** A deployment and a ClusterIP Service in front of it, both named `id`. */
function service(chart: Chart, id: string, ports: ServicePortProps[] = [{ port: 80 }], podPorts?: ContainerPort[]): ClusterIpService {
  const workload = new RollingDeployment(chart, `${id}-deployment`, {
    name: id,
    containers: [{ image: `example/${id}:1.0`, ports: podPorts ?? [{ number: 8080, name: 'http' }] }],
  });
  return new ClusterIpService(chart, id, { target: workload, ports });
}

function gatewayChart(namespace?: string): { chart: Chart; gateway: Gateway; web: ClusterIpService } {
  const chart = newChart({ namespace });
  const gateway = new Gateway(chart, 'gw', { gatewayClassName: 'eg' });
  return { chart, gateway, web: service(chart, 'web') };
}

describe('HttpRoute', () => {
  test('minimal props: every host, PathPrefix "/", the service\'s only port', () => {
    const { chart, gateway, web } = gatewayChart();
    const route = new HttpRoute(chart, 'route', { gateway });
    route.addRule({ backends: [{ service: web }] });
    const manifests = synth(chart);
    expect(find(manifests, 'HTTPRoute', 'route')).toMatchSnapshot();

    const object = find(manifests, 'HTTPRoute', 'route');
    expect(object.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(object.metadata.labels).toEqual(recommendedLabels(chart, 'route', {}));
    expect(object.spec).toEqual({
      parentRefs: [{ name: 'gw' }],
      rules: [{
        matches: [{ path: { type: HttpRoute.DEFAULTS.pathType, value: HttpRoute.DEFAULTS.path } }],
        backendRefs: [{ name: 'web', port: 80 }],
      }],
    });
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('all props: hostnames, path types, weighted backends by port name and number', () => {
    const chart = newChart({ namespace: 'shop' });
    const gateway = new Gateway(chart, 'gw', { gatewayClassName: 'eg', tls: [{ secretName: 'tls', hosts: ['shop.example.com', '*.example.com', 'blog.example.net'] }] });
    const stable = service(chart, 'stable', [{ port: 80, targetPort: 'http' }, { port: 9090, targetPort: 'metrics' }], [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }]);
    const canary = service(chart, 'canary');
    const route = new HttpRoute(chart, 'route', {
      name: 'shop',
      component: 'routing',
      partOf: 'shop',
      version: '2.0',
      labels: { team: 'shop' },
      annotations: { 'example.com/owner': 'shop' },
      gateway,
      hostnames: ['shop.example.com', '*.example.com'],
      rules: [
        { backends: [{ service: stable, port: 'http', weight: 90 }, { service: canary, weight: 10 }] },
        { path: '/healthz', pathType: 'Exact', backends: [{ service: stable, port: 9090 }] },
      ],
    });
    route.addRule({ path: '^/v[0-9]+/', pathType: 'RegularExpression', backends: [{ service: canary, weight: 0 }, { service: stable, port: 80, weight: 1 }] });
    const manifests = synth(chart);
    expect(find(manifests, 'HTTPRoute', 'shop')).toMatchSnapshot();

    const object = find(manifests, 'HTTPRoute', 'shop');
    expect(object.metadata.namespace).toBe('shop');
    expect(object.metadata.annotations).toEqual({ 'example.com/owner': 'shop' });
    expect(object.metadata.labels).toEqual(recommendedLabels(chart, 'shop', { component: 'routing', partOf: 'shop', version: '2.0', labels: { team: 'shop' } }));
    expect(object.spec.hostnames).toEqual(['shop.example.com', '*.example.com']);
    // The redirect owns the HTTP listener, so the route attaches to the HTTPS listeners its hostnames match.
    expect(object.spec.parentRefs).toEqual([
      { name: 'gw', sectionName: 'https-shop-example-com' },
      { name: 'gw', sectionName: 'https-wildcard-example-com' },
    ]);
    expect(object.spec.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [{ name: 'stable', port: 80, weight: 90 }, { name: 'canary', port: 80, weight: 10 }],
      },
      { matches: [{ path: { type: 'Exact', value: '/healthz' } }], backendRefs: [{ name: 'stable', port: 9090 }] },
      {
        matches: [{ path: { type: 'RegularExpression', value: '^/v[0-9]+/' } }],
        backendRefs: [{ name: 'canary', port: 80, weight: 0 }, { name: 'stable', port: 80, weight: 1 }],
      },
    ]);
    expect(route.hostnames).toEqual(['shop.example.com', '*.example.com']);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('attaches across namespaces when the gateway admits the route\'s namespace', () => {
    const app = Testing.app();
    const edge = new Chart(app, 'edge', { namespace: 'edge' });
    const gateway = new Gateway(edge, 'gw', { gatewayClassName: 'eg', allowedRoutes: AllowedRoutes.fromNamespaces('shop') });
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const web = service(shop, 'web');
    new HttpRoute(shop, 'route', { gateway, rules: [{ backends: [{ service: web }] }] });
    const manifests = [...synth(edge), ...synth(shop)];
    expect(find(manifests, 'HTTPRoute', 'route').spec.parentRefs).toEqual([{ name: 'gw', namespace: 'edge' }]);
    expect(validateManifests(manifests)).toEqual([]);

    const blog = new Chart(app, 'blog', { namespace: 'blog' });
    const post = service(blog, 'post');
    expect(() => new HttpRoute(blog, 'route', { gateway, rules: [{ backends: [{ service: post }] }] }))
      .toThrow('[blog/route] gateway ("edge/gw") only admits routes from namespaces "shop", not from "blog"; add "blog" with allowedRoutes: AllowedRoutes.fromNamespaces(...) on the gateway, or create the route in "edge"');
    const other = new Chart(app, 'other', { namespace: 'other' });
    const same = new Gateway(other, 'gw', { gatewayClassName: 'eg' });
    expect(() => new HttpRoute(blog, 'route2', { gateway: same, rules: [{ backends: [{ service: post }] }] }))
      .toThrow('[blog/route2] gateway ("other/gw") only admits routes from its own namespace, not from "blog"; add "blog" with allowedRoutes: AllowedRoutes.fromNamespaces(...) on the gateway, or create the route in "other"');
    const unnamespaced = new Chart(app, 'unnamespaced');
    expect(() => new HttpRoute(unnamespaced, 'route', { gateway, rules: [] }))
      .toThrow('[unnamespaced/route] gateway ("edge/gw") cannot be checked for attachment: the route\'s chart has no namespace, so their namespaces are unknown; give both charts a namespace (or neither)');
  });

  test('an existing Gateway by name, namespace and listener', () => {
    const chart = newChart({ namespace: 'shop' });
    const web = service(chart, 'web');
    new HttpRoute(chart, 'shared', { gateway: Gateway.fromName('shared', { namespace: 'infra', sectionName: 'https' }), rules: [{ backends: [{ service: web }] }] });
    new HttpRoute(chart, 'local', { gateway: Gateway.fromName('local'), hostnames: ['shop.example.com'], rules: [{ backends: [{ service: web }] }] });
    const manifests = synth(chart);
    expect(find(manifests, 'HTTPRoute', 'shared').spec.parentRefs).toEqual([{ name: 'shared', namespace: 'infra', sectionName: 'https' }]);
    expect(find(manifests, 'HTTPRoute', 'local').spec.parentRefs).toEqual([{ name: 'local' }]);
    expect(validateManifests(manifests)).toEqual([]);

    expect(() => new HttpRoute(chart, 'bad', { gateway: Gateway.fromName('Shared', { namespace: 'In_fra', sectionName: 'HTTPS' }) })).toThrow([
      '[test/bad] gateway.name ("Shared") is not a Gateway name; use the name shown by `kubectl get gateway -A`',
      '[test/bad] gateway.namespace ("In_fra") is not a namespace name; use a DNS-1123 label',
      '[test/bad] gateway.sectionName ("HTTPS") is not a listener name; use the name of one of the Gateway\'s listeners',
    ].join('\n'));
  });

  test('the same host and path twice on one gateway is an error, across routes too', () => {
    const { chart, gateway, web } = gatewayChart();
    const api = service(chart, 'api');
    const route = new HttpRoute(chart, 'a', { gateway, hostnames: ['shop.example.com'], rules: [{ path: '/api', backends: [{ service: api }] }] });
    expect(() => route.addRule({ path: '/api/', backends: [{ service: web }] }))
      .toThrow('[test/a] rules[path=/api/] ("PathPrefix") matches the same requests as the earlier rule for path "/api" (PathPrefix); give the rule several backends instead, or change its path');
    // Exact and PathPrefix on one path do not clash: Exact wins for that exact path.
    expect(() => route.addRule({ path: '/api', pathType: 'Exact', backends: [{ service: web }] })).not.toThrow();

    expect(() => new HttpRoute(chart, 'b', { gateway, hostnames: ['blog.example.com', 'shop.example.com'], rules: [{ path: '/api', backends: [{ service: web }] }] }))
      .toThrow('[test/b] rules[path=/api] ("/api") is already routed for host "shop.example.com" on gateway "gw" by test/a (path "/api"); route it in one HttpRoute, with several backends if it needs them');
    // A route without hostnames is a catch-all: the host-specific one takes precedence, so they do not clash.
    expect(() => new HttpRoute(chart, 'c', { gateway, rules: [{ path: '/api', backends: [{ service: web }] }] })).not.toThrow();
    expect(() => new HttpRoute(chart, 'd', { gateway, rules: [{ path: '/api/', backends: [{ service: web }] }] }))
      .toThrow('[test/d] rules[path=/api/] ("/api/") is already routed for every host on gateway "gw" by test/c (path "/api"); route it in one HttpRoute, with several backends if it needs them');
    // The same names on another gateway are separate.
    const other = new Gateway(chart, 'other', { gatewayClassName: 'eg' });
    expect(() => new HttpRoute(chart, 'e', { gateway: other, rules: [{ path: '/api', backends: [{ service: web }] }] })).not.toThrow();
    // A rejected rule claims nothing.
    expect(() => new HttpRoute(chart, 'f', { gateway: other, rules: [{ path: '/f', backends: [] }] }))
      .toThrow('[test/f] rules[path=/f].backends ([]) is empty, so every matching request would get a 500; add at least one backend');
    expect(() => new HttpRoute(chart, 'g', { gateway: other, rules: [{ path: '/f', backends: [{ service: web }] }] })).not.toThrow();
    // Existing gateways are told apart by namespace and name.
    const shared = Gateway.fromName('shared', { namespace: 'infra' });
    new HttpRoute(chart, 'h', { gateway: shared, rules: [{ backends: [{ service: web }] }] });
    expect(() => new HttpRoute(chart, 'i', { gateway: Gateway.fromName('shared', { namespace: 'infra' }), rules: [{ backends: [{ service: web }] }] }))
      .toThrow('[test/i] rules[path=/] ("/") is already routed for every host on gateway "shared" by test/h (path "/"); route it in one HttpRoute, with several backends if it needs them');
    expect(() => new HttpRoute(chart, 'j', { gateway: Gateway.fromName('shared', { namespace: 'other' }), rules: [{ backends: [{ service: web }] }] })).not.toThrow();
  });

  test('hostnames', () => {
    const { chart, gateway } = gatewayChart();
    expect(() => new HttpRoute(chart, 'a', { gateway, hostnames: ['shop.example.com:443'] }))
      .toThrow('[test/a] hostnames[0] ("shop.example.com:443") includes a port, which Gateway API hostnames cannot have; write "shop.example.com"');
    expect(() => new HttpRoute(chart, 'b', { gateway, hostnames: ['10.0.0.1'] }))
      .toThrow('[test/b] hostnames[0] ("10.0.0.1") is an IP address, which Gateway API hostnames cannot be; use a DNS name, or leave it unset to match every host');
    expect(() => new HttpRoute(chart, 'c', { gateway, hostnames: ['a.example.com', 'a.example.com'] }))
      .toThrow('[test/c] hostnames[1] ("a.example.com") is also hostnames[0]; list each hostname once');
    const many = Array.from({ length: GATEWAY_API_LIMITS.hostnames + 1 }, (_, i) => `h${i}.example.com`);
    expect(() => new HttpRoute(chart, 'd', { gateway, hostnames: many }))
      .toThrow('[test/d] hostnames ("17 hostnames") are more than the 16 an HTTPRoute allows; split them over several routes, or use a wildcard');

    const tls = new Gateway(chart, 'tls', { gatewayClassName: 'eg', tls: [{ secretName: 'tls', hosts: ['shop.example.com'] }] });
    expect(() => new HttpRoute(chart, 'e', { gateway: tls, hostnames: ['blog.example.com'] }))
      .toThrow('[test/e] hostnames (["blog.example.com"]) match no HTTPS listener of gateway "tls" (it has "shop.example.com"), so no listener would accept the route; add the host to the gateway\'s tls hosts, or fix the hostnames');
  });

  test('paths', () => {
    const { chart, gateway, web } = gatewayChart();
    const route = new HttpRoute(chart, 'route', { gateway });
    const add = (path: string, pathType?: 'Exact' | 'PathPrefix') => () => route.addRule({ path, pathType, backends: [{ service: web }] });
    expect(add('api')).toThrow('[test/route] rules[path=api].path ("api") must start with \'/\' for pathType PathPrefix; write "/api"');
    expect(add('/a//b', 'Exact')).toThrow('[test/route] rules[path=/a//b].path ("/a//b") contains "//", which the Gateway API rejects in Exact paths; write the path in its normalized form, without a query or fragment');
    expect(add('/a#top')).toThrow('[test/route] rules[path=/a#top].path ("/a#top") contains "#", which the Gateway API rejects in PathPrefix paths; write the path in its normalized form, without a query or fragment');
    expect(add('/a/.')).toThrow('[test/route] rules[path=/a/.].path ("/a/.") ends with "/.", which the Gateway API rejects in PathPrefix paths; write the path in its normalized form, without a query or fragment');
    expect(add('/a b')).toThrow('[test/route] rules[path=/a b].path ("/a b") has characters the Gateway API rejects in PathPrefix paths; percent-encode them (a space is "%20")');
    expect(add('/a?b=1')).toThrow('[test/route] rules[path=/a?b=1].path ("/a?b=1") has characters the Gateway API rejects in PathPrefix paths; percent-encode them (a space is "%20")');
    expect(add('')).toThrow('[test/route] rules[path=].path ("") must be 1 to 1024 characters long; use "/" to match every path');
    expect(add(`/${'a'.repeat(1024)}`)).toThrow(`[test/route] rules[path=/${'a'.repeat(1024)}].path ("/${'a'.repeat(1024)}") must be 1 to 1024 characters long; use "/" to match every path`);
    expect(add('/a%20b')).not.toThrow();
    expect(add('/~user/@me:1')).not.toThrow();
  });

  test(`at most ${GATEWAY_API_LIMITS.rules} rules and ${GATEWAY_API_LIMITS.backendRefs} backends per rule`, () => {
    const { chart, gateway, web } = gatewayChart();
    const route = new HttpRoute(chart, 'route', { gateway });
    for (let i = 0; i < GATEWAY_API_LIMITS.rules; i++) route.addRule({ path: `/r${i}`, backends: [{ service: web }] });
    expect(() => route.addRule({ path: '/one-more', backends: [{ service: web }] }))
      .toThrow('[test/route] rules[path=/one-more] ("/one-more") would be rule 17, more than the 16 an HTTPRoute allows; move some rules to another HttpRoute');

    const backends: HttpRouteBackend[] = Array.from({ length: GATEWAY_API_LIMITS.backendRefs + 1 }, (_, i) => ({ service: service(chart, `s${i}`) }));
    expect(() => new HttpRoute(chart, 'wide', { gateway, rules: [{ backends }] }))
      .toThrow('[test/wide] rules[path=/].backends ("17 backends") are more than the 16 a rule allows; remove some');
    expect(() => new HttpRoute(chart, 'sixteen', { gateway, rules: [{ backends: backends.slice(1) }] })).not.toThrow();
  });

  test('backends', () => {
    const { chart, gateway, web } = gatewayChart();
    const multi = service(chart, 'multi', [{ port: 80, targetPort: 'http' }, { port: 443, targetPort: 'https' }], [{ number: 8080, name: 'http' }, { number: 8443, name: 'https' }]);
    const dns = service(chart, 'dns', [{ port: 53, protocol: 'UDP' }], [{ number: 53, name: 'dns', protocol: 'UDP' }]);
    const rule = (id: string, ...backends: HttpRouteBackend[]) => () => new HttpRoute(chart, id, { gateway, rules: [{ backends }] });
    expect(rule('a')).toThrow('[test/a] rules[path=/].backends ([]) is empty, so every matching request would get a 500; add at least one backend');
    expect(rule('b', { service: multi })).toThrow('[test/b] rules[path=/].backends[0].port (undefined) picks no port: service "multi" needs exactly one TCP port for the default (it has 80 ("http"), 443 ("https")); pass port: one of those numbers or names');
    expect(rule('c', { service: multi, port: 8080 })).toThrow('[test/c] rules[path=/].backends[0].port (8080) is not a TCP port of service "multi" (it has 80 ("http"), 443 ("https")); pass port: one of those numbers or names');
    expect(rule('d', { service: dns })).toThrow('[test/d] rules[path=/].backends[0].port (undefined) picks no port: service "dns" needs exactly one TCP port for the default (it has none); route to a Service with a TCP port: HTTPRoute forwards HTTP');
    expect(rule('e', { service: web, weight: -1 })).toThrow('[test/e] rules[path=/].backends[0].weight (-1) must be an integer from 0 to 1000000; weights are relative: 90 and 10 split 90%/10%');
    expect(rule('f', { service: web, weight: 1_000_001 })).toThrow('[test/f] rules[path=/].backends[0].weight (1000001) must be an integer from 0 to 1000000; weights are relative: 90 and 10 split 90%/10%');
    expect(rule('g', { service: web, weight: 0.5 })).toThrow('[test/g] rules[path=/].backends[0].weight (0.5) must be an integer from 0 to 1000000; weights are relative: 90 and 10 split 90%/10%');
    expect(rule('h', { service: web, weight: 0 }, { service: multi, port: 'http', weight: 0 }))
      .toThrow('[test/h] rules[path=/].backends[*].weight (0) is 0 for every backend, so the rule would send its requests nowhere; give at least one backend a weight above 0');
    expect(rule('i', { service: multi, port: 'http', weight: 1 }, { service: multi, port: 80, weight: 2 }))
      .toThrow('[test/i] rules[path=/].backends[1] ("multi:80") is also rules[path=/].backends[0]; list each Service port once, with the sum of the weights');

    Object.assign(web, { type: 'ExternalName' });
    expect(rule('j', { service: web })).toThrow('[test/j] rules[path=/].backends[0].service ("test/web") is an ExternalName Service, which Gateway API implementations should not forward to; route to a Service that selects pods');
  });

  test('a Service of another namespace would need a ReferenceGrant', () => {
    const app = new App();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const gateway = new Gateway(shop, 'gw', { gatewayClassName: 'eg' });
    const backend = new Chart(app, 'backend', { namespace: 'backend' });
    const api = service(backend, 'api');
    expect(() => new HttpRoute(shop, 'route', { gateway, rules: [{ backends: [{ service: api }] }] }))
      .toThrow('[shop/route] rules[path=/].backends[0].service ("backend/api") is in namespace "backend" but this HTTPRoute is in "shop", and a backendRef to another namespace needs a ReferenceGrant there; create the HttpRoute in the Service\'s namespace');
  });

  test('a route without rules fails at synth', () => {
    const { chart, gateway } = gatewayChart();
    new HttpRoute(chart, 'route', { gateway });
    expect(() => synth(chart)).toThrow('Validation failed with the following errors:\n  [test/route] rules ([]) is empty, so this HTTPRoute routes nothing; add a rule with addRule()');
  });

  test('name', () => {
    const { chart, gateway } = gatewayChart();
    expect(() => new HttpRoute(chart, 'route', { gateway, name: 'Shop_Route' }))
      .toThrow('[test/route] name ("Shop_Route") is not a DNS-1123 subdomain; use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit (pass name, or change the construct id)');
  });
});
