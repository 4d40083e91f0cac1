import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { isIP } from 'net';
import { MetadataProps } from './labels';
import { Problems } from './private/errors';
import { toIntOrString } from './private/int-or-string';
import { namespaceOf, objectName } from './private/names';
import { IPodWorkload, PodPort } from './pod-spec';

/** One port a Service listens on, and the pod port it forwards to. */
export interface ServicePortProps {
  /** The port clients connect to on the Service's cluster IP and DNS name. */
  readonly port: number;
  /**
   * The pod port traffic goes to: a number, or the name of a container port of the target.
   * A name lets the pods change the number without touching the Service.
   * @default - the target's only port of this protocol when it declares exactly one, else `port`
   */
  readonly targetPort?: number | string;
  /**
   * DNS-1123 label that Ingress and Gateway backends (and ServiceMonitors) refer to. Every port gets
   * one, even a lone port, so that adding a second port later renames nothing.
   * @default - the name of the container port it targets, else `<protocol>-<port>` (`tcp-80`)
   */
  readonly name?: string;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** A port of a Service that is also opened on every node (NodePort and LoadBalancer services). */
export interface ExternalServicePortProps extends ServicePortProps {
  /**
   * The port opened on every node. Must be in 30000-32767, the default `--service-node-port-range`.
   * @default - Kubernetes picks a free one
   */
  readonly nodePort?: number;
}

/** A Service port after defaults are applied, as written to the manifest. */
export interface ResolvedServicePort {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly nodePort?: number;
}

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
}

/** Kubernetes `spec.type` of the Service classes below. */
export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

/** Type-specific additions to a Service, computed by `ServiceBase.typeSpec`. */
export interface ServiceTypeSpec {
  /** Merged over the common spec (type, selector, ports). @default - nothing added */
  readonly spec?: k8s.ServiceSpec;
  /** Put under the user's `annotations`, which win on a clash. @default - none */
  readonly annotations?: Record<string, string>;
}

const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A Service in front of one workload's pods. One subclass per `spec.type`, so that fields only one
 * type accepts (`nodePort`, `loadBalancerSourceRanges`) are only typed where Kubernetes accepts them.
 */
export abstract class ServiceBase extends Construct {
  /** Defaults of the props above; the docs and the tests read these too. */
  public static readonly DEFAULTS = {
    protocol: 'TCP' as const,
    /** Kubernetes's default `--service-node-port-range`. */
    nodePortRange: { min: 30000, max: 32767 },
    /** Used by `dnsName` when the chart sets no namespace. */
    namespace: 'default',
    clusterDomain: 'cluster.local',
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
    const problems = new Problems(this);
    const defaults = ServiceBase.DEFAULTS;
    this.type = type;
    this.target = props.target;
    this.name = props.name ?? objectName(this);
    this.namespace = namespaceOf(this);
    this.dnsName = `${this.name}.${this.namespace ?? defaults.namespace}.svc.${defaults.clusterDomain}`;
    this.labels = {
      ...props.target.labels,
      ...(props.component !== undefined ? { 'app.kubernetes.io/component': props.component } : {}),
      ...(props.partOf !== undefined ? { 'app.kubernetes.io/part-of': props.partOf } : {}),
      ...(props.version !== undefined ? { 'app.kubernetes.io/version': props.version } : {}),
      ...props.labels,
    };

    if (this.name.length > 63 || !DNS_1035_LABEL.test(this.name)) {
      problems.add('name', this.name, 'is not a DNS-1035 label', 'use at most 63 lower-case letters, digits and \'-\', starting with a letter (pass name, or change the construct id)');
    }
    const targetNamespace = namespaceOf(props.target);
    if (this.namespace !== undefined && targetNamespace !== undefined && targetNamespace !== this.namespace) {
      problems.add('target', props.target.node.path, `is in namespace "${targetNamespace}" but this Service is in "${this.namespace}", and a Service only selects pods of its own namespace`, 'create the Service in a chart with the target\'s namespace');
    }
    this.ports = resolvePorts(props.target, props.ports, type !== 'ClusterIP', problems);
    const extra = this.typeSpec(props, problems);
    problems.report();

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
        ...extra.spec,
      },
    });
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

  /**
   * Checks and computes what this Service type adds to the spec and annotations. Subclasses override
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
}

/**
 * A Service exposed through the cloud provider's load balancer. Provider settings are plain
 * `annotations` for now; provider-specific subclasses override `typeSpec` to compute them.
 */
export class LoadBalancerService extends ServiceBase {
  constructor(scope: Construct, id: string, props: LoadBalancerServiceProps) {
    super(scope, id, 'LoadBalancer', props);
  }

  protected typeSpec(props: LoadBalancerServiceProps, problems: Problems): ServiceTypeSpec {
    const ranges = props.loadBalancerSourceRanges ?? [];
    for (const [i, range] of ranges.entries()) {
      if (!isCidr(range)) {
        problems.add(`loadBalancerSourceRanges[${i}]`, range, 'is not a CIDR', 'write an address and a prefix length, like "203.0.113.0/24" or "2001:db8::/32"');
      }
    }
    return {
      ...super.typeSpec(props, problems),
      spec: {
        externalTrafficPolicy: props.externalTrafficPolicy,
        loadBalancerSourceRanges: ranges.length > 0 ? ranges : undefined,
      },
    };
  }
}

