/**
 * The example app (main.ts): two environments from one typed config, on every cloud profile of the
 * CLOUD_PROVIDER switch. Every object must pass the validator, and dev and prod may differ only where
 * the config says so.
 */
import { App, Testing } from 'cdk8s';
import { CloudProvider } from '../lib/cloud-provider';
import { formatFindings, validateManifests } from '../lib/validation';
import { ENVIRONMENTS, MENU, RestaurantChart, restaurantCharts } from '../main';
import { byKind, container, find } from './util';

/** `CLOUD_PROVIDER=<name> npx cdk8s synth`, in memory: the manifests of each chart, by chart id. */
function example(provider: CloudProvider = CloudProvider.GENERIC): Record<string, any[]> {
  const charts = restaurantCharts(Testing.app(), provider);
  return Object.fromEntries(charts.map((c) => [c.node.id, Testing.synth(c)]));
}

const key = (m: any) => `${m.kind}/${m.metadata.name}`;
const generic = example();
const dev = generic['restaurant-dev'];
const prod = generic['restaurant-prod'];

describe('the example app', () => {
  test('one chart per environment, each in its own namespace (and dist/ file)', () => {
    const charts = restaurantCharts(Testing.app());
    expect(charts.map((c) => [c.node.id, c.namespace, c.environment])).toEqual([
      ['restaurant-dev', 'restaurant-dev', ENVIRONMENTS.dev],
      ['restaurant-prod', 'restaurant-prod', ENVIRONMENTS.prod],
    ]);
  });

  test.each(CloudProvider.ALL.map((p) => [p.name, p] as const))('%s: every object of every environment passes validation', (_, provider) => {
    const charts = example(provider);
    for (const [id, manifests] of Object.entries(charts)) {
      expect([id, formatFindings(validateManifests(manifests))]).toEqual([id, '']);
    }
    // Together too: the environments can share a cluster (no clashing node ports, hosts or names).
    expect(formatFindings(validateManifests(Object.values(charts).flat()))).toBe('');
  });

  test('every namespaced object is in its environment\'s namespace, which enforces restricted Pod Security', () => {
    for (const [manifests, ns] of [[dev, 'restaurant-dev'], [prod, 'restaurant-prod']] as const) {
      const namespace = find(manifests, 'Namespace', ns);
      expect(namespace.metadata.namespace).toBeUndefined();
      expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
      const others = manifests.filter((m) => m.kind !== 'Namespace');
      expect(others.filter((m) => m.metadata.namespace !== ns).map(key)).toEqual([]);
    }
  });

  test('dev and prod have the same objects, except that only prod autoscales and so has budgets', () => {
    const scaling = ['HorizontalPodAutoscaler/frontend', 'PodDisruptionBudget/frontend', 'HorizontalPodAutoscaler/api', 'PodDisruptionBudget/api'];
    const named = (manifests: any[]) => manifests.map(key).filter((k) => !k.startsWith('Namespace/'));
    expect(named(prod).filter((k) => !scaling.includes(k))).toEqual(named(dev));
    expect(named(prod).filter((k) => scaling.includes(k)).sort()).toEqual([...scaling].sort());
    expect(dev.map(key).filter((k) => k.startsWith('HorizontalPodAutoscaler/') || k.startsWith('PodDisruptionBudget/'))).toEqual([]);
  });

  test('dev runs one small pod per service; prod autoscales standard ones, with budgets and spread', () => {
    for (const name of ['frontend', 'api']) {
      const devDeployment = find(dev, 'Deployment', name);
      expect(devDeployment.spec.replicas).toBe(1);
      expect(devDeployment.spec.template.spec.topologySpreadConstraints).toBeUndefined();
      expect(container(devDeployment.spec.template.spec, name).resources).toEqual({
        requests: { cpu: '50m', memory: '32Mi' }, limits: { cpu: '250m', memory: '64Mi' },
      });

      const prodDeployment = find(prod, 'Deployment', name);
      // The autoscaler owns the replica count.
      expect(prodDeployment.spec.replicas).toBeUndefined();
      expect(prodDeployment.spec.template.spec.topologySpreadConstraints.map((c: any) => c.topologyKey))
        .toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
      expect(container(prodDeployment.spec.template.spec, name).resources).toEqual({
        requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' },
      });
      expect(find(prod, 'PodDisruptionBudget', name).spec).toMatchObject({ maxUnavailable: 1, selector: { matchLabels: prodDeployment.spec.selector.matchLabels } });
    }
    expect(find(prod, 'HorizontalPodAutoscaler', 'frontend').spec).toMatchObject({ minReplicas: 2, maxReplicas: 10 });
    const api = find(prod, 'HorizontalPodAutoscaler', 'api').spec;
    expect(api).toMatchObject({ minReplicas: 2, maxReplicas: 20 });
    expect(api.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization])).toEqual([['cpu', 70], ['memory', 80]]);
  });

  test('each environment serves its own hosts, through the Ingress and the Gateway', () => {
    for (const [manifests, app, api] of [[dev, 'app.dev.example.com', 'api.dev.example.com'], [prod, 'app.example.com', 'api.example.com']] as const) {
      const ingress = find(manifests, 'Ingress', 'reception');
      expect(ingress.spec.tls).toEqual([{ secretName: 'restaurant-tls', hosts: [app, api] }]);
      expect(ingress.spec.rules.map((r: any) => [r.host, r.http.paths.map((p: any) => `${p.path} -> ${p.backend.service.name}`)])).toEqual([
        [app, ['/ -> frontend', '/api -> api']],
        [api, ['/ -> api']],
      ]);
      const listeners = find(manifests, 'Gateway', 'gateway').spec.listeners;
      expect(listeners.map((l: any) => l.hostname)).toEqual([undefined, app, api]);
      expect(find(manifests, 'HTTPRoute', 'app-route').spec.hostnames).toEqual([app]);
      expect(find(manifests, 'HTTPRoute', 'app-route').spec.rules.map((r: any) => `${r.matches[0].path.value} -> ${r.backendRefs[0].name}`))
        .toEqual(['/ -> frontend', '/api -> api']);
      expect(find(manifests, 'HTTPRoute', 'api-route').spec.hostnames).toEqual([api]);
    }
  });

  test('each environment has its own node port, and the kitchen finds its own environment\'s api', () => {
    expect(find(prod, 'Service', 'frontend-nodeport').spec.ports[0].nodePort).toBe(30007);
    expect(find(dev, 'Service', 'frontend-nodeport').spec.ports[0].nodePort).toBe(30008);
    for (const [manifests, ns] of [[dev, 'restaurant-dev'], [prod, 'restaurant-prod']] as const) {
      const chef = container(find(manifests, 'Pod', 'kitchen').spec, 'chef');
      expect(chef.env).toEqual([{ name: 'ORDERS_URL', value: `http://api.${ns}.svc.cluster.local:80` }]);
    }
  });

  test('the kitchen\'s logger is a native sidecar: an init container with restartPolicy Always, next to the chef', () => {
    for (const manifests of [dev, prod]) {
      const spec = find(manifests, 'Pod', 'kitchen').spec;
      expect(spec.containers.map((c: any) => c.name)).toEqual(['chef']);
      expect(spec.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([['logger', 'Always']]);
      expect(spec.initContainers[0].volumeMounts).toEqual([{ name: 'orders', mountPath: '/var/log', readOnly: false }]);
    }
  });

  test('network policies: the routes\' controllers and the frontend reach the api; the frontend may only reach the api', () => {
    const peers = (manifests: any[], name: string) => find(manifests, 'NetworkPolicy', name).spec.ingress.map((r: any) => {
      const from = r.from[0];
      return from.ipBlock?.cidr ?? from.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] ?? from.podSelector.matchLabels['app.kubernetes.io/name'];
    });
    for (const manifests of [dev, prod]) {
      expect(peers(manifests, 'api')).toEqual(['nginx-ingress', 'envoy-gateway-system', 'frontend']);
      expect(peers(manifests, 'frontend')).toEqual(['nginx-ingress', 'envoy-gateway-system', '0.0.0.0/0']);
      const egress = find(manifests, 'NetworkPolicy', 'frontend').spec.egress;
      expect(egress[0]).toEqual({ to: [{ podSelector: { matchLabels: find(manifests, 'Deployment', 'api').spec.selector.matchLabels } }], ports: [{ port: 'http', protocol: 'TCP' }] });
      expect(find(manifests, 'NetworkPolicy', 'default-deny').spec.podSelector).toEqual({});
    }
    // On a cloud, the Ingress's requests come from its load balancer's addresses.
    const gke = example(CloudProvider.GKE)['restaurant-prod'];
    expect(peers(gke, 'api')).toEqual(['35.191.0.0/16', '130.211.0.0/22', 'envoy-gateway-system', 'frontend']);
    const eks = example(CloudProvider.EKS)['restaurant-dev'];
    expect(peers(eks, 'api')).toEqual(['192.168.0.0/16', 'envoy-gateway-system', 'frontend']);
  });

  test('the cloud profile applies to both environments', () => {
    for (const manifests of Object.values(example(CloudProvider.EKS))) {
      expect(find(manifests, 'Ingress', 'reception').spec.ingressClassName).toBe('alb');
      expect(find(manifests, 'Service', 'frontend-public').metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internet-facing');
    }
    expect(byKind(dev, 'Ingress').map((i) => i.spec.ingressClassName)).toEqual(['nginx']);
  });

  test('RestaurantChart alone is prod, in the namespace it is given', () => {
    const chart = new RestaurantChart(Testing.app(), 'restaurant', { namespace: 'restaurant' });
    expect(chart.environment).toBe(ENVIRONMENTS.prod);
    expect(find(Testing.synth(chart), 'Namespace', 'restaurant').metadata.name).toBe('restaurant');
    expect(chart.api.service.dnsName).toBe('api.restaurant.svc.cluster.local');
  });

  test('the menu ConfigMap is mounted read-only into the frontend, whose template carries its content hash', () => {
    for (const manifests of [dev, prod]) {
      expect(JSON.parse(find(manifests, 'ConfigMap', 'menu').data['menu.json'])).toEqual(MENU);
      const template = find(manifests, 'Deployment', 'frontend').spec.template;
      expect(template.spec.volumes).toContainEqual({ name: 'menu', configMap: { name: 'menu', items: [{ key: 'menu.json', path: 'menu.json', mode: 0o444 }] } });
      expect(container(template.spec, 'frontend').volumeMounts).toContainEqual({ name: 'menu', mountPath: '/usr/share/nginx/html/menu', readOnly: true });
      expect(template.metadata.annotations['cdk8s-patterns/config-hash']).toMatch(/^[0-9a-f]{64}$/);
    }
    // The same menu, the same hash, in both environments.
    const hash = (m: any[]) => find(m, 'Deployment', 'frontend').spec.template.metadata.annotations['cdk8s-patterns/config-hash'];
    expect(hash(dev)).toBe(hash(prod));
  });

  test('only the host reads the API: its own ServiceAccount, a Role for the menu alone, and the only API token', () => {
    expect(find(dev, 'Role', 'menu-reader').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'], resourceNames: ['menu'] },
    ]);
    const binding = find(dev, 'RoleBinding', 'host-account-menu-reader-binding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'menu-reader' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'host', namespace: 'restaurant-dev' }]);
    const tokens = [...byKind(dev, 'Deployment'), ...byKind(dev, 'Pod')]
      .map((w) => [w.metadata.name, (w.spec.template ?? w).spec.automountServiceAccountToken]);
    expect(tokens.filter(([, mounted]) => mounted !== false)).toEqual([['host', true]]);
    expect(find(dev, 'Deployment', 'host').spec.template.spec.serviceAccountName).toBe('host');
  });

  test('the pantry credentials are an external Secret: declared keys, no object in the manifests', () => {
    const chart = new RestaurantChart(Testing.app(), 'restaurant', { namespace: 'restaurant' });
    expect(chart.config.pantryCredentials).toMatchObject({ kind: 'Secret', name: 'pantry-credentials', external: true, keys: ['username', 'password'] });
    expect(byKind(Testing.synth(chart), 'Secret')).toEqual([]);
  });

  test('importing main.ts synthesizes nothing: the charts are importable without side effects', () => {
    const synth = jest.spyOn(App.prototype, 'synth');
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- isolateModules needs a synchronous load in its callback
      jest.isolateModules(() => require('../main'));
      expect(synth).not.toHaveBeenCalled();
    } finally {
      synth.mockRestore();
    }
  });
});

