/**
 * The 8 classes of mistakes issue 12 found getting through: each now fails with its rule id and
 * exact message, in validateManifests (this file) and, where a construct could write it, at synth.
 */
import { Chart } from 'cdk8s';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SafeApp, SynthError } from '../lib/app';
import { RollingDeployment } from '../lib/deployment';
import { AppNamespace } from '../lib/namespace';
import { Probe } from '../lib/probe';
import { PodSecurityLevel } from '../lib/security';
import { ExternalNameService, NodePortService } from '../lib/service';
import { Finding, validateManifests } from '../lib/validation';
import { container, goodApp, obj, web } from './fixtures/validation';
import { find, newChart, synth } from './util';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27-alpine';

const error = (rule: string, object: string, path: string, message: string): Finding => ({ rule, severity: 'error', object, path, message });
const warning = (rule: string, object: string, path: string, message: string): Finding => ({ rule, severity: 'warning', object, path, message });
const DEP = 'Deployment/shop/web';
const APP = 'spec.template.spec.containers[name=app]';
const restrictedPod = (containers: any[]) => ({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers });

function nodePortService(name: string, namespace: string, nodePort: number, protocol = 'TCP'): any {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace },
    spec: { type: 'NodePort', selector: { 'app.kubernetes.io/name': 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort, protocol }] },
  };
}

describe('1. node ports are allocated cluster-wide', () => {
  test('two Services with nodePort 30007, even in other namespaces', () => {
    const m = goodApp();
    m.push(nodePortService('a', 'shop', 30007), nodePortService('b', 'other', 30007));
    expect(validateManifests(m).filter((f) => f.rule === 'node-port-unique')).toEqual([
      error('node-port-unique', 'Service/other/b', 'spec.ports[name=http].nodePort', 'nodePort 30007 is already allocated to Service/shop/a (spec.ports[name=http].nodePort); node ports are allocated cluster-wide, so the API server refuses the second Service: pick another port, or omit nodePort to get one assigned'),
    ]);
  });

  test('one Service may use a node port for TCP and UDP, not twice for one protocol', () => {
    const m = goodApp();
    const svc = nodePortService('dns', 'shop', 30053);
    svc.spec.ports.push({ name: 'dns-udp', port: 53, targetPort: 53, nodePort: 30053, protocol: 'UDP' }, { name: 'again', port: 54, targetPort: 54, nodePort: 30053, protocol: 'UDP' });
    m.push(svc);
    expect(validateManifests(m).filter((f) => f.rule === 'node-port-unique')).toEqual([
      error('node-port-unique', 'Service/shop/dns', 'spec.ports[name=again].nodePort', 'nodePort 30053/UDP is already used by spec.ports[name=http].nodePort of this Service; give each port its own nodePort'),
    ]);
  });
});

