/*
 * Rules of a container's environment variables that read the pod itself (downward API) or a key of a
 * ConfigMap or Secret, after kubernetes/kubernetes pkg/apis/core/validation/validation.go (validateEnvVarValueFrom,
 * validEnvDownwardAPIFieldPathExpressions, validateObjectFieldSelector, validateConfigMapKeySelector,
 * validateSecretKeySelector; version 000f2605) and pkg/apis/core/pods/helpers.go (ConvertDownwardAPIFieldLabel,
 * which accepts `spec.host` from old clients as `spec.nodeName`).
 */
import { configMapKey } from './config';
import { labelKey } from './names';
import { closestMatch } from './spelling';
import { Violation, violation } from './violation';

/** The pod fields an environment variable can read by `fieldRef` (validEnvDownwardAPIFieldPathExpressions). */
export const ENV_FIELD_PATHS: readonly string[] = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
];

const ACCEPTED_FIELD_PATHS: ReadonlySet<string> = new Set([...ENV_FIELD_PATHS, 'spec.host']);
const FIELD_PATH_LIST = `${ENV_FIELD_PATHS.map((p) => JSON.stringify(p)).join(', ')}, or metadata.labels['<key>'] / metadata.annotations['<key>']`;

/**
 * A `fieldRef.fieldPath` of an environment variable: one of ENV_FIELD_PATHS, or one label or annotation
 * (`metadata.labels['app']`) whose key is a qualified name (annotation keys checked lower-cased).
 */
export function envFieldPath(fieldPath: string): Violation | undefined {
  if (ACCEPTED_FIELD_PATHS.has(fieldPath)) return undefined;
  // fieldpath.SplitMaybeSubscriptedPath: `<path>['<key>']`, the path not empty, split at the first "['" before the closing "']"
  // (found without slicing: this runs for every fieldRef of every pod template).
  const first = fieldPath.endsWith('\']') ? fieldPath.indexOf('[\'') : -1;
  if (first > 0 && first <= fieldPath.length - 4) {
    const path = fieldPath.slice(0, first);
    const key = fieldPath.slice(first + 2, -2);
    if (path !== 'metadata.labels' && path !== 'metadata.annotations') {
      return violation('env-field-path', 'takes a subscript only after metadata.labels or metadata.annotations', `use one of ${FIELD_PATH_LIST}`);
    }
    const kind = path === 'metadata.labels' ? 'label' : 'annotation';
    const bad = labelKey(key, kind);
    return bad && violation('env-field-path', `does not name a valid ${kind} key`, bad.fix);
  }
  const close = closestMatch(fieldPath, ENV_FIELD_PATHS);
  return violation('env-field-path', 'is not a pod field an environment variable can read',
    close ? `use ${JSON.stringify(close)}` : `use one of ${FIELD_PATH_LIST}`);
}

/** `fieldRef.apiVersion`: the API server converts field paths of pods in `v1` only (unset defaults to it). */
export function envFieldApiVersion(apiVersion: string): Violation | undefined {
  return apiVersion === 'v1' ? undefined : violation('env-field-path', 'is not the pod API version "v1"', 'use "v1", or leave apiVersion out');
}

/** The key of a `configMapKeyRef` / `secretKeyRef`: set, and a valid ConfigMap or Secret key (IsConfigMapKey). */
export function envKeyRefKey(key: string): Violation | undefined {
  return key === '' ? violation('env-key-ref', 'is empty', 'name the key to read') : configMapKey(key);
}
