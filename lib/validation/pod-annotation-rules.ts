/*
 * Pod template annotations the API server reads (pkg/apis/core/validation/validation.go ValidatePodSpecificAnnotations,
 * ValidateAppArmorPodAnnotations, validateSeccompAnnotationsAndFields, validateAppArmorAnnotationsAndFieldsMatchOnCreate),
 * with the rules the workloads check `podAnnotations` with (lib/rules/pod-annotations.ts). Most templates carry no such
 * annotation: each key costs a few prefix comparisons, and nothing is allocated unless one is there.
 */
import { Findings, isRecord, Json, record, show, string } from './context';
import { describe } from './names';
import {
  APPARMOR_ANNOTATION_PREFIX, appArmorContainer, POD_DELETION_COST_ANNOTATION, podDeletionCost, profileAnnotation, SECCOMP_ANNOTATION_PREFIX,
  SECCOMP_POD_ANNOTATION,
} from '../rules/pod-annotations';
import { PodTemplate } from './workloads';

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

export function checkPodAnnotations(template: PodTemplate, findings: Findings): void {
  const annotations = record(template.metadata.annotations);
  if (!annotations) return;
  for (const key in annotations) {
    if (!Object.prototype.hasOwnProperty.call(annotations, key)) continue;
    const value = annotations[key];
    if (typeof value !== 'string') continue; // the schema reports it
    if (key === POD_DELETION_COST_ANNOTATION) {
      const problem = describe(podDeletionCost(value));
      if (problem) findings.error('pod-deletion-cost', template.subject, annotationPath(template, key), `${key} ${show(value)} ${problem}`);
    } else if (key === SECCOMP_POD_ANNOTATION) {
      const profile = record(record(template.spec.securityContext)?.seccompProfile);
      if (profile) checkProfile(template, key, value, 'seccomp', profile, 'the pod', findings);
    } else if (key.startsWith(SECCOMP_ANNOTATION_PREFIX)) {
      // The container's own field only: the pod's does not stand in for it (validateSeccompAnnotationsAndFields).
      const container = findContainer(template.spec, key.slice(SECCOMP_ANNOTATION_PREFIX.length));
      const profile = record(record(container?.securityContext)?.seccompProfile);
      if (profile) checkProfile(template, key, value, 'seccomp', profile, `container ${show(container?.name)}`, findings);
    } else if (key.startsWith(APPARMOR_ANNOTATION_PREFIX)) {
      checkAppArmor(template, key, value, findings);
    }
  }
}

function checkAppArmor(template: PodTemplate, key: string, value: string, findings: Findings): void {
  const name = key.slice(APPARMOR_ANNOTATION_PREFIX.length);
  const container = findContainer(template.spec, name);
  if (!container) {
    const names = CONTAINER_LISTS.flatMap((list) => (Array.isArray(template.spec[list]) ? template.spec[list] as unknown[] : []))
      .map((c) => (isRecord(c) ? string(c.name) : undefined)).filter((n): n is string => n !== undefined);
    const problem = describe(appArmorContainer(name, names));
    if (problem) findings.error('apparmor-container', template.subject, annotationPath(template, key), `annotation ${show(key)} ${problem}`);
    return;
  }
  // On create, the container's appArmorProfile, else the pod's, must agree with the annotation (AppArmorFields, v1.30).
  const own = record(record(container.securityContext)?.appArmorProfile);
  const profile = own ?? record(record(template.spec.securityContext)?.appArmorProfile);
  if (profile) checkProfile(template, key, value, 'AppArmor', profile, own ? `container ${show(name)}` : 'the pod', findings);
}

function checkProfile(template: PodTemplate, key: string, value: string, mechanism: 'seccomp' | 'AppArmor', profile: Json, owner: string,
  findings: Findings): void {
  const problem = describe(profileAnnotation(mechanism, value, profile.type, profile.localhostProfile, owner));
  if (problem) findings.error('profile-annotation', template.subject, annotationPath(template, key), `${key} ${show(value)} ${problem}`);
}

function findContainer(spec: Json, name: string): Json | undefined {
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const container of containers) if (isRecord(container) && container.name === name) return container;
  }
  return undefined;
}

function annotationPath(template: PodTemplate, key: string): string {
  return `${template.templatePath ? `${template.templatePath}.` : ''}metadata.annotations[${JSON.stringify(key)}]`;
}
