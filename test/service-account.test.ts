import { App, Chart, Testing } from 'cdk8s';
import {
  ClusterRole, ClusterRoleBinding, CloudProvider, CronJob, DaemonSet, Job, READ_VERBS, Role, RoleBinding, RollingDeployment, ServiceAccount,
  StatefulSet, WorkloadIdentity,
} from '../lib';
import { byKind, find, newChart, propsErrorOf, synth } from './util';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27';

function chartOn(provider?: CloudProvider): Chart {
  const app: App = Testing.app();
  const chart = new Chart(app, 'test', { namespace: 'shop' });
  if (provider) CloudProvider.use(chart, provider);
  return chart;
}

describe('ServiceAccount', () => {
  test('minimal: no token automounted by the account itself', () => {
    const chart = newChart({ namespace: 'shop' });
    new ServiceAccount(chart, 'reader');
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    const sa = find(manifests, 'ServiceAccount', 'reader');
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(sa.metadata.namespace).toBe('shop');
  });

  test('all props: name, metadata and an AKS workload identity (annotation on the account, label on the pods)', () => {
    const chart = chartOn(CloudProvider.AKS);
    const sa = new ServiceAccount(chart, 'reader', {
      name: 'pantry-reader',
      workloadIdentity: WorkloadIdentity.azureClientId('00000000-1111-2222-3333-444444444444'),
      labels: { team: 'kitchen' },
      annotations: { owner: 'chef' },
    });
    new RollingDeployment(chart, 'web', { serviceAccount: sa, containers: [{ image: IMAGE }] });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(find(manifests, 'ServiceAccount', 'pantry-reader').metadata.annotations).toEqual({
      'owner': 'chef', 'azure.workload.identity/client-id': '00000000-1111-2222-3333-444444444444',
    });
    const pod = find(manifests, 'Deployment', 'web').spec.template;
    expect(pod.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(find(manifests, 'Deployment', 'web').spec.selector.matchLabels['azure.workload.identity/use']).toBeUndefined();
    expect(pod.spec.serviceAccountName).toBe('pantry-reader');
    // No role bound: no API token.
    expect(pod.spec.automountServiceAccountToken).toBe(false);
  });

  test('the account and the AKS pod label reach StatefulSet, Job, CronJob and DaemonSet pods too; selectors stay without it', () => {
    const chart = chartOn(CloudProvider.AKS);
    const sa = new ServiceAccount(chart, 'reader', { workloadIdentity: WorkloadIdentity.azureClientId('00000000-1111-2222-3333-444444444444') });
    const containers = [{ image: IMAGE, ports: [{ number: 8080 }] }];
    new StatefulSet(chart, 'db', { serviceAccount: sa, containers });
    new Job(chart, 'migrate', { serviceAccount: sa, containers });
    new CronJob(chart, 'report', { serviceAccount: sa, schedule: '@daily', containers });
    new DaemonSet(chart, 'agent', { serviceAccount: sa, containers });
    const manifests = synth(chart);
    const templates = {
      StatefulSet: find(manifests, 'StatefulSet', 'db').spec.template,
      Job: find(manifests, 'Job', 'migrate').spec.template,
      CronJob: find(manifests, 'CronJob', 'report').spec.jobTemplate.spec.template,
      DaemonSet: find(manifests, 'DaemonSet', 'agent').spec.template,
    };
    for (const [kind, template] of Object.entries(templates)) {
      expect([kind, template.metadata.labels['azure.workload.identity/use']]).toEqual([kind, 'true']);
      expect([kind, template.spec.serviceAccountName]).toEqual([kind, 'reader']);
      expect([kind, template.spec.automountServiceAccountToken]).toEqual([kind, false]);
    }
    expect(find(manifests, 'StatefulSet', 'db').spec.selector.matchLabels['azure.workload.identity/use']).toBeUndefined();
    expect(find(manifests, 'DaemonSet', 'agent').spec.selector.matchLabels['azure.workload.identity/use']).toBeUndefined();
    expect(find(manifests, 'CronJob', 'report').spec.jobTemplate.metadata.labels['azure.workload.identity/use']).toBeUndefined();
  });

  test.each([
    [CloudProvider.EKS, WorkloadIdentity.awsIamRole('arn:aws:iam::111122223333:role/pantry-reader'), { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/pantry-reader' }],
    [CloudProvider.GKE, WorkloadIdentity.gcpServiceAccount('pantry@my-project.iam.gserviceaccount.com'), { 'iam.gke.io/gcp-service-account': 'pantry@my-project.iam.gserviceaccount.com' }],
  ])('workload identity on %s', (provider, identity, annotations) => {
    const chart = chartOn(provider);
    new ServiceAccount(chart, 'reader', { workloadIdentity: identity });
    expect(find(synth(chart), 'ServiceAccount', 'reader').metadata.annotations).toEqual(annotations);
  });

  test('pods mount a token only when their account has a role bound, even when granted after the workload is made', () => {
    const chart = newChart({ namespace: 'shop' });
    const reader = new ServiceAccount(chart, 'reader');
    const idle = new ServiceAccount(chart, 'idle');
    new RollingDeployment(chart, 'web', { serviceAccount: reader, containers: [{ image: IMAGE }] });
    new RollingDeployment(chart, 'worker', { serviceAccount: idle, containers: [{ image: IMAGE }] });
    new RollingDeployment(chart, 'forced', { serviceAccount: idle, automountServiceAccountToken: true, containers: [{ image: IMAGE }] });
    reader.grant(new Role(chart, 'read-config').allow(READ_VERBS.slice(), ['configmaps']));
    const manifests = synth(chart);
    expect(find(manifests, 'Deployment', 'web').spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(find(manifests, 'Deployment', 'worker').spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(find(manifests, 'Deployment', 'forced').spec.template.spec.automountServiceAccountToken).toBe(true);
  });
});

describe('Role and RoleBinding', () => {
  test('allow() groups resources by API group; grant() binds in the namespace', () => {
    const chart = newChart({ namespace: 'shop' });
    const sa = new ServiceAccount(chart, 'reader');
    const role = new Role(chart, 'reader-role', { rules: [{ verbs: ['get'], resources: ['pods', 'deployments'] }] })
      .allow(['get', 'list', 'watch'], ['configmaps', { group: 'gateway.networking.k8s.io', resource: 'httproutes' }])
      .allow(['get', 'update'], ['leases'], { resourceNames: ['pantry-leader'] });
    const binding = sa.grant(role);
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(find(manifests, 'Role', 'reader-role').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'], resourceNames: ['pantry-leader'] },
    ]);
    expect(binding).toBeInstanceOf(RoleBinding);
    const rb = find(manifests, 'RoleBinding', 'reader-reader-role-binding');
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader-role' });
    expect(rb.subjects).toEqual([{ kind: 'ServiceAccount', name: 'reader', namespace: 'shop' }]);
  });

  test('ClusterRole is cluster-scoped; bound in one namespace by default, everywhere with clusterWide', () => {
    const chart = newChart({ namespace: 'shop' });
    const sa = new ServiceAccount(chart, 'watcher');
    const nodes = new ClusterRole(chart, 'node-reader').allow(['get', 'list'], ['nodes']);
    sa.grant(nodes);
    const everywhere = sa.grant(nodes, { clusterWide: true });
    new RoleBinding(chart, 'explicit', { role: nodes, subjects: [sa] });
    const manifests = synth(chart);
    expect(everywhere).toBeInstanceOf(ClusterRoleBinding);
    expect(find(manifests, 'ClusterRole', 'node-reader').metadata.namespace).toBeUndefined();
    expect(find(manifests, 'ClusterRoleBinding', 'watcher-node-reader-cluster-binding').metadata.namespace).toBeUndefined();
    expect(byKind(manifests, 'RoleBinding').map((b) => [b.metadata.name, b.roleRef.kind])).toEqual([
      ['watcher-node-reader-binding', 'ClusterRole'], ['explicit', 'ClusterRole'],
    ]);
  });

  test('in a chart without a namespace, the subject names none: the RoleBinding\'s own namespace applies', () => {
    const chart = newChart();
    const sa = new ServiceAccount(chart, 'reader');
    sa.grant(new Role(chart, 'role').allow(['get'], ['pods']));
    expect(find(synth(chart), 'RoleBinding', 'reader-role-binding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'reader' }]);
  });

  test('a role without rules is reported at synth', () => {
    const chart = newChart({ namespace: 'shop' });
    new Role(chart, 'empty');
    expect(() => synth(chart)).toThrow('[test/empty] rules ([]) is empty, so the role grants nothing; add a rule with allow(verbs, resources)');
  });
});

// POD-7, RBAC-2, RBAC-3: the rules validateManifests applies (lib/rules/names.ts, rbac.ts), checked on the props.
describe('names and rules the API server checks', () => {
  test('serviceAccountName must be a ServiceAccount name', () => {
    expect(propsErrorOf(() => new RollingDeployment(newChart(), 'web', { serviceAccountName: 'Cook', containers: [{ image: IMAGE }] }))).toBe(
      '[test/web] serviceAccountName ("Cook") is not a ServiceAccount name; use at most 253 lower-case letters, digits, \'-\' and \'.\', starting '
      + 'and ending with a letter or digit');
    const manifests = synth(((chart) => {
      new RollingDeployment(chart, 'web', { serviceAccountName: 'kitchen.cook', containers: [{ image: IMAGE }] });
      return chart;
    })(newChart()));
    expect(find(manifests, 'Deployment', 'web').spec.template.spec.serviceAccountName).toBe('kitchen.cook');
  });

  test('a rule needs verbs and resources', () => {
    expect(propsErrorOf(() => new Role(newChart(), 'role').allow(['get'], []))).toBe(
      '[test/role] allow.resources ([]) is empty; list the resources needed, such as ["configmaps"]');
    expect(propsErrorOf(() => new ClusterRole(newChart(), 'role').allow([], ['nodes']))).toBe(
      '[test/role] allow.verbs ([]) is empty; list the verbs needed, such as ["get","list","watch"]');
  });
});
