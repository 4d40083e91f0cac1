import { Lazy, Size } from 'cdk8s';
import * as k8s from './private/k8s';
import { Construct, IConstruct } from 'constructs';
import { CloudProvider, LoadBalancerScheme } from './cloud-provider';
import { BasicAuth, CertManagerIssuer, ExternalAuth, IngressController, RateLimit } from './ingress-controller';
import { checkLabelProps, MetadataProps, recommendedLabels } from './labels';
import { mergeAnnotations } from './private/annotations';
import { PatternConstruct, Problems } from './private/construct-base';
import { httpBackendPort } from './private/service-ports';
import { checkObjectName, namespaceOf, objectName } from './private/names';
import { dns1123Subdomain, hostname, ingressPath, isDns1123Subdomain, sameMatch, sameNamespace, secretName } from './rules';
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
    if (!problems.check(`${prop}.service`, service.node.path, sameNamespace(service.namespace, ns, 'Ingress'))) return undefined;
    const port = httpBackendPort(service, this.port, prop, 'Ingress', problems);
    if (!port) return undefined;
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
  /**
   * A `kubernetes.io/tls` Secret in the Ingress's namespace (with `certManager`, cert-manager writes it).
   * Required by every controller that reads Secrets; the AWS ALB refuses it and finds an ACM
   * certificate for `hosts` instead.
   * @default - none: only for controllers that find certificates themselves (ALB)
   */
  readonly secretName?: string;
  /** Each must be served by a rule (or the catch-all rule or `defaultBackend`). */
  readonly hosts: string[];
}

export interface RoutingIngressProps extends MetadataProps {
  /**
   * The controller that serves this Ingress, and so the dialect (class and annotations) the props
   * below are written in. A prop the controller cannot express is an error, never dropped.
   * @default - `IngressController.GENERIC` when `ingressClassName` is set (a class this library cannot
   * interpret), else the chart's `CloudProvider` controller (EKS: ALB, GKE: GCE, AKS: AGIC, generic: GENERIC)
   */
  readonly controller?: IngressController;
  /**
   * The IngressClass that serves this Ingress: overrides the controller's usual class, e.g. for a
   * second installation. GKE reads no class field (it is chosen by `scheme`).
   * @default - the controller's class (`nginx`, `alb`, ...); GENERIC: the cluster's default IngressClass
   */
  readonly ingressClassName?: string;
  /**
   * Whether the controller's load balancer is public or private. Cloud controllers set it per
   * Ingress (ALB `scheme`, GKE `gce-internal`, AGIC `use-private-ip`); NGINX controllers cannot:
   * their own Service decides.
   * @default 'internet-facing'
   */
  readonly scheme?: LoadBalancerScheme;
  /**
   * Issue the `tls` certificates with cert-manager (`cert-manager.io/cluster-issuer` or `issuer`):
   * it writes each `tls[].secretName` for that entry's hosts.
   * @see https://cert-manager.io/docs/usage/ingress/
   * @default - the Secrets exist already
   */
  readonly certManager?: CertManagerIssuer;
  /**
   * Redirect plain HTTP to HTTPS (`true`), or serve both (`false`). Without TLS on the Ingress, NGINX
   * controllers redirect on the `X-Forwarded-Proto` of a load balancer in front that terminated TLS.
   * @default - the controller's behaviour: NGINX controllers redirect when the Ingress has TLS; ALB and AGIC do not
   */
  readonly httpsRedirect?: boolean;
  /** Limit the requests each client IP may send. @default - no limit */
  readonly rateLimit?: RateLimit;
  /** Require HTTP basic authentication with users from a Secret. @default - none */
  readonly basicAuth?: BasicAuth;
  /** Let an authentication service accept or reject each request first. @default - none */
  readonly externalAuth?: ExternalAuth;
  /** Reject request bodies larger than this (HTTP 413). @default - the controller's (1 MiB for NGINX) */
  readonly maxBodySize?: Size;
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


/**
 * An Ingress whose rules are added one route at a time and grouped by host into `spec.rules`.
 *
 * Two rules for the same host and path conflict when they have the same pathType, or when either is
 * `ImplementationSpecific` (its precedence is undefined). `Exact` and `Prefix` on the same path do not:
 * Kubernetes defines that `Exact` wins for that exact path.
 */
export class RoutingIngress extends PatternConstruct {
  /** Defaults of the props above; the docs and the tests read these too. */
  public static readonly DEFAULTS = {
    path: '/',
    pathType: 'Prefix' as IngressPathType,
  } as const;

