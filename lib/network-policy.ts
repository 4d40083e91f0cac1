import { Lazy } from 'cdk8s';
import * as k8s from './private/k8s';
import { Construct } from 'constructs';
import { NAMESPACE_NAME_LABEL } from './gateway';
import { checkLabelProps, inheritLabels, MetadataProps, recommendedLabels } from './labels';
import { PatternConstruct, Problems, show } from './private/construct-base';
import { toIntOrString } from './private/int-or-string';
import { checkObjectName, namespaceOf, objectName } from './private/names';
import type { IPodWorkload } from './workload';
import {
  Cidr, cidrExcept, enumField, labelKey, labelValue, listedTwice, namespaceName, networkCidr, parseCidr, portName, portNumber, sameNamespace,
} from './rules';

/** The directions a NetworkPolicy restricts for the pods it selects (`spec.policyTypes`). */
export type NetworkPolicyType = 'Ingress' | 'Egress';

/**
 * The other end of an allowed connection.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
 */
export class Peer {
  /** The pods of a workload of this library, selected by its `selectorLabels` (in its namespace, if another). */
  public static workload(workload: IPodWorkload): Peer {
    return new Peer(`workload:${workload.name}`, { workload });
  }

  /**
   * Every pod of a namespace (selected by its `kubernetes.io/metadata.name` label), or only those with
   * `podLabels`: the ingress controller's or gateway's namespace, a monitoring namespace.
   */
  public static namespace(name: string, options: { readonly podLabels?: Record<string, string> } = {}): Peer {
    return new Peer(`namespace:${name}`, { namespace: name, podLabels: options.podLabels });
  }

  /**
   * Addresses in `cidr` except those in `except`; for endpoints outside the cluster (pod IPs change).
   * Each `except` must lie strictly inside `cidr`.
   */
  public static ipBlock(cidr: string, except: string[] = []): Peer {
    return new Peer(`ipBlock:${cidr}`, { cidr, except });
  }

  private constructor(
    /** How errors name this peer: `workload:api`, `namespace:ingress-nginx`, `ipBlock:10.0.0.0/8`. */
    public readonly description: string,
    private readonly spec: {
      readonly workload?: IPodWorkload;
      readonly namespace?: string;
      readonly podLabels?: Record<string, string>;
      readonly cidr?: string;
      readonly except?: readonly string[];
    },
  ) {}

  /** The workload, for `Peer.workload`: its declared ports are what `allowTo` ports are checked against. */
  public get workload(): IPodWorkload | undefined {
    return this.spec.workload;
  }

  /** @internal The `from`/`to` entry for a policy in `policyNamespace`; `undefined` when it added a problem. */
  public _render(policyNamespace: string | undefined, where: string, problems: Problems): k8s.NetworkPolicyPeer | undefined {
    const { workload, namespace, podLabels, cidr, except } = this.spec;
    if (workload) {
      const ns = namespaceOf(workload);
      return {
        podSelector: { matchLabels: workload.selectorLabels },
        // Without a namespaceSelector a podSelector only selects pods of the policy's own namespace.
        namespaceSelector: ns !== undefined && ns !== policyNamespace ? { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } } : undefined,
      };
    }
    if (namespace !== undefined) {
      if (!problems.check(`${where}.namespaceSelector`, namespace, namespaceName(namespace),
        { fix: 'use a DNS-1123 label, as `kubectl get namespaces` lists them' })) {
        return undefined;
      }
      // The pod selector of the peer: label keys and values, as the API server checks them (ValidateNetworkPolicyPeer).
      const labelsOk = problems.passes(() => {
        for (const [key, value] of Object.entries(podLabels ?? {})) {
          if (!problems.check(`${where}.podLabels`, key, labelKey(key))) continue;
          problems.check(`${where}.podLabels[${JSON.stringify(key)}]`, value, labelValue(value));
        }
      });
      if (!labelsOk) return undefined;
      return {
        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } },
        podSelector: podLabels !== undefined ? { matchLabels: podLabels } : undefined,
      };
    }
    const block = checkCidr(cidr!, `${where}.ipBlock.cidr`, problems);
    if (!block) return undefined;
    const ok = problems.passes(() => {
      for (const [i, e] of except!.entries()) {
        if (checkCidr(e, `${where}.ipBlock.except[${i}]`, problems)) problems.check(`${where}.ipBlock.except[${i}]`, e, cidrExcept(e, cidr!));
      }
    });
    return ok ? { ipBlock: { cidr: cidr!, except: except!.length > 0 ? [...except!] : undefined } } : undefined;
  }
}

