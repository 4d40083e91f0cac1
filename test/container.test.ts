/**
 * Container-level behaviour (lib/container.ts, probe.ts, env.ts, security.ts and the pod-level
 * security props of pod-spec.ts), exercised through `RollingDeployment`, whose single container is
 * named after the deployment (`api`).
 */
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27/lib/container';
import { ContainerProps } from '../lib/container';
import { RollingDeployment, RollingDeploymentProps } from '../lib/deployment';
import { EnvValue } from '../lib/env';
import { Probe } from '../lib/probe';
import { POD_SECURITY_LEVEL_ANNOTATION, PodSecurityLevel } from '../lib/security';
import { container, find, newChart, propsErrorOf, synth } from './util';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27';

/** Synthesizes `new RollingDeployment(chart, 'api', ...)` with one container and returns the Deployment. */
function deploy(c: Partial<ContainerProps> = {}, props: Partial<RollingDeploymentProps> = {}, validateManifests = true): any {
  const chart = newChart({ validateManifests });
  new RollingDeployment(chart, 'api', { ...props, containers: [{ image: IMAGE, ...c }] });
  return find(synth(chart), 'Deployment', 'api');
}

/** The synthesized `api` container. */
function api(c: Partial<ContainerProps> = {}, props: Partial<RollingDeploymentProps> = {}, validateManifests = true): any {
  return container(deploy(c, props, validateManifests).spec.template.spec, 'api');
}

/** The error message of a deployment `api` whose only container has the given props. */
function containerError(c: Partial<ContainerProps>, props: Partial<RollingDeploymentProps> = {}): string {
  return propsErrorOf(() => new RollingDeployment(newChart(), 'api', { ...props, containers: [{ image: IMAGE, ...c }] }));
}

describe('container basics', () => {
  test('minimal container: name from the workload, image, hardened security context, nothing else', () => {
    expect(api()).toEqual({
      name: 'api',
      image: IMAGE,
      securityContext: {
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
    });
  });

  test('image, pull policy, command, args and working dir are copied as given', () => {
    const c = api({ imagePullPolicy: 'Always', command: ['/bin/app'], args: ['--port', '8080'], workingDir: '/srv' });
    expect(c.imagePullPolicy).toBe('Always');
    expect(c.command).toEqual(['/bin/app']);
    expect(c.args).toEqual(['--port', '8080']);
    expect(c.workingDir).toBe('/srv');
  });

  test('ports keep number, name and protocol; protocol is left to Kubernetes when unset', () => {
    const c = api({ ports: [{ number: 8080, name: 'http' }, { number: 9125, name: 'statsd', protocol: 'UDP' }] });
    expect(c.ports).toEqual([
      { containerPort: 8080, name: 'http' },
      { containerPort: 9125, name: 'statsd', protocol: 'UDP' },
    ]);
  });
});

describe('env', () => {
  test('literal, secret, configMap and field values, in declaration order', () => {
    const c = api({
      env: {
        LOG_LEVEL: 'info',
        EXPLICIT: EnvValue.fromValue('yes'),
        DB_PASSWORD: EnvValue.fromSecret('db', 'password'),
        API_KEY: EnvValue.fromSecret('keys', 'api', { optional: true }),
        FEATURES: EnvValue.fromConfigMap('flags', 'features'),
        THEME: EnvValue.fromConfigMap('flags', 'theme', { optional: true }),
        POD_NAMESPACE: EnvValue.fromField('metadata.namespace'),
      },
    });
    expect(c.env).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'EXPLICIT', value: 'yes' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'keys', key: 'api', optional: true } } },
      { name: 'FEATURES', valueFrom: { configMapKeyRef: { name: 'flags', key: 'features' } } },
      { name: 'THEME', valueFrom: { configMapKeyRef: { name: 'flags', key: 'theme', optional: true } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ]);
  });

  test('a secret value never appears in the manifest', () => {
    const d = deploy({ env: { DB_PASSWORD: EnvValue.fromSecret('db', 'password') } });
    const c = container(d.spec.template.spec, 'api');
    expect(c.env[0]).not.toHaveProperty('value');
  });

  test('no env key without env', () => {
    expect(api()).not.toHaveProperty('env');
  });
});

