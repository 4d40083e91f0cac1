import { compareVersions } from '../kubernetes-version';
import { Findings, ResolvedOptions, Subject } from './context';

/** One deprecated built-in API: an apiVersion (all its kinds, or some) and its fate. */
export interface ApiLifecycle {
  readonly apiVersion: string;
  readonly kinds: readonly string[] | '*';
  /**
   * The release that deprecated it. The guide lists removals and the release each replacement has
   * been served since; a beta API counts as deprecated from that release (deprecation policy rule 4a).
   */
  readonly deprecated: string;
  /** The release that stopped serving it; none for a GA API (those are never removed within v1). */
  readonly removed?: string;
  /** `apps/v1` (an apiVersion), or a sentence when the kind changes too. */
  readonly use: string;
}

const PSA = 'Pod Security Admission (namespace labels pod-security.kubernetes.io/*)';

/**
 * Built-in APIs that are deprecated or gone, oldest removal first. Removals and replacements from
 * the Deprecated API Migration Guide (its newest section is v1.32: nothing was removed in 1.33-1.36);
 * Endpoints from KEP-4974 and the 1.33 release blog.
 * @see https://kubernetes.io/docs/reference/using-api/deprecation-guide/
 * @see https://kubernetes.io/blog/2025/04/24/endpoints-deprecation/
 */
export const API_LIFECYCLE: readonly ApiLifecycle[] = [
  { apiVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], deprecated: '1.9', removed: '1.16', use: 'apps/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], deprecated: '1.8', removed: '1.16', use: 'networking.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], deprecated: '1.10', removed: '1.16', use: PSA },
  { apiVersion: 'apps/v1beta1', kinds: '*', deprecated: '1.9', removed: '1.16', use: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', kinds: '*', deprecated: '1.9', removed: '1.16', use: 'apps/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], deprecated: '1.14', removed: '1.22', use: 'networking.k8s.io/v1' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], deprecated: '1.19', removed: '1.22', use: 'networking.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: '*', deprecated: '1.8', removed: '1.22', use: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    deprecated: '1.16', removed: '1.22', use: 'admissionregistration.k8s.io/v1' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: '*', deprecated: '1.16', removed: '1.22', use: 'apiextensions.k8s.io/v1' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: '*', deprecated: '1.10', removed: '1.22', use: 'apiregistration.k8s.io/v1' },
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: ['TokenReview'], deprecated: '1.6', removed: '1.22', use: 'authentication.k8s.io/v1' },
  { apiVersion: 'authorization.k8s.io/v1beta1', kinds: ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview'],
    deprecated: '1.6', removed: '1.22', use: 'authorization.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'],
    deprecated: '1.19', removed: '1.22', use: 'certificates.k8s.io/v1' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], deprecated: '1.14', removed: '1.22', use: 'coordination.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: '*', deprecated: '1.14', removed: '1.22', use: 'scheduling.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    deprecated: '1.19', removed: '1.22', use: 'storage.k8s.io/v1' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], deprecated: '1.21', removed: '1.25', use: 'policy/v1' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], deprecated: '1.21', removed: '1.25', use: PSA },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], deprecated: '1.21', removed: '1.25', use: 'batch/v1' },
  { apiVersion: 'autoscaling/v2beta1', kinds: '*', deprecated: '1.23', removed: '1.25', use: 'autoscaling/v2' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: '*', deprecated: '1.21', removed: '1.25', use: 'discovery.k8s.io/v1' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: '*', deprecated: '1.19', removed: '1.25', use: 'events.k8s.io/v1' },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: '*', deprecated: '1.20', removed: '1.25', use: 'node.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta2', kinds: '*', deprecated: '1.23', removed: '1.26', use: 'autoscaling/v2' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: '*', deprecated: '1.23', removed: '1.26', use: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], deprecated: '1.24', removed: '1.27', use: 'storage.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: '*', deprecated: '1.26', removed: '1.29', use: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: '*', deprecated: '1.29', removed: '1.32', use: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'v1', kinds: ['Endpoints'], deprecated: '1.33',
    use: 'discovery.k8s.io/v1 EndpointSlice (the control plane writes those for every Service)' },
];

export function apiLifecycle(apiVersion: string, kind: string): ApiLifecycle | undefined {
  return API_LIFECYCLE.find((entry) => entry.apiVersion === apiVersion && (entry.kinds === '*' || entry.kinds.includes(kind)));
}

/** The entry for an API that `version` no longer serves, if the table knows it. */
export function removedBy(apiVersion: string, kind: string, version: string): ApiLifecycle | undefined {
  const entry = apiLifecycle(apiVersion, kind);
  return entry?.removed !== undefined && compareVersions(entry.removed, version) <= 0 ? entry : undefined;
}

export function removalMessage(entry: ApiLifecycle, kind: string): string {
  return `${entry.apiVersion} ${kind} was removed in Kubernetes ${entry.removed}; use ${useText(entry)}`;
}

function useText(entry: ApiLifecycle): string {
  return entry.use.includes(' ') ? entry.use : `apiVersion ${entry.use}`;
}

/**
 * APIs that the window's newest release deprecated (a warning naming the replacement) or removed
 * (an error). Removals are normally reported by the schema check of `newest`; this reports them
 * only when `newest` is not among the schemas checked (`kubernetesVersions` set apart from `window`).
 */
export function checkApiLifecycle(subjects: readonly Subject[], options: ResolvedOptions, findings: Findings): void {
  const { newest } = options.window;
  for (const subject of subjects) {
    const entry = apiLifecycle(subject.apiVersion, subject.kind);
    if (!entry || compareVersions(entry.deprecated, newest) > 0) continue;
    if (entry.removed !== undefined && compareVersions(entry.removed, newest) <= 0) {
      if (!options.versions.includes(newest)) findings.error('api-version', subject, 'apiVersion', removalMessage(entry, subject.kind));
      continue;
    }
    const removal = entry.removed === undefined ? '' : ` and will be removed in ${entry.removed}`;
    findings.warning('deprecated-api', subject, 'apiVersion',
      `${subject.apiVersion} ${subject.kind} is deprecated since Kubernetes ${entry.deprecated}${removal}; use ${useText(entry)}`);
  }
}
