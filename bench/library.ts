/**
 * Workload "library": N web services written with this library, one Chart, one file.
 * Each service: RollingDeployment + ClusterIpService + one host rule in a shared RoutingIngress +
 * HorizontalAutoscaler (minReplicas 2, so the deployment creates its default PodDisruptionBudget).
 * The app is a SafeApp, as main.ts and docs/errors.md have it: the chart checks its manifests at synth,
 * as every chart using the library does, and the app checks them all before publishing. `--app` uses a
 * plain cdk8s `App` instead (the chart's own check only, cdk8s's synth and YAML); `--no-validate` turns
 * the chart's check off through VALIDATE_MANIFESTS_CONTEXT (and SafeApp's with `validation: false`).
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import {
  ClusterIpService, Cpu, HorizontalAutoscaler, IngressBackend, IngressController, Probe, RollingDeployment, RoutingIngress,
  SafeApp, VALIDATE_MANIFESTS_CONTEXT,
} from '../lib';
import { oneChart, runWorkload, service } from './workload';

runWorkload(oneChart((chart: Chart, n: number) => {
  const ingress = new RoutingIngress(chart, 'ingress', { controller: IngressController.GENERIC, ingressClassName: 'nginx' });
  for (let i = 0; i < n; i++) {
    const s = service(i);
    const deployment = new RollingDeployment(chart, s.name, {
      containers: [{
        name: 'app',
        image: s.image,
        ports: [{ number: s.containerPort, name: 'http' }],
        resources: {
          cpu: { request: Cpu.millis(s.cpuMillis), limit: Cpu.millis(s.cpuMillis * 5) },
          memory: { request: Size.mebibytes(s.memoryMiB), limit: Size.mebibytes(s.memoryMiB * 2) },
        },
        liveness: Probe.httpGet('/healthz', { port: 'http', period: Duration.seconds(10) }),
        readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(5) }),
      }],
    });
    const svc = new ClusterIpService(chart, `${s.name}-service`, {
      name: s.name, target: deployment, ports: [{ port: 80, targetPort: 'http' }],
    });
    new HorizontalAutoscaler(chart, `${s.name}-autoscaler`, {
      target: deployment, minReplicas: s.minReplicas, maxReplicas: s.maxReplicas, cpuUtilizationPercent: s.cpuPercent,
    });
    ingress.addHostRule(s.host, IngressBackend.fromService(svc));
  }
}, (outdir, validate) => {
  const app = process.argv.includes('--app') ? new App({ outdir }) : new SafeApp({ outdir, ...(validate ? {} : { validation: false }) });
  if (!validate) app.node.setContext(VALIDATE_MANIFESTS_CONTEXT, false);
  return app;
}));
