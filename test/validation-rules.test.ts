/**
 * One known-bad variant of the known-good app per rule: each proves its rule fires, with its
 * id and exact message, and that nothing else does.
 */
import { Finding, validateManifests, ValidateOptions } from '../lib/validation';
import { container, goodApp, obj, web } from './fixtures/validation';

const error = (rule: string, object: string, path: string, message: string): Finding => ({ rule, severity: 'error', object, path, message });
const warning = (rule: string, object: string, path: string, message: string): Finding => ({ rule, severity: 'warning', object, path, message });
// The Deployment's env reads the ConfigMap "web-config", which these cases rename away (issue 10 config-reference rule).
const CONFIG_GONE = warning('config-reference', 'Deployment/shop/web', 'spec.template.spec.containers[name=app].env[name=LOG_LEVEL].valueFrom.configMapKeyRef', 'ConfigMap "web-config" is not in namespace "shop" of these manifests, and the pod template does not mark it external; create it in the app, fix the name, or list "ConfigMap/web-config" in the cdk8s-patterns/external-refs annotation (ConfigMap.fromExternal does)');

const DEP = 'Deployment/shop/web';
const SVC = 'Service/shop/web';
const ING = 'Ingress/shop/web';
const HPA = 'HorizontalPodAutoscaler/shop/web';
const PDB = 'PodDisruptionBudget/shop/web';
const CM = 'ConfigMap/shop/web-config';
const ROUTE = 'HTTPRoute/shop/web';
const APP = 'spec.template.spec.containers[name=app]';

const svc = (m: any[]) => obj(m, 'Service', 'web');
const ing = (m: any[]) => obj(m, 'Ingress', 'web');
const hpa = (m: any[]) => obj(m, 'HorizontalPodAutoscaler', 'web');
const pdb = (m: any[]) => obj(m, 'PodDisruptionBudget', 'web');
const configMap = (m: any[]) => obj(m, 'ConfigMap', 'web-config');
const restrictedPod = (containers: any[]) => ({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers });

/** A DaemonSet `shop/agent` running the web pod, with the given rollingUpdate. */
function daemonSet(m: any[], rollingUpdate: Record<string, unknown>): any {
  const template = JSON.parse(JSON.stringify(web(m).deployment.spec.template));
  template.metadata.labels = { app: 'agent' };
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'shop' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template, updateStrategy: { type: 'RollingUpdate', rollingUpdate } },
  };
}

interface Case {
  readonly mutate: (manifests: any[]) => void;
  readonly expected: Finding[];
  readonly options?: ValidateOptions;
}

