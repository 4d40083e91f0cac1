import * as k8s from './private/k8s';
import { Construct } from 'constructs';
import { CloudProvider, LoadBalancerScheme } from './cloud-provider';
import { checkLabelProps, inheritLabels, MetadataProps, recommendedLabels } from './labels';
import { PatternConstruct, Problems } from './private/construct-base';
import { toIntOrString } from './private/int-or-string';
import { checkObjectName, namespaceOf, objectName } from './private/names';
import { pickPort, resolveExternalNamePorts, resolvePorts, serviceUrl } from './private/service-ports';
import { KubernetesFeature, requireFeature } from './kubernetes-version';
import type { IPodWorkload } from './workload';
import { cidr, ENUMERATIONS, enumField, ipFamily, isDnsName, sameNamespace } from './rules';
import {
  ExternalNamePortProps, ExternalServicePortProps, IRoutableService, IService, ResolvedServicePort, ServicePortProps, ServiceType, ServiceUrlOptions,
  ServiceEndpointPort,
} from './service-contract';

// The contracts of Services live in a leaf module (no import cycles); they stay importable from here.
export type {
  ExternalNamePortProps, ExternalServicePortProps, IRoutableService, IService, ResolvedServicePort, ServicePortProps, ServiceType, ServiceUrlOptions,
  ServiceEndpointPort,
} from './service-contract';


/**
 * What every Service type shares.
 *
 * Labels are the target's labels, so that `kubectl get all -l app.kubernetes.io/instance=...`
 * lists the Service with its pods; `component`, `partOf`, `version` and `labels` override theirs.
 */
export interface ServiceBaseProps extends MetadataProps {
  /** The workload whose pods receive the traffic, selected by its `selectorLabels`. */
  readonly target: IPodWorkload;
  /** At least one. */
  readonly ports: ServicePortProps[];
  /**
   * `metadata.name`, a DNS-1035 label (starts with a letter). Unlike other objects it does not change
   * `app.kubernetes.io/name`: the Service belongs to the target's app. To reach deployment `api` as
   * `api.<namespace>`, pass `name: deployment.name`.
   * @default - the construct ids below the chart joined with '-' (`web` for `new ClusterIpService(chart, 'web', ...)`)
   */
  readonly name?: string;
  /**
   * Prefer endpoints close to the client: `PreferClose` (kube-proxy keeps traffic in the client's zone
   * when that zone has ready endpoints) needs Kubernetes >= 1.31 as the window's oldest release;
   * `PreferSameZone` (its newer name) and `PreferSameNode` need 1.34. A preference, not a rule:
   * traffic still goes elsewhere when no close endpoint is ready.
   * @default - unset: traffic is spread over every ready endpoint
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#traffic-distribution
   */
  readonly trafficDistribution?: TrafficDistribution;
}

/** `spec.trafficDistribution` of a Service. */
export type TrafficDistribution = 'PreferClose' | 'PreferSameZone' | 'PreferSameNode';

/** The feature each value needs: the field's own, or the later release that added the value (lib/rules/enums.ts). */
function trafficDistributionFeature(value: TrafficDistribution): KubernetesFeature {
  const later: Readonly<Record<string, KubernetesFeature>> = ENUMERATIONS.trafficDistribution.later;
  return Object.prototype.hasOwnProperty.call(later, value) ? later[value] : 'serviceTrafficDistribution';
}

/** Type-specific additions to a Service, computed by `ServiceBase.typeSpec`. */
export interface ServiceTypeSpec {
  /** Merged over the common spec (type, selector, ports). @default - nothing added */
  readonly spec?: k8s.ServiceSpec;
  /** Put under the user's `annotations`, which win on a clash. @default - none */
  readonly annotations?: Record<string, string>;
}

/**
 * A Service in front of one workload's pods. One subclass per `spec.type`, so that fields only one
 * type accepts (`nodePort`, `loadBalancerSourceRanges`) are only typed where Kubernetes accepts them.
 */
export abstract class ServiceBase extends PatternConstruct implements IRoutableService {
  /** Defaults of the props above; the docs and the tests read these too. */
  public static readonly DEFAULTS = {
    protocol: 'TCP' as const,
    /** Kubernetes's default `--service-node-port-range`. */
    nodePortRange: { min: 30000, max: 32767 },
    /** Used by `dnsName` when the chart sets no namespace. */
    namespace: 'default',
    clusterDomain: 'cluster.local',
    /** `LoadBalancerService.scheme`: a LoadBalancer Service exists to be reached from outside. */
    loadBalancerScheme: 'internet-facing' as LoadBalancerScheme,
  } as const;

