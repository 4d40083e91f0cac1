import { Duration } from 'cdk8s';
import * as k8s from './private/k8s';
import { toIntOrString } from './private/int-or-string';

/**
 * Timing shared by every probe. Anything left unset is left to the kubelet's defaults,
 * so the YAML shows only what you chose.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#configure-probes
 */
export interface ProbeOptions {
  /** Wait before the first probe. @default - 0s (kubelet default) */
  readonly initialDelay?: Duration;
  /** How often to probe. @default - 10s (kubelet default) */
  readonly period?: Duration;
  /** When a probe attempt times out. @default - 1s (kubelet default) */
  readonly timeout?: Duration;
  /** Consecutive failures before the container is restarted / marked unready. @default - 3 (kubelet default) */
  readonly failureThreshold?: number;
  /** Consecutive successes to be considered healthy again; must be 1 for liveness and startup probes. @default - 1 */
  readonly successThreshold?: number;
}

/** A port on the probed container, by number or by the name given in `ports`. */
export interface ProbePortOptions extends ProbeOptions {
  readonly port: number | string;
}

export interface HttpProbeOptions extends ProbePortOptions {
  /** @default 'HTTP' */
  readonly scheme?: 'HTTP' | 'HTTPS';
}

export type ProbeHandler = 'httpGet' | 'tcpSocket' | 'exec';

/**
 * A health check the kubelet runs against a container: liveness restarts it, readiness takes it out of
 * Service endpoints, startup holds the other two back while a slow app boots.
 */
export class Probe {
  /** Healthy when `GET path` answers 200–399. */
  public static httpGet(path: string, options: HttpProbeOptions): Probe {
    return new Probe('httpGet', options, options.port, path, undefined, options.scheme);
  }

  /** Healthy when a TCP connection to the port opens. */
  public static tcpSocket(options: ProbePortOptions): Probe {
    return new Probe('tcpSocket', options, options.port);
  }

  /** Healthy when the command exits 0 inside the container. */
  public static exec(command: string[], options: ProbeOptions = {}): Probe {
    return new Probe('exec', options, undefined, undefined, command);
  }

  private constructor(
    public readonly handler: ProbeHandler,
    public readonly options: ProbeOptions,
    public readonly port?: number | string,
    public readonly path?: string,
    public readonly command?: string[],
    private readonly scheme?: 'HTTP' | 'HTTPS',
  ) {}

  /** @internal */
  public _toKube(): k8s.Probe {
    const o = this.options;
    return {
      httpGet: this.handler === 'httpGet' ? { path: this.path, port: toIntOrString(this.port!), scheme: this.scheme } : undefined,
      tcpSocket: this.handler === 'tcpSocket' ? { port: toIntOrString(this.port!) } : undefined,
      exec: this.handler === 'exec' ? { command: this.command } : undefined,
      initialDelaySeconds: o.initialDelay?.toSeconds({ integral: false }),
      periodSeconds: o.period?.toSeconds({ integral: false }),
      timeoutSeconds: o.timeout?.toSeconds({ integral: false }),
      failureThreshold: o.failureThreshold,
      successThreshold: o.successThreshold,
    };
  }
}