const API_RULES: Record<string, Case> = {
  'dns1123-name': {
    mutate: (m) => { configMap(m).metadata.name = 'Web_Config'; },
    expected: [error('dns1123-name', 'ConfigMap/shop/Web_Config', 'metadata.name', 'ConfigMap name "Web_Config" is not a DNS-1123 subdomain; use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit; e.g. "web-config"'), CONFIG_GONE],
  },
  'dns1123-name (CronJob names leave room for Job suffixes)': {
    mutate: (m) => {
      m.push({
        apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'a'.repeat(53), namespace: 'shop' },
        spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', ...restrictedPod([container('job')]) } } } } },
      });
    },
    expected: [error('dns1123-name', `CronJob/shop/${'a'.repeat(53)}`, 'metadata.name', `CronJob name "${'a'.repeat(53)}" has 53 characters; it must be at most 52 so that its Jobs' names fit in 63`)],
  },
  'dns1035-name': {
    mutate: (m) => { m.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: '1web', namespace: 'shop' }, spec: { selector: { 'app.kubernetes.io/name': 'web' }, ports: [{ port: 80, targetPort: 'http' }] } }); },
    expected: [error('dns1035-name', 'Service/shop/1web', 'metadata.name', 'Service name "1web" is not a DNS-1035 label; use at most 63 lower-case letters, digits and \'-\', starting with a letter; e.g. "x-1web"')],
  },
  'dns1123-namespace': {
    mutate: (m) => { configMap(m).metadata.namespace = 'Shop'; },
    expected: [error('dns1123-namespace', 'ConfigMap/Shop/web-config', 'metadata.namespace', 'namespace "Shop" is not a DNS-1123 label; use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit; e.g. "shop"'), CONFIG_GONE],
  },
  'path-segment-name': {
    mutate: (m) => { m.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'a/b', namespace: 'shop' }, rules: [] }); },
    expected: [error('path-segment-name', 'Role/shop/a/b', 'metadata.name', 'Role name "a/b" may not contain \'/\' or \'%\'; remove them from the name')],
  },
  'label-key': {
    mutate: (m) => { configMap(m).metadata.labels = { 'example.com/a/b': 'x' }; },
    expected: [error('label-key', CM, 'metadata.labels["example.com/a/b"]', 'label key "example.com/a/b" is not a valid label key; use an optional prefix (a DNS subdomain of at most 253 lower-case letters, digits, \'-\' and \'.\') and \'/\', then a name of 1 to 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit')],
  },
  'label-value': {
    mutate: (m) => { configMap(m).metadata.labels = { tier: 'front end' }; },
    expected: [error('label-value', CM, 'metadata.labels["tier"]', 'label value "front end" is not a valid label value; use at most 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit')],
  },
  'annotation-key': {
    mutate: (m) => { configMap(m).metadata.annotations = { 'bad key': 'x' }; },
    expected: [error('annotation-key', CM, 'metadata.annotations["bad key"]', 'annotation key "bad key" is not a valid annotation key; use an optional prefix (a DNS subdomain of at most 253 lower-case letters, digits, \'-\' and \'.\') and \'/\', then a name of 1 to 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit')],
  },
  'annotation-size': {
    mutate: (m) => { configMap(m).metadata.annotations = { big: 'x'.repeat(300 * 1024) }; },
    expected: [error('annotation-size', CM, 'metadata.annotations', 'annotations total 307203 bytes; the API server accepts at most 262144 (256 KiB): move large data to a ConfigMap')],
  },
  'label-selector': {
    mutate: (m) => { pdb(m).spec.selector = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'Exists', values: ['web'] }] }; },
    expected: [error('label-selector', PDB, 'spec.selector.matchExpressions[0].values', 'values ["web"] must be empty for \'Exists\', which looks at the key only; remove values, or use \'In\'')],
  },
  'label-selector (operator)': {
    mutate: (m) => { pdb(m).spec.selector.matchExpressions = [{ key: 'app.kubernetes.io/name', operator: 'Gt', values: ['3'] }]; },
    expected: [error('label-selector', PDB, 'spec.selector.matchExpressions[0].operator',
      'operator "Gt" is not a pod selector operator; use one of \'In\', \'NotIn\', \'Exists\', \'DoesNotExist\''),
    // A requirement Kubernetes refuses matches nothing, so the budget's selector check warns as well.
    warning('pdb-selector', PDB, 'spec.selector', 'selector app.kubernetes.io/name=web, app.kubernetes.io/name Gt (3) matches no pod template in '
      + 'namespace "shop" of these manifests, so this budget protects nothing: select the workload\'s pod labels')],
  },
  'label-selector (In without values)': {
    mutate: (m) => { pdb(m).spec.selector.matchExpressions = [{ key: 'app.kubernetes.io/name', operator: 'In', values: [] }]; },
    expected: [error('label-selector', PDB, 'spec.selector.matchExpressions[0].values',
      'values [] must list at least one value for \'In\'; add the label values to match, or use \'Exists\''),
    warning('pdb-selector', PDB, 'spec.selector', 'selector app.kubernetes.io/name=web, app.kubernetes.io/name In () matches no pod template in '
      + 'namespace "shop" of these manifests, so this budget protects nothing: select the workload\'s pod labels')],
  },
  'selector-required': {
    mutate: (m) => { web(m).deployment.spec.selector = {}; },
    expected: [error('selector-required', DEP, 'spec.selector', 'Deployment spec.selector must have matchLabels or matchExpressions, got {}; select the pod template\'s labels, e.g. matchLabels {"app.kubernetes.io/name":"web","app.kubernetes.io/part-of":"shop"}')],
  },
  'selector-matches-template': {
    mutate: (m) => { web(m).deployment.spec.selector.matchLabels = { 'app.kubernetes.io/name': 'api' }; },
    expected: [error('selector-matches-template', DEP, 'spec.selector', 'spec.selector (app.kubernetes.io/name=api) does not match the pod template labels (app.kubernetes.io/name=web, app.kubernetes.io/part-of=shop); add the selected labels to spec.template.metadata.labels')],
  },
  'rolling-update (both zero)': {
    mutate: (m) => { web(m).deployment.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: '0%' }; },
    expected: [error('rolling-update', DEP, 'spec.strategy.rollingUpdate', 'maxUnavailable ("0%") and maxSurge are both zero, so a rollout could never replace a pod; allow at least one extra pod (maxSurge: 1) or one unavailable pod (maxUnavailable: 1)')],
  },
  'rolling-update (over 100%)': {
    mutate: (m) => { web(m).deployment.spec.strategy.rollingUpdate.maxUnavailable = '150%'; },
    expected: [error('rolling-update', DEP, 'spec.strategy.rollingUpdate.maxUnavailable', 'maxUnavailable "150%" is neither a pod count nor a percentage; use a whole number such as 1, or a percentage from "0%" to "100%"')],
  },
  'rolling-update (DaemonSet maxSurge over 100%)': {
    mutate: (m) => { m.push(daemonSet(m, { maxSurge: '150%', maxUnavailable: 0 })); },
    expected: [error('rolling-update', 'DaemonSet/shop/agent', 'spec.updateStrategy.rollingUpdate.maxSurge', 'maxSurge "150%" is neither a pod count nor a percentage; use a whole number such as 1, or a percentage from "0%" to "100%"')],
  },
  'rolling-update (with Recreate)': {
    mutate: (m) => { web(m).deployment.spec.strategy.type = 'Recreate'; },
    expected: [error('rolling-update', DEP, 'spec.strategy.rollingUpdate', 'rollingUpdate may only be set when spec.strategy.type is "RollingUpdate", got type "Recreate"; remove rollingUpdate')],
  },
  'progress-deadline': {
    mutate: (m) => { web(m).deployment.spec.progressDeadlineSeconds = 5; },
    expected: [error('progress-deadline', DEP, 'spec.progressDeadlineSeconds', 'progressDeadlineSeconds (5) must be greater than minReadySeconds (5); raise progressDeadlineSeconds or lower minReadySeconds')],
  },
  'negative-value': {
    mutate: (m) => { web(m).deployment.spec.revisionHistoryLimit = -1; },
    expected: [error('negative-value', DEP, 'spec.revisionHistoryLimit', 'spec.revisionHistoryLimit must be >= 0, got -1')],
  },
  'restart-policy (Deployment)': {
    mutate: (m) => { web(m).pod.restartPolicy = 'Never'; },
    expected: [error('restart-policy', DEP, 'spec.template.spec.restartPolicy', 'a Deployment\'s pods must use restartPolicy "Always", got "Never"; remove it, or use a Job for run-to-completion work')],
  },
  'restart-policy (Job)': {
    mutate: (m) => { m.push({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'shop' }, spec: { template: { spec: restrictedPod([container('migrate')]) } } }); },
    expected: [error('restart-policy', 'Job/shop/migrate', 'spec.template.spec.restartPolicy', 'a Job\'s pods must set restartPolicy "OnFailure" or "Never", got nothing (unset means "Always", which the API server rejects for Jobs)')],
  },
  'containers-required': {
    mutate: (m) => { obj(m, 'Pod', 'worker').spec.containers = []; },
    expected: [error('containers-required', 'Pod/shop/worker', 'spec.containers', 'a pod needs at least one container, got none; add one to containers')],
  },
  'container-name': {
    mutate: (m) => { web(m).app.name = 'App'; },
    expected: [error('container-name', DEP, 'spec.template.spec.containers[name=App].name', 'container name "App" is not a DNS-1123 label; use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit; e.g. "app"')],
  },
  'container-name-unique': {
    mutate: (m) => { web(m).pod.initContainers = [container('app')]; },
    expected: [error('container-name-unique', DEP, 'spec.template.spec.initContainers[name=app].name', 'container name "app" is used twice (containers and initContainers share one namespace); rename one')],
  },
  'init-container-restart-policy': {
    mutate: (m) => { web(m).pod.initContainers = [container('migrate', { restartPolicy: 'OnFailure' })]; },
    expected: [error('init-container-restart-policy', DEP, 'spec.template.spec.initContainers[name=migrate].restartPolicy', 'restartPolicy "OnFailure" is not a restartPolicy an init container takes; use Always (a native sidecar, which runs along with the app), or leave it unset for a container that runs to completion')],
  },
  'init-container-field (probe)': {
    mutate: (m) => { web(m).pod.initContainers = [container('migrate', { readinessProbe: { exec: { command: ['true'] } } })]; },
    expected: [error('init-container-field', DEP, 'spec.template.spec.initContainers[name=migrate].readinessProbe', 'readinessProbe is not allowed on an init container that runs to completion (no restartPolicy: Always); make it a native sidecar (restartPolicy: Always), or remove it')],
  },
  'init-container-field (lifecycle)': {
    mutate: (m) => { web(m).pod.initContainers = [container('migrate', { lifecycle: { preStop: { sleep: { seconds: 1 } } } })]; },
    expected: [error('init-container-field', DEP, 'spec.template.spec.initContainers[name=migrate].lifecycle', 'lifecycle is not allowed on an init container that runs to completion (no restartPolicy: Always); make it a native sidecar (restartPolicy: Always), or remove it')],
  },
  'port-name': {
    mutate: (m) => { web(m).app.ports.push({ name: 'metrics-endpoint', containerPort: 9091 }); },
    expected: [error('port-name', DEP, `${APP}.ports[name=metrics-endpoint].name`, 'port name "metrics-endpoint" is not an IANA service name; use at most 15 lower-case letters, digits and single inner \'-\', with at least one letter')],
  },
  'port-name-unique': {
    mutate: (m) => { web(m).pod.containers.push(container('sidecar', { ports: [{ name: 'http', containerPort: 8081 }] })); },
    expected: [error('port-name-unique', DEP, 'spec.template.spec.containers[name=sidecar].ports[name=http].name', 'port name "http" is also the name of a port of container "app"; give every port of the pod a unique name')],
  },
  'port-unique': {
    mutate: (m) => { web(m).pod.containers.push(container('sidecar', { ports: [{ name: 'admin', containerPort: 8080 }] })); },
    expected: [error('port-unique', DEP, 'spec.template.spec.containers[name=sidecar].ports[name=admin].containerPort', 'containerPort 8080/TCP is also declared by container "app", and containers of a pod share one network namespace; give one of them another port')],
  },
  'port-range': {
    mutate: (m) => { web(m).app.ports.push({ name: 'debug', containerPort: 70000 }); },
    expected: [error('port-range', DEP, `${APP}.ports[name=debug].containerPort`, 'containerPort 70000 is not a port number; use an integer from 1 to 65535')],
  },
  'probe-handler': {
    mutate: (m) => { web(m).app.readinessProbe.tcpSocket = { port: 8080 }; },
    expected: [error('probe-handler', DEP, `${APP}.readinessProbe`, 'readinessProbe must have exactly one handler (exec, httpGet, tcpSocket or grpc), got httpGet and tcpSocket')],
  },
  'probe-port': {
    mutate: (m) => { web(m).app.readinessProbe.httpGet.port = 'web'; },
    expected: [error('probe-port', DEP, `${APP}.readinessProbe.httpGet.port`, 'port "web" is not a named port of its container (it has "http", "metrics"); add a port named "web" to the container\'s ports, or probe by number')],
  },
  'probe-success-threshold': {
    mutate: (m) => { web(m).app.livenessProbe.successThreshold = 2; },
    expected: [error('probe-success-threshold', DEP, `${APP}.livenessProbe.successThreshold`, 'livenessProbe.successThreshold must be 1, got 2; only readiness probes may require several successes')],
  },
  'resource-quantity': {
    mutate: (m) => { web(m).app.resources.requests.memory = '128MB'; },
    expected: [error('resource-quantity', DEP, `${APP}.resources.requests["memory"]`, 'requests.memory "128MB" is not a quantity; use one such as \'250m\', \'0.5\', \'1\', \'128Mi\', \'1Gi\', \'500M\' or \'1e3\'')],
  },
  'resource-request-limit (cpu)': {
    mutate: (m) => { web(m).app.resources.requests.cpu = '1500m'; },
    expected: [error('resource-request-limit', DEP, `${APP}.resources.requests["cpu"]`, 'cpu request "1500m" is above the limit ("1"); lower the request or raise the limit')],
  },
  'resource-request-limit (memory, across units)': {
    mutate: (m) => { web(m).app.resources.requests.memory = '0.3Gi'; },
    expected: [error('resource-request-limit', DEP, `${APP}.resources.requests["memory"]`, 'memory request "0.3Gi" is above the limit ("256Mi"); lower the request or raise the limit')],
  },
  'volume-name': {
    mutate: (m) => { web(m).pod.volumes[1].name = 'Tmp'; web(m).app.volumeMounts[1].name = 'Tmp'; },
    expected: [error('volume-name', DEP, 'spec.template.spec.volumes[name=Tmp].name', 'volume name "Tmp" is not a DNS-1123 label; use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit; e.g. "tmp"')],
  },
  'volume-mount': {
    mutate: (m) => { web(m).app.volumeMounts[0].name = 'cfg'; },
    expected: [error('volume-mount', DEP, `${APP}.volumeMounts[name=cfg].name`, 'volumeMount "cfg" names no volume of the pod (volumes: config, tmp); add it to spec.template.spec.volumes or fix the name')],
  },
  'service-ports': {
    mutate: (m) => { m.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'empty', namespace: 'shop' }, spec: { selector: { 'app.kubernetes.io/name': 'web' } } }); },
    expected: [error('service-ports', 'Service/shop/empty', 'spec.ports', 'a ClusterIP Service needs at least one port, got none; add ports (only headless and ExternalName Services may omit them)')],
  },
  'service-port-unique': {
    mutate: (m) => { svc(m).spec.ports.push({ name: 'http-alt', port: 80, targetPort: 'http' }); },
    expected: [error('service-port-unique', SVC, 'spec.ports[name=http-alt].port', 'port 80 is also spec.ports[0].port for TCP; give each port its own number, or another protocol')],
  },
  'service-port-name': {
    mutate: (m) => { delete svc(m).spec.ports[1].name; },
    expected: [error('service-port-name', SVC, 'spec.ports[1].name', 'a Service with 2 ports must name every port; name port 9090 (e.g. "port-9090")')],
  },
  'node-port (range)': {
    mutate: (m) => { svc(m).spec.type = 'NodePort'; svc(m).spec.ports[0].nodePort = 8080; },
    expected: [error('node-port', SVC, 'spec.ports[name=http].nodePort', 'nodePort 8080 must be within 30000-32767, the default node port range; use a port in that range, or omit nodePort to let Kubernetes pick one')],
  },
  'node-port (type)': {
    mutate: (m) => { svc(m).spec.ports[0].nodePort = 30080; },
    expected: [error('node-port', SVC, 'spec.ports[name=http].nodePort', 'nodePort 30080 may only be set when type is NodePort or LoadBalancer, got type "ClusterIP"; remove nodePort or change the type')],
  },
  'ingress-path-type (missing)': {
    mutate: (m) => { delete ing(m).spec.rules[0].http.paths[0].pathType; },
    expected: [error('ingress-path-type', ING, 'spec.rules[0].http.paths[0].pathType', 'missing pathType for path "/"; set "Prefix" (matches "/" and everything below it), "Exact" or "ImplementationSpecific"')],
  },
  'ingress-path-type (unknown)': {
    mutate: (m) => { ing(m).spec.rules[0].http.paths[0].pathType = 'prefix'; },
    expected: [error('ingress-path-type', ING, 'spec.rules[0].http.paths[0].pathType', 'pathType must be "Exact", "Prefix" or "ImplementationSpecific", got "prefix"')],
  },
  'ingress-path': {
    mutate: (m) => { ing(m).spec.rules[0].http.paths[1].path = 'metrics'; },
    expected: [error('ingress-path', ING, 'spec.rules[0].http.paths[1].path', 'path "metrics" must start with \'/\' for pathType Exact; write "/metrics"')],
  },
  'ingress-backend': {
    mutate: (m) => { ing(m).spec.rules[0].http.paths[0].backend.service.port = { name: 'http', number: 80 }; },
    expected: [error('ingress-backend', ING, 'spec.rules[0].http.paths[0].backend.service.port', 'service port must set exactly one of name or number, got both')],
  },
  'ingress-host': {
    mutate: (m) => { ing(m).spec.rules[0].host = 'shop.*.example.com'; },
    expected: [error('ingress-host', ING, 'spec.rules[0].host', 'host "shop.*.example.com" has a \'*\' that is not a whole first label followed by a domain; use a wildcard only as the first label, like "*.example.com", or leave it unset to match every host')],
  },
  'hpa-replicas (max < min)': {
    mutate: (m) => { hpa(m).spec.minReplicas = 12; },
    expected: [error('hpa-replicas', HPA, 'spec.maxReplicas', 'maxReplicas 10 must be a whole number >= minReplicas (12); raise maxReplicas or lower minReplicas')],
  },
  'hpa-replicas (zero)': {
    mutate: (m) => { hpa(m).spec.minReplicas = 0; },
    expected: [error('hpa-replicas', HPA, 'spec.minReplicas', 'minReplicas 0 must be a whole number of at least 1; use 1 or more (scale-to-zero needs an alpha feature gate)')],
  },
  'hpa-metric (Utilization without averageUtilization)': {
    mutate: (m) => { hpa(m).spec.metrics[0].resource.target = { type: 'Utilization', averageValue: '500m' }; },
    expected: [error('hpa-metric', HPA, 'spec.metrics[0].resource.target.averageUtilization', 'a Utilization target needs averageUtilization, got averageValue instead; e.g. averageUtilization: 70 (percent of the request)')],
  },
  'hpa-metric (AverageValue without averageValue)': {
    mutate: (m) => { hpa(m).spec.metrics[0].resource.target = { type: 'AverageValue' }; },
    expected: [error('hpa-metric', HPA, 'spec.metrics[0].resource.target.averageValue', 'an AverageValue target needs averageValue; e.g. averageValue: "100m"')],
  },
  'hpa-metric (zero utilization)': {
    mutate: (m) => { hpa(m).spec.metrics[0].resource.target.averageUtilization = 0; },
    expected: [error('hpa-metric', HPA, 'spec.metrics[0].resource.target.averageUtilization', 'averageUtilization must be greater than 0, got 0')],
  },
  'hpa-metric (Value on a Resource metric)': {
    mutate: (m) => { hpa(m).spec.metrics[0].resource.target = { type: 'Value', value: '1' }; },
    expected: [error('hpa-metric', HPA, 'spec.metrics[0].resource.target.type', 'a Resource metric target type must be "Utilization" or "AverageValue", got "Value"')],
  },
  'hpa-metric (Pods metric)': {
    mutate: (m) => { hpa(m).spec.metrics.push({ type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'Value', value: '10' } } }); },
    expected: [error('hpa-metric', HPA, 'spec.metrics[1].pods.target.type', 'a Pods metric target type must be "AverageValue", got "Value"')],
  },
  'hpa-behavior': {
    mutate: (m) => {
      const scaleDown = hpa(m).spec.behavior.scaleDown;
      scaleDown.stabilizationWindowSeconds = 7200;
      scaleDown.policies[0].value = 0;
      scaleDown.policies[0].periodSeconds = 3600;
    },
    expected: [
      error('hpa-behavior', HPA, 'spec.behavior.scaleDown.stabilizationWindowSeconds', 'stabilizationWindowSeconds 7200 must be a whole number of seconds, 0s to 3600s; use 3600'),
      error('hpa-behavior', HPA, 'spec.behavior.scaleDown.policies[0].value', 'policy value 0 must be a whole number above 0; use 1 or more'),
      error('hpa-behavior', HPA, 'spec.behavior.scaleDown.policies[0].periodSeconds', 'policy periodSeconds 3600 must be a whole number of seconds, 1s to 1800s; use 1800'),
    ],
  },
  'hpa-behavior (policy type)': {
    mutate: (m) => { hpa(m).spec.behavior.scaleDown.policies[0].type = 'pods'; },
    expected: [error('hpa-behavior', HPA, 'spec.behavior.scaleDown.policies[0].type',
      'policy type "pods" is not a scaling policy type; use \'Pods\' (a number of pods) or \'Percent\' (a share of the current replicas)')],
  },
  'hpa-behavior (selectPolicy)': {
    mutate: (m) => { hpa(m).spec.behavior.scaleDown.selectPolicy = 'max'; },
    expected: [error('hpa-behavior', HPA, 'spec.behavior.scaleDown.selectPolicy',
      'selectPolicy "max" is not a policy selection Kubernetes knows; use \'Max\', \'Min\' or \'Disabled\'')],
  },
  'pdb-min-max': {
    mutate: (m) => { pdb(m).spec.maxUnavailable = '10%'; },
    expected: [error('pdb-min-max', PDB, 'spec', 'minAvailable (1) and maxUnavailable ("10%") are both set, and a budget takes only one; keep minAvailable or maxUnavailable')],
  },
};