describe('2. a workload opted down to baseline in a namespace that enforces restricted', () => {
  const namespace = (level: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': level } } });

  test('is an error naming both levels', () => {
    const m = goodApp();
    m.push(namespace('restricted'));
    web(m).deployment.spec.template.metadata.annotations = { 'cdk8s-patterns/pod-security': 'baseline' };
    expect(validateManifests(m)).toEqual([
      error('pod-security-namespace', DEP, 'spec.template.metadata.annotations["cdk8s-patterns/pod-security"]', 'this workload is opted down to baseline by spec.template.metadata.annotations["cdk8s-patterns/pod-security"], but Namespace "shop" enforces restricted (label pod-security.kubernetes.io/enforce), so Pod Security admission rejects every pod it creates; make it meet restricted and remove the opt-down, or set the namespace\'s level to baseline (AppNamespace prop podSecurity: PodSecurityLevel.BASELINE)'),
    ]);
  });

  test('is fine when the namespace enforces baseline, or is not in the manifests', () => {
    const m = goodApp();
    web(m).deployment.spec.template.metadata.annotations = { 'cdk8s-patterns/pod-security': 'baseline' };
    expect(validateManifests(m)).toEqual([]);
    m.push(namespace('baseline'));
    expect(validateManifests(m)).toEqual([]);
  });

  test('the podSecurity option of baseline, too', () => {
    const m = goodApp();
    m.push(namespace('restricted'));
    expect(validateManifests(m, { podSecurity: 'baseline' }).map((f) => `${f.rule} ${f.object} ${f.path}`)).toEqual([
      'pod-security-namespace Deployment/shop/web metadata.namespace',
      'pod-security-namespace Pod/shop/worker metadata.namespace',
    ]);
  });
});

describe('3. runAsUser 0 with runAsNonRoot true', () => {
  test('in one container (baseline, so only the kubelet would object)', () => {
    const m = goodApp();
    web(m).deployment.spec.template.metadata.annotations = { 'cdk8s-patterns/pod-security': 'baseline' };
    web(m).app.securityContext.runAsUser = 0;
    expect(validateManifests(m)).toEqual([
      error('run-as-non-root-uid', DEP, `${APP}.securityContext.runAsUser`, `runAsUser is 0 (root) while spec.template.spec.securityContext.runAsNonRoot is true, so the kubelet refuses to start container "app" ("runAsUser breaks non-root policy"); use a non-zero runAsUser, or set runAsNonRoot to false`),
    ]);
  });

  test('a container that sets runAsNonRoot false may run as root', () => {
    const m = goodApp();
    web(m).deployment.spec.template.metadata.annotations = { 'cdk8s-patterns/pod-security': 'baseline' };
    Object.assign(web(m).app.securityContext, { runAsUser: 0, runAsNonRoot: false });
    expect(validateManifests(m)).toEqual([]);
  });
});

describe('4. ExternalName with one trailing dot', () => {
  const external = (externalName: unknown) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'payments', namespace: 'shop' }, spec: { type: 'ExternalName', externalName } });

  test('"api.example.com." is a fully qualified name', () => {
    expect(validateManifests([...goodApp(), external('api.example.com.')])).toEqual([]);
  });

  test('two dots, an empty name, or none at all are not', () => {
    const found = (name: unknown) => validateManifests([...goodApp(), external(name)]);
    expect(found('api.example.com..')).toEqual([
      error('external-name', 'Service/shop/payments', 'spec.externalName', 'externalName "api.example.com.." is not a DNS-1123 subdomain; use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit; e.g. "api.example.com"; write a host name like "api.example.com" (one trailing dot is allowed)'),
    ]);
    expect(found('.')).toEqual([
      error('external-name', 'Service/shop/payments', 'spec.externalName', 'externalName "." must not be empty; write a host name like "api.example.com" (one trailing dot is allowed)'),
    ]);
    expect(found(undefined)).toEqual([
      error('external-name', 'Service/shop/payments', 'spec.externalName', 'a Service of type ExternalName needs spec.externalName, got nothing; set it to the host name the Service is an alias for'),
    ]);
  });
});

describe('5. probes on ports nobody listens on', () => {
  test('a number the container does not declare: a warning (declaring ports is optional)', () => {
    const m = goodApp();
    web(m).app.livenessProbe = { tcpSocket: { port: 8081 } };
    expect(validateManifests(m)).toEqual([
      warning('probe-port-undeclared', DEP, `${APP}.livenessProbe.tcpSocket.port`, 'livenessProbe probes port 8081, which container "app" does not declare (it declares 8080/TCP, 9090/TCP); if nothing listens there the probe always fails and the pod restarts forever: declare the port, or probe one the app listens on'),
    ]);
  });

  test('a TCP probe on a port declared only as UDP: an error', () => {
    const m = goodApp();
    web(m).app.ports.push({ name: 'syslog', containerPort: 5514, protocol: 'UDP' });
    web(m).app.livenessProbe = { tcpSocket: { port: 5514 } };
    web(m).app.readinessProbe = { httpGet: { path: '/', port: 'syslog' } };
    expect(validateManifests(m)).toEqual([
      error('probe-port-protocol', DEP, `${APP}.livenessProbe.tcpSocket.port`, 'livenessProbe.tcpSocket connects over TCP, but container "app" declares port 5514 as UDP only; probe a TCP port, or declare 5514/TCP if the app also listens on it'),
      error('probe-port-protocol', DEP, `${APP}.readinessProbe.httpGet.port`, 'readinessProbe.httpGet connects over TCP, but container "app" declares port "syslog" as UDP only; probe a TCP port, or declare 5514/TCP if the app also listens on it'),
    ]);
  });
});