  /** The Ingress object, for anything this construct does not model. */
  public readonly apiObject: k8s.KubeIngress;
  public readonly name: string;
  /** The controller whose dialect this Ingress is written in. */
  public readonly controller: IngressController;
  /**
   * The routes by host, in the order each host's first rule was added (`undefined` is the
   * catch-all): `spec.rules` is rendered in that order, and a new rule is checked for clashes
   * against its own host's routes only, so an Ingress of thousands of hosts stays linear.
   */
  private readonly routesByHost = new Map<string | undefined, Route[]>();
  private readonly hasDefaultBackend: boolean;

  constructor(scope: Construct, id: string, props: RoutingIngressProps = {}) {
    super(scope, id);
    this.name = props.name ?? objectName(this);
    this.hasDefaultBackend = props.defaultBackend !== undefined;
    this.controller = props.controller
      ?? (props.ingressClassName !== undefined ? IngressController.GENERIC : CloudProvider.of(this).ingressController);
    const { meta, defaultBackend, tlsHosts, dialect, annotations } = this.checkProps((problems) => {
      checkObjectName(this.name, problems, 'dns1123-subdomain');
      const meta = checkLabelProps(props, problems);
      if (props.ingressClassName !== undefined) {
        problems.check('ingressClassName', props.ingressClassName, dns1123Subdomain(props.ingressClassName),
          { fix: 'use the name of an IngressClass (`kubectl get ingressclass`)' });
      }
      const defaultBackend = props.defaultBackend?._bind(this, 'defaultBackend', problems);
      if (props.defaultBackend) this.controller._checkBackend(props.defaultBackend.service, 'defaultBackend', problems);
      const tlsHosts = new Map<string, string>();
      for (const [i, tls] of (props.tls ?? []).entries()) {
        if (tls.secretName !== undefined) problems.check(`tls[${i}].secretName`, tls.secretName, secretName(tls.secretName));
        if (tls.hosts.length === 0) {
          problems.add(`tls[${i}].hosts`, tls.hosts, 'is empty', 'list the hosts the certificate covers');
        }
        for (const [j, host] of tls.hosts.entries()) {
          const where = `tls[${i}].hosts[${j}]`;
          problems.check(where, host, hostname(host, 'Ingress host'));
          const first = tlsHosts.get(host);
          if (first) problems.add(where, host, `is also ${first}`, 'list each host under one certificate');
          else tlsHosts.set(host, where);
        }
      }
      for (const rule of props.rules ?? []) this.checkAndAdd(rule, problems);
      checkFeatures(props, problems);
      const dialect = this.controller._translate({
        ingressClassName: props.ingressClassName,
        scheme: props.scheme,
        tls: props.tls ?? [],
        certManager: props.certManager,
        httpsRedirect: props.httpsRedirect,
        rateLimit: props.rateLimit,
        basicAuth: props.basicAuth,
        externalAuth: props.externalAuth,
        maxBodySize: props.maxBodySize,
      }, problems);
      const annotations = mergeAnnotations(dialect.annotations, props.annotations, problems);
      const legacyClass = props.annotations?.['kubernetes.io/ingress.class'];
      if (legacyClass !== undefined && dialect.ingressClassName !== undefined) {
        problems.add('annotations["kubernetes.io/ingress.class"]', legacyClass,
          `is set together with ingressClassName ("${dialect.ingressClassName}"), which the API server rejects`,
          'remove the annotation: ingressClassName (or the controller) selects the class');
      }
      return { meta, defaultBackend, tlsHosts, dialect, annotations };
    });

    this.apiObject = new k8s.KubeIngress(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: recommendedLabels(this, this.name, meta),
        annotations,
      },
      spec: {
        ingressClassName: dialect.ingressClassName,
        defaultBackend,
        rules: Lazy.any({ produce: () => this.renderRules() }),
        tls: props.tls?.map((t) => ({ secretName: t.secretName, hosts: t.hosts })),
      },
    });

    const deprecation = this.controller.deprecation;
    if (deprecation !== undefined) {
      // cdk8s has no synth-time warnings of its own: a validation that only prints, once per Ingress.
      this.node.addValidation({ validate: () => { warnOnce(this, `[${this.node.path}] warning: ${deprecation}`); return []; } });
    }

