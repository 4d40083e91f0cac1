import { Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type * as routeapi from '../imports/httproute-gateway.networking.k8s.io';
import { httpRouteApi } from './private/crd-bindings';
import { checkHostname, GATEWAY_API_LIMITS, IGateway } from './gateway';
import { checkLabelProps, MetadataProps, recommendedLabels } from './labels';
import { PatternConstruct, Problems, show } from './private/construct-base';
import { httpBackendPort } from './private/service-ports';
import { checkObjectName, namespaceOf, objectName } from './private/names';
import { ServiceBase } from './service';
import { absoluteUrlPath, gatewayApiLimit, sameMatch } from './rules/routes';
import { sameNamespace } from './rules/selectors';

/**
 * How a rule's `path` matches the request path.
 * - `PathPrefix`: whole `/`-separated elements (`/api` matches `/api` and `/api/v1`, not `/apis`); a
 *   trailing slash makes no difference. Ingress calls this `Prefix`.
 * - `Exact`: the whole path, case-sensitively; beats a `PathPrefix` rule for the same path.
 * - `RegularExpression`: in the controller's regex dialect (implementation-specific support).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#pathmatchtype
 */
export type HttpPathMatchType = 'PathPrefix' | 'Exact' | 'RegularExpression';

/** One Service a rule forwards to, and its share of the rule's requests. */
export interface HttpRouteBackend {
  /** A Service of this library, in the route's namespace. */
  readonly service: ServiceBase;
  /**
   * The Service port, by number or name; always emitted as the number (backendRefs take numbers).
   * @default - the service's only TCP port
   */
  readonly port?: number | string;
  /**
   * Share of the rule's requests, relative to the sum of its backends' weights (90 and 10 send
   * 90% and 10%). `0` sends this backend nothing, which is how a canary starts.
   * @default - Gateway API's 1 (omitted from the manifest)
   * @see https://gateway-api.sigs.k8s.io/guides/traffic-splitting/
   */
  readonly weight?: number;
}

/** Requests whose path matches `path` go to `backends`. */
export interface HttpRouteRuleProps {
  /** @default '/' */
  readonly path?: string;
  /** @default 'PathPrefix' */
  readonly pathType?: HttpPathMatchType;
  /** At least one, at most 16; traffic is split between them by `weight`. */
  readonly backends: HttpRouteBackend[];
}

export interface HttpRouteProps extends MetadataProps {
  /** The Gateway the route attaches to (`parentRefs`). */
  readonly gateway: IGateway;
  /**
   * Host headers this route serves: DNS names or `*.example.com` (any labels in front); no IPs, no ports.
   * @default - every hostname the gateway's listeners accept
   */
  readonly hostnames?: string[];
  /** @default - none: add them with `addRule` */
  readonly rules?: HttpRouteRuleProps[];
}

interface Rule {
  readonly path: string;
  readonly pathType: HttpPathMatchType;
  readonly backendRefs: routeapi.HttpRouteSpecRulesBackendRefs[];
}

// Invalid in Exact and PathPrefix values, per the CEL rules of the HTTPRoute CRD (crds/gateway-api-v1.6.1/httproutes.yaml).
const INVALID_PATH_PARTS = ['//', '/./', '/../', '%2f', '%2F', '#'];
const INVALID_PATH_ENDINGS = ['/..', '/.'];
const VALID_PATH = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;

/** Routes claimed on each Gateway, per app, so that two HttpRoutes cannot take the same host and path. */
const CLAIMS = new WeakMap<IConstruct, Map<string, { route: string; path: string }>>();

/**
 * A Gateway API v1 `HTTPRoute`: for its `hostnames`, requests are matched by path and forwarded to
 * weighted Services. The same host and path on two routes of one Gateway is an error, because the
 * Gateway API would pick one by creation time.
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
 */
export class HttpRoute extends PatternConstruct {
  /** Defaults of the props above; the docs and the tests read these too. */
  public static readonly DEFAULTS = {
    path: '/',
    pathType: 'PathPrefix' as HttpPathMatchType,
  } as const;

  /** The HTTPRoute object, for anything this construct does not model. */
  public readonly apiObject: routeapi.HttpRoute;
  public readonly name: string;
  public readonly namespace?: string;
  public readonly gateway: IGateway;
  public readonly hostnames: readonly string[];
  private readonly rules: Rule[] = [];
  /** A rule was rejected (in collect mode): its own problem says why this route may route nothing. */
  private ruleRejected = false;
  private readonly gatewayKey: string;

  constructor(scope: Construct, id: string, props: HttpRouteProps) {
    super(scope, id);
    this.name = props.name ?? objectName(this);
    this.namespace = namespaceOf(this);
    this.gateway = props.gateway;
    this.hostnames = props.hostnames ?? [];
    this.gatewayKey = `${props.gateway.namespace ?? this.namespace ?? ''}/${props.gateway.name}`;
    const { meta, parentRefs } = this.checkProps((problems) => {
      checkObjectName(this.name, problems, 'dns1123-subdomain');
      const meta = checkLabelProps(props, problems);
      problems.check('hostnames', `${this.hostnames.length} hostnames`, gatewayApiLimit(this.hostnames.length, GATEWAY_API_LIMITS.hostnames, 'are',
        'an HTTPRoute', 'split them over several routes, or use a wildcard'));
      let hostsOk = true;
      for (const [i, host] of this.hostnames.entries()) {
        hostsOk = checkHostname(host, `hostnames[${i}]`, problems) && hostsOk;
        const first = this.hostnames.indexOf(host);
        if (first < i) problems.add(`hostnames[${i}]`, host, `is also hostnames[${first}]`, 'list each hostname once');
      }
      const parentRefs = hostsOk ? props.gateway._bindRoute(this, this.hostnames, problems) : undefined;
      for (const rule of props.rules ?? []) this.checkAndAdd(rule, problems);
      return { meta, parentRefs };
    });

    this.apiObject = new (httpRouteApi().HttpRoute)(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: recommendedLabels(this, this.name, meta),
        annotations: props.annotations,
      },
      spec: {
        parentRefs,
        hostnames: this.hostnames.length > 0 ? [...this.hostnames] : undefined,
        rules: Lazy.any({ produce: () => this.renderRules() }),
      },
    });

    this.node.addValidation({
      validate: () => this.rules.length > 0 || this.ruleRejected ? [] : [`rules (${show([])}) is empty, so this HTTPRoute routes nothing; add a rule `
        + `with addRule()`],
    });
  }

  /** Routes requests under `path` to `backends`. Throws at once if the rule is invalid or clashes with an earlier one. */
  public addRule(rule: HttpRouteRuleProps): void {
    this.checkProps((problems) => this.checkAndAdd(rule, problems));
  }

  private checkAndAdd(rule: HttpRouteRuleProps, problems: Problems): void {
    const defaults = HttpRoute.DEFAULTS;
    const path = rule.path ?? defaults.path;
    const pathType = rule.pathType ?? defaults.pathType;
    const where = `rules[path=${path}]`;
    const key = matchKey(path, pathType);
    const ok = problems.passes(() => {
      checkPath(path, pathType, `${where}.path`, problems);
      const count = this.rules.length + 1;
      problems.check(where, path, gatewayApiLimit(count, GATEWAY_API_LIMITS.rules, `would be rule ${count},`, 'an HTTPRoute',
        'move some rules to another HttpRoute'));
      const same = this.rules.find((r) => matchKey(r.path, r.pathType) === key);
      if (same) problems.check(where, pathType, sameMatch(same.path, same.pathType, 'give the rule several backends instead, or change its path'));
    });
    const backendRefs = this.bindBackends(rule.backends, `${where}.backends`, problems);
    // Claimed last, so that a rule rejected for another reason claims nothing.
    if (!ok || !backendRefs || !this.claim(key, path, where, problems)) {
      this.ruleRejected = true;
      return;
    }
    this.rules.push({ path, pathType, backendRefs });
  }

  /** @internal A construct rejected (and reported) the rule it would have added to this route. */
  public _ruleRejected(): void {
    this.ruleRejected = true;
  }

  /** Claims host and path on the Gateway for this route; another route with the same claim is a problem. */
  private claim(key: string, path: string, where: string, problems: Problems): boolean {
    const root = this.node.root;
    const claims = CLAIMS.get(root) ?? new Map<string, { route: string; path: string }>();
    CLAIMS.set(root, claims);
    const hosts = this.hostnames.length > 0 ? this.hostnames : [''];
    const taken = hosts.map((h) => ({ host: h, owner: claims.get(`${this.gatewayKey}|${h}|${key}`) }))
      .find((c) => c.owner && c.owner.route !== this.node.path);
    if (taken?.owner) {
      const host = taken.host === '' ? 'every host' : `host "${taken.host}"`;
      problems.add(where, path,
        `is already routed for ${host} on gateway "${this.gateway.name}" by ${taken.owner.route} (path "${taken.owner.path}")`,
        'route it in one HttpRoute, with several backends if it needs them');
      return false;
    }
    for (const h of hosts) claims.set(`${this.gatewayKey}|${h}|${key}`, { route: this.node.path, path });
    return true;
  }

  private bindBackends(backends: readonly HttpRouteBackend[], where: string,
    problems: Problems): routeapi.HttpRouteSpecRulesBackendRefs[] | undefined {
    if (backends.length === 0) {
      problems.add(where, [], 'is empty, so every matching request would get a 500', 'add at least one backend');
      return undefined;
    }
    if (!problems.check(where, `${backends.length} backends`, gatewayApiLimit(backends.length, GATEWAY_API_LIMITS.backendRefs, 'are', 'a rule',
      'remove some'))) {
      return undefined;
    }
    const refs = backends.map((b, i) => this.bindBackend(b, `${where}[${i}]`, problems));
    if (refs.some((r) => r === undefined)) return undefined;
    const bound = refs as routeapi.HttpRouteSpecRulesBackendRefs[];
    const ok = problems.passes(() => {
      for (const [i, ref] of bound.entries()) {
        const first = bound.findIndex((r) => r.name === ref.name && r.port === ref.port);
        if (first < i) problems.add(`${where}[${i}]`, `${ref.name}:${ref.port}`, `is also ${where}[${first}]`,
          'list each Service port once, with the sum of the weights');
      }
      if (bound.length > 0 && bound.every((r) => r.weight === 0)) {
        problems.add(`${where}[*].weight`, 0, 'is 0 for every backend, so the rule would send its requests nowhere',
          'give at least one backend a weight above 0');
      }
    });
    return ok ? bound : undefined;
  }

  private bindBackend(backend: HttpRouteBackend, where: string, problems: Problems): routeapi.HttpRouteSpecRulesBackendRefs | undefined {
    const { service, weight } = backend;
    const weightOk = weight === undefined || (Number.isInteger(weight) && weight >= 0 && weight <= GATEWAY_API_LIMITS.weight);
    if (!weightOk) {
      problems.add(`${where}.weight`, weight, `must be an integer from 0 to ${GATEWAY_API_LIMITS.weight}`,
        'weights are relative: 90 and 10 split 90%/10%');
    }
    // The HTTPRoute CRD: "Implementations SHOULD NOT support ExternalName Services" (CVE-2021-25740).
    if ((service.type as string) === 'ExternalName') {
      problems.add(`${where}.service`, service.node.path, 'is an ExternalName Service, which Gateway API implementations should not forward to',
        'route to a Service that selects pods');
      return undefined;
    }
    if (!problems.check(`${where}.service`, service.node.path, sameNamespace(service.namespace, this.namespace, 'HTTPRoute'))) return undefined;
    const port = httpBackendPort(service, backend.port, where, 'HTTPRoute', problems);
    if (!port) return undefined;
    return weightOk ? { name: service.name, port: port.port, weight } : undefined;
  }

  private renderRules(): routeapi.HttpRouteSpecRules[] {
    return this.rules.map((r) => ({
      matches: [{ path: { type: r.pathType as routeapi.HttpRouteSpecRulesMatchesPathType, value: r.path } }],
      backendRefs: r.backendRefs,
    }));
  }
}

