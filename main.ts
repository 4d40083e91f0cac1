/**
 * The example app: a small restaurant.
 *
 * - Pods are kitchens: the `frontend` (the dining room's menu, nginx) and the `api` (the order system).
 * - A Service is the waiter: a stable name that finds whichever kitchen pods are ready.
 * - The Ingress is the receptionist: it reads the host and path of each guest's request and seats it.
 * - The autoscalers open more kitchens when it gets busy; probes send a cook home when unwell.
 * - The `kitchen` pod is a chef and a logger sharing one order book (`/var/log`).
 *
 * `npx cdk8s synth` writes it to dist/; `kubectl apply -f dist/` deploys it. `CLOUD_PROVIDER=eks|gke|aks|generic`
 * (default generic) picks the cloud profile: load balancer annotations and the Ingress controller.
 */
import { App, Chart, ChartProps, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AppNamespace, CloudProvider, ClusterIpService, Cpu, EnvValue, Gateway, HorizontalAutoscaler, HttpRoute, IngressBackend,
  IngressController, LoadBalancerService, MultiContainerPod, NetworkPolicy, NodePortService, Peer, Probe, RollingDeployment, RoutingIngress,
} from './lib';

export interface RestaurantChartProps extends ChartProps {
  /** @default CloudProvider.GENERIC */
  readonly cloudProvider?: CloudProvider;
}

