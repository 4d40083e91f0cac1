import { sameNamespace } from '../../lib/rules';

// pkg/apis/core/types.go ServiceSpec.Selector ("Route service traffic to pods with label keys and values matching this
// selector"; Endpoints are built from pods of the Service's namespace), networking/v1 NetworkPolicySpec.PodSelector
// (pods of the policy's namespace), IngressServiceBackend.Name ("must exist in the same namespace as the Ingress object"),
// and gateway-api BackendObjectReference.Namespace ("a ReferenceGrant object is required in the referent namespace").
describe('sameNamespace', () => {
  test.each([
    ['shop', 'shop'], [undefined, 'shop'], ['shop', undefined], [undefined, undefined],
  ] as const)('accepts %j for an object in %j', (target, own) => {
    for (const kind of ['Service', 'NetworkPolicy', 'Ingress', 'HTTPRoute'] as const) expect(sameNamespace(target, own, kind)).toBeUndefined();
  });
  test.each([
    ['Service', 'a Service only selects pods of its own namespace', 'create the Service in a chart with the target\'s namespace'],
    ['NetworkPolicy', 'a policy only selects pods of its own namespace', 'create the policy in a chart with the target\'s namespace'],
    ['Ingress', 'an Ingress only routes to Services of its own namespace', 'route to a Service in the Ingress\'s namespace, or move one of them'],
    ['HTTPRoute', 'a backendRef to another namespace needs a ReferenceGrant there', 'create the HttpRoute in the Service\'s namespace'],
  ] as const)('rejects another namespace for a %s', (kind, reason, fix) => {
    expect(sameNamespace('billing', 'shop', kind)).toEqual({
      rule: 'same-namespace', message: `is in namespace "billing" but this ${kind} is in "shop", and ${reason}`, fix,
    });
  });
});
