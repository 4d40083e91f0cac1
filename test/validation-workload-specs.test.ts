import { Size } from 'cdk8s';
import { ConfigMap, CronJob, DaemonSet, Job, PersistentVolumeClaim, Secret, StatefulSet } from '../lib';
import { Finding, validateManifests } from '../lib/validation';
import { find, newChart, synth } from './util';

// Cases from apps validation_test.go TestValidateStatefulSet / TestValidateDaemonSet and batch TestValidateCronJob / TestValidateJob.
/** One of each kind the issue-10 constructs write, valid as they write them. */
function manifests(): any[] {
  const chart = newChart({ namespace: 'shop' });
  const image = { image: 'busybox:1.36', command: ['sleep', '3600'] };
  new StatefulSet(chart, 'db', {
    containers: [{ ...image, ports: [{ number: 5432 }], mounts: [{ volume: 'data', path: '/data' }] }],
    volumeClaims: [{ name: 'data', size: Size.gibibytes(1) }], partition: 0, claimRetention: { whenDeleted: 'Delete' }, startOrdinal: 0,
  });
  new DaemonSet(chart, 'agent', { containers: [image] });
  new PersistentVolumeClaim(chart, 'uploads', { size: Size.gibibytes(5) });
  new ConfigMap(chart, 'menu', { data: { 'menu.json': '{}' } });
  new Secret(chart, 'token', { stringData: { token: 'not-a-real-token' } });
  new Job(chart, 'migrate', { containers: [image] });
  new CronJob(chart, 'nightly', { containers: [image], schedule: '0 3 * * *', jobHistory: { successful: 1, failed: 1 } });
  return synth(chart);
}
const error = (rule: string, object: string, path: string, message: string): Finding => ({ rule, severity: 'error', object, path, message });

