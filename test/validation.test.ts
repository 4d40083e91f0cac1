import * as fs from 'fs';
import * as path from 'path';
import { Chart, Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { extractCrds, readCrdFiles } from '../schemas/vendor';
import {
  DEFAULT_KUBERNETES_WINDOW, Finding, formatFindings, KubernetesVersion, KUBERNETES_VERSIONS, POD_SECURITY_ANNOTATION, validateManifests,
} from '../lib/validation';
import { goodApp, obj, web } from './fixtures/validation';

const error = (rule: string, object: string, p: string, message: string): Finding => ({ rule, severity: 'error', object, path: p, message });
const warning = (rule: string, object: string, p: string, message: string): Finding => ({ rule, severity: 'warning', object, path: p, message });

describe('the known-good app', () => {
  test.each<[string, KubernetesVersion[] | undefined]>([
    ['both ends of the default window', undefined],
    ...KUBERNETES_VERSIONS.map((v): [string, KubernetesVersion[]] => [`Kubernetes ${v}`, [v]]),
  ])('has no findings against %s', (_, kubernetesVersions) => {
    expect(validateManifests(goodApp(), { kubernetesVersions })).toEqual([]);
  });

  test('covers the kinds the validator is meant for, custom resources included', () => {
    expect(goodApp().map((m) => m.kind).sort()).toEqual([
      'ConfigMap', 'Deployment', 'Gateway', 'HTTPRoute', 'HorizontalPodAutoscaler', 'Ingress',
      'Pod', 'PodDisruptionBudget', 'Service', 'ServiceAccount', 'VerticalPodAutoscaler',
    ]);
    expect(obj(goodApp(), 'Pod', 'worker').spec.containers.map((c: any) => c.name)).toEqual(['app', 'log-shipper']);
  });

  test('vendors 1.27 and today\'s window, whose two ends are the default', () => {
    expect(KUBERNETES_VERSIONS).toEqual(['1.27', '1.32', '1.35', '1.36']);
    expect(DEFAULT_KUBERNETES_WINDOW).toEqual({ oldest: '1.32', newest: '1.36' });
  });
});

describe('schema (strict)', () => {
  test.each(KUBERNETES_VERSIONS)('an unknown field is an error in Kubernetes %s, with a spelling hint', (version) => {
    const manifests = goodApp();
    web(manifests).deployment.spec.replica = 2;
    expect(validateManifests(manifests, { kubernetesVersions: [version] })).toEqual([
      error('schema', 'Deployment/shop/web', 'spec.replica', 'unknown field "replica" in DeploymentSpec; did you mean "replicas"?'),
    ]);
  });

  test('unknown fields deep in a pod template are found and located by name', () => {
    const manifests = goodApp();
    web(manifests).app.ports[0].protocl = 'TCP';
    expect(validateManifests(manifests)).toEqual([
      error('schema', 'Deployment/shop/web', 'spec.template.spec.containers[name=app].ports[name=http].protocl', 'unknown field "protocl" in ContainerPort; did you mean "protocol"?'),
    ]);
  });

  test('a wrong type names the value received and the fix', () => {
    const manifests = goodApp();
    web(manifests).app.ports[0].containerPort = '8080';
    expect(validateManifests(manifests)).toEqual([
      error('schema', 'Deployment/shop/web', 'spec.template.spec.containers[name=app].ports[name=http].containerPort', 'must be an integer, got a string "8080"; write 8080 without quotes'),
    ]);
  });

  test('unknown metadata fields are errors too', () => {
    const manifests = goodApp();
    obj(manifests, 'ConfigMap', 'web-config').metadata.label = { a: 'b' };
    expect(validateManifests(manifests)).toEqual([
      error('schema', 'ConfigMap/shop/web-config', 'metadata.label', 'unknown field "label" in ObjectMeta; did you mean "labels"?'),
    ]);
  });

  test('a field only one version knows is reported for that version only', () => {
    const manifests = goodApp();
    web(manifests).pod.resources = { requests: { cpu: '1' } }; // pod-level resources: Kubernetes 1.32+
    const [finding] = validateManifests(manifests, { kubernetesVersions: ['1.27', '1.35'] });
    expect(finding.message).toMatch(/^Kubernetes 1\.27: unknown field "resources" in PodSpec; remove it or fix its spelling \(known fields: activeDeadlineSeconds, /);
    expect(validateManifests(manifests, { kubernetesVersions: ['1.35'] })).toEqual([]);
  });

  test('a newer field whose type an older version lacks is an unknown field there, not a crash', () => {
    // 1.27 has neither lifecycle sleep (SleepAction) nor appArmorProfile (AppArmorProfile) definitions.
    const manifests = goodApp();
    const container = web(manifests).pod.containers[0];
    container.lifecycle = { preStop: { sleep: { seconds: 5 } } };
    const findings = validateManifests(manifests, { kubernetesVersions: ['1.27', '1.35'] });
    expect(findings.map((f) => [f.rule, f.path.replace(/.*\]\./, ''), f.message.split(';')[0]])).toEqual([
      ['schema', 'lifecycle.preStop.sleep', 'Kubernetes 1.27: unknown field "sleep" in LifecycleHandler'],
    ]);
    expect(validateManifests(manifests, { kubernetesVersions: ['1.35'] })).toEqual([]);
  });

  test('both ends in one pass: a field only the newest has is reported for the oldest alone, the rest once', () => {
    // 1.36 adds Container restartPolicyRules and PodSpec hostnameOverride to 1.32's; the rest of a Deployment is alike.
    const manifests = goodApp();
    const pod = web(manifests).pod;
    pod.hostnameOverride = 'web';
    pod.containers[0].restartPolicyRules = [{ action: 'Restart', exitCodes: { operator: 'In', values: [42] } }];
    pod.containers[0].imagePullPolcy = 'Always';
    pod.containers[0].ports[0].containerPort = '8080';
    const summary = (options = {}) => validateManifests(manifests, options).map((f) => `${f.path.replace(/^spec\.template\.spec\./, '')}: ${f.message.split(';')[0]}`);
    expect(summary()).toEqual([
      'containers[name=app].ports[name=http].containerPort: must be an integer, got a string "8080"',
      'containers[name=app].imagePullPolcy: unknown field "imagePullPolcy" in Container',
      'containers[name=app].restartPolicyRules: Kubernetes 1.32: unknown field "restartPolicyRules" in Container',
      'hostnameOverride: Kubernetes 1.32: unknown field "hostnameOverride" in PodSpec',
    ]);
    expect(summary({ kubernetesVersions: ['1.36'] })).toEqual([
      'containers[name=app].ports[name=http].containerPort: must be an integer, got a string "8080"',
      'containers[name=app].imagePullPolcy: unknown field "imagePullPolcy" in Container',
    ]);
  });

  test('custom resources are validated strictly against their CRD', () => {
    const manifests = goodApp();
    obj(manifests, 'HTTPRoute', 'web').spec.bogus = 1;
    obj(manifests, 'VerticalPodAutoscaler', 'worker').spec.updatePolicy.updateMode = 'Sometimes';
    expect(validateManifests(manifests)).toEqual([
      error('schema', 'VerticalPodAutoscaler/shop/worker', 'spec.updatePolicy.updateMode', 'must be one of "Off", "Initial", "Recreate", "InPlaceOrRecreate", "InPlace", "Auto", got "Sometimes"'),
      error('schema', 'HTTPRoute/shop/web', 'spec.bogus', 'unknown field "bogus"; remove it or fix its spelling (known fields: hostnames, parentRefs, rules)'),
    ]);
  });

  test('a custom resource\'s metadata is validated as ObjectMeta', () => {
    const manifests = goodApp();
    obj(manifests, 'Gateway', 'shop').metadata.lables = {};
    expect(validateManifests(manifests)).toEqual([
      error('schema', 'Gateway/shop/shop', 'metadata.lables', 'unknown field "lables" in ObjectMeta; did you mean "labels"?'),
    ]);
  });

  test('a CRD included in the manifests validates its custom resources', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
        versions: [{
          name: 'v1', served: true, storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } },
        }],
      },
    };
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'shop' }, spec: { size: 3, colour: 'red' } };
    expect(validateManifests([crd, widget])).toEqual([
      error('schema', 'Widget/shop/w', 'spec.colour', 'unknown field "colour"; remove it or fix its spelling (known fields: size)'),
    ]);

    crd.spec.versions.push({ ...crd.spec.versions[0], name: 'v1beta1', storage: false, deprecated: true } as any);
    const old = { ...widget, apiVersion: 'example.com/v1beta1', spec: { size: '3' } };
    expect(validateManifests([crd, old])).toEqual([
      warning('api-version', 'Widget/shop/w', 'apiVersion', 'example.com/v1beta1 Widget is deprecated by its CRD (CustomResourceDefinition widgets.example.com); use apiVersion example.com/v1'),
      error('schema', 'Widget/shop/w', 'spec.size', 'must be an integer, got a string "3"; write 3 without quotes'),
    ]);
  });

  test('a kind without any known schema is a warning, not silently accepted', () => {
    const certificate = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'tls', namespace: 'shop' }, spec: {} };
    expect(validateManifests([certificate])).toEqual([
      warning('schema', 'Certificate/shop/tls', '', 'no schema for cert-manager.io/v1 Certificate: it is not a Kubernetes 1.32, 1.36 API and no CRD for it is vendored in crds/ or included in the manifests, so it was not validated'),
    ]);
  });

  test('null fields count as absent, as on the API server (and as YAML writes "key:")', () => {
    const manifests = goodApp();
    obj(manifests, 'ConfigMap', 'web-config').metadata.creationTimestamp = null;
    web(manifests).app.ports[0].hostPort = null;
    obj(manifests, 'HTTPRoute', 'web').spec.hostnames = null;
    expect(validateManifests(manifests)).toEqual([]);
    obj(manifests, 'Pod', 'worker').spec.containers = null;
    expect(validateManifests(manifests)).toEqual([
      error('containers-required', 'Pod/shop/worker', 'spec.containers', 'a pod needs at least one container, got none; add one to containers'),
    ]);
  });

  test('a manifest without apiVersion or kind, or not an object, is an error', () => {
    expect(validateManifests([{ metadata: { name: 'x' } }, 'kind: Pod'])).toEqual([
      error('schema', 'manifests[1]', '', 'expected a manifest object, got "kind: Pod"'),
      error('schema', '<no kind>/default/x', 'apiVersion', 'missing apiVersion and kind; every object needs both (e.g. apiVersion "apps/v1", kind "Deployment")'),
    ]);
  });
});