function resolvePorts(
  target: IPodWorkload,
  ports: readonly ExternalServicePortProps[],
  nodePortsAllowed: boolean,
  problems: Problems,
): ResolvedServicePort[] {
  const { protocol: defaultProtocol, nodePortRange } = ServiceBase.DEFAULTS;
  if (ports.length === 0) problems.add('ports', [], 'is empty', 'add at least one port');

  const resolved = ports.map((p, i) => {
    const where = `ports[${i}]`;
    const protocol = p.protocol ?? defaultProtocol;
    if (!isPortNumber(p.port)) problems.add(`${where}.port`, p.port, 'is not a port number', 'use an integer from 1 to 65535');

    const sameProtocol = target.ports.filter((t) => t.protocol === protocol);
    const targetPort = p.targetPort ?? (sameProtocol.length === 1 ? sameProtocol[0].number : p.port);
    let podPort: PodPort | undefined;
    if (typeof targetPort === 'string') {
      podPort = sameProtocol.find((t) => t.name === targetPort);
      if (!podPort) {
        const names = sameProtocol.filter((t) => t.name !== undefined).map((t) => `"${t.name}"`);
        const has = names.length > 0 ? `it has ${names.join(', ')}` : 'it names none';
        problems.add(`${where}.targetPort`, targetPort, `is not a named ${protocol} port of target "${target.node.path}" (${has})`, 'use one of its port names, or a port number');
      }
    } else if (!isPortNumber(targetPort)) {
      problems.add(`${where}.targetPort`, targetPort, 'is not a port number', 'use an integer from 1 to 65535');
    } else if (target.ports.length > 0) {
      // A target that declares ports documents what it listens on; forwarding elsewhere is a typo.
      podPort = sameProtocol.find((t) => t.number === targetPort);
      if (!podPort) {
        const declared = target.ports.map((t) => `${t.number}/${t.protocol}`).join(', ');
        problems.add(`${where}.targetPort`, targetPort, `is not a ${protocol} port declared by target "${target.node.path}" (it declares ${declared})`, 'set targetPort to one of them, or add the port to its container');
      }
    }

    if (p.nodePort !== undefined) {
      if (!nodePortsAllowed) {
        problems.add(`${where}.nodePort`, p.nodePort, 'is only allowed on NodePort and LoadBalancer services', 'remove nodePort, or use a NodePortService');
      } else if (!Number.isInteger(p.nodePort) || p.nodePort < nodePortRange.min || p.nodePort > nodePortRange.max) {
        problems.add(`${where}.nodePort`, p.nodePort, `must be within ${nodePortRange.min}-${nodePortRange.max}, the default node port range`, 'use a port in that range, or omit nodePort to let Kubernetes pick one');
      }
    }
    return { props: p, protocol, targetPort, podPortName: podPort?.name };
  });

  for (const [i, p] of resolved.entries()) {
    const clash = resolved.slice(0, i).findIndex((q) => q.props.port === p.props.port && q.protocol === p.protocol);
    if (clash >= 0) {
      problems.add(`ports[${i}].port`, p.props.port, `is also ports[${clash}].port for ${p.protocol}`, 'give each port its own number, or another protocol');
    }
    const nodeClash = p.props.nodePort === undefined ? -1
      : resolved.slice(0, i).findIndex((q) => q.props.nodePort === p.props.nodePort && q.protocol === p.protocol);
    if (nodeClash >= 0) {
      problems.add(`ports[${i}].nodePort`, p.props.nodePort, `is also ports[${nodeClash}].nodePort for ${p.protocol}`, 'give each port its own nodePort');
    }
  }

  // Explicit names are claimed first so that a derived name never takes one the user chose.
  const taken = new Set(ports.map((p) => p.name).filter((n): n is string => n !== undefined));
  const names = resolved.map((p) => {
    if (p.props.name !== undefined) return p.props.name;
    const fallback = `${p.protocol.toLowerCase()}-${p.props.port}`;
    const name = p.podPortName !== undefined && !taken.has(p.podPortName) ? p.podPortName : fallback;
    taken.add(name);
    return name;
  });
  for (const [i, name] of names.entries()) {
    if (ports[i].name !== undefined && (name.length > 63 || !DNS_1123_LABEL.test(name))) {
      problems.add(`ports[${i}].name`, name, 'is not a DNS-1123 label', 'use at most 63 lower-case letters, digits and \'-\'');
    }
    const clash = names.indexOf(name);
    if (clash < i) problems.add(`ports[${i}].name`, name, `is also the name of ports[${clash}]`, 'give each port its own name');
  }

  return resolved.map((p, i) => ({
    name: names[i],
    port: p.props.port,
    targetPort: p.targetPort,
    protocol: p.protocol,
    nodePort: p.props.nodePort,
  }));
}

function isPortNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

function isCidr(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return false;
  const family = isIP(address);
  return family !== 0 && Number(prefix) <= (family === 4 ? 32 : 128);
}
