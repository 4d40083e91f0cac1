import { ApiObject, JsonPatch, Size } from 'cdk8s';
import type { Cpu } from 'cdk8s-plus-27/lib/container';
import * as k8s from './private/k8s';
import { Construct } from 'constructs';
import { recommendedLabels, selectorLabels } from './labels';
import { PatternConstruct } from './private/construct-base';
import { namespaceOf } from './private/names';
import { checkCpu, checkSize, memoryQuantity } from './private/quantities';
import { dns1123Label } from './rules/names';

/**
 * Pod annotation the cluster autoscaler reads: `"true"` lets it evict the pod to remove a node
 * even when the pod has local storage (emptyDir) or no controller; `"false"` keeps the node.
 * @see https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md#what-types-of-pods-can-prevent-ca-from-removing-a-node
 */
export const SAFE_TO_EVICT_ANNOTATION = 'cluster-autoscaler.kubernetes.io/safe-to-evict';

/**
 * The cluster-autoscaler image per Kubernetes minor version: since Kubernetes 1.12 its minor
 * version matches the cluster's, and the project tests each only with its own minor
 * (https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/README.md#releases).
 * Patch tags as published on registry.k8s.io (kubernetes/k8s.io
 * registry.k8s.io/images/k8s-staging-autoscaling/images.yaml, and the release notes at
 * https://github.com/kubernetes/autoscaler/releases); pass `imageTag` for a newer patch.
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS = {
  '1.27': 'v1.27.7',
  '1.28': 'v1.28.4',
  '1.29': 'v1.29.5',
  '1.30': 'v1.30.7',
  '1.31': 'v1.31.4',
  '1.32': 'v1.32.4',
  '1.33': 'v1.33.2',
  '1.34': 'v1.34.1',
} as const;

/** A Kubernetes minor version with a pinned cluster-autoscaler image. */
export type ClusterAutoscalerKubernetesVersion = keyof typeof CLUSTER_AUTOSCALER_IMAGE_TAGS;

/**
 * Which node group grows when several could fit the pending pods. `priority` also needs the
 * `cluster-autoscaler-priority-expander` ConfigMap, which this construct does not create.
 * @see https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md#what-are-expanders
 */
export type ClusterAutoscalerExpander = 'least-waste' | 'random' | 'most-pods' | 'priority';

export interface ClusterAutoscalerProps {
  /** The EKS cluster's name: node groups tagged `k8s.io/cluster-autoscaler/<clusterName>` are discovered. */
  readonly clusterName: string;
  /** The cluster's Kubernetes minor version; it picks the autoscaler image. */
  readonly kubernetesVersion: ClusterAutoscalerKubernetesVersion;
  /**
   * IAM role for the service account (IRSA), written as the `eks.amazonaws.com/role-arn` annotation.
   * @default - none: the autoscaler uses the node's instance role or EKS Pod Identity
   * @see https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
   */
  readonly roleArn?: string;
  /** @default 'kube-system' (a pod there is never evicted to scale a node down) */
  readonly namespace?: string;
  /**
   * A newer patch of the same minor, e.g. `'v1.32.5'`.
   * @default - CLUSTER_AUTOSCALER_IMAGE_TAGS[kubernetesVersion]
   */
  readonly imageTag?: string;
  /** @default 'least-waste' */
  readonly expander?: ClusterAutoscalerExpander;
  /** Keep similar node groups (e.g. one per zone) the same size. @default true (EKS user guide) */
  readonly balanceSimilarNodeGroups?: boolean;
  /** Never remove nodes running pods with local storage. @default false */
  readonly skipNodesWithLocalStorage?: boolean;
  /** Never remove nodes running kube-system pods (other than DaemonSets). @default false (EKS user guide) */
  readonly skipNodesWithSystemPods?: boolean;
  /** CPU request and limit. @default Cpu.millis(100) */
  readonly cpu?: Cpu;
  /** Memory request and limit; it grows with the cluster's size. @default Size.mebibytes(600) */
  readonly memory?: Size;
  /** More command-line flags, e.g. `['--scale-down-unneeded-time=5m']`. @default - none */
  readonly extraArgs?: string[];
}

const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]*$/;
const ROLE_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const IMAGE = 'registry.k8s.io/autoscaling/cluster-autoscaler';
/** The autoscaler's leader-election lease and status objects are named after it; RBAC names them too. */
const NAME = 'cluster-autoscaler';
const METRICS_PORT = 8085;
/** The prop behind each flag the construct sets. */
const FLAG_PROPS: Record<string, string | undefined> = {
  'expander': 'expander',
  'balance-similar-node-groups': 'balanceSimilarNodeGroups',
  'skip-nodes-with-local-storage': 'skipNodesWithLocalStorage',
  'skip-nodes-with-system-pods': 'skipNodesWithSystemPods',
  'node-group-auto-discovery': 'clusterName',
};

