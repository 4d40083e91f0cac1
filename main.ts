/**
 * The example app: a small restaurant, synthesized for two environments from one typed config.
 *
 * - Pods are kitchens: the `frontend` (the dining room's menu, nginx) and the `api` (the order system).
 * - A Service is the waiter: a stable name that finds whichever kitchen pods are ready.
 * - The Ingress is the receptionist: it reads the host and path of each guest's request and seats it.
 * - The autoscalers open more kitchens when it gets busy; probes send a cook home when unwell.
 * - The `kitchen` pod is a chef and a logger (a native sidecar) sharing one order book (`/var/log`).
 * - The `menu` ConfigMap is the printed menu, on the frontend's tables (`/menu/menu.json`); reprinting it
 *   (changing the content) rolls the frontend, through the config hash on its pod template.
 * - The `host` watches the menu through the Kubernetes API, as a ServiceAccount that may read that one ConfigMap.
 * - The `pantry` is the database (PostgreSQL, a StatefulSet with its own disk); a migration Job stocks
 *   its shelves before service, and the nightly-report CronJob counts what was used.
 * - The pantry's credentials are made outside the app (External Secrets), and only referred to by name.
 *
 * `npx cdk8s synth` writes one file per environment (`dist/restaurant-dev.k8s.yaml`,
 * `dist/restaurant-prod.k8s.yaml`); `kubectl apply -f dist/restaurant-prod.k8s.yaml` deploys one.
 * `CLOUD_PROVIDER=eks|gke|aks|generic` (default generic) picks the cloud profile: load balancer
 * annotations, the Ingress controller and where its requests come from.
 */
import { App, Chart, ChartProps, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AppNamespace, CloudProvider, CloudProviderName, ConfigMap, ContainerProps, ContainerResources, Cpu, CronJob, EnvValue, Gateway, HttpRoute,
  IngressController, ISecret, Job, LoadBalancerService, MultiContainerPod, NetworkPolicy, NodePortService, Peer, Probe, READ_VERBS, Role,
  RollingDeployment, RoutingIngress, SafeApp, Secret, ServiceAccount, StatefulSet, StorageClass, Volume, VolumeMount, WebService, WebServiceProps,
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
  /** The database: its disk and its pod's size. */
  readonly pantry: { readonly storage: Size; readonly resources: ContainerResources };
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
    pantry: { storage: Size.gibibytes(1), resources: STANDARD },
  },
  prod: {
    namespace: 'restaurant-prod',
    hosts: { app: 'app.example.com', api: 'api.example.com' },
    frontendNodePort: 30007,
    frontend: { autoscaling: { minReplicas: 2, maxReplicas: 10 }, resources: STANDARD },
    api: { autoscaling: { minReplicas: 2, maxReplicas: 20 }, resources: STANDARD },
    pantry: { storage: Size.gibibytes(20), resources: { cpu: { request: Cpu.millis(250), limit: Cpu.units(1) },
      memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) } } },
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

    // The kitchen: the chef writes orders, the logger reads them, over a shared emptyDir. The logger is a
    // native sidecar: it starts before the chef, so no order goes unread, and stops after it.
    const kitchenResources: ContainerResources = {
      cpu: { request: Cpu.millis(10) },
      memory: { request: Size.mebibytes(16), limit: Size.mebibytes(32) },
    };
    new MultiContainerPod(this, 'kitchen', {
      volumes: [{ name: 'orders', sizeLimit: Size.mebibytes(64) }],
      sidecars: [{
        name: 'logger',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'touch /var/log/orders.log && tail -n+1 -F /var/log/orders.log'],
        mounts: [{ volume: 'orders', path: '/var/log', readOnly: false }],
        resources: kitchenResources,
        security: { runAsUser: 65534, runAsGroup: 65534 },
      }],
      containers: [{
        name: 'chef',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'while true; do echo "$(date) order up for $ORDERS_URL" >> /var/log/orders.log; sleep 5; done'],
        // Service discovery: the order system's address comes from its Service, not a typed string.
        env: { ORDERS_URL: EnvValue.fromServiceUrl(api.service) },
        mounts: [{ volume: 'orders', path: '/var/log' }],
        resources: kitchenResources,
        security: { runAsUser: 65534, runAsGroup: 65534 },
      }],
    });

    this.host = menuWatcher(this, this.config.menu);
    addPantry(this, environment, provider, this.config.pantryCredentials);
  }
}

/**
 * The official postgres image runs as its `postgres` user, uid and gid 999 (docker-library/postgres
 * Dockerfile: `groupadd -r postgres --gid=999; useradd -r -g postgres --uid=999`). Run as that user,
 * its entrypoint skips the root-only steps and initializes PGDATA itself. It writes the data directory,
 * its socket directory `/var/run/postgresql` and `/tmp`; PGDATA is a subdirectory of the claim, as the
 * image's docs advise for mount points (a fresh disk's root holds `lost+found`). fsGroup 999 makes the
 * fresh disk writable for it.
 */
