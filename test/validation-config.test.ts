/**
 * validateManifests rules of issue 10: ConfigMap and Secret data, references from pods (with the
 * external marker), file modes, and RBAC bindings and rules. Each case mutates the known-good app.
 */
import { Finding, validateManifests } from '../lib/validation';
import { goodApp, obj, web } from './fixtures/validation';

const error = (rule: string, object: string, path: string, message: string): Finding => ({ rule, severity: 'error', object, path, message });
const warning = (rule: string, object: string, path: string, message: string): Finding => ({ rule, severity: 'warning', object, path, message });
const DEP = 'Deployment/shop/web';
const ENV = 'spec.template.spec.containers[name=app].env[name=LOG_LEVEL].valueFrom.configMapKeyRef';
const meta = (name: string) => ({ name, namespace: 'shop' });
const rbac = 'rbac.authorization.k8s.io/v1';

function check(mutate: (m: any[]) => void): Finding[] {
  const manifests = goodApp();
  mutate(manifests);
  return validateManifests(manifests);
}

describe('ConfigMap and Secret data', () => {
  test('the good app has no findings', () => expect(check(() => undefined)).toEqual([]));

  test('config-map-key', () => {
    expect(check((m) => { obj(m, 'ConfigMap', 'web-config').data['bad key'] = 'x'; })).toEqual([
      error('config-map-key', 'ConfigMap/shop/web-config', 'data["bad key"]', 'key "bad key" is not a valid ConfigMap or Secret key; use at most 253 letters, digits, \'-\', \'_\' and \'.\', not "." and not starting with ".."'),
    ]);
  });

  test('secret-type-keys: a TLS Secret without its key', () => {
    expect(check((m) => { m.push({ apiVersion: 'v1', kind: 'Secret', metadata: meta('tls'), type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } }); })).toEqual([
      error('secret-type-keys', 'Secret/shop/tls', 'data', 'a Secret of type "kubernetes.io/tls" needs the keys "tls.crt" and "tls.key" (the Secret has "tls.crt"); add "tls.key" to data or stringData'),
    ]);
  });

  test('secret-type-keys: basic-auth needs one of username or password', () => {
    expect(check((m) => { m.push({ apiVersion: 'v1', kind: 'Secret', metadata: meta('auth'), type: 'kubernetes.io/basic-auth', stringData: { user: 'x' } }); })).toEqual([
      error('secret-type-keys', 'Secret/shop/auth', 'data', 'a Secret of type "kubernetes.io/basic-auth" needs the keys "username" or "password" (the Secret has "user"); add one of them to data or stringData'),
    ]);
  });
});

describe('references from pods', () => {
  test('config-reference-key: a key the ConfigMap lacks is an error', () => {
    expect(check((m) => { web(m).app.env[0].valueFrom.configMapKeyRef.key = 'LOGLEVEL'; })).toEqual([
      error('config-reference-key', DEP, ENV, 'ConfigMap "web-config" has no key "LOGLEVEL" (it has "LOG_LEVEL"); the container would not start: use one of its keys'),
    ]);
  });

  test('config-reference: a missing Secret is a warning, once per object, even when read twice', () => {
    expect(check((m) => {
      web(m).app.env.push({ name: 'A', valueFrom: { secretKeyRef: { name: 'db', key: 'a' } } }, { name: 'B', valueFrom: { secretKeyRef: { name: 'db', key: 'b' } } });
    })).toEqual([
      warning('config-reference', DEP, 'spec.template.spec.containers[name=app].env[name=A].valueFrom.secretKeyRef', 'Secret "db" is not in namespace "shop" of these manifests, and the pod template does not mark it external; create it in the app, fix the name, or list "Secret/db" in the cdk8s-patterns/external-refs annotation (Secret.fromExternal does)'),
    ]);
  });

  test('the external marker, or optional: true, silences it', () => {
    expect(check((m) => {
      web(m).app.envFrom = [{ secretRef: { name: 'db' } }, { configMapRef: { name: 'flags', optional: true } }];
      web(m).pod.volumes.push({ name: 'creds', projected: { sources: [{ secret: { name: 'db', items: [{ key: 'a', path: 'a' }] } }] } });
      web(m).deployment.spec.template.metadata.annotations = { 'cdk8s-patterns/external-refs': 'Secret/db=external-secrets' };
    })).toEqual([]);
  });

  test('the marker names the kind: an external Secret does not excuse a ConfigMap of that name', () => {
    expect(check((m) => {
      web(m).app.envFrom = [{ configMapRef: { name: 'db' } }];
      web(m).deployment.spec.template.metadata.annotations = { 'cdk8s-patterns/external-refs': 'Secret/db' };
    })).toEqual([
      warning('config-reference', DEP, 'spec.template.spec.containers[name=app].envFrom[0].configMapRef', 'ConfigMap "db" is not in namespace "shop" of these manifests, and the pod template does not mark it external; create it in the app, fix the name, or list "ConfigMap/db" in the cdk8s-patterns/external-refs annotation (ConfigMap.fromExternal does)'),
    ]);
  });

  test('file-mode: a decimal 777 (octal 1411) is not a mode', () => {
    expect(check((m) => { web(m).pod.volumes[0].configMap.defaultMode = 777; })).toEqual([
      error('file-mode', DEP, 'spec.template.spec.volumes[name=config].configMap.defaultMode', 'mode 777 is not a file mode; use an octal number from 0 to 0o777, such as 0o440 (read for owner and group)'),
    ]);
  });

  test('service-account-reference', () => {
    expect(check((m) => { web(m).pod.serviceAccountName = 'reader'; })).toEqual([
      warning('service-account-reference', DEP, 'spec.template.spec.serviceAccountName', 'ServiceAccount "reader" is not in namespace "shop" of these manifests; the pods are not created until it exists: create it in the app, or fix the name'),
    ]);
  });
});

