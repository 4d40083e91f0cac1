import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27/lib/container';
import {
  CLUSTER_AUTOSCALER_IMAGE_TAGS, ClusterAutoscaler, ClusterAutoscalerProps, SAFE_TO_EVICT_ANNOTATION,
} from '../lib/cluster-autoscaler';
import { formatFindings, validateManifests } from '../lib/validation';
import { find, newChart, propsErrorOf, synth } from './util';

const ARN = 'arn:aws:iam::123456789012:role/cluster-autoscaler';

/** Synthesizes a ClusterAutoscaler `ca` for cluster `prod` on 1.32 and returns every manifest. */
function manifestsOf(props: Partial<ClusterAutoscalerProps> = {}, namespace?: string): any[] {
  const chart = newChart({ namespace });
  new ClusterAutoscaler(chart, 'ca', { clusterName: 'prod', kubernetesVersion: '1.32', ...props });
  return synth(chart);
}

/** The autoscaler container of the synthesized Deployment. */
function container(manifests: any[]): any {
  return find(manifests, 'Deployment', 'cluster-autoscaler').spec.template.spec.containers[0];
}

function caError(props: Partial<ClusterAutoscalerProps>): string {
  return propsErrorOf(() => manifestsOf(props));
}

describe('snapshots', () => {
  test('minimal props', () => {
    const manifests = manifestsOf();
    expect(manifests).toMatchSnapshot();
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });

  test('all props', () => {
    const manifests = manifestsOf({
      clusterName: 'prod_eu-1',
      kubernetesVersion: '1.33',
      roleArn: ARN,
      namespace: 'autoscaling',
      imageTag: 'v1.33.3',
      expander: 'priority',
      balanceSimilarNodeGroups: false,
      skipNodesWithLocalStorage: true,
      skipNodesWithSystemPods: true,
      cpu: Cpu.millis(200),
      memory: Size.gibibytes(1),
      extraArgs: ['--scale-down-unneeded-time=5m', '--max-node-provision-time=10m'],
    }, 'shop');
    expect(manifests).toMatchSnapshot();
    const c = container(manifests);
    expect(c.image).toBe('registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.3');
    expect(c.command).toEqual([
      './cluster-autoscaler',
      '--v=4',
      '--stderrthreshold=info',
      '--cloud-provider=aws',
      '--expander=priority',
      '--balance-similar-node-groups=false',
      '--skip-nodes-with-local-storage=true',
      '--skip-nodes-with-system-pods=true',
      '--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/prod_eu-1',
      '--scale-down-unneeded-time=5m',
      '--max-node-provision-time=10m',
    ]);
    expect(c.resources).toEqual({ requests: { cpu: '200m', memory: '1Gi' }, limits: { cpu: '200m', memory: '1Gi' } });
    expect(find(manifests, 'ServiceAccount', 'cluster-autoscaler').metadata).toMatchObject({
      namespace: 'autoscaling',
      annotations: { 'eks.amazonaws.com/role-arn': ARN },
    });
    expect(formatFindings(validateManifests(manifests))).toBe('');
  });
});