const CROSS_OBJECT: Record<string, Case> = {
  'duplicate-object': {
    mutate: (m) => { m.push(JSON.parse(JSON.stringify(configMap(m)))); },
    expected: [error('duplicate-object', CM, 'metadata.name', 'ConfigMap/shop/web-config is defined twice; one would overwrite the other on apply: rename one or remove the duplicate')],
  },
  'service-selector': {
    mutate: (m) => { svc(m).spec.selector = { app: 'nope' }; },
    expected: [warning('service-selector', SVC, 'spec.selector', 'selector app=nope matches no pod template in namespace "shop" of these manifests; the Service would have no endpoints: make the selector match the workload\'s pod labels')],
  },
  'service-target-port (name)': {
    mutate: (m) => { svc(m).spec.ports[0].targetPort = 'web'; },
    expected: [error('service-target-port', SVC, 'spec.ports[name=http].targetPort', 'targetPort "web" names no container port of the selected pods (Deployment/shop/web; named ports: http, metrics); use one of those names or a port number')],
  },
  'service-target-port (number)': {
    mutate: (m) => { svc(m).spec.ports[1].targetPort = 9091; },
    expected: [error('service-target-port', SVC, 'spec.ports[name=metrics].targetPort', 'targetPort 9091 is not a container port of the selected pods (Deployment/shop/web; ports: 8080, 9090); point targetPort at a port the containers listen on')],
  },
  'ingress-service': {
    mutate: (m) => { ing(m).spec.rules[0].http.paths[0].backend.service.name = 'frontend'; },
    expected: [warning('ingress-service', ING, 'spec.rules[0].http.paths[0].backend.service.name', 'Service "frontend" is not in namespace "shop" of these manifests; make sure it exists, or fix the name')],
  },
  'ingress-service-port': {
    mutate: (m) => { ing(m).spec.rules[0].http.paths[1].backend.service.port = { number: 9091 }; },
    expected: [error('ingress-service-port', ING, 'spec.rules[0].http.paths[1].backend.service.port', 'Service "web" has no port 9091 (it has http (80), metrics (9090)); use one of its ports by number')],
  },
  'ingress-conflict': {
    mutate: (m) => {
      const copy = JSON.parse(JSON.stringify(ing(m)));
      copy.metadata.name = 'web-2';
      copy.spec.rules[0].http.paths.pop();
      m.push(copy);
    },
    expected: [error('ingress-conflict', 'Ingress/shop/web-2', 'spec.rules[0].http.paths[0].path', 'host "shop.example.com" path "/" is already claimed by Ingress/shop/web (ingress class "nginx"); the controller routes it to only one backend: change the host or path, or merge the rules')],
  },
  'hpa-target': {
    mutate: (m) => { hpa(m).spec.scaleTargetRef.name = 'api'; },
    expected: [warning('hpa-target', HPA, 'spec.scaleTargetRef', 'scale target Deployment "api" is not in namespace "shop" of these manifests; make sure it exists, or fix scaleTargetRef')],
  },
  'hpa-resource-request': {
    mutate: (m) => { web(m).pod.containers.push(container('sidecar', { resources: { requests: { memory: '16Mi' } } })); },
    expected: [error('hpa-resource-request', DEP, 'spec.template.spec.containers[name=sidecar].resources.requests', 'container "sidecar" has no cpu request, but HorizontalPodAutoscaler/shop/web targets cpu utilization, which is a percentage of the request: set resources.requests.cpu')],
  },
  'hpa-pinned-replicas': {
    mutate: (m) => { web(m).deployment.spec.replicas = 3; },
    expected: [error('hpa-pinned-replicas', DEP, 'spec.replicas', 'spec.replicas (3) is set although HorizontalPodAutoscaler/shop/web scales this Deployment: every apply resets the replica count the HPA chose; remove spec.replicas')],
  },
  'pdb-selector': {
    mutate: (m) => { pdb(m).spec.selector.matchLabels = { app: 'nope' }; },
    expected: [warning('pdb-selector', PDB, 'spec.selector', 'selector app=nope matches no pod template in namespace "shop" of these manifests, so this budget protects nothing: select the workload\'s pod labels')],
  },
  'httproute-backend (port)': {
    mutate: (m) => { obj(m, 'HTTPRoute', 'web').spec.rules[0].backendRefs[0].port = 8080; },
    expected: [error('httproute-backend', ROUTE, 'spec.rules[0].backendRefs[0].port', 'Service "web" has no port 8080 (it has 80, 9090); backendRef ports are Service ports, not container ports')],
  },
  'httproute-backend (missing Service)': {
    mutate: (m) => { obj(m, 'HTTPRoute', 'web').spec.rules[0].backendRefs[0].name = 'api'; },
    expected: [warning('httproute-backend', ROUTE, 'spec.rules[0].backendRefs[0].name', 'Service "api" is not in namespace "shop" of these manifests; make sure it exists, or fix the backendRef')],
  },
};