describe('apiVersion', () => {
  test.each([
    ['PodDisruptionBudget', 'web', 'policy/v1beta1', 'policy/v1beta1 PodDisruptionBudget was removed in Kubernetes 1.25; use apiVersion policy/v1'],
    ['HorizontalPodAutoscaler', 'web', 'autoscaling/v2beta2', 'autoscaling/v2beta2 HorizontalPodAutoscaler was removed in Kubernetes 1.26; use apiVersion autoscaling/v2'],
    ['Ingress', 'web', 'networking.k8s.io/v1beta1', 'networking.k8s.io/v1beta1 Ingress was removed in Kubernetes 1.22; use apiVersion networking.k8s.io/v1'],
    ['Deployment', 'web', 'extensions/v1beta1', 'extensions/v1beta1 Deployment was removed in Kubernetes 1.16; use apiVersion apps/v1'],
    ['VerticalPodAutoscaler', 'worker', 'autoscaling.k8s.io/v1beta2', 'autoscaling.k8s.io/v1beta2 VerticalPodAutoscaler is not served by its CRD (crds/vpa-v1-crd.yaml); use apiVersion autoscaling.k8s.io/v1'],
  ])('%s at a removed apiVersion %s is an error naming the replacement', (kind, name, apiVersion, message) => {
    const manifests = goodApp();
    obj(manifests, kind, name).apiVersion = apiVersion;
    const findings = validateManifests(manifests).filter((f) => f.rule === 'api-version');
    expect(findings).toEqual([error('api-version', `${kind}/shop/${name}`, 'apiVersion', message)]);
  });

  test('a misspelled kind gets a suggestion', () => {
    const manifests = goodApp();
    obj(manifests, 'ConfigMap', 'web-config').kind = 'Configmap';
    expect(validateManifests(manifests)).toEqual([
      error('api-version', 'Configmap/shop/web-config', 'apiVersion', 'v1 has no kind "Configmap" in Kubernetes 1.32, 1.36; did you mean "ConfigMap"?'),
      // The Deployment's env reads "web-config", which is no longer a ConfigMap (issue 10 config-reference rule).
      warning('config-reference', 'Deployment/shop/web', 'spec.template.spec.containers[name=app].env[name=LOG_LEVEL].valueFrom.configMapKeyRef', 'ConfigMap "web-config" is not in namespace "shop" of these manifests, and the pod template does not mark it external; create it in the app, fix the name, or list "ConfigMap/web-config" in the cdk8s-patterns/external-refs annotation (ConfigMap.fromExternal does)'),
    ]);
  });

  test('an API added after 1.27 is reported for 1.27 only', () => {
    const policy = {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'p' },
      spec: { validations: [{ expression: 'true' }] },
    };
    expect(validateManifests([policy], { kubernetesVersions: ['1.27', '1.35'] })).toEqual([
      error('api-version', 'ValidatingAdmissionPolicy/p', 'apiVersion', 'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy is not served by Kubernetes 1.27; use apiVersion admissionregistration.k8s.io/v1alpha1'),
    ]);
  });
});

