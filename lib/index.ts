/**
 * The public API, by name. Everything else under lib/ (and all of lib/private/) is internal.
 * @module cdk8s-patterns
 */
export { Cpu } from './cpu';
export { type MetadataProps, MANAGED_BY } from './labels';
export { PodSecurityLevel, POD_SECURITY_LEVEL_ANNOTATION, type ContainerSecurityProps } from './security';
export { Probe, type ProbeOptions, type ProbePortOptions, type HttpProbeOptions, type ProbeHandler } from './probe';
export { EnvValue, EnvFrom, type EnvFromOptions } from './env';
export type {
  ContainerProps, ContainerPort, ContainerResources, VolumeMount, ContainerResizePolicy, ResizeRestartPolicy,
} from './container';
export type { PodSpecProps, SharedVolume, PodPort, IPodWorkload } from './pod-spec';
export type { IScalableWorkload, ScaleTargetReference } from './workload';
export { AppNamespace, type AppNamespaceProps } from './namespace';
export { type IConfigSource, type ConfigSourceKind, type ConfigSourceProps, CONFIG_HASH_ANNOTATION, EXTERNAL_REFS_ANNOTATION } from './config-source';
export { ConfigMap, type ConfigMapProps, type IConfigMap, type ExternalConfigOptions } from './config-map';
export { Secret, type SecretProps, type ISecret, type SecretType, SECRET_TYPE_KEYS } from './secret';
export { Volume, type VolumeItem, type ConfigVolumeOptions, type ProjectedSource, type ProjectedVolumeOptions } from './volume';
export type { IServiceAccount } from './pod-identity';
export {
  ServiceAccount, type ServiceAccountProps, WorkloadIdentity, type WorkloadIdentityProvider, type IRole, type GrantOptions,
} from './service-account';
export {
  Role, ClusterRole, type RoleProps, RoleBinding, type RoleBindingProps, ClusterRoleBinding, type ClusterRoleBindingProps,
  type RbacVerb, type RbacResource, type RbacRule, type CustomResource, type AllowOptions, READ_VERBS,
} from './rbac';
export { RBAC_RESOURCE_GROUPS } from './rules/rbac';
export { MultiContainerPod, type MultiContainerPodProps } from './pod';
export { RollingDeployment, type RollingDeploymentProps, type IntOrPercent } from './deployment';
export {
  ServiceBase, type ServiceBaseProps, type ServicePortProps, type ExternalServicePortProps, type ResolvedServicePort,
  type ServiceType, type ServiceTypeSpec, type TrafficDistribution,
  ClusterIpService, type ClusterIpServiceProps,
  NodePortService, type NodePortServiceProps,
  LoadBalancerService, type LoadBalancerServiceProps,
} from './service';
export {
  RoutingIngress, type RoutingIngressProps, type IngressRuleProps, type PathRuleOptions, type IngressTlsProps,
  IngressBackend, type IngressBackendOptions, type IngressPathType,
} from './ingress';
export { HorizontalAutoscaler, type HorizontalAutoscalerProps, type ScalingBehavior, type ScalingPolicy } from './horizontal-autoscaler';
export { SynthError, PropsError, type Problem, type ProblemSeverity, COLLECT_ERRORS_CONTEXT } from './errors';
export {
  Gateway, type GatewayProps, type GatewayTlsProps, type GatewayListener, type IGateway, type ExistingGatewayOptions, AllowedRoutes,
  GATEWAY_API_LIMITS, NAMESPACE_NAME_LABEL,
} from './gateway';
export { HttpRoute, type HttpRouteProps, type HttpRouteRuleProps, type HttpRouteBackend, type HttpPathMatchType } from './http-route';
export {
  NetworkPolicy, type NetworkPolicyProps, type NetworkPolicyType, type NetworkPolicyPortOptions, type DenyAllOptions, Peer,
} from './network-policy';
export {
  BlueGreenDeployment, type BlueGreenDeploymentProps, type BlueGreenVersionProps, type ReleaseVersionProps, type DeploymentColor, COLOR_LABEL,
} from './blue-green-deployment';
export {
  CanaryDeployment, type CanaryDeploymentProps, type CanaryHttpRouteOptions, type CanaryStage, type CanaryTrack, TRACK_LABEL,
} from './canary-deployment';
export type { TopologySpreadProps, TopologySpreadOptions } from './deployment';
export {
  PodDisruptionBudget, type PodDisruptionBudgetProps, type DisruptionBudgetOptions, type IReplicatedWorkload,
} from './disruption-budget';
export {
  VerticalAutoscaler, type VerticalAutoscalerProps, type VerticalScalingOptions, type ContainerScalingPolicy, type ResourceBounds,
  type VerticalUpdateMode, type VerticalResource,
} from './vertical-autoscaler';
export {
  ClusterAutoscaler, type ClusterAutoscalerProps, type ClusterAutoscalerExpander, type ClusterAutoscalerKubernetesVersion,
  CLUSTER_AUTOSCALER_IMAGE_TAGS, SAFE_TO_EVICT_ANNOTATION,
} from './cluster-autoscaler';
export {
  HeadlessService, type HeadlessServiceProps, ExternalNameService, type ExternalNameServiceProps, type ExternalNamePortProps,
  type IService, type IRoutableService, type ServiceEndpointPort, type ServiceUrlOptions,
} from './service';
export { CloudProvider, type CloudProviderName, type LoadBalancerScheme, CLOUD_PROVIDER_CONTEXT } from './cloud-provider';
export {
  IngressController, type IngressFeature, type RateLimit, type BasicAuth, type ExternalAuth, type CertManagerIssuer, type AwsAlbOptions,
} from './ingress-controller';
export {
  WebService, type WebServiceProps, type WebServiceIngressProps, type WebServiceHttpRouteProps, type WebServiceNetworkPolicyProps,
  type IngressExposeOptions, type HttpRouteExposeOptions,
} from './web-service';
export {
  validateManifests, formatFindings, type Finding, type FindingSeverity, type ValidateOptions, POD_SECURITY_ANNOTATION,
} from './validation';
export {
  type KubernetesVersion, KUBERNETES_VERSIONS, KubernetesWindow, KUBERNETES_WINDOW_CONTEXT, DEFAULT_KUBERNETES_WINDOW,
  type KubernetesFeature, type KubernetesFeatureInfo, KUBERNETES_FEATURES, type FeatureProblem, requireFeature, supportsFeature,
} from './kubernetes-version';
export { SafeApp, type SafeAppProps } from './app';
export { ManifestValidation, type ManifestValidationProps, type ValidationPluginContext } from './validation-plugin';
export { VALIDATE_MANIFESTS_CONTEXT } from './private/chart-validation';
export type {
  TaintEffect, Toleration, LabelRequirement, NodeAffinityProps, PodAffinityTermProps, AffinityProps, SchedulingProps,
} from './scheduling';
export { LifecycleHandler, type ContainerLifecycle } from './lifecycle';
export {
  StatefulSet, type StatefulSetProps, type VolumeClaimTemplate, type GoverningServiceOptions, type ClaimRetentionPolicy,
} from './stateful-set';
export {
  StorageClass, type StorageClassProps, type IStorageClass, PersistentVolumeClaim, type PersistentVolumeClaimProps, type VolumeClaimOptions,
  type AccessMode,
} from './storage';
export { Job, type JobProps, type JobOptions } from './job';
export type { ExitCodeRequirement, PodConditionPattern, PodFailureRule, SuccessRule } from './job-policies';
export { CronJob, type CronJobProps } from './cron-job';
export { DaemonSet, type DaemonSetProps } from './daemon-set';
