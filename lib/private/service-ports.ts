import { IConstruct } from 'constructs';
import type { IPodWorkload, PodPort } from '../workload';
import type {
  ExternalNamePortProps, ExternalServicePortProps, IRoutableService, ResolvedServicePort, ServiceEndpointPort, ServiceUrlOptions,
} from '../service-contract';
import { absoluteUrlPath, dns1123Label, isPortNumber, nodePort, portNumber, servicePortClash, servicePortNameClash } from '../rules';
import { checkAt, Problems } from './construct-base';


/** The defaults `resolvePorts` applies (ServiceBase.DEFAULTS, passed in to keep this file free of it). */
export interface PortDefaults {
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly nodePortRange: { readonly min: number; readonly max: number };
}

/** What `serviceUrl` needs of a Service. */
interface UrlTarget extends IConstruct {
  readonly name: string;
  readonly dnsName: string;
  readonly ports: readonly ServiceEndpointPort[];
}

/**
 * `<scheme>://<dnsName>:<port><path>` for one port of `service`. Problems are reported against the
 * Service (the caller's mistake names the Service it asked); in collect mode the URL lacks the port.
 */
export function serviceUrl(service: UrlTarget, options: ServiceUrlOptions): string {
  const scheme = options.scheme ?? 'http';
  const path = options.path ?? '';
  const port = checkAt(service, (problems) => {
    if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) {
      problems.add('url.scheme', scheme, 'is not a URL scheme',
        'use lower-case letters, digits, \'+\', \'-\' and \'.\', starting with a letter, like "http"');
    }
    if (path !== '') problems.check('url.path', path, absoluteUrlPath(path));
    return choosePort(service, options.port, 'url.port', problems);
  });
  return `${scheme}://${service.dnsName}${port ? `:${port.port}` : ''}${path}`;
}

/** The port `wanted` names (number or name), else the only port; reported and thrown when none or several match. */
export function pickPort(service: UrlTarget, wanted: number | string | undefined): ServiceEndpointPort | undefined {
  return checkAt(service, (problems) => choosePort(service, wanted, 'port', problems));
}

function choosePort(service: UrlTarget, wanted: number | string | undefined, prop: string, problems: Problems): ServiceEndpointPort | undefined {
  const hits = service.ports.filter((p) => wanted === undefined || (typeof wanted === 'string' ? p.name === wanted : p.port === wanted));
  if (hits.length === 1) return hits[0];
  const has = service.ports.map((p) => `${p.port} ("${p.name}")`).join(', ');
  const picksNoPort = (why: string) => `picks no port: service "${service.name}" ${why}`;
  if (service.ports.length === 0) {
    problems.add(prop, wanted, picksNoPort('declares none'), 'add the port to the Service\'s ports');
  } else if (wanted === undefined) {
    problems.add(prop, wanted, picksNoPort(`has several (${has})`), 'pass port: one of those numbers or names');
  } else {
    problems.add(prop, wanted, `is not a port of service "${service.name}" (it has ${has})`, 'pass one of its port numbers or names');
  }
  return undefined;
}