describe('RBAC', () => {
  const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('reader') };
  const role = (rules: any[]) => ({ apiVersion: rbac, kind: 'Role', metadata: meta('reader'), rules });
  const binding = (roleRef: any, subjects: any[]) => ({ apiVersion: rbac, kind: 'RoleBinding', metadata: meta('reader'), roleRef, subjects });
  const subject = { kind: 'ServiceAccount', name: 'reader', namespace: 'shop' };

  test('a binding of an account to a role of the app, and to built-in ClusterRoles, is fine', () => {
    expect(check((m) => m.push(account, role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]),
      binding({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, [subject]),
      { ...binding({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, [subject]), metadata: meta('viewer') }))).toEqual([]);
  });

  test('role-ref and role-binding-subject: what the binding names is missing', () => {
    expect(check((m) => m.push(binding({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, [subject, { kind: 'ServiceAccount', name: 'x' }])))).toEqual([
      warning('role-ref', 'RoleBinding/shop/reader', 'roleRef', 'Role "reader" is not in namespace "shop" of these manifests; the binding grants nothing until it exists: create it in the app, or fix the name'),
      warning('role-binding-subject', 'RoleBinding/shop/reader', 'subjects[0]', 'ServiceAccount "reader" is not in namespace "shop" of these manifests; create it in the app, or fix the name'),
      // Without a namespace, a RoleBinding's subject is in the binding's namespace.
      warning('role-binding-subject', 'RoleBinding/shop/reader', 'subjects[1]', 'ServiceAccount "x" is not in namespace "shop" of these manifests; create it in the app, or fix the name'),
    ]);
  });

  test('role-binding-subject: a ClusterRoleBinding must name the ServiceAccount\'s namespace', () => {
    expect(check((m) => m.push(account, {
      apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: { name: 'viewers' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'reader' }],
    }))).toEqual([
      error('role-binding-subject', 'ClusterRoleBinding/viewers', 'subjects[0].namespace', 'ServiceAccount subject "reader" of a ClusterRoleBinding has no namespace; the API server requires one: set subjects[0].namespace'),
    ]);
  });

  test('rbac-api-group and rbac-cluster-scoped', () => {
    expect(check((m) => m.push(role([
      { apiGroups: [''], resources: ['deployments', 'nodes'], verbs: ['get'] },
      { apiGroups: ['metrics.k8s.io'], resources: ['pods'], verbs: ['get'] },
    ])))).toEqual([
      warning('rbac-api-group', 'Role/shop/reader', 'rules[0].resources', 'resource "deployments" is served by the API group "apps", which the rule does not list; add "apps" to apiGroups, or move the resource to a rule for that group'),
      warning('rbac-cluster-scoped', 'Role/shop/reader', 'rules[0].resources', 'resource "nodes" is cluster-scoped, so a Role cannot grant it; grant it with a ClusterRole and a ClusterRoleBinding'),
    ]);
  });
});
