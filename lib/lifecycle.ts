/*
 * Container lifecycle hooks: what the kubelet runs right after a container starts (postStart) and
 * before it stops it (preStop). A preStop sleep is the usual graceful-shutdown fix: endpoints and
 * load balancers take a few seconds to stop sending traffic after a pod starts terminating.
 * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/
 */
import { Duration } from 'cdk8s';
import * as k8s from './private/k8s';
import type { Problems } from './private/construct-base';
import { toIntOrString } from './private/int-or-string';
import { wholeSeconds } from './private/durations';
import { execCommand, httpGetPath } from './rules/containers';
import { portNumber } from './rules/network';

/** What a lifecycle hook does. */
export class LifecycleHandler {
  /**
   * Waits, without needing a `sleep` binary in the image (the kubelet sleeps). Needs Kubernetes 1.30
   * or later (PodLifecycleSleepAction, on by default since 1.30).
   */
  public static sleep(duration: Duration): LifecycleHandler {
    return new LifecycleHandler('sleep', duration);
  }

  /** Runs a command inside the container. */
  public static exec(command: string[]): LifecycleHandler {
    return new LifecycleHandler('exec', undefined, command);
  }

  /** Sends `GET path` to a port of the container. */
  public static httpGet(path: string, port: number | string): LifecycleHandler {
    return new LifecycleHandler('httpGet', undefined, undefined, path, port);
  }

  private constructor(
    public readonly kind: 'sleep' | 'exec' | 'httpGet',
    public readonly duration?: Duration,
    public readonly command?: string[],
    public readonly path?: string,
    public readonly port?: number | string,
  ) {}

  /** @internal Checks the handler and renders it; returns the sleep in seconds too, for the grace period check. */
  public _build(where: string, portNames: ReadonlySet<string>, problems: Problems): { handler: k8s.LifecycleHandler; sleepSeconds?: number } {
    if (this.kind === 'sleep') {
      const seconds = wholeSeconds(this.duration, `${where}.sleep`, problems, { min: 1 });
      return { handler: { sleep: { seconds: seconds ?? 1 } }, sleepSeconds: seconds };
    }
    if (this.kind === 'exec') {
      problems.check(`${where}.command`, this.command, execCommand(this.command, 'LifecycleHandler.exec([\'nginx\', \'-s\', \'quit\'])'));
      return { handler: { exec: { command: this.command } } };
    }
    if (typeof this.port === 'string' && !portNames.has(this.port)) {
      problems.add(`${where}.port`, this.port, 'is not a named port of this container', `add a port named "${this.port}" to ports, or use a number`);
    }
    if (typeof this.port === 'number') problems.check(`${where}.port`, this.port, portNumber(this.port));
    if (this.path !== undefined) problems.check(`${where}.path`, this.path, httpGetPath(this.path));
    return { handler: { httpGet: { path: this.path, port: toIntOrString(this.port!) } } };
  }
}

/** Hooks of one container. */
export interface ContainerLifecycle {
  /** Runs right after the container starts (not before its entrypoint). @default - none */
  readonly postStart?: LifecycleHandler;
  /**
   * Runs before the container is sent SIGTERM; the pod's `terminationGracePeriod` covers both.
   * @default - none
   */
  readonly preStop?: LifecycleHandler;
}

/** Kubernetes's default `terminationGracePeriodSeconds`. */
export const DEFAULT_TERMINATION_GRACE_SECONDS = 30;

/**
 * @internal Checks and renders a container's hooks. A preStop sleep as long as the grace period would
 * never let the app shut down itself: the kubelet kills it when the grace period ends.
 */
export function buildLifecycle(
  lifecycle: ContainerLifecycle | undefined, where: string, portNames: ReadonlySet<string>, graceSeconds: number | undefined, problems: Problems,
): k8s.Lifecycle | undefined {
  if (!lifecycle || (!lifecycle.postStart && !lifecycle.preStop)) return undefined;
  const postStart = lifecycle.postStart?._build(`${where}.lifecycle.postStart`, portNames, problems);
  const preStop = lifecycle.preStop?._build(`${where}.lifecycle.preStop`, portNames, problems);
  const grace = graceSeconds ?? DEFAULT_TERMINATION_GRACE_SECONDS;
  if (preStop?.sleepSeconds !== undefined && preStop.sleepSeconds >= grace) {
    problems.add(`${where}.lifecycle.preStop.sleep`, lifecycle.preStop!.duration,
      `is not shorter than the pod's terminationGracePeriod (${grace}s), so the app would be killed before it could shut down`,
      'shorten the sleep or raise terminationGracePeriod');
  }
  return { postStart: postStart?.handler, preStop: preStop?.handler };
}
