import { Chart, Testing } from 'cdk8s';
import { CloudProvider } from '../lib/cloud-provider';
import { ContainerPort } from '../lib/container';
import { RollingDeployment } from '../lib/deployment';
import { COLLECT_ERRORS_CONTEXT, Problems } from '../lib/private/errors';
import {
  ClusterIpService, ExternalNameService, ExternalServicePortProps, HeadlessService, LoadBalancerService, LoadBalancerServiceProps,
  NodePortService, ServiceBase, ServiceTypeSpec,
} from '../lib/service';
import { KubernetesWindow } from '../lib/kubernetes-version';
import { validateManifests } from '../lib/validation';
import { find, newChart, synth } from './util';

function deployment(chart: Chart, ports: ContainerPort[] = [{ number: 8080, name: 'http' }], id = 'api'): RollingDeployment {
  return new RollingDeployment(chart, id, { containers: [{ image: 'example/api:1.0', ports }] });
}

describe('ClusterIpService', () => {
  test('minimal props', () => {
    const chart = newChart();
    const api = deployment(chart);
    new ClusterIpService(chart, 'web', { target: api, ports: [{ port: 80 }] });
    const manifests = synth(chart);
    expect(find(manifests, 'Service', 'web')).toMatchSnapshot();

    const svc = find(manifests, 'Service', 'web');
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.selector).toEqual(api.selectorLabels);
    expect(svc.metadata.labels).toEqual(api.labels);
    expect(svc.metadata.annotations).toBeUndefined();
    // The target's only port is the default targetPort, and lends the Service port its name.
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080, protocol: ServiceBase.DEFAULTS.protocol }]);
  });

  test('all props', () => {
    const chart = newChart({ namespace: 'shop' });
    const api = deployment(chart, [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }, { number: 5353, protocol: 'UDP' }]);
    new ClusterIpService(chart, 'web', {
      target: api,
      name: 'api',
      component: 'backend',
      partOf: 'shop',
      version: '1.2.3',
      labels: { team: 'checkout' },
      annotations: { 'example.com/owner': 'checkout' },
      ports: [
        { port: 80, targetPort: 'http', name: 'web' },
        { port: 9090, targetPort: 'metrics' },
        { port: 53, targetPort: 5353, protocol: 'UDP', name: 'dns' },
      ],
    });
    const manifests = synth(chart);
    expect(find(manifests, 'Service', 'api')).toMatchSnapshot();

    const svc = find(manifests, 'Service', 'api');
    expect(svc.metadata.namespace).toBe('shop');
    expect(svc.metadata.annotations).toEqual({ 'example.com/owner': 'checkout' });
    expect(svc.metadata.labels).toEqual({
      ...api.labels,
      'app.kubernetes.io/component': 'backend',
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/version': '1.2.3',
      'team': 'checkout',
    });
    // `name` renames the object only: the Service still belongs to the target's app instance.
    expect(svc.metadata.labels['app.kubernetes.io/name']).toBe(api.labels['app.kubernetes.io/name']);
    expect(svc.spec.ports).toEqual([
      { name: 'web', port: 80, targetPort: 'http', protocol: 'TCP' },
      { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
      { name: 'dns', port: 53, targetPort: 5353, protocol: 'UDP' },
    ]);
  });

  test('defaults the name to the construct ids below the chart', () => {
    const chart = newChart();
    const api = deployment(chart);
    const svc = new ClusterIpService(api, 'internal', { target: api, ports: [{ port: 80 }] });
    expect(svc.name).toBe('api-internal');
    expect(find(synth(chart), 'Service', 'api-internal').spec.type).toBe('ClusterIP');
  });

  test('targetPort defaults to port when the target has several ports of that protocol', () => {
    const chart = newChart();
    const api = deployment(chart, [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }]);
    new ClusterIpService(chart, 'web', { target: api, ports: [{ port: 9090 }] });
    expect(find(synth(chart), 'Service', 'web').spec.ports).toEqual([{ name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' }]);
  });

  test('targetPort defaults to the only port of the same protocol', () => {
    const chart = newChart();
    const api = deployment(chart, [{ number: 8080, name: 'http' }, { number: 5353, name: 'dns', protocol: 'UDP' }]);
    new ClusterIpService(chart, 'web', { target: api, ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] });
    expect(find(synth(chart), 'Service', 'web').spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
      { name: 'dns', port: 53, targetPort: 5353, protocol: 'UDP' },
    ]);
  });

  test('a target that declares no ports accepts any targetPort; ports are named <protocol>-<port>', () => {
    const chart = newChart();
    const api = deployment(chart, []);
    new ClusterIpService(chart, 'web', { target: api, ports: [{ port: 80 }, { port: 443, targetPort: 8443 }] });
    expect(find(synth(chart), 'Service', 'web').spec.ports).toEqual([
      { name: 'tcp-80', port: 80, targetPort: 80, protocol: 'TCP' },
      { name: 'tcp-443', port: 443, targetPort: 8443, protocol: 'TCP' },
    ]);
  });

  test('a derived name that is taken falls back to <protocol>-<port>', () => {
    const chart = newChart();
    const api = deployment(chart);
    new ClusterIpService(chart, 'web', {
      target: api,
      ports: [{ port: 80, targetPort: 'http' }, { port: 8080, targetPort: 'http' }, { port: 81, targetPort: 'http', name: 'http' }],
    });
    expect(find(synth(chart), 'Service', 'web').spec.ports.map((p: any) => p.name)).toEqual(['tcp-80', 'tcp-8080', 'http']);
  });

  test('the same port number may serve two protocols', () => {
    const chart = newChart();
    const dns = deployment(chart, [{ number: 5353, name: 'dns-tcp' }, { number: 5353, name: 'dns-udp', protocol: 'UDP' }], 'dns');
    const svc = new ClusterIpService(chart, 'resolver', { target: dns, ports: [{ port: 53 }, { port: 53, protocol: 'UDP' }] });
    expect(svc.ports.map((p) => `${p.name}=${p.port}/${p.protocol}->${p.targetPort}`)).toEqual(['dns-tcp=53/TCP->5353', 'dns-udp=53/UDP->5353']);
  });

  test('dnsName uses the chart namespace', () => {
    const chart = newChart({ namespace: 'shop' });
    const svc = new ClusterIpService(chart, 'web', { target: deployment(chart), ports: [{ port: 80 }] });
    expect(svc.namespace).toBe('shop');
    expect(svc.dnsName).toBe('web.shop.svc.cluster.local');
  });

  test('dnsName assumes the default namespace when the chart has none', () => {
    const chart = newChart();
    const svc = new ClusterIpService(chart, 'web', { target: deployment(chart), ports: [{ port: 80 }] });
    expect(svc.namespace).toBeUndefined();
    expect(svc.dnsName).toBe(`web.${ServiceBase.DEFAULTS.namespace}.svc.cluster.local`);
  });

  test('findPort resolves by name, number, protocol, or the only port', () => {
    const chart = newChart();
    const dns = deployment(chart, [{ number: 53, name: 'dns-tcp' }, { number: 53, name: 'dns-udp', protocol: 'UDP' }, { number: 9153, name: 'metrics' }], 'dns');
    const svc = new ClusterIpService(chart, 'resolver', {
      target: dns, ports: [{ port: 53, targetPort: 'dns-tcp' }, { port: 53, targetPort: 'dns-udp', protocol: 'UDP' }, { port: 9153 }],
    });
    expect(svc.findPort('metrics')?.port).toBe(9153);
    expect(svc.findPort(9153)?.name).toBe('metrics');
    expect(svc.findPort(53, 'UDP')?.name).toBe('dns-udp');
    expect(svc.findPort(undefined, 'UDP')?.name).toBe('dns-udp');
    expect(svc.findPort(53)).toBeUndefined(); // two protocols: ambiguous
    expect(svc.findPort()).toBeUndefined(); // three ports: ambiguous
    expect(svc.findPort('nope')).toBeUndefined();
    const single = new ClusterIpService(chart, 'single', { target: dns, ports: [{ port: 9153 }] });
    expect(single.findPort()?.port).toBe(9153);
  });
});