describe('real cdk8s output', () => {
  function kplusChart(): any[] {
    const chart = new Chart(Testing.app(), 'test');
    const deployment = new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx', portNumber: 8080 }] });
    const service = deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    new kplus.Ingress(chart, 'ingress').addRule('/api', kplus.IngressBackend.fromService(service));
    new kplus.HorizontalPodAutoscaler(chart, 'hpa', { target: deployment, maxReplicas: 5, metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70))] });
    new kplus.ConfigMap(chart, 'config', { data: { a: 'b' } });
    new kplus.CronJob(chart, 'cron', { schedule: Cron.daily(), containers: [{ image: 'busybox' }] });
    new kplus.DaemonSet(chart, 'agent', { containers: [{ image: 'fluent-bit' }] });
    return Testing.synth(chart);
  }

  test('cdk8s-plus-27 manifests pass the schema, API and cross-object checks', () => {
    const findings = validateManifests(kplusChart());
    expect(findings.filter((f) => !f.rule.startsWith('pss-'))).toEqual([]);
  });

  test('cdk8s-plus-27 defaults miss only restricted seccomp and capability settings', () => {
    const rules = new Set(validateManifests(kplusChart()).map((f) => f.rule));
    expect([...rules].sort()).toEqual(['pss-restricted/capabilities', 'pss-restricted/seccomp']);
    expect(validateManifests(kplusChart(), { podSecurity: 'baseline' })).toEqual([]);
  });
});