function check({ mutate, expected, options }: Case): void {
  const manifests = goodApp();
  mutate(manifests);
  expect(validateManifests(manifests, options)).toEqual(expected);
}

describe('API-server rules', () => {
  test.each(Object.entries(API_RULES))('%s', (_, c) => check(c));
});

describe('cross-object rules', () => {
  test.each(Object.entries(CROSS_OBJECT))('%s', (_, c) => check(c));
});

test('resource quantities are read in every form the API server accepts', () => {
  const manifests = goodApp();
  const { app } = web(manifests);
  app.resources = { requests: { cpu: '0.5', memory: '1e8', 'ephemeral-storage': '500M' }, limits: { cpu: '500m', memory: '100M', 'ephemeral-storage': '0.5G' } };
  expect(validateManifests(manifests)).toEqual([]);
  app.resources = { requests: { cpu: 1, memory: '1.5Gi' }, limits: { cpu: '999m', memory: '1536Mi' } };
  expect(validateManifests(manifests)).toEqual([
    error('resource-request-limit', DEP, `${APP}.resources.requests["cpu"]`, 'cpu request 1 is above the limit ("999m"); lower the request or raise the limit'),
  ]);
  app.resources = { requests: { cpu: '1.2.3', memory: '5 Mi' } };
  expect(validateManifests(manifests).map((f) => `${f.rule} ${f.path}`)).toEqual([
    `resource-quantity ${APP}.resources.requests["cpu"]`,
    `resource-quantity ${APP}.resources.requests["memory"]`,
  ]);
});

