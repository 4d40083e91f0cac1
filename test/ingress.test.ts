import { Chart, Size, Testing } from 'cdk8s';
import { ContainerPort } from '../lib/container';
import { RollingDeployment } from '../lib/deployment';
import { IngressBackend, RoutingIngress, RoutingIngressProps } from '../lib/ingress';
import { IngressController } from '../lib/ingress-controller';
import { COLLECT_ERRORS_CONTEXT } from '../lib/private/errors';
import { validateManifests } from '../lib/validation';
import { recommendedLabels } from '../lib/labels';
import { ClusterIpService, ServicePortProps } from '../lib/service';
import { find, newChart, synth } from './util';

/** A deployment and a ClusterIP Service in front of it, both named `id`. */
function service(chart: Chart, id: string, ports: ServicePortProps[] = [{ port: 80 }], podPorts?: ContainerPort[]): ClusterIpService {
  const workload = new RollingDeployment(chart, `${id}-deployment`, {
    name: id,
    containers: [{ image: `example/${id}:1.0`, ports: podPorts ?? [{ number: 8080, name: 'http' }] }],
  });
  return new ClusterIpService(chart, id, { target: workload, ports });
}

const TLS_UNSERVED = (path: string, where: string, host: string) =>
  `[${path}] ${where} ("${host}") is not served by any rule; add a rule for host "${host}", or remove it from tls`;

