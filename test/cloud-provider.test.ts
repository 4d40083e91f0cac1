import { Chart, Testing } from 'cdk8s';
import { RestaurantChart } from '../main';
import { CLOUD_PROVIDER_CONTEXT, CloudProvider } from '../lib/cloud-provider';
import { RollingDeployment } from '../lib/deployment';
import { IngressController } from '../lib/ingress-controller';
import { LoadBalancerService } from '../lib/service';
import { validateManifests } from '../lib/validation';
import { byKind, find, newChart, synth } from './util';

function web(chart: Chart): RollingDeployment {
  return new RollingDeployment(chart, 'web', { containers: [{ image: 'example/web:1.0', ports: [{ number: 8080, name: 'http' }] }] });
}

describe('CloudProvider', () => {
  test('is GENERIC unless set', () => {
    const chart = newChart();
    expect(CloudProvider.of(chart)).toBe(CloudProvider.GENERIC);
    expect(CloudProvider.of(web(chart))).toBe(CloudProvider.GENERIC);
  });

  test('use() on a chart applies to everything created below it', () => {
    const chart = newChart();
    CloudProvider.use(chart, CloudProvider.GKE);
    const deployment = web(chart);
    expect(CloudProvider.of(chart)).toBe(CloudProvider.GKE);
    expect(CloudProvider.of(deployment)).toBe(CloudProvider.GKE);
    expect(chart.node.tryGetContext(CLOUD_PROVIDER_CONTEXT)).toBe('gke');
  });

  test('use() on the app applies to every chart; a chart may set its own', () => {
    const app = Testing.app();
    CloudProvider.use(app, CloudProvider.AKS);
    const azure = new Chart(app, 'azure');
    const aws = new Chart(app, 'aws');
    CloudProvider.use(aws, CloudProvider.EKS);
    expect(CloudProvider.of(azure)).toBe(CloudProvider.AKS);
    expect(CloudProvider.of(aws)).toBe(CloudProvider.EKS);
  });

  test('use() after constructs were added is refused: they would keep the old profile', () => {
    const chart = newChart();
    web(chart);
    expect(() => CloudProvider.use(chart, CloudProvider.EKS))
      .toThrow('[test] cloudProvider ("eks") must be set before anything is added to this scope (it already has "web"); call CloudProvider.use() first thing in the chart\'s constructor, or on the App before adding charts');
  });

  test('fromName() takes the names of the CLOUD_PROVIDER switch', () => {
    expect(CloudProvider.ALL.map((p) => CloudProvider.fromName(p.name)))
      .toEqual([CloudProvider.EKS, CloudProvider.GKE, CloudProvider.AKS, CloudProvider.GENERIC]);
    expect(() => CloudProvider.fromName('EKS'))
      .toThrow('cloudProvider ("EKS") is not a known cloud provider; use one of "eks", "gke", "aks", "generic"');
  });

  test('an unknown name set as context directly is reported where it is read', () => {
    const app = Testing.app();
    app.node.setContext(CLOUD_PROVIDER_CONTEXT, 'openstack');
    const chart = new Chart(app, 'test');
    expect(() => CloudProvider.of(chart))
      .toThrow(`[test] context ${CLOUD_PROVIDER_CONTEXT} ("openstack") is not a known cloud provider; set one of "eks", "gke", "aks", "generic", or use CloudProvider.use()`);
  });

  test('each provider has its Ingress controller', () => {
    expect(CloudProvider.EKS.ingressController.id).toBe('aws-alb');
    expect(CloudProvider.GKE.ingressController).toBe(IngressController.GCE);
    expect(CloudProvider.AKS.ingressController).toBe(IngressController.AZURE_APPLICATION_GATEWAY);
    expect(CloudProvider.GENERIC.ingressController).toBe(IngressController.GENERIC);
  });

  test('only cloud providers can make a load balancer internal', () => {
    expect(CloudProvider.ALL.filter((p) => p.supportsLoadBalancerScheme('internal')).map((p) => p.name)).toEqual(['eks', 'gke', 'aks']);
    expect(CloudProvider.ALL.every((p) => p.supportsLoadBalancerScheme('internet-facing'))).toBe(true);
  });
});