describe('resources', () => {
  test('none set: no resources key at all (no invented requests or limits)', () => {
    expect(api()).not.toHaveProperty('resources');
  });

  test('an empty resources object also emits nothing', () => {
    expect(api({ resources: {} })).not.toHaveProperty('resources');
  });

  test('requests and limits are emitted exactly as chosen', () => {
    const c = api({
      resources: {
        cpu: { request: Cpu.millis(250), limit: Cpu.units(1) },
        memory: { request: Size.mebibytes(128), limit: Size.gibibytes(1) },
      },
    });
    expect(c.resources).toEqual({
      requests: { cpu: '250m', memory: '128Mi' },
      limits: { cpu: '1', memory: '1Gi' },
    });
  });

  test('only a request: no limits key, and no memory invented', () => {
    const c = api({ resources: { cpu: { request: Cpu.millis(100) } } });
    expect(c.resources).toEqual({ requests: { cpu: '100m' } });
  });

  test('only a limit: no requests key', () => {
    const c = api({ resources: { memory: { limit: Size.mebibytes(512) } } });
    expect(c.resources).toEqual({ limits: { memory: '512Mi' } });
  });

  test('ephemeral storage uses binary quantities', () => {
    const c = api({ resources: { ephemeralStorage: { request: Size.mebibytes(1536), limit: Size.gibibytes(2) } } });
    expect(c.resources).toEqual({ requests: { 'ephemeral-storage': '1536Mi' }, limits: { 'ephemeral-storage': '2Gi' } });
  });

  test('request equal to limit is fine (Guaranteed QoS)', () => {
    const c = api({ resources: { cpu: { request: Cpu.millis(1000), limit: Cpu.units(1) } } });
    expect(c.resources).toEqual({ requests: { cpu: '1000m' }, limits: { cpu: '1' } });
  });
});

describe('probes', () => {
  test('HTTP probe with every timing option', () => {
    const c = api({
      ports: [{ number: 8080, name: 'http' }],
      liveness: Probe.httpGet('/healthz', {
        port: 'http',
        scheme: 'HTTPS',
        initialDelay: Duration.seconds(5),
        period: Duration.seconds(20),
        timeout: Duration.seconds(2),
        failureThreshold: 4,
        successThreshold: 1,
      }),
    });
    expect(c.livenessProbe).toEqual({
      httpGet: { path: '/healthz', port: 'http', scheme: 'HTTPS' },
      initialDelaySeconds: 5,
      periodSeconds: 20,
      timeoutSeconds: 2,
      failureThreshold: 4,
      successThreshold: 1,
    });
  });

  test('TCP readiness probe by port number, timing left to the kubelet', () => {
    const c = api({ readiness: Probe.tcpSocket({ port: 5432 }) });
    expect(c.readinessProbe).toEqual({ tcpSocket: { port: 5432 } });
  });

  test('exec startup probe with timing in minutes converted to seconds', () => {
    const c = api({ startup: Probe.exec(['cat', '/tmp/ready'], { period: Duration.minutes(1), failureThreshold: 30 }) });
    expect(c.startupProbe).toEqual({ exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 60, failureThreshold: 30 });
  });

  test('readiness may need several successes; liveness and startup may not', () => {
    const c = api({ readiness: Probe.httpGet('/ready', { port: 8080, successThreshold: 3 }) });
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 8080 }, successThreshold: 3 });
  });

  test('all three probes side by side, none of them leaks into the others', () => {
    const c = api({
      liveness: Probe.tcpSocket({ port: 8080 }),
      readiness: Probe.httpGet('/ready', { port: 8080 }),
      startup: Probe.exec(['true']),
    });
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 8080 } });
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 8080 } });
    expect(c.startupProbe).toEqual({ exec: { command: ['true'] } });
  });

  test('no probe keys when no probes are set', () => {
    const c = api();
    expect(c).not.toHaveProperty('livenessProbe');
    expect(c).not.toHaveProperty('readinessProbe');
    expect(c).not.toHaveProperty('startupProbe');
  });
});

