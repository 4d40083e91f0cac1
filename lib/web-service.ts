import { Construct } from 'constructs';
import { ContainerPort } from './container';
import { RollingDeployment, RollingDeploymentProps } from './deployment';
import { PodDisruptionBudget } from './disruption-budget';
import { IGateway } from './gateway';
import { HorizontalAutoscaler, HorizontalAutoscalerProps } from './horizontal-autoscaler';
import { HttpPathMatchType, HttpRoute } from './http-route';
import { IngressBackend, IngressPathType, RoutingIngress, RoutingIngressProps } from './ingress';
import { checkLabelProps } from './labels';
import { NetworkPolicy, Peer } from './network-policy';
import type { IPodWorkload } from './workload';
import { PatternConstruct, Problems } from './private/construct-base';
import { checkObjectName, objectName } from './private/names';
import { ClusterIpService, ClusterIpServiceProps } from './service';

/** Options of `WebService.exposeViaIngress`: one rule, requests for `host` under `path`. */
export interface IngressExposeOptions {
  /** @default - every host; then `path` is required */
  readonly host?: string;
  /** @default '/' when `host` is set; required otherwise */
  readonly path?: string;
  /** @default 'Prefix' */
  readonly pathType?: IngressPathType;
  /**
   * Where the controller's requests come from (its pods' namespace, or the load balancer's addresses):
   * the network policy admits them on the serving port.
   * @default - the peers of this service's earlier route through the same Ingress; required otherwise, unless `networkPolicy: false`
   */
  readonly from?: Peer[];
}

/** Options of `WebService.exposeViaHttpRoute`: one rule of an HTTPRoute, requests under `path`. */
export interface HttpRouteExposeOptions {
  /** @default '/' when the route has hostnames; required otherwise */
  readonly path?: string;
  /** @default 'PathPrefix' */
  readonly pathType?: HttpPathMatchType;
  /**
   * Where the Gateway's proxies run (e.g. `Peer.namespace('envoy-gateway-system')`): the network
   * policy admits them on the serving port.
   * @default - the peers of this service's earlier route on the same Gateway; required otherwise, unless `networkPolicy: false`
   */
  readonly from?: Peer[];
}

/** The Ingress route of a `WebService`: a rule on a shared `RoutingIngress`, or on one of its own. */
export interface WebServiceIngressProps extends IngressExposeOptions {
  /** A shared Ingress to add the rule to. @default - an Ingress of the service's own, named after it, with `props` */
  readonly ingress?: RoutingIngress;
  /** Props of the service's own Ingress (TLS, controller, ...); not with `ingress`. @default - RoutingIngress defaults */
  readonly props?: Omit<RoutingIngressProps, 'rules' | 'defaultBackend'>;
}

/** The Gateway API route of a `WebService`: a rule on a shared `HttpRoute`, or an HTTPRoute of its own on `gateway`. */
export interface WebServiceHttpRouteProps extends HttpRouteExposeOptions {
  /** Attach an HTTPRoute of the service's own, named after it, to this Gateway. @default - none: set `route` */
  readonly gateway?: IGateway;
  /** A shared HttpRoute to add the rule to. @default - none: set `gateway` */
  readonly route?: HttpRoute;
  /** Hostnames of the service's own HTTPRoute; not with `route`. @default - every hostname of the gateway's listeners */
  readonly hostnames?: string[];
}

/** The NetworkPolicy of a `WebService`, which admits its routes' peers and `allowFrom()` sources. */
export interface WebServiceNetworkPolicyProps {
  /** More peers admitted on the serving port. @default - none */
  readonly allowFrom?: Peer[];
  /**
   * Let `other.allowFrom(this)` add an egress rule to this service's policy, so the connection also
   * works under a namespace default-deny. Egress is then restricted to what the policy allows (plus DNS).
   * @default true
   */
  readonly egress?: boolean;
}

