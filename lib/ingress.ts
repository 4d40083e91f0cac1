import { Lazy } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct, IConstruct } from 'constructs';
import { isIP } from 'net';
import { MetadataProps, recommendedLabels } from './labels';
import { Problems, show } from './private/errors';
import { namespaceOf, objectName } from './private/names';
import { ServiceBase } from './service';

/**
 * How a rule's `path` matches the request path.
 * - `Prefix`: whole `/`-separated elements (`/api` matches `/api` and `/api/v1`, not `/apis`);
 *   a trailing slash makes no difference.
 * - `Exact`: the whole path, case-sensitively; beats a `Prefix` rule for the same path.
 * - `ImplementationSpecific`: whatever the IngressClass makes of it (often a regex).
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types
 */
export type IngressPathType = 'Prefix' | 'Exact' | 'ImplementationSpecific';

export interface IngressBackendOptions {
  /**
   * The Service port, by number or name; emitted as `port.number` or `port.name` as given.
   * @default - the service's only TCP port (emitted as `port.number`)
   */
  readonly port?: number | string;
}

/** Where an Ingress sends the requests a rule matches. */
export class IngressBackend {
  /** A port of a Service of this library; it must be a TCP port, in the Ingress's namespace. */
  public static fromService(service: ServiceBase, options: IngressBackendOptions = {}): IngressBackend {
    return new IngressBackend(service, options.port);
  }

  private constructor(public readonly service: ServiceBase, public readonly port?: number | string) {}

  /** @internal Checks the backend for the ingress at `prop`; `undefined` when it added a problem. */
  public _bind(ingress: IConstruct, prop: string, problems: Problems): k8s.IngressBackend | undefined {
    const service = this.service;
    const ns = namespaceOf(ingress);
    if (ns !== undefined && service.namespace !== undefined && service.namespace !== ns) {
      problems.add(`${prop}.service`, service.node.path, `is in namespace "${service.namespace}" but this Ingress is in "${ns}", and an Ingress only routes to Services of its own namespace`, 'route to a Service in the Ingress\'s namespace, or move one of them');
      return undefined;
    }
    const port = service.findPort(this.port, 'TCP');
    if (!port) {
      const tcp = service.ports.filter((p) => p.protocol === 'TCP');
      const has = tcp.length > 0 ? `it has ${tcp.map((p) => `${p.port} ("${p.name}")`).join(', ')}` : 'it has none';
      const rule = this.port === undefined
        ? `picks no port: service "${service.name}" needs exactly one TCP port for the default (${has})`
        : `is not a TCP port of service "${service.name}" (${has})`;
      const fix = tcp.length > 0 ? 'pass port: one of those numbers or names' : 'route to a Service with a TCP port: Ingress forwards HTTP';
      problems.add(`${prop}.port`, this.port, rule, fix);
      return undefined;
    }
    return {
      service: {
        name: service.name,
        port: typeof this.port === 'string' ? { name: port.name } : { number: port.port },
      },
    };
  }
}

/** Requests for `host` whose path matches `path` go to `backend`. */
export interface IngressRuleProps {
  /**
   * A DNS name (`api.example.com`) or a wildcard over one label (`*.example.com`); no port, no IP.
   * @default - every host: the catch-all rule
   */
  readonly host?: string;
  /** @default '/' */
  readonly path?: string;
  /** @default 'Prefix' */
  readonly pathType?: IngressPathType;
  readonly backend: IngressBackend;
}

/** Options of `RoutingIngress.addPathRule`. */
export interface PathRuleOptions {
  /** @default - every host: the catch-all rule */
  readonly host?: string;
  /** @default 'Prefix' */
  readonly pathType?: IngressPathType;
}

/** A certificate, and the hosts it terminates TLS for. */
export interface IngressTlsProps {
  /** A `kubernetes.io/tls` Secret in the Ingress's namespace. */
  readonly secretName: string;
  /** Each must be served by a rule (or the catch-all rule or `defaultBackend`). */
  readonly hosts: string[];
}

export interface RoutingIngressProps extends MetadataProps {
  /**
   * The IngressClass (controller) that serves this Ingress.
   * @default - the cluster's default IngressClass
   */
  readonly ingressClassName?: string;
  /** @default - none: add them with `addRule`, `addHostRule` or `addPathRule` */
  readonly rules?: IngressRuleProps[];
  /** @default - plain HTTP only */
  readonly tls?: IngressTlsProps[];
  /**
   * Serves requests that no rule matches.
   * @default - the controller decides (usually a 404 page)
   */
  readonly defaultBackend?: IngressBackend;
}

