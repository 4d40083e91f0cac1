import { KUBERNETES_FEATURES } from '../../lib/kubernetes-version';
import { ENUMERATED_FIELDS, ENUMERATIONS, enumField, EnumerationName } from '../../lib/rules';
import { validateManifests } from '../../lib/validation';

// The value lists, each from the kubernetes/kubernetes file `source` names:
// pkg/apis/core/validation/validation.go (validatePullPolicy, supportedPortProtocols, supportedHTTPSchemes, validateRestartPolicy,
// supportedServiceType, validateServiceInternalTrafficFieldsValue, validateServiceTrafficDistribution),
// pkg/apis/apps/validation/validation.go ValidateDeploymentStrategy, pkg/apis/policy/validation/validation.go
// supportedUnhealthyPodEvictionPolicies, pkg/apis/networking/validation/validation.go ValidateNetworkPolicySpec.
const CASES: [EnumerationName, string[], string, string, string][] = [
  ['pullPolicy', ['Always', 'IfNotPresent', 'Never'], 'always', 'is not a pull policy Kubernetes knows', 'use \'Always\', \'IfNotPresent\' or \'Never\''],
  ['protocol', ['TCP', 'UDP', 'SCTP'], 'tcp', 'is not a protocol Kubernetes knows', 'use \'TCP\', \'UDP\' or \'SCTP\''],
  ['httpScheme', ['HTTP', 'HTTPS'], 'https', 'is not a URL scheme Kubernetes knows', 'use \'HTTP\' or \'HTTPS\''],
  ['restartPolicy', ['Always', 'OnFailure', 'Never'], 'OnError', 'is not a restart policy Kubernetes knows', 'use \'Always\', \'OnFailure\' or \'Never\''],
  ['serviceType', ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'], 'Headless', 'is not a Service type Kubernetes knows',
    'use \'ClusterIP\', \'NodePort\', \'LoadBalancer\' or \'ExternalName\''],
  ['trafficPolicy', ['Cluster', 'Local'], 'Node', 'is not a traffic policy Kubernetes knows', 'use \'Cluster\' or \'Local\''],
  ['trafficDistribution', ['PreferClose', 'PreferSameZone', 'PreferSameNode'], 'Nearest', 'is not a traffic distribution Kubernetes knows',
    'use \'PreferClose\', \'PreferSameZone\' or \'PreferSameNode\''],
  ['deploymentStrategy', ['RollingUpdate', 'Recreate'], 'BlueGreen', 'is not a Deployment strategy Kubernetes knows',
    'use \'RollingUpdate\' or \'Recreate\''],
  ['evictionPolicy', ['AlwaysAllow', 'IfHealthyBudget'], 'Never', 'is not a policy Kubernetes knows', 'use \'AlwaysAllow\' or \'IfHealthyBudget\''],
  ['policyType', ['Ingress', 'Egress'], 'ingress', 'is not a policy type Kubernetes knows', 'use \'Ingress\' or \'Egress\''],
];

describe('enumField', () => {
  test.each(CASES)('%s', (name, valid, invalid, message, fix) => {
    for (const value of valid) expect(enumField(name, value)).toBeUndefined();
    expect(enumField(name, invalid)).toEqual({ rule: 'enum', message, fix });
    expect(enumField(name, '')).toEqual({ rule: 'enum', message, fix });
  });

  test('every enumeration is tested, and every field of the table names one', () => {
    expect(CASES.map(([name]) => name).sort()).toEqual(Object.keys(ENUMERATIONS).sort());
    for (const field of ENUMERATED_FIELDS) expect(Object.keys(ENUMERATIONS)).toContain(field.enumeration);
  });

  test('the table covers the rows of docs/rule-coverage.md it was written for', () => {
    const rows = new Set(ENUMERATED_FIELDS.map((f) => f.rows));
    for (const row of ['CTR-5', 'PORT-4', 'PRB-8', 'SVC-8', 'SVC-13', 'SVC-27', 'DEP-8', 'PDB-5', 'NP-3', 'NP-9']) expect(rows).toContain(row);
  });
});

/*
 * Values a later release added are accepted by the enumeration and left to the window check: the API server of a
 * release without them refuses them, so the window's oldest release decides (lib/kubernetes-version.ts KUBERNETES_FEATURES).
 */
describe('values a later release added', () => {
  const later = Object.entries(ENUMERATIONS).flatMap(([, e]) => Object.entries((e as { later?: Record<string, string> }).later ?? {}));

  test('each names a feature with a first release', () => {
    expect(later.length).toBeGreaterThan(0);
    for (const [, feature] of later) expect(KUBERNETES_FEATURES).toHaveProperty(feature);
  });

  const service = (trafficDistribution: string) => [{
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' },
    spec: { ports: [{ port: 80 }], trafficDistribution },
  }];

  test('allowed where the window has them', () => {
    expect(validateManifests(service('PreferSameZone'), { window: { oldest: '1.35', newest: '1.36' } })).toEqual([]);
  });

  test('reported once, by the window check, where its oldest release lacks them', () => {
    expect(validateManifests(service('PreferSameNode'), { window: { oldest: '1.32', newest: '1.36' } })).toEqual([{
      rule: 'kubernetes-window', severity: 'error', object: 'Service/shop/web', path: 'spec.trafficDistribution',
      message: 'trafficDistribution PreferSameZone and PreferSameNode need Kubernetes >= 1.34 (the window\'s oldest is 1.32); raise the window\'s '
        + 'oldest to 1.34 or later (cdk8s-patterns:kubernetesWindow), or use PreferClose (the older name of PreferSameZone)',
    }]);
  });
});
