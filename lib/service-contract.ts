/*
 * What other modules need of a Service: its ports and how clients reach it. A leaf module, so that
 * environment variables, Ingress controllers and port helpers import it without an import cycle
 * through service.ts.
 */
import type { IConstruct } from 'constructs';

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

/** What clients of a Service need to know of one of its ports. */
export interface ServiceEndpointPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
}

/** A Service port after defaults are applied, as written to the manifest. */
export interface ResolvedServicePort extends ServiceEndpointPort {
  readonly targetPort: number | string;
  readonly nodePort?: number;
}

/** Options of `IService.url()`. */
export interface ServiceUrlOptions {
  /** @default 'http' */
  readonly scheme?: string;
  /**
   * The Service port, by number or name.
   * @default - the Service's only port
   */
  readonly port?: number | string;
  /** Appended after the port; starts with '/'. @default - none */
  readonly path?: string;
}

/**
 * Anything reachable by a Service's DNS name: what service discovery (`EnvValue.fromServiceUrl`)
 * reads, so that consumers get the name and port from the Service object, never from a typed string.
 */
export interface IService extends IConstruct {
  /** `metadata.name`. */
  readonly name: string;
  /** The chart's namespace; `undefined` means whichever namespace the manifest is applied to. */
  readonly namespace?: string;
  /** `<name>.<namespace>.svc.cluster.local` (the `default` namespace when the chart sets none). */
  readonly dnsName: string;
  readonly ports: readonly ServiceEndpointPort[];
  /**
   * `<scheme>://<dnsName>:<port><path>`, e.g. `http://api.shop.svc.cluster.local:80`. Throws (or, in
   * collect mode, fails the synth) when `port` names no port, or is unset and the Service has several.
   */
  url(options?: ServiceUrlOptions): string;
  /**
   * The port `port` names (by number or name), or the only port. Throws (in collect mode: fails the
   * synth and returns `undefined`) when none or several match.
   */
  pickPort(port?: number | string): ServiceEndpointPort | undefined;
}

/** Kubernetes `spec.type` of the Service classes below. */
export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

/** What a route (Ingress, HTTPRoute) needs of a Service it forwards to; ServiceBase implements it. */
export interface IRoutableService extends IService {
  readonly type: ServiceType;
  readonly ports: readonly ResolvedServicePort[];
  /** The port `nameOrNumber` names (of `protocol`, if given), or the only such port; undefined when none or several match. */
  findPort(nameOrNumber?: number | string, protocol?: 'TCP' | 'UDP' | 'SCTP'): ResolvedServicePort | undefined;
}

/** A port an ExternalName Service documents for its clients. */
export interface ExternalNamePortProps {
  /** The port the external service listens on. */
  readonly port: number;
  /** @default - `<protocol>-<port>` (`tcp-5432`) */
  readonly name?: string;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}