export class RestaurantChart extends Chart {
  constructor(scope: Construct, id: string, props: RestaurantChartProps = {}) {
    super(scope, id, props);
    // First, before any construct: the profile shapes the load balancer and the Ingress below.
    if (props.cloudProvider) CloudProvider.use(this, props.cloudProvider);

    // Pod Security admission enforces "restricted" for everything below, on the API server too.
    new AppNamespace(this, 'namespace');

    // nginx-unprivileged runs as uid 101 and listens on 8080; it writes only under /tmp.
    const frontend = new RollingDeployment(this, 'frontend', {
      version: '1.27',
      containers: [{
        image: 'nginxinc/nginx-unprivileged:1.27-alpine',
        ports: [{ number: 8080, name: 'http' }],
        resources: {
          cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
          memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
        },
        liveness: Probe.httpGet('/', { port: 'http', period: Duration.seconds(10) }),
        readiness: Probe.httpGet('/', { port: 'http', period: Duration.seconds(5) }),
        writablePaths: ['/tmp'],
      }],
    });

    // hello-app is a static Go binary: any numeric non-root user works.
    const api = new RollingDeployment(this, 'api', {
      version: '2.0',
      maxSurge: 1,
      minReady: Duration.seconds(5),
      containers: [{
        image: 'us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0',
        ports: [{ number: 8080, name: 'http' }],
        env: {
          PORT: '8080',
          POD_NAMESPACE: EnvValue.fromField('metadata.namespace'),
        },
        resources: {
          cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
          memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
        },
        startup: Probe.tcpSocket({ port: 'http', failureThreshold: 30, period: Duration.seconds(2) }),
        liveness: Probe.httpGet('/', { port: 'http' }),
        readiness: Probe.httpGet('/', { port: 'http', period: Duration.seconds(5) }),
        security: { runAsUser: 65532, runAsGroup: 65532 },
      }],
    });

    new HorizontalAutoscaler(this, 'frontend-autoscaler', {
      target: frontend, minReplicas: 2, maxReplicas: 10, cpuUtilizationPercent: 70,
    });
    new HorizontalAutoscaler(this, 'api-autoscaler', {
      target: api,
      minReplicas: 2,
      maxReplicas: 20,
      cpuUtilizationPercent: 70,
      memoryUtilizationPercent: 80,
      scaleDown: { stabilizationWindow: Duration.minutes(5), policies: [{ type: 'Pods', value: 1, period: Duration.minutes(1) }] },
    });

    // The waiters: in-cluster names for each kitchen, plus two ways in from outside.
    const frontendService = new ClusterIpService(this, 'frontend-service', {
      name: 'frontend', target: frontend, ports: [{ port: 80, targetPort: 'http' }],
    });
    const apiService = new ClusterIpService(this, 'api-service', {
      name: 'api', target: api, ports: [{ port: 80, targetPort: 'http' }],
    });
    new NodePortService(this, 'frontend-nodeport', {
      target: frontend, ports: [{ port: 80, targetPort: 'http', nodePort: 30007 }],
    });
    new LoadBalancerService(this, 'frontend-public', {
      target: frontend, ports: [{ port: 80, targetPort: 'http' }], scheme: 'internet-facing',
    });

    // The receptionist: by host name, and by path for clients that only know one address. It is the
    // cloud's own controller; on a generic cluster, F5 NGINX Ingress Controller (class nginx). Each
    // feature is asked for only where the controller can express it: the others would refuse it.
    const provider = CloudProvider.of(this);
    const controller = provider === CloudProvider.GENERIC ? IngressController.F5_NGINX : provider.ingressController;
    new RoutingIngress(this, 'reception', {
      controller,
      // ALB finds an ACM certificate for the hosts itself; the other controllers read the Secret.
      tls: [{ secretName: controller.supports('tlsSecret') ? 'restaurant-tls' : undefined, hosts: ['app.example.com', 'api.example.com'] }],
      httpsRedirect: controller.supports('httpsRedirect') ? true : undefined,
      rateLimit: controller.supports('rateLimit') ? { requestsPerSecond: 20 } : undefined,
      maxBodySize: controller.supports('maxBodySize') ? Size.mebibytes(1) : undefined,
      rules: [
        { host: 'app.example.com', backend: IngressBackend.fromService(frontendService) },
        { host: 'api.example.com', backend: IngressBackend.fromService(apiService) },
        { path: '/', backend: IngressBackend.fromService(frontendService) },
        { path: '/api', backend: IngressBackend.fromService(apiService) },
      ],
    });

    // The same reception in Gateway API form, Ingress's successor. Plain HTTP only redirects to HTTPS,
    // so every route is per host name (a client without one cannot get a certificate match).
    const gateway = new Gateway(this, 'gateway', {
      gatewayClassName: 'eg',
      tls: [{ secretName: 'restaurant-tls', hosts: ['app.example.com', 'api.example.com'] }],
    });
    new HttpRoute(this, 'app-route', {
      gateway,
      hostnames: ['app.example.com'],
      rules: [
        { backends: [{ service: frontendService }] },
        { path: '/api', backends: [{ service: apiService }] },
      ],
    });
    new HttpRoute(this, 'api-route', { gateway, hostnames: ['api.example.com'], rules: [{ backends: [{ service: apiService }] }] });

    // The doors: nothing gets in or out of the namespace's pods unless allowed below (DNS stays open).
    // Traffic arrives from the ingress controller's and the gateway's namespaces.
    NetworkPolicy.denyAll(this, 'default-deny');
    const edge = [Peer.namespace('ingress-nginx'), Peer.namespace('envoy-gateway-system')];
    const frontendPolicy = new NetworkPolicy(this, 'frontend-policy', { target: frontend });
    for (const peer of edge) frontendPolicy.allowFrom(peer, 'http');
    // The NodePort and LoadBalancer services bring clients from outside the cluster straight to the pods.
    frontendPolicy.allowFrom(Peer.ipBlock('0.0.0.0/0'), 'http');
    frontendPolicy.allowTo(Peer.workload(api), 'http');
    const apiPolicy = new NetworkPolicy(this, 'api-policy', { target: api });
    for (const peer of [...edge, Peer.workload(frontend)]) apiPolicy.allowFrom(peer, 'http');

    // The kitchen: the chef writes orders, the logger reads them, over a shared emptyDir.
    new MultiContainerPod(this, 'kitchen', {
      volumes: [{ name: 'orders', sizeLimit: Size.mebibytes(64) }],
      containers: [
        {
          name: 'chef',
          image: 'busybox:1.36',
          command: ['sh', '-c', 'while true; do echo "$(date) order up for $ORDERS_URL" >> /var/log/orders.log; sleep 5; done'],
          // Service discovery: the order system's address comes from its Service, not a typed string.
          env: { ORDERS_URL: EnvValue.fromServiceUrl(apiService) },
          mounts: [{ volume: 'orders', path: '/var/log' }],
          resources: { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(16), limit: Size.mebibytes(32) } },
          security: { runAsUser: 65534, runAsGroup: 65534 },
        },
        {
          name: 'logger',
          image: 'busybox:1.36',
          command: ['sh', '-c', 'touch /var/log/orders.log && tail -n+1 -F /var/log/orders.log'],
          mounts: [{ volume: 'orders', path: '/var/log', readOnly: false }],
          resources: { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(16), limit: Size.mebibytes(32) } },
          security: { runAsUser: 65534, runAsGroup: 65534 },
        },
      ],
    });
  }
}

if (require.main === module) {
  const app = new App();
  const cloudProvider = CloudProvider.fromName(process.env.CLOUD_PROVIDER ?? 'generic');
  new RestaurantChart(app, 'restaurant', { namespace: 'restaurant', cloudProvider });
  app.synth();
}