/**
 * The Kubernetes Cluster Autoscaler for EKS, with node group auto-discovery: a ServiceAccount,
 * its RBAC and a one-replica Deployment. Modelled on the upstream manifest
 * cluster-autoscaler/cloudprovider/aws/examples/cluster-autoscaler-autodiscover.yaml
 * (kubernetes/autoscaler), with the EKS user guide's changes
 * (https://docs.aws.amazon.com/eks/latest/userguide/cluster-autoscaler.html). GKE and AKS run
 * the autoscaler for you: enable it on the node pool instead.
 */
export class ClusterAutoscaler extends PatternConstruct {
  /** Defaults of the props above; the docs and the tests read these too. */
  public static readonly DEFAULTS = {
    namespace: 'kube-system',
    expander: 'least-waste',
    balanceSimilarNodeGroups: true,
    skipNodesWithLocalStorage: false,
    skipNodesWithSystemPods: false,
    cpu: '100m',
    memory: '600Mi',
  } as const;

  public readonly serviceAccount: k8s.KubeServiceAccount;
  public readonly clusterRole: k8s.KubeClusterRole;
  public readonly role: k8s.KubeRole;
  public readonly deployment: k8s.KubeDeployment;
  /** The image reference the Deployment runs. */
  public readonly image: string;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    const defaults = ClusterAutoscaler.DEFAULTS;
    const namespace = props.namespace ?? defaults.namespace;
    const { tag, flags } = this.checkProps((problems) => {
      if (props.clusterName.length > 100 || !CLUSTER_NAME.test(props.clusterName)) {
        problems.add('clusterName', props.clusterName, 'is not an EKS cluster name',
          'use up to 100 letters, digits, \'-\' and \'_\', starting with a letter or digit');
      }
      const pinned: string | undefined = (CLUSTER_AUTOSCALER_IMAGE_TAGS as Record<string, string>)[props.kubernetesVersion];
      if (pinned === undefined) {
        problems.add('kubernetesVersion', props.kubernetesVersion, 'has no pinned cluster-autoscaler image',
          `use one of ${Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS).join(', ')}, or that minor with imageTag`);
      }
      const tag = props.imageTag ?? pinned;
      if (props.imageTag !== undefined) {
        const minor = /^v(\d+\.\d+)\.\d+$/.exec(props.imageTag)?.[1];
        if (minor === undefined) {
          problems.add('imageTag', props.imageTag, 'is not a cluster-autoscaler release tag', `use a tag such as "v${props.kubernetesVersion}.0"`);
        } else if (minor !== props.kubernetesVersion) {
          problems.add('imageTag', props.imageTag,
            `is for Kubernetes ${minor}, but kubernetesVersion is "${props.kubernetesVersion}", and the autoscaler must match the cluster's minor `
            + `version`,
            `use a v${props.kubernetesVersion}.x tag`);
        }
      }
      if (props.roleArn !== undefined && !ROLE_ARN.test(props.roleArn)) {
        problems.add('roleArn', props.roleArn, 'is not an IAM role ARN', 'use arn:aws:iam::<12-digit account id>:role/<role name>');
      }
      problems.check('namespace', namespace, dns1123Label(namespace));
      checkCpu('cpu', props.cpu, problems);
      checkSize('memory', props.memory, problems, 'Size.mebibytes(600)');
      const expander = props.expander ?? defaults.expander;
      const flags: Record<string, string> = {
        'v': '4',
        'stderrthreshold': 'info',
        'cloud-provider': 'aws',
        'expander': expander,
        'balance-similar-node-groups': String(props.balanceSimilarNodeGroups ?? defaults.balanceSimilarNodeGroups),
        'skip-nodes-with-local-storage': String(props.skipNodesWithLocalStorage ?? defaults.skipNodesWithLocalStorage),
        'skip-nodes-with-system-pods': String(props.skipNodesWithSystemPods ?? defaults.skipNodesWithSystemPods),
        'node-group-auto-discovery': `asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/${props.clusterName}`,
      };
      for (const [i, arg] of (props.extraArgs ?? []).entries()) {
        const flag = /^--([a-z0-9-]+)(=|$)/.exec(arg)?.[1];
        if (flag === undefined) {
          problems.add(`extraArgs[${i}]`, arg, 'is not a --flag', 'write flags as --name=value');
        } else if (flag in flags) {
          const prop = FLAG_PROPS[flag];
          problems.add(`extraArgs[${i}]`, arg, `sets --${flag}, which this construct already sets ("${flags[flag]}")`,
            prop ? `use the ${prop} prop instead` : 'remove it');
        }
      }
      return { tag, flags };
    });

