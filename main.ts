/**
 * The example app: a small restaurant, synthesized for two environments from one typed config.
 *
 * - Pods are kitchens: the `frontend` (the dining room's menu, nginx) and the `api` (the order system).
 * - A Service is the waiter: a stable name that finds whichever kitchen pods are ready.
 * - The Ingress is the receptionist: it reads the host and path of each guest's request and seats it.
 * - The autoscalers open more kitchens when it gets busy; probes send a cook home when unwell.
 * - The `kitchen` pod is a chef and a logger sharing one order book (`/var/log`).
 * - The `menu` ConfigMap is the printed menu, on the frontend's tables (`/menu/menu.json`); reprinting it
 *   (changing the content) rolls the frontend, through the config hash on its pod template.
 * - The `host` watches the menu through the Kubernetes API, as a ServiceAccount that may read that one ConfigMap.
 * - The pantry's credentials are made outside the app (External Secrets), and only referred to by name.
 *
 * `npx cdk8s synth` writes one file per environment (`dist/restaurant-dev.k8s.yaml`,
 * `dist/restaurant-prod.k8s.yaml`); `kubectl apply -f dist/restaurant-prod.k8s.yaml` deploys one.
 * `CLOUD_PROVIDER=eks|gke|aks|generic` (default generic) picks the cloud profile: load balancer
 * annotations, the Ingress controller and where its requests come from.
 */
import { App, Chart, ChartProps, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as path from 'path';
import {
  AppNamespace, CloudProvider, CloudProviderName, ConfigMap, ContainerResources, Cpu, EnvValue, Gateway, HttpRoute, IngressController, ISecret,
  LoadBalancerService, MultiContainerPod, NetworkPolicy, NodePortService, Peer, Probe, READ_VERBS, Role, RollingDeployment, RoutingIngress, SafeApp,
  Secret, ServiceAccount, Volume, VolumeMount, WebService, WebServiceProps,
} from './lib';

/** How many pods a service runs, and how big they are. */
export interface ServiceSize {
  /** A fixed pod count; not with `autoscaling`. @default - 1, or the autoscaler's */
  readonly replicas?: number;
  /** Let a HorizontalAutoscaler keep the pod count in this range. @default - a fixed count */
  readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number };
  readonly resources: ContainerResources;
}

/** What differs between the environments. Everything else is the same code, so dev runs what prod runs. */
export interface RestaurantEnvironment {
  /** The namespace, and the chart id: `cdk8s synth` writes `dist/<namespace>.k8s.yaml`. */
  readonly namespace: string;
  /** The public host names; the Ingress, the Gateway and the certificate (`restaurant-tls`) serve these. */
  readonly hosts: { readonly app: string; readonly api: string };
  /** Node ports are cluster-wide, so environments sharing a cluster each need their own. */
  readonly frontendNodePort: number;
  readonly frontend: ServiceSize;
  readonly api: ServiceSize;
}

export type EnvironmentName = 'dev' | 'prod';

const SMALL: ContainerResources = {
  cpu: { request: Cpu.millis(50), limit: Cpu.millis(250) },
  memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) },
};
const STANDARD: ContainerResources = {
  cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
  memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
};

/** The one config both environments are synthesized from. */
export const ENVIRONMENTS: Readonly<Record<EnvironmentName, RestaurantEnvironment>> = {
  dev: {
    namespace: 'restaurant-dev',
    hosts: { app: 'app.dev.example.com', api: 'api.dev.example.com' },
    frontendNodePort: 30008,
    frontend: { replicas: 1, resources: SMALL },
    api: { replicas: 1, resources: SMALL },
  },
  prod: {
    namespace: 'restaurant-prod',
    hosts: { app: 'app.example.com', api: 'api.example.com' },
    frontendNodePort: 30007,
    frontend: { autoscaling: { minReplicas: 2, maxReplicas: 10 }, resources: STANDARD },
    api: { autoscaling: { minReplicas: 2, maxReplicas: 20 }, resources: STANDARD },
  },
};

