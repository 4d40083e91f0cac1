/*
 * Rules of init containers and native sidecars, after pkg/apis/core/validation validateInitContainers
 * (kubernetes/kubernetes): an init container's restartPolicy may only be Always, and only then may it
 * have probes or lifecycle hooks ("may not be set for init containers without restartPolicy=Always").
 */
import { Violation, violation } from './violation';

/** The one restartPolicy an init container takes: `Always`, which makes it a native sidecar. */
export function initContainerRestartPolicy(value: unknown): Violation | undefined {
  if (value === undefined || value === null || value === 'Always') return undefined;
  return violation('init-container-restart-policy', 'is not a restartPolicy an init container takes',
    'use Always (a native sidecar, which runs along with the app), or leave it unset for a container that runs to completion');
}

/**
 * Probes and lifecycle hooks of an init container that runs to completion: the API server refuses
 * them, since the kubelet waits for the container to exit rather than for it to become healthy.
 */
export function runToCompletionField(): Violation {
  return violation('init-container-field', 'is not allowed on an init container that runs to completion (no restartPolicy: Always)',
    'make it a native sidecar (restartPolicy: Always), or remove it');
}

/**
 * A resource request must not exceed its limit (pkg/apis/core/validation ValidateResourceRequirements:
 * "must be less than or equal to ... limit"). `limit` is the limit as the caller shows it.
 */
export function requestWithinLimit(request: number, limit: number, limitText: string): Violation | undefined {
  if (request <= limit) return undefined;
  return violation('resource-request-limit', `is above the limit (${limitText})`, 'lower the request or raise the limit');
}

/** A volume mount path or writable path: absolute (validateVolumeMounts requires a mountPath, the runtime an absolute one). */
export function absolutePath(value: string, example?: string): Violation | undefined {
  if (value.startsWith('/')) return undefined;
  const eg = example === undefined ? '' : `, e.g. ${JSON.stringify(example)}`;
  return violation('absolute-path', 'is not an absolute path', `start it with '/'${eg}`);
}

/** An exec probe or hook runs `command[0]` (validateExecAction: "command" is required). `example` is a call that works. */
export function execCommand(command: readonly string[] | undefined, example: string): Violation | undefined {
  if (command?.[0]) return undefined;
  return violation('exec-command', 'names no program to run', `pass the program and its arguments, e.g. ${example}`);
}

/** The path of an httpGet probe or hook: it is sent as the request path, so it starts with '/'. */
export function httpGetPath(value: string): Violation | undefined {
  if (value.startsWith('/')) return undefined;
  return violation('http-get-path', 'does not start with \'/\'', `use "/${value}"`);
}