describe('6. topology spread fields', () => {
  test('maxSkew 0, whenUnsatisfiable DoNotSCHEDULE and minDomains 0', () => {
    const m = goodApp();
    const selector = { matchLabels: { 'app.kubernetes.io/name': 'web' } };
    web(m).pod.topologySpreadConstraints = [
      { maxSkew: 0, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSCHEDULE', labelSelector: selector },
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', minDomains: 0, labelSelector: selector },
      { maxSkew: 1, topologyKey: '', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2, labelSelector: selector },
      { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector },
    ];
    const at = 'spec.template.spec.topologySpreadConstraints';
    expect(validateManifests(m)).toEqual([
      error('topology-spread', DEP, `${at}[0].maxSkew`, 'maxSkew must be greater than 0, got 0; 1 spreads the pods as evenly as possible'),
      error('topology-spread', DEP, `${at}[0].whenUnsatisfiable`, 'whenUnsatisfiable must be "DoNotSchedule" or "ScheduleAnyway", got "DoNotSCHEDULE"; did you mean "DoNotSchedule"?'),
      error('topology-spread', DEP, `${at}[1].minDomains`, 'minDomains must be greater than 0, got 0; remove it to count only the domains that exist'),
      error('topology-spread', DEP, `${at}[2].topologyKey`, 'topologyKey must not be empty; use a node label such as "topology.kubernetes.io/zone" or "kubernetes.io/hostname"'),
      error('topology-spread', DEP, `${at}[2].minDomains`, 'minDomains may only be set when whenUnsatisfiable is "DoNotSchedule", got "ScheduleAnyway"; remove minDomains or use DoNotSchedule'),
      error('topology-spread', DEP, `${at}[3]`, 'topologyKey "kubernetes.io/hostname" with whenUnsatisfiable "DoNotSchedule" is already constraint [1]; merge the two constraints'),
    ]);
  });
});

describe('7. no pod spec', () => {
  const message = (kind: string, missing: string, specPath: string) => `${kind} has no ${missing}, so its pods have no containers; the API server requires at least one container: add ${specPath}.containers`;

  test('a Deployment whose template has no spec', () => {
    const m = goodApp();
    delete web(m).deployment.spec.template.spec;
    expect(validateManifests(m).filter((f) => f.object === DEP)).toEqual([
      error('containers-required', DEP, 'spec.template.spec', message('Deployment', 'spec.template.spec', 'spec.template.spec')),
    ]);
  });

  test('a Job, a CronJob and a Pod', () => {
    const manifests = [
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'shop' }, spec: { template: { metadata: {} } } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: 'shop' }, spec: { schedule: '@daily', jobTemplate: {} } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' } },
    ];
    expect(validateManifests(manifests)).toEqual([
      error('containers-required', 'Job/shop/j', 'spec.template.spec', message('Job', 'spec.template.spec', 'spec.template.spec')),
      error('containers-required', 'CronJob/shop/c', 'spec.jobTemplate.spec', message('CronJob', 'spec.jobTemplate.spec', 'spec.jobTemplate.spec.template.spec')),
      error('containers-required', 'Pod/shop/p', 'spec', message('Pod', 'spec', 'spec')),
    ]);
  });
});

describe('8. ReplicationController restart policy', () => {
  test('restartPolicy Never is refused; Always passes', () => {
    const rc = (restartPolicy: string) => ({
      apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc', namespace: 'shop' },
      spec: { selector: { app: 'rc' }, template: { metadata: { labels: { app: 'rc' } }, spec: { restartPolicy, ...restrictedPod([container('app')]) } } },
    });
    expect(validateManifests([rc('Never')])).toEqual([
      error('restart-policy', 'ReplicationController/shop/rc', 'spec.template.spec.restartPolicy', 'a ReplicationController\'s pods must use restartPolicy "Always", got "Never"; remove it, or use a Job for run-to-completion work'),
    ]);
    expect(validateManifests([rc('Always')])).toEqual([]);
  });
});

test('the known-good app still has no findings', () => {
  expect(validateManifests(goodApp())).toEqual([]);
  expect(obj(goodApp(), 'Service', 'web').spec.type).toBeUndefined();
});