export interface WebServiceProps extends RollingDeploymentProps {
  /** The Service port clients use: `http://<name>.<namespace>:<port>`. Not with `service.ports`. @default 80 */
  readonly port?: number;
  /** The pod port behind `port`. Not with `service.ports`. @default - the pods' only TCP port, by name when it has one */
  readonly targetPort?: number | string;
  /**
   * Overrides for the ClusterIP Service. With `ports`, the first one is the serving port that routes
   * and the network policy use.
   * @default - named like the deployment, one port `port` → `targetPort`
   */
  readonly service?: Partial<Omit<ClusterIpServiceProps, 'target'>>;
  /** A HorizontalAutoscaler for the deployment; not with `replicas`. @default - none: `replicas` pods */
  readonly autoscaling?: Omit<HorizontalAutoscalerProps, 'target'>;
  /** Route requests to the service through an Ingress. @default - no Ingress rule */
  readonly ingress?: WebServiceIngressProps;
  /** Route requests to the service through a Gateway API HTTPRoute. @default - no HTTPRoute rule */
  readonly httpRoute?: WebServiceHttpRouteProps;
  /**
   * The NetworkPolicy selecting the pods. It is created with the first thing it allows (a route,
   * `allowFrom` here or `allowFrom()`/`allowTo()`) and admits only what they name; `false` creates none.
   * @default - created when something is allowed, with egress rules for `other.allowFrom(this)` calls
   */
  readonly networkPolicy?: WebServiceNetworkPolicyProps | false;
}

/**
 * The common case in one construct: a `RollingDeployment`, its `ClusterIpService` (named like the
 * deployment, so reachable as `<name>.<namespace>`), optionally a `HorizontalAutoscaler`, an Ingress
 * rule and/or an HTTPRoute rule, and a `NetworkPolicy` admitting only the routes' peers and the
 * services allowed with `allowFrom()`. The deployment's default PodDisruptionBudget (2 or more pods)
 * is `disruptionBudget`. Every child is a public field; the props of each pass through.
 */
export class WebService extends PatternConstruct {
  /** Defaults of the props above; the docs and the tests read these too. */
  public static readonly DEFAULTS = { port: 80, networkPolicyEgress: true } as const;

  public readonly name: string;
  public readonly deployment: RollingDeployment;
  public readonly service: ClusterIpService;
  public readonly autoscaler?: HorizontalAutoscaler;
  /** The Ingress of the `ingress` prop: the shared one, or the service's own. */
  public readonly ingress?: RoutingIngress;
  /** The HTTPRoute of the `httpRoute` prop: the shared one, or the service's own. */
  public readonly httpRoute?: HttpRoute;
  private policy?: NetworkPolicy;
  private readonly policyProps?: WebServiceNetworkPolicyProps | false;
  /** Peers of earlier routes, by Ingress or Gateway, so that a second rule through one need not repeat them. */
  private readonly routePeers = new Map<object, Peer[]>();

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    const { port, targetPort, service, autoscaling, ingress, httpRoute, networkPolicy, ...deploymentProps } = props;
    this.policyProps = networkPolicy;
    const checked = this.checkProps((problems) => {
      // The name of every child, and of the Service too unless service.name is set. A bad name (reported
      // in collect mode) is not passed on: each child would report it again.
      const given = props.name ?? objectName(this);
      const name = checkObjectName(given, problems, service?.name === undefined ? 'dns1035-label' : 'dns1123-label') ? given : objectName(this);
      const meta = checkLabelProps(deploymentProps, problems);
      if (props.replicas !== undefined && autoscaling) {
        problems.add('replicas', props.replicas, 'pins the pod count, which the autoscaler would reset on every apply',
          'remove replicas and set autoscaling.minReplicas instead');
      }
      if (service?.ports && (port !== undefined || targetPort !== undefined)) {
        const prop = port !== undefined ? 'port' : 'targetPort';
        problems.add(prop, port ?? targetPort, 'is set together with service.ports, which lists every port of the Service',
          'set the one port with port and targetPort, or move it into service.ports');
      }
      const tcp = props.containers.flatMap((c) => c.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP');
      // The only TCP port; with several, after the problem below (in collect mode), the first: without
      // one the Service would report the missing port again.
      const defaultTarget = tcp[0] as ContainerPort | undefined;
      if (!service?.ports && targetPort === undefined && tcp.length > 1) {
        const has = tcp.map((p) => (p.name ? `${p.number} ("${p.name}")` : String(p.number))).join(', ');
        problems.add('targetPort', undefined, `has no default: the pods declare several TCP ports (${has})`,
          'pass targetPort: the one that serves requests');
      }
      return {
        name,
        meta,
        servicePorts: service?.ports
          ?? [{ port: port ?? WebService.DEFAULTS.port, targetPort: targetPort ?? defaultTarget?.name ?? defaultTarget?.number }],
        // With autoscaling, replicas were reported above (in collect mode): the autoscaler would report them again.
        replicas: autoscaling ? undefined : props.replicas,
        ingressOk: ingress !== undefined && this.checkIngress(ingress, problems),
        routeOk: httpRoute !== undefined && this.checkHttpRoute(httpRoute, problems),
      };
    });
    const { meta } = checked;
    this.name = checked.name;

    this.deployment = new RollingDeployment(this, 'deployment', { ...meta, name: this.name, replicas: checked.replicas });
    this.service = new ClusterIpService(this, 'service', { ...service, name: service?.name ?? this.name, target: this.deployment,
      ports: checked.servicePorts });
    if (autoscaling) this.autoscaler = new HorizontalAutoscaler(this, 'autoscaler', { ...autoscaling, target: this.deployment });
    for (const peer of (networkPolicy || {}).allowFrom ?? []) this.ensurePolicy().allowFrom(peer, this.servingTargetPort);
    const labels = { component: meta.component, partOf: meta.partOf };
    if (ingress && checked.ingressOk) {
      this.ingress = ingress.ingress ?? new RoutingIngress(this, 'ingress', { ...labels, name: this.name, ...ingress.props });
      this.exposeViaIngress(this.ingress, ingress);
    }
    if (httpRoute && checked.routeOk) {
      this.httpRoute = httpRoute.route
        ?? new HttpRoute(this, 'route', { ...labels, name: this.name, gateway: httpRoute.gateway!, hostnames: httpRoute.hostnames });
      this.exposeViaHttpRoute(this.httpRoute, httpRoute);
    }
  }