interface Route {
  readonly host?: string;
  readonly path: string;
  readonly pathType: IngressPathType;
  readonly backend: k8s.IngressBackend;
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const INVALID_PATH_PARTS = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_ENDINGS = ['/..', '/.'];

/**
 * An Ingress whose rules are added one route at a time and grouped by host into `spec.rules`.
 *
 * Two rules for the same host and path conflict when they have the same pathType, or when either is
 * `ImplementationSpecific` (its precedence is undefined). `Exact` and `Prefix` on the same path do not:
 * Kubernetes defines that `Exact` wins for that exact path.
 */
export class RoutingIngress extends Construct {
  /** Defaults of the props above; the docs and the tests read these too. */
  public static readonly DEFAULTS = {
    path: '/',
    pathType: 'Prefix' as IngressPathType,
  } as const;

  /** The Ingress object, for anything this construct does not model. */
  public readonly apiObject: k8s.KubeIngress;
  public readonly name: string;
  private readonly routes: Route[] = [];
  private readonly hasDefaultBackend: boolean;

  constructor(scope: Construct, id: string, props: RoutingIngressProps = {}) {
    super(scope, id);
    const problems = new Problems(this);
    this.name = props.name ?? objectName(this);
    this.hasDefaultBackend = props.defaultBackend !== undefined;

    if (!isDnsSubdomain(this.name)) {
      problems.add('name', this.name, 'is not a DNS-1123 subdomain', 'use lower-case letters, digits, \'-\' and \'.\'');
    }
    if (props.ingressClassName !== undefined && !isDnsSubdomain(props.ingressClassName)) {
      problems.add('ingressClassName', props.ingressClassName, 'is not a DNS-1123 subdomain', 'use the name of an IngressClass (`kubectl get ingressclass`)');
    }
    const defaultBackend = props.defaultBackend?._bind(this, 'defaultBackend', problems);
    const tlsHosts = new Map<string, string>();
    for (const [i, tls] of (props.tls ?? []).entries()) {
      if (!isDnsSubdomain(tls.secretName)) {
        problems.add(`tls[${i}].secretName`, tls.secretName, 'is not a Secret name', 'use lower-case letters, digits, \'-\' and \'.\'');
      }
      if (tls.hosts.length === 0) {
        problems.add(`tls[${i}].hosts`, tls.hosts, 'is empty', 'list the hosts the certificate covers');
      }
      for (const [j, host] of tls.hosts.entries()) {
        const where = `tls[${i}].hosts[${j}]`;
        checkHost(host, where, problems);
        const first = tlsHosts.get(host);
        if (first) problems.add(where, host, `is also ${first}`, 'list each host under one certificate');
        else tlsHosts.set(host, where);
      }
    }
    for (const rule of props.rules ?? []) this.checkAndAdd(rule, problems);
    problems.report();

    this.apiObject = new k8s.KubeIngress(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: recommendedLabels(this, this.name, props),
        annotations: props.annotations,
      },
      spec: {
        ingressClassName: props.ingressClassName,
        defaultBackend,
        rules: Lazy.any({ produce: () => this.renderRules() }),
        tls: props.tls?.map((t) => ({ secretName: t.secretName, hosts: t.hosts })),
      },
    });