/** Paths that match the same requests get the same key: a PathPrefix ignores a trailing slash. */
function matchKey(path: string, pathType: HttpPathMatchType): string {
  const value = pathType === 'PathPrefix' && path.length > 1 ? path.replace(/\/+$/, '') : path;
  return `${pathType}:${value}`;
}

/** @internal Checks a rule's path; `where` is its prop (`rules[path=/api].path`, or a construct's `httpRoute.path`). */
export function checkPath(path: string, pathType: HttpPathMatchType, where: string, problems: Problems): boolean {
  if (path.length === 0 || path.length > GATEWAY_API_LIMITS.pathLength) {
    problems.add(where, path, `must be 1 to ${GATEWAY_API_LIMITS.pathLength} characters long`, 'use "/" to match every path');
    return false;
  }
  if (pathType === 'RegularExpression') return true;
  if (!problems.check(where, path, absoluteUrlPath(path, pathType))) return false;
  const part = INVALID_PATH_PARTS.find((s) => path.includes(s));
  const ending = INVALID_PATH_ENDINGS.find((s) => path.endsWith(s));
  if (part || ending) {
    const what = part ? `contains "${part}"` : `ends with "${ending}"`;
    problems.add(where, path, `${what}, which the Gateway API rejects in ${pathType} paths`,
      'write the path in its normalized form, without a query or fragment');
    return false;
  }
  if (!VALID_PATH.test(path)) {
    problems.add(where, path, `has characters the Gateway API rejects in ${pathType} paths`, 'percent-encode them (a space is "%20")');
    return false;
  }
  return true;
}