export function resolvePorts(
  target: Pick<IPodWorkload, 'node' | 'ports'>,
  ports: readonly ExternalServicePortProps[],
  nodePortsAllowed: boolean,
  problems: Problems,
  defaults: PortDefaults,
): ResolvedServicePort[] {
  const { protocol: defaultProtocol, nodePortRange } = defaults;
  if (ports.length === 0) problems.add('ports', [], 'is empty', 'add at least one port');

  const resolved = ports.map((p, i) => {
    const where = `ports[${i}]`;
    const protocol = p.protocol ?? defaultProtocol;
    problems.check(`${where}.port`, p.port, portNumber(p.port));

    const sameProtocol = target.ports.filter((t) => t.protocol === protocol);
    const targetPort = p.targetPort ?? (sameProtocol.length === 1 ? sameProtocol[0].number : p.port);
    let podPort: PodPort | undefined;
    if (typeof targetPort === 'string') {
      podPort = sameProtocol.find((t) => t.name === targetPort);
      if (!podPort) {
        const names = sameProtocol.filter((t) => t.name !== undefined).map((t) => `"${t.name}"`);
        const has = names.length > 0 ? `it has ${names.join(', ')}` : 'it names none';
        problems.add(`${where}.targetPort`, targetPort, `is not a named ${protocol} port of target "${target.node.path}" (${has})`,
          'use one of its port names, or a port number');
      }
    } else if (!isPortNumber(targetPort)) {
      problems.check(`${where}.targetPort`, targetPort, portNumber(targetPort));
    } else if (target.ports.length > 0) {
      // A target that declares ports documents what it listens on; forwarding elsewhere is a typo.
      podPort = sameProtocol.find((t) => t.number === targetPort);
      if (!podPort) {
        const declared = target.ports.map((t) => `${t.number}/${t.protocol}`).join(', ');
        problems.add(`${where}.targetPort`, targetPort,
          `is not a ${protocol} port declared by target "${target.node.path}" (it declares ${declared})`,
          'set targetPort to one of them, or add the port to its container');
      }
    }

    if (p.nodePort !== undefined) {
      if (!nodePortsAllowed) {
        problems.add(`${where}.nodePort`, p.nodePort, 'is only allowed on NodePort and LoadBalancer services',
          'remove nodePort, or use a NodePortService');
      } else {
        problems.check(`${where}.nodePort`, p.nodePort, nodePort(p.nodePort, nodePortRange));
      }
    }
    return { props: p, protocol, targetPort, podPortName: podPort?.name };
  });

  for (const [i, p] of resolved.entries()) {
    const clash = resolved.slice(0, i).findIndex((q) => q.props.port === p.props.port && q.protocol === p.protocol);
    if (clash >= 0) problems.check(`ports[${i}].port`, p.props.port, servicePortClash(`ports[${clash}]`, p.protocol));
    const nodeClash = p.props.nodePort === undefined ? -1
      : resolved.slice(0, i).findIndex((q) => q.props.nodePort === p.props.nodePort && q.protocol === p.protocol);
    if (nodeClash >= 0) {
      problems.add(`ports[${i}].nodePort`, p.props.nodePort, `is also ports[${nodeClash}].nodePort for ${p.protocol}`,
        'give each port its own nodePort');
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
    if (ports[i].name !== undefined) problems.check(`ports[${i}].name`, name, dns1123Label(name));
    const clash = names.indexOf(name);
    if (clash < i) problems.check(`ports[${i}].name`, name, servicePortNameClash(`ports[${clash}]`));
  }

  return resolved.map((p, i) => ({
    name: names[i],
    port: p.props.port,
    targetPort: p.targetPort,
    protocol: p.protocol,
    nodePort: p.props.nodePort,
  }));
}


/**
 * The ports of an ExternalName Service: informational (traffic goes wherever the CNAME points), but
 * they are what `url()` and discovery read, so they get the same checks and names as other Services.
 */
export function resolveExternalNamePorts(ports: readonly ExternalNamePortProps[], problems: Problems,
  defaultProtocol: 'TCP' | 'UDP' | 'SCTP'): ServiceEndpointPort[] {
  const resolved = ports.map((p, i) => {
    const protocol = p.protocol ?? defaultProtocol;
    problems.check(`ports[${i}].port`, p.port, portNumber(p.port));
    const name = p.name ?? `${protocol.toLowerCase()}-${p.port}`;
    if (p.name !== undefined) problems.check(`ports[${i}].name`, name, dns1123Label(name));
    return { name, port: p.port, protocol };
  });
  resolved.forEach((p, i) => {
    const clash = resolved.slice(0, i).findIndex((q) => q.port === p.port && q.protocol === p.protocol);
    if (clash >= 0) problems.check(`ports[${i}].port`, p.port, servicePortClash(`ports[${clash}]`, p.protocol));
    const named = resolved.slice(0, i).findIndex((q) => q.name === p.name);
    if (named >= 0) problems.check(`ports[${i}].name`, p.name, servicePortNameClash(`ports[${named}]`));
  });
  return resolved;
}

/** Ports a route can forward HTTP to, and how messages name their owner. */
export interface HttpBackendTarget<P extends { readonly port: number; readonly name?: string; readonly protocol: string }> {
  /** `service "web"`, or `the stable and canary Services`. */
  readonly owner: string;
  readonly plural: boolean;
  readonly ports: readonly P[];
}

/**
 * The one TCP port of `target` that an HTTP route (Ingress, HTTPRoute, a canary's route) forwards to:
 * `wanted` by number or name, or the only TCP port. Pure: on no match it returns what is wrong.
 */
export function pickHttpBackendPort<P extends { readonly port: number; readonly name?: string; readonly protocol: string }>(
  target: HttpBackendTarget<P>, wanted: number | string | undefined, noTcpFix: string,
): { readonly port: P } | { readonly message: string; readonly fix: string; readonly tcp: readonly P[] } {
  const tcp = target.ports.filter((p) => p.protocol === 'TCP');
  const hits = tcp.filter((p) => wanted === undefined || (typeof wanted === 'string' ? p.name === wanted : p.port === wanted));
  if (hits.length === 1) return { port: hits[0] };
  const listed = tcp.map((p) => `${p.port} ("${p.name}")`).join(', ');
  const has = `${target.plural ? 'they have' : 'it has'} ${tcp.length > 0 ? listed : 'none'}`;
  const message = wanted === undefined
    ? `picks no port: ${target.owner} ${target.plural ? 'need' : 'needs'} exactly one TCP port for the default (${has})`
    : `is not a TCP port of ${target.owner} (${has})`;
  return { message, fix: tcp.length > 0 ? 'pass port: one of those numbers or names' : noTcpFix, tcp };
}

/**
 * The TCP port of `service` that an HTTP route (Ingress or HTTPRoute) forwards to: `wanted` by number
 * or name, or the only TCP port. Reports at `<where>.port` and returns `undefined` when none fits.
 */
export function httpBackendPort(
  service: IRoutableService, wanted: number | string | undefined, where: string, forwarder: string, problems: Problems,
): ResolvedServicePort | undefined {
  const picked = pickHttpBackendPort({ owner: `service "${service.name}"`, plural: false, ports: service.ports }, wanted,
    `route to a Service with a TCP port: ${forwarder} forwards HTTP`);
  if ('port' in picked) return picked.port;
  problems.add(`${where}.port`, wanted, picked.message, picked.fix);
  return undefined;
}
