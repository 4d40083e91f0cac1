/**
 * The public API, by name. Everything else under lib/ (and all of lib/private/) is internal.
 * @module cdk8s-patterns
 */
export { Cpu } from 'cdk8s-plus-27/lib/container';
export { MetadataProps, MANAGED_BY } from './labels';
export { PodSecurityLevel, POD_SECURITY_LEVEL_ANNOTATION, ContainerSecurityProps } from './security';
export { Probe, ProbeOptions, ProbePortOptions, HttpProbeOptions, ProbeHandler } from './probe';
export { EnvValue, EnvFrom, EnvFromOptions } from './env';
export { ContainerProps, ContainerPort, ContainerResources, VolumeMount } from './container';
export { PodSpecProps, SharedVolume, PodPort, IPodWorkload } from './pod-spec';
export { AppNamespace, AppNamespaceProps } from './namespace';
export { IConfigSource, ConfigSourceKind, CONFIG_HASH_ANNOTATION, EXTERNAL_REFS_ANNOTATION } from './config-source';
export { ConfigMap, ConfigMapProps, IConfigMap, ExternalConfigOptions } from './config-map';
export { Secret, SecretProps, ISecret, SecretType, SECRET_TYPE_KEYS } from './secret';
export { Volume, VolumeItem, ConfigVolumeOptions, ProjectedSource, ProjectedVolumeOptions } from './volume';
export { IServiceAccount } from './pod-identity';
export {
  ServiceAccount, ServiceAccountProps, WorkloadIdentity, WorkloadIdentityProvider, IRole, GrantOptions,
} from './service-account';
export {
  Role, ClusterRole, RoleProps, RoleBinding, RoleBindingProps, ClusterRoleBinding, ClusterRoleBindingProps,
  RbacVerb, RbacResource, RbacRule, CustomResource, AllowOptions, READ_VERBS,
} from './rbac';
export { RBAC_RESOURCE_GROUPS } from './rules/rbac';
export { MultiContainerPod, MultiContainerPodProps } from './pod';
export { RollingDeployment, RollingDeploymentProps, IntOrPercent } from './deployment';
export {
  ServiceBase, ServiceBaseProps, ServicePortProps, ExternalServicePortProps, ResolvedServicePort,
  ServiceType, ServiceTypeSpec,
  ClusterIpService, ClusterIpServiceProps,
  NodePortService, NodePortServiceProps,
  LoadBalancerService, LoadBalancerServiceProps,
} from './service';
export {
  RoutingIngress, RoutingIngressProps, IngressRuleProps, PathRuleOptions, IngressTlsProps,
  IngressBackend, IngressBackendOptions, IngressPathType,
} from './ingress';
export { HorizontalAutoscaler, HorizontalAutoscalerProps, ScalingBehavior, ScalingPolicy } from './horizontal-autoscaler';
export { SynthError, PropsError, Problem, ProblemSeverity, COLLECT_ERRORS_CONTEXT } from './errors';
export {
  Gateway, GatewayProps, GatewayTlsProps, GatewayListener, IGateway, ExistingGatewayOptions, AllowedRoutes,
  GATEWAY_API_LIMITS, NAMESPACE_NAME_LABEL,
} from './gateway';
export { HttpRoute, HttpRouteProps, HttpRouteRuleProps, HttpRouteBackend, HttpPathMatchType } from './http-route';
export { NetworkPolicy, NetworkPolicyProps, NetworkPolicyType, NetworkPolicyPortOptions, DenyAllOptions, Peer } from './network-policy';
export {
  BlueGreenDeployment, BlueGreenDeploymentProps, BlueGreenVersionProps, ReleaseVersionProps, DeploymentColor, COLOR_LABEL,
} from './blue-green-deployment';
export {
  CanaryDeployment, CanaryDeploymentProps, CanaryHttpRouteOptions, CanaryStage, CanaryTrack, TRACK_LABEL,
} from './canary-deployment';
export { TopologySpreadProps, TopologySpreadOptions } from './deployment';
export {
  PodDisruptionBudget, PodDisruptionBudgetProps, DisruptionBudgetOptions, IReplicatedWorkload,
} from './disruption-budget';
export {
  VerticalAutoscaler, VerticalAutoscalerProps, VerticalScalingOptions, ContainerScalingPolicy, ResourceBounds,
  VerticalUpdateMode, VerticalResource,
} from './vertical-autoscaler';
export {
  ClusterAutoscaler, ClusterAutoscalerProps, ClusterAutoscalerExpander, ClusterAutoscalerKubernetesVersion,
  CLUSTER_AUTOSCALER_IMAGE_TAGS, SAFE_TO_EVICT_ANNOTATION,
} from './cluster-autoscaler';
export {
  HeadlessService, HeadlessServiceProps, ExternalNameService, ExternalNameServiceProps, ExternalNamePortProps,
  IService, IRoutableService, ServiceEndpointPort, ServiceUrlOptions,
} from './service';
export { CloudProvider, CloudProviderName, LoadBalancerScheme, CLOUD_PROVIDER_CONTEXT } from './cloud-provider';
export {
  IngressController, IngressFeature, RateLimit, BasicAuth, ExternalAuth, CertManagerIssuer, AwsAlbOptions,
} from './ingress-controller';
export {
  WebService, WebServiceProps, WebServiceIngressProps, WebServiceHttpRouteProps, WebServiceNetworkPolicyProps,
  IngressExposeOptions, HttpRouteExposeOptions,
} from './web-service';
export {
  validateManifests, formatFindings, Finding, FindingSeverity, ValidateOptions, POD_SECURITY_ANNOTATION,
} from './validation';
export {
  KubernetesVersion, KUBERNETES_VERSIONS, KubernetesWindow, KUBERNETES_WINDOW_CONTEXT, DEFAULT_KUBERNETES_WINDOW,
  KubernetesFeature, KubernetesFeatureInfo, KUBERNETES_FEATURES, FeatureProblem, requireFeature, supportsFeature,
} from './kubernetes-version';
export { SafeApp, SafeAppProps } from './app';
export { VALIDATE_MANIFESTS_CONTEXT } from './private/chart-validation';