  /** The PodDisruptionBudget of the pods: the deployment's default one (2 or more pods), if any. */
  public get disruptionBudget(): PodDisruptionBudget | undefined {
    return this.deployment.disruptionBudget;
  }

  /** The NetworkPolicy selecting the pods, once something was allowed (see the `networkPolicy` prop). */
  public get networkPolicy(): NetworkPolicy | undefined {
    return this.policy;
  }

  /** The pod port (number or name) behind the serving port (the Service's first): what routes and `allowFrom()` open. */
  public get servingTargetPort(): number | string {
    // No port only when the Service's own problems were collected for synth, which then fails anyway.
    return this.service.ports[0]?.targetPort ?? WebService.DEFAULTS.port;
  }

  /**
   * Adds a rule for `options.host` / `options.path` to `ingress`, to the serving port, and admits
   * `options.from` through the network policy. Throws at once if the rule is invalid.
   */
  public exposeViaIngress(ingress: RoutingIngress, options: IngressExposeOptions): void {
    const from = this.checkProps((problems) => {
      const peers = this.checkPeers('exposeViaIngress', ingress, options.from, 'the Ingress controller\'s', problems);
      if (options.host === undefined && options.path === undefined) {
        problems.add('exposeViaIngress.host', undefined, 'and path are both unset, so the rule would take every request the Ingress receives',
          'set host, path or both');
      }
      return problems.isEmpty ? peers : undefined;
    });
    if (!from || this.service.ports.length === 0) return;
    const port = this.service.ports.length > 1 ? this.service.ports[0].name : undefined;
    ingress.addRule({ host: options.host, path: options.path, pathType: options.pathType,
      backend: IngressBackend.fromService(this.service, { port }) });
    this.admit(ingress, from);
  }

  /**
   * Adds a rule for `options.path` to `route`, to the serving port, and admits `options.from`
   * (the Gateway's proxies) through the network policy. Throws at once if the rule is invalid.
   */
  public exposeViaHttpRoute(route: HttpRoute, options: HttpRouteExposeOptions = {}): void {
    const from = this.checkProps((problems) => {
      const peers = this.checkPeers('exposeViaHttpRoute', route.gateway, options.from, 'the Gateway proxies\'', problems);
      if (options.path === undefined && route.hostnames.length === 0) {
        problems.add('exposeViaHttpRoute.path', undefined,
          `is unset and route "${route.name}" has no hostnames, so the rule would take every request on gateway "${route.gateway.name}"`,
          'set path, or hostnames on the route');
      }
      return problems.isEmpty ? peers : undefined;
    });
    if (!from || this.service.ports.length === 0) return;
    route.addRule({ path: options.path, pathType: options.pathType, backends: [{ service: this.service, port: this.service.ports[0].port }] });
    this.admit(route.gateway, from);
  }

  /**
   * Admits `source` to the serving port. For another `WebService` (`api.allowFrom(frontend)`) its
   * policy also gets the matching egress rule, unless it was created with `networkPolicy: false` or
   * `{ egress: false }`.
   */
  public allowFrom(source: WebService | IPodWorkload | Peer): void {
    const what = source instanceof Peer ? source.description : source.node.path;
    const policy = this.requirePolicy('allowFrom', what);
    if (!policy) return;
    const port = this.servingTargetPort;
    if (source instanceof Peer) return policy.allowFrom(source, port);
    policy.allowFrom(Peer.workload(source instanceof WebService ? source.deployment : source), port);
    if (source instanceof WebService && source.policyProps !== false && (source.policyProps?.egress ?? WebService.DEFAULTS.networkPolicyEgress)) {
      source.ensurePolicy().allowTo(Peer.workload(this.deployment), port);
    }
  }

