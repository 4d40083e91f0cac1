import { sameNamespace, selectorOperator, selectorValues } from '../../lib/rules';

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

// staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation_test.go TestValidateLabelSelectorRequirement and
// pkg/apis/core/validation/validation_test.go TestValidateNodeSelectorRequirement (Gt/Lt need exactly one integer value).
describe('selectorOperator', () => {
  test.each(['In', 'NotIn', 'Exists', 'DoesNotExist'])('accepts %j for pods and nodes', (op) => {
    expect(selectorOperator(op, false)).toBeUndefined();
    expect(selectorOperator(op, true)).toBeUndefined();
  });
  test.each(['Gt', 'Lt'])('accepts %j for nodes only', (op) => {
    expect(selectorOperator(op, true)).toBeUndefined();
    expect(selectorOperator(op, false)).toEqual({
      rule: 'label-selector', message: 'is not a pod selector operator', fix: 'use one of \'In\', \'NotIn\', \'Exists\', \'DoesNotExist\'',
    });
  });
  test.each(['in', 'Equals', ''])('rejects %j', (op) => expect(selectorOperator(op, true)).toEqual({
    rule: 'label-selector', message: 'is not a node selector operator', fix: 'use one of \'In\', \'NotIn\', \'Exists\', \'DoesNotExist\', \'Gt\', \'Lt\'',
  }));
});

describe('selectorValues', () => {
  test.each([['In', ['a']], ['NotIn', ['a', 'b']], ['Exists', []], ['DoesNotExist', []], ['Gt', ['4']], ['Lt', ['-1']]] as const)(
    'accepts %s %j', (op, values) => expect(selectorValues(op, values)).toBeUndefined());
  test.each([
    ['In', [], 'must list at least one value for \'In\'', 'add the label values to match, or use \'Exists\''],
    ['NotIn', [], 'must list at least one value for \'NotIn\'', 'add the label values to match, or use \'Exists\''],
    ['Exists', ['a'], 'must be empty for \'Exists\', which looks at the key only', 'remove values, or use \'In\''],
    ['DoesNotExist', ['a'], 'must be empty for \'DoesNotExist\', which looks at the key only', 'remove values, or use \'In\''],
    ['Gt', [], 'must be one integer for \'Gt\'', 'pass one whole number, e.g. [\'4\']'],
    ['Lt', ['1', '2'], 'must be one integer for \'Lt\'', 'pass one whole number, e.g. [\'4\']'],
    ['Gt', ['1.5'], 'must be one integer for \'Gt\'', 'pass one whole number, e.g. [\'4\']'],
  ] as const)('rejects %s %j', (op, values, message, fix) => expect(selectorValues(op, values)).toEqual({ rule: 'label-selector', message, fix }));
});
