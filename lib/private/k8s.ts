/**
 * The core L1 bindings (imports/k8s.ts) as lib/ uses them: every type, and by name the few classes it builds.
 *
 * Why not `import * as k8s from '../imports/k8s'` in every file: under tsx (the `app:` command of cdk8s.yaml),
 * esbuild turns each such import into a copy of the module's namespace, 644 getters, once per importing file;
 * ~30 files made that a noticeable share of `cdk8s synth`. tsc's output does not copy, and types cost nothing.
 */
export type * from '../../imports/k8s';
export {
  IntOrString, Quantity,
  KubeClusterRole, KubeClusterRoleBinding, KubeConfigMap, KubeCronJob, KubeDaemonSet, KubeDeployment, KubeHorizontalPodAutoscalerV2,
  KubeIngress, KubeJob, KubeNamespace, KubeNetworkPolicy, KubePersistentVolumeClaim, KubePod, KubePodDisruptionBudget, KubeRole,
  KubeRoleBinding, KubeSecret, KubeService, KubeServiceAccount, KubeStatefulSet, KubeStorageClass,
} from '../../imports/k8s';
