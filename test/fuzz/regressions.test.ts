/**
 * Every failure the property tests found, as an explicit case with its exact message. Each was
 * silently accepted before: the construct passed the value on and validateManifests let it through.
 */
import { MultiContainerPod, RollingDeployment } from '../../lib';
import { validateManifests } from '../../lib/validation';
import { container, goodApp, web } from '../fixtures/validation';
import { newChart } from '../util';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27-alpine';

describe('restartPolicy "always" (fast-check, MultiContainerPod, seed 12012)', () => {
  test('is a prop error of MultiContainerPod', () => {
    expect(() => new MultiContainerPod(newChart(), 'pod', { restartPolicy: 'always' as 'Always', containers: [{ image: IMAGE }] }))
      .toThrow('[test/pod] restartPolicy ("always") is not a restart policy Kubernetes knows; use \'Always\', \'OnFailure\' or \'Never\'');
  });

  test('is an error finding of validateManifests, reported once for a workload', () => {
    const m = goodApp();
    web(m).pod.restartPolicy = 'always';
    expect(validateManifests(m)).toEqual([{
      rule: 'restart-policy', severity: 'error', object: 'Deployment/shop/web', path: 'spec.template.spec.restartPolicy',
      message: 'restartPolicy must be "Always", "OnFailure" or "Never", got "always"; did you mean "Always"?',
    }]);
  });
});

describe('security.runAsUser -1 (fast-check, RollingDeployment, seed 12012)', () => {
  test('is a prop error of the container', () => {
    expect(() => new RollingDeployment(newChart(), 'web', { containers: [{ image: IMAGE, security: { runAsUser: -1, runAsGroup: 2 ** 31 } }] }))
      .toThrow([
        '[test/web] containers[0].security.runAsUser (-1) is not a user or group id; use an integer from 0 to 2147483647',
        '[test/web] containers[0].security.runAsGroup (2147483648) is not a user or group id; use an integer from 0 to 2147483647',
      ].join('\n'));
  });

  test('is an error finding of validateManifests, in the pod and in each container', () => {
    const m = goodApp();
    const { pod } = web(m);
    pod.securityContext = { ...pod.securityContext, runAsUser: -1, fsGroup: 2 ** 31, supplementalGroups: [1, -2] };
    pod.containers.push(container('sidecar', { securityContext: { ...container('x').securityContext, runAsGroup: -5 } }));
    const at = 'spec.template.spec';
    expect(validateManifests(m).filter((f) => f.rule === 'security-context-id')).toEqual([
      ['securityContext.runAsUser', 'runAsUser must be from 0 to 2147483647, got -1'],
      ['securityContext.fsGroup', 'fsGroup must be from 0 to 2147483647, got 2147483648'],
      ['securityContext.supplementalGroups[1]', 'supplementalGroups[1] must be from 0 to 2147483647, got -2'],
      ['containers[name=sidecar].securityContext.runAsGroup', 'runAsGroup must be from 0 to 2147483647, got -5'],
    ].map(([path, message]) => ({ rule: 'security-context-id', severity: 'error', object: 'Deployment/shop/web', path: `${at}.${path}`, message })));
  });
});

describe('Ingress paths with "//", "/./", "/../", "%2F" or a "/.." ending (mutators: the construct refused them, validateManifests did not)', () => {
  test.each([
    ['/a//b', 'contains "//"'],
    ['/a/./b', 'contains "/./"'],
    ['/a/../b', 'contains "/../"'],
    ['/a%2fb', 'contains "%2f"'],
    ['/a/..', 'ends with "/.."'],
    ['/a/.', 'ends with "/."'],
  ])('%s', (path, problem) => {
    const m = goodApp();
    const ingress = m.find((o) => o.kind === 'Ingress');
    ingress.spec.rules[0].http.paths[0].path = path;
    expect(validateManifests(m)).toEqual([{
      rule: 'ingress-path', severity: 'error', object: 'Ingress/shop/web', path: 'spec.rules[0].http.paths[0].path',
      message: `path ${JSON.stringify(path)} ${problem}, which Kubernetes rejects in Prefix paths; write the path in its normalized form`,
    }]);
  });
});

describe('a value whose own "toString" is not a function (fast-check, validator, seed 731738919)', () => {
  // JSON.parse makes "toString" an own key; String(value) and [].join then throw a TypeError.
  const hostile = () => JSON.parse('{"toString":{"toString":1}}');

  test('as a Service port an HTTPRoute points at', () => {
    const m = goodApp();
    m.find((o) => o.kind === 'Service').spec.ports[0].port = hostile();
    const findings = validateManifests(m);
    expect(findings.find((f) => f.rule === 'httproute-backend')).toEqual({
      rule: 'httproute-backend', severity: 'error', object: 'HTTPRoute/shop/web', path: 'spec.rules[0].backendRefs[0].port',
      message: 'Service "web" has no port 80 (it has {"toString":{"toString":1}}, 9090); backendRef ports are Service ports, not container ports',
    });
  });

  test('as a selector value', () => {
    const m = goodApp();
    const pdb = m.find((o) => o.kind === 'PodDisruptionBudget');
    pdb.spec.selector = { matchExpressions: [{ key: 'tier', operator: 'In', values: [hostile()] }] };
    expect(validateManifests(m).find((f) => f.rule === 'pdb-selector')?.message)
      .toBe('selector tier In ({"toString":{"toString":1}}) matches no pod template in namespace "shop" of these manifests, so this budget protects nothing: select the workload\'s pod labels');
  });
});