    // Rules may be added after construction, so these can only be judged at synth.
    this.addDeferredCheck((problems) => {
      if (this.routesByHost.size === 0 && !this.hasDefaultBackend) {
        problems.add('rules', [], 'is empty and there is no defaultBackend, so this Ingress routes nothing',
          'add a rule with addRule(), or set defaultBackend');
      }
      for (const [host, where] of tlsHosts) {
        if (!this.serves(host)) problems.add(where, host, 'is not served by any rule', `add a rule for host "${host}", or remove it from tls`);
      }
    });
  }

  /**
   * Routes requests for `host` (every host when unset) under `path` to `backend`. Throws at once if the rule is invalid or clashes
   * with an earlier one.
   */
  public addRule(rule: IngressRuleProps): void {
    this.checkProps((problems) => this.checkAndAdd(rule, problems));
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
    const sameHost = this.routesByHost.get(rule.host) ?? [];
    const ok = problems.passes(() => {
      const hostOk = rule.host === undefined || problems.check(`${where}.host`, rule.host, hostname(rule.host, 'Ingress host'));
      // The controller's dialect is only asked about rules Kubernetes accepts.
      if (checkPath(path, pathType, `${where}.path`, problems) && hostOk) this.controller._checkPath(path, pathType, `${where}.path`, problems);
      const clash = sameHost.find((r) => conflicts(r, path, pathType));
      if (clash) {
        problems.check(where, pathType,
          sameMatch(clash.path, clash.pathType, 'remove one of the two rules, or change its path', `, to service "${clash.backend.service?.name}"`));
      }
    });
    const backend = rule.backend._bind(this, `${where}.backend`, problems);
    this.controller._checkBackend(rule.backend.service, `${where}.backend`, problems);
    if (!ok || !backend) return;
    sameHost.push({ host: rule.host, path, pathType, backend });
    this.routesByHost.set(rule.host, sameHost);
  }

  private serves(host: string): boolean {
    if (this.hasDefaultBackend) return true;
    if (this.routesByHost.has(undefined) || this.routesByHost.has(host)) return true;
    const wildcard = `*${host.slice(host.indexOf('.'))}`;
    return !host.startsWith('*.') && host.includes('.') && this.routesByHost.has(wildcard);
  }

  private renderRules(): k8s.IngressRule[] | undefined {
    const rules = [...this.routesByHost].map(([host, routes]) => ({
      host,
      http: { paths: routes.map((r) => ({ path: r.path === '' ? undefined : r.path, pathType: r.pathType, backend: r.backend })) },
    }));
    return rules.length > 0 ? rules : undefined;
  }
}

const warned = new WeakSet<IConstruct>();

function warnOnce(scope: IConstruct, message: string): void {
  if (warned.has(scope)) return;
  warned.add(scope);
  console.warn(message);
}

/** The controller-independent checks of the typed features; the dialect then checks what it can express. */
function checkFeatures(props: RoutingIngressProps, problems: Problems): void {
  const { certManager, rateLimit, basicAuth, externalAuth } = props;
  if (certManager) {
    const given = [certManager.clusterIssuer, certManager.issuer].filter((n) => n !== undefined);
    if (given.length !== 1) {
      problems.add('certManager', certManager, 'must name exactly one of clusterIssuer and issuer',
        'set clusterIssuer for a ClusterIssuer, or issuer for an Issuer in this namespace');
    }
    for (const name of given) {
      if (!isDns1123Subdomain(name!)) problems.add('certManager', certManager, `names "${name}", which is not an issuer name`,
        'use the name of a cert-manager Issuer or ClusterIssuer (`kubectl get clusterissuers`)');
    }
    if ((props.tls ?? []).length === 0) {
      problems.add('certManager', certManager, 'issues the certificates of tls entries, and there are none',
        'add tls: [{ hosts, secretName }]: cert-manager writes that Secret');
    }
  }
  if (rateLimit && (!Number.isInteger(rateLimit.requestsPerSecond) || rateLimit.requestsPerSecond < 1)) {
    problems.add('rateLimit.requestsPerSecond', rateLimit.requestsPerSecond, 'must be a whole number of requests per second, at least 1',
      `use e.g. ${Math.max(1, Math.round(rateLimit.requestsPerSecond) || 1)}`);
  }
  if (basicAuth) problems.check('basicAuth.secretName', basicAuth.secretName, secretName(basicAuth.secretName));
  // eslint-disable-next-line no-control-regex -- control characters are exactly what the realm must not contain
  if (basicAuth?.realm !== undefined && /["\\\x00-\x1f]/.test(basicAuth.realm)) {
    problems.add('basicAuth.realm', basicAuth.realm, 'contains a quote, backslash or control character, which breaks the nginx configuration',
      'use plain text');
  }
  if (externalAuth && !isHttpUrl(externalAuth.url)) {
    problems.add('externalAuth.url', externalAuth.url, 'is not an absolute http(s) URL',
      'write e.g. "http://auth.auth.svc.cluster.local:80/verify" (or use service.url({ path: \'/verify\' }))');
  }
  if (basicAuth && externalAuth) {
    problems.add('externalAuth', externalAuth, 'and basicAuth are both set, and controllers combine them differently',
      'choose one: move the basic auth users into the external auth service, or drop externalAuth');
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
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
  return problems.check(where, path, ingressPath(path, pathType));
}

