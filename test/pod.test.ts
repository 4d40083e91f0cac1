import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27/lib/container';
import { MANAGED_BY } from '../lib/labels';
import { MultiContainerPod, MultiContainerPodProps } from '../lib/pod';
import { Probe } from '../lib/probe';
import { KubernetesWindow } from '../lib/kubernetes-version';
import { PodSecurityLevel } from '../lib/security';
import { container, find, newChart, propsErrorOf, synth } from './util';

const APP = 'nginxinc/nginx-unprivileged:1.27';
const BUSYBOX = 'busybox:1.36';

/** Synthesizes `new MultiContainerPod(chart, 'kitchen', props)` and returns the Pod named `kitchen`. */
function pod(props: MultiContainerPodProps): any {
  const chart = newChart();
  new MultiContainerPod(chart, 'kitchen', props);
  return find(synth(chart), 'Pod', 'kitchen');
}

function podError(props: MultiContainerPodProps): string {
  return propsErrorOf(() => new MultiContainerPod(newChart(), 'kitchen', props));
}

/** The app-plus-logger pair: both mount the shared `logs` emptyDir at /var/log. */
const WITH_LOGGER: MultiContainerPodProps = {
  volumes: [{ name: 'logs' }],
  containers: [
    { name: 'app', image: APP, ports: [{ number: 8080, name: 'http' }], mounts: [{ volume: 'logs', path: '/var/log' }] },
    { name: 'logger', image: BUSYBOX, args: ['tail', '-F', '/var/log/app.log'], mounts: [{ volume: 'logs', path: '/var/log', readOnly: true }] },
  ],
};

describe('snapshots', () => {
  test('minimal props', () => {
    const chart = newChart();
    new MultiContainerPod(chart, 'kitchen', { containers: [{ image: APP }] });
    expect(synth(chart)).toMatchSnapshot();
  });

  test('all props', () => {
    const chart = newChart();
    new MultiContainerPod(chart, 'kitchen', {
      name: 'chef',
      component: 'worker',
      partOf: 'restaurant',
      version: '3.0.0',
      labels: { team: 'kitchen' },
      annotations: { owner: 'kitchen@example.com' },
      restartPolicy: 'OnFailure',
      serviceAccountName: 'chef',
      automountServiceAccountToken: true,
      podSecurity: PodSecurityLevel.BASELINE,
      terminationGracePeriod: Duration.seconds(60),
      podAnnotations: { 'prometheus.io/scrape': 'true' },
      volumes: [{ name: 'logs', sizeLimit: Size.mebibytes(100) }, { name: 'scratch', medium: 'Memory' }],
      initContainers: [{ name: 'prepare', image: BUSYBOX, command: ['sh', '-c', 'touch /var/log/app.log'], mounts: [{ volume: 'logs', path: '/var/log' }] }],
      containers: [
        {
          name: 'app',
          image: APP,
          ports: [{ number: 8080, name: 'http' }, { number: 8125, name: 'statsd', protocol: 'UDP' }],
          resources: { cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } },
          readiness: Probe.httpGet('/', { port: 'http' }),
          writablePaths: ['/tmp'],
          mounts: [{ volume: 'logs', path: '/var/log' }, { volume: 'scratch', path: '/scratch' }],
        },
        {
          name: 'logger',
          image: BUSYBOX,
          args: ['tail', '-F', '/var/log/app.log'],
          ports: [{ number: 8125, name: 'statsd-tcp', protocol: 'TCP' }],
          security: { runAsUser: 65534 },
          mounts: [{ volume: 'logs', path: '/var/log', readOnly: true }],
        },
      ],
    });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    const p = find(manifests, 'Pod', 'chef');
    expect(p.spec.restartPolicy).toBe('OnFailure');
    expect(p.spec.containers.map((c: any) => c.name)).toEqual(['app', 'logger']);
    expect(p.spec.initContainers.map((c: any) => c.name)).toEqual(['prepare']);
  });
});

