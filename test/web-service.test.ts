import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27/lib/container';
import { ContainerProps } from '../lib/container';
import { PodDisruptionBudget } from '../lib/disruption-budget';
import { Gateway } from '../lib/gateway';
import { HttpRoute } from '../lib/http-route';
import { IngressController } from '../lib/ingress-controller';
import { RoutingIngress } from '../lib/ingress';
import { NetworkPolicy, Peer } from '../lib/network-policy';
import { MultiContainerPod } from '../lib/pod';
import { COLLECT_ERRORS_CONTEXT } from '../lib/private/errors';
import { validateManifests } from '../lib/validation';
import { WebService, WebServiceProps } from '../lib/web-service';
import { byKind, find, newChart, synth } from './util';

const RESOURCES = { cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } };
const WEB: ContainerProps = {
  image: 'nginxinc/nginx-unprivileged:1.27-alpine',
  ports: [{ number: 8080, name: 'http' }],
  resources: RESOURCES,
  writablePaths: ['/tmp'],
};
const NGINX = [Peer.namespace('nginx-ingress')];
const ENVOY = [Peer.namespace('envoy-gateway-system')];

function web(chart: Chart, id: string, props: Partial<WebServiceProps> = {}): WebService {
  return new WebService(chart, id, { containers: [WEB], ...props });
}