const PANTRY_IMAGE = 'postgres:17';
const POSTGRES_UID = 999;
const PGDATA = '/var/lib/postgresql/data/pgdata';

/**
 * The database and its batch work: the `pantry` StatefulSet (one pod, one disk of the cloud's block
 * storage class), the `stock-pantry` migration Job and the `nightly-report` CronJob, and the network
 * policies that let only those two reach it.
 */
function addPantry(chart: Chart, environment: RestaurantEnvironment, provider: CloudProvider, credentials: ISecret): void {
  // Made outside the app (see `RestaurantConfig`): the check knows the key, and the pods list the Secret as external.
  const password = EnvValue.fromSecret(credentials, 'password');
  const security = { runAsUser: POSTGRES_UID, runAsGroup: POSTGRES_UID };
  const pantry = new StatefulSet(chart, 'pantry', {
    version: '17',
    fsGroup: POSTGRES_UID,
    terminationGracePeriod: Duration.seconds(60),
    containers: [{
      image: PANTRY_IMAGE,
      ports: [{ number: 5432, name: 'postgres' }],
      env: { PGDATA, POSTGRES_PASSWORD: password },
      resources: environment.pantry.resources,
      readiness: Probe.exec(['pg_isready', '-U', 'postgres', '-h', '127.0.0.1'], { period: Duration.seconds(10) }),
      liveness: Probe.tcpSocket({ port: 'postgres', period: Duration.seconds(20) }),
      mounts: [{ volume: 'data', path: '/var/lib/postgresql/data' }],
      writablePaths: ['/var/run/postgresql', '/tmp'],
      security,
    }],
    // EKS has no gp3 class of its own: the cluster admin creates it once (StorageClass.fromCloud).
    volumeClaims: [{ name: 'data', size: environment.pantry.storage, storageClass: StorageClass.forCloud(provider) }],
  });

  // Both run psql as the image's postgres user, against the pantry's Service.
  const client = (sql: string): ContainerProps => ({
    image: PANTRY_IMAGE,
    command: ['psql', '-v', 'ON_ERROR_STOP=1', '-c', sql],
    env: { PGHOST: EnvValue.fromServiceHost(pantry.service), PGUSER: 'postgres', PGPASSWORD: password },
    resources: SMALL,
    security,
  });
  const migration = new Job(chart, 'stock-pantry', {
    backoffLimit: 3,
    activeDeadline: Duration.minutes(10),
    ttlAfterFinished: Duration.days(1),
    containers: [client('CREATE TABLE IF NOT EXISTS stock (item text PRIMARY KEY, quantity integer NOT NULL DEFAULT 0)')],
  });
  const report = new CronJob(chart, 'nightly-report', {
    schedule: '30 2 * * *',
    timeZone: 'Etc/UTC',
    startingDeadline: Duration.minutes(30),
    jobHistory: { successful: 3, failed: 3 },
    activeDeadline: Duration.minutes(15),
    containers: [client('SELECT item, quantity FROM stock ORDER BY quantity')],
  });

  // Under the namespace's default deny: only the migration and the report reach the pantry.
  const pantryPolicy = new NetworkPolicy(chart, 'pantry-clients', { target: pantry });
  for (const clientWorkload of [migration, report]) {
    pantryPolicy.allowFrom(Peer.workload(clientWorkload), 'postgres');
    new NetworkPolicy(chart, `${clientWorkload.name}-egress`, { target: clientWorkload }).allowTo(Peer.workload(pantry), 'postgres');
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
 *   take it from here: `EnvValue.fromSecret(config.pantryCredentials, 'password')`.
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
function replicaProps(
  size: ServiceSize, metrics: Omit<NonNullable<WebServiceProps['autoscaling']>, 'minReplicas' | 'maxReplicas'>,
): Pick<WebServiceProps, 'replicas' | 'autoscaling'> {
  return { replicas: size.replicas, autoscaling: size.autoscaling && { ...metrics, ...size.autoscaling } };
}

/** One chart per environment, each its own file in dist/, for the cloud `cloudProvider`. */
export function restaurantCharts(app: App, cloudProvider?: CloudProvider): RestaurantChart[] {
  return Object.values(ENVIRONMENTS).map((environment) => new RestaurantChart(app, environment.namespace, { environment, cloudProvider }));
}

if (require.main === module) {
  // SafeApp checks every object, reports every mistake at once (no stack trace, exit code 1), and
  // replaces dist/ only on success. No try/catch needed.
  const app = new SafeApp();
  restaurantCharts(app, CloudProvider.fromName(process.env.CLOUD_PROVIDER ?? 'generic'));
  app.synth();
}