describe('MultiContainerPod', () => {
  test('a v1 Pod named after the construct id, with the recommended labels', () => {
    const p = pod({ containers: [{ image: APP }] });
    expect(p.apiVersion).toBe('v1');
    expect(p.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'kitchen',
      'app.kubernetes.io/instance': 'test-kitchen',
      'app.kubernetes.io/component': 'kitchen',
      'app.kubernetes.io/part-of': 'test',
      'app.kubernetes.io/managed-by': MANAGED_BY,
    });
    expect(p.spec.containers.map((c: any) => c.name)).toEqual(['kitchen']);
  });

  test('minimal pod: no restartPolicy, volumes or init containers are invented', () => {
    const p = pod({ containers: [{ image: APP }] });
    expect(p.spec).not.toHaveProperty('restartPolicy');
    expect(p.spec).not.toHaveProperty('volumes');
    expect(p.spec).not.toHaveProperty('initContainers');
    expect(p.metadata).not.toHaveProperty('annotations');
    expect(p.spec.automountServiceAccountToken).toBe(false);
  });

  test('app and logger share the logs emptyDir, mounted at /var/log in both', () => {
    const p = pod(WITH_LOGGER);
    expect(p.spec.volumes).toEqual([{ name: 'logs', emptyDir: {} }]);
    expect(container(p.spec, 'app').volumeMounts).toEqual([{ name: 'logs', mountPath: '/var/log' }]);
    expect(container(p.spec, 'logger').volumeMounts).toEqual([{ name: 'logs', mountPath: '/var/log', readOnly: true }]);
    expect(container(p.spec, 'logger').args).toEqual(['tail', '-F', '/var/log/app.log']);
  });

  test('the shared volume sits next to each container\'s private writable volumes', () => {
    const p = pod({
      volumes: [{ name: 'logs' }],
      containers: [
        { name: 'app', image: APP, writablePaths: ['/tmp'], mounts: [{ volume: 'logs', path: '/var/log' }] },
        { name: 'logger', image: BUSYBOX, writablePaths: ['/tmp'], mounts: [{ volume: 'logs', path: '/var/log' }] },
      ],
    });
    expect(p.spec.volumes.map((v: any) => v.name)).toEqual(['logs', 'app-tmp', 'logger-tmp']);
    expect(container(p.spec, 'app').volumeMounts).toEqual([{ name: 'app-tmp', mountPath: '/tmp' }, { name: 'logs', mountPath: '/var/log' }]);
    expect(container(p.spec, 'logger').volumeMounts).toEqual([{ name: 'logger-tmp', mountPath: '/tmp' }, { name: 'logs', mountPath: '/var/log' }]);
  });

  test('init containers run first, in order, and may mount the shared volumes', () => {
    const p = pod({
      ...WITH_LOGGER,
      initContainers: [
        { name: 'prepare', image: BUSYBOX, mounts: [{ volume: 'logs', path: '/var/log' }] },
        { name: 'wait-db', image: BUSYBOX },
      ],
    });
    expect(p.spec.initContainers.map((c: any) => c.name)).toEqual(['prepare', 'wait-db']);
    expect(p.spec.initContainers[0].volumeMounts).toEqual([{ name: 'logs', mountPath: '/var/log' }]);
    expect(p.spec.containers.map((c: any) => c.name)).toEqual(['app', 'logger']);
  });

  test('init containers may reuse a port of an app container (they never run at the same time)', () => {
    const p = pod({
      initContainers: [{ name: 'probe-port', image: BUSYBOX, ports: [{ number: 8080 }] }],
      containers: [{ name: 'app', image: APP, ports: [{ number: 8080 }] }],
    });
    expect(p.spec.initContainers[0].ports).toEqual([{ containerPort: 8080 }]);
  });

  test.each(['Always', 'OnFailure', 'Never'] as const)('restartPolicy %s', (restartPolicy) => {
    expect(pod({ restartPolicy, containers: [{ image: APP }] }).spec.restartPolicy).toBe(restartPolicy);
  });

  test('podSecurity BASELINE and podAnnotations annotate the Pod itself, next to its annotations', () => {
    const p = pod({
      annotations: { owner: 'kitchen' },
      podAnnotations: { 'prometheus.io/scrape': 'true' },
      podSecurity: PodSecurityLevel.BASELINE,
      containers: [{ image: APP }],
    });
    expect(p.metadata.annotations).toEqual({
      'owner': 'kitchen',
      'prometheus.io/scrape': 'true',
      'cdk8s-patterns/pod-security': 'baseline',
    });
  });

  test('same port number with a different protocol is fine', () => {
    const chart = newChart();
    const kitchen = new MultiContainerPod(chart, 'kitchen', {
      containers: [
        { name: 'dns', image: 'coredns:1.11', ports: [{ number: 53, name: 'dns-udp', protocol: 'UDP' }] },
        { name: 'dns-tcp', image: 'coredns:1.11', ports: [{ number: 53, name: 'dns-tcp' }] },
      ],
    });
    const p = find(synth(chart), 'Pod', 'kitchen');
    expect(container(p.spec, 'dns').ports).toEqual([{ containerPort: 53, name: 'dns-udp', protocol: 'UDP' }]);
    expect(container(p.spec, 'dns-tcp').ports).toEqual([{ containerPort: 53, name: 'dns-tcp' }]);
    expect(kitchen.ports).toEqual([
      { container: 'dns', number: 53, name: 'dns-udp', protocol: 'UDP' },
      { container: 'dns-tcp', number: 53, name: 'dns-tcp', protocol: 'TCP' },
    ]);
  });

  test('exposes its name, labels, selector labels and resolved containers', () => {
    const chart = newChart();
    const kitchen = new MultiContainerPod(chart, 'kitchen', WITH_LOGGER);
    expect(kitchen.name).toBe('kitchen');
    expect(kitchen.selectorLabels).toEqual({ 'app.kubernetes.io/name': 'kitchen', 'app.kubernetes.io/instance': 'test-kitchen' });
    expect(kitchen.labels).toMatchObject(kitchen.selectorLabels);
    expect(kitchen.containers.map((c) => c.name)).toEqual(['app', 'logger']);
    expect(kitchen.ports).toEqual([{ container: 'app', number: 8080, name: 'http', protocol: 'TCP' }]);
  });
});

