// API reference: `npm run docs` writes HTML to docs/api/ (git-ignored). Warnings are errors, so a broken doc
// comment (unknown tag, link to nothing, public type that is not exported) fails `npm test`.
import { OptionDefaults } from 'typedoc';

/** @type {Partial<import('typedoc').TypeDocOptions>} */
const config = {
  entryPoints: ['lib/index.ts', 'lib/validation/index.ts'],
  tsconfig: 'tsconfig.build.json',
  out: 'docs/api',
  name: 'cdk8s-patterns',
  readme: 'none',
  excludePrivate: true,
  excludeInternal: true,
  // The cdk8s-generated bindings in imports/ tag each type with its CRD schema name.
  // The cdk8s-generated CRD bindings in imports/ are escape hatches (`apiObject`), not API of their own, like the
  // k8s bindings of cdk8s-plus-27 (other packages are never reported). An entry no longer referenced is a warning.
  intentionallyNotExported: [
    'imports/gateway-gateway.networking.k8s.io.ts:Gateway',
    'imports/httproute-gateway.networking.k8s.io.ts:HttpRoute',
    'imports/httproute-gateway.networking.k8s.io.ts:HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_301',
    'imports/vpa-autoscaling.k8s.io.ts:VerticalPodAutoscaler',
    // The generated Kubernetes 1.32 bindings (imports/k8s.ts), which the constructs' apiObject and spec fields now use.
    'imports/k8s.ts:KubeClusterRole',
    'imports/k8s.ts:KubeClusterRoleBinding',
    'imports/k8s.ts:KubeConfigMap',
    'imports/k8s.ts:KubeCronJob',
    'imports/k8s.ts:KubeDaemonSet',
    'imports/k8s.ts:KubeDeployment',
    'imports/k8s.ts:KubeHorizontalPodAutoscalerV2',
    'imports/k8s.ts:KubeIngress',
    'imports/k8s.ts:KubeJob',
    'imports/k8s.ts:KubeNamespace',
    'imports/k8s.ts:KubeNetworkPolicy',
    'imports/k8s.ts:KubePersistentVolumeClaim',
    'imports/k8s.ts:KubePod',
    'imports/k8s.ts:KubePodDisruptionBudget',
    'imports/k8s.ts:KubeRole',
    'imports/k8s.ts:KubeRoleBinding',
    'imports/k8s.ts:KubeSecret',
    'imports/k8s.ts:KubeService',
    'imports/k8s.ts:KubeServiceAccount',
    'imports/k8s.ts:KubeStatefulSet',
    'imports/k8s.ts:KubeStorageClass',
    'imports/k8s.ts:ServiceSpec',
  ],
  blockTags: [...OptionDefaults.blockTags, '@schema'],
  treatWarningsAsErrors: true,
  // tsc --noEmit in npm test reports type errors; typedoc need not check the program again.
  skipErrorChecking: true,
  // Source links need a hosted git remote; a clone of a local path (as CI makes) has none, which typedoc warns about.
  disableSources: true,
  validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: false },
};

export default config;