// A quoted number is an IntOrString string: core validation.go checks it with IsValidPortName ("must contain at
// least one letter (a-z)"), so kubectl apply refuses `targetPort: "9090"` and a probe's `port: "8080"`.
test('a port written as a quoted number is an error with the fix, for a Service targetPort and a probe port', () => {
  const manifests = goodApp();
  svc(manifests).spec.ports[1].targetPort = '9090';
  web(manifests).app.livenessProbe.tcpSocket.port = '8080';
  const fix = (n: number) => `is a quoted number, which the API server reads as a port name, and a port name needs a letter; write it as a number: ${n}`;
  expect(validateManifests(manifests)).toEqual([
    error('probe-port', DEP, `${APP}.livenessProbe.tcpSocket.port`, `port "8080" ${fix(8080)}`),
    error('port-name', SVC, 'spec.ports[name=metrics].targetPort', `targetPort "9090" ${fix(9090)}`),
  ]);
});

// apimachinery api/validation/objectmeta.go ValidateAnnotations lower-cases the key before IsQualifiedName.
test('an annotation key with an upper-case prefix is valid; a label key with one is not', () => {
  const manifests = goodApp();
  configMap(manifests).metadata.annotations = { 'Example.com/owner': 'team-a' };
  expect(validateManifests(manifests)).toEqual([]);
  configMap(manifests).metadata.labels = { 'Example.com/owner': 'team-a' };
  expect(validateManifests(manifests).map((f) => `${f.rule} ${f.path}`)).toEqual(['label-key metadata.labels["Example.com/owner"]']);
});

