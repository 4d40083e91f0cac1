import { Construct, IConstruct } from 'constructs';
import type * as gwapi from '../imports/gateway-gateway.networking.k8s.io';
import type * as routeapi from '../imports/httproute-gateway.networking.k8s.io';
import { gatewayApi, httpRouteApi } from './private/crd-bindings';
import { checkLabelProps, MetadataProps, recommendedLabels } from './labels';
import { PatternConstruct, Problems } from './private/construct-base';
import { checkObjectName, namespaceOf, objectName, toDnsLabel } from './private/names';
import { hostname, isDns1123Subdomain, namespaceName, secretName } from './rules';

/**
 * Limits of Gateway API v1 (standard channel, v1.6.1), from the CRD schemas in
 * crds/gateway-api-v1.6.1/ (`maxItems`, `maximum`, `pattern`) and
 * https://gateway-api.sigs.k8s.io/reference/spec/ . Checked here so that a bad value fails at synth
 * rather than at `kubectl apply`.
 */
export const GATEWAY_API_LIMITS = {
  /** Gateway `spec.listeners` maxItems. */
  listeners: 64,
  /** HTTPRoute `spec.hostnames` maxItems. */
  hostnames: 16,
  /** HTTPRoute `spec.rules` maxItems. */
  rules: 16,
  /** HTTPRoute `spec.parentRefs` maxItems. */
  parentRefs: 32,
  /** HTTPRoute `spec.rules[].backendRefs` maxItems. */
  backendRefs: 16,
  /** HTTPRoute `backendRefs[].weight` maximum (minimum 0). */
  weight: 1_000_000,
  /** HTTPRoute `matches[].path.value` maxLength. */
  pathLength: 1024,
} as const;

/** The label the API server sets on every Namespace to its name (immutable); selectors use it to name namespaces. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Which namespaces may attach routes to the Gateway's listeners (`allowedRoutes.namespaces`).
 * @see https://gateway-api.sigs.k8s.io/guides/multiple-ns/
 */
export class AllowedRoutes {
  /** Only routes in the Gateway's own namespace (the Gateway API default). */
  public static readonly SAME_NAMESPACE = new AllowedRoutes('Same');
  /** Routes from every namespace: anyone who can create an HTTPRoute can take traffic for its hostnames. */
  public static readonly ALL_NAMESPACES = new AllowedRoutes('All');

  /** Routes from the Gateway's namespace and the namespaces named (selected by `kubernetes.io/metadata.name`). */
  public static fromNamespaces(...namespaces: string[]): AllowedRoutes {
    return new AllowedRoutes('Selector', namespaces);
  }

  private constructor(public readonly from: 'Same' | 'All' | 'Selector', public readonly namespaces: readonly string[] = []) {}

  /** Whether a route in `routeNamespace` may attach to a Gateway in `gatewayNamespace`. */
  public admits(routeNamespace: string | undefined, gatewayNamespace: string | undefined): boolean {
    if (this.from === 'All' || routeNamespace === gatewayNamespace) return true;
    return this.from === 'Selector' && routeNamespace !== undefined && this.namespaces.includes(routeNamespace);
  }

  /** @internal */
  public _render(gatewayNamespace: string | undefined): gwapi.GatewaySpecListenersAllowedRoutes {
    if (this.from !== 'Selector') return { namespaces: { from: this.from as gwapi.GatewaySpecListenersAllowedRoutesNamespacesFrom } };
    // The Gateway's own namespace is listed too, so that its own routes (the HTTPS redirect) still attach.
    const values = [...new Set([...(gatewayNamespace ? [gatewayNamespace] : []), ...this.namespaces])];
    return {
      namespaces: {
        from: gatewayApi().GatewaySpecListenersAllowedRoutesNamespacesFrom.SELECTOR,
        selector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values }] },
      },
    };
  }
}

/** One listener of a Gateway created by this library. */
export interface GatewayListener {
  /** The listener's name, which routes use as `parentRefs[].sectionName`. */
  readonly name: string;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly port: number;
  /** @default - every hostname */
  readonly hostname?: string;
}

/** A Gateway that HTTPRoutes attach to: one created by this library, or an existing one (`Gateway.fromName`). */
export interface IGateway {
  /** `metadata.name` of the Gateway. */
  readonly name: string;
  /** @default - the namespace of the route that attaches to it */
  readonly namespace?: string;
  /**
   * @internal Checks that `route` may attach and returns its `parentRefs`; `undefined` when it added a
   * problem. `hostnames` are the route's (empty: every hostname).
   */
  _bindRoute(route: IConstruct, hostnames: readonly string[], problems: Problems): routeapi.HttpRouteSpecParentRefs[] | undefined;
}

