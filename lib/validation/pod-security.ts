/*
 * Pod Security Standards, "baseline" and "restricted" levels, as Pod Security Admission
 * enforces them: https://kubernetes.io/docs/concepts/security/pod-security-standards/
 * (controls, allowed values and version differences cross-checked with
 * k8s.io/pod-security-admission/policy/check_*.go). A pod must be admitted by every requested
 * Kubernetes version, so version-dependent allow-lists use the oldest requested version.
 * Not enforced by PSA and so not here: the optional "non-root groups" control.
 */
import { Findings, Json, number, record, records, ResolvedOptions, show, string } from './context';
import { containersOf, PodTemplate } from './workloads';

type Level = 'baseline' | 'restricted';

/** Re-exported publicly as PSS_ANNOTATION; kept here so this module needs nothing of the public one. */
export const PSS_ANNOTATION = 'cdk8s-patterns/pod-security';

const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP',
  'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
/** [sysctl, minor version that made it safe] */
const SAFE_SYSCTLS: ReadonlyArray<[string, number]> = [
  ['kernel.shm_rmid_forced', 0], ['net.ipv4.ip_local_port_range', 0], ['net.ipv4.tcp_syncookies', 0],
  ['net.ipv4.ping_group_range', 0], ['net.ipv4.ip_unprivileged_port_start', 0], ['net.ipv4.ip_local_reserved_ports', 27],
  ['net.ipv4.tcp_keepalive_time', 29], ['net.ipv4.tcp_fin_timeout', 29], ['net.ipv4.tcp_keepalive_intvl', 29],
  ['net.ipv4.tcp_keepalive_probes', 29], ['net.ipv4.tcp_rmem', 32], ['net.ipv4.tcp_wmem', 32],
];
const SELINUX_TYPES: ReadonlyArray<[string, number]> = [['container_t', 0], ['container_init_t', 0], ['container_kvm_t', 0],
  ['container_engine_t', 31]];
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/** Namespace label Pod Security admission enforces (k8s.io/pod-security-admission/api: EnforceLevelLabel). */
export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/**
 * `namespaceLevels`: the enforce label of each Namespace in the manifests, by name. A workload held
 * to baseline in a namespace that enforces restricted is an error: admission rejects its pods.
 */
export function checkPodSecurity(
  templates: readonly PodTemplate[], options: ResolvedOptions, findings: Findings, namespaceLevels: ReadonlyMap<string, string> = new Map(),
): void {
  const minors = options.versions.map((v) => Number(v.split('.')[1]));
  const oldest = Math.min(...minors);
  const newest = Math.max(...minors);
  for (const template of templates) {
    const { level, path } = levelOf(template, options, findings);
    const namespace = template.subject.namespace;
    if (level === 'baseline' && namespaceLevels.get(namespace) === 'restricted') {
      const how = path ? `opted down to baseline by ${path}` : 'held to baseline by the podSecurity option';
      findings.error('pod-security-namespace', template.subject, path || 'metadata.namespace',
        `this workload is ${how}, but Namespace ${show(namespace)} enforces restricted (label ${ENFORCE_LABEL}), so Pod Security admission rejects `
        + `every pod it creates; make it meet restricted and remove the opt-down, or set the namespace's level to baseline (AppNamespace prop `
        + `podSecurity: PodSecurityLevel.BASELINE)`);
    }
    new PodSecurityCheck(template, level, oldest, newest, findings).run();
  }
}

function levelOf(template: PodTemplate, options: ResolvedOptions, findings: Findings): { level: Level; path?: string } {
  const sources: [Json | undefined, string][] = [
    [template.templatePath ? template.metadata : undefined, `${template.templatePath}.metadata`],
    [record(template.subject.manifest.metadata), 'metadata'],
  ];
  for (const [metadata, path] of sources) {
    const value = record(metadata?.annotations)?.[PSS_ANNOTATION];
    if (value === undefined) continue;
    const at = `${path}.annotations[${JSON.stringify(PSS_ANNOTATION)}]`;
    if (value === 'baseline' || value === 'restricted') return { level: value, path: at };
    findings.error('pod-security-annotation', template.subject, at,
      `annotation ${PSS_ANNOTATION} must be "baseline" or "restricted", got ${show(value)}; the ${options.podSecurity} level was applied`);
  }
  return { level: options.podSecurity };
}