describe('RoutingIngress', () => {
  test('minimal props', () => {
    const chart = newChart();
    const web = service(chart, 'web');
    new RoutingIngress(chart, 'ingress', { rules: [{ backend: IngressBackend.fromService(web) }] });
    const manifests = synth(chart);
    expect(find(manifests, 'Ingress', 'ingress')).toMatchSnapshot();

    const ingress = find(manifests, 'Ingress', 'ingress');
    expect(ingress.metadata.labels).toEqual(recommendedLabels(chart, 'ingress', {}));
    expect(ingress.spec.ingressClassName).toBeUndefined();
    expect(ingress.spec.tls).toBeUndefined();
    // No host: the catch-all rule, on the default path and pathType, to the service's only port.
    expect(ingress.spec.rules).toEqual([{
      http: {
        paths: [{
          path: RoutingIngress.DEFAULTS.path,
          pathType: RoutingIngress.DEFAULTS.pathType,
          backend: { service: { name: 'web', port: { number: 80 } } },
        }],
      },
    }]);
  });

  test('all props', () => {
    const chart = newChart({ namespace: 'shop' });
    const web = service(chart, 'web', [{ port: 80, targetPort: 'http' }, { port: 9090, targetPort: 'metrics' }], [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }]);
    const api = service(chart, 'api');
    const fallback = service(chart, 'fallback');
    new RoutingIngress(chart, 'ingress', {
      name: 'shop',
      component: 'edge',
      partOf: 'shop',
      version: '2.0',
      labels: { team: 'edge' },
      annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' },
      ingressClassName: 'nginx',
      defaultBackend: IngressBackend.fromService(fallback),
      tls: [{ secretName: 'shop-tls', hosts: ['shop.example.com', '*.shop.example.com'] }],
      rules: [
        { host: 'shop.example.com', backend: IngressBackend.fromService(web, { port: 'http' }) },
        { host: 'shop.example.com', path: '/api', backend: IngressBackend.fromService(api, { port: 80 }) },
        { host: '*.shop.example.com', path: '/healthz', pathType: 'Exact', backend: IngressBackend.fromService(web, { port: 9090 }) },
        { path: '/metrics', pathType: 'ImplementationSpecific', backend: IngressBackend.fromService(web, { port: 'metrics' }) },
      ],
    });
    const manifests = synth(chart);
    expect(find(manifests, 'Ingress', 'shop')).toMatchSnapshot();

    const ingress = find(manifests, 'Ingress', 'shop');
    expect(ingress.metadata.namespace).toBe('shop');
    expect(ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' });
    expect(ingress.metadata.labels).toEqual(recommendedLabels(chart, 'shop', { component: 'edge', partOf: 'shop', version: '2.0', labels: { team: 'edge' } }));
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.defaultBackend).toEqual({ service: { name: 'fallback', port: { number: 80 } } });
    expect(ingress.spec.tls).toEqual([{ secretName: 'shop-tls', hosts: ['shop.example.com', '*.shop.example.com'] }]);
    expect(ingress.spec.rules).toEqual([
      {
        host: 'shop.example.com',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } },
            { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } },
          ],
        },
      },
      {
        host: '*.shop.example.com',
        http: { paths: [{ path: '/healthz', pathType: 'Exact', backend: { service: { name: 'web', port: { number: 9090 } } } }] },
      },
      {
        http: { paths: [{ path: '/metrics', pathType: 'ImplementationSpecific', backend: { service: { name: 'web', port: { name: 'metrics' } } } }] },
      },
    ]);
  });

  test('groups rules added later by host, in the order they were added', () => {
    const chart = newChart();
    const web = service(chart, 'web');
    const api = service(chart, 'api');
    const ingress = new RoutingIngress(chart, 'ingress');
    ingress.addPathRule('/api', IngressBackend.fromService(api));
    ingress.addHostRule('api.example.com', IngressBackend.fromService(api));
    ingress.addPathRule('/', IngressBackend.fromService(web));
    ingress.addPathRule('/v1', IngressBackend.fromService(api), { host: 'api.example.com', pathType: 'Exact' });
    ingress.addRule({ host: 'www.example.com', path: '/docs', backend: IngressBackend.fromService(web) });

    const rules = find(synth(chart), 'Ingress', 'ingress').spec.rules;
    expect(rules.map((r: any) => [r.host, r.http.paths.map((p: any) => `${p.path} ${p.pathType} -> ${p.backend.service.name}`)])).toEqual([
      [undefined, ['/api Prefix -> api', '/ Prefix -> web']],
      ['api.example.com', ['/ Prefix -> api', '/v1 Exact -> api']],
      ['www.example.com', ['/docs Prefix -> web']],
    ]);
  });

  test('Exact and Prefix rules may share a path: Exact wins for that exact path', () => {
    const chart = newChart();
    const web = service(chart, 'web');
    const api = service(chart, 'api');
    const ingress = new RoutingIngress(chart, 'ingress');
    ingress.addPathRule('/', IngressBackend.fromService(web), { pathType: 'Exact' });
    ingress.addPathRule('/', IngressBackend.fromService(api));
    const paths = find(synth(chart), 'Ingress', 'ingress').spec.rules[0].http.paths;
    expect(paths.map((p: any) => p.pathType)).toEqual(['Exact', 'Prefix']);
  });

  test('the same path may be routed on different hosts', () => {
    const chart = newChart();
    const web = service(chart, 'web');
    const ingress = new RoutingIngress(chart, 'ingress');
    ingress.addHostRule('a.example.com', IngressBackend.fromService(web));
    ingress.addHostRule('b.example.com', IngressBackend.fromService(web));
    ingress.addPathRule('/', IngressBackend.fromService(web));
    expect(find(synth(chart), 'Ingress', 'ingress').spec.rules.map((r: any) => r.host)).toEqual(['a.example.com', 'b.example.com', undefined]);
  });

  test('a backend defaults to the service\'s only TCP port', () => {
    const chart = newChart();
    const dns = service(chart, 'dns', [{ port: 8053, targetPort: 8053 }, { port: 53, protocol: 'UDP', targetPort: 5353 }],
      [{ number: 8053 }, { number: 5353, protocol: 'UDP' }]);
    new RoutingIngress(chart, 'ingress', { rules: [{ backend: IngressBackend.fromService(dns) }] });
    const backend = find(synth(chart), 'Ingress', 'ingress').spec.rules[0].http.paths[0].backend;
    expect(backend).toEqual({ service: { name: 'dns', port: { number: 8053 } } });
  });

  test('TLS hosts are served by a matching wildcard rule, the catch-all rule, or the default backend', () => {
    const chart = newChart();
    const web = service(chart, 'web');
    const wildcard = new RoutingIngress(chart, 'wildcard', { tls: [{ secretName: 'tls', hosts: ['api.example.com'] }] });
    wildcard.addHostRule('*.example.com', IngressBackend.fromService(web));
    const catchAll = new RoutingIngress(chart, 'catch-all', { tls: [{ secretName: 'tls', hosts: ['api.example.com', '*.example.com'] }] });
    catchAll.addPathRule('/', IngressBackend.fromService(web));
    new RoutingIngress(chart, 'default', {
      defaultBackend: IngressBackend.fromService(web),
      tls: [{ secretName: 'tls', hosts: ['api.example.com'] }],
    });
    const manifests = synth(chart);
    expect(find(manifests, 'Ingress', 'wildcard').spec.tls[0].hosts).toEqual(['api.example.com']);
    expect(find(manifests, 'Ingress', 'catch-all').spec.tls[0].hosts).toEqual(['api.example.com', '*.example.com']);
    expect(find(manifests, 'Ingress', 'default').spec.rules).toBeUndefined();
  });
});

