import * as k8s from './private/k8s';
import { PSS_ANNOTATION } from './validation/pod-security';

/**
 * The Pod Security Standards level a workload is held to at synth.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export enum PodSecurityLevel {
  /** Hardened: non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp. */
  RESTRICTED = 'restricted',
  /** Minimally restrictive: prevents known privilege escalations only. Marked on the pod template. */
  BASELINE = 'baseline',
}

/** Pod template annotation that records a workload's opt-out from `restricted`. */
export const POD_SECURITY_LEVEL_ANNOTATION = PSS_ANNOTATION;

/**
 * Per-container security settings. Every default is the hardened choice; each is one prop to relax.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 */
export interface ContainerSecurityProps {
  /**
   * Refuse to start if the image would run as root. The kubelet can only verify a numeric user, so
   * images whose USER is a name need `runAsUser`.
   * @default - true, unless `runAsUser` is 0 (the kubelet refuses to start root with runAsNonRoot)
   */
  readonly runAsNonRoot?: boolean;
  /** Numeric user id to run as. @default - the image's USER */
  readonly runAsUser?: number;
  /** Numeric group id to run as. @default - the image's group */
  readonly runAsGroup?: number;
  /** @default - false; true when `privileged` or adding `SYS_ADMIN` (Kubernetes rejects those without it) */
  readonly allowPrivilegeEscalation?: boolean;
  /**
   * Mount the image read-only. Give the app writable scratch space with the container's `writablePaths`.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /** Drop every Linux capability; add back the few you need with `addCapabilities`. @default true */
  readonly dropAllCapabilities?: boolean;
  /** Capabilities to add, e.g. `NET_BIND_SERVICE` (the only one `restricted` allows). @default - none */
  readonly addCapabilities?: string[];
  /** @default 'RuntimeDefault' */
  readonly seccompProfile?: 'RuntimeDefault' | 'Unconfined';
  /** Run privileged. Only allowed by neither Pod Security level; here for completeness. @default false */
  readonly privileged?: boolean;
}

/** @internal */
export function toKubeSecurityContext(props: ContainerSecurityProps = {}): k8s.SecurityContext {
  const drop = props.dropAllCapabilities ?? true;
  const add = props.addCapabilities ?? [];
  return {
    runAsNonRoot: props.runAsNonRoot ?? props.runAsUser !== 0,
    runAsUser: props.runAsUser,
    runAsGroup: props.runAsGroup,
    allowPrivilegeEscalation: props.allowPrivilegeEscalation ?? impliesEscalation(props),
    readOnlyRootFilesystem: props.readOnlyRootFilesystem ?? true,
    privileged: props.privileged,
    capabilities: drop || add.length > 0
      ? { drop: drop ? ['ALL'] : undefined, add: add.length > 0 ? add : undefined }
      : undefined,
    seccompProfile: { type: props.seccompProfile ?? 'RuntimeDefault' },
  };
}

/** @internal The API server requires escalation for privileged containers and for CAP_SYS_ADMIN. */
export function impliesEscalation(props: ContainerSecurityProps): boolean {
  return props.privileged === true || (props.addCapabilities ?? []).some((c) => c.replace(/^CAP_/, '') === 'SYS_ADMIN');
}
