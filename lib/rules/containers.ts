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