// apps validation.go: ValidateRollingUpdateDeployment caps only maxUnavailable at 100% (IsNotMoreThan100Percent);
// ValidateRollingUpdateDaemonSet caps both (the DaemonSet case is in API_RULES).
test('a Deployment maxSurge above 100% is valid', () => {
  const manifests = goodApp();
  web(manifests).deployment.spec.strategy.rollingUpdate.maxSurge = '150%';
  expect(validateManifests(manifests)).toEqual([]);
  manifests.push(daemonSet(manifests, { maxSurge: '100%', maxUnavailable: 0 }));
  expect(validateManifests(manifests)).toEqual([]);
});

test('a Service without selector (ExternalName) is not matched to pods', () => {
  const manifests = goodApp();
  manifests.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'payments', namespace: 'shop' }, spec: { type: 'ExternalName', externalName: 'payments.example.com' } });
  expect(validateManifests(manifests)).toEqual([]);
});

test('a native sidecar may have probes and lifecycle hooks, which an init container that runs to completion may not', () => {
  const manifests = goodApp();
  const probe = { tcpSocket: { port: 9901 }, periodSeconds: 5 };
  web(manifests).pod.initContainers = [
    container('proxy', { restartPolicy: 'Always', ports: [{ containerPort: 9901 }], startupProbe: probe, readinessProbe: probe, lifecycle: { preStop: { sleep: { seconds: 5 } } } }),
  ];
  expect(validateManifests(manifests)).toEqual([]);
});

test('a sidecar init container (restartPolicy Always) shares the pod\'s ports', () => {
  const manifests = goodApp();
  web(manifests).pod.initContainers = [container('proxy', { restartPolicy: 'Always', ports: [{ name: 'proxy', containerPort: 8080 }] })];
  expect(validateManifests(manifests, { kubernetesVersions: ['1.35'] })).toEqual([
    error('port-unique', DEP, 'spec.template.spec.initContainers[name=proxy].ports[name=proxy].containerPort', 'containerPort 8080/TCP is also declared by container "app", and containers of a pod share one network namespace; give one of them another port'),
  ]);
});