class PodSecurityCheck {
  private readonly spec: Json;
  private readonly podContext: Json | undefined;
  private readonly windows: boolean;

  constructor(
    private readonly template: PodTemplate,
    private readonly level: Level,
    private readonly oldest: number,
    private readonly newest: number,
    private readonly findings: Findings,
  ) {
    this.spec = template.spec;
    this.podContext = record(template.spec.securityContext);
    this.windows = record(template.spec.os)?.name === 'windows';
  }

  public run(): void {
    this.baseline();
    if (this.level === 'restricted') this.restricted();
  }

  private fail(level: Level, control: string, path: string, message: string): void {
    const hint = level === 'restricted'
      ? `; or opt this workload down to baseline (construct prop podSecurity: PodSecurityLevel.BASELINE, or annotation ${PSS_ANNOTATION}: baseline)`
      : '';
    this.findings.error(`pss-${level}/${control}`, this.template.subject, path, `${message} (${level} Pod Security Standard)${hint}`);
  }

  private get podPath(): string {
    return `${this.template.specPath}.securityContext`;
  }

  private baseline(): void {
    const { spec, podContext } = this;
    const sp = this.template.specPath;
    if (record(podContext?.windowsOptions)?.hostProcess === true) this.fail('baseline', 'host-process', `${this.podPath}.windowsOptions.hostProcess`,
      'windowsOptions.hostProcess must not be true');
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
      if (spec[field] === true) this.fail('baseline', 'host-namespaces', `${sp}.${field}`,
        `${field} must not be true: it shares the node's namespace with the pod; remove it`);
    }
    if (this.level === 'baseline') {
      records(spec.volumes).forEach((v, i) => {
        if (v.hostPath !== undefined) this.fail('baseline', 'host-path-volumes', `${sp}.volumes[${string(v.name) ? `name=${v.name}` : i}].hostPath`,
          `volume ${show(v.name)} must not be a hostPath volume; use emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim`);
      });
    }
    const sysctls = records(podContext?.sysctls).map((s) => string(s.name) ?? '');
    const safe = new Set(SAFE_SYSCTLS.filter(([, since]) => since <= this.oldest).map(([name]) => name));
    const unsafe = sysctls.filter((s) => !safe.has(s));
    if (unsafe.length) this.fail('baseline', 'sysctls', `${this.podPath}.sysctls`,
      `sysctls ${unsafe.map((s) => JSON.stringify(s)).join(', ')} are not in the safe set for Kubernetes 1.${this.oldest} (${[...safe].join(', ')})`);
    this.checkSeLinux(this.podPath, 'pod', podContext);
    this.checkAppArmor(this.podPath, 'pod', podContext);
    if (record(podContext?.seccompProfile)?.type === 'Unconfined') this.fail('baseline', 'seccomp', `${this.podPath}.seccompProfile.type`,
      'seccompProfile.type must not be "Unconfined"; use "RuntimeDefault"');
    for (const [key, value] of Object.entries(record(this.template.metadata.annotations) ?? {})) {
      if (key.startsWith(APPARMOR_ANNOTATION) && typeof value === 'string' && value !== '' && value !== 'runtime/default'
        && !value.startsWith('localhost/')) {
        this.fail('baseline', 'apparmor',
          `${this.template.templatePath ? `${this.template.templatePath}.` : ''}metadata.annotations[${JSON.stringify(key)}]`,
          `AppArmor profile ${show(value)} is not allowed; use "runtime/default" or "localhost/<profile>"`);
      }
    }