  /** The Service object, for anything this construct does not model. */
  public readonly apiObject: k8s.KubeService;
  public readonly name: string;
  /** The chart's namespace; `undefined` means whichever namespace the manifest is applied to. */
  public readonly namespace?: string;
  /**
   * `<name>.<namespace>.svc.cluster.local`, assuming the `default` namespace when the chart has none
   * and the default cluster domain.
   */
  public readonly dnsName: string;
  public readonly type: ServiceType;
  public readonly target: IPodWorkload;
  public readonly labels: Record<string, string>;
  /** The ports as written to the manifest, defaults applied. */
  public readonly ports: readonly ResolvedServicePort[];

  protected constructor(scope: Construct, id: string, type: ServiceType, props: ServiceBaseProps) {
    super(scope, id);
    const defaults = ServiceBase.DEFAULTS;
    this.type = type;
    this.target = props.target;
    this.name = props.name ?? objectName(this);
    this.namespace = namespaceOf(this);
    this.dnsName = `${this.name}.${this.namespace ?? defaults.namespace}.svc.${defaults.clusterDomain}`;
    const { labels, ports, trafficDistribution, extra } = this.checkProps((problems) => {
      checkObjectName(this.name, problems, 'dns1035-label');
      const labels = inheritLabels(props.target.labels, checkLabelProps(props, problems));
      problems.check('target', props.target.node.path, sameNamespace(namespaceOf(props.target), this.namespace, 'Service'));
      const ports = resolvePorts(props.target, props.ports, type !== 'ClusterIP', problems, defaults);
      const trafficDistribution = this.checkTrafficDistribution(props.trafficDistribution, problems);
      const extra = this.typeSpec(props, problems);
      return { labels, ports, trafficDistribution, extra };
    });
    this.labels = labels;
    this.ports = ports;

    const annotations = { ...extra.annotations, ...props.annotations };
    this.apiObject = new k8s.KubeService(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: this.labels,
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      },
      spec: {
        type,
        selector: props.target.selectorLabels,
        ports: this.ports.map((p) => ({
          name: p.name,
          port: p.port,
          targetPort: toIntOrString(p.targetPort),
          protocol: p.protocol,
          nodePort: p.nodePort,
        })),
        trafficDistribution,
        ...extra.spec,
      },
    });
  }

  private checkTrafficDistribution(value: TrafficDistribution | undefined, problems: Problems): string | undefined {
    if (value === undefined) return undefined;
    if (!problems.check('trafficDistribution', value, enumField('trafficDistribution', value))) return undefined;
    const feature = requireFeature(this, trafficDistributionFeature(value));
    if (!feature) return value;
    // Left out, so that in collect mode the manifest check does not report it a second time.
    problems.add('trafficDistribution', value, feature.rule, feature.fix, 'kubernetes-window');
    return undefined;
  }

  /**
   * The port that `nameOrNumber` names or listens on; without it, the only port. Ingress and Gateway
   * backends resolve theirs with this.
   * @param protocol only consider ports of this protocol (HTTP routes need `TCP`)
   * @returns `undefined` when no port, or more than one, matches
   */
  public findPort(nameOrNumber?: number | string, protocol?: 'TCP' | 'UDP' | 'SCTP'): ResolvedServicePort | undefined {
    const hits = this.ports
      .filter((p) => protocol === undefined || p.protocol === protocol)
      .filter((p) => nameOrNumber === undefined || (typeof nameOrNumber === 'string' ? p.name === nameOrNumber : p.port === nameOrNumber));
    return hits.length === 1 ? hits[0] : undefined;
  }

  public url(options: ServiceUrlOptions = {}): string {
    return serviceUrl(this, options);
  }

  public pickPort(port?: number | string): ServiceEndpointPort | undefined {
    return pickPort(this, port);
  }

  /**
   * @internal Checks and computes what this Service type adds to the spec and annotations. Subclasses override
   * it and call `super.typeSpec(props, problems)`. It runs inside the base constructor, before
   * subclass fields are assigned, so it must only read its arguments.
   */
  protected typeSpec(_props: ServiceBaseProps, _problems: Problems): ServiceTypeSpec {
    return {};
  }
}

