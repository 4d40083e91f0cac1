import { Size } from 'cdk8s';
import {
  ClusterRole, ClusterRoleBinding, ConfigMap, EnvValue, Job, PersistentVolumeClaim, Role, RollingDeployment, Secret, ServiceAccount,
} from '../lib';
import { Finding, validateManifests } from '../lib/validation';
import { find, newChart, synth } from './util';

// Each case makes the one change a test of Kubernetes' own validation makes, to manifests the constructs wrote:
// pkg/apis/core/validation/validation_test.go (TestValidateEnv, TestValidatePodSpec serviceAccountName, TestValidateSecret
// dockerconfigjson, TestValidatePersistentVolumeClaim), pkg/apis/rbac/validation/validation_test.go and
// pkg/apis/batch/validation/validation_test.go (TestValidateJob Indexed cases).
const IMAGE = 'nginxinc/nginx-unprivileged:1.27';

function manifests(): any[] {
  const chart = newChart({ namespace: 'shop' });
  const menu = new ConfigMap(chart, 'menu', { data: { 'theme': 'dark' } });
  const db = new Secret(chart, 'db', { stringData: { password: 'not-a-real-password' } });
  new Secret(chart, 'pull', {
    type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': '{"auths":{"registry.example.com":{"auth":"dXNlcjpwYXNz"}}}' },
  });
  const cook = new ServiceAccount(chart, 'cook');
  cook.grant(new Role(chart, 'reader').allow(['get', 'list'], ['configmaps']));
  const watcher = new ClusterRole(chart, 'watcher').allow(['get', 'list', 'watch'], ['nodes']);
  new ClusterRoleBinding(chart, 'watch-nodes', { role: watcher, subjects: [cook] });
  new RollingDeployment(chart, 'web', {
    serviceAccount: cook,
    containers: [{
      image: IMAGE, ports: [{ number: 8080 }],
      env: { POD_IP: EnvValue.fromField('status.podIP'), THEME: EnvValue.fromConfigMap(menu, 'theme'), DB_PASSWORD: EnvValue.fromSecret(db, 'password') },
    }],
  });
  new PersistentVolumeClaim(chart, 'uploads', { size: Size.gibibytes(5), storageClass: { name: 'standard-rwo' } });
  new Job(chart, 'import', { containers: [{ image: IMAGE }], completionMode: 'Indexed', completions: 3, parallelism: 2 });
  return synth(chart);
}

const error = (rule: string, object: string, path: string, message: string): Finding => ({ rule, severity: 'error', object, path, message });
const ENV = 'spec.template.spec.containers[name=web].env';
const BINDING = 'cook-reader-binding';

test('the constructs\' output passes', () => {
  expect(validateManifests(manifests()).filter((f) => f.severity === 'error')).toEqual([]);
});

const envVar = (m: any[], name: string): any => find(m, 'Deployment', 'web').spec.template.spec.containers[0].env.find((e: any) => e.name === name);
const rule = (m: any[], kind: string, name: string): any => find(m, kind, name).rules[0];
const NAME_FIX = 'use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit';

