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