describe('errors', () => {
  test('two containers on the same port and protocol', () => {
    expect(podError({
      containers: [
        { name: 'app', image: APP, ports: [{ number: 8080 }] },
        { name: 'sidecar', image: BUSYBOX, ports: [{ number: 8080, protocol: 'TCP' }] },
      ],
    })).toBe(
      '[test/kitchen] containers[1].ports[0] ("8080/TCP") is also declared by container "app", and containers of a pod share one network namespace; give one of them another port',
    );
  });

  test('two containers on the same UDP port', () => {
    expect(podError({
      containers: [
        { name: 'app', image: APP, ports: [{ number: 8125, protocol: 'UDP' }] },
        { name: 'statsd', image: BUSYBOX, ports: [{ number: 9102 }, { number: 8125, protocol: 'UDP' }] },
      ],
    })).toBe(
      '[test/kitchen] containers[1].ports[1] ("8125/UDP") is also declared by container "app", and containers of a pod share one network namespace; give one of them another port',
    );
  });

  test('two containers with the same port name', () => {
    expect(podError({
      containers: [
        { name: 'app', image: APP, ports: [{ number: 8080, name: 'http' }] },
        { name: 'admin', image: APP, ports: [{ number: 8081, name: 'http' }] },
      ],
    })).toBe(
      '[test/kitchen] containers[1].ports[0].name ("http") is also the name of a port of container "app"; give every port of the pod a unique name',
    );
  });

  test('no containers', () => {
    expect(podError({ containers: [] })).toBe('[test/kitchen] containers ([]) is empty; add at least one container');
  });

  test('volume name that is not a DNS-1123 label', () => {
    expect(podError({ volumes: [{ name: 'Logs' }], containers: [{ image: APP }] })).toBe(
      '[test/kitchen] volumes[0].name ("Logs") is not a DNS-1123 label; use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit',
    );
  });

  test('volume declared twice', () => {
    expect(podError({ volumes: [{ name: 'logs' }, { name: 'logs' }], containers: [{ image: APP }] })).toBe(
      '[test/kitchen] volumes[1].name ("logs") is declared twice; give each volume its own name',
    );
  });

  test('unnamed container in a multi-container pod', () => {
    expect(podError({ containers: [{ name: 'app', image: APP }, { image: BUSYBOX }] })).toBe(
      '[test/kitchen] containers[1].name (undefined) is required when the pod has more than one container; give every container a unique name',
    );
  });

  test('unnamed app container next to an init container', () => {
    expect(podError({ initContainers: [{ name: 'prepare', image: BUSYBOX }], containers: [{ image: APP }] })).toBe(
      '[test/kitchen] containers[0].name (undefined) is required when the pod has more than one container; give every container a unique name',
    );
  });

  test('two containers with one name', () => {
    expect(podError({ containers: [{ name: 'app', image: APP }, { name: 'app', image: BUSYBOX }] })).toBe(
      '[test/kitchen] containers[1].name ("app") is used by another container of this pod; give every container a unique name',
    );
  });

  test('an init container and an app container with one name', () => {
    expect(podError({ initContainers: [{ name: 'app', image: BUSYBOX }], containers: [{ name: 'app', image: APP }] })).toBe(
      '[test/kitchen] containers[0].name ("app") is used by another container of this pod; give every container a unique name',
    );
  });

  test('a writable path whose volume name clashes with a shared volume', () => {
    expect(podError({ volumes: [{ name: 'app-tmp' }], containers: [{ name: 'app', image: APP, writablePaths: ['/tmp'] }] })).toBe(
      '[test/kitchen] containers[0].writablePaths ("app-tmp") clashes with a shared volume name; rename the shared volume',
    );
  });

  test('several pod-level problems are reported together, one per line', () => {
    expect(podError({
      volumes: [{ name: 'logs' }, { name: 'logs' }],
      containers: [
        { name: 'app', image: APP, ports: [{ number: 8080, name: 'http' }] },
        { image: BUSYBOX, ports: [{ number: 8080, name: 'http' }], mounts: [{ volume: 'cache', path: '/cache' }] },
      ],
    })).toBe([
      '[test/kitchen] volumes[1].name ("logs") is declared twice; give each volume its own name',
      '[test/kitchen] containers[1].name (undefined) is required when the pod has more than one container; give every container a unique name',
      '[test/kitchen] containers[1].mounts[0].volume ("cache") is not one of the pod\'s volumes; declare it in volumes, or use one of: logs',
      '[test/kitchen] containers[1].ports[0] ("8080/TCP") is also declared by container "app", and containers of a pod share one network namespace; give one of them another port',
      '[test/kitchen] containers[1].ports[0].name ("http") is also the name of a port of container "app"; give every port of the pod a unique name',
    ].join('\n'));
  });
});