describe('enumerated and non-negative fields of the issue-10 kinds', () => {
  test('the constructs\' output passes', () => {
    expect(validateManifests(manifests())).toEqual([]);
  });

  test.each([
    ['StatefulSet name with a dot', (m: any[]) => { find(m, 'StatefulSet', 'db').metadata.name = 'db.v2'; },
      error('dns1123-name', 'StatefulSet/shop/db.v2', 'metadata.name', 'StatefulSet name "db.v2" is not a DNS-1123 label; use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit; e.g. "db-v2"')],
    ['podManagementPolicy', (m: any[]) => { find(m, 'StatefulSet', 'db').spec.podManagementPolicy = 'parallel'; },
      error('statefulset-spec', 'StatefulSet/shop/db', 'spec.podManagementPolicy', 'podManagementPolicy "parallel" is not a pod management policy; use \'OrderedReady\' or \'Parallel\'')],
    ['StatefulSet updateStrategy.type', (m: any[]) => { find(m, 'StatefulSet', 'db').spec.updateStrategy = { type: 'Recreate' }; },
      error('statefulset-spec', 'StatefulSet/shop/db', 'spec.updateStrategy.type', 'updateStrategy.type "Recreate" is not a StatefulSet update strategy; use \'RollingUpdate\' or \'OnDelete\'')],
    ['rollingUpdate with OnDelete', (m: any[]) => { find(m, 'StatefulSet', 'db').spec.updateStrategy = { type: 'OnDelete', rollingUpdate: { partition: 1 } }; },
      error('statefulset-spec', 'StatefulSet/shop/db', 'spec.updateStrategy.rollingUpdate', 'rollingUpdate may only be set when spec.updateStrategy.type is "RollingUpdate", got type "OnDelete"; remove rollingUpdate')],
    ['negative partition', (m: any[]) => { find(m, 'StatefulSet', 'db').spec.updateStrategy.rollingUpdate.partition = -1; },
      error('negative-value', 'StatefulSet/shop/db', 'spec.updateStrategy.rollingUpdate.partition', 'spec.updateStrategy.rollingUpdate.partition must be >= 0, got -1')],
    ['negative ordinals.start', (m: any[]) => { find(m, 'StatefulSet', 'db').spec.ordinals.start = -2; },
      error('negative-value', 'StatefulSet/shop/db', 'spec.ordinals.start', 'spec.ordinals.start must be >= 0, got -2')],
    ['claim retention', (m: any[]) => { find(m, 'StatefulSet', 'db').spec.persistentVolumeClaimRetentionPolicy.whenDeleted = 'Keep'; },
      error('statefulset-spec', 'StatefulSet/shop/db', 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted', 'whenDeleted "Keep" is not a retention policy; use \'Retain\' or \'Delete\'')],
    ['DaemonSet updateStrategy.type', (m: any[]) => { find(m, 'DaemonSet', 'agent').spec.updateStrategy = { type: 'Recreate' }; },
      error('rolling-update', 'DaemonSet/shop/agent', 'spec.updateStrategy.type', 'updateStrategy.type "Recreate" is not a DaemonSet update strategy; use \'RollingUpdate\' or \'OnDelete\'')],
    ['Job ttlSecondsAfterFinished', (m: any[]) => { find(m, 'Job', 'migrate').spec.ttlSecondsAfterFinished = -1; },
      error('negative-value', 'Job/shop/migrate', 'spec.ttlSecondsAfterFinished', 'spec.ttlSecondsAfterFinished must be >= 0, got -1')],
    ['CronJob concurrencyPolicy', (m: any[]) => { find(m, 'CronJob', 'nightly').spec.concurrencyPolicy = 'forbid'; },
      error('concurrency-policy', 'CronJob/shop/nightly', 'spec.concurrencyPolicy', 'concurrencyPolicy "forbid" is not a concurrency policy; use \'Forbid\', \'Replace\' or \'Allow\'')],
    ['CronJob history limit', (m: any[]) => { find(m, 'CronJob', 'nightly').spec.failedJobsHistoryLimit = -1; },
      error('negative-value', 'CronJob/shop/nightly', 'spec.failedJobsHistoryLimit', 'spec.failedJobsHistoryLimit must be >= 0, got -1')],
    ['CronJob Job backoffLimit', (m: any[]) => { find(m, 'CronJob', 'nightly').spec.jobTemplate.spec.backoffLimit = -3; },
      error('negative-value', 'CronJob/shop/nightly', 'spec.jobTemplate.spec.backoffLimit', 'spec.jobTemplate.spec.backoffLimit must be >= 0, got -3')],
    ['PVC without access modes', (m: any[]) => { find(m, 'PersistentVolumeClaim', 'uploads').spec.accessModes = []; },
      error('access-mode', 'PersistentVolumeClaim/shop/uploads', 'spec.accessModes', 'accessModes [] is empty; use [\'ReadWriteOnce\']')],
    ['PVC access mode spelled wrong', (m: any[]) => { find(m, 'PersistentVolumeClaim', 'uploads').spec.accessModes = ['ReadWriteonce']; },
      error('access-mode', 'PersistentVolumeClaim/shop/uploads', 'spec.accessModes[0]', 'access mode "ReadWriteonce" is not an access mode; use one of \'ReadWriteOnce\', \'ReadOnlyMany\', \'ReadWriteMany\', \'ReadWriteOncePod\'')],
    ['PVC ReadWriteOncePod with another mode', (m: any[]) => { find(m, 'PersistentVolumeClaim', 'uploads').spec.accessModes = ['ReadWriteOncePod', 'ReadOnlyMany']; },
      error('access-mode', 'PersistentVolumeClaim/shop/uploads', 'spec.accessModes', 'accessModes ["ReadWriteOncePod","ReadOnlyMany"] combine ReadWriteOncePod with other modes, which the API server refuses; use ReadWriteOncePod alone')],
    ['ConfigMap key in data and binaryData', (m: any[]) => { find(m, 'ConfigMap', 'menu').binaryData = { 'menu.json': 'e30=' }; },
      error('config-map-key', 'ConfigMap/shop/menu', 'binaryData["menu.json"]', 'key "menu.json" is in both data and binaryData; the API server refuses a key in both: keep it in one')],
    ['ConfigMap over 1 MiB', (m: any[]) => { find(m, 'ConfigMap', 'menu').data['menu.json'] = 'x'.repeat(1024 * 1024 + 1); },
      error('config-size', 'ConfigMap/shop/menu', 'data', 'data of 1048577 bytes is over the 1 MiB limit of a ConfigMap; move large files into the image or a volume')],
    ['Secret over 1 MiB, base64', (m: any[]) => {
      const secret = find(m, 'Secret', 'token');
      delete secret.stringData;
      secret.data = { token: Buffer.alloc(1024 * 1024 + 3).toString('base64') };
    },
      error('config-size', 'Secret/shop/token', 'data', 'data of 1048579 bytes is over the 1 MiB limit of a Secret; move large files into the image or a volume')],
  ])('%s', (_, mutate, expected) => {
    const m = manifests();
    mutate(m);
    expect(validateManifests(m).filter((f) => f.severity === 'error' && f.rule === expected.rule)).toEqual([expected]);
  });
});
