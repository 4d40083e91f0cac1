/**
 * Workload "plain": the floor. The same objects as bench/library.ts, field for field (run.ts
 * checks the two outputs are byte-identical), written as cdk8s `ApiObject`s from object literals:
 * no checks, no defaults logic, no L1 classes (so cdk8s-plus-27's k8s bindings are not loaded).
 */
import { ApiObject, Chart } from 'cdk8s';
import { oneChart, runWorkload, service } from './workload';

runWorkload(oneChart((chart: Chart, n: number) => {
  const labelsOf = (name: string, component: string) => ({
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/instance': `services-${component}`,
    'app.kubernetes.io/managed-by': 'cdk8s-patterns',
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': 'services',
  });
  const rules: unknown[] = [];
  new ApiObject(chart, 'ingress', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'ingress', labels: labelsOf('ingress', 'ingress') },
    spec: { ingressClassName: 'nginx', rules },
  });
  for (let i = 0; i < n; i++) {
    const s = service(i);
    const labels = labelsOf(s.name, s.name);
    const selector = { 'app.kubernetes.io/instance': labels['app.kubernetes.io/instance'], 'app.kubernetes.io/name': s.name };
    const spread = (topologyKey: string) => ({
      labelSelector: { matchLabels: selector },
      matchLabelKeys: ['pod-template-hash'],
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable: 'ScheduleAnyway',
    });
    new ApiObject(chart, s.name, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: s.name, labels, annotations: { 'kubernetes.io/change-cause': s.image } },
      spec: {
        progressDeadlineSeconds: 600,
        revisionHistoryLimit: 10,
        selector: { matchLabels: selector },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 }, type: 'RollingUpdate' },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            containers: [{
              image: s.image,
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
              name: 'app',
              ports: [{ containerPort: s.containerPort, name: 'http' }],
              readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5 },
              resources: {
                limits: { cpu: `${s.cpuMillis * 5}m`, memory: `${s.memoryMiB * 2}Mi` },
                requests: { cpu: `${s.cpuMillis}m`, memory: `${s.memoryMiB}Mi` },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                seccompProfile: { type: 'RuntimeDefault' },
              },
            }],
            topologySpreadConstraints: [spread('topology.kubernetes.io/zone'), spread('kubernetes.io/hostname')],
          },
        },
      },
    });
    new ApiObject(chart, `${s.name}-pdb`, {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: s.name, labels },
      spec: { maxUnavailable: 1, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    });
    new ApiObject(chart, `${s.name}-service`, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: s.name, labels },
      spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }], selector, type: 'ClusterIP' },
    });
    new ApiObject(chart, `${s.name}-autoscaler`, {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: s.name, labels },
      spec: {
        maxReplicas: s.maxReplicas,
        metrics: [{ resource: { name: 'cpu', target: { averageUtilization: s.cpuPercent, type: 'Utilization' } }, type: 'Resource' }],
        minReplicas: s.minReplicas,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: s.name },
      },
    });
    rules.push({
      host: s.host,
      http: { paths: [{ backend: { service: { name: s.name, port: { number: 80 } } }, path: '/', pathType: 'Prefix' }] },
    });
  }
}));