    // Rules may be added after construction, so these can only be judged at synth.
    this.node.addValidation({
      validate: () => {
        // Same shape as `Problems`; cdk8s puts the construct path in front of validation messages.
        const found: string[] = [];
        const add = (prop: string, value: unknown, rule: string, fix: string) => found.push(`${prop} (${show(value)}) ${rule}; ${fix}`);
        if (this.routes.length === 0 && !this.hasDefaultBackend) {
          add('rules', [], 'is empty and there is no defaultBackend, so this Ingress routes nothing', 'add a rule with addRule(), or set defaultBackend');
        }
        for (const [host, where] of tlsHosts) {
          if (!this.serves(host)) {
            add(where, host, 'is not served by any rule', `add a rule for host "${host}", or remove it from tls`);
          }
        }
        return found;
      },
    });
  }

  /** Routes requests for `host` (every host when unset) under `path` to `backend`. Throws at once if the rule is invalid or clashes with an earlier one. */
  public addRule(rule: IngressRuleProps): void {
    const problems = new Problems(this);
    this.checkAndAdd(rule, problems);
    problems.report();
  }

  /** Routes every request for `host` to `backend`. */
  public addHostRule(host: string, backend: IngressBackend): void {
    this.addRule({ host, backend });
  }

  /** Routes requests under `path` (of every host, unless `options.host`) to `backend`. */
  public addPathRule(path: string, backend: IngressBackend, options: PathRuleOptions = {}): void {
    this.addRule({ path, backend, host: options.host, pathType: options.pathType });
  }

  private checkAndAdd(rule: IngressRuleProps, problems: Problems): void {
    const defaults = RoutingIngress.DEFAULTS;
    const path = rule.path ?? defaults.path;
    const pathType = rule.pathType ?? defaults.pathType;
    const where = rule.host === undefined ? `rules[path=${path}]` : `rules[host=${rule.host},path=${path}]`;
    let ok = true;
    if (rule.host !== undefined) ok = checkHost(rule.host, `${where}.host`, problems) && ok;
    ok = checkPath(path, pathType, `${where}.path`, problems) && ok;
    const clash = this.routes.find((r) => r.host === rule.host && conflicts(r, path, pathType));
    if (clash) {
      const to = clash.backend.service?.name;
      problems.add(where, pathType, `matches the same requests as the earlier rule for path "${clash.path}" (${clash.pathType}, to service "${to}")`, 'remove one of the two rules, or change its path');
      ok = false;
    }
    const backend = rule.backend._bind(this, `${where}.backend`, problems);
    if (!ok || !backend) return;
    this.routes.push({ host: rule.host, path, pathType, backend });
  }

  private serves(host: string): boolean {
    if (this.hasDefaultBackend) return true;
    return this.routes.some((r) => r.host === undefined || r.host === host
      || (r.host.startsWith('*.') && !host.startsWith('*.') && host.slice(host.indexOf('.')) === r.host.slice(1)));
  }

  private renderRules(): k8s.IngressRule[] | undefined {
    // A Map keeps hosts in the order their first rule was added; `undefined` is the catch-all.
    const byHost = new Map<string | undefined, k8s.HttpIngressPath[]>();
    for (const r of this.routes) {
      const paths = byHost.get(r.host) ?? [];
      paths.push({ path: r.path === '' ? undefined : r.path, pathType: r.pathType, backend: r.backend });
      byHost.set(r.host, paths);
    }
    const rules = [...byHost].map(([host, paths]) => ({ host, http: { paths } }));
    return rules.length > 0 ? rules : undefined;
  }
}

function conflicts(route: Route, path: string, pathType: IngressPathType): boolean {
  if (route.pathType === 'ImplementationSpecific' || pathType === 'ImplementationSpecific') return route.path === path;
  if (route.pathType !== pathType) return false;
  return pathType === 'Prefix' ? trimSlash(route.path) === trimSlash(path) : route.path === path;
}

/** Prefix matching ignores a trailing slash: `/api/` and `/api` match the same requests. */
function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function checkPath(path: string, pathType: IngressPathType, where: string, problems: Problems): boolean {
  if (pathType === 'ImplementationSpecific') {
    if (path === '' || path.startsWith('/')) return true;
    problems.add(where, path, 'must start with \'/\'', `write "/${path}"`);
    return false;
  }
  if (!path.startsWith('/')) {
    problems.add(where, path, `must start with '/' for pathType ${pathType}`, `write "/${path}"`);
    return false;
  }
  const part = INVALID_PATH_PARTS.find((s) => path.includes(s));
  if (part) {
    problems.add(where, path, `contains "${part}", which Kubernetes rejects in ${pathType} paths`, 'write the path in its normalized form');
    return false;
  }
  const ending = INVALID_PATH_ENDINGS.find((s) => path.endsWith(s));
  if (ending) {
    problems.add(where, path, `ends with "${ending}", which Kubernetes rejects in ${pathType} paths`, 'write the path in its normalized form');
    return false;
  }
  return true;
}

/** Ingress hosts: DNS-1123 subdomains, optionally with `*` as the whole first label; no IPs, no ports. */
function checkHost(host: string, where: string, problems: Problems): boolean {
  const port = /^([^:]+):(\d+)$/.exec(host);
  if (isIP(host) !== 0 || (port && isIP(port[1]) !== 0)) {
    problems.add(where, host, 'is an IP address, which Ingress hosts cannot be', 'use a DNS name, or leave host unset to match every host');
    return false;
  }
  if (port) {
    problems.add(where, host, 'includes a port, which Ingress hosts cannot (they serve :80 and :443)', `write "${port[1]}"`);
    return false;
  }
  if (host === '*') {
    problems.add(where, host, 'is a wildcard by itself, which Ingress hosts cannot be', 'leave host unset to match every host');
    return false;
  }
  const wildcard = host.startsWith('*.');
  const rest = wildcard ? host.slice(2) : host;
  if (rest.includes('*')) {
    problems.add(where, host, 'has a \'*\' that is not the whole first label', 'use a wildcard only as the first label, like "*.example.com"');
    return false;
  }
  if (!isDnsSubdomain(rest)) {
    problems.add(where, host, 'is not a valid DNS name', 'use lower-case letters, digits and \'-\' in labels separated by \'.\'');
    return false;
  }
  return true;
}

function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && name.split('.').every((label) => label.length <= 63 && DNS_1123_LABEL.test(label));
}
