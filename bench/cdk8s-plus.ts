/**
 * Workload "cdk8s-plus": the same web services written by hand with cdk8s-plus-27, as its docs
 * show: `kplus.Deployment`, `deployment.exposeViaService`, one `kplus.Ingress` with a host rule per
 * service, `kplus.HorizontalPodAutoscaler`, and the PodDisruptionBudget from the k8s L1 bindings
 * (cdk8s-plus-27 has none). What cdk8s-plus cannot express (topology spread constraints, seccomp,
 * dropping ALL capabilities)
 * goes in through its escape hatch, JSON patches on the ApiObject. The output is close to, not
 * identical with, the library's: cdk8s-plus adds its own selector label and defaults.
 */
import { ApiObject, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { oneChart, runWorkload, service } from './workload';

runWorkload(oneChart((chart: Chart, n: number) => {
  const ingress = new kplus.Ingress(chart, 'ingress', { className: 'nginx', metadata: { name: 'ingress' } });
  for (let i = 0; i < n; i++) {
    const s = service(i);
    const labels: Record<string, string> = {
      'app.kubernetes.io/component': s.name,
      'app.kubernetes.io/instance': `services-${s.name}`,
      'app.kubernetes.io/managed-by': 'cdk8s-plus',
      'app.kubernetes.io/name': s.name,
      'app.kubernetes.io/part-of': 'services',
    };
    const deployment = new kplus.Deployment(chart, s.name, {
      metadata: { name: s.name, labels, annotations: { 'kubernetes.io/change-cause': s.image } },
      podMetadata: { labels },
      automountServiceAccountToken: false,
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.percent(25),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
      containers: [{
        name: 'app',
        image: s.image,
        ports: [{ number: s.containerPort, name: 'http' }],
        resources: {
          cpu: { request: kplus.Cpu.millis(s.cpuMillis), limit: kplus.Cpu.millis(s.cpuMillis * 5) },
          memory: { request: Size.mebibytes(s.memoryMiB), limit: Size.mebibytes(s.memoryMiB * 2) },
        },
        liveness: kplus.Probe.fromHttpGet('/healthz', { port: s.containerPort, periodSeconds: Duration.seconds(10) }),
        readiness: kplus.Probe.fromHttpGet('/ready', { port: s.containerPort, periodSeconds: Duration.seconds(5) }),
        securityContext: {
          ensureNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
        },
      }],
    });
    const selector = deployment.matchLabels;
    const spread = (topologyKey: string) => ({
      labelSelector: { matchLabels: selector },
      matchLabelKeys: ['pod-template-hash'],
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable: 'ScheduleAnyway',
    });
    ApiObject.of(deployment).addJsonPatch(
      JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [spread('topology.kubernetes.io/zone'), spread('kubernetes.io/hostname')]),
      JsonPatch.add('/spec/template/spec/containers/0/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
      JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }),
    );
    const svc = deployment.exposeViaService({
      name: s.name,
      serviceType: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: 'http', port: 80, targetPort: s.containerPort }],
    });
    for (const [key, value] of Object.entries(labels)) svc.metadata.addLabel(key, value);
    new kplus.HorizontalPodAutoscaler(chart, `${s.name}-autoscaler`, {
      metadata: { name: s.name, labels },
      target: deployment,
      minReplicas: s.minReplicas,
      maxReplicas: s.maxReplicas,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(s.cpuPercent))],
    });
    new k8s.KubePodDisruptionBudget(chart, `${s.name}-pdb`, {
      metadata: { name: s.name, labels },
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    });
    ingress.addHostRule(s.host, '/', kplus.IngressBackend.fromService(svc), kplus.HttpIngressPathType.PREFIX);
  }
}));