describe('RoutingIngress errors', () => {
  test('a rule for the same host, path and pathType as an earlier one', () => {
    const chart = newChart();
    const web = service(chart, 'web');
    const api = service(chart, 'api');
    const ingress = new RoutingIngress(chart, 'ingress');
    ingress.addHostRule('api.example.com', IngressBackend.fromService(api));
    expect(() => ingress.addHostRule('api.example.com', IngressBackend.fromService(web)))
      .toThrow('[test/ingress] rules[host=api.example.com,path=/] ("Prefix") matches the same requests as the earlier rule for path "/" (Prefix, to service "api"); remove one of the two rules, or change its path');
    // A trailing slash does not change what a Prefix path matches.
    ingress.addPathRule('/docs', IngressBackend.fromService(web));
    expect(() => ingress.addPathRule('/docs/', IngressBackend.fromService(api)))
      .toThrow('[test/ingress] rules[path=/docs/] ("Prefix") matches the same requests as the earlier rule for path "/docs" (Prefix, to service "web"); remove one of the two rules, or change its path');
    // ImplementationSpecific has no defined precedence, so it clashes with any pathType.
    expect(() => ingress.addPathRule('/docs', IngressBackend.fromService(api), { pathType: 'ImplementationSpecific' }))
      .toThrow('[test/ingress] rules[path=/docs] ("ImplementationSpecific") matches the same requests as the earlier rule for path "/docs" (Prefix, to service "web"); remove one of the two rules, or change its path');
    // A rejected rule is not added.
    const paths = find(synth(chart), 'Ingress', 'ingress').spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => p.backend.service.name));
    expect(paths).toEqual(['api', 'web']);
  });

  test('duplicate rules in props', () => {
    const chart = newChart();
    const web = service(chart, 'web');
    expect(() => new RoutingIngress(chart, 'ingress', {
      rules: [{ path: '/a', backend: IngressBackend.fromService(web) }, { path: '/a', backend: IngressBackend.fromService(web) }],
    })).toThrow('[test/ingress] rules[path=/a] ("Prefix") matches the same requests as the earlier rule for path "/a" (Prefix, to service "web"); remove one of the two rules, or change its path');
  });

  test('paths', () => {
    const chart = newChart();
    const web = IngressBackend.fromService(service(chart, 'web'));
    const ingress = new RoutingIngress(chart, 'ingress');
    expect(() => ingress.addPathRule('api', web))
      .toThrow('[test/ingress] rules[path=api].path ("api") must start with \'/\' for pathType Prefix; write "/api"');
    expect(() => ingress.addPathRule('api', web, { host: 'example.com', pathType: 'Exact' }))
      .toThrow('[test/ingress] rules[host=example.com,path=api].path ("api") must start with \'/\' for pathType Exact; write "/api"');
    expect(() => ingress.addPathRule('api(/|$)(.*)', web, { pathType: 'ImplementationSpecific' }))
      .toThrow('[test/ingress] rules[path=api(/|$)(.*)].path ("api(/|$)(.*)") must start with \'/\'; write "/api(/|$)(.*)"');
    expect(() => ingress.addPathRule('/a//b', web))
      .toThrow('[test/ingress] rules[path=/a//b].path ("/a//b") contains "//", which Kubernetes rejects in Prefix paths; write the path in its normalized form');
    expect(() => ingress.addPathRule('/a/..', web, { pathType: 'Exact' }))
      .toThrow('[test/ingress] rules[path=/a/..].path ("/a/..") ends with "/..", which Kubernetes rejects in Exact paths; write the path in its normalized form');
  });

  test('hosts', () => {
    const chart = newChart();
    const web = IngressBackend.fromService(service(chart, 'web'));
    const ingress = new RoutingIngress(chart, 'ingress');
    const dnsName = 'is not a valid DNS name; use lower-case letters, digits and \'-\' in labels separated by \'.\'';
    const notFirst = 'has a \'*\' that is not a whole first label followed by a domain; use a wildcard only as the first label, like "*.example.com", or leave it unset to match every host';
    const ip = 'is an IP address, which Ingress hosts cannot be; use a DNS name, or leave it unset to match every host';
    const cases: [string, string][] = [
      ['API.example.com', dnsName],
      ['api_v1.example.com', dnsName],
      ['-api.example.com', dnsName],
      ['api.example.com.', dnsName],
      [`${'a'.repeat(64)}.example.com`, dnsName],
      ['api.*.example.com', notFirst],
      ['*api.example.com', notFirst],
      ['*.*.example.com', notFirst],
      ['*', notFirst],
      ['10.0.0.1', ip],
      ['10.0.0.1:8080', ip],
      ['2001:db8::1', ip],
      ['example.com:8080', 'includes a port, which Ingress hosts cannot have; write "example.com"'],
    ];
    for (const [host, message] of cases) {
      expect(() => ingress.addHostRule(host, web)).toThrow(`[test/ingress] rules[host=${host},path=/].host ("${host}") ${message}`);
    }
    expect(() => ingress.addHostRule('*.example.com', web)).not.toThrow();
  });

  test('a backend port must be a TCP port of the service', () => {
    const chart = newChart();
    const web = service(chart, 'web', [{ port: 80, targetPort: 'http' }, { port: 443, targetPort: 'http', name: 'https' }]);
    const dns = service(chart, 'dns', [{ port: 53, protocol: 'UDP' }], [{ number: 5353, protocol: 'UDP' }]);
    const ingress = new RoutingIngress(chart, 'ingress');
    expect(() => ingress.addPathRule('/', IngressBackend.fromService(web, { port: 'metrics' })))
      .toThrow('[test/ingress] rules[path=/].backend.port ("metrics") is not a TCP port of service "web" (it has 80 ("http"), 443 ("https")); pass port: one of those numbers or names');
    expect(() => ingress.addPathRule('/', IngressBackend.fromService(web, { port: 8080 })))
      .toThrow('[test/ingress] rules[path=/].backend.port (8080) is not a TCP port of service "web" (it has 80 ("http"), 443 ("https")); pass port: one of those numbers or names');
    expect(() => ingress.addPathRule('/', IngressBackend.fromService(web)))
      .toThrow('[test/ingress] rules[path=/].backend.port (undefined) picks no port: service "web" needs exactly one TCP port for the default (it has 80 ("http"), 443 ("https")); pass port: one of those numbers or names');
    expect(() => ingress.addPathRule('/', IngressBackend.fromService(dns, { port: 53 })))
      .toThrow('[test/ingress] rules[path=/].backend.port (53) is not a TCP port of service "dns" (it has none); route to a Service with a TCP port: Ingress forwards HTTP');
    expect(() => new RoutingIngress(chart, 'default', { defaultBackend: IngressBackend.fromService(dns) }))
      .toThrow('[test/default] defaultBackend.port (undefined) picks no port: service "dns" needs exactly one TCP port for the default (it has none); route to a Service with a TCP port: Ingress forwards HTTP');
  });

  test('a backend service must be in the Ingress\'s namespace', () => {
    const app = Testing.app();
    const web = service(new Chart(app, 'backend', { namespace: 'backend' }), 'web');
    const ingress = new RoutingIngress(new Chart(app, 'edge', { namespace: 'edge' }), 'ingress');
    expect(() => ingress.addHostRule('example.com', IngressBackend.fromService(web)))
      .toThrow('[edge/ingress] rules[host=example.com,path=/].backend.service ("backend/web") is in namespace "backend" but this Ingress is in "edge", and an Ingress only routes to Services of its own namespace; route to a Service in the Ingress\'s namespace, or move one of them');
  });

  test('tls', () => {
    const chart = newChart();
    const backend = IngressBackend.fromService(service(chart, 'web'));
    expect(() => new RoutingIngress(chart, 'empty', { defaultBackend: backend, tls: [{ secretName: 'tls', hosts: [] }] }))
      .toThrow('[test/empty] tls[0].hosts ([]) is empty; list the hosts the certificate covers');
    expect(() => new RoutingIngress(chart, 'secret', { defaultBackend: backend, tls: [{ secretName: 'TLS_cert', hosts: ['example.com'] }] }))
      .toThrow('[test/secret] tls[0].secretName ("TLS_cert") is not a Secret name; use lower-case letters, digits, \'-\' and \'.\'');
    expect(() => new RoutingIngress(chart, 'host', { defaultBackend: backend, tls: [{ secretName: 'tls', hosts: ['example.com:443'] }] }))
      .toThrow('[test/host] tls[0].hosts[0] ("example.com:443") includes a port, which Ingress hosts cannot have; write "example.com"');
    expect(() => new RoutingIngress(chart, 'twice', {
      defaultBackend: backend,
      tls: [{ secretName: 'a', hosts: ['example.com'] }, { secretName: 'b', hosts: ['example.com'] }],
    })).toThrow('[test/twice] tls[1].hosts[0] ("example.com") is also tls[0].hosts[0]; list each host under one certificate');
  });

  test('a TLS host that no rule serves fails at synth', () => {
    const chart = newChart();
    const web = IngressBackend.fromService(service(chart, 'web'));
    const ingress = new RoutingIngress(chart, 'ingress', {
      tls: [{ secretName: 'tls', hosts: ['api.example.com', 'www.example.com', 'a.b.example.com', '*.example.com'] }],
    });
    ingress.addHostRule('api.example.com', web);
    ingress.addHostRule('*.b.example.com', web);
    expect(() => synth(chart)).toThrow([
      'Validation failed with the following errors:',
      `  ${TLS_UNSERVED('test/ingress', 'tls[0].hosts[1]', 'www.example.com')}`,
      `  ${TLS_UNSERVED('test/ingress', 'tls[0].hosts[3]', '*.example.com')}`,
    ].join('\n'));
    // Rules added before synth count.
    ingress.addHostRule('www.example.com', web);
    ingress.addHostRule('*.example.com', web);
    expect(() => synth(chart)).not.toThrow();
  });

  test('an Ingress with no rule and no default backend fails at synth', () => {
    const chart = newChart();
    new RoutingIngress(chart, 'ingress');
    expect(() => synth(chart)).toThrow(
      'Validation failed with the following errors:\n  [test/ingress] rules ([]) is empty and there is no defaultBackend, so this Ingress routes nothing; add a rule with addRule(), or set defaultBackend');
  });

  test('names', () => {
    const chart = newChart();
    const backend = IngressBackend.fromService(service(chart, 'web'));
    expect(() => new RoutingIngress(chart, 'ingress', { name: 'Shop', defaultBackend: backend }))
      .toThrow('[test/ingress] name ("Shop") is not a DNS-1123 subdomain; use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit (pass name, or change the construct id)');
    expect(() => new RoutingIngress(chart, 'class', { ingressClassName: 'NGINX', defaultBackend: backend }))
      .toThrow('[test/class] ingressClassName ("NGINX") is not a DNS-1123 subdomain; use the name of an IngressClass (`kubectl get ingressclass`)');
  });

  test('reports every problem of a rule at once', () => {
    const chart = newChart();
    const web = service(chart, 'web', [{ port: 80 }, { port: 81, targetPort: 8080 }]);
    const ingress = new RoutingIngress(chart, 'ingress');
    let error: any;
    try {
      ingress.addPathRule('docs', IngressBackend.fromService(web), { host: 'Docs.example.com' });
    } catch (e) {
      error = e;
    }
    expect(error.problems.map((p: { text: string }) => p.text)).toEqual([
      '[test/ingress] rules[host=Docs.example.com,path=docs].host ("Docs.example.com") is not a valid DNS name; use lower-case letters, digits and \'-\' in labels separated by \'.\'',
      '[test/ingress] rules[host=Docs.example.com,path=docs].path ("docs") must start with \'/\' for pathType Prefix; write "/docs"',
      '[test/ingress] rules[host=Docs.example.com,path=docs].backend.port (undefined) picks no port: service "web" needs exactly one TCP port for the default (it has 80 ("http"), 81 ("tcp-81")); pass port: one of those numbers or names',
    ]);
  });
});