/** Options of `allowFrom` and `allowTo`. */
export interface NetworkPolicyPortOptions {
  /** @default - the protocol the workload declares the port with, else 'TCP' */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

export interface NetworkPolicyProps extends MetadataProps {
  /**
   * The workload whose pods the policy applies to.
   * @default - every pod in the policy's namespace (an empty podSelector)
   */
  readonly target?: IPodWorkload;
  /**
   * The directions in which everything not allowed by a rule (of this or another policy selecting the
   * same pods) is denied. Listing a direction without rules denies it entirely.
   * @default - 'Ingress' once `allowFrom` is used, 'Egress' once `allowTo` is used
   */
  readonly policyTypes?: NetworkPolicyType[];
  /**
   * When egress is restricted, allow DNS (UDP and TCP 53) to the `k8s-app: kube-dns` pods in
   * `kube-system`, without which every name lookup times out.
   * @default true
   */
  readonly allowDns?: boolean;
}

/** Options of `NetworkPolicy.denyAll`. */
export interface DenyAllOptions extends MetadataProps {
  /** Deny every incoming connection no other policy allows. @default true */
  readonly ingress?: boolean;
  /** Deny every outgoing connection no other policy allows, except DNS (see `allowDns`). @default true */
  readonly egress?: boolean;
  /** @default true */
  readonly allowDns?: boolean;
}

interface Rule {
  readonly peer: k8s.NetworkPolicyPeer;
  ports: k8s.NetworkPolicyPort[] | undefined;
}


/**
 * A `networking.k8s.io/v1` NetworkPolicy. Policies only add allowances: a pod is restricted in a
 * direction once any policy selecting it lists that direction, and then accepts what any of them allows.
 * Enforcement needs a CNI that implements NetworkPolicy (Calico, Cilium, the cloud ones); others ignore it.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export class NetworkPolicy extends PatternConstruct {
  /** Defaults of the props above; the docs and the tests read these too. */
  public static readonly DEFAULTS = {
    allowDns: true,
    /** Where cluster DNS runs on kubeadm, EKS, GKE and AKS clusters (CoreDNS keeps the kube-dns label). */
    dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, port: 53 },
  } as const;

  /**
   * Default-deny for every pod of the namespace (an empty podSelector, so pods without this app's
   * labels are covered too), with DNS still allowed. Allow what the app needs with more policies.
   */
  public static denyAll(scope: Construct, id: string, options: DenyAllOptions = {}): NetworkPolicy {
    const { ingress = true, egress = true, ...rest } = options;
    const policyTypes: NetworkPolicyType[] = [...(ingress ? ['Ingress' as const] : []), ...(egress ? ['Egress' as const] : [])];
    return new NetworkPolicy(scope, id, { ...rest, policyTypes });
  }

  /** The NetworkPolicy object, for anything this construct does not model (port ranges, `endPort`). */
  public readonly apiObject: k8s.KubeNetworkPolicy;
  public readonly name: string;
  public readonly namespace?: string;
  /** `undefined`: every pod in the namespace. */
  public readonly target?: IPodWorkload;
  private readonly ingress: Rule[] = [];
  private readonly egress: Rule[] = [];
  private readonly explicitTypes?: readonly NetworkPolicyType[];
  private readonly allowDns: boolean;

  constructor(scope: Construct, id: string, props: NetworkPolicyProps = {}) {
    super(scope, id);
    this.name = props.name ?? objectName(this);
    this.namespace = namespaceOf(this);
    this.target = props.target;
    this.explicitTypes = props.policyTypes;
    this.allowDns = props.allowDns ?? NetworkPolicy.DEFAULTS.allowDns;
    const meta = this.checkProps((problems) => {
      checkObjectName(this.name, problems, 'dns1123-subdomain');
      const meta = checkLabelProps(props, problems);
      if (props.target) problems.check('target', props.target.node.path, sameNamespace(namespaceOf(props.target), this.namespace, 'NetworkPolicy'));
      const types = props.policyTypes ?? [];
      for (const [i, t] of types.entries()) {
        // The type admits only these, but JavaScript callers and casts get past it.
        problems.check(`policyTypes[${i}]`, t, enumField('policyType', t));
        if (types.indexOf(t) < i) problems.check(`policyTypes[${i}]`, t, listedTwice('direction'));
      }
      return meta;
    });

    this.apiObject = new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: props.target ? inheritLabels(props.target.labels, meta) : recommendedLabels(this, this.name, meta),
        annotations: props.annotations,
      },
      spec: {
        podSelector: props.target ? { matchLabels: props.target.selectorLabels } : {},
        policyTypes: Lazy.any({ produce: () => this.policyTypes }),
        ingress: Lazy.any({ produce: () => this.renderRules(this.ingress, 'from') }),
        egress: Lazy.any({ produce: () => this.renderEgress() }),
      },
    });

    this.node.addValidation({
      validate: () => {
        const found: string[] = [];
        const add = (prop: string, value: unknown, rule: string, fix: string) => found.push(`${prop} (${show(value)}) ${rule}; ${fix}`);
        const types = this.policyTypes;
        if (types.length === 0) add('policyTypes', [], 'is empty and there are no rules, so this policy restricts nothing',
          'call allowFrom() or allowTo(), or set policyTypes');
        if (this.ingress.length > 0 && !types.includes('Ingress')) add('policyTypes', types,
          'leaves out Ingress, so the allowFrom() rules would be ignored', 'add \'Ingress\' to policyTypes, or remove the rules');
        if (this.egress.length > 0 && !types.includes('Egress')) add('policyTypes', types,
          'leaves out Egress, so the allowTo() rules would be ignored', 'add \'Egress\' to policyTypes, or remove the rules');
        return found;
      },
    });
  }

  /** `spec.policyTypes` as emitted: the explicit ones, else the directions that have rules. */
  public get policyTypes(): NetworkPolicyType[] {
    if (this.explicitTypes) return [...this.explicitTypes];
    return [...(this.ingress.length > 0 ? ['Ingress' as const] : []), ...(this.egress.length > 0 ? ['Egress' as const] : [])];
  }

  /**
   * Allows connections from `peer` to the selected pods, on `port` (a number or a named container
   * port of the target) or on every port. A port the target workload does not declare is an error.
   */
  public allowFrom(peer: Peer, port?: number | string, options: NetworkPolicyPortOptions = {}): void {
    this.addRule(this.ingress, `ingress[from=${peer.description}]`, peer, this.target, port, options);
  }

  /**
   * Allows connections from the selected pods to `peer`, on `port` or on every port. For a workload
   * peer the port is checked against the ports it declares. The peer must also allow the connection in
   * (an `allowFrom` on its policy) if its ingress is restricted.
   */
  public allowTo(peer: Peer, port?: number | string, options: NetworkPolicyPortOptions = {}): void {
    this.addRule(this.egress, `egress[to=${peer.description}]`, peer, peer.workload, port, options);
  }

  private addRule(rules: Rule[], where: string, peer: Peer, receiver: IPodWorkload | undefined, port: number | string | undefined,
    options: NetworkPolicyPortOptions): void {
    const { rendered, resolved } = this.checkProps((problems) => ({
      rendered: peer._render(this.namespace, where, problems),
      resolved: port === undefined ? undefined : resolvePort(receiver, port, options.protocol, `${where}.ports`, problems),
    }));
    if (!rendered || (port !== undefined && !resolved)) return;

    // Calls for the same peer share one rule, so the manifest lists each peer once with all its ports.
    const key = JSON.stringify(rendered);
    const rule = rules.find((r) => JSON.stringify(r.peer) === key);
    if (!rule) {
      rules.push({ peer: rendered, ports: resolved && [resolved] });
    } else if (rule.ports && !resolved) {
      rule.ports = undefined;
    } else if (rule.ports && resolved && !rule.ports.some((p) => p.port?.value === resolved.port?.value && p.protocol === resolved.protocol)) {
      rule.ports.push(resolved);
    }
  }

  private renderRules(rules: readonly Rule[], field: 'from' | 'to'): any[] | undefined {
    return rules.length > 0 ? rules.map((r) => ({ [field]: [r.peer], ports: r.ports })) : undefined;
  }

  private renderEgress(): k8s.NetworkPolicyEgressRule[] | undefined {
    const rules = this.renderRules(this.egress, 'to') ?? [];
    if (this.allowDns && this.policyTypes.includes('Egress')) {
      const dns = NetworkPolicy.DEFAULTS.dns;
      rules.push({
        to: [{
          namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: dns.namespace } },
          podSelector: { matchLabels: { ...dns.podLabels } },
        }],
        ports: (['UDP', 'TCP'] as const).map((protocol) => ({ port: k8s.IntOrString.fromNumber(dns.port), protocol })),
      });
    }
    return rules.length > 0 ? rules : undefined;
  }
}