/** The message of the error `fn` throws; fails when it throws nothing. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, but nothing was thrown');
}

function dnsEgress() {
  return {
    to: [{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': NetworkPolicy.DEFAULTS.dns.namespace } },
      podSelector: { matchLabels: NetworkPolicy.DEFAULTS.dns.podLabels },
    }],
    ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
  };
}

describe('WebService', () => {
  test('minimal props: a deployment and its Service, both named after the construct, and nothing else', () => {
    const chart = newChart({ namespace: 'shop' });
    const svc = web(chart, 'web');
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();

    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(['Deployment/web', 'Service/web']);
    const service = find(manifests, 'Service', 'web');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.selector).toEqual(svc.deployment.selectorLabels);
    // The pods' only port, by name, behind the default port.
    expect(service.spec.ports).toEqual([{ name: 'http', port: WebService.DEFAULTS.port, targetPort: 'http', protocol: 'TCP' }]);
    expect(find(manifests, 'Deployment', 'web').spec.replicas).toBe(1);
    expect(svc.name).toBe('web');
    expect(svc.service.url()).toBe('http://web.shop.svc.cluster.local:80');
    expect(svc.servingTargetPort).toBe('http');
    expect(svc.autoscaler).toBeUndefined();
    expect(svc.disruptionBudget).toBeUndefined();
    expect(svc.networkPolicy).toBeUndefined();
    expect(svc.ingress).toBeUndefined();
    expect(svc.httpRoute).toBeUndefined();
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('defaults: port 80, and allowFrom(this) on another service adds egress rules to this one', () => {
    expect(WebService.DEFAULTS).toEqual({ port: 80, networkPolicyEgress: true });
  });

  test('all props: every child, each with its pass-through props', () => {
    const chart = newChart({ namespace: 'shop' });
    const gateway = new Gateway(chart, 'gateway', { gatewayClassName: 'eg', tls: [{ secretName: 'shop-tls', hosts: ['shop.example.com'] }] });
    const svc = new WebService(chart, 'web', {
      name: 'storefront',
      component: 'frontend',
      partOf: 'shop',
      version: '1.27',
      containers: [{ ...WEB, ports: [{ number: 8080, name: 'http' }, { number: 9113, name: 'metrics' }] }],
      maxSurge: 1,
      disruptionBudget: { minAvailable: 1 },
      port: 8000,
      targetPort: 'http',
      service: { annotations: { 'example.com/owner': 'shop' }, labels: { tier: 'edge' } },
      autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilizationPercent: 70, scaleDown: { stabilizationWindow: Duration.minutes(5) } },
      ingress: {
        props: { controller: IngressController.F5_NGINX, tls: [{ secretName: 'shop-tls', hosts: ['shop.example.com'] }], httpsRedirect: true },
        host: 'shop.example.com',
        path: '/store',
        pathType: 'Exact',
        from: NGINX,
      },
      httpRoute: { gateway, hostnames: ['shop.example.com'], path: '/store', pathType: 'Exact', from: ENVOY },
      networkPolicy: { allowFrom: [Peer.namespace('monitoring')], egress: false },
    });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();

    const deployment = find(manifests, 'Deployment', 'storefront');
    expect(deployment.spec.replicas).toBeUndefined();
    expect(deployment.spec.strategy.rollingUpdate.maxSurge).toBe(1);
    expect(deployment.metadata.labels).toMatchObject({ 'app.kubernetes.io/component': 'frontend', 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/version': '1.27' });

    const service = find(manifests, 'Service', 'storefront');
    expect(service.metadata.annotations).toEqual({ 'example.com/owner': 'shop' });
    expect(service.metadata.labels.tier).toBe('edge');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8000, targetPort: 'http', protocol: 'TCP' }]);

    const hpa = find(manifests, 'HorizontalPodAutoscaler', 'storefront');
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 6, scaleTargetRef: { kind: 'Deployment', name: 'storefront' } });
    expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);

    // The deployment's budget, configured by the pass-through prop: the only one.
    expect(byKind(manifests, 'PodDisruptionBudget')).toHaveLength(1);
    expect(find(manifests, 'PodDisruptionBudget', 'storefront').spec.minAvailable).toBe(1);
    expect(svc.disruptionBudget).toBe(svc.deployment.disruptionBudget);

    const ingress = find(manifests, 'Ingress', 'storefront');
    expect(ingress.metadata.labels).toMatchObject({ 'app.kubernetes.io/component': 'frontend', 'app.kubernetes.io/part-of': 'shop' });
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.metadata.annotations).toEqual({ 'ingress.kubernetes.io/ssl-redirect': 'true' });
    expect(ingress.spec.rules).toEqual([{
      host: 'shop.example.com',
      http: { paths: [{ path: '/store', pathType: 'Exact', backend: { service: { name: 'storefront', port: { number: 8000 } } } }] },
    }]);

    const route = find(manifests, 'HTTPRoute', 'storefront');
    expect(route.spec.hostnames).toEqual(['shop.example.com']);
    expect(route.spec.parentRefs).toEqual([{ name: 'gateway', sectionName: 'https-shop-example-com' }]);
    expect(route.spec.rules).toEqual([{
      matches: [{ path: { type: 'Exact', value: '/store' } }],
      backendRefs: [{ name: 'storefront', port: 8000 }],
    }]);

    const policy = find(manifests, 'NetworkPolicy', 'storefront');
    expect(policy.spec.podSelector).toEqual({ matchLabels: svc.deployment.selectorLabels });
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.ingress).toEqual(['monitoring', 'nginx-ingress', 'envoy-gateway-system'].map((ns) => ({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } }],
      ports: [{ port: 'http', protocol: 'TCP' }],
    })));

    expect(svc.ingress?.name).toBe('storefront');
    expect(svc.httpRoute?.name).toBe('storefront');
    expect(svc.autoscaler?.name).toBe('storefront');
    expect(svc.networkPolicy?.name).toBe('storefront');
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('rules on a shared Ingress and HTTPRoute; a second rule through one reuses its peers', () => {
    const chart = newChart({ namespace: 'shop' });
    const edge = new RoutingIngress(chart, 'edge', { controller: IngressController.F5_NGINX });
    const gateway = new Gateway(chart, 'gateway', { gatewayClassName: 'eg' });
    const shopRoute = new HttpRoute(chart, 'shop-route', { gateway, hostnames: ['shop.example.com'] });
    const frontend = web(chart, 'frontend', {
      ingress: { ingress: edge, host: 'shop.example.com', from: NGINX },
      httpRoute: { route: shopRoute, from: ENVOY },
    });
    const api = web(chart, 'api', { ingress: { ingress: edge, host: 'api.example.com', from: NGINX } });
    api.exposeViaIngress(edge, { path: '/api' });
    api.exposeViaHttpRoute(shopRoute, { path: '/api', from: ENVOY });
    const manifests = synth(chart);

    expect(frontend.ingress).toBe(edge);
    expect(frontend.httpRoute).toBe(shopRoute);
    expect(byKind(manifests, 'Ingress')).toHaveLength(1);
    const backend = (name: string) => ({ service: { name, port: { number: 80 } } });
    expect(find(manifests, 'Ingress', 'edge').spec.rules).toEqual([
      { host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('frontend') }] } },
      { host: 'api.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('api') }] } },
      { http: { paths: [{ path: '/api', pathType: 'Prefix', backend: backend('api') }] } },
    ]);
    expect(byKind(manifests, 'HTTPRoute').map((r) => r.metadata.name)).toEqual(['shop-route']);
    expect(find(manifests, 'HTTPRoute', 'shop-route').spec.rules).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'frontend', port: 80 }] },
      { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'api', port: 80 }] },
    ]);
    // Each peer is admitted once, however many rules come through it.
    const namespaces = (name: string) => find(manifests, 'NetworkPolicy', name).spec.ingress
      .map((r: any) => r.from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name']);
    expect(namespaces('frontend')).toEqual(['nginx-ingress', 'envoy-gateway-system']);
    expect(namespaces('api')).toEqual(['nginx-ingress', 'envoy-gateway-system']);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('allowFrom(other service) admits it here and lets it out there; egress: false leaves the other alone', () => {
    const chart = newChart({ namespace: 'shop' });
    const frontend = web(chart, 'frontend');
    const worker = web(chart, 'worker', { networkPolicy: { egress: false } });
    const api = web(chart, 'api', { containers: [{ ...WEB, ports: [{ number: 9000, name: 'grpc' }] }] });
    api.allowFrom(frontend);
    api.allowFrom(worker);
    const manifests = synth(chart);

    expect(find(manifests, 'NetworkPolicy', 'api').spec).toEqual({
      podSelector: { matchLabels: api.deployment.selectorLabels },
      policyTypes: ['Ingress'],
      ingress: [frontend, worker].map((s) => ({ from: [{ podSelector: { matchLabels: s.deployment.selectorLabels } }], ports: [{ port: 'grpc', protocol: 'TCP' }] })),
    });
    // Created for the egress rule alone: the frontend's ingress stays unrestricted.
    expect(find(manifests, 'NetworkPolicy', 'frontend').spec).toEqual({
      podSelector: { matchLabels: frontend.deployment.selectorLabels },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: api.deployment.selectorLabels } }], ports: [{ port: 'grpc', protocol: 'TCP' }] }, dnsEgress()],
    });
    // The worker's egress is not this policy's business: it gets no policy at all.
    expect(worker.networkPolicy).toBeUndefined();
    expect(byKind(manifests, 'NetworkPolicy').map((p) => p.metadata.name)).toEqual(['frontend', 'api']);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('allowFrom a peer or a bare workload, allowTo a peer, across namespaces', () => {
    const app = Testing.app();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const jobs = new Chart(app, 'jobs', { namespace: 'jobs' });
    const api = web(shop, 'api');
    const cron = new MultiContainerPod(jobs, 'cron', { containers: [{ image: 'busybox:1.36' }] });
    api.allowFrom(Peer.ipBlock('10.0.0.0/8'));
    api.allowFrom(cron);
    api.allowTo(Peer.ipBlock('203.0.113.0/24'), 5432);
    const policy = find(Testing.synth(shop), 'NetworkPolicy', 'api');
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress).toEqual([
      { from: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 'http', protocol: 'TCP' }] },
      { from: [{ podSelector: { matchLabels: cron.selectorLabels }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'jobs' } } }], ports: [{ port: 'http', protocol: 'TCP' }] },
    ]);
    expect(policy.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 5432, protocol: 'TCP' }] }, dnsEgress()]);
  });

  test('the disruption budget is the deployment\'s default one: for pinned replicas, or an autoscaler from 2 pods', () => {
    const chart = newChart();
    const pinned = web(chart, 'pinned', { replicas: 3 });
    const scaled = web(chart, 'scaled', { autoscaling: { minReplicas: 2, maxReplicas: 4, cpuUtilizationPercent: 70 } });
    const single = web(chart, 'single', { autoscaling: { maxReplicas: 4, cpuUtilizationPercent: 70 } });
    const manifests = synth(chart);

    expect(byKind(manifests, 'PodDisruptionBudget').map((b) => b.metadata.name)).toEqual(['pinned', 'scaled']);
    expect(pinned.disruptionBudget).toBeInstanceOf(PodDisruptionBudget);
    expect(pinned.disruptionBudget).toBe(pinned.deployment.disruptionBudget);
    expect(scaled.disruptionBudget?.node.path).toBe('test/scaled/deployment/DisruptionBudget');
    expect(single.disruptionBudget).toBeUndefined();
    expect(find(manifests, 'Deployment', 'pinned').spec.replicas).toBe(3);
    expect(find(manifests, 'Deployment', 'scaled').spec.replicas).toBeUndefined();
  });

  test('service.ports replace the one port: the first is the serving port of routes and policy', () => {
    const chart = newChart({ namespace: 'shop' });
    const api = web(chart, 'api', {
      containers: [{ ...WEB, ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }] }],
      service: { ports: [{ port: 80, targetPort: 'http' }, { port: 9090, targetPort: 'metrics' }] },
      ingress: { props: { controller: IngressController.F5_NGINX }, host: 'api.example.com', from: NGINX },
    });
    const manifests = synth(chart);
    expect(find(manifests, 'Service', 'api').spec.ports.map((p: any) => p.name)).toEqual(['http', 'metrics']);
    // With several ports, the backend names the serving one.
    expect(find(manifests, 'Ingress', 'api').spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'api', port: { name: 'http' } } });
    expect(find(manifests, 'NetworkPolicy', 'api').spec.ingress[0].ports).toEqual([{ port: 'http', protocol: 'TCP' }]);
    expect(api.servingTargetPort).toBe('http');
  });

  test('a numeric targetPort, for pods that declare no port', () => {
    const chart = newChart();
    const svc = web(chart, 'web', { containers: [{ ...WEB, ports: undefined }], port: 8080 });
    expect(find(synth(chart), 'Service', 'web').spec.ports).toEqual([{ name: 'tcp-8080', port: 8080, targetPort: 8080, protocol: 'TCP' }]);
    expect(svc.servingTargetPort).toBe(8080);
  });

  test('networkPolicy: false creates none, and routes need no peers', () => {
    const chart = newChart();
    const svc = web(chart, 'web', { networkPolicy: false, ingress: { props: { controller: IngressController.F5_NGINX }, host: 'shop.example.com' } });
    const manifests = synth(chart);
    expect(byKind(manifests, 'NetworkPolicy')).toEqual([]);
    expect(svc.networkPolicy).toBeUndefined();
    expect(find(manifests, 'Ingress', 'web').spec.rules[0].host).toBe('shop.example.com');
  });

  test('an own HTTPRoute with a path only, on a gateway serving every host', () => {
    const chart = newChart({ namespace: 'shop' });
    const gateway = new Gateway(chart, 'gateway', { gatewayClassName: 'eg' });
    web(chart, 'web', { httpRoute: { gateway, path: '/web', from: ENVOY } });
    const route = find(synth(chart), 'HTTPRoute', 'web');
    expect(route.spec.hostnames).toBeUndefined();
    expect(route.spec.rules).toEqual([{ matches: [{ path: { type: 'PathPrefix', value: '/web' } }], backendRefs: [{ name: 'web', port: 80 }] }]);
  });
});

describe('WebService errors', () => {
  const gatewayOf = (chart: Chart) => new Gateway(chart, 'gateway', { gatewayClassName: 'eg' });

  test('replicas with autoscaling', () => {
    expect(messageOf(() => web(newChart(), 'web', { replicas: 2, autoscaling: { maxReplicas: 4, cpuUtilizationPercent: 70 } })))
      .toBe('[test/web] replicas (2) pins the pod count, which the autoscaler would reset on every apply; remove replicas and set autoscaling.minReplicas instead');
  });

  test('port or targetPort with service.ports', () => {
    const ports = [{ port: 80 }];
    expect(messageOf(() => web(newChart(), 'web', { port: 8000, service: { ports } })))
      .toBe('[test/web] port (8000) is set together with service.ports, which lists every port of the Service; set the one port with port and targetPort, or move it into service.ports');
    expect(messageOf(() => web(newChart(), 'web', { targetPort: 'http', service: { ports } })))
      .toBe('[test/web] targetPort ("http") is set together with service.ports, which lists every port of the Service; set the one port with port and targetPort, or move it into service.ports');
  });

  test('no default targetPort when the pods declare several TCP ports', () => {
    const containers = [{ ...WEB, ports: [{ number: 8080, name: 'http' }, { number: 9090 }, { number: 5353, protocol: 'UDP' as const }] }];
    expect(messageOf(() => web(newChart(), 'web', { containers })))
      .toBe('[test/web] targetPort (undefined) has no default: the pods declare several TCP ports (8080 ("http"), 9090); pass targetPort: the one that serves requests');
  });

  test('an Ingress route without host or path, or without peers', () => {
    expect(messageOf(() => web(newChart(), 'web', { ingress: { from: NGINX } })))
      .toBe('[test/web] ingress.host (undefined) and ingress.path are both unset, so the rule would take every request the Ingress receives; set host, path or both');
    expect(messageOf(() => web(newChart(), 'web', { ingress: { host: 'shop.example.com' } })))
      .toBe('[test/web] ingress.from (undefined) names no peer, and the network policy admits only the peers it is given, so the Ingress controller\'s requests would be dropped; pass from: [Peer.namespace(...)] where they run (or the load balancer\'s Peer.ipBlock(...)), or set networkPolicy: false');
    expect(messageOf(() => web(newChart(), 'web', { ingress: { host: 'shop.example.com', from: [] } })))
      .toBe('[test/web] ingress.from ([]) names no peer, and the network policy admits only the peers it is given, so the Ingress controller\'s requests would be dropped; pass from: [Peer.namespace(...)] where they run (or the load balancer\'s Peer.ipBlock(...)), or set networkPolicy: false');
  });

  test('peers with networkPolicy: false', () => {
    expect(messageOf(() => web(newChart(), 'web', { networkPolicy: false, ingress: { host: 'shop.example.com', from: NGINX } })))
      .toBe('[test/web] ingress.from (["namespace:nginx-ingress"]) names peers for the network policy, but networkPolicy is false; remove from, or remove networkPolicy: false');
  });

  test('a shared Ingress with props for an own one', () => {
    const chart = newChart();
    const edge = new RoutingIngress(chart, 'edge');
    expect(messageOf(() => web(chart, 'web', { ingress: { ingress: edge, props: { httpsRedirect: true, scheme: 'internal' }, host: 'shop.example.com', from: NGINX } })))
      .toBe('[test/web] ingress.props (["httpsRedirect","scheme"]) configure an Ingress of this service\'s own, but ingress.ingress is the shared "test/edge"; configure the shared Ingress where it is created, or remove ingress.ingress');
  });

  test('an HTTPRoute route with both or neither of gateway and route', () => {
    const chart = newChart();
    const gateway = gatewayOf(chart);
    const route = new HttpRoute(chart, 'route', { gateway, hostnames: ['shop.example.com'] });
    expect(messageOf(() => web(chart, 'both', { httpRoute: { gateway, route, from: ENVOY } })))
      .toBe('[test/both] httpRoute.gateway ("gateway") and httpRoute.route ("test/route") are both set; set gateway for an HTTPRoute of this service\'s own, or route to add a rule to a shared HttpRoute');
    expect(messageOf(() => web(chart, 'neither', { httpRoute: { path: '/', from: ENVOY } })))
      .toBe('[test/neither] httpRoute.gateway (undefined) and httpRoute.route are both unset; set gateway for an HTTPRoute of this service\'s own, or route to add a rule to a shared HttpRoute');
  });

  test('hostnames for a shared HTTPRoute', () => {
    const chart = newChart();
    const route = new HttpRoute(chart, 'route', { gateway: gatewayOf(chart), hostnames: ['shop.example.com'] });
    expect(messageOf(() => web(chart, 'web', { httpRoute: { route, hostnames: ['www.example.com'], from: ENVOY } })))
      .toBe('[test/web] httpRoute.hostnames (["www.example.com"]) only apply to an HTTPRoute of this service\'s own, but httpRoute.route is the shared "test/route"; set hostnames on the shared HttpRoute, or use httpRoute.gateway instead of route');
  });

  test('an HTTPRoute rule that would take every request of the gateway', () => {
    const chart = newChart();
    const gateway = gatewayOf(chart);
    const route = new HttpRoute(chart, 'route', { gateway });
    expect(messageOf(() => web(chart, 'own', { httpRoute: { gateway, from: ENVOY } })))
      .toBe('[test/own] httpRoute.path (undefined) is unset and so are httpRoute.hostnames, so the route would take every request on gateway "gateway"; set hostnames, path or both');
    expect(messageOf(() => web(chart, 'shared', { httpRoute: { route, from: ENVOY } })))
      .toBe('[test/shared] httpRoute.path (undefined) is unset and route "route" has no hostnames, so the rule would take every request on gateway "gateway"; set path, or hostnames on the route');
  });

  test('exposeViaIngress and exposeViaHttpRoute: no host or path, no peers', () => {
    const chart = newChart();
    const edge = new RoutingIngress(chart, 'edge');
    const route = new HttpRoute(chart, 'route', { gateway: gatewayOf(chart) });
    const svc = web(chart, 'web');
    expect(messageOf(() => svc.exposeViaIngress(edge, { host: 'shop.example.com' })))
      .toBe('[test/web] exposeViaIngress.from (undefined) names no peer, and the network policy admits only the peers it is given, so the Ingress controller\'s requests would be dropped; pass from: [Peer.namespace(...)] where they run (or the load balancer\'s Peer.ipBlock(...)), or set networkPolicy: false');
    expect(messageOf(() => svc.exposeViaIngress(edge, { from: NGINX })))
      .toBe('[test/web] exposeViaIngress.host (undefined) and path are both unset, so the rule would take every request the Ingress receives; set host, path or both');
    expect(messageOf(() => svc.exposeViaHttpRoute(route, { from: ENVOY })))
      .toBe('[test/web] exposeViaHttpRoute.path (undefined) is unset and route "route" has no hostnames, so the rule would take every request on gateway "gateway"; set path, or hostnames on the route');
    // Nothing was added by the failed calls.
    expect(svc.networkPolicy).toBeUndefined();
  });

  test('allowFrom and allowTo with networkPolicy: false', () => {
    const chart = newChart();
    const svc = web(chart, 'web', { networkPolicy: false });
    const other = web(chart, 'other');
    expect(messageOf(() => svc.allowFrom(other)))
      .toBe('[test/web] allowFrom ("test/other") needs the network policy of this service, but networkPolicy is false; remove networkPolicy: false, or allow the traffic in a NetworkPolicy of your own');
    expect(messageOf(() => svc.allowTo(Peer.ipBlock('10.0.0.0/8'))))
      .toBe('[test/web] allowTo ("ipBlock:10.0.0.0/8") needs the network policy of this service, but networkPolicy is false; remove networkPolicy: false, or allow the traffic in a NetworkPolicy of your own');
    // The failed call gave the other service no egress rule either.
    expect(other.networkPolicy).toBeUndefined();
  });

  test('every problem of the props is reported at once, before any child is created', () => {
    const chart = newChart();
    expect(messageOf(() => web(chart, 'web', { replicas: 2, autoscaling: { maxReplicas: 4, cpuUtilizationPercent: 70 }, ingress: { from: NGINX } }))).toBe([
      '[test/web] replicas (2) pins the pod count, which the autoscaler would reset on every apply; remove replicas and set autoscaling.minReplicas instead',
      '[test/web] ingress.host (undefined) and ingress.path are both unset, so the rule would take every request the Ingress receives; set host, path or both',
    ].join('\n'));
    expect(chart.node.findChild('web').node.children).toEqual([]);
  });

  test('in collect mode the problems fail the synth, and the invalid route is left out', () => {
    const app = new App({ outdir: Testing.app().outdir });
    app.node.setContext(COLLECT_ERRORS_CONTEXT, true);
    const chart = new Chart(app, 'test');
    const svc = web(chart, 'web', { httpRoute: { path: '/', from: ENVOY } });
    expect(svc.httpRoute).toBeUndefined();
    expect(messageOf(() => Testing.synth(chart))).toBe('Validation failed with the following errors:\n  [test/web] httpRoute.gateway (undefined) and httpRoute.route are both unset; set gateway for an HTTPRoute of this service\'s own, or route to add a rule to a shared HttpRoute');
  });

  test('in collect mode a Service without ports gets no route, and the synth reports why', () => {
    const app = new App({ outdir: Testing.app().outdir });
    app.node.setContext(COLLECT_ERRORS_CONTEXT, true);
    const chart = new Chart(app, 'test');
    const edge = new RoutingIngress(chart, 'edge', { controller: IngressController.F5_NGINX });
    const svc = web(chart, 'web', { service: { ports: [] }, ingress: { ingress: edge, host: 'shop.example.com', from: NGINX } });
    expect(svc.networkPolicy).toBeUndefined();
    expect(messageOf(() => Testing.synth(chart))).toBe([
      'Validation failed with the following errors:',
      '  [test/edge] rules ([]) is empty and there is no defaultBackend, so this Ingress routes nothing; add a rule with addRule(), or set defaultBackend',
      '  [test/web/service] ports ([]) is empty; add at least one port',
    ].join('\n'));
  });

  test('a child\'s own checks still apply to the pass-through props', () => {
    expect(messageOf(() => web(newChart(), 'web', { autoscaling: { minReplicas: 3, maxReplicas: 2, cpuUtilizationPercent: 70 } })))
      .toBe('[test/web/autoscaler] maxReplicas (2) must be a whole number >= minReplicas (3); raise maxReplicas or lower minReplicas');
  });
});

describe('native sidecars', () => {
  test('pass through to the deployment\'s pods; the Service still targets the app\'s port, and the autoscaler counts the sidecar', () => {
    const chart = newChart();
    const proxy: ContainerProps = { name: 'proxy', image: 'envoyproxy/envoy:v1.33.0', ports: [{ number: 9901, name: 'admin' }], resources: RESOURCES };
    const site = web(chart, 'site', {
      containers: [{ ...WEB, name: 'site' }], sidecars: [proxy], autoscaling: { minReplicas: 2, maxReplicas: 4, cpuUtilizationPercent: 70 },
    });
    const manifests = synth(chart);
    const pod = find(manifests, 'Deployment', 'site').spec.template.spec;
    expect(pod.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([['proxy', 'Always']]);
    expect(find(manifests, 'Service', 'site').spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    expect(site.deployment.sidecars.map((c) => c.name)).toEqual(['proxy']);
    expect(validateManifests(manifests)).toEqual([]);
  });
});