    this.image = `${IMAGE}:${tag}`;
    const labels = recommendedLabels(this, NAME, { version: tag });
    const metadata = { name: NAME, namespace, labels };
    const clusterMetadata = { name: NAME, labels };

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { ...metadata, annotations: props.roleArn ? { 'eks.amazonaws.com/role-arn': props.roleArn } : undefined },
    });
    // RBAC rules as in the upstream manifest.
    this.clusterRole = new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: clusterMetadata,
      rules: [
        { apiGroups: [''], resources: ['events', 'endpoints'], verbs: ['create', 'patch'] },
        { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
        { apiGroups: [''], resources: ['pods/status'], verbs: ['update'] },
        { apiGroups: [''], resources: ['endpoints'], resourceNames: [NAME], verbs: ['get', 'update'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['watch', 'list', 'get', 'update'] },
        {
          apiGroups: [''],
          resources: ['namespaces', 'pods', 'services', 'replicationcontrollers', 'persistentvolumeclaims', 'persistentvolumes'],
          verbs: ['watch', 'list', 'get'],
        },
        { apiGroups: ['extensions'], resources: ['replicasets', 'daemonsets'], verbs: ['watch', 'list', 'get'] },
        { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['watch', 'list'] },
        { apiGroups: ['apps'], resources: ['statefulsets', 'replicasets', 'daemonsets'], verbs: ['watch', 'list', 'get'] },
        { apiGroups: ['resource.k8s.io'], resources: ['deviceclasses', 'resourceslices', 'resourceclaims'], verbs: ['watch', 'list', 'get'] },
        {
          apiGroups: ['storage.k8s.io'],
          resources: ['storageclasses', 'csinodes', 'csidrivers', 'csistoragecapacities', 'volumeattachments'],
          verbs: ['watch', 'list', 'get'],
        },
        { apiGroups: ['batch', 'extensions'], resources: ['jobs'], verbs: ['get', 'list', 'watch', 'patch'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
        { apiGroups: ['coordination.k8s.io'], resourceNames: [NAME], resources: ['leases'], verbs: ['get', 'update'] },
      ],
    });
    this.role = new k8s.KubeRole(this, 'Role', {
      metadata,
      rules: [
        { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'list', 'watch'] },
        {
          apiGroups: [''],
          resources: ['configmaps'],
          resourceNames: ['cluster-autoscaler-status', 'cluster-autoscaler-priority-expander'],
          verbs: ['delete', 'get', 'update', 'watch'],
        },
      ],
    });
    const subjects = [{ kind: 'ServiceAccount', name: NAME, namespace }];
    const clusterRoleBinding = new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: clusterMetadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME },
      subjects,
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: NAME },
      subjects,
    });
    // Cluster-scoped: the chart's namespace must not be stamped on them.
    if (namespaceOf(this) !== undefined) {
      for (const obj of [this.clusterRole, clusterRoleBinding] as ApiObject[]) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }

    const cpu = k8s.Quantity.fromString(props.cpu?.amount ?? defaults.cpu);
    const memory = k8s.Quantity.fromString(props.memory ? memoryQuantity(props.memory) : defaults.memory);
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata,
      spec: {
        // Leader election makes more replicas standbys only; one is what upstream runs.
        replicas: 1,
        selector: { matchLabels: selectorLabels(labels) },
        template: {
          metadata: {
            labels,
            annotations: {
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': String(METRICS_PORT),
              // The EKS user guide adds this so the autoscaler never drains its own node.
              [SAFE_TO_EVICT_ANNOTATION]: 'false',
            },
          },
          spec: {
            priorityClassName: 'system-cluster-critical',
            serviceAccountName: NAME,
            // The autoscaler talks to the API server; this library's pods otherwise get no token.
            automountServiceAccountToken: true,
            securityContext: { runAsNonRoot: true, runAsUser: 65534, fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: NAME,
              image: this.image,
              command: ['./cluster-autoscaler', ...Object.entries(flags).map(([k, v]) => `--${k}=${v}`), ...props.extraArgs ?? []],
              resources: { requests: { cpu, memory }, limits: { cpu, memory } },
              ports: [{ name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' }],
              livenessProbe: { httpGet: { path: '/health-check', port: k8s.IntOrString.fromString('metrics') } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
            }],
            // Upstream mounts the node's CA bundle from a hostPath; the image (distroless/static,
            // cluster-autoscaler/Dockerfile.amd64) ships its own, and restricted pods may not use hostPath.
          },
        },
      },
    });
  }
}
