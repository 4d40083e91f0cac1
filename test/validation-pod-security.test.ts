/**
 * Pod Security Standards: one known-bad variant of the known-good app per control, and the
 * ways a workload chooses its level.
 */
import { Finding, POD_SECURITY_ANNOTATION, validateManifests, ValidateOptions } from '../lib/validation';
import { container, goodApp, obj, web } from './fixtures/validation';

const POD = 'Pod/shop/worker';
const APP = 'spec.containers[name=app]';
const SHIPPER = 'spec.containers[name=log-shipper]';
const BASELINE = ' (baseline Pod Security Standard)';
const RESTRICTED = ` (restricted Pod Security Standard); or opt this workload down to baseline (construct prop podSecurity: PodSecurityLevel.BASELINE, or annotation ${POD_SECURITY_ANNOTATION}: baseline)`;

const baseline = (control: string, path: string, message: string, object = POD): Finding =>
  ({ rule: `pss-baseline/${control}`, severity: 'error', object, path, message: message + BASELINE });
const restricted = (control: string, path: string, message: string, object = POD): Finding =>
  ({ rule: `pss-restricted/${control}`, severity: 'error', object, path, message: message + RESTRICTED });

/** The `worker` Pod, whose two containers (app, log-shipper) the cases below bend. */
const worker = (m: any[]) => obj(m, 'Pod', 'worker');
const optDown = (pod: any) => { pod.metadata.annotations = { [POD_SECURITY_ANNOTATION]: 'baseline' }; };

interface Case {
  readonly mutate: (manifests: any[]) => void;
  readonly expected: Finding[];
  readonly options?: ValidateOptions;
}

const BASELINE_CONTROLS: Record<string, Case> = {
  'host-process': {
    mutate: (m) => { worker(m).spec.securityContext.windowsOptions = { hostProcess: true }; },
    expected: [baseline('host-process', 'spec.securityContext.windowsOptions.hostProcess', 'windowsOptions.hostProcess must not be true')],
  },
  'host-namespaces': {
    mutate: (m) => { worker(m).spec.hostNetwork = true; },
    expected: [baseline('host-namespaces', 'spec.hostNetwork', 'hostNetwork must not be true: it shares the node\'s namespace with the pod; remove it')],
  },
  'privileged': {
    mutate: (m) => { worker(m).spec.containers[0].securityContext.privileged = true; },
    expected: [baseline('privileged', `${APP}.securityContext.privileged`, 'container "app" must not be privileged')],
  },
  'capabilities': {
    mutate: (m) => { optDown(worker(m)); worker(m).spec.containers[0].securityContext.capabilities.add = ['SYS_ADMIN']; },
    expected: [baseline('capabilities', `${APP}.securityContext.capabilities.add`, 'container "app" adds capabilities "SYS_ADMIN", beyond the baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT)')],
  },
  'host-path-volumes': {
    mutate: (m) => { optDown(worker(m)); worker(m).spec.volumes = [{ name: 'host', hostPath: { path: '/var' } }]; },
    expected: [baseline('host-path-volumes', 'spec.volumes[name=host].hostPath', 'volume "host" must not be a hostPath volume; use emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim')],
  },
  'host-ports': {
    mutate: (m) => { worker(m).spec.containers[0].ports[0].hostPort = 8080; },
    expected: [baseline('host-ports', `${APP}.ports[name=http].hostPort`, 'container "app" must not use hostPort 8080; expose it with a Service instead')],
  },
  'apparmor (annotation)': {
    mutate: (m) => { worker(m).metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }; },
    expected: [baseline('apparmor', 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]', 'AppArmor profile "unconfined" is not allowed; use "runtime/default" or "localhost/<profile>"')],
  },
  'apparmor (field, 1.30+)': {
    mutate: (m) => { worker(m).spec.containers[0].securityContext.appArmorProfile = { type: 'Unconfined' }; },
    options: { kubernetesVersions: ['1.35'] },
    expected: [baseline('apparmor', `${APP}.securityContext.appArmorProfile.type`, 'container "app" sets appArmorProfile.type "Unconfined"; use "RuntimeDefault" or "Localhost"')],
  },
  'selinux': {
    mutate: (m) => { worker(m).spec.securityContext.seLinuxOptions = { type: 'spc_t', user: 'root' }; },
    options: { kubernetesVersions: ['1.27', '1.35'] }, // 1.27's allow-list
    expected: [
      baseline('selinux', 'spec.securityContext.seLinuxOptions.type', 'pod sets SELinux type "spc_t"; allowed: container_t, container_init_t, container_kvm_t (or unset) for Kubernetes 1.27'),
      baseline('selinux', 'spec.securityContext.seLinuxOptions.user', 'pod must not set seLinuxOptions.user, got "root"'),
    ],
  },
  'proc-mount': {
    mutate: (m) => { worker(m).spec.containers[0].securityContext.procMount = 'Unmasked'; },
    expected: [baseline('proc-mount', `${APP}.securityContext.procMount`, 'container "app" must use procMount "Default", got "Unmasked"')],
  },
  'seccomp': {
    mutate: (m) => { optDown(worker(m)); worker(m).spec.securityContext.seccompProfile.type = 'Unconfined'; },
    expected: [baseline('seccomp', 'spec.securityContext.seccompProfile.type', 'seccompProfile.type must not be "Unconfined"; use "RuntimeDefault"')],
  },
  'sysctls': {
    mutate: (m) => { worker(m).spec.securityContext.sysctls = [{ name: 'net.ipv4.tcp_syncookies', value: '1' }, { name: 'kernel.msgmax', value: '1' }]; },
    options: { kubernetesVersions: ['1.27', '1.35'] }, // 1.27's allow-list
    expected: [baseline('sysctls', 'spec.securityContext.sysctls', 'sysctls "kernel.msgmax" are not in the safe set for Kubernetes 1.27 (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.ip_local_reserved_ports)')],
  },
  'host-probes (1.34+)': {
    mutate: (m) => { web(m).app.readinessProbe.httpGet.host = 'example.com'; },
    expected: [baseline('host-probes', 'spec.template.spec.containers[name=app].readinessProbe.httpGet.host', 'container "app" readinessProbe must not set host (got "example.com"); probes and hooks must target the pod itself', 'Deployment/shop/web')],
  },
};