    for (const c of containersOf(this.template)) {
      const sc = record(c.container.securityContext);
      const at = `${c.path}.securityContext`;
      if (sc?.privileged === true) this.fail('baseline', 'privileged', `${at}.privileged`, `container ${show(c.name)} must not be privileged`);
      if (record(sc?.windowsOptions)?.hostProcess === true) this.fail('baseline', 'host-process', `${at}.windowsOptions.hostProcess`,
        `container ${show(c.name)} must not set windowsOptions.hostProcess`);
      // Under restricted, its stricter capabilities control replaces this one (as in PSA).
      const added = record(sc?.capabilities)?.add;
      const extra = (Array.isArray(added) ? added : []).filter((cap) => typeof cap !== 'string' || !BASELINE_CAPABILITIES.has(cap));
      if (extra.length && this.level === 'baseline') this.fail('baseline', 'capabilities', `${at}.capabilities.add`,
        `container ${show(c.name)} adds capabilities ${extra.map(show).join(', ')}, beyond the baseline set `
        + `(${[...BASELINE_CAPABILITIES].join(', ')})`);
      records(c.container.ports).forEach((p, i) => {
        const hostPort = number(p.hostPort);
        if (hostPort) this.fail('baseline', 'host-ports', `${c.path}.ports[${string(p.name) ? `name=${p.name}` : i}].hostPort`,
          `container ${show(c.name)} must not use hostPort ${hostPort}; expose it with a Service instead`);
      });
      this.checkSeLinux(at, `container ${show(c.name)}`, sc);
      this.checkAppArmor(at, `container ${show(c.name)}`, sc);
      const procMount = string(sc?.procMount);
      const userNamespace = this.spec.hostUsers === false && this.oldest >= 35 && this.level === 'baseline';
      if (procMount !== undefined && procMount !== 'Default' && !userNamespace) this.fail('baseline', 'proc-mount', `${at}.procMount`,
        `container ${show(c.name)} must use procMount "Default", got ${show(procMount)}`);
      if (record(sc?.seccompProfile)?.type === 'Unconfined') this.fail('baseline', 'seccomp', `${at}.seccompProfile.type`,
        `container ${show(c.name)} must not use seccompProfile.type "Unconfined"; use "RuntimeDefault"`);
      if (this.newest >= 34) this.checkHostProbes(c.container, c.path, c.name);
    }
  }

  private checkSeLinux(path: string, who: string, context: Json | undefined): void {
    const options = record(context?.seLinuxOptions);
    if (!options) return;
    const allowed = SELINUX_TYPES.filter(([, since]) => since <= this.oldest).map(([t]) => t);
    const type = string(options.type);
    if (type && !allowed.includes(type)) this.fail('baseline', 'selinux', `${path}.seLinuxOptions.type`,
      `${who} sets SELinux type ${show(type)}; allowed: ${allowed.join(', ')} (or unset) for Kubernetes 1.${this.oldest}`);
    for (const field of ['user', 'role']) {
      if (string(options[field])) this.fail('baseline', 'selinux', `${path}.seLinuxOptions.${field}`,
        `${who} must not set seLinuxOptions.${field}, got ${show(options[field])}`);
    }
  }

  private checkAppArmor(path: string, who: string, context: Json | undefined): void {
    const type = record(context?.appArmorProfile)?.type;
    if (type !== undefined && type !== 'RuntimeDefault' && type !== 'Localhost') {
      this.fail('baseline', 'apparmor', `${path}.appArmorProfile.type`,
        `${who} sets appArmorProfile.type ${show(type)}; use "RuntimeDefault" or "Localhost"`);
    }
  }

  /** Kubernetes 1.34+: probes and lifecycle hooks may not target another host. */
  private checkHostProbes(container: Json, path: string, name: string): void {
    const handlers: [string, Json | undefined][] = [
      ...['livenessProbe', 'readinessProbe', 'startupProbe'].map((p): [string, Json | undefined] => [p, record(container[p])]),
      ...['postStart', 'preStop'].map((h): [string, Json | undefined] => [`lifecycle.${h}`, record(record(container.lifecycle)?.[h])]),
    ];
    for (const [where, handler] of handlers) {
      for (const action of ['httpGet', 'tcpSocket']) {
        const host = string(record(handler?.[action])?.host);
        if (host) this.fail('baseline', 'host-probes', `${path}.${where}.${action}.host`,
          `container ${show(name)} ${where} must not set host (got ${show(host)}); probes and hooks must target the pod itself`);
      }
    }
  }

  private restricted(): void {
    const { spec, podContext } = this;
    const sp = this.template.specPath;
    records(spec.volumes).forEach((v, i) => {
      const type = Object.keys(v).find((k) => k !== 'name');
      if (type !== undefined && !RESTRICTED_VOLUMES.includes(type)) {
        this.fail('restricted', 'volume-types', `${sp}.volumes[${string(v.name) ? `name=${v.name}` : i}].${type}`,
          `volume ${show(v.name)} has type ${type}; allowed: ${RESTRICTED_VOLUMES.join(', ')}`);
      }
    });
    const podNonRoot = podContext?.runAsNonRoot;
    if (podNonRoot === false) this.fail('restricted', 'run-as-non-root', `${this.podPath}.runAsNonRoot`,
      'pod securityContext.runAsNonRoot must not be false; set it to true');
    if (podContext?.runAsUser === 0) this.fail('restricted', 'run-as-user', `${this.podPath}.runAsUser`,
      'pod securityContext.runAsUser must not be 0 (root); use a non-zero UID');
    const podSeccomp = string(record(podContext?.seccompProfile)?.type);
    const podSeccompOk = podSeccomp === 'RuntimeDefault' || podSeccomp === 'Localhost';

    for (const c of containersOf(this.template)) {
      const sc = record(c.container.securityContext);
      const at = `${c.path}.securityContext`;
      const who = `container ${show(c.name)}`;
      if (!this.windows && sc?.allowPrivilegeEscalation !== false) {
        this.fail('restricted', 'allow-privilege-escalation', `${at}.allowPrivilegeEscalation`,
          `${who} must set securityContext.allowPrivilegeEscalation to false, got ${show(sc?.allowPrivilegeEscalation)}`);
      }
      const nonRoot = sc?.runAsNonRoot;
      if (nonRoot === false) {
        this.fail('restricted', 'run-as-non-root', `${at}.runAsNonRoot`, `${who} must not set securityContext.runAsNonRoot to false; set it to true`);
      } else if (nonRoot !== true && podNonRoot !== true) {
        this.fail('restricted', 'run-as-non-root', `${at}.runAsNonRoot`,
          `${who} must run as non-root: set securityContext.runAsNonRoot to true here or in the pod securityContext`);
      }
      if (sc?.runAsUser === 0) this.fail('restricted', 'run-as-user', `${at}.runAsUser`,
        `${who} must not set runAsUser 0 (root); use a non-zero UID`);
      if (this.windows) continue;
      const seccomp = string(record(sc?.seccompProfile)?.type);
      if (!podSeccompOk && seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost' && seccomp !== 'Unconfined') {
        this.fail('restricted', 'seccomp', `${at}.seccompProfile.type`,
          `${who} must have seccompProfile.type "RuntimeDefault" or "Localhost" (here or in the pod securityContext), got ${show(seccomp)}`);
      }
      const capabilities = record(sc?.capabilities);
      const drop = Array.isArray(capabilities?.drop) ? capabilities.drop : [];
      if (!drop.includes('ALL')) this.fail('restricted', 'capabilities', `${at}.capabilities.drop`,
        `${who} must drop ALL capabilities (securityContext.capabilities.drop: ["ALL"]), got ${show(capabilities?.drop)}`);
      const add = Array.isArray(capabilities?.add) ? capabilities.add : [];
      const extra = add.filter((cap) => cap !== 'NET_BIND_SERVICE');
      if (extra.length) this.fail('restricted', 'capabilities', `${at}.capabilities.add`,
        `${who} may only add NET_BIND_SERVICE, got ${extra.map(show).join(', ')}`);
    }
  }
}