  /** Allows the pods to connect to `peer` (on `port`, or every port): for destinations outside this library's services. */
  public allowTo(peer: Peer, port?: number | string): void {
    this.requirePolicy('allowTo', peer.description)?.allowTo(peer, port);
  }

  private checkIngress(props: WebServiceIngressProps, problems: Problems): boolean {
    return problems.passes(() => {
      this.checkPeers('ingress', undefined, props.from, 'the Ingress controller\'s', problems);
      if (props.host === undefined && props.path === undefined) {
        problems.add('ingress.host', undefined, 'and ingress.path are both unset, so the rule would take every request the Ingress receives',
          'set host, path or both');
      }
      if (props.ingress && props.props) {
        problems.add('ingress.props', Object.keys(props.props),
          `configure an Ingress of this service's own, but ingress.ingress is the shared "${props.ingress.node.path}"`,
          'configure the shared Ingress where it is created, or remove ingress.ingress');
      }
    });
  }

  private checkHttpRoute(props: WebServiceHttpRouteProps, problems: Problems): boolean {
    const { gateway, route } = props;
    return problems.passes(() => {
      this.checkPeers('httpRoute', undefined, props.from, 'the Gateway proxies\'', problems);
      if ((gateway === undefined) === (route === undefined)) {
        const rule = gateway ? `and httpRoute.route ("${route!.node.path}") are both set` : 'and httpRoute.route are both unset';
        problems.add('httpRoute.gateway', gateway?.name, rule,
          'set gateway for an HTTPRoute of this service\'s own, or route to add a rule to a shared HttpRoute');
        return;
      }
      if (route && props.hostnames) {
        problems.add('httpRoute.hostnames', props.hostnames,
          `only apply to an HTTPRoute of this service's own, but httpRoute.route is the shared "${route.node.path}"`,
          'set hostnames on the shared HttpRoute, or use httpRoute.gateway instead of route');
      }
      const hostnames = route ? route.hostnames : props.hostnames ?? [];
      if (props.path === undefined && hostnames.length === 0) {
        const rule = route
          ? `is unset and route "${route.name}" has no hostnames, so the rule would take every request on gateway "${route.gateway.name}"`
          : `is unset and so are httpRoute.hostnames, so the route would take every request on gateway "${gateway!.name}"`;
        problems.add('httpRoute.path', undefined, rule, route ? 'set path, or hostnames on the route' : 'set hostnames, path or both');
      }
    });
  }

  /**
   * The peers a route admits: `from`, else those of an earlier route through `via`. A problem when the
   * policy is on and there are none, or when `from` is given with the policy off. `undefined` on a problem.
   */
  private checkPeers(prop: string, via: object | undefined, from: Peer[] | undefined, whose: string, problems: Problems): Peer[] | undefined {
    if (this.policyProps === false) {
      if (from === undefined) return [];
      problems.add(`${prop}.from`, from.map((p) => p.description), 'names peers for the network policy, but networkPolicy is false',
        'remove from, or remove networkPolicy: false');
      return undefined;
    }
    const peers = from ?? (via ? this.routePeers.get(via) : undefined);
    if (peers && peers.length > 0) return peers;
    problems.add(`${prop}.from`, from && from.map((p) => p.description),
      `names no peer, and the network policy admits only the peers it is given, so ${whose} requests would be dropped`,
      'pass from: [Peer.namespace(...)] where they run (or the load balancer\'s Peer.ipBlock(...)), or set networkPolicy: false');
    return undefined;
  }

  private admit(via: object, peers: readonly Peer[]): void {
    if (this.policyProps === false || peers.length === 0) return;
    const policy = this.ensurePolicy();
    for (const peer of peers) policy.allowFrom(peer, this.servingTargetPort);
    if (!this.routePeers.has(via)) this.routePeers.set(via, [...peers]);
  }

  private requirePolicy(prop: string, value: string): NetworkPolicy | undefined {
    if (this.policyProps !== false) return this.ensurePolicy();
    this.checkProps((problems) => problems.add(prop, value, 'needs the network policy of this service, but networkPolicy is false',
      'remove networkPolicy: false, or allow the traffic in a NetworkPolicy of your own'));
    return undefined;
  }

  private ensurePolicy(): NetworkPolicy {
    this.policy ??= new NetworkPolicy(this, 'network-policy', { name: this.name, target: this.deployment });
    return this.policy;
  }
}