describe('RoutingIngress typed features: checks shared by every controller', () => {
  const TLS = [{ secretName: 'shop-tls', hosts: ['shop.example.com'] }];
  /** The message an F5 NGINX Ingress (which can express every feature checked here) throws for `props`. */
  function errorOf(props: RoutingIngressProps): string {
    const chart = newChart();
    const backend = IngressBackend.fromService(service(chart, 'web'));
    try {
      new RoutingIngress(chart, 'ingress', { controller: IngressController.F5_NGINX, rules: [{ host: 'shop.example.com', backend }], ...props });
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected an error, but nothing was thrown');
  }

  test('without them, an Ingress is what it was: no annotations, GENERIC, validation clean', () => {
    const chart = newChart();
    const r = new RoutingIngress(chart, 'ingress', { rules: [{ backend: IngressBackend.fromService(service(chart, 'web')) }] });
    expect(r.controller).toBe(IngressController.GENERIC);
    const manifests = synth(chart);
    expect(find(manifests, 'Ingress', 'ingress').metadata.annotations).toBeUndefined();
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('certManager names exactly one issuer, and issues the certificates of tls entries', () => {
    expect(errorOf({ tls: TLS, certManager: {} }))
      .toBe('[test/ingress] certManager ({}) must name exactly one of clusterIssuer and issuer; set clusterIssuer for a ClusterIssuer, or issuer for an Issuer in this namespace');
    expect(errorOf({ tls: TLS, certManager: { clusterIssuer: 'a', issuer: 'b' } }))
      .toBe('[test/ingress] certManager ({"clusterIssuer":"a","issuer":"b"}) must name exactly one of clusterIssuer and issuer; set clusterIssuer for a ClusterIssuer, or issuer for an Issuer in this namespace');
    expect(errorOf({ tls: TLS, certManager: { clusterIssuer: 'Lets_Encrypt' } }))
      .toBe('[test/ingress] certManager ({"clusterIssuer":"Lets_Encrypt"}) names "Lets_Encrypt", which is not an issuer name; use the name of a cert-manager Issuer or ClusterIssuer (`kubectl get clusterissuers`)');
    expect(errorOf({ certManager: { clusterIssuer: 'letsencrypt' } }))
      .toBe('[test/ingress] certManager ({"clusterIssuer":"letsencrypt"}) issues the certificates of tls entries, and there are none; add tls: [{ hosts, secretName }]: cert-manager writes that Secret');
  });

  test('rateLimit is whole requests per second', () => {
    expect(errorOf({ rateLimit: { requestsPerSecond: 0 } }))
      .toBe('[test/ingress] rateLimit.requestsPerSecond (0) must be a whole number of requests per second, at least 1; use e.g. 1');
    expect(errorOf({ rateLimit: { requestsPerSecond: 2.5 } }))
      .toBe('[test/ingress] rateLimit.requestsPerSecond (2.5) must be a whole number of requests per second, at least 1; use e.g. 3');
  });

  test('basicAuth: a Secret name, and a realm nginx can quote', () => {
    expect(errorOf({ basicAuth: { secretName: 'Users' } }))
      .toBe('[test/ingress] basicAuth.secretName ("Users") is not a Secret name; use lower-case letters, digits, \'-\' and \'.\'');
    expect(errorOf({ basicAuth: { secretName: 'users', realm: 'say "hi"' } }))
      .toBe('[test/ingress] basicAuth.realm ("say \\"hi\\"") contains a quote, backslash or control character, which breaks the nginx configuration; use plain text');
  });

  test('externalAuth: an absolute http(s) URL, and not together with basicAuth', () => {
    for (const bad of ['auth.example.com/verify', 'ftp://auth.example.com/', '/verify']) {
      expect(errorOf({ controller: IngressController.INGRESS_NGINX, externalAuth: { url: bad } }))
        .toBe(`[test/ingress] externalAuth.url (${JSON.stringify(bad)}) is not an absolute http(s) URL; write e.g. "http://auth.auth.svc.cluster.local:80/verify" (or use service.url({ path: '/verify' }))`);
    }
    expect(errorOf({ controller: IngressController.INGRESS_NGINX, basicAuth: { secretName: 'users' }, externalAuth: { url: 'http://auth/' } }))
      .toBe('[test/ingress] externalAuth ({"url":"http://auth/"}) and basicAuth are both set, and controllers combine them differently; choose one: move the basic auth users into the external auth service, or drop externalAuth');
  });

  test('an external auth URL can come from a Service', () => {
    const chart = newChart({ namespace: 'shop' });
    const auth = service(chart, 'auth');
    const backend = IngressBackend.fromService(service(chart, 'web'));
    new RoutingIngress(chart, 'ingress', {
      controller: IngressController.INGRESS_NGINX,
      externalAuth: { url: auth.url({ path: '/verify' }) },
      rules: [{ backend }],
    });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); // ingress-nginx is retired
    expect(find(synth(chart), 'Ingress', 'ingress').metadata.annotations['nginx.ingress.kubernetes.io/auth-url']).toBe('http://auth.shop.svc.cluster.local:80/verify');
    warn.mockRestore();
  });

  test('in collect mode every problem, the controller\'s included, fails the synth together', () => {
    const app = Testing.app();
    app.node.setContext(COLLECT_ERRORS_CONTEXT, true);
    const chart = new Chart(app, 'test');
    const backend = IngressBackend.fromService(service(chart, 'web'));
    new RoutingIngress(chart, 'ingress', {
      controller: IngressController.GCE,
      rateLimit: { requestsPerSecond: 0 },
      maxBodySize: Size.mebibytes(1),
      rules: [{ backend }],
    });
    expect(() => synth(chart)).toThrow([
      'Validation failed with the following errors:',
      '  [test/ingress] rateLimit.requestsPerSecond (0) must be a whole number of requests per second, at least 1; use e.g. 1',
      '  [test/ingress] rateLimit ({"requestsPerSecond":0}) cannot be expressed with the GKE Ingress controller (gce); rate-limit with a Cloud Armor security policy attached through a BackendConfig, or remove rateLimit',
      '  [test/ingress] maxBodySize ("1Mi") cannot be expressed with the GKE Ingress controller (gce); the Application Load Balancer has no request body limit setting; enforce it in the application',
    ].join('\n'));
  });
});
