/** validateManifests on the kinds of issue 10 part A: CronJob schedules, StatefulSet Services, claim access modes, DaemonSet updates. */
import { validateManifests } from '../lib/validation';

const meta = (name: string) => ({ name, namespace: 'shop' });
const labels = { app: 'db' };
const SECURE = {
  runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
};
const podSpec = (extra: object = {}) => ({ containers: [{ name: 'app', image: 'busybox:1.36', ports: [{ containerPort: 5432 }], securityContext: SECURE }], ...extra });

function cronJob(spec: object): any {
  return { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta('report'), spec: { jobTemplate: { spec: { template: { spec: podSpec({ restartPolicy: 'Never' }) } } }, ...spec } };
}

function statefulSet(spec: object = {}): any {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('db'),
    spec: { serviceName: 'db', selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec() }, ...spec },
  };
}

function service(spec: object): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: meta('db'), spec: { ports: [{ port: 5432 }], ...spec } };
}

function claim(storageClassName: string, accessModes: string[]): any {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('files'), spec: { storageClassName, accessModes, resources: { requests: { storage: '1Gi' } } } };
}

const lines = (manifests: any[]) => validateManifests(manifests).map((f) => `${f.rule} ${f.object} ${f.path}: ${f.message}`);

describe('CronJob', () => {
  test('a valid schedule and time zone pass', () => {
    expect(lines([cronJob({ schedule: '0 3 * * *', timeZone: 'Europe/Berlin' })])).toEqual([]);
  });

  test('a bad schedule and a bad time zone are errors, worded as the construct words them', () => {
    expect(lines([cronJob({ schedule: '0 3 * *', timeZone: 'Local' })])).toEqual([
      'cron-schedule CronJob/shop/report spec.schedule: schedule "0 3 * *" has 4 fields, not 5; write five fields "minute hour day-of-month month day-of-week", e.g. "30 2 * * *" (02:30 every day), or a macro such as "@daily"',
      'time-zone CronJob/shop/report spec.timeZone: timeZone "Local" is not an IANA time zone name; use an IANA time zone name such as "Etc/UTC" or "Europe/Berlin" (https://www.iana.org/time-zones)',
    ]);
  });

  test('a Job\'s pods must not restart Always (already a rule)', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: meta('migrate'), spec: { template: { spec: podSpec() } } };
    expect(lines([job]).filter((l) => l.startsWith('restart-policy'))).toEqual([
      'restart-policy Job/shop/migrate spec.template.spec.restartPolicy: a Job\'s pods must set restartPolicy "OnFailure" or "Never", got nothing (unset means "Always", which the API server rejects for Jobs)',
    ]);
  });
});

describe('StatefulSet serviceName', () => {
  test('a headless Service that selects the pods passes', () => {
    expect(lines([statefulSet(), service({ clusterIP: 'None', selector: labels })])).toEqual([]);
  });

  test('a missing Service is a warning: it may exist in the cluster', () => {
    expect(lines([statefulSet()])).toEqual([
      'statefulset-service StatefulSet/shop/db spec.serviceName: Service "db" is not in namespace "shop" of these manifests; without its governing headless Service the pods get no DNS names: create it, or fix serviceName',
    ]);
  });

  test('a Service with a cluster IP, or one selecting other pods, is an error', () => {
    expect(lines([statefulSet(), service({ selector: { app: 'web' } })]).filter((l) => l.startsWith('statefulset-service'))).toEqual([
      'statefulset-service StatefulSet/shop/db spec.serviceName: Service "db" is not headless (clusterIP nothing), so the pods get no DNS names of their own; set clusterIP: None on it, or name a headless Service',
      'statefulset-service StatefulSet/shop/db spec.serviceName: Service "db" selects app=web, which does not match this StatefulSet\'s pod labels (app=db), so the pods get no DNS names; make its selector match the pod labels',
    ]);
  });
});

describe('claim access modes against the storage class', () => {
  test('ReadWriteMany on a known cloud block class is an error; ReadWriteOnce passes', () => {
    expect(lines([claim('managed-csi', ['ReadWriteOnce'])])).toEqual([]);
    expect(lines([claim('managed-csi', ['ReadWriteMany'])])).toEqual([
      'storage-access-mode PersistentVolumeClaim/shop/files spec.accessModes[0]: access mode "ReadWriteMany" is not possible with storage class "managed-csi": Azure disks (disk.csi.azure.com) attach to one node at a time; use \'ReadWriteOnce\' or \'ReadWriteOncePod\', or a file storage class (NFS, EFS, Filestore, Azure Files) for shared access',
    ]);
  });

  test('a class in the manifests is known by its provisioner; claim templates of a StatefulSet are checked too', () => {
    const cls = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'ebs.csi.aws.com' };
    const sts = statefulSet({
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: 'fast', accessModes: ['ReadOnlyMany'], resources: { requests: { storage: '1Gi' } } } }],
    });
    expect(lines([cls, sts, service({ clusterIP: 'None', selector: labels })])).toEqual([
      'storage-access-mode StatefulSet/shop/db spec.volumeClaimTemplates[name=data].spec.accessModes[0]: access mode "ReadOnlyMany" is not possible with storage class "fast": EBS volumes (ebs.csi.aws.com) attach to one node at a time; use \'ReadWriteOnce\' or \'ReadWriteOncePod\', or a file storage class (NFS, EFS, Filestore, Azure Files) for shared access',
    ]);
  });

  test('an unknown class is not judged', () => {
    expect(lines([claim('nfs-client', ['ReadWriteMany'])])).toEqual([]);
  });
});

describe('DaemonSet rolling update', () => {
  const daemonSet = (rollingUpdate: object) => ({
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta('agent'),
    spec: { selector: { matchLabels: labels }, updateStrategy: { type: 'RollingUpdate', rollingUpdate }, template: { metadata: { labels }, spec: podSpec() } },
  });

  test('exactly one of maxSurge and maxUnavailable is non-zero', () => {
    expect(lines([daemonSet({ maxSurge: 1, maxUnavailable: 0 })])).toEqual([]);
    expect(lines([daemonSet({ maxSurge: 1 })])).toEqual([
      'rolling-update DaemonSet/shop/agent spec.updateStrategy.rollingUpdate.maxSurge: maxSurge (1) may not be set when maxUnavailable (1) is not zero: a DaemonSet either surges or takes pods down; set maxUnavailable: 0, or remove maxSurge',
    ]);
  });
});
