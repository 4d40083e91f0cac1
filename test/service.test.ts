import { Chart, Testing } from 'cdk8s';
import { ContainerPort } from '../lib/container';
import { RollingDeployment } from '../lib/deployment';
import { Problems } from '../lib/private/errors';
import {
  ClusterIpService, ExternalServicePortProps, LoadBalancerService, LoadBalancerServiceProps, NodePortService,
  ServiceBase, ServiceTypeSpec,
} from '../lib/service';
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
      .toThrow('[test/upper] ports[0].name ("Web") is not a DNS-1123 label; use at most 63 lower-case letters, digits and \'-\'');
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
        .toThrow(`[test/lb${i}] loadBalancerSourceRanges[0] ("${bad}") is not a CIDR; write an address and a prefix length, like "203.0.113.0/24" or "2001:db8::/32"`);
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
    expect(error.problems).toEqual([
      '[test/web] ports[0].port (0) is not a port number; use an integer from 1 to 65535',
      '[test/web] ports[0].targetPort ("nope") is not a named TCP port of target "test/api" (it has "http"); use one of its port names, or a port number',
      '[test/web] ports[0].nodePort (1) must be within 30000-32767, the default node port range; use a port in that range, or omit nodePort to let Kubernetes pick one',
    ]);
    expect(chart.node.tryFindChild('web')?.node.tryFindChild('Resource')).toBeUndefined();
  });
});