/**
 * Where each cloud's Ingress controller connects to the pods from, for the network policies. The
 * CIDRs are the documented defaults; replace them with your VPC's (EKS) or Application Gateway subnet's (AKS).
 * - generic (F5 NGINX Ingress Controller): its manifests install it into namespace `nginx-ingress`,
 *   https://docs.nginx.com/nginx-ingress-controller/install/manifests/
 * - EKS (ALB, target-type ip): the load balancer's nodes in the VPC; eksctl's default VPC CIDR,
 *   https://docs.aws.amazon.com/eks/latest/eksctl/vpc-configuration.html
 * - GKE (GCE Ingress, container-native): Google Front Ends and health checks,
 *   https://cloud.google.com/load-balancing/docs/firewall-rules
 * - AKS (AGIC add-on): the Application Gateway's subnet, as in
 *   https://learn.microsoft.com/azure/application-gateway/tutorial-ingress-controller-add-on-new
 */
const INGRESS_SOURCES: Record<CloudProviderName, () => Peer[]> = {
  generic: () => [Peer.namespace('nginx-ingress')],
  eks: () => [Peer.ipBlock('192.168.0.0/16')],
  gke: () => [Peer.ipBlock('35.191.0.0/16'), Peer.ipBlock('130.211.0.0/22')],
  aks: () => [Peer.ipBlock('10.225.0.0/16')],
};
/** Envoy Gateway (GatewayClass `eg`) runs each Gateway's proxies in its own namespace, `envoy-gateway-system`. */
const GATEWAY_PROXIES = 'envoy-gateway-system';

export interface RestaurantChartProps extends ChartProps {
  /** @default CloudProvider.GENERIC */
  readonly cloudProvider?: CloudProvider;
  /** @default ENVIRONMENTS.prod */
  readonly environment?: RestaurantEnvironment;
  /** @default - `environment.namespace` */
  readonly namespace?: string;
}

export class RestaurantChart extends Chart {
  public readonly environment: RestaurantEnvironment;
  public readonly frontend: WebService;
  public readonly api: WebService;
  public readonly config: RestaurantConfig;
  public readonly host: RollingDeployment;