/** Options of `Gateway.fromName`. */
export interface ExistingGatewayOptions {
  /** @default - the namespace of each route that attaches to it */
  readonly namespace?: string;
  /**
   * Attach only to this listener (`parentRefs[].sectionName`).
   * @default - every listener of the Gateway that accepts the route
   */
  readonly sectionName?: string;
}

/** A certificate, and the hostnames the Gateway terminates TLS with it for. */
export interface GatewayTlsProps {
  /** A `kubernetes.io/tls` Secret in the Gateway's namespace. */
  readonly secretName: string;
  /**
   * One HTTPS listener per host, each with that `hostname`, so that each host can have its own
   * certificate and routes only attach where their hostnames match.
   * @default - one HTTPS listener without hostname: this certificate serves every host
   */
  readonly hosts?: string[];
}

export interface GatewayProps extends MetadataProps {
  /** The GatewayClass (the controller, e.g. `eg`, `istio`, `cilium`, `gke-l7-global-external-managed`) that runs this Gateway. */
  readonly gatewayClassName: string;
  /**
   * HTTPS listeners on port 443 that terminate TLS. An HTTP listener on port 80 is always created.
   * @default - plain HTTP only
   */
  readonly tls?: GatewayTlsProps[];
  /**
   * Answer every plain-HTTP request with a 301 to its `https://` URL, through an HTTPRoute attached to
   * the HTTP listener; routes of this library then attach only to the HTTPS listeners.
   * @default - true when `tls` is set
   * @see https://gateway-api.sigs.k8s.io/guides/http-redirect-rewrite/
   */
  readonly httpsRedirect?: boolean;
  /**
   * Namespaces whose routes may attach. A route in another namespace also needs this to name its
   * namespace. (A backendRef to a Service in another namespace would also need a ReferenceGrant there; HttpRoute rejects those.)
   * @default AllowedRoutes.SAME_NAMESPACE
   */
  readonly allowedRoutes?: AllowedRoutes;
}


/**
 * A Gateway API v1 `Gateway`: an HTTP listener on port 80 and, per certificate host, an HTTPS listener
 * on port 443 that terminates TLS. `HttpRoute`s attach to it.
 * @see https://gateway-api.sigs.k8s.io/api-types/gateway/
 */
export class Gateway extends PatternConstruct implements IGateway {
  /** Defaults of the props above; the docs and the tests read these too. */
  public static readonly DEFAULTS = {
    httpPort: 80,
    httpsPort: 443,
    httpListener: 'http',
    httpsListener: 'https',
    allowedRoutes: AllowedRoutes.SAME_NAMESPACE,
    redirectStatusCode: 301 as routeapi.HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_301,
  } as const;

  /** A Gateway that something else manages (a platform team's shared Gateway), by name. */
  public static fromName(name: string, options: ExistingGatewayOptions = {}): IGateway {
    return new ExistingGateway(name, options.namespace, options.sectionName);
  }

  /** The Gateway object, for anything this construct does not model. */
  public readonly apiObject: gwapi.Gateway;
  /** The HTTPRoute that redirects HTTP to HTTPS, when `httpsRedirect` is on. */
  public readonly redirectRoute?: routeapi.HttpRoute;
  public readonly name: string;
  public readonly namespace?: string;
  public readonly listeners: readonly GatewayListener[];
  public readonly allowedRoutes: AllowedRoutes;
  public readonly httpsRedirect: boolean;

  constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, id);
    const defaults = Gateway.DEFAULTS;
    this.name = props.name ?? objectName(this);
    this.namespace = namespaceOf(this);
    this.allowedRoutes = props.allowedRoutes ?? defaults.allowedRoutes;
    const tls = props.tls ?? [];
    this.httpsRedirect = props.httpsRedirect ?? tls.length > 0;
    const { meta, listeners, secrets } = this.checkProps((problems) => {
      // The Gateway API asks for label-style names: controllers derive Service and Deployment names from them.
      checkObjectName(this.name, problems, 'dns1123-label');
      const meta = checkLabelProps(props, problems);
      if (!isDns1123Subdomain(props.gatewayClassName)) {
        problems.add('gatewayClassName', props.gatewayClassName, 'is not a GatewayClass name',
          'use the name of a GatewayClass (`kubectl get gatewayclass`)');
      }
      if (this.httpsRedirect && tls.length === 0) {
        problems.add('httpsRedirect', true, 'needs an HTTPS listener to redirect to, and tls is empty',
          'add a certificate under tls, or remove httpsRedirect');
      }
      for (const [i, ns] of (this.allowedRoutes.namespaces).entries()) {
        problems.check(`allowedRoutes.namespaces[${i}]`, ns, namespaceName(ns));
      }

      const listeners: GatewayListener[] = [{ name: defaults.httpListener, protocol: 'HTTP', port: defaults.httpPort }];
      const secrets = new Map<string, string>();
      const hosts = new Map<string | undefined, string>();
      for (const [i, cert] of tls.entries()) {
        problems.check(`tls[${i}].secretName`, cert.secretName, secretName(cert.secretName));
        const certHosts: (string | undefined)[] = cert.hosts === undefined ? [undefined] : cert.hosts;
        if (certHosts.length === 0) problems.add(`tls[${i}].hosts`, [], 'is empty',
          'list the hosts the certificate covers, or leave hosts unset to serve every host');
        for (const [j, host] of certHosts.entries()) {
          const where = host === undefined ? `tls[${i}]` : `tls[${i}].hosts[${j}]`;
          if (host !== undefined && !checkHostname(host, where, problems)) continue;
          const first = hosts.get(host);
          if (first !== undefined) {
            const what = host === undefined ? 'also leaves hosts unset, like' : 'is also';
            problems.add(where, host === undefined ? cert.secretName : host,
              `${what} ${first}: two HTTPS listeners on one port need different hostnames`, 'list each host under one certificate');
            continue;
          }
          hosts.set(host, where);
          const name = host === undefined ? defaults.httpsListener : `${defaults.httpsListener}-${toDnsLabel(host.replace(/^\*/, 'wildcard'))}`;
          const clash = listeners.find((l) => l.name === name);
          if (clash) {
            problems.add(where, host, `gets listener name "${name}", like host "${clash.hostname}"`,
              'use hosts that differ in more than punctuation');
            continue;
          }
          listeners.push({ name, protocol: 'HTTPS', port: defaults.httpsPort, hostname: host });
          secrets.set(name, cert.secretName);
        }
      }
      if (listeners.length > GATEWAY_API_LIMITS.listeners) {
        problems.add('tls', `${listeners.length} listeners`,
          `needs more listeners than the ${GATEWAY_API_LIMITS.listeners} a Gateway allows (one per host, plus HTTP)`,
          'use a wildcard host, or split the hosts over two Gateways');
      }
      return { meta, listeners, secrets };
    });
    this.listeners = listeners;

    const allowedRoutes = this.allowedRoutes._render(this.namespace);
    this.apiObject = new (gatewayApi().Gateway)(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: recommendedLabels(this, this.name, meta),
        annotations: props.annotations,
      },
      spec: {
        gatewayClassName: props.gatewayClassName,
        listeners: listeners.map((l) => ({
          name: l.name,
          protocol: l.protocol,
          port: l.port,
          hostname: l.hostname,
          tls: l.protocol === 'HTTPS'
            ? { mode: gatewayApi().GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ name: secrets.get(l.name)! }] }
            : undefined,
          allowedRoutes,
        })),
      },
    });

    if (this.httpsRedirect) {
      const name = toDnsLabel(`${this.name}-https-redirect`);
      const route = httpRouteApi();
      this.redirectRoute = new route.HttpRoute(this, 'https-redirect', {
        metadata: { name, labels: recommendedLabels(this, name, { ...meta, component: meta.component ?? this.name }) },
        spec: {
          parentRefs: [{ name: this.name, sectionName: defaults.httpListener }],
          rules: [{
            matches: [{ path: { type: route.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' } }],
            filters: [{
              type: route.HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
              requestRedirect: { scheme: route.HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS, statusCode: defaults.redirectStatusCode },
            }],
          }],
        },
      });
    }
  }

  /** @internal */
  public _bindRoute(route: IConstruct, hostnames: readonly string[], problems: Problems): routeapi.HttpRouteSpecParentRefs[] | undefined {
    const routeNamespace = namespaceOf(route);
    if ((routeNamespace === undefined) !== (this.namespace === undefined)) {
      const which = this.namespace === undefined ? 'the gateway\'s chart has no namespace' : 'the route\'s chart has no namespace';
      problems.add('gateway', this.node.path, `cannot be checked for attachment: ${which}, so their namespaces are unknown`,
        'give both charts a namespace (or neither)');
      return undefined;
    }
    if (!this.allowedRoutes.admits(routeNamespace, this.namespace)) {
      const allowed = this.allowedRoutes.from === 'Same' ? 'its own namespace'
        : `namespaces ${this.allowedRoutes.namespaces.map((n) => `"${n}"`).join(', ')}`;
      problems.add('gateway', this.node.path, `only admits routes from ${allowed}, not from "${routeNamespace}"`,
        `add "${routeNamespace}" with allowedRoutes: AllowedRoutes.fromNamespaces(...) on the gateway, or create the route in "${this.namespace}"`);
      return undefined;
    }
    const namespace = routeNamespace !== this.namespace ? this.namespace : undefined;
    // With the redirect on, the HTTP listener belongs to the redirect route; an app route there with
    // a hostname would take precedence over it (more specific hostname) and serve plain HTTP.
    const candidates = this.listeners.filter((l) => !this.httpsRedirect || l.protocol === 'HTTPS');
    // httpsRedirect without tls: the Gateway reported that itself (in collect mode), and there is
    // no HTTPS listener to check the hostnames against.
    if (candidates.length === 0) return [{ name: this.name, namespace }];
    const accepting = candidates.filter((l) => hostnames.length === 0 || hostnames.some((h) => hostnamesIntersect(l.hostname, h)));
    if (accepting.length === 0) {
      const have = candidates.map((l) => `"${l.hostname}"`).join(', ');
      problems.add('hostnames', hostnames,
        `match no ${this.httpsRedirect ? 'HTTPS ' : ''}listener of gateway "${this.name}" (it has ${have}), so no listener would accept the route`,
        'add the host to the gateway\'s tls hosts, or fix the hostnames');
      return undefined;
    }
    if (!this.httpsRedirect) return [{ name: this.name, namespace }];
    if (accepting.length > GATEWAY_API_LIMITS.parentRefs) {
      problems.add('hostnames', hostnames,
        `attach to ${accepting.length} HTTPS listeners, more than the ${GATEWAY_API_LIMITS.parentRefs} parentRefs an HTTPRoute allows`,
        'set hostnames on the route so it matches fewer listeners');
      return undefined;
    }
    return accepting.map((l) => ({ name: this.name, namespace, sectionName: l.name }));
  }
}

class ExistingGateway implements IGateway {
  constructor(public readonly name: string, public readonly namespace?: string, private readonly sectionName?: string) {}

  public _bindRoute(_route: IConstruct, _hostnames: readonly string[], problems: Problems): routeapi.HttpRouteSpecParentRefs[] | undefined {
    const ok = problems.passes(() => {
      if (!isDns1123Subdomain(this.name)) {
        problems.add('gateway.name', this.name, 'is not a Gateway name', 'use the name shown by `kubectl get gateway -A`');
      }
      if (this.namespace !== undefined) problems.check('gateway.namespace', this.namespace, namespaceName(this.namespace));
      if (this.sectionName !== undefined && !isDns1123Subdomain(this.sectionName)) {
        problems.add('gateway.sectionName', this.sectionName, 'is not a listener name', 'use the name of one of the Gateway\'s listeners');
      }
    });
    return ok ? [{ name: this.name, namespace: this.namespace, sectionName: this.sectionName }] : undefined;
  }
}

/**
 * Gateway API hostnames: RFC 1123 names, optionally with `*.` as the first label; no IPs, no ports.
 * `where` names the prop in the problem. @internal
 */
export function checkHostname(host: string, where: string, problems: Problems): boolean {
  return problems.check(where, host, hostname(host, 'Gateway API hostname'));
}

/**
 * Whether a listener hostname and a route hostname have a host in common. `*.example.com` covers any
 * number of labels in front of `example.com`, but not `example.com` itself. @internal
 */
export function hostnamesIntersect(listener: string | undefined, route: string): boolean {
  if (listener === undefined || listener === route) return true;
  const covers = (wild: string, host: string) => wild.startsWith('*.') && host.endsWith(wild.slice(1));
  return covers(listener, route) || covers(route, listener);
}
