/*
 * Selectors and references are namespace-local. A Service's selector and a NetworkPolicy's podSelector
 * only select pods of their own namespace (pkg/apis/core/types.go ServiceSpec.Selector; networking/v1
 * NetworkPolicySpec.PodSelector: "selects the pods to which this NetworkPolicy object applies" in its
 * namespace), an Ingress backend names a Service of its own namespace (IngressServiceBackend.Name), and
 * a Gateway API backendRef to another namespace needs a ReferenceGrant there (gateway-api BackendObjectReference).
 */
import { Violation, violation } from './violation';

/** The kinds whose selector or reference stays in their namespace, with what that means and how to fix it. */
const NAMESPACE_LOCAL = {
  Service: {
    reason: 'a Service only selects pods of its own namespace',
    fix: 'create the Service in a chart with the target\'s namespace',
  },
  NetworkPolicy: {
    reason: 'a policy only selects pods of its own namespace',
    fix: 'create the policy in a chart with the target\'s namespace',
  },
  Ingress: {
    reason: 'an Ingress only routes to Services of its own namespace',
    fix: 'route to a Service in the Ingress\'s namespace, or move one of them',
  },
  HTTPRoute: {
    reason: 'a backendRef to another namespace needs a ReferenceGrant there',
    fix: 'create the HttpRoute in the Service\'s namespace',
  },
} as const;

export type NamespaceLocalKind = keyof typeof NAMESPACE_LOCAL;

/**
 * What an object of `kind` in namespace `own` selects or references (the value checked) must be in `own` too.
 * An unset namespace (either side) is the chart's default, which cannot be compared: it passes.
 */
export function sameNamespace(targetNamespace: string | undefined, own: string | undefined, kind: NamespaceLocalKind): Violation | undefined {
  if (targetNamespace === undefined || own === undefined || targetNamespace === own) return undefined;
  const { reason, fix } = NAMESPACE_LOCAL[kind];
  return violation('same-namespace', `is in namespace "${targetNamespace}" but this ${kind} is in "${own}", and ${reason}`, fix);
}

/** Operators of a label selector requirement (metav1 LabelSelectorRequirement: pods, budgets, workloads). */
export const LABEL_SELECTOR_OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
/** Operators of a node selector requirement (core NodeSelectorRequirement), which also compares numbers. */
export const NODE_SELECTOR_OPERATORS: readonly string[] = [...LABEL_SELECTOR_OPERATORS, 'Gt', 'Lt'];

/**
 * The operator of a selector requirement (apimachinery ValidateLabelSelectorRequirement, core
 * ValidateNodeSelectorRequirement): `node` for node affinity, else a label selector of pods.
 */
export function selectorOperator(operator: string, node: boolean): Violation | undefined {
  const allowed = node ? NODE_SELECTOR_OPERATORS : LABEL_SELECTOR_OPERATORS;
  if (allowed.includes(operator)) return undefined;
  return violation('label-selector', `is not a ${node ? 'node' : 'pod'} selector operator`, `use one of ${allowed.map((o) => `'${o}'`).join(', ')}`);
}

/** The values of a selector requirement with a known `operator`: some for In/NotIn, none for Exists/DoesNotExist, one integer for Gt/Lt. */
export function selectorValues(operator: string, values: readonly unknown[]): Violation | undefined {
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
    return violation('label-selector', `must list at least one value for '${operator}'`, 'add the label values to match, or use \'Exists\'');
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
    return violation('label-selector', `must be empty for '${operator}', which looks at the key only`, 'remove values, or use \'In\'');
  }
  if ((operator === 'Gt' || operator === 'Lt') && (values.length !== 1 || typeof values[0] !== 'string' || !/^-?\d+$/.test(values[0]))) {
    return violation('label-selector', `must be one integer for '${operator}'`, 'pass one whole number, e.g. [\'4\']');
  }
  return undefined;
}