describe('the constructs', () => {
  const deployment = (chart: Chart, id: string, extra: object = {}) =>
    new RollingDeployment(chart, id, { containers: [{ image: IMAGE, ports: [{ number: 8080, name: 'http' }], writablePaths: ['/tmp'] }], ...extra });

  test('1. two NodePortServices asking for one node port fail at synth', () => {
    const chart = newChart({ namespace: 'shop' });
    const web1 = deployment(chart, 'web');
    new NodePortService(chart, 'a', { target: web1, ports: [{ port: 80, nodePort: 30007 }] });
    new NodePortService(chart, 'b', { target: web1, ports: [{ port: 81, targetPort: 'http', nodePort: 30007 }] });
    expect(() => synth(chart)).toThrow('[test] Service/shop/b spec.ports[name=http].nodePort: nodePort 30007 is already allocated to Service/shop/a (spec.ports[name=http].nodePort); node ports are allocated cluster-wide, so the API server refuses the second Service: pick another port, or omit nodePort to get one assigned [node-port-unique]');
  });

  test('1. ... also across the dev and prod charts of one SafeApp', () => {
    const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-'));
    try {
      const app = new SafeApp({ outdir: path.join(workdir, 'dist') });
      for (const env of ['dev', 'prod']) {
        const chart = new Chart(app, env, { namespace: env });
        new NodePortService(chart, 'web-service', { name: 'web', target: deployment(chart, 'web'), ports: [{ port: 80, nodePort: 30007 }] });
      }
      let thrown: unknown;
      try { app.synth(); } catch (e) { thrown = e; }
      expect(thrown).toBeInstanceOf(SynthError);
      expect((thrown as SynthError).message).toContain('ERROR   Service/prod/web spec.ports[name=http].nodePort: nodePort 30007 is already allocated to Service/dev/web (spec.ports[name=http].nodePort); node ports are allocated cluster-wide');
    } finally {
      fs.rmSync(workdir, { recursive: true, force: true });
    }
  });

  test('2. a BASELINE workload in a restricted AppNamespace fails at synth', () => {
    const chart = newChart({ namespace: 'shop' });
    new AppNamespace(chart, 'ns');
    deployment(chart, 'web', { podSecurity: PodSecurityLevel.BASELINE });
    expect(() => synth(chart)).toThrow('spec.template.metadata.annotations["cdk8s-patterns/pod-security"]: this workload is opted down to baseline by spec.template.metadata.annotations["cdk8s-patterns/pod-security"], but Namespace "shop" enforces restricted');
    const ok = newChart({ namespace: 'shop' });
    new AppNamespace(ok, 'ns', { podSecurity: PodSecurityLevel.BASELINE });
    deployment(ok, 'web', { podSecurity: PodSecurityLevel.BASELINE });
    expect(() => synth(ok)).not.toThrow();
  });

  test('3. runAsUser 0 at BASELINE no longer comes with runAsNonRoot: true; asking for both is a prop error', () => {
    const chart = newChart({ namespace: 'shop' });
    deployment(chart, 'web', { podSecurity: PodSecurityLevel.BASELINE, containers: [{ image: IMAGE, security: { runAsUser: 0 } }] });
    const manifests = synth(chart);
    const deploymentName = manifests.find((m) => m.kind === 'Deployment').metadata.name;
    expect(find(manifests, 'Deployment', deploymentName).spec.template.spec.containers[0].securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0 });
    expect(() => deployment(newChart(), 'root', { podSecurity: PodSecurityLevel.BASELINE, containers: [{ image: IMAGE, security: { runAsUser: 0, runAsNonRoot: true } }] }))
      .toThrow('[test/root] containers[0].security.runAsNonRoot (true) contradicts runAsUser: 0 (root), so the kubelet would never start the container; use a non-zero runAsUser, or remove runAsNonRoot');
  });

  test('5. a tcpSocket liveness probe on a UDP-only port fails at synth; an undeclared port is a warning', () => {
    const chart = newChart({ namespace: 'shop' });
    new RollingDeployment(chart, 'dns', { containers: [{ image: IMAGE, ports: [{ number: 5353, name: 'dns', protocol: 'UDP' }], liveness: Probe.tcpSocket({ port: 5353 }) }] });
    expect(() => synth(chart)).toThrow('livenessProbe.tcpSocket.port: livenessProbe.tcpSocket connects over TCP, but container "dns" declares port 5353 as UDP only; probe a TCP port, or declare 5353/TCP if the app also listens on it [probe-port-protocol]');
    const ok = newChart({ namespace: 'shop' });
    new RollingDeployment(ok, 'web', { containers: [{ image: IMAGE, ports: [{ number: 8080, name: 'http' }], writablePaths: ['/tmp'], liveness: Probe.tcpSocket({ port: 8081 }) }] });
    expect(validateManifests(synth(ok)).map((f) => `${f.severity} ${f.rule}`)).toEqual(['warning probe-port-undeclared']);
  });

  test('4. ExternalNameService accepts one trailing dot and writes it as given', () => {
    const chart = newChart({ namespace: 'shop' });
    new ExternalNameService(chart, 'api', { name: 'api', externalName: 'api.example.com.' });
    const manifests = synth(chart);
    expect(find(manifests, 'Service', 'api').spec.externalName).toBe('api.example.com.');
    expect(validateManifests(manifests)).toEqual([]);
  });
});