export interface ClusterIpServiceProps extends ServiceBaseProps {}

/** A Service reachable only inside the cluster, at `dnsName`. */
export class ClusterIpService extends ServiceBase {
  constructor(scope: Construct, id: string, props: ClusterIpServiceProps) {
    super(scope, id, 'ClusterIP', props);
  }
}

export interface NodePortServiceProps extends ServiceBaseProps {
  readonly ports: ExternalServicePortProps[];
  /**
   * `Local` only delivers to pods on the node the traffic arrived at: the client's IP is preserved,
   * but nodes without a ready pod drop it.
   * @default - Kubernetes's 'Cluster' (any node forwards to any pod; the client IP is lost)
   */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
}

/** A Service also reachable on a port of every node. */
export class NodePortService extends ServiceBase {
  constructor(scope: Construct, id: string, props: NodePortServiceProps) {
    super(scope, id, 'NodePort', props);
  }

  /** @internal */
  protected typeSpec(props: NodePortServiceProps, problems: Problems): ServiceTypeSpec {
    return { ...super.typeSpec(props, problems), spec: { externalTrafficPolicy: props.externalTrafficPolicy } };
  }
}

export interface LoadBalancerServiceProps extends ServiceBaseProps {
  readonly ports: ExternalServicePortProps[];
  /**
   * `Local` only delivers to pods on the node the traffic arrived at: the client's IP is preserved,
   * and the cloud load balancer's health checks skip nodes without a ready pod.
   * @default - Kubernetes's 'Cluster' (any node forwards to any pod; the client IP is lost)
   */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /**
   * Client CIDRs (`203.0.113.0/24`, `2001:db8::/32`) the cloud load balancer accepts.
   * @default - every address
   */
  readonly loadBalancerSourceRanges?: string[];
  /**
   * Who can reach the load balancer. The cloud profile turns it into its own annotations (EKS:
   * `aws-load-balancer-scheme`, GKE: `networking.gke.io/load-balancer-type: Internal`, AKS:
   * `azure-load-balancer-internal`); on a `GENERIC` cluster only `internet-facing` can be asked for.
   * @default 'internet-facing'
   */
  readonly scheme?: LoadBalancerScheme;
  /**
   * The cloud whose load balancer annotations to write. Your own `annotations` override the profile's,
   * except those that decide the scheme, which must agree with `scheme`.
   * @default - `CloudProvider.of(this)`: the chart's, else `GENERIC`
   */
  readonly cloudProvider?: CloudProvider;
}

/**
 * A Service exposed through the cloud's load balancer, shaped by the cloud profile (`CloudProvider`):
 * on EKS an NLB with IP targets through the AWS Load Balancer Controller, on GKE a passthrough NLB
 * (backend-service-based when external), on AKS the Azure Load Balancer; public or internal by `scheme`.
 */
export class LoadBalancerService extends ServiceBase {
  public readonly scheme: LoadBalancerScheme;
  public readonly cloudProvider: CloudProvider;

  constructor(scope: Construct, id: string, props: LoadBalancerServiceProps) {
    super(scope, id, 'LoadBalancer', props);
    this.scheme = props.scheme ?? ServiceBase.DEFAULTS.loadBalancerScheme;
    this.cloudProvider = props.cloudProvider ?? CloudProvider.of(this);
  }

  /** @internal */
  protected typeSpec(props: LoadBalancerServiceProps, problems: Problems): ServiceTypeSpec {
    const ranges = props.loadBalancerSourceRanges ?? [];
    for (const [i, range] of ranges.entries()) {
      problems.check(`loadBalancerSourceRanges[${i}]`, range, cidr(range));
    }
    // Runs before this class's fields are set, hence the props and `this.node` only.
    const provider = props.cloudProvider ?? CloudProvider.of(this);
    const scheme = props.scheme ?? ServiceBase.DEFAULTS.loadBalancerScheme;
    return {
      ...super.typeSpec(props, problems),
      spec: {
        externalTrafficPolicy: props.externalTrafficPolicy,
        loadBalancerSourceRanges: ranges.length > 0 ? ranges : undefined,
      },
      annotations: provider._loadBalancerAnnotations(scheme, props.annotations, problems),
    };
  }
}

export interface HeadlessServiceProps extends ServiceBaseProps {
  /**
   * Publish pods in DNS before they are ready: what StatefulSet members need to find each other
   * while they start.
   * @default false
   */
  readonly publishNotReadyAddresses?: boolean;
}