const RESTRICTED_CONTROLS: Record<string, Case> = {
  'volume-types': {
    mutate: (m) => { worker(m).spec.volumes = [{ name: 'nfs', nfs: { server: 'nfs.example.com', path: '/' } }]; },
    expected: [restricted('volume-types', 'spec.volumes[name=nfs].nfs', 'volume "nfs" has type nfs; allowed: configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret')],
  },
  'volume-types (hostPath is reported once, as here)': {
    mutate: (m) => { worker(m).spec.volumes = [{ name: 'host', hostPath: { path: '/var' } }]; },
    expected: [restricted('volume-types', 'spec.volumes[name=host].hostPath', 'volume "host" has type hostPath; allowed: configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret')],
  },
  'allow-privilege-escalation': {
    mutate: (m) => { delete worker(m).spec.containers[1].securityContext.allowPrivilegeEscalation; },
    expected: [restricted('allow-privilege-escalation', `${SHIPPER}.securityContext.allowPrivilegeEscalation`, 'container "log-shipper" must set securityContext.allowPrivilegeEscalation to false, got nothing')],
  },
  'allow-privilege-escalation (init containers too)': {
    mutate: (m) => { web(m).pod.initContainers = [{ name: 'init', image: 'busybox', securityContext: { capabilities: { drop: ['ALL'] } } }]; },
    expected: [restricted('allow-privilege-escalation', 'spec.template.spec.initContainers[name=init].securityContext.allowPrivilegeEscalation', 'container "init" must set securityContext.allowPrivilegeEscalation to false, got nothing', 'Deployment/shop/web')],
  },
  'run-as-non-root (unset everywhere)': {
    mutate: (m) => { delete worker(m).spec.securityContext.runAsNonRoot; worker(m).spec.containers[0].securityContext.runAsNonRoot = true; },
    expected: [restricted('run-as-non-root', `${SHIPPER}.securityContext.runAsNonRoot`, 'container "log-shipper" must run as non-root: set securityContext.runAsNonRoot to true here or in the pod securityContext')],
  },
  'run-as-non-root (false)': {
    mutate: (m) => { worker(m).spec.containers[0].securityContext.runAsNonRoot = false; },
    expected: [restricted('run-as-non-root', `${APP}.securityContext.runAsNonRoot`, 'container "app" must not set securityContext.runAsNonRoot to false; set it to true')],
  },
  'run-as-user': {
    mutate: (m) => { worker(m).spec.securityContext.runAsUser = 0; },
    expected: [
      // With the pod's runAsNonRoot: true the kubelet would not start them either (issue 12, class 3).
      {
        rule: 'run-as-non-root-uid', severity: 'error', object: POD, path: 'spec.securityContext.runAsUser',
        message: 'runAsUser is 0 (root) while spec.securityContext.runAsNonRoot is true, so the kubelet refuses to start containers "app", "log-shipper" ("runAsUser breaks non-root policy"); use a non-zero runAsUser, or set runAsNonRoot to false',
      },
      restricted('run-as-user', 'spec.securityContext.runAsUser', 'pod securityContext.runAsUser must not be 0 (root); use a non-zero UID'),
    ],
  },
  'seccomp': {
    mutate: (m) => {
      delete worker(m).spec.securityContext.seccompProfile;
      worker(m).spec.containers[0].securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'app.json' };
    },
    expected: [restricted('seccomp', `${SHIPPER}.securityContext.seccompProfile.type`, 'container "log-shipper" must have seccompProfile.type "RuntimeDefault" or "Localhost" (here or in the pod securityContext), got nothing')],
  },
  'capabilities (drop ALL)': {
    mutate: (m) => { delete worker(m).spec.containers[0].securityContext.capabilities; },
    expected: [restricted('capabilities', `${APP}.securityContext.capabilities.drop`, 'container "app" must drop ALL capabilities (securityContext.capabilities.drop: ["ALL"]), got nothing')],
  },
  'capabilities (add only NET_BIND_SERVICE)': {
    mutate: (m) => { worker(m).spec.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE', 'CHOWN']; },
    expected: [restricted('capabilities', `${APP}.securityContext.capabilities.add`, 'container "app" may only add NET_BIND_SERVICE, got "CHOWN"')],
  },
};