describe('LoadBalancerService annotations per provider', () => {
  const AWS = 'service.beta.kubernetes.io/aws-load-balancer-';
  test.each([
    ['eks', 'internet-facing', { [`${AWS}type`]: 'external', [`${AWS}nlb-target-type`]: 'ip', [`${AWS}scheme`]: 'internet-facing' }],
    ['eks', 'internal', { [`${AWS}type`]: 'external', [`${AWS}nlb-target-type`]: 'ip', [`${AWS}scheme`]: 'internal' }],
    ['gke', 'internet-facing', { 'cloud.google.com/l4-rbs': 'enabled' }],
    ['gke', 'internal', { 'networking.gke.io/load-balancer-type': 'Internal' }],
    ['aks', 'internet-facing', { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'false' }],
    ['aks', 'internal', { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' }],
    ['generic', 'internet-facing', undefined],
  ] as const)('%s, %s', (name, scheme, annotations) => {
    const chart = newChart();
    CloudProvider.use(chart, CloudProvider.fromName(name));
    const lb = new LoadBalancerService(chart, 'public', { target: web(chart), ports: [{ port: 80 }], scheme });
    expect(lb.cloudProvider.name).toBe(name);
    expect(lb.scheme).toBe(scheme);
    const svc = find(synth(chart), 'Service', 'public');
    expect(svc.metadata.annotations).toEqual(annotations);
    expect(svc.spec.type).toBe('LoadBalancer');
  });
});

describe('the example app on each provider', () => {
  /** CLOUD_PROVIDER=<name> npx cdk8s synth, in memory. */
  function example(provider: CloudProvider): any[] {
    return Testing.synth(new RestaurantChart(Testing.app(), 'restaurant', { namespace: 'restaurant', cloudProvider: provider }));
  }
  const edge = (manifests: any[]) => [find(manifests, 'Service', 'frontend-public'), ...byKind(manifests, 'Ingress')];

  test.each(CloudProvider.ALL.map((p) => [p.name, p] as const))('%s: every object passes validation; snapshot of its edge', (_, provider) => {
    const manifests = example(provider);
    expect(validateManifests(manifests)).toEqual([]);
    expect(edge(manifests)).toMatchSnapshot();
  });

  test('eks: an internet-facing NLB with IP targets, an ALB finding its ACM certificate, HTTPS redirect', () => {
    const manifests = example(CloudProvider.EKS);
    expect(find(manifests, 'Service', 'frontend-public').metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internet-facing');
    const ingress = find(manifests, 'Ingress', 'reception');
    expect(ingress.spec.ingressClassName).toBe('alb');
    expect(ingress.spec.tls).toEqual([{ hosts: ['app.example.com', 'api.example.com'] }]);
    expect(ingress.metadata.annotations).toEqual({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
    });
  });

  test('gke: a backend-service-based NLB, and a gce Ingress chosen by annotation', () => {
    const manifests = example(CloudProvider.GKE);
    expect(find(manifests, 'Service', 'frontend-public').metadata.annotations).toEqual({ 'cloud.google.com/l4-rbs': 'enabled' });
    const ingress = find(manifests, 'Ingress', 'reception');
    expect(ingress.spec.ingressClassName).toBeUndefined();
    expect(ingress.metadata.annotations).toEqual({ 'kubernetes.io/ingress.class': 'gce' });
    expect(ingress.spec.tls).toEqual([{ secretName: 'restaurant-tls', hosts: ['app.example.com', 'api.example.com'] }]);
  });

  test('aks: a public Azure load balancer, and AGIC with HTTPS redirect', () => {
    const manifests = example(CloudProvider.AKS);
    expect(find(manifests, 'Service', 'frontend-public').metadata.annotations).toEqual({ 'service.beta.kubernetes.io/azure-load-balancer-internal': 'false' });
    const ingress = find(manifests, 'Ingress', 'reception');
    expect(ingress.spec.ingressClassName).toBe('azure-application-gateway');
    expect(ingress.metadata.annotations).toEqual({ 'appgw.ingress.kubernetes.io/ssl-redirect': 'true' });
  });

  test('generic: no cloud annotations, and F5 NGINX with redirect, rate limit and body size', () => {
    const manifests = example(CloudProvider.GENERIC);
    expect(find(manifests, 'Service', 'frontend-public').metadata.annotations).toBeUndefined();
    const ingress = find(manifests, 'Ingress', 'reception');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.metadata.annotations).toEqual({
      'ingress.kubernetes.io/ssl-redirect': 'true',
      'nginx.org/limit-req-rate': '20r/s',
      'nginx.org/client-max-body-size': '1m',
    });
  });

  test('the kitchen finds the order system through its Service', () => {
    const kitchen = find(example(CloudProvider.GENERIC), 'Pod', 'kitchen');
    const chef = kitchen.spec.containers.find((c: any) => c.name === 'chef');
    expect(chef.env).toEqual([{ name: 'ORDERS_URL', value: 'http://api.restaurant.svc.cluster.local:80' }]);
  });
});