/** The app plus a log shipper as a native sidecar, both on the shared `logs` emptyDir. */
const WITH_SIDECAR: MultiContainerPodProps = {
  volumes: [{ name: 'logs' }],
  sidecars: [{
    name: 'shipper',
    image: BUSYBOX,
    args: ['tail', '-F', '/var/log/app.log'],
    mounts: [{ volume: 'logs', path: '/var/log', readOnly: true }],
    ports: [{ number: 9901, name: 'admin' }],
    startup: Probe.tcpSocket({ port: 'admin' }),
    readiness: Probe.httpGet('/ready', { port: 'admin' }),
  }],
  initContainers: [{ name: 'migrate', image: BUSYBOX, args: ['true'] }],
  containers: [{ name: 'app', image: APP, ports: [{ number: 8080, name: 'http' }], mounts: [{ volume: 'logs', path: '/var/log' }] }],
};

/** A chart whose window is `window`, declared before its first child. */
function chartIn(window: KubernetesWindow) {
  const chart = newChart();
  KubernetesWindow.set(chart, window);
  return chart;
}

describe('native sidecars', () => {
  test('become init containers with restartPolicy Always, before the regular init containers', () => {
    const spec = pod(WITH_SIDECAR).spec;
    expect(spec.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([['shipper', 'Always'], ['migrate', undefined]]);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['app']);
  });

  test('keep their probes, and get the security defaults of containers', () => {
    const spec = pod(WITH_SIDECAR).spec;
    const shipper = spec.initContainers.find((c: any) => c.name === 'shipper');
    expect(shipper.startupProbe).toEqual({ tcpSocket: { port: 'admin' } });
    expect(shipper.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 'admin' } });
    expect(shipper.securityContext).toEqual(container(spec, 'app').securityContext);
    expect(shipper.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
  });

  test('are exposed with their names, and their ports are the pod\'s', () => {
    const chart = newChart();
    const p = new MultiContainerPod(chart, 'kitchen', WITH_SIDECAR);
    expect(p.sidecars.map((c) => c.name)).toEqual(['shipper']);
    expect(p.containers.map((c) => c.name)).toEqual(['app']);
    expect(p.ports).toEqual([
      { container: 'app', number: 8080, name: 'http', protocol: 'TCP' },
      { container: 'shipper', number: 9901, name: 'admin', protocol: 'TCP' },
    ]);
  });

  test('a pod with only an app container and no sidecars writes no initContainers', () => {
    expect(pod({ containers: [{ image: APP }] }).spec.initContainers).toBeUndefined();
  });

  test('need Kubernetes 1.29 as the window\'s oldest release', () => {
    expect(() => new MultiContainerPod(chartIn({ oldest: '1.27', newest: '1.35' }), 'kitchen', WITH_SIDECAR)).toThrow(
      '[test/kitchen] sidecars (["shipper"]) needs Kubernetes >= 1.29 for native sidecars (the window\'s oldest is 1.27); '
      + 'raise the window\'s oldest to 1.29 or later (cdk8s-patterns:kubernetesWindow), or run the sidecar as a regular container');
    expect(pod(WITH_SIDECAR).spec.initContainers).toHaveLength(2);
  });

  test('a sidecar shares the pod\'s network: its port may not be an app container\'s', () => {
    expect(podError({ ...WITH_SIDECAR, sidecars: [{ name: 'shipper', image: BUSYBOX, ports: [{ number: 8080 }] }] })).toBe(
      '[test/kitchen] sidecars[0].ports[0] ("8080/TCP") is also declared by container "app", and containers of a pod share one network namespace; give one of them another port');
  });

  test('an unnamed sidecar is an error, as any container of a pod with several', () => {
    expect(podError({ containers: [{ name: 'app', image: APP }], sidecars: [{ image: BUSYBOX }] })).toBe(
      '[test/kitchen] sidecars[0].name (undefined) is required when the pod has more than one container; give every container a unique name');
  });

  test('a regular init container may not have probes: the kubelet waits for it to exit', () => {
    expect(podError({ ...WITH_SIDECAR, initContainers: [{ name: 'migrate', image: BUSYBOX, liveness: Probe.exec(['true']) }] })).toBe(
      '[test/kitchen] initContainers[0].liveness ("exec") is not allowed on an init container that runs to completion (no restartPolicy: Always); '
      + 'move the container to sidecars, or remove liveness');
  });
});