describe('security', () => {
  const DEFAULTS = {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };

  test('hardened defaults on every container, init containers included', () => {
    const chart = newChart();
    new RollingDeployment(chart, 'api', {
      initContainers: [{ name: 'migrate', image: 'migrate:1' }],
      containers: [{ name: 'app', image: IMAGE }, { name: 'logger', image: 'busybox:1.36' }],
    });
    const spec = find(synth(chart), 'Deployment', 'api').spec.template.spec;
    expect(container(spec, 'app').securityContext).toEqual(DEFAULTS);
    expect(container(spec, 'logger').securityContext).toEqual(DEFAULTS);
    expect(spec.initContainers).toHaveLength(1);
    expect(spec.initContainers[0].securityContext).toEqual(DEFAULTS);
  });

  test.each([
    ['runAsNonRoot', { runAsNonRoot: false }, { ...DEFAULTS, runAsNonRoot: false }],
    ['allowPrivilegeEscalation', { allowPrivilegeEscalation: true }, { ...DEFAULTS, allowPrivilegeEscalation: true }],
    ['readOnlyRootFilesystem', { readOnlyRootFilesystem: false }, { ...DEFAULTS, readOnlyRootFilesystem: false }],
    ['seccompProfile', { seccompProfile: 'Unconfined' as const }, { ...DEFAULTS, seccompProfile: { type: 'Unconfined' } }],
  ])('opting out of %s takes that one prop and changes nothing else', (_, security, expected) => {
    // Unconfined seccomp is allowed by neither Pod Security level: only the YAML is checked here.
    const baseline = { podSecurity: PodSecurityLevel.BASELINE };
    expect(api({ security }, baseline, !('seccompProfile' in security)).securityContext).toEqual(expected);
  });

  test('opting out of a restricted control without lowering podSecurity fails the synth', () => {
    let message = '';
    try { deploy({ security: { runAsNonRoot: false } }); } catch (e) { message = (e as Error).message; }
    expect(message).toBe([
      'Validation failed with the following errors:',
      '  [test] Deployment/default/api spec.template.spec.containers[name=api].securityContext.runAsNonRoot: '
      + 'container "api" must not set securityContext.runAsNonRoot to false; set it to true (restricted Pod Security Standard); '
      + 'or opt this workload down to baseline (construct prop podSecurity: PodSecurityLevel.BASELINE, or annotation cdk8s-patterns/pod-security: baseline) '
      + '[pss-restricted/run-as-non-root]',
    ].join('\n'));
  });

  test('dropAllCapabilities: false removes the capabilities key entirely', () => {
    const { capabilities, ...rest } = DEFAULTS;
    expect(api({ security: { dropAllCapabilities: false } }, { podSecurity: PodSecurityLevel.BASELINE }).securityContext).toEqual(rest);
  });

  test('addCapabilities adds to the dropped set', () => {
    const sc = api({ security: { addCapabilities: ['NET_BIND_SERVICE'] } }).securityContext;
    expect(sc.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
  });

  test('addCapabilities without dropping all', () => {
    const sc = api({ security: { dropAllCapabilities: false, addCapabilities: ['NET_ADMIN'] } }, {}, false).securityContext;
    expect(sc.capabilities).toEqual({ add: ['NET_ADMIN'] });
  });

  test('runAsUser and runAsGroup are emitted alongside the defaults', () => {
    expect(api({ security: { runAsUser: 101, runAsGroup: 101 } }).securityContext).toEqual({ ...DEFAULTS, runAsUser: 101, runAsGroup: 101 });
  });

  test('privileged: true also allows privilege escalation (the API server rejects privileged with it false)', () => {
    const sc = api({ security: { privileged: true } }, {}, false).securityContext;
    expect(sc.privileged).toBe(true);
    expect(sc.allowPrivilegeEscalation).toBe(true);
  });

  test('privileged: false keeps escalation off', () => {
    expect(api({ security: { privileged: false } }).securityContext).toEqual({ ...DEFAULTS, privileged: false });
  });

  test('writablePaths: each path gets its own emptyDir volume, mounted at that path', () => {
    const d = deploy({ writablePaths: ['/tmp', '/var/cache/nginx'] });
    expect(d.spec.template.spec.volumes).toEqual([
      { name: 'api-tmp', emptyDir: {} },
      { name: 'api-var-cache-nginx', emptyDir: {} },
    ]);
    expect(container(d.spec.template.spec, 'api').volumeMounts).toEqual([
      { name: 'api-tmp', mountPath: '/tmp' },
      { name: 'api-var-cache-nginx', mountPath: '/var/cache/nginx' },
    ]);
  });

  test('writablePaths whose slugs coincide still get distinct volumes', () => {
    const d = deploy({ writablePaths: ['/var/cache', '/var-cache'] });
    const names = d.spec.template.spec.volumes.map((v: any) => v.name);
    expect(new Set(names).size).toBe(2);
  });

  test('no volumes and no mounts without writablePaths or mounts', () => {
    const d = deploy();
    expect(d.spec.template.spec).not.toHaveProperty('volumes');
    expect(container(d.spec.template.spec, 'api')).not.toHaveProperty('volumeMounts');
  });

  test('automountServiceAccountToken is false by default and can be turned on', () => {
    expect(deploy().spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(deploy({}, { automountServiceAccountToken: true }).spec.template.spec.automountServiceAccountToken).toBe(true);
  });

  test('podSecurity BASELINE marks the pod template, not the Deployment', () => {
    const d = deploy({}, { podSecurity: PodSecurityLevel.BASELINE });
    expect(POD_SECURITY_LEVEL_ANNOTATION).toBe('cdk8s-patterns/pod-security');
    expect(d.spec.template.metadata.annotations).toEqual({ 'cdk8s-patterns/pod-security': 'baseline' });
    expect(d.metadata.annotations).not.toHaveProperty('cdk8s-patterns/pod-security');
  });

  test('podSecurity RESTRICTED (the default) adds no annotation', () => {
    expect(deploy().spec.template.metadata).not.toHaveProperty('annotations');
    expect(deploy({}, { podSecurity: PodSecurityLevel.RESTRICTED }).spec.template.metadata).not.toHaveProperty('annotations');
  });

  test('podSecurity BASELINE keeps the user pod annotations', () => {
    const d = deploy({}, { podSecurity: PodSecurityLevel.BASELINE, podAnnotations: { 'prometheus.io/scrape': 'true' } });
    expect(d.spec.template.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'cdk8s-patterns/pod-security': 'baseline',
    });
  });
});

describe('mounts of shared volumes', () => {
  test('a mount refers to a pod volume by name, with readOnly when asked', () => {
    const d = deploy(
      { mounts: [{ volume: 'cache', path: '/cache' }, { volume: 'config', path: '/etc/app', readOnly: true }] },
      { volumes: [{ name: 'cache', sizeLimit: Size.mebibytes(512) }, { name: 'config', medium: 'Memory' }] },
    );
    expect(d.spec.template.spec.volumes).toEqual([
      { name: 'cache', emptyDir: { sizeLimit: '512Mi' } },
      { name: 'config', emptyDir: { medium: 'Memory' } },
    ]);
    expect(container(d.spec.template.spec, 'api').volumeMounts).toEqual([
      { name: 'cache', mountPath: '/cache' },
      { name: 'config', mountPath: '/etc/app', readOnly: true },
    ]);
  });
});

describe('container errors', () => {
  test('container name that is not a DNS-1123 label', () => {
    expect(containerError({ name: 'Web_App' })).toBe(
      '[test/api] containers[0].name ("Web_App") is not a DNS-1123 label; use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit',
    );
  });

  test('container name longer than 63 characters', () => {
    const name = 'a'.repeat(64);
    expect(containerError({ name })).toBe(
      `[test/api] containers[0].name ("${name}") is not a DNS-1123 label; use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`,
    );
  });

  test.each(['', 'nginx 1.27'])('image %j is not an image reference', (image) => {
    expect(containerError({ image })).toBe(
      `[test/api] containers[0].image (${JSON.stringify(image)}) is not an image reference; set an image such as "nginxinc/nginx-unprivileged:1.27"`,
    );
  });

  test.each([0, 65536, 80.5])('port number %p', (number) => {
    expect(containerError({ ports: [{ number }] })).toBe(
      `[test/api] containers[0].ports[0].number (${number}) is not a port number; use an integer from 1 to 65535`,
    );
  });

  test.each(['http_port', 'a-very-long-port-name', '8080', 'HTTP'])('port name %j is not an IANA service name', (name) => {
    expect(containerError({ ports: [{ number: 8080, name }] })).toBe(
      `[test/api] containers[0].ports[0].name ("${name}") is not an IANA service name; use at most 15 lower-case letters, digits and single inner '-', with at least one letter`,
    );
  });

  test('probe on a named port the container does not declare', () => {
    expect(containerError({ ports: [{ number: 8080, name: 'web' }], liveness: Probe.httpGet('/healthz', { port: 'http' }) })).toBe(
      '[test/api] containers[0].liveness.port ("http") is not a named port of its container (it has "web"); add a port named "http" to the container\'s ports, or probe by number',
    );
  });

  test('probe on a port number out of range', () => {
    expect(containerError({ readiness: Probe.tcpSocket({ port: 0 }) })).toBe(
      '[test/api] containers[0].readiness.port (0) is not a port number; use an integer from 1 to 65535',
    );
  });

  test('HTTP probe path without a leading slash', () => {
    expect(containerError({ liveness: Probe.httpGet('healthz', { port: 8080 }) })).toBe(
      '[test/api] containers[0].liveness.path ("healthz") does not start with \'/\'; use "/healthz"',
    );
  });

  test.each(['liveness', 'startup'] as const)('%s probe with successThreshold other than 1', (key) => {
    expect(containerError({ [key]: Probe.tcpSocket({ port: 8080, successThreshold: 2 }) })).toBe(
      `[test/api] containers[0].${key}.successThreshold (2) must be 1 for liveness and startup probes; remove it or set it to 1`,
    );
  });

  test('failureThreshold below 1', () => {
    expect(containerError({ readiness: Probe.tcpSocket({ port: 8080, failureThreshold: 0 }) })).toBe(
      '[test/api] containers[0].readiness.failureThreshold (0) must be a positive integer; use 1 or more',
    );
  });

  test('fractional successThreshold on readiness', () => {
    expect(containerError({ readiness: Probe.tcpSocket({ port: 8080, successThreshold: 1.5 }) })).toBe(
      '[test/api] containers[0].readiness.successThreshold (1.5) must be a positive integer; use 1 or more',
    );
  });

  test('liveness successThreshold 0 breaks two rules, both reported', () => {
    expect(containerError({ liveness: Probe.exec(['true'], { successThreshold: 0 }) })).toBe([
      '[test/api] containers[0].liveness.successThreshold (0) must be 1 for liveness and startup probes; remove it or set it to 1',
      '[test/api] containers[0].liveness.successThreshold (0) must be a positive integer; use 1 or more',
    ].join('\n'));
  });

  test.each(['period', 'timeout'] as const)('probe %s of 0s', (key) => {
    expect(containerError({ readiness: Probe.httpGet('/ready', { port: 8080, [key]: Duration.seconds(0) }) })).toBe(
      `[test/api] containers[0].readiness.${key} (0s) must be a whole number of seconds, at least 1s; use e.g. Duration.seconds(1)`,
    );
  });

  test('probe period under a second is reported as a prop error, not a bare Duration conversion error', () => {
    expect(containerError({ readiness: Probe.httpGet('/ready', { port: 8080, period: Duration.millis(500) }) })).toBe(
      '[test/api] containers[0].readiness.period (0.5s) must be a whole number of seconds, at least 1s; use e.g. Duration.seconds(1)',
    );
  });

  test('a fractional probe delay is reported, not rounded', () => {
    expect(containerError({ liveness: Probe.exec(['true'], { initialDelay: Duration.millis(1500) }) })).toBe(
      '[test/api] containers[0].liveness.initialDelay (1.5s) must be a whole number of seconds, at least 0s; use e.g. Duration.seconds(2)',
    );
  });

  test('privileged with escalation explicitly off is a contradiction the API server rejects', () => {
    expect(containerError({ security: { privileged: true, allowPrivilegeEscalation: false } })).toBe(
      '[test/api] containers[0].security.allowPrivilegeEscalation (false) contradicts privileged: true; remove allowPrivilegeEscalation, or drop privileged',
    );
  });

  test('SYS_ADMIN with escalation off is a contradiction the API server rejects', () => {
    expect(containerError({ security: { addCapabilities: ['CAP_SYS_ADMIN'], allowPrivilegeEscalation: false } })).toBe(
      '[test/api] containers[0].security.allowPrivilegeEscalation (false) contradicts adding the SYS_ADMIN capability; remove allowPrivilegeEscalation, or drop SYS_ADMIN',
    );
  });

  test('a writable path listed twice', () => {
    expect(containerError({ writablePaths: ['/tmp', '/tmp'] })).toBe(
      '[test/api] containers[0].writablePaths[1] ("/tmp") is listed twice; list each path once',
    );
  });

  test('one container declaring a port twice', () => {
    expect(containerError({ ports: [{ number: 8080 }, { number: 8080 }] })).toBe(
      '[test/api] containers[0].ports[1] ("8080/TCP") is also declared by this container already; give one of them another port',
    );
  });

  test('CPU request above the limit', () => {
    expect(containerError({ resources: { cpu: { request: Cpu.units(2), limit: Cpu.millis(500) } } })).toBe(
      '[test/api] containers[0].resources.cpu.request ("2") is above the limit (500m); lower the request or raise the limit',
    );
  });

  test('memory request above the limit', () => {
    expect(containerError({ resources: { memory: { request: Size.gibibytes(2), limit: Size.mebibytes(512) } } })).toBe(
      '[test/api] containers[0].resources.memory.request ("2Gi") is above the limit (512Mi); lower the request or raise the limit',
    );
  });

  test.each(['1BAD', 'HAS SPACE', 'A=B'])('env name %j', (name) => {
    expect(containerError({ env: { [name]: 'x' } })).toBe(
      `[test/api] containers[0].env ("${name}") is not a valid environment variable name; use letters, digits, '_', '-' and '.', not starting with a digit`,
    );
  });

  test('relative writable path', () => {
    expect(containerError({ writablePaths: ['/tmp', 'cache'] })).toBe(
      '[test/api] containers[0].writablePaths[1] ("cache") is not an absolute path; start it with \'/\', e.g. "/tmp"',
    );
  });

  test('mount of a volume the pod does not declare, with none declared', () => {
    expect(containerError({ mounts: [{ volume: 'cache', path: '/cache' }] })).toBe(
      '[test/api] containers[0].mounts[0].volume ("cache") is not one of the pod\'s volumes; declare it in volumes, or use one of: (none declared)',
    );
  });

  test('mount of a volume the pod does not declare lists the declared ones', () => {
    expect(containerError({ mounts: [{ volume: 'cache', path: '/cache' }] }, { volumes: [{ name: 'logs' }, { name: 'data' }] })).toBe(
      '[test/api] containers[0].mounts[0].volume ("cache") is not one of the pod\'s volumes; declare it in volumes, or use one of: logs, data',
    );
  });

  test('relative mount path', () => {
    expect(containerError({ mounts: [{ volume: 'logs', path: 'var/log' }] }, { volumes: [{ name: 'logs' }] })).toBe(
      '[test/api] containers[0].mounts[0].path ("var/log") is not an absolute path; start it with \'/\'',
    );
  });

  test('every problem of a container is reported at once, in prop order', () => {
    expect(containerError({
      image: '',
      ports: [{ number: 0 }],
      liveness: Probe.httpGet('healthz', { port: 8080 }),
      resources: { cpu: { request: Cpu.units(2), limit: Cpu.units(1) } },
      env: { '9LIVES': 'x' },
      writablePaths: ['tmp'],
    })).toBe([
      '[test/api] containers[0].image ("") is not an image reference; set an image such as "nginxinc/nginx-unprivileged:1.27"',
      '[test/api] containers[0].ports[0].number (0) is not a port number; use an integer from 1 to 65535',
      '[test/api] containers[0].liveness.path ("healthz") does not start with \'/\'; use "/healthz"',
      '[test/api] containers[0].resources.cpu.request ("2") is above the limit (1); lower the request or raise the limit',
      '[test/api] containers[0].env ("9LIVES") is not a valid environment variable name; use letters, digits, \'_\', \'-\' and \'.\', not starting with a digit',
      '[test/api] containers[0].writablePaths[0] ("tmp") is not an absolute path; start it with \'/\', e.g. "/tmp"',
    ].join('\n'));
  });

  test('errors in an init container name the initContainers prop', () => {
    expect(propsErrorOf(() => new RollingDeployment(newChart(), 'api', {
      initContainers: [{ name: 'migrate', image: 'migrate 1' }],
      containers: [{ name: 'app', image: IMAGE }],
    }))).toBe(
      '[test/api] initContainers[0].image ("migrate 1") is not an image reference; set an image such as "nginxinc/nginx-unprivileged:1.27"',
    );
  });

  test('a valid container with every checked prop set does not throw', () => {
    expect(() => api({
      ports: [{ number: 8080, name: 'http' }],
      liveness: Probe.httpGet('/healthz', { port: 'http', successThreshold: 1, failureThreshold: 1, period: Duration.seconds(1), timeout: Duration.seconds(1) }),
      resources: { cpu: { request: Cpu.millis(500), limit: Cpu.units(1) }, memory: { request: Size.mebibytes(512), limit: Size.mebibytes(512) } },
      env: { 'my.var-name_1': 'x' },
      writablePaths: ['/tmp'],
    })).not.toThrow();
  });
});

// The enumerated fields of lib/rules/enums.ts, as validateManifests checks them (CTR-5, PORT-4, PRB-8): the types admit only
// these values, but JavaScript callers and casts get past them.
test('values Kubernetes does not know for imagePullPolicy, a port protocol and a probe scheme', () => {
  expect(containerError({
    imagePullPolicy: 'always' as 'Always',
    ports: [{ number: 8080, name: 'http', protocol: 'tcp' as 'TCP' }],
    liveness: Probe.httpGet('/healthz', { port: 'http', scheme: 'https' as 'HTTPS' }),
  })).toBe([
    '[test/api] containers[0].imagePullPolicy ("always") is not a pull policy Kubernetes knows; use \'Always\', \'IfNotPresent\' or \'Never\'',
    '[test/api] containers[0].ports[0].protocol ("tcp") is not a protocol Kubernetes knows; use \'TCP\', \'UDP\' or \'SCTP\'',
    '[test/api] containers[0].liveness.scheme ("https") is not a URL scheme Kubernetes knows; use \'HTTP\' or \'HTTPS\'',
  ].join('\n'));
});

// ENV-3, ENV-4: the rules validateManifests applies to valueFrom (lib/rules/env.ts), checked on the props.
describe('environment variables read from the pod or from a key', () => {
  test('EnvValue.fromField refuses a field path typo, naming the close match', () => {
    expect(containerError({ env: { POD_IP: EnvValue.fromField('status.podIp') } })).toBe(
      '[test/api] containers[0].env.POD_IP ("status.podIp") is not a pod field an environment variable can read; use "status.podIP"');
  });

  test('EnvValue.fromField takes a label or annotation by key', () => {
    const env = api({ env: { TIER: EnvValue.fromField('metadata.labels[\'app.kubernetes.io/component\']') } }).env;
    expect(env).toEqual([{ name: 'TIER', valueFrom: { fieldRef: { fieldPath: 'metadata.labels[\'app.kubernetes.io/component\']' } } }]);
    expect(containerError({ env: { TIER: EnvValue.fromField('metadata.labels[\'-tier\']') } })).toMatch(
      /^\[test\/api\] containers\[0\]\.env\.TIER \("metadata\.labels\['-tier'\]"\) does not name a valid label key; /);
  });

  test('a Secret or ConfigMap named by a string: the name must be an object name, the key a key', () => {
    expect(containerError({ env: { DB_PASSWORD: EnvValue.fromSecret('DB_Secret', 'password') } })).toBe(
      '[test/api] containers[0].env.DB_PASSWORD.name ("DB_Secret") is not a DNS-1123 subdomain; use at most 253 lower-case letters, digits, \'-\' and '
      + '\'.\', starting and ending with a letter or digit');
    expect(containerError({ env: { THEME: EnvValue.fromConfigMap('flags', '') } })).toBe(
      '[test/api] containers[0].env.THEME.key ("") is empty; name the key to read');
    expect(containerError({ env: { THEME: EnvValue.fromConfigMap('flags', 'ui/theme') } })).toBe(
      '[test/api] containers[0].env.THEME.key ("ui/theme") is not a valid ConfigMap or Secret key; use at most 253 letters, digits, \'-\', \'_\' and '
      + '\'.\', not "." and not starting with ".."');
  });
});
