/*
 * A container's environment variables read from the pod (fieldRef) or from a ConfigMap or Secret key, and the
 * pod's serviceAccountName, with the rules the constructs check their props with (lib/rules/env.ts, names.ts).
 * Source: kubernetes/kubernetes pkg/apis/core/validation/validation.go validateEnvVarValueFrom,
 * validateObjectFieldSelector, validateConfigMapKeySelector, validateSecretKeySelector, ValidatePodSpec.
 * Runs for every container of every pod template: a valid one allocates nothing (no arrays, no paths).
 */
import { Findings, isRecord, Json, show } from './context';
import { describe } from './names';
import { envFieldApiVersion, envFieldPath, envKeyRefKey } from '../rules/env';
import { dns1123Subdomain, serviceAccountName } from '../rules/names';
import type { Violation } from '../rules/violation';
import type { ContainerRef, PodTemplate } from './workloads';

/** The pod's `serviceAccountName` (ValidatePodSpec: ValidateServiceAccountName when set). */
export function checkServiceAccountName(template: PodTemplate, findings: Findings): void {
  const name = template.spec.serviceAccountName;
  // An empty name means the namespace's default account.
  if (typeof name !== 'string' || name === '') return;
  const problem = describe(serviceAccountName(name));
  if (problem) {
    const at = `${template.specPath}.serviceAccountName`;
    findings.error('service-account-name', template.subject, at, `serviceAccountName ${show(name)} ${problem}`);
  }
}

export function checkEnv(template: PodTemplate, ref: ContainerRef, findings: Findings): void {
  const env = ref.container.env;
  if (!Array.isArray(env)) return;
  for (let i = 0; i < env.length; i++) {
    const variable: unknown = env[i];
    const from = isRecord(variable) ? variable.valueFrom : undefined;
    if (!isRecord(from)) continue;
    const field = from.fieldRef;
    if (isRecord(field)) checkFieldRef(template, ref, i, variable as Json, field, findings);
    const configMap = from.configMapKeyRef;
    if (isRecord(configMap)) checkKeyRef(template, ref, i, variable as Json, 'configMapKeyRef', configMap, findings);
    const secret = from.secretKeyRef;
    if (isRecord(secret)) checkKeyRef(template, ref, i, variable as Json, 'secretKeyRef', secret, findings);
  }
}

function at(ref: ContainerRef, i: number, variable: Json, rest: string): string {
  const name = variable.name;
  return `${ref.path}.env[${typeof name === 'string' && name !== '' ? `name=${name}` : i}].valueFrom.${rest}`;
}

function report(rule: string, template: PodTemplate, path: string, what: string, violation: Violation, findings: Findings): void {
  findings.error(rule, template.subject, path, `${what} ${describe(violation)}`);
}

function checkFieldRef(template: PodTemplate, ref: ContainerRef, i: number, variable: Json, field: Json, findings: Findings): void {
  const { apiVersion, fieldPath } = field;
  const version = typeof apiVersion === 'string' && apiVersion !== '' ? envFieldApiVersion(apiVersion) : undefined;
  if (version) {
    report('env-field-path', template, at(ref, i, variable, 'fieldRef.apiVersion'), `fieldRef.apiVersion ${show(apiVersion)}`, version, findings);
    // ConvertDownwardAPIFieldLabel stops at the version: the path is not looked at.
    return;
  }
  const problem = typeof fieldPath === 'string' ? envFieldPath(fieldPath) : undefined;
  if (problem) {
    report('env-field-path', template, at(ref, i, variable, 'fieldRef.fieldPath'), `fieldRef.fieldPath ${show(fieldPath)}`, problem, findings);
  }
}

function checkKeyRef(template: PodTemplate, ref: ContainerRef, i: number, variable: Json, kind: string, keyRef: Json, findings: Findings): void {
  const { name, key } = keyRef;
  // An absent name is "", which the API server refuses like any name that is not a DNS subdomain.
  const text = typeof name === 'string' ? name : name === undefined || name === null ? '' : undefined;
  const nameProblem = text === undefined ? undefined : dns1123Subdomain(text);
  if (nameProblem) report('env-key-ref', template, at(ref, i, variable, `${kind}.name`), `${kind}.name ${show(text)}`, nameProblem, findings);
  const keyProblem = typeof key === 'string' ? envKeyRefKey(key) : undefined;
  if (keyProblem) report('env-key-ref', template, at(ref, i, variable, `${kind}.key`), `${kind}.key ${show(key)}`, keyProblem, findings);
}
