import { Duration } from 'cdk8s';
import { Job, LifecycleHandler, MultiContainerPod, RollingDeployment } from '../lib';
import { formatFindings, validateManifests } from '../lib/validation';
import { container, find, newChart, synth } from './util';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27';

describe('scheduling props, on every pod-based construct', () => {
  test('nodeSelector, tolerations, affinity, priorityClassName and imagePullSecrets render as the API fields', () => {
    const chart = newChart();
    const web = new RollingDeployment(chart, 'web', {
      replicas: 2,
      containers: [{ image: IMAGE, ports: [{ number: 8080 }] }],
      nodeSelector: { 'kubernetes.io/arch': 'arm64' },
      tolerations: [
        { key: 'spot', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationPeriod: Duration.seconds(30) },
      ],
      affinity: {
        node: { required: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a', 'eu-west-1b'] }], preferred: [{ weight: 50, match: [{ key: 'cpu-gen', operator: 'Gt', values: ['3'] }] }] },
        podAnti: [{ selector: { 'app.kubernetes.io/name': 'web' }, weight: 100 }],
      },
      priorityClassName: 'high-priority',
      imagePullSecrets: ['registry-credentials'],
    });
    new Job(chart, 'warmup', { containers: [{ image: IMAGE }], affinity: { pod: [{ selector: web.selectorLabels, topologyKey: 'topology.kubernetes.io/zone' }] } });
    const manifests = synth(chart);
    const pod = find(manifests, 'Deployment', 'web').spec.template.spec;
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64' });
    expect(pod.tolerations).toEqual([
      { key: 'spot', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
    ]);
    expect(pod.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a', 'eu-west-1b'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'cpu-gen', operator: 'Gt', values: ['3'] }] } }],
      },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } }, topologyKey: 'kubernetes.io/hostname' } }],
      },
    });
    expect(pod.priorityClassName).toBe('high-priority');
    expect(pod.imagePullSecrets).toEqual([{ name: 'registry-credentials' }]);
    expect(find(manifests, 'Job', 'warmup').spec.template.spec.affinity).toEqual({
      podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: web.selectorLabels }, topologyKey: 'topology.kubernetes.io/zone' }] },
    });
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('none of them is emitted unless set', () => {
    const chart = newChart();
    new MultiContainerPod(chart, 'pod', { containers: [{ image: IMAGE }] });
    const spec = find(synth(chart), 'Pod', 'pod').spec;
    for (const key of ['nodeSelector', 'tolerations', 'affinity', 'priorityClassName', 'imagePullSecrets', 'securityContext']) expect(spec[key]).toBeUndefined();
  });
});

describe('lifecycle hooks', () => {
  test('a preStop sleep, exec and httpGet hooks', () => {
    const chart = newChart();
    new MultiContainerPod(chart, 'pod', {
      terminationGracePeriod: Duration.seconds(60),
      containers: [
        { name: 'web', image: IMAGE, ports: [{ number: 8080, name: 'http' }], lifecycle: { preStop: LifecycleHandler.sleep(Duration.seconds(10)), postStart: LifecycleHandler.httpGet('/warm', 'http') } },
        { name: 'worker', image: IMAGE, lifecycle: { preStop: LifecycleHandler.exec(['/bin/drain', '--wait']) } },
      ],
    });
    const manifests = synth(chart);
    const spec = find(manifests, 'Pod', 'pod').spec;
    expect(container(spec, 'web').lifecycle).toEqual({ preStop: { sleep: { seconds: 10 } }, postStart: { httpGet: { path: '/warm', port: 'http' } } });
    expect(container(spec, 'worker').lifecycle).toEqual({ preStop: { exec: { command: ['/bin/drain', '--wait'] } } });
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });
});

describe('RollingDeployment strategy Recreate', () => {
  test('stops old pods before starting new ones: no rollingUpdate, and not both zero', () => {
    const chart = newChart();
    new RollingDeployment(chart, 'redis', { strategy: 'Recreate', containers: [{ image: 'redis:7.4', ports: [{ number: 6379 }] }] });
    const manifests = synth(chart);
    expect(find(manifests, 'Deployment', 'redis').spec.strategy).toEqual({ type: 'Recreate' });
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });
});
