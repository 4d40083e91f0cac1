import { Chart, Duration, Size, Testing } from 'cdk8s';
import { HeadlessService, KUBERNETES_WINDOW_CONTEXT, MultiContainerPod, RollingDeployment, StatefulSet, StatefulSetProps, StorageClass } from '../lib';
import { formatFindings, validateManifests } from '../lib/validation';
import { container, find, newChart, synth } from './util';

const IMAGE = 'postgres:17';

/** A database pod: port 5432, data on the claim `data`. */
function db(chart: Chart, props: Partial<StatefulSetProps> = {}): StatefulSet {
  return new StatefulSet(chart, 'db', {
    containers: [{ image: IMAGE, ports: [{ number: 5432, name: 'postgres' }], mounts: [{ volume: 'data', path: '/var/lib/postgresql/data' }] }],
    volumeClaims: [{ name: 'data', size: Size.gibibytes(10) }],
    ...props,
  });
}

describe('StatefulSet', () => {
  test('minimal: one pod, its governing headless Service, one claim per pod, no budget', () => {
    const chart = newChart({ namespace: 'shop' });
    const sts = db(chart);
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(['Service/db', 'StatefulSet/db']);
    const spec = find(manifests, 'StatefulSet', 'db').spec;
    expect(spec.serviceName).toBe('db');
    expect(spec.replicas).toBe(1);
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
    expect(spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(spec.volumeClaimTemplates.map((c: any) => [c.metadata.name, c.spec])).toEqual([
      ['data', { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } }],
    ]);
    expect(container(spec.template.spec, 'db').volumeMounts).toEqual([{ name: 'data', mountPath: '/var/lib/postgresql/data' }]);
    const service = find(manifests, 'Service', 'db').spec;
    expect(service).toMatchObject({ clusterIP: 'None', selector: spec.selector.matchLabels, ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres' }] });
    expect(sts.podDnsName(0)).toBe('db-0.db.shop.svc.cluster.local');
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('all props', () => {
    const chart = newChart({ namespace: 'shop' });
    db(chart, {
      replicas: 3,
      service: { name: 'db-peers', publishNotReadyAddresses: true },
      volumeClaims: [{ name: 'data', size: Size.gibibytes(20), accessModes: ['ReadWriteOncePod'], storageClass: StorageClass.GKE_PREMIUM_RWO }],
      podManagementPolicy: 'Parallel',
      partition: 2,
      claimRetention: { whenDeleted: 'Delete', whenScaled: 'Retain' },
      startOrdinal: 1,
      minReady: Duration.seconds(10),
      revisionHistoryLimit: 5,
      disruptionBudget: { minAvailable: 2 },
      topologySpread: { zone: { whenUnsatisfiable: 'DoNotSchedule', minDomains: 3 }, node: false },
      fsGroup: 999,
    });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    const spec = find(manifests, 'StatefulSet', 'db').spec;
    expect(spec).toMatchObject({
      serviceName: 'db-peers',
      replicas: 3,
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
      ordinals: { start: 1 },
      minReadySeconds: 10,
      revisionHistoryLimit: 5,
    });
    expect(spec.volumeClaimTemplates[0].spec).toMatchObject({ accessModes: ['ReadWriteOncePod'], storageClassName: 'premium-rwo' });
    expect(spec.template.spec.securityContext).toEqual({ fsGroup: 999 });
    expect(spec.template.spec.topologySpreadConstraints).toEqual([{
      topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', minDomains: 3,
      matchLabelKeys: ['controller-revision-hash'], labelSelector: { matchLabels: spec.selector.matchLabels },
    }]);
    expect(find(manifests, 'Service', 'db-peers').spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(find(manifests, 'PodDisruptionBudget', 'db').spec).toMatchObject({ minAvailable: 2, selector: spec.selector });
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('two or more replicas get the default budget and spread, as a RollingDeployment does', () => {
    const chart = newChart();
    const sts = db(chart, { replicas: 2 });
    const manifests = synth(chart);
    expect(find(manifests, 'PodDisruptionBudget', 'db').spec.maxUnavailable).toBe(1);
    expect(sts.disruptionBudget?.node.path).toBe('test/db/DisruptionBudget');
    expect(find(manifests, 'StatefulSet', 'db').spec.template.spec.topologySpreadConstraints.map((c: any) => c.topologyKey))
      .toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
  });

  test('a headless Service passed in is used when it selects the pods, and no second one is created', () => {
    const chart = newChart();
    // A pod named like the StatefulSet carries the same selector labels, so a Service on it selects both.
    const seed = new MultiContainerPod(chart, 'seed', { name: 'db', containers: [{ image: IMAGE, ports: [{ number: 5432, name: 'postgres' }] }] });
    const service = new HeadlessService(chart, 'peers', { target: seed, ports: [{ port: 5432 }] });
    const sts = db(chart, { service });
    expect(sts.service).toBe(service);
    const manifests = synth(chart);
    expect(find(manifests, 'StatefulSet', 'db').spec.serviceName).toBe('peers');
    expect(manifests.filter((m) => m.kind === 'Service').map((m) => m.metadata.name)).toEqual(['peers']);
  });

  test('startOrdinal with a window whose oldest release lacks StatefulSet ordinals', () => {
    const app = Testing.app();
    app.node.setContext(KUBERNETES_WINDOW_CONTEXT, { oldest: '1.27', newest: '1.36' });
    const chart = new Chart(app, 'test');
    expect(() => db(chart, { startOrdinal: 1 })).not.toThrow();
    expect(find(synth(chart), 'StatefulSet', 'db').spec.ordinals).toEqual({ start: 1 });
  });

  test('a RollingDeployment is not a valid governing Service target of another workload\'s StatefulSet', () => {
    const chart = newChart();
    const web = new RollingDeployment(chart, 'web', { containers: [{ image: 'nginx', ports: [{ number: 8080 }] }] });
    const service = new HeadlessService(chart, 'web-peers', { target: web, ports: [{ port: 8080 }] });
    expect(() => db(chart, { service })).toThrow('[test/db] service ("test/web-peers") selects the pods of "test/web", not those of this StatefulSet, so its pods would get no DNS names; leave service unset to have the StatefulSet create its own, or pass its options');
  });
});