describe('resizePolicy (in-place resize)', () => {
  const RESIZABLE: MultiContainerPodProps = { containers: [{ image: APP, resizePolicy: { cpu: 'NotRequired', memory: 'RestartContainer' } }] };

  test('is written per resource where the window\'s oldest release resizes in place', () => {
    const chart = chartIn({ oldest: '1.35', newest: '1.36' });
    new MultiContainerPod(chart, 'kitchen', RESIZABLE);
    expect(find(synth(chart), 'Pod', 'kitchen').spec.containers[0].resizePolicy).toEqual([
      { resourceName: 'cpu', restartPolicy: 'NotRequired' },
      { resourceName: 'memory', restartPolicy: 'RestartContainer' },
    ]);
  });

  test('is refused by the default window, whose oldest release (1.32) has it off by default', () => {
    expect(podError(RESIZABLE)).toBe(
      '[test/kitchen] containers[0].resizePolicy ({"cpu":"NotRequired","memory":"RestartContainer"}) needs Kubernetes >= 1.33 for in-place pod resize '
      + '(container resizePolicy) (the window\'s oldest is 1.32); raise the window\'s oldest to 1.33 or later (cdk8s-patterns:kubernetesWindow), '
      + 'or leave resizePolicy unset (a resource change then restarts the pod)');
  });

  test('is not for regular init containers, which are never resized', () => {
    const chart = chartIn({ oldest: '1.35', newest: '1.36' });
    expect(() => new MultiContainerPod(chart, 'kitchen', { ...WITH_SIDECAR, initContainers: [{ name: 'migrate', image: BUSYBOX, resizePolicy: { cpu: 'NotRequired' } }] }))
      .toThrow('[test/kitchen] initContainers[0].resizePolicy ({"cpu":"NotRequired"}) is not allowed on an init container that runs to completion, which is never resized; '
        + 'remove resizePolicy, or move the container to sidecars');
  });
});