describe('options', () => {
  test('unsupported Kubernetes versions are refused', () => {
    expect(() => validateManifests([], { kubernetesVersions: ['1.28' as any] }))
      .toThrow('validateManifests: kubernetesVersions must list some of 1.27, 1.32, 1.35, 1.36, got ["1.28"]');
    expect(() => validateManifests([], { kubernetesVersions: [] }))
      .toThrow('validateManifests: kubernetesVersions must list some of 1.27, 1.32, 1.35, 1.36, got []');
  });

  test('an unknown podSecurity level is refused', () => {
    expect(() => validateManifests([], { podSecurity: 'privileged' as any }))
      .toThrow('validateManifests: podSecurity must be "restricted" or "baseline", got "privileged"');
  });

  test('objects without a namespace are in defaultNamespace when matched to each other', () => {
    const manifests = goodApp();
    for (const m of manifests) delete m.metadata.namespace;
    expect(validateManifests(manifests)).toEqual([]);
    expect(validateManifests(manifests, { defaultNamespace: 'shop' })).toEqual([]);
    obj(manifests, 'Service', 'web').metadata.namespace = 'other';
    expect(validateManifests(manifests, { defaultNamespace: 'shop' }).map((f) => `${f.rule} ${f.object}`)).toEqual([
      'service-selector Service/other/web',
      'ingress-service Ingress/shop/web', // path /
      'ingress-service Ingress/shop/web', // path /metrics
      'httproute-backend HTTPRoute/shop/web',
    ]);
  });

  test('the pod security annotation key is exported', () => {
    expect(POD_SECURITY_ANNOTATION).toEqual('cdk8s-patterns/pod-security');
  });
});

describe('formatFindings', () => {
  test('writes one line per finding: severity, object, path, message, rule', () => {
    const manifests = goodApp();
    web(manifests).deployment.spec.replica = 2;
    obj(manifests, 'Ingress', 'web').spec.rules[0].http.paths[0].backend.service.name = 'frontend';
    expect(formatFindings(validateManifests(manifests)).split('\n')).toEqual([
      'ERROR   Deployment/shop/web spec.replica: unknown field "replica" in DeploymentSpec; did you mean "replicas"? [schema]',
      'WARNING Ingress/shop/web spec.rules[0].http.paths[0].backend.service.name: Service "frontend" is not in namespace "shop" of these manifests; make sure it exists, or fix the name [ingress-service]',
    ]);
  });

  test('is empty when there is nothing to report', () => {
    expect(formatFindings([])).toEqual('');
  });
});

describe('vendored schemas', () => {
  test('schemas/crds.json is what schemas/vendor.ts makes of crds/ (rerun it after changing a CRD)', () => {
    const root = path.join(__dirname, '..');
    const vendored = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'crds.json'), 'utf8'));
    expect(vendored).toEqual(extractCrds(readCrdFiles(root)));
  });

  test('both Kubernetes versions are vendored inside the package', () => {
    for (const file of ['v1.27.0.json', 'v1.35.0.json']) {
      const definitions = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'schemas', 'kubernetes', file), 'utf8')).definitions;
      expect(definitions['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    }
  });
});