describe('NodePortService', () => {
  test('minimal props', () => {
    const chart = newChart();
    new NodePortService(chart, 'web', { target: deployment(chart), ports: [{ port: 80 }] });
    const manifests = synth(chart);
    expect(find(manifests, 'Service', 'web')).toMatchSnapshot();
    const svc = find(manifests, 'Service', 'web');
    expect(svc.spec.type).toBe('NodePort');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
    expect(svc.spec.externalTrafficPolicy).toBeUndefined();
  });

  test('all props', () => {
    const chart = newChart({ namespace: 'shop' });
    new NodePortService(chart, 'web', {
      target: deployment(chart),
      name: 'web-nodeport',
      labels: { exposure: 'node' },
      annotations: { 'example.com/owner': 'edge' },
      externalTrafficPolicy: 'Local',
      ports: [{ port: 80, targetPort: 'http', name: 'web', protocol: 'TCP', nodePort: ServiceBase.DEFAULTS.nodePortRange.min }],
    });
    const manifests = synth(chart);
    expect(find(manifests, 'Service', 'web-nodeport')).toMatchSnapshot();
    const svc = find(manifests, 'Service', 'web-nodeport');
    expect(svc.spec.externalTrafficPolicy).toBe('Local');
    expect(svc.spec.ports).toEqual([{ name: 'web', port: 80, targetPort: 'http', protocol: 'TCP', nodePort: 30000 }]);
    expect(svc.metadata.labels.exposure).toBe('node');
  });
});

