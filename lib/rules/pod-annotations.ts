/*
 * Pod annotations the API server reads (pkg/apis/core/validation/validation.go ValidatePodSpecificAnnotations,
 * ValidateAppArmorPodAnnotations, validateSeccompAnnotationsAndFields, validateAppArmorAnnotationsAndFieldsMatchOnCreate;
 * pkg/apis/core/helper GetDeletionCostFromPodAnnotations). Set through a workload's `podAnnotations`, or in YAML.
 */
import { Violation, violation } from './violation';

/** The AppArmor profile of one container, before the `securityContext.appArmorProfile` field (v1.30) replaced it. */
export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
/** The seccomp profile of the pod, before `securityContext.seccompProfile` (v1.19). */
export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
/** The seccomp profile of one container, before `securityContext.seccompProfile`. */
export const SECCOMP_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
/** Which pods a ReplicaSet removes first when it scales down: the lowest cost. */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

/**
 * The container an AppArmor annotation names (the key after its prefix) is one of the pod's containers
 * (ValidateAppArmorPodAnnotations: "container not found").
 */
export function appArmorContainer(container: string, containers: readonly string[]): Violation | undefined {
  if (containers.includes(container)) return undefined;
  return violation('apparmor-container', `names container ${JSON.stringify(container)}, which the pod does not have`,
    containers.length > 0 ? `name one of its containers: ${containers.map((c) => JSON.stringify(c)).join(', ')}` : 'name one of its containers');
}

// helper.GetDeletionCostFromPodAnnotations: no '+' and no leading zero (validFirstDigit), then strconv.ParseInt(value, 10, 32).
const DELETION_COST = /^(?:0|-\d+|[1-9]\d*)$/;

/** The pod deletion cost is a 32-bit integer (ValidatePodSpecificAnnotations: "must be a 32bit integer"). */
export function podDeletionCost(value: string): Violation | undefined {
  const cost = Number(value);
  if (DELETION_COST.test(value) && cost >= -2147483648 && cost <= 2147483647) return undefined;
  return violation('pod-deletion-cost', 'is not a 32-bit integer',
    'use a whole number from -2147483648 to 2147483647, without \'+\' or leading zeros (pods with a lower cost are removed first)');
}

/** Which annotation values each profile type of the field stands for (seccomp also takes the older `docker/default`). */
const PROFILE_VALUES = {
  seccomp: { Unconfined: 'unconfined', RuntimeDefault: 'runtime/default', RuntimeDefaultAlias: 'docker/default' },
  AppArmor: { Unconfined: 'unconfined', RuntimeDefault: 'runtime/default', RuntimeDefaultAlias: 'runtime/default' },
} as const;
const LOCALHOST = 'localhost/';

/**
 * A seccomp or AppArmor annotation (the value checked) says what the securityContext field says, when both are set
 * (validateSeccompAnnotationsAndFieldsMatch: "seccomp type in annotation and field must match", "seccomp profile in
 * annotation and field must match"; the same for AppArmor on create). `type` and `localhostProfile` are the field's;
 * `owner` names whose field it is (`container "web"`, `the pod`). An unknown type is the field's own problem.
 */
export function profileAnnotation(mechanism: 'seccomp' | 'AppArmor', annotation: string, type: unknown, localhostProfile: unknown,
  owner: string): Violation | undefined {
  const values = PROFILE_VALUES[mechanism];
  let expected: string;
  if (type === 'Unconfined' || type === 'RuntimeDefault') {
    if (annotation === values[type] || (type === 'RuntimeDefault' && annotation === values.RuntimeDefaultAlias)) return undefined;
    expected = values[type];
  } else if (type === 'Localhost') {
    if (annotation.startsWith(LOCALHOST) && annotation.slice(LOCALHOST.length) === localhostProfile) return undefined;
    if (annotation.startsWith(LOCALHOST)) {
      return violation('profile-annotation', `names another profile than the ${mechanism} localhostProfile ${JSON.stringify(localhostProfile)} `
        + `of ${owner}`, `write ${JSON.stringify(LOCALHOST + String(localhostProfile))}, or remove the annotation (the field replaces it)`);
    }
    expected = `${LOCALHOST}${String(localhostProfile)}`;
  } else {
    return undefined;
  }
  return violation('profile-annotation', `does not match the ${mechanism} profile type ${JSON.stringify(type)} of ${owner}`,
    `write ${JSON.stringify(expected)}, or remove the annotation (the field replaces it)`);
}