/** The policy port for `port` on `receiver`'s pods; checked against the ports the workload declares. */
function resolvePort(receiver: IPodWorkload | undefined, port: number | string, protocol: 'TCP' | 'UDP' | 'SCTP' | undefined, where: string,
  problems: Problems): k8s.NetworkPolicyPort | undefined {
  if (!problems.check(where, port, typeof port === 'number' ? portNumber(port) : portName(port))) return undefined;
  if (protocol !== undefined && !problems.check(`${where}.protocol`, protocol, enumField('protocol', protocol))) return undefined;
  // Like a Service's targetPort: a workload that declares no ports cannot be checked by number.
  if (!receiver || (receiver.ports.length === 0 && typeof port === 'number')) {
    return { port: toIntOrString(port), protocol: protocol ?? 'TCP' };
  }
  const declared = receiver.ports.filter((p) => (typeof port === 'string' ? p.name === port : p.number === port));
  const matching = declared.filter((p) => protocol === undefined || p.protocol === protocol);
  const protocols = [...new Set(matching.map((p) => p.protocol))];
  if (protocols.length !== 1) {
    const has = receiver.ports.map((p) => `${p.number}/${p.protocol}${p.name ? ` ("${p.name}")` : ''}`).join(', ') || 'none';
    const rule = protocols.length === 0
      ? `is not a ${protocol ? `${protocol} ` : ''}port declared by workload "${receiver.node.path}" (it declares ${has})`
      : `is declared by workload "${receiver.node.path}" for ${protocols.join(' and ')}`;
    const fix = protocols.length === 0 ? 'use one of its ports, or declare the port on its container' : 'pass protocol to pick one';
    problems.add(where, port, rule, fix);
    return undefined;
  }
  return { port: toIntOrString(port), protocol: protocols[0] };
}

/** Parses a CIDR of `where`, reporting it when it is not a network address. */
function checkCidr(value: string, where: string, problems: Problems): Cidr | undefined {
  return problems.check(where, value, networkCidr(value)) ? parseCidr(value) : undefined;
}