describe('defaults', () => {
  test('DEFAULTS are the documented values', () => {
    expect(ClusterAutoscaler.DEFAULTS).toEqual({
      namespace: 'kube-system',
      expander: 'least-waste',
      balanceSimilarNodeGroups: true,
      skipNodesWithLocalStorage: false,
      skipNodesWithSystemPods: false,
      cpu: '100m',
      memory: '600Mi',
    });
  });

  test('DEFAULTS appear in the YAML', () => {
    const manifests = manifestsOf();
    const c = container(manifests);
    const d = ClusterAutoscaler.DEFAULTS;
    expect(c.command).toEqual([
      './cluster-autoscaler',
      '--v=4',
      '--stderrthreshold=info',
      '--cloud-provider=aws',
      `--expander=${d.expander}`,
      `--balance-similar-node-groups=${d.balanceSimilarNodeGroups}`,
      `--skip-nodes-with-local-storage=${d.skipNodesWithLocalStorage}`,
      `--skip-nodes-with-system-pods=${d.skipNodesWithSystemPods}`,
      '--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/prod',
    ]);
    expect(c.resources).toEqual({ requests: { cpu: d.cpu, memory: d.memory }, limits: { cpu: d.cpu, memory: d.memory } });
    for (const m of manifests.filter((x) => !x.kind.startsWith('Cluster'))) expect(m.metadata.namespace).toBe(d.namespace);
  });

  test('the objects of the upstream manifest, all named cluster-autoscaler', () => {
    expect(manifestsOf().map((m) => `${m.apiVersion} ${m.kind}/${m.metadata.name}`)).toEqual([
      'v1 ServiceAccount/cluster-autoscaler',
      'rbac.authorization.k8s.io/v1 ClusterRole/cluster-autoscaler',
      'rbac.authorization.k8s.io/v1 Role/cluster-autoscaler',
      'rbac.authorization.k8s.io/v1 ClusterRoleBinding/cluster-autoscaler',
      'rbac.authorization.k8s.io/v1 RoleBinding/cluster-autoscaler',
      'apps/v1 Deployment/cluster-autoscaler',
    ]);
  });

  test('the bindings grant the roles to the service account in its namespace', () => {
    const manifests = manifestsOf({ namespace: 'autoscaling' });
    const subject = [{ kind: 'ServiceAccount', name: 'cluster-autoscaler', namespace: 'autoscaling' }];
    expect(find(manifests, 'ClusterRoleBinding', 'cluster-autoscaler')).toMatchObject({ roleRef: { kind: 'ClusterRole', name: 'cluster-autoscaler' }, subjects: subject });
    expect(find(manifests, 'RoleBinding', 'cluster-autoscaler')).toMatchObject({ roleRef: { kind: 'Role', name: 'cluster-autoscaler' }, subjects: subject });
    expect(find(manifests, 'Deployment', 'cluster-autoscaler').spec.template.spec.serviceAccountName).toBe('cluster-autoscaler');
  });

  test('it may evict pods and read budgets, and holds its lease by name', () => {
    const { rules } = find(manifestsOf(), 'ClusterRole', 'cluster-autoscaler');
    expect(rules).toContainEqual({ apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] });
    expect(rules).toContainEqual({ apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['watch', 'list'] });
    expect(rules).toContainEqual({ apiGroups: ['coordination.k8s.io'], resourceNames: ['cluster-autoscaler'], resources: ['leases'], verbs: ['get', 'update'] });
  });

  test('cluster-scoped objects carry no namespace, even in a chart that has one', () => {
    const manifests = manifestsOf({}, 'shop');
    expect(find(manifests, 'ClusterRole', 'cluster-autoscaler').metadata).not.toHaveProperty('namespace');
    expect(find(manifests, 'ClusterRoleBinding', 'cluster-autoscaler').metadata).not.toHaveProperty('namespace');
    expect(find(manifests, 'Deployment', 'cluster-autoscaler').metadata.namespace).toBe('kube-system');
  });

  test('the pod: critical priority, never evicted by the autoscaler itself, hardened, with an API token', () => {
    const template = find(manifestsOf(), 'Deployment', 'cluster-autoscaler').spec.template;
    expect(template.metadata.annotations[SAFE_TO_EVICT_ANNOTATION]).toBe('false');
    expect(template.spec.priorityClassName).toBe('system-cluster-critical');
    expect(template.spec.automountServiceAccountToken).toBe(true);
    expect(template.spec).not.toHaveProperty('volumes');
    expect(template.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65534, fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } });
    expect(template.spec.containers[0].livenessProbe).toEqual({ httpGet: { path: '/health-check', port: 'metrics' } });
  });

  test('no IRSA annotation unless roleArn is set', () => {
    expect(find(manifestsOf(), 'ServiceAccount', 'cluster-autoscaler').metadata).not.toHaveProperty('annotations');
  });

  test('the construct exposes its objects and image', () => {
    const ca = new ClusterAutoscaler(newChart(), 'ca', { clusterName: 'prod', kubernetesVersion: '1.30' });
    expect(ca.image).toBe('registry.k8s.io/autoscaling/cluster-autoscaler:v1.30.7');
    expect(ca.deployment.kind).toBe('Deployment');
    expect(ca.serviceAccount.kind).toBe('ServiceAccount');
    expect(ca.clusterRole.kind).toBe('ClusterRole');
    expect(ca.role.kind).toBe('Role');
  });
});