describe('LoadBalancerService', () => {
  test('minimal props', () => {
    const chart = newChart();
    new LoadBalancerService(chart, 'public', { target: deployment(chart), ports: [{ port: 443 }] });
    const manifests = synth(chart);
    expect(find(manifests, 'Service', 'public')).toMatchSnapshot();
    const svc = find(manifests, 'Service', 'public');
    expect(svc.spec.type).toBe('LoadBalancer');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 443, targetPort: 8080, protocol: 'TCP' }]);
    expect(svc.spec.loadBalancerSourceRanges).toBeUndefined();
  });

  test('all props', () => {
    const chart = newChart({ namespace: 'shop' });
    new LoadBalancerService(chart, 'public', {
      target: deployment(chart),
      name: 'shop-public',
      component: 'edge',
      annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' },
      externalTrafficPolicy: 'Local',
      loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
      ports: [{ port: 443, targetPort: 8080, name: 'https', nodePort: ServiceBase.DEFAULTS.nodePortRange.max }],
    });
    const manifests = synth(chart);
    expect(find(manifests, 'Service', 'shop-public')).toMatchSnapshot();
    const svc = find(manifests, 'Service', 'shop-public');
    expect(svc.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' });
    expect(svc.spec.externalTrafficPolicy).toBe('Local');
    expect(svc.spec.loadBalancerSourceRanges).toEqual(['203.0.113.0/24', '2001:db8::/32']);
    expect(svc.spec.ports).toEqual([{ name: 'https', port: 443, targetPort: 8080, protocol: 'TCP', nodePort: 32767 }]);
  });

  test('subclasses add annotations and spec through typeSpec; user annotations win', () => {
    class InternalLoadBalancer extends LoadBalancerService {
      protected typeSpec(props: LoadBalancerServiceProps, problems: Problems): ServiceTypeSpec {
        const base = super.typeSpec(props, problems);
        return {
          spec: { ...base.spec, loadBalancerClass: 'example.com/internal' },
          annotations: { 'example.com/internal': 'true', 'example.com/tier': 'profile' },
        };
      }
    }
    const chart = newChart();
    new InternalLoadBalancer(chart, 'internal', {
      target: deployment(chart),
      ports: [{ port: 80 }],
      externalTrafficPolicy: 'Local',
      annotations: { 'example.com/tier': 'user' },
    });
    const svc = find(synth(chart), 'Service', 'internal');
    expect(svc.spec.loadBalancerClass).toBe('example.com/internal');
    expect(svc.spec.externalTrafficPolicy).toBe('Local');
    expect(svc.metadata.annotations).toEqual({ 'example.com/internal': 'true', 'example.com/tier': 'user' });
  });
});