function check({ mutate, expected, options }: Case): void {
  const manifests = goodApp();
  mutate(manifests);
  expect(validateManifests(manifests, options)).toEqual(expected);
}

describe('baseline controls', () => {
  test.each(Object.entries(BASELINE_CONTROLS))('%s', (_, c) => check(c));
});

describe('restricted controls', () => {
  test.each(Object.entries(RESTRICTED_CONTROLS))('%s', (_, c) => check(c));
});

describe('choosing the level', () => {
  /** The web Deployment with its container's hardening removed: baseline, not restricted. */
  function baselineWeb(): any[] {
    const manifests = goodApp();
    delete web(manifests).app.securityContext;
    delete web(manifests).pod.securityContext;
    return manifests;
  }

  test('restricted is the default', () => {
    expect(validateManifests(baselineWeb()).map((f) => f.rule)).toEqual([
      'pss-restricted/allow-privilege-escalation',
      'pss-restricted/run-as-non-root',
      'pss-restricted/seccomp',
      'pss-restricted/capabilities',
    ]);
  });

  test('the annotation on the pod template opts a workload down to baseline', () => {
    const manifests = baselineWeb();
    web(manifests).deployment.spec.template.metadata.annotations = { [POD_SECURITY_ANNOTATION]: 'baseline' };
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('the annotation on the workload itself works too', () => {
    const manifests = baselineWeb();
    web(manifests).deployment.metadata.annotations = { [POD_SECURITY_ANNOTATION]: 'baseline' };
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('baseline still applies to an opted-down workload', () => {
    const manifests = baselineWeb();
    web(manifests).deployment.metadata.annotations = { [POD_SECURITY_ANNOTATION]: 'baseline' };
    web(manifests).pod.hostPID = true;
    expect(validateManifests(manifests)).toEqual([
      baseline('host-namespaces', 'spec.template.spec.hostPID', 'hostPID must not be true: it shares the node\'s namespace with the pod; remove it', 'Deployment/shop/web'),
    ]);
  });

  test('the podSecurity option sets the level for every workload; the annotation can raise it again', () => {
    const manifests = baselineWeb();
    expect(validateManifests(manifests, { podSecurity: 'baseline' })).toEqual([]);
    web(manifests).deployment.metadata.annotations = { [POD_SECURITY_ANNOTATION]: 'restricted' };
    expect(validateManifests(manifests, { podSecurity: 'baseline' })).toHaveLength(4);
  });

  test('an unknown annotation value is an error and the default level applies', () => {
    const manifests = goodApp();
    worker(manifests).metadata.annotations = { [POD_SECURITY_ANNOTATION]: 'privileged' };
    expect(validateManifests(manifests)).toEqual([{
      rule: 'pod-security-annotation',
      severity: 'error',
      object: POD,
      path: `metadata.annotations["${POD_SECURITY_ANNOTATION}"]`,
      message: `annotation ${POD_SECURITY_ANNOTATION} must be "baseline" or "restricted", got "privileged"; the restricted level was applied`,
    }]);
  });
});

describe('Kubernetes versions', () => {
  test('sysctls made safe after 1.27 pass when only newer versions are targeted', () => {
    const manifests = goodApp();
    worker(manifests).spec.securityContext.sysctls = [{ name: 'net.ipv4.tcp_keepalive_time', value: '60' }];
    expect(validateManifests(manifests, { kubernetesVersions: ['1.27', '1.35'] }).map((f) => f.rule)).toEqual(['pss-baseline/sysctls']);
    expect(validateManifests(manifests, { kubernetesVersions: ['1.35'] })).toEqual([]);
  });

  test('the container_engine_t SELinux type is allowed from 1.31 on', () => {
    const manifests = goodApp();
    worker(manifests).spec.securityContext.seLinuxOptions = { type: 'container_engine_t' };
    expect(validateManifests(manifests, { kubernetesVersions: ['1.27', '1.35'] }).map((f) => f.rule)).toEqual(['pss-baseline/selinux']);
    expect(validateManifests(manifests, { kubernetesVersions: ['1.35'] })).toEqual([]);
  });

  test('probe hosts are only refused from 1.34 on', () => {
    const manifests = goodApp();
    web(manifests).app.readinessProbe.httpGet.host = 'example.com';
    expect(validateManifests(manifests, { kubernetesVersions: ['1.27'] })).toEqual([]);
  });

  test('Windows pods are exempt from the Linux-only restricted controls', () => {
    const manifests = goodApp();
    const pod = worker(manifests);
    pod.spec.os = { name: 'windows' };
    delete pod.spec.securityContext.seccompProfile;
    pod.spec.containers = [container('app', { securityContext: {} })];
    expect(validateManifests(manifests)).toEqual([]);
  });
});