describe('image follows the Kubernetes minor version', () => {
  test.each(Object.entries(CLUSTER_AUTOSCALER_IMAGE_TAGS))('Kubernetes %s runs cluster-autoscaler %s', (version, tag) => {
    expect(tag.startsWith(`v${version}.`)).toBe(true);
    expect(container(manifestsOf({ kubernetesVersion: version as any })).image).toBe(`registry.k8s.io/autoscaling/cluster-autoscaler:${tag}`);
  });

  test('the table covers 1.27 to 1.34 without gaps', () => {
    expect(Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS)).toEqual(['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34']);
  });

  test('imageTag picks a newer patch of the same minor; the version label follows it', () => {
    const manifests = manifestsOf({ imageTag: 'v1.32.9' });
    expect(container(manifests).image).toBe('registry.k8s.io/autoscaling/cluster-autoscaler:v1.32.9');
    expect(find(manifests, 'Deployment', 'cluster-autoscaler').metadata.labels['app.kubernetes.io/version']).toBe('v1.32.9');
  });
});

describe('errors', () => {
  test('a cluster name EKS would not accept', () => {
    expect(caError({ clusterName: '-prod cluster' })).toBe(
      '[test/ca] clusterName ("-prod cluster") is not an EKS cluster name; use up to 100 letters, digits, \'-\' and \'_\', starting with a letter or digit',
    );
  });

  test('a cluster name over 100 characters', () => {
    const name = 'c'.repeat(101);
    expect(caError({ clusterName: name })).toBe(
      `[test/ca] clusterName ("${name}") is not an EKS cluster name; use up to 100 letters, digits, '-' and '_', starting with a letter or digit`,
    );
  });

  test('a Kubernetes version without a pinned image', () => {
    expect(caError({ kubernetesVersion: '1.26' as any })).toBe(
      '[test/ca] kubernetesVersion ("1.26") has no pinned cluster-autoscaler image; use one of 1.27, 1.28, 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, or that minor with imageTag',
    );
  });

  test('an image tag for another minor version', () => {
    expect(caError({ imageTag: 'v1.31.4' })).toBe(
      '[test/ca] imageTag ("v1.31.4") is for Kubernetes 1.31, but kubernetesVersion is "1.32", and the autoscaler must match the cluster\'s minor version; use a v1.32.x tag',
    );
  });

  test('an image tag that is not a release tag', () => {
    expect(caError({ imageTag: 'latest' })).toBe(
      '[test/ca] imageTag ("latest") is not a cluster-autoscaler release tag; use a tag such as "v1.32.0"',
    );
  });

  test('a role ARN that is not one', () => {
    expect(caError({ roleArn: 'arn:aws:iam::1234:user/me' })).toBe(
      '[test/ca] roleArn ("arn:aws:iam::1234:user/me") is not an IAM role ARN; use arn:aws:iam::<12-digit account id>:role/<role name>',
    );
  });

  test('role ARNs of other partitions and with paths are accepted', () => {
    expect(() => manifestsOf({ roleArn: 'arn:aws-cn:iam::123456789012:role/eks/cluster-autoscaler' })).not.toThrow();
  });

  test('a namespace that is not a DNS label', () => {
    expect(caError({ namespace: 'Kube_System' })).toBe(
      '[test/ca] namespace ("Kube_System") is not a DNS-1123 label; use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit',
    );
  });

  test('zero cpu', () => {
    expect(caError({ cpu: Cpu.millis(0) })).toBe('[test/ca] cpu ("0m") must be above zero; use e.g. Cpu.millis(100)');
  });

  test('extra args that are not flags, or set a flag a prop controls', () => {
    expect(caError({ extraArgs: ['scale-down-delay=1m', '--expander=random', '--cloud-provider', '--v=2', '--node-group-auto-discovery=asg:tag=x'] })).toBe([
      '[test/ca] extraArgs[0] ("scale-down-delay=1m") is not a --flag; write flags as --name=value',
      '[test/ca] extraArgs[1] ("--expander=random") sets --expander, which this construct already sets ("least-waste"); use the expander prop instead',
      '[test/ca] extraArgs[2] ("--cloud-provider") sets --cloud-provider, which this construct already sets ("aws"); remove it',
      '[test/ca] extraArgs[3] ("--v=2") sets --v, which this construct already sets ("4"); remove it',
      '[test/ca] extraArgs[4] ("--node-group-auto-discovery=asg:tag=x") sets --node-group-auto-discovery, which this construct already sets ("asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/prod"); use the clusterName prop instead',
    ].join('\n'));
  });
});
