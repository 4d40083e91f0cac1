import { Size } from 'cdk8s';
import { CloudProvider, PersistentVolumeClaim, StorageClass } from '../lib';
import { formatFindings, validateManifests } from '../lib/validation';
import { find, newChart, synth } from './util';

describe('PersistentVolumeClaim', () => {
  test('minimal: ReadWriteOnce on the cluster\'s default class', () => {
    const chart = newChart({ namespace: 'shop' });
    new PersistentVolumeClaim(chart, 'uploads', { size: Size.gibibytes(5) });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(find(manifests, 'PersistentVolumeClaim', 'uploads').spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } });
  });

  test('all props: a cloud class and ReadOnlyMany, which Persistent Disks allow', () => {
    const chart = newChart({ namespace: 'shop' });
    const claim = new PersistentVolumeClaim(chart, 'assets', {
      name: 'static-assets', size: Size.mebibytes(512), accessModes: ['ReadOnlyMany'], storageClass: StorageClass.GKE_STANDARD_RWO,
      component: 'assets', labels: { tier: 'static' }, annotations: { note: 'seeded by a job' },
    });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(claim.accessModes).toEqual(['ReadOnlyMany']);
    const pvc = find(manifests, 'PersistentVolumeClaim', 'static-assets');
    expect(pvc.spec).toEqual({ accessModes: ['ReadOnlyMany'], storageClassName: 'standard-rwo', resources: { requests: { storage: '512Mi' } } });
    expect(pvc.metadata.labels).toMatchObject({ 'app.kubernetes.io/component': 'assets', 'tier': 'static' });
  });
});

describe('StorageClass', () => {
  test('each cloud profile names its general-purpose block class; a generic cluster uses its default', () => {
    expect(CloudProvider.ALL.map((p) => [p.name, StorageClass.forCloud(p)?.name])).toEqual([
      ['eks', 'gp3'], ['gke', 'standard-rwo'], ['aks', 'managed-csi'], ['generic', undefined],
    ]);
    expect([StorageClass.GKE_PREMIUM_RWO, StorageClass.AKS_MANAGED_CSI_PREMIUM].map((c) => [c.name, c.provisioner])).toEqual([
      ['premium-rwo', 'pd.csi.storage.gke.io'], ['managed-csi-premium', 'disk.csi.azure.com'],
    ]);
  });

  test('EKS has no gp3 class: fromCloud creates it, cluster-scoped, on the EBS CSI driver', () => {
    const chart = newChart({ namespace: 'shop' });
    const gp3 = StorageClass.fromCloud(chart, 'gp3', StorageClass.EKS_GP3);
    new PersistentVolumeClaim(chart, 'data', { size: Size.gibibytes(1), storageClass: gp3 });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    const cls = find(manifests, 'StorageClass', 'gp3');
    expect(cls.metadata.namespace).toBeUndefined();
    expect(cls).toMatchObject({
      provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3' }, volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true,
    });
    expect(find(manifests, 'PersistentVolumeClaim', 'data').spec.storageClassName).toBe('gp3');
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('a class of your own, marked default', () => {
    const chart = newChart();
    new StorageClass(chart, 'fast', { provisioner: 'example.com/csi', parameters: { tier: 'fast' }, reclaimPolicy: 'Retain', isDefault: true });
    expect(find(synth(chart), 'StorageClass', 'fast')).toMatchObject({
      metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, reclaimPolicy: 'Retain', provisioner: 'example.com/csi',
    });
  });
});

// PVC-5, PVC-6: the rules validateManifests applies to a claim (lib/rules/storage.ts), checked on the props.
describe('claim size and storage class name', () => {
  test('a class named by a literal must have a storage class name', () => {
    const chart = newChart();
    expect(() => new PersistentVolumeClaim(chart, 'data', { size: Size.gibibytes(1), storageClass: { name: 'Fast_SSD' } })).toThrow(
      '[test/data] storageClass ("Fast_SSD") is not a storage class name; use the name of a StorageClass: at most 253 lower-case letters, digits, '
      + '\'-\' and \'.\'');
  });

  test('a claim for zero bytes is refused', () => {
    expect(() => new PersistentVolumeClaim(newChart(), 'data', { size: Size.mebibytes(0) })).toThrow(
      '[test/data] size ("0Mi") must be above zero; use e.g. Size.gibibytes(10)');
  });
});