describe('rules the API server applies that the constructs already keep', () => {
  test.each([
    // ENV-3
    ['a fieldPath typo', (m: any[]) => { envVar(m, 'POD_IP').valueFrom.fieldRef.fieldPath = 'status.podIp'; },
      error('env-field-path', 'Deployment/shop/web', `${ENV}[name=POD_IP].valueFrom.fieldRef.fieldPath`,
        'fieldRef.fieldPath "status.podIp" is not a pod field an environment variable can read; use "status.podIP"')],
    ['a field only a volume can read', (m: any[]) => { envVar(m, 'POD_IP').valueFrom.fieldRef.fieldPath = 'metadata.labels'; },
      error('env-field-path', 'Deployment/shop/web', `${ENV}[name=POD_IP].valueFrom.fieldRef.fieldPath`,
        'fieldRef.fieldPath "metadata.labels" is not a pod field an environment variable can read; use one of "metadata.name", '
        + '"metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", '
        + '"status.podIPs", or metadata.labels[\'<key>\'] / metadata.annotations[\'<key>\']')],
    ['a label key that is not one', (m: any[]) => { envVar(m, 'POD_IP').valueFrom.fieldRef.fieldPath = 'metadata.labels[\'-app\']'; },
      error('env-field-path', 'Deployment/shop/web', `${ENV}[name=POD_IP].valueFrom.fieldRef.fieldPath`,
        'fieldRef.fieldPath "metadata.labels[\'-app\']" does not name a valid label key; use an optional prefix (a DNS subdomain of at most 253 '
        + 'lower-case letters, digits, \'-\' and \'.\') and \'/\', then a name of 1 to 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending '
        + 'with a letter or digit')],
    ['a fieldRef apiVersion other than v1', (m: any[]) => { envVar(m, 'POD_IP').valueFrom.fieldRef.apiVersion = 'v2'; },
      error('env-field-path', 'Deployment/shop/web', `${ENV}[name=POD_IP].valueFrom.fieldRef.apiVersion`,
        'fieldRef.apiVersion "v2" is not the pod API version "v1"; use "v1", or leave apiVersion out')],
    // ENV-4
    ['a configMapKeyRef name that is no object name', (m: any[]) => { envVar(m, 'THEME').valueFrom.configMapKeyRef.name = 'Menu_Config'; },
      error('env-key-ref', 'Deployment/shop/web', `${ENV}[name=THEME].valueFrom.configMapKeyRef.name`,
        'configMapKeyRef.name "Menu_Config" is not a DNS-1123 subdomain; use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and '
        + 'ending with a letter or digit; e.g. "menu-config"')],
    ['a secretKeyRef without a name', (m: any[]) => { delete envVar(m, 'DB_PASSWORD').valueFrom.secretKeyRef.name; },
      error('env-key-ref', 'Deployment/shop/web', `${ENV}[name=DB_PASSWORD].valueFrom.secretKeyRef.name`,
        'secretKeyRef.name "" is not a DNS-1123 subdomain; use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a '
        + 'letter or digit')],
    ['an empty secretKeyRef key', (m: any[]) => { envVar(m, 'DB_PASSWORD').valueFrom.secretKeyRef.key = ''; },
      error('env-key-ref', 'Deployment/shop/web', `${ENV}[name=DB_PASSWORD].valueFrom.secretKeyRef.key`,
        'secretKeyRef.key "" is empty; name the key to read')],
    ['a configMapKeyRef key that is no key', (m: any[]) => { envVar(m, 'THEME').valueFrom.configMapKeyRef.key = 'ui/theme'; },
      error('env-key-ref', 'Deployment/shop/web', `${ENV}[name=THEME].valueFrom.configMapKeyRef.key`,
        'configMapKeyRef.key "ui/theme" is not a valid ConfigMap or Secret key; use at most 253 letters, digits, \'-\', \'_\' and \'.\', not "." and '
        + 'not starting with ".."')],
    // POD-7
    ['a serviceAccountName that is no name', (m: any[]) => { find(m, 'Deployment', 'web').spec.template.spec.serviceAccountName = 'Cook'; },
      error('service-account-name', 'Deployment/shop/web', 'spec.template.spec.serviceAccountName',
        `serviceAccountName "Cook" is not a ServiceAccount name; ${NAME_FIX}`)],
    // RBAC-2 to RBAC-4
    ['a rule without verbs', (m: any[]) => { rule(m, 'Role', 'reader').verbs = []; },
      error('rbac-policy-rule', 'Role/shop/reader', 'rules[0].verbs', 'verbs [] is empty; list the verbs needed, such as ["get","list","watch"]')],
    ['a resource rule without apiGroups', (m: any[]) => { delete rule(m, 'Role', 'reader').apiGroups; },
      error('rbac-policy-rule', 'Role/shop/reader', 'rules[0].apiGroups',
        'apiGroups [] is empty; list the API groups of the resources, "" for the core group')],
    ['a resource rule without resources', (m: any[]) => { rule(m, 'Role', 'reader').resources = []; },
      error('rbac-policy-rule', 'Role/shop/reader', 'rules[0].resources',
        'resources [] is empty; list the resources needed, such as ["configmaps"]')],
    ['nonResourceURLs in a Role', (m: any[]) => { find(m, 'Role', 'reader').rules.push({ verbs: ['get'], nonResourceURLs: ['/healthz'] }); },
      error('rbac-policy-rule', 'Role/shop/reader', 'rules[1].nonResourceURLs',
        'nonResourceURLs ["/healthz"] are not allowed in a Role, whose rules apply in a namespace; grant them with a ClusterRole')],
    ['nonResourceURLs beside resources', (m: any[]) => { rule(m, 'ClusterRole', 'watcher').nonResourceURLs = ['/metrics']; },
      error('rbac-policy-rule', 'ClusterRole/watcher', 'rules[0].nonResourceURLs',
        'nonResourceURLs ["/metrics"] share a rule with apiGroups, resources or resourceNames; put the non-resource URLs in a rule of their own')],
    // RBAC-5 to RBAC-7
    ['a roleRef apiGroup', (m: any[]) => { find(m, 'RoleBinding', BINDING).roleRef.apiGroup = 'rbac'; },
      error('rbac-role-ref', `RoleBinding/shop/${BINDING}`, 'roleRef.apiGroup', 'roleRef.apiGroup "rbac" is not the RBAC API group; use "rbac.authorization.k8s.io"')],
    ['a Role granted by a ClusterRoleBinding', (m: any[]) => { find(m, 'ClusterRoleBinding', 'watch-nodes').roleRef.kind = 'Role'; },
      error('rbac-role-ref', 'ClusterRoleBinding/watch-nodes', 'roleRef.kind',
        'roleRef.kind "Role" is not a kind a ClusterRoleBinding can grant; use "ClusterRole", or a RoleBinding to grant a Role')],
    ['a roleRef kind', (m: any[]) => { find(m, 'RoleBinding', BINDING).roleRef.kind = 'role'; },
      error('rbac-role-ref', `RoleBinding/shop/${BINDING}`, 'roleRef.kind', 'roleRef.kind "role" is not a kind a binding can grant; use "Role" or "ClusterRole"')],
    ['an empty roleRef name', (m: any[]) => { find(m, 'RoleBinding', BINDING).roleRef.name = ''; },
      error('rbac-role-ref', `RoleBinding/shop/${BINDING}`, 'roleRef.name', 'roleRef.name "" is empty; name the Role or ClusterRole to grant')],
    ['a roleRef name with a slash', (m: any[]) => { find(m, 'RoleBinding', BINDING).roleRef.name = 'team/reader'; },
      error('rbac-role-ref', `RoleBinding/shop/${BINDING}`, 'roleRef.name',
        'roleRef.name "team/reader" may not contain \'/\' or \'%\'; remove them from the name')],
    // RBAC-8, RBAC-11
    ['a subject kind', (m: any[]) => { find(m, 'RoleBinding', BINDING).subjects[0].kind = 'serviceaccount'; },
      error('rbac-subject', `RoleBinding/shop/${BINDING}`, 'subjects[0].kind',
        'subjects[0].kind "serviceaccount" is not a subject kind; use "ServiceAccount", "User" or "Group"')],
    ['a ServiceAccount subject in the RBAC group', (m: any[]) => { find(m, 'RoleBinding', BINDING).subjects[0].apiGroup = 'rbac.authorization.k8s.io'; },
      error('rbac-subject', `RoleBinding/shop/${BINDING}`, 'subjects[0].apiGroup',
        'subjects[0].apiGroup "rbac.authorization.k8s.io" is not the API group of a ServiceAccount subject, which is the core group; remove apiGroup, '
        + 'or set it to ""')],
    ['a User subject in another group', (m: any[]) => {
      find(m, 'RoleBinding', BINDING).subjects.push({ kind: 'User', name: 'jane', apiGroup: 'users.example.com' });
    },
      error('rbac-subject', `RoleBinding/shop/${BINDING}`, 'subjects[1].apiGroup',
        'subjects[1].apiGroup "users.example.com" is not the API group of a User subject; use "rbac.authorization.k8s.io", or leave apiGroup out')],
    ['a ServiceAccount subject name that is no name', (m: any[]) => { find(m, 'RoleBinding', BINDING).subjects[0].name = 'Cook'; },
      error('rbac-subject', `RoleBinding/shop/${BINDING}`, 'subjects[0].name', `ServiceAccount subject name "Cook" is not a ServiceAccount name; ${NAME_FIX}`)],
    // SEC-4
    ['a .dockerconfigjson that is not JSON', (m: any[]) => {
      const secret = find(m, 'Secret', 'pull');
      delete secret.data;
      secret.stringData = { '.dockerconfigjson': '{"auths":' };
    },
      error('docker-config-json', 'Secret/shop/pull', 'stringData[".dockerconfigjson"]',
        '.dockerconfigjson (stringData) is not a JSON object, so the API server refuses the Secret; use the content of a Docker config.json, such as '
        + '{"auths":{"registry.example.com":{"auth":"<base64 user:password>"}}}')],
    ['a base64 .dockerconfigjson that is a JSON array', (m: any[]) => {
      const secret = find(m, 'Secret', 'pull');
      delete secret.stringData;
      secret.data = { '.dockerconfigjson': Buffer.from('[]').toString('base64') };
    },
      error('docker-config-json', 'Secret/shop/pull', 'data[".dockerconfigjson"]',
        '.dockerconfigjson (data, decoded) is not a JSON object, so the API server refuses the Secret; use the content of a Docker config.json, such '
        + 'as {"auths":{"registry.example.com":{"auth":"<base64 user:password>"}}}')],
    // PVC-5, PVC-6
    ['a claim without a storage request', (m: any[]) => { delete find(m, 'PersistentVolumeClaim', 'uploads').spec.resources; },
      error('claim-storage', 'PersistentVolumeClaim/shop/uploads', 'spec.resources.requests.storage',
        'resources.requests.storage nothing is not set; a claim must request a size; request one, e.g. "10Gi"')],
    ['a claim for zero bytes', (m: any[]) => { find(m, 'PersistentVolumeClaim', 'uploads').spec.resources.requests.storage = '0'; },
      error('claim-storage', 'PersistentVolumeClaim/shop/uploads', 'spec.resources.requests.storage',
        'resources.requests.storage "0" must be above zero; use e.g. "10Gi"')],
    ['a storageClassName that is no name', (m: any[]) => { find(m, 'PersistentVolumeClaim', 'uploads').spec.storageClassName = 'Fast_SSD'; },
      error('storage-class-name', 'PersistentVolumeClaim/shop/uploads', 'spec.storageClassName',
        'storageClassName "Fast_SSD" is not a storage class name; use the name of a StorageClass: at most 253 lower-case letters, digits, \'-\' and \'.\'')],
    // JOB-7, JOB-8
    ['an Indexed Job above 100000 pods at once', (m: any[]) => { find(m, 'Job', 'import').spec.parallelism = 100001; },
      error('completion-mode', 'Job/shop/import', 'spec.parallelism',
        'parallelism 100001 is above 100000, the most pods an Indexed Job may run at once; lower parallelism to 100000 or less')],
    ['an Indexed Job whose last hostname is too long', (m: any[]) => {
      const job = find(m, 'Job', 'import');
      job.metadata.name = 'a'.repeat(62);
    },
      error('completion-mode', `Job/shop/${'a'.repeat(62)}`, 'metadata.name',
        `Job name "${'a'.repeat(62)}" with completions 3 gives the last pod the hostname "${'a'.repeat(62)}-2", which is not a DNS-1123 label; use a Job `
        + 'name of at most 61 lower-case letters, digits and \'-\' (no \'.\'), or fewer completions')],
  ])('%s', (_, mutate, expected) => {
    const m = manifests();
    mutate(m);
    expect(validateManifests(m).filter((f) => f.severity === 'error' && f.rule === expected.rule)).toEqual([expected]);
  });
});
