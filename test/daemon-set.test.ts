import { DaemonSet } from '../lib';
import { formatFindings, validateManifests } from '../lib/validation';
import { find, newChart, synth } from './util';

const AGENT = { containers: [{ image: 'busybox:1.36', command: ['sh', '-c', 'sleep 86400'] }] };

describe('DaemonSet', () => {
  test('minimal: maxUnavailable 1, no tolerations', () => {
    const chart = newChart({ namespace: 'ops' });
    new DaemonSet(chart, 'agent', AGENT);
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    const spec = find(manifests, 'DaemonSet', 'agent').spec;
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
    expect(spec.template.spec.tolerations).toBeUndefined();
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('all props: surge instead of unavailability, every node tolerated, plus own tolerations', () => {
    const chart = newChart({ namespace: 'ops' });
    new DaemonSet(chart, 'agent', {
      ...AGENT, maxSurge: '10%', tolerateAllTaints: true, revisionHistoryLimit: 3, nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ key: 'dedicated', value: 'logging', effect: 'NoSchedule' }], priorityClassName: 'system-node-critical',
    });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    const spec = find(manifests, 'DaemonSet', 'agent').spec;
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '10%', maxUnavailable: 0 } });
    expect(spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }, { key: 'dedicated', operator: 'Equal', value: 'logging', effect: 'NoSchedule' }]);
    expect(spec.revisionHistoryLimit).toBe(3);
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('OnDelete', () => {
    const chart = newChart();
    new DaemonSet(chart, 'agent', { ...AGENT, updateStrategy: 'OnDelete' });
    expect(find(synth(chart), 'DaemonSet', 'agent').spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });
});