describe('LoadBalancerService and the cloud profile', () => {
  test('the chart\'s profile, and scheme internet-facing, by default', () => {
    const chart = newChart();
    CloudProvider.use(chart, CloudProvider.EKS);
    const lb = new LoadBalancerService(chart, 'public', { target: deployment(chart), ports: [{ port: 80 }] });
    expect(lb.scheme).toBe(ServiceBase.DEFAULTS.loadBalancerScheme);
    expect(lb.scheme).toBe('internet-facing');
    expect(lb.cloudProvider).toBe(CloudProvider.EKS);
    const manifests = synth(chart);
    expect(find(manifests, 'Service', 'public').metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internet-facing');
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('all props: cloudProvider overrides the chart\'s; the user\'s annotations override the profile\'s, scheme aside', () => {
    const chart = newChart({ namespace: 'shop' });
    CloudProvider.use(chart, CloudProvider.GKE);
    new LoadBalancerService(chart, 'private', {
      target: deployment(chart),
      cloudProvider: CloudProvider.EKS,
      scheme: 'internal',
      externalTrafficPolicy: 'Local',
      loadBalancerSourceRanges: ['10.0.0.0/8'],
      annotations: {
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'instance',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
      },
      ports: [{ port: 443, targetPort: 'http', name: 'https' }],
    });
    const manifests = synth(chart);
    const svc = find(manifests, 'Service', 'private');
    expect(svc).toMatchSnapshot();
    expect(svc.metadata.annotations).toEqual({
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'instance',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
    });
    expect(svc.spec.loadBalancerSourceRanges).toEqual(['10.0.0.0/8']);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('a generic cluster cannot be asked for an internal load balancer', () => {
    const chart = newChart();
    expect(() => new LoadBalancerService(chart, 'private', { target: deployment(chart), ports: [{ port: 80 }], scheme: 'internal' }))
      .toThrow('[test/private] scheme ("internal") cannot be requested on a generic cluster: only the cloud\'s own annotations make a load balancer internal; call CloudProvider.use(chart, CloudProvider.EKS | GKE | AKS) for your cloud, or leave scheme unset and pass your cloud\'s annotation in annotations');
  });

  test('an annotation that decides the scheme must agree with scheme', () => {
    const chart = newChart();
    const api = deployment(chart);
    expect(() => new LoadBalancerService(chart, 'eks', {
      target: api, ports: [{ port: 80 }], cloudProvider: CloudProvider.EKS,
      annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' },
    })).toThrow('[test/eks] annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"] ("internal") contradicts scheme ("internet-facing"), which sets it to "internet-facing"; remove the annotation, and set scheme instead');
    expect(() => new LoadBalancerService(chart, 'eks-legacy', {
      target: api, ports: [{ port: 80 }], cloudProvider: CloudProvider.EKS, scheme: 'internal',
      annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'false' },
    })).toThrow('[test/eks-legacy] annotations["service.beta.kubernetes.io/aws-load-balancer-internal"] ("false") contradicts scheme ("internal"), which EKS expresses without this annotation; remove the annotation, and set scheme instead');
    expect(() => new LoadBalancerService(chart, 'gke', {
      target: api, ports: [{ port: 80 }], cloudProvider: CloudProvider.GKE,
      annotations: { 'networking.gke.io/load-balancer-type': 'Internal' },
    })).toThrow('[test/gke] annotations["networking.gke.io/load-balancer-type"] ("Internal") contradicts scheme ("internet-facing"), which GKE expresses without this annotation; remove the annotation, and set scheme instead');
    expect(() => new LoadBalancerService(chart, 'aks', {
      target: api, ports: [{ port: 80 }], cloudProvider: CloudProvider.AKS,
      annotations: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' },
    })).toThrow('[test/aks] annotations["service.beta.kubernetes.io/azure-load-balancer-internal"] ("true") contradicts scheme ("internet-facing"), which sets it to "false"; remove the annotation, and set scheme instead');
  });

  test('an agreeing scheme annotation is accepted', () => {
    const chart = newChart();
    new LoadBalancerService(chart, 'aks', {
      target: deployment(chart), ports: [{ port: 80 }], cloudProvider: CloudProvider.AKS, scheme: 'internal',
      annotations: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' },
    });
    expect(find(synth(chart), 'Service', 'aks').metadata.annotations).toEqual({ 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' });
  });
});

describe('HeadlessService', () => {
  test('minimal props', () => {
    const chart = newChart();
    const api = deployment(chart);
    const svc = new HeadlessService(chart, 'peers', { target: api, ports: [{ port: 8080 }] });
    const manifests = synth(chart);
    expect(find(manifests, 'Service', 'peers')).toMatchSnapshot();
    const obj = find(manifests, 'Service', 'peers');
    expect(obj.spec.clusterIP).toBe('None');
    expect(obj.spec.type).toBe('ClusterIP');
    expect(obj.spec.selector).toEqual(api.selectorLabels);
    expect(obj.spec.publishNotReadyAddresses).toBeUndefined();
    expect(svc.dnsName).toBe('peers.default.svc.cluster.local');
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('all props', () => {
    const chart = newChart({ namespace: 'db' });
    new HeadlessService(chart, 'peers', {
      target: deployment(chart, [{ number: 5432, name: 'postgres' }], 'postgres'),
      name: 'postgres-peers',
      component: 'database',
      labels: { tier: 'data' },
      annotations: { 'example.com/owner': 'data' },
      publishNotReadyAddresses: true,
      ports: [{ port: 5432, targetPort: 'postgres' }],
    });
    const manifests = synth(chart);
    const obj = find(manifests, 'Service', 'postgres-peers');
    expect(obj).toMatchSnapshot();
    expect(obj.spec.publishNotReadyAddresses).toBe(true);
    expect(obj.spec.clusterIP).toBe('None');
    expect(obj.spec.ports).toEqual([{ name: 'postgres', port: 5432, targetPort: 'postgres', protocol: 'TCP' }]);
    expect(validateManifests(manifests)).toEqual([]);
  });
});

describe('trafficDistribution', () => {
  test('PreferClose is written to the spec of every proxied Service type, and passes the window\'s checks', () => {
    const chart = newChart();
    const api = deployment(chart);
    new ClusterIpService(chart, 'web', { target: api, ports: [{ port: 80 }], trafficDistribution: 'PreferClose' });
    new NodePortService(chart, 'node', { target: api, ports: [{ port: 80 }], trafficDistribution: 'PreferClose' });
    new LoadBalancerService(chart, 'public', { target: api, ports: [{ port: 80 }], trafficDistribution: 'PreferClose' });
    const manifests = synth(chart);
    for (const name of ['web', 'node', 'public']) expect(find(manifests, 'Service', name).spec.trafficDistribution).toBe('PreferClose');
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('unset by default', () => {
    const chart = newChart();
    new ClusterIpService(chart, 'web', { target: deployment(chart), ports: [{ port: 80 }] });
    expect(find(synth(chart), 'Service', 'web').spec.trafficDistribution).toBeUndefined();
  });

  test('PreferSameZone and PreferSameNode need Kubernetes 1.34 as the window\'s oldest release', () => {
    const chart = newChart();
    expect(() => new ClusterIpService(chart, 'web', { target: deployment(chart), ports: [{ port: 80 }], trafficDistribution: 'PreferSameNode' })).toThrow(
      '[test/web] trafficDistribution ("PreferSameNode") needs Kubernetes >= 1.34 for trafficDistribution PreferSameZone and PreferSameNode '
      + '(the window\'s oldest is 1.32); raise the window\'s oldest to 1.34 or later (cdk8s-patterns:kubernetesWindow), '
      + 'or use PreferClose (the older name of PreferSameZone)');

    const newer = newChart();
    KubernetesWindow.set(newer, { oldest: '1.35', newest: '1.36' });
    new ClusterIpService(newer, 'web', { target: deployment(newer), ports: [{ port: 80 }], trafficDistribution: 'PreferSameZone' });
    expect(find(synth(newer), 'Service', 'web').spec.trafficDistribution).toBe('PreferSameZone');
  });

  test('PreferClose needs Kubernetes 1.31: a window from 1.27 refuses it', () => {
    const chart = newChart();
    KubernetesWindow.set(chart, { oldest: '1.27', newest: '1.35' });
    expect(() => new ClusterIpService(chart, 'web', { target: deployment(chart), ports: [{ port: 80 }], trafficDistribution: 'PreferClose' })).toThrow(
      '[test/web] trafficDistribution ("PreferClose") needs Kubernetes >= 1.31 for Service trafficDistribution (the window\'s oldest is 1.27); '
      + 'raise the window\'s oldest to 1.31 or later (cdk8s-patterns:kubernetesWindow), or leave trafficDistribution unset');
  });

  test('a headless Service refuses it: nothing proxies its traffic', () => {
    const chart = newChart();
    expect(() => new HeadlessService(chart, 'peers', { target: deployment(chart), ports: [{ port: 80 }], trafficDistribution: 'PreferClose' })).toThrow(
      '[test/peers] trafficDistribution ("PreferClose") has no effect on a headless Service, whose clients connect to pod IPs without kube-proxy; '
      + 'remove trafficDistribution, or use a ClusterIpService');
  });
});

describe('ExternalNameService', () => {
  test('minimal props: an alias with no selector, no cluster IP and no ports', () => {
    const chart = newChart();
    const svc = new ExternalNameService(chart, 'payments', { externalName: 'api.payments.example.com' });
    const manifests = synth(chart);
    const obj = find(manifests, 'Service', 'payments');
    expect(obj).toMatchSnapshot();
    expect(obj.spec).toEqual({ type: 'ExternalName', externalName: 'api.payments.example.com' });
    expect(svc.dnsName).toBe('payments.default.svc.cluster.local');
    expect(svc.ports).toEqual([]);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('all props', () => {
    const chart = newChart({ namespace: 'shop' });
    const svc = new ExternalNameService(chart, 'db', {
      name: 'orders-db',
      externalName: 'orders.abc123.eu-west-1.rds.amazonaws.com',
      component: 'database',
      partOf: 'shop',
      version: '16',
      labels: { team: 'orders' },
      annotations: { 'example.com/owner': 'orders' },
      ports: [{ port: 5432, name: 'postgres' }, { port: 5353, protocol: 'UDP' }],
    });
    const manifests = synth(chart);
    const obj = find(manifests, 'Service', 'orders-db');
    expect(obj).toMatchSnapshot();
    expect(obj.spec.ports).toEqual([{ name: 'postgres', port: 5432, protocol: 'TCP' }, { name: 'udp-5353', port: 5353, protocol: 'UDP' }]);
    expect(obj.spec.selector).toBeUndefined();
    expect(obj.metadata.labels['app.kubernetes.io/name']).toBe('orders-db');
    expect(obj.metadata.labels.team).toBe('orders');
    expect(svc.dnsName).toBe('orders-db.shop.svc.cluster.local');
    expect(svc.externalName).toBe('orders.abc123.eu-west-1.rds.amazonaws.com');
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('externalName is a lower-case DNS name, not an IP', () => {
    const chart = newChart();
    expect(() => new ExternalNameService(chart, 'ip', { externalName: '10.0.0.7' }))
      .toThrow('[test/ip] externalName ("10.0.0.7") is an IP address, which cluster DNS would treat as a host name; use a DNS name, or for an IP a Service without selector plus an EndpointSlice');
    for (const [i, bad] of ['https://db.example.com', 'db.example.com:5432', 'DB.example.com', 'db.example.com..', '.', ''].entries()) {
      expect(() => new ExternalNameService(chart, `bad${i}`, { externalName: bad }))
        .toThrow(`[test/bad${i}] externalName (${JSON.stringify(bad)}) is not a lower-case DNS name; write the host name only, like "db.example.com" or "db.example.com." (no scheme, port or path)`);
    }
  });

  test('name and ports are checked like other Services\'', () => {
    const chart = newChart();
    let error: any;
    try {
      new ExternalNameService(chart, '9db', {
        externalName: 'db.example.com',
        ports: [{ port: 0 }, { port: 5432, name: 'Pg' }, { port: 5432 }, { port: 5433, name: 'tcp-5432' }],
      });
    } catch (e) {
      error = e;
    }
    expect(error.problems.map((p: { text: string }) => p.text)).toEqual([
      '[test/9db] name ("9db") is not a DNS-1035 label; use at most 63 lower-case letters, digits and \'-\', starting with a letter (pass name, or change the construct id)',
      '[test/9db] ports[0].port (0) is not a port number; use an integer from 1 to 65535',
      '[test/9db] ports[1].name ("Pg") is not a DNS-1123 label; use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit',
      '[test/9db] ports[2].port (5432) is also ports[1].port for TCP; give each port its own number, or another protocol',
      '[test/9db] ports[3].name ("tcp-5432") is also the name of ports[2]; give each port its own name',
    ]);
  });
});

describe('url()', () => {
  test('scheme, DNS name and port of the Service; scheme, port and path are options', () => {
    const chart = newChart({ namespace: 'shop' });
    const api = deployment(chart, [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }]);
    const svc = new ClusterIpService(chart, 'api-service', { name: 'api', target: api, ports: [{ port: 80, targetPort: 'http' }, { port: 9090, targetPort: 'metrics' }] });
    expect(svc.url({ port: 80 })).toBe('http://api.shop.svc.cluster.local:80');
    expect(svc.url({ port: 'metrics', path: '/metrics' })).toBe('http://api.shop.svc.cluster.local:9090/metrics');
    expect(svc.url({ scheme: 'grpc', port: 'http' })).toBe('grpc://api.shop.svc.cluster.local:80');
    expect(svc.pickPort('metrics')).toEqual({ name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' });
    const db = new ExternalNameService(chart, 'db', { externalName: 'db.example.com', ports: [{ port: 5432 }] });
    expect(db.url({ scheme: 'postgres', path: '/orders' })).toBe('postgres://db.shop.svc.cluster.local:5432/orders');
  });

  test('a port that matches none, or several, is an error naming the Service', () => {
    const chart = newChart();
    const api = deployment(chart, [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }]);
    const svc = new ClusterIpService(chart, 'api-service', { name: 'api', target: api, ports: [{ port: 80, targetPort: 'http' }, { port: 9090, targetPort: 'metrics' }] });
    expect(() => svc.url())
      .toThrow('[test/api-service] url.port (undefined) picks no port: service "api" has several (80 ("http"), 9090 ("metrics")); pass port: one of those numbers or names');
    expect(() => svc.url({ port: 8080 }))
      .toThrow('[test/api-service] url.port (8080) is not a port of service "api" (it has 80 ("http"), 9090 ("metrics")); pass one of its port numbers or names');
    expect(() => svc.pickPort('web'))
      .toThrow('[test/api-service] port ("web") is not a port of service "api" (it has 80 ("http"), 9090 ("metrics")); pass one of its port numbers or names');
    const db = new ExternalNameService(chart, 'db', { externalName: 'db.example.com' });
    expect(() => db.url())
      .toThrow('[test/db] url.port (undefined) picks no port: service "db" declares none; add the port to the Service\'s ports');
  });

  test('scheme and path are checked', () => {
    const chart = newChart();
    const svc = new ClusterIpService(chart, 'api-service', { name: 'api', target: deployment(chart), ports: [{ port: 80 }] });
    expect(() => svc.url({ scheme: 'HTTP://' }))
      .toThrow('[test/api-service] url.scheme ("HTTP://") is not a URL scheme; use lower-case letters, digits, \'+\', \'-\' and \'.\', starting with a letter, like "http"');
    expect(() => svc.url({ path: 'v1' }))
      .toThrow('[test/api-service] url.path ("v1") must start with \'/\'; write "/v1"');
  });

  test('in collect mode a bad port fails the synth instead', () => {
    const app = Testing.app();
    app.node.setContext(COLLECT_ERRORS_CONTEXT, true);
    const chart = new Chart(app, 'test');
    const svc = new ClusterIpService(chart, 'api-service', { name: 'api', target: deployment(chart), ports: [{ port: 80 }] });
    expect(svc.url({ port: 81 })).toBe('http://api.default.svc.cluster.local');
    expect(() => synth(chart)).toThrow('[test/api-service] url.port (81) is not a port of service "api" (it has 80 ("http")); pass one of its port numbers or names');
  });
});

describe('Service errors', () => {
  test('service name must be a DNS-1035 label', () => {
    const chart = newChart();
    const api = deployment(chart);
    expect(() => new ClusterIpService(chart, 'web', { target: api, name: '1web', ports: [{ port: 80 }] }))
      .toThrow('[test/web] name ("1web") is not a DNS-1035 label; use at most 63 lower-case letters, digits and \'-\', starting with a letter (pass name, or change the construct id)');
    expect(() => new ClusterIpService(chart, '9lives', { target: api, ports: [{ port: 80 }] }))
      .toThrow('[test/9lives] name ("9lives") is not a DNS-1035 label; use at most 63 lower-case letters, digits and \'-\', starting with a letter (pass name, or change the construct id)');
    const long = 'a'.repeat(64);
    expect(() => new ClusterIpService(chart, 'long', { target: api, name: long, ports: [{ port: 80 }] }))
      .toThrow(`[test/long] name ("${long}") is not a DNS-1035 label; use at most 63 lower-case letters, digits and '-', starting with a letter (pass name, or change the construct id)`);
  });

  test('at least one port', () => {
    const chart = newChart();
    expect(() => new ClusterIpService(chart, 'web', { target: deployment(chart), ports: [] }))
      .toThrow('[test/web] ports ([]) is empty; add at least one port');
  });

  test('port numbers are 1-65535', () => {
    const chart = newChart();
    const api = deployment(chart, []);
    expect(() => new ClusterIpService(chart, 'zero', { target: api, ports: [{ port: 0, targetPort: 8080 }] }))
      .toThrow('[test/zero] ports[0].port (0) is not a port number; use an integer from 1 to 65535');
    expect(() => new ClusterIpService(chart, 'big', { target: api, ports: [{ port: 65536, targetPort: 8080 }] }))
      .toThrow('[test/big] ports[0].port (65536) is not a port number; use an integer from 1 to 65535');
    expect(() => new ClusterIpService(chart, 'target', { target: api, ports: [{ port: 80, targetPort: 70000 }] }))
      .toThrow('[test/target] ports[0].targetPort (70000) is not a port number; use an integer from 1 to 65535');
  });

  test('port and protocol are unique', () => {
    const chart = newChart();
    expect(() => new ClusterIpService(chart, 'web', { target: deployment(chart, []), ports: [{ port: 80 }, { port: 80, targetPort: 8080 }] }))
      .toThrow('[test/web] ports[1].port (80) is also ports[0].port for TCP; give each port its own number, or another protocol');
  });

  test('port names are unique DNS-1123 labels', () => {
    const chart = newChart();
    const api = deployment(chart, []);
    expect(() => new ClusterIpService(chart, 'dup', { target: api, ports: [{ port: 80, name: 'web' }, { port: 81, name: 'web' }] }))
      .toThrow('[test/dup] ports[1].name ("web") is also the name of ports[0]; give each port its own name');
    // A derived name can clash with an explicit one that comes later.
    expect(() => new ClusterIpService(chart, 'derived', { target: api, ports: [{ port: 80 }, { port: 81, name: 'tcp-80' }] }))
      .toThrow('[test/derived] ports[1].name ("tcp-80") is also the name of ports[0]; give each port its own name');
    expect(() => new ClusterIpService(chart, 'upper', { target: api, ports: [{ port: 80, name: 'Web' }] }))
      .toThrow('[test/upper] ports[0].name ("Web") is not a DNS-1123 label; use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit');
  });

  test('a named targetPort must be a port name of the target, with the same protocol', () => {
    const chart = newChart();
    const api = deployment(chart, [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }, { number: 5353, name: 'dns', protocol: 'UDP' }]);
    expect(() => new ClusterIpService(chart, 'web', { target: api, ports: [{ port: 80, targetPort: 'htp' }] }))
      .toThrow('[test/web] ports[0].targetPort ("htp") is not a named TCP port of target "test/api" (it has "http", "metrics"); use one of its port names, or a port number');
    expect(() => new ClusterIpService(chart, 'dns', { target: api, ports: [{ port: 53, targetPort: 'dns' }] }))
      .toThrow('[test/dns] ports[0].targetPort ("dns") is not a named TCP port of target "test/api" (it has "http", "metrics"); use one of its port names, or a port number');
    const unnamed = deployment(chart, [{ number: 8080 }], 'unnamed');
    expect(() => new ClusterIpService(chart, 'none', { target: unnamed, ports: [{ port: 80, targetPort: 'http' }] }))
      .toThrow('[test/none] ports[0].targetPort ("http") is not a named TCP port of target "test/unnamed" (it names none); use one of its port names, or a port number');
  });

  test('a numeric targetPort must be declared by a target that declares ports', () => {
    const chart = newChart();
    const api = deployment(chart, [{ number: 8080, name: 'http' }, { number: 9090 }]);
    expect(() => new ClusterIpService(chart, 'web', { target: api, ports: [{ port: 80, targetPort: 8081 }] }))
      .toThrow('[test/web] ports[0].targetPort (8081) is not a TCP port declared by target "test/api" (it declares 8080/TCP, 9090/TCP); set targetPort to one of them, or add the port to its container');
    // With several target ports the default targetPort is `port`, which must be declared too.
    expect(() => new ClusterIpService(chart, 'default', { target: api, ports: [{ port: 80 }] }))
      .toThrow('[test/default] ports[0].targetPort (80) is not a TCP port declared by target "test/api" (it declares 8080/TCP, 9090/TCP); set targetPort to one of them, or add the port to its container');
    expect(() => new ClusterIpService(chart, 'udp', { target: api, ports: [{ port: 8080, protocol: 'UDP' }] }))
      .toThrow('[test/udp] ports[0].targetPort (8080) is not a UDP port declared by target "test/api" (it declares 8080/TCP, 9090/TCP); set targetPort to one of them, or add the port to its container');
  });

  test('nodePort must be in the node port range', () => {
    const chart = newChart();
    const api = deployment(chart);
    expect(() => new NodePortService(chart, 'web', { target: api, ports: [{ port: 80, nodePort: 80 }] }))
      .toThrow('[test/web] ports[0].nodePort (80) must be within 30000-32767, the default node port range; use a port in that range, or omit nodePort to let Kubernetes pick one');
    expect(() => new LoadBalancerService(chart, 'public', { target: api, ports: [{ port: 80, nodePort: 32768 }] }))
      .toThrow('[test/public] ports[0].nodePort (32768) must be within 30000-32767, the default node port range; use a port in that range, or omit nodePort to let Kubernetes pick one');
  });

  test('nodePort is unique per protocol', () => {
    const chart = newChart();
    const api = deployment(chart, []);
    expect(() => new NodePortService(chart, 'web', { target: api, ports: [{ port: 80, nodePort: 30080 }, { port: 81, nodePort: 30080 }] }))
      .toThrow('[test/web] ports[1].nodePort (30080) is also ports[0].nodePort for TCP; give each port its own nodePort');
  });

  test('nodePort is refused on a ClusterIP service', () => {
    const chart = newChart();
    // Typed as external ports, so the compiler lets them through: the check is for such reuse.
    const ports: ExternalServicePortProps[] = [{ port: 80, nodePort: 30080 }];
    expect(() => new ClusterIpService(chart, 'web', { target: deployment(chart), ports }))
      .toThrow('[test/web] ports[0].nodePort (30080) is only allowed on NodePort and LoadBalancer services; remove nodePort, or use a NodePortService');
  });

  test('loadBalancerSourceRanges are CIDRs', () => {
    const chart = newChart();
    const api = deployment(chart);
    for (const [i, bad] of ['10.0.0.1', '10.0.0.0/33', '2001:db8::/129', 'example.com/8', '10.0.0.0/8/8'].entries()) {
      expect(() => new LoadBalancerService(chart, `lb${i}`, { target: api, ports: [{ port: 80 }], loadBalancerSourceRanges: [bad] }))
        .toThrow(`[test/lb${i}] loadBalancerSourceRanges[0] ("${bad}") is not a CIDR; write an address and a prefix length, like "10.0.0.0/8" or "2001:db8::/32"`);
    }
  });

  test('the target must be in the Service\'s namespace', () => {
    const app = Testing.app();
    const other = new Chart(app, 'other', { namespace: 'other' });
    const api = deployment(other);
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    expect(() => new ClusterIpService(chart, 'web', { target: api, ports: [{ port: 80 }] }))
      .toThrow('[shop/web] target ("other/api") is in namespace "other" but this Service is in "shop", and a Service only selects pods of its own namespace; create the Service in a chart with the target\'s namespace');
  });

  test('reports every problem at once, before creating the Service object', () => {
    const chart = newChart();
    const api = deployment(chart);
    let error: any;
    try {
      new NodePortService(chart, 'web', { target: api, ports: [{ port: 0, targetPort: 'nope', nodePort: 1 }] });
    } catch (e) {
      error = e;
    }
    expect(error.problems.map((p: { text: string }) => p.text)).toEqual([
      '[test/web] ports[0].port (0) is not a port number; use an integer from 1 to 65535',
      '[test/web] ports[0].targetPort ("nope") is not a named TCP port of target "test/api" (it has "http"); use one of its port names, or a port number',
      '[test/web] ports[0].nodePort (1) must be within 30000-32767, the default node port range; use a port in that range, or omit nodePort to let Kubernetes pick one',
    ]);
    expect(chart.node.tryFindChild('web')?.node.tryFindChild('Resource')).toBeUndefined();
  });
});