  constructor(scope: Construct, id: string, props: RestaurantChartProps = {}) {
    const environment = props.environment ?? ENVIRONMENTS.prod;
    super(scope, id, { ...props, namespace: props.namespace ?? environment.namespace });
    this.environment = environment;
    // First, before any construct: the profile shapes the load balancer and the Ingress below.
    if (props.cloudProvider) CloudProvider.use(this, props.cloudProvider);
    const { hosts } = environment;

    // Pod Security admission enforces "restricted" for everything below, on the API server too.
    new AppNamespace(this, 'namespace');

    // The receptionist: by host name, then by path. It is the cloud's own controller; on a generic
    // cluster, F5 NGINX Ingress Controller (class nginx). Each feature is asked for only where the
    // controller can express it: the others would refuse it.
    const provider = CloudProvider.of(this);
    const controller = provider === CloudProvider.GENERIC ? IngressController.F5_NGINX : provider.ingressController;
    const reception = new RoutingIngress(this, 'reception', {
      controller,
      // ALB finds an ACM certificate for the hosts itself; the other controllers read the Secret.
      tls: [{ secretName: controller.supports('tlsSecret') ? 'restaurant-tls' : undefined, hosts: [hosts.app, hosts.api] }],
      httpsRedirect: controller.supports('httpsRedirect') ? true : undefined,
      rateLimit: controller.supports('rateLimit') ? { requestsPerSecond: 20 } : undefined,
      maxBodySize: controller.supports('maxBodySize') ? Size.mebibytes(1) : undefined,
    });

    // The same reception in Gateway API form, Ingress's successor. Plain HTTP only redirects to HTTPS,
    // so every route is per host name (a client without one cannot get a certificate match).
    const gateway = new Gateway(this, 'gateway', {
      gatewayClassName: 'eg',
      tls: [{ secretName: 'restaurant-tls', hosts: [hosts.app, hosts.api] }],
    });
    const appRoute = new HttpRoute(this, 'app-route', { gateway, hostnames: [hosts.app] });
    const apiRoute = new HttpRoute(this, 'api-route', { gateway, hostnames: [hosts.api] });
    const fromIngress = INGRESS_SOURCES[provider.name]();
    const fromGateway = [Peer.namespace(GATEWAY_PROXIES)];
    this.config = restaurantConfig(this);
    const menu = menuOnTheTables(this.config.menu);

    // nginx-unprivileged runs as uid 101 and listens on 8080; it writes only under /tmp.
    this.frontend = new WebService(this, 'frontend', {
      version: '1.27',
      ...replicaProps(environment.frontend, { cpuUtilizationPercent: 70 }),
      volumes: [menu.volume],
      containers: [{
        image: 'nginxinc/nginx-unprivileged:1.27-alpine',
        ports: [{ number: 8080, name: 'http' }],
        resources: environment.frontend.resources,
        liveness: Probe.httpGet('/', { port: 'http', period: Duration.seconds(10) }),
        readiness: Probe.httpGet('/', { port: 'http', period: Duration.seconds(5) }),
        writablePaths: ['/tmp'],
        mounts: [menu.mount],
      }],
      ingress: { ingress: reception, host: hosts.app, from: fromIngress },
      httpRoute: { route: appRoute, from: fromGateway },
    });

    // hello-app is a static Go binary: any numeric non-root user works.
    this.api = new WebService(this, 'api', {
      version: '2.0',
      maxSurge: 1,
      minReady: Duration.seconds(5),
      ...replicaProps(environment.api, {
        cpuUtilizationPercent: 70,
        memoryUtilizationPercent: 80,
        scaleDown: { stabilizationWindow: Duration.minutes(5), policies: [{ type: 'Pods', value: 1, period: Duration.minutes(1) }] },
      }),
      containers: [{
        image: 'us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0',
        ports: [{ number: 8080, name: 'http' }],
        env: {
          PORT: '8080',
          POD_NAMESPACE: EnvValue.fromField('metadata.namespace'),
        },
        resources: environment.api.resources,
        startup: Probe.tcpSocket({ port: 'http', failureThreshold: 30, period: Duration.seconds(2) }),
        liveness: Probe.httpGet('/', { port: 'http' }),
        readiness: Probe.httpGet('/', { port: 'http', period: Duration.seconds(5) }),
        security: { runAsUser: 65532, runAsGroup: 65532 },
      }],
      ingress: { ingress: reception, host: hosts.api, from: fromIngress },
      httpRoute: { route: apiRoute, from: fromGateway },
    });
    const { frontend, api } = this;

    // The app's host also serves the api under /api, for browsers that stay on one origin (the same
    // peers as the host rules). Every rule names its host: a catch-all rule would claim every host
    // of the ingress class, and the two environments sharing a cluster would fight over it.
    api.exposeViaIngress(reception, { host: hosts.app, path: '/api' });
    api.exposeViaHttpRoute(appRoute, { path: '/api' });

    // The doors: nothing gets in or out of the namespace's pods unless allowed (DNS stays open). The
    // routes above let their controller's requests in; frontend → api is allowed on both sides.
    NetworkPolicy.denyAll(this, 'default-deny');
    api.allowFrom(frontend);

    // Two ways in from outside, straight to the frontend pods, so clients from anywhere may connect.
    new NodePortService(this, 'frontend-nodeport', {
      target: frontend.deployment, ports: [{ port: 80, targetPort: 'http', nodePort: environment.frontendNodePort }],
    });
    new LoadBalancerService(this, 'frontend-public', {
      target: frontend.deployment, ports: [{ port: 80, targetPort: 'http' }], scheme: 'internet-facing',
    });
    frontend.allowFrom(Peer.ipBlock('0.0.0.0/0'));

    // The kitchen: the chef writes orders, the logger reads them, over a shared emptyDir.
    new MultiContainerPod(this, 'kitchen', {
      volumes: [{ name: 'orders', sizeLimit: Size.mebibytes(64) }],
      containers: [
        {
          name: 'chef',
          image: 'busybox:1.36',
          command: ['sh', '-c', 'while true; do echo "$(date) order up for $ORDERS_URL" >> /var/log/orders.log; sleep 5; done'],
          // Service discovery: the order system's address comes from its Service, not a typed string.
          env: { ORDERS_URL: EnvValue.fromServiceUrl(api.service) },
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

    this.host = menuWatcher(this, this.config.menu);
  }
}

/** The menu the frontend serves, as JSON. A change here rolls the frontend (see `RestaurantConfig`). */
export const MENU = {
  starters: ['tomato soup', 'green salad'],
  mains: ['mushroom risotto', 'grilled trout'],
  desserts: ['lemon tart'],
} as const;

/**
 * The restaurant's configuration and credentials.
 * - `menu`: a ConfigMap of the app. Pods that use it carry a hash of its content
 *   (`cdk8s-patterns/config-hash`), so changing the menu rolls them.
 * - `pantryCredentials`: the pantry database's `username` and `password`, made outside the app by
 *   External Secrets from the cloud's secret store. Only the name is here; pods that read it list it in
 *   `cdk8s-patterns/external-refs`, so the check can tell it from a typo. The pantry and its jobs
 *   (another change) take it from here: `EnvValue.fromSecret(config.pantryCredentials, 'password')`.
 */
export interface RestaurantConfig {
  readonly menu: ConfigMap;
  readonly pantryCredentials: ISecret;
}

export function restaurantConfig(scope: Construct): RestaurantConfig {
  return {
    menu: new ConfigMap(scope, 'menu', { data: { 'menu.json': `${JSON.stringify(MENU, null, 2)}\n` } }),
    pantryCredentials: Secret.fromExternal(scope, 'pantry-credentials', { keys: ['username', 'password'], managedBy: 'external-secrets' }),
  };
}

/** The menu as a read-only directory where nginx serves `/menu/` (its html root is /usr/share/nginx/html). */
function menuOnTheTables(menu: ConfigMap): { readonly volume: Volume; readonly mount: VolumeMount } {
  return {
    volume: Volume.fromConfigMap('menu', menu, { items: [{ key: 'menu.json', path: 'menu.json', mode: 0o444 }] }),
    mount: { volume: 'menu', path: '/usr/share/nginx/html/menu', readOnly: true },
  };
}

/**
 * The host: follows the menu through the Kubernetes API (`kubectl get --watch`) and logs each change. Its
 * ServiceAccount may get, list and watch that one ConfigMap and nothing else; having a role, its pods mount
 * an API token, which no other pod of the app does.
 *
 * registry.k8s.io/kubectl is the official kubectl image (published since 1.28), a static binary on a
 * distroless base: any non-root user works; kubectl writes its cache under $HOME, here the writable /tmp.
 */
function menuWatcher(scope: Construct, menu: ConfigMap): RollingDeployment {
  const account = new ServiceAccount(scope, 'host-account', { name: 'host' });
  account.grant(new Role(scope, 'menu-reader').allow([...READ_VERBS], ['configmaps'], { resourceNames: [menu.name] }));
  const host = new RollingDeployment(scope, 'host', {
    serviceAccount: account,
    containers: [{
      image: 'registry.k8s.io/kubectl:v1.32.0',
      args: ['get', 'configmap', menu.name, '--watch', '--output-watch-events', '--output', 'name'],
      env: { HOME: '/tmp' },
      resources: { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) } },
      security: { runAsUser: 65532, runAsGroup: 65532 },
      writablePaths: ['/tmp'],
    }],
  });
  // The default-deny policy also blocks egress: let the host reach the API server (DNS stays open). Managed
  // control planes listen on 443, kubeadm's on 6443; narrow the block to your cluster's
  // (`kubectl get endpoints kubernetes`).
  const toApi = new NetworkPolicy(scope, 'host-to-api', { target: host });
  for (const port of [443, 6443]) toApi.allowTo(Peer.ipBlock('0.0.0.0/0'), port);
  return host;
}

/** The replica props of a WebService for `size`: a fixed count, or the autoscaler with these `metrics`. */
function replicaProps(size: ServiceSize, metrics: Omit<NonNullable<WebServiceProps['autoscaling']>, 'minReplicas' | 'maxReplicas'>): Pick<WebServiceProps, 'replicas' | 'autoscaling'> {
  return { replicas: size.replicas, autoscaling: size.autoscaling && { ...metrics, ...size.autoscaling } };
}

/** One chart per environment, each its own file in dist/, for the cloud `cloudProvider`. */
export function restaurantCharts(app: App, cloudProvider?: CloudProvider): RestaurantChart[] {
  return Object.values(ENVIRONMENTS).map((environment) => new RestaurantChart(app, environment.namespace, { environment, cloudProvider }));
}

if (require.main === module) {
  // SafeApp checks every object, reports every mistake at once, and replaces dist/ only on success.
  const app = new SafeApp({ outdir: 'dist' });
  try {
    restaurantCharts(app, CloudProvider.fromName(process.env.CLOUD_PROVIDER ?? 'generic'));
    app.synth();
    console.log(`Manifests written to ${path.relative(process.cwd(), app.publishDir)}/`);
  } catch (e) {
    // The user's own mistakes are reported as plain text; a stack trace only with DEBUG set.
    console.error(process.env.DEBUG ? e : (e as Error).message);
    process.exitCode = 1;
  }
}