describe('the pantry: a database, its migration Job and its nightly report', () => {
  test('postgres runs as its image\'s uid 999 under restricted, with PGDATA on its claim and its socket directory writable', () => {
    for (const manifests of [dev, prod]) {
      const sts = find(manifests, 'StatefulSet', 'pantry');
      const pod = sts.spec.template.spec;
      const postgres = container(pod, 'pantry');
      expect(postgres.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999, runAsNonRoot: true, readOnlyRootFilesystem: true });
      expect(pod.securityContext).toEqual({ fsGroup: 999 });
      expect(postgres.env).toContainEqual({ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' });
      expect(postgres.env).toContainEqual({ name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'pantry-credentials', key: 'password' } } });
      expect(postgres.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/var/run/postgresql', '/tmp', '/var/lib/postgresql/data']);
      expect(sts.spec.volumeClaimTemplates.map((c: any) => c.metadata.name)).toEqual(['data']);
      expect(sts.spec.serviceName).toBe('pantry');
      expect(find(manifests, 'Service', 'pantry').spec.clusterIP).toBe('None');
    }
    expect(find(dev, 'StatefulSet', 'pantry').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('1Gi');
    expect(find(prod, 'StatefulSet', 'pantry').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('20Gi');
  });

  test.each([['eks', 'gp3'], ['gke', 'standard-rwo'], ['aks', 'managed-csi'], ['generic', undefined]] as const)(
    '%s: the claim uses the cloud\'s block storage class (%s)', (name, storageClassName) => {
      const manifests = example(CloudProvider.fromName(name))['restaurant-prod'];
      expect(find(manifests, 'StatefulSet', 'pantry').spec.volumeClaimTemplates[0].spec.storageClassName).toBe(storageClassName);
    });

  test('the migration Job and the nightly CronJob reach the pantry through its Service, and only they may', () => {
    for (const [manifests, ns] of [[dev, 'restaurant-dev'], [prod, 'restaurant-prod']] as const) {
      const job = find(manifests, 'Job', 'stock-pantry');
      expect(job.spec.template.spec.restartPolicy).toBe('Never');
      expect(container(job.spec.template.spec, 'stock-pantry').env).toContainEqual({ name: 'PGHOST', value: `pantry.${ns}.svc.cluster.local` });
      const cron = find(manifests, 'CronJob', 'nightly-report');
      expect(cron.spec).toMatchObject({ schedule: '30 2 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
      const from = find(manifests, 'NetworkPolicy', 'pantry-clients').spec.ingress.map((r: any) => r.from[0].podSelector.matchLabels['app.kubernetes.io/name']);
      expect(from).toEqual(['stock-pantry', 'nightly-report']);
      for (const client of ['stock-pantry', 'nightly-report']) {
        expect(find(manifests, 'NetworkPolicy', `${client}-egress`).spec.egress[0].ports).toEqual([{ port: 'postgres', protocol: 'TCP' }]);
      }
    }
  });
});
