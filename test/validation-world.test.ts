import { Finding, validateManifests } from '../lib/validation';
import { goodApp } from './fixtures/validation';

/** The known-good app without its Deployment and Service, plus a custom resource whose CRD is elsewhere. */
function partialApp(): any[] {
  const certificate = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'tls', namespace: 'shop' }, spec: {} };
  return [...goodApp().filter((m) => !['Deployment', 'Service'].includes(m.kind)), certificate];
}

const MISSING: Omit<Finding, 'severity'>[] = [
  { rule: 'ingress-service', object: 'Ingress/shop/web', path: 'spec.rules[0].http.paths[0].backend.service.name', message: 'Service "web" is not in namespace "shop" of these manifests; make sure it exists, or fix the name' },
  { rule: 'ingress-service', object: 'Ingress/shop/web', path: 'spec.rules[0].http.paths[1].backend.service.name', message: 'Service "web" is not in namespace "shop" of these manifests; make sure it exists, or fix the name' },
  { rule: 'hpa-target', object: 'HorizontalPodAutoscaler/shop/web', path: 'spec.scaleTargetRef', message: 'scale target Deployment "web" is not in namespace "shop" of these manifests; make sure it exists, or fix scaleTargetRef' },
  { rule: 'pdb-selector', object: 'PodDisruptionBudget/shop/web', path: 'spec.selector', message: 'selector app.kubernetes.io/name=web matches no pod template in namespace "shop" of these manifests, so this budget protects nothing: select the workload\'s pod labels' },
  { rule: 'httproute-backend', object: 'HTTPRoute/shop/web', path: 'spec.rules[0].backendRefs[0].name', message: 'Service "web" is not in namespace "shop" of these manifests; make sure it exists, or fix the backendRef' },
  { rule: 'schema', object: 'Certificate/shop/tls', path: '', message: 'no schema for cert-manager.io/v1 Certificate: it is not a Kubernetes 1.32, 1.36 API and no CRD for it is vendored in crds/ or included in the manifests, so it was not validated' },
];

describe('world: references to objects absent from the manifests', () => {
  test('open (the default): warnings, since the objects may exist in the cluster', () => {
    expect(validateManifests(partialApp())).toEqual(MISSING.map((f) => ({ ...f, severity: 'warning' })));
    expect(validateManifests(partialApp(), { world: 'open' })).toEqual(validateManifests(partialApp()));
  });

  test('closed: the same findings as errors, since the manifests are the whole app', () => {
    expect(validateManifests(partialApp(), { world: 'closed' })).toEqual(MISSING.map((f) => ({ ...f, severity: 'error' })));
  });

  test('a Service that selects no pods is an error in a closed world', () => {
    const manifests = goodApp().filter((m) => m.kind !== 'Deployment' && m.kind !== 'HorizontalPodAutoscaler');
    expect(validateManifests(manifests, { world: 'closed' }).filter((f) => f.rule === 'service-selector')).toEqual([
      {
        rule: 'service-selector', severity: 'error', object: 'Service/shop/web', path: 'spec.selector',
        message: 'selector app.kubernetes.io/name=web matches no pod template in namespace "shop" of these manifests; the Service would have no endpoints: '
          + 'make the selector match the workload\'s pod labels',
      },
    ]);
  });

  test('warnings that are not about a missing object stay warnings in a closed world', () => {
    const manifests = goodApp();
    const worker = manifests.find((m) => m.kind === 'Pod');
    for (const c of worker.spec.containers) delete c.ports;
    const service = {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'worker', namespace: 'shop' },
      spec: { selector: { 'app.kubernetes.io/name': 'worker' }, ports: [{ port: 80, targetPort: 8080 }] },
    };
    const expected = [{
      rule: 'service-target-port', severity: 'warning', object: 'Service/shop/worker', path: 'spec.ports[0].targetPort',
      message: 'targetPort 8080 is not declared by the selected pods (Pod/shop/worker), which declare no ports; declare containerPort 8080 so the port is visible and nameable',
    }];
    expect(validateManifests([...manifests, service], { world: 'closed' })).toEqual(expected);
  });

  test('an unknown world is a usage error', () => {
    expect(() => validateManifests([], { world: 'half' as any })).toThrow('validateManifests: world must be "open" or "closed", got "half"');
  });
});