/**
 * A Service without a cluster IP (`clusterIP: None`): its DNS name resolves to the ready pods' own
 * IPs, and a StatefulSet's pods get stable names under it (`<pod>.<name>.<namespace>.svc.cluster.local`).
 * For clients that pick or pin pods themselves (databases, peer discovery); no load balancing.
 */
export class HeadlessService extends ServiceBase {
  constructor(scope: Construct, id: string, props: HeadlessServiceProps) {
    super(scope, id, 'ClusterIP', props);
  }

  /** @internal */
  protected typeSpec(props: HeadlessServiceProps, problems: Problems): ServiceTypeSpec {
    if (props.trafficDistribution !== undefined) {
      problems.add('trafficDistribution', props.trafficDistribution,
        'has no effect on a headless Service, whose clients connect to pod IPs without kube-proxy',
        'remove trafficDistribution, or use a ClusterIpService');
    }
    const base = super.typeSpec(props, problems);
    return { ...base, spec: { ...base.spec, clusterIp: 'None', publishNotReadyAddresses: props.publishNotReadyAddresses } };
  }
}


export interface ExternalNameServiceProps extends MetadataProps {
  /**
   * The DNS name the Service is an alias (CNAME) for, e.g. `orders.abc123.eu-west-1.rds.amazonaws.com`.
   * Not an IP address: for those use a Service without selector and an EndpointSlice.
   */
  readonly externalName: string;
  /**
   * Informational (the CNAME carries no port), but `url()` and discovery read them.
   * @default - none
   */
  readonly ports?: ExternalNamePortProps[];
}

/**
 * An in-cluster name for something outside the cluster (`type: ExternalName`): cluster DNS answers
 * `dnsName` with a CNAME to `externalName`, so consumers keep one stable name when the target moves.
 * It has no selector, no cluster IP and no proxying: clients connect to the external host directly
 * (so TLS certificates must be valid for `externalName`, and HTTP `Host` headers carry this Service's name).
 */
export class ExternalNameService extends PatternConstruct implements IService {
  /** The Service object, for anything this construct does not model. */
  public readonly apiObject: k8s.KubeService;
  public readonly name: string;
  public readonly namespace?: string;
  public readonly dnsName: string;
  public readonly externalName: string;
  public readonly labels: Record<string, string>;
  public readonly ports: readonly ServiceEndpointPort[];

  constructor(scope: Construct, id: string, props: ExternalNameServiceProps) {
    super(scope, id);
    const defaults = ServiceBase.DEFAULTS;
    this.name = props.name ?? objectName(this);
    this.namespace = namespaceOf(this);
    this.dnsName = `${this.name}.${this.namespace ?? defaults.namespace}.svc.${defaults.clusterDomain}`;
    this.externalName = props.externalName;
    const { labels, ports } = this.checkProps((problems) => {
      checkObjectName(this.name, problems, 'dns1035-label');
      const labels = recommendedLabels(this, this.name, checkLabelProps(props, problems));
      const external = this.externalName;
      if (ipFamily(external) !== 0) {
        problems.add('externalName', external, 'is an IP address, which cluster DNS would treat as a host name',
          'use a DNS name, or for an IP a Service without selector plus an EndpointSlice');
      } else if (!isDnsName(external.endsWith('.') ? external.slice(0, -1) : external)) {
        // One trailing dot marks a fully qualified name (validation.go ValidateService trims it too).
        problems.add('externalName', external, 'is not a lower-case DNS name',
          'write the host name only, like "db.example.com" or "db.example.com." (no scheme, port or path)');
      }
      const ports = resolveExternalNamePorts(props.ports ?? [], problems, defaults.protocol);
      return { labels, ports };
    });
    this.labels = labels;
    this.ports = ports;

    this.apiObject = new k8s.KubeService(this, 'Resource', {
      metadata: { name: this.name, labels: this.labels, annotations: props.annotations },
      spec: {
        type: 'ExternalName',
        externalName: this.externalName,
        ports: this.ports.length > 0 ? this.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })) : undefined,
      },
    });
  }

  public url(options: ServiceUrlOptions = {}): string {
    return serviceUrl(this, options);
  }

  public pickPort(port?: number | string): ServiceEndpointPort | undefined {
    return pickPort(this, port);
  }
}
