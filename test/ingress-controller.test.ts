import { Chart, Size } from 'cdk8s';
import { CloudProvider } from '../lib/cloud-provider';
import { RollingDeployment } from '../lib/deployment';
import { IngressBackend, RoutingIngress, RoutingIngressProps } from '../lib/ingress';
import { IngressController, IngressFeature } from '../lib/ingress-controller';
import { ClusterIpService, NodePortService, ServiceBase } from '../lib/service';
import { validateManifests } from '../lib/validation';
import { find, newChart, synth } from './util';

// Retired controllers print a warning at synth: kept out of the test output, and asserted below.
let warn: jest.SpyInstance;
beforeEach(() => { warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); });
afterEach(() => warn.mockRestore());

/** A deployment `web` and a ClusterIP Service `web` in front of it. */
function web(chart: Chart): ServiceBase {
  const workload = new RollingDeployment(chart, 'web-deployment', {
    name: 'web', containers: [{ image: 'example/web:1.0', ports: [{ number: 8080, name: 'http' }] }],
  });
  return new ClusterIpService(chart, 'web', { target: workload, ports: [{ port: 80, targetPort: 'http' }] });
}

/** An Ingress for `shop.example.com` with `props`, synthesized; returns the Ingress and all manifests. */
function ingress(props: RoutingIngressProps, chart = newChart({ namespace: 'shop' })): { ingress: any; manifests: any[] } {
  const svc = web(chart);
  new RoutingIngress(chart, 'edge', { ...props, rules: [{ host: 'shop.example.com', backend: IngressBackend.fromService(svc) }] });
  const manifests = synth(chart);
  return { ingress: find(manifests, 'Ingress', 'edge'), manifests };
}

/** What the Ingress throws for `props` (every rule has host shop.example.com, backend `web`). */
function errorOf(props: RoutingIngressProps): string {
  try {
    ingress(props);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, but nothing was thrown');
}

const TLS = [{ secretName: 'shop-tls', hosts: ['shop.example.com'] }];
const ALL_NGINX: RoutingIngressProps = {
  tls: TLS,
  certManager: { clusterIssuer: 'letsencrypt' },
  httpsRedirect: true,
  rateLimit: { requestsPerSecond: 10 },
  basicAuth: { secretName: 'shop-users', realm: 'Shop staff' },
  maxBodySize: Size.mebibytes(8),
};

describe('each dialect translates the typed features', () => {
  test('community ingress-nginx', () => {
    const { ingress: ing, manifests } = ingress({ ...ALL_NGINX, controller: IngressController.INGRESS_NGINX });
    expect(ing).toMatchSnapshot();
    expect(ing.spec.ingressClassName).toBe('nginx');
    expect(ing.spec.tls).toEqual(TLS);
    expect(ing.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt',
      'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
      'nginx.ingress.kubernetes.io/limit-rps': '10',
      'nginx.ingress.kubernetes.io/auth-type': 'basic',
      'nginx.ingress.kubernetes.io/auth-secret': 'shop-users',
      'nginx.ingress.kubernetes.io/auth-realm': 'Shop staff',
      'nginx.ingress.kubernetes.io/proxy-body-size': '8m',
    });
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('ingress-nginx: external auth; redirect without TLS on the Ingress is forced; false turns it off', () => {
    const controller = IngressController.INGRESS_NGINX;
    expect(ingress({ controller, externalAuth: { url: 'http://auth.auth.svc.cluster.local:80/verify' }, httpsRedirect: true }).ingress.metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
      'nginx.ingress.kubernetes.io/auth-url': 'http://auth.auth.svc.cluster.local:80/verify',
    });
    expect(ingress({ controller, tls: TLS, httpsRedirect: false }).ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' });
    // Without realm, the controller's own; sizes that are not whole MiB are written in KiB.
    expect(ingress({ controller, basicAuth: { secretName: 'users' }, maxBodySize: Size.kibibytes(1536) }).ingress.metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/auth-type': 'basic',
      'nginx.ingress.kubernetes.io/auth-secret': 'users',
      'nginx.ingress.kubernetes.io/proxy-body-size': '1536k',
    });
  });

  test('the AKS app-routing add-on speaks ingress-nginx under its own class', () => {
    const { ingress: ing, manifests } = ingress({ ...ALL_NGINX, controller: IngressController.AKS_APP_ROUTING });
    expect(ing.spec.ingressClassName).toBe('webapprouting.kubernetes.azure.com');
    expect(ing.metadata.annotations['nginx.ingress.kubernetes.io/limit-rps']).toBe('10');
    expect(ing.metadata.annotations['nginx.ingress.kubernetes.io/proxy-body-size']).toBe('8m');
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('F5 NGINX Ingress Controller', () => {
    const { ingress: ing, manifests } = ingress({
      ...ALL_NGINX, controller: IngressController.F5_NGINX, certManager: { issuer: 'shop-ca' }, maxBodySize: Size.kibibytes(512),
    });
    expect(ing).toMatchSnapshot();
    expect(ing.spec.ingressClassName).toBe('nginx');
    expect(ing.metadata.annotations).toEqual({
      'cert-manager.io/issuer': 'shop-ca',
      'ingress.kubernetes.io/ssl-redirect': 'true',
      'nginx.org/limit-req-rate': '10r/s',
      'nginx.org/basic-auth-secret': 'shop-users',
      'nginx.org/basic-auth-realm': 'Shop staff',
      'nginx.org/client-max-body-size': '512k',
    });
    expect(validateManifests(manifests)).toEqual([]);
    // TLS terminated by a load balancer in front: redirect on X-Forwarded-Proto.
    expect(ingress({ controller: IngressController.F5_NGINX, httpsRedirect: true }).ingress.metadata.annotations).toEqual({ 'nginx.org/redirect-to-https': 'true' });
  });

  test('AWS Load Balancer Controller: defaults, ACM discovery by tls hosts, redirect', () => {
    const { ingress: ing, manifests } = ingress({ controller: IngressController.AWS_ALB, tls: [{ hosts: ['shop.example.com'] }], httpsRedirect: true });
    expect(ing).toMatchSnapshot();
    expect(ing.spec.ingressClassName).toBe('alb');
    expect(ing.spec.tls).toEqual([{ hosts: ['shop.example.com'] }]);
    expect(ing.metadata.annotations).toEqual({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
    });
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('AWS Load Balancer Controller: internal, certificate ARNs, instance targets on a NodePort Service', () => {
    const chart = newChart({ namespace: 'shop' });
    const workload = new RollingDeployment(chart, 'web-deployment', { name: 'web', containers: [{ image: 'example/web:1.0', ports: [{ number: 8080, name: 'http' }] }] });
    const svc = new NodePortService(chart, 'web', { target: workload, ports: [{ port: 80, targetPort: 'http' }] });
    const arns = ['arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-aaaa-bbbb-cccc-0123456789ab', 'arn:aws:acm:eu-west-1:123456789012:certificate/ffff'];
    new RoutingIngress(chart, 'edge', {
      controller: IngressController.awsAlb({ certificateArns: arns, targetType: 'instance' }),
      scheme: 'internal',
      rules: [{ backend: IngressBackend.fromService(svc) }],
    });
    const manifests = synth(chart);
    expect(find(manifests, 'Ingress', 'edge').metadata.annotations).toEqual({
      'alb.ingress.kubernetes.io/scheme': 'internal',
      'alb.ingress.kubernetes.io/target-type': 'instance',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/certificate-arn': arns.join(','),
    });
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('GKE: the class is an annotation that follows scheme; TLS from a Secret and cert-manager', () => {
    const external = ingress({ controller: IngressController.GCE, tls: TLS, certManager: { clusterIssuer: 'letsencrypt' } });
    expect(external.ingress).toMatchSnapshot();
    expect(external.ingress.spec.ingressClassName).toBeUndefined();
    expect(external.ingress.metadata.annotations).toEqual({ 'kubernetes.io/ingress.class': 'gce', 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    expect(validateManifests(external.manifests)).toEqual([]);
    expect(ingress({ controller: IngressController.GCE, scheme: 'internal' }).ingress.metadata.annotations).toEqual({ 'kubernetes.io/ingress.class': 'gce-internal' });
  });

  test('Application Gateway Ingress Controller: private IP and redirect', () => {
    const { ingress: ing, manifests } = ingress({ controller: IngressController.AZURE_APPLICATION_GATEWAY, scheme: 'internal', tls: TLS, httpsRedirect: true });
    expect(ing).toMatchSnapshot();
    expect(ing.spec.ingressClassName).toBe('azure-application-gateway');
    expect(ing.metadata.annotations).toEqual({
      'appgw.ingress.kubernetes.io/use-private-ip': 'true',
      'appgw.ingress.kubernetes.io/ssl-redirect': 'true',
    });
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('GENERIC: TLS and cert-manager only, under the class given', () => {
    const { ingress: ing } = ingress({ ingressClassName: 'traefik', tls: TLS, certManager: { clusterIssuer: 'letsencrypt' } });
    expect(ing.spec.ingressClassName).toBe('traefik');
    expect(ing.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
  });
});

describe('choosing the controller and class', () => {
  test('the chart\'s cloud provider decides by default', () => {
    const chart = newChart();
    CloudProvider.use(chart, CloudProvider.AKS);
    const svc = web(chart);
    const r = new RoutingIngress(chart, 'edge', { rules: [{ backend: IngressBackend.fromService(svc) }] });
    expect(r.controller).toBe(IngressController.AZURE_APPLICATION_GATEWAY);
    expect(find(synth(chart), 'Ingress', 'edge').spec.ingressClassName).toBe('azure-application-gateway');
  });

  test('a class named without a controller is one this library cannot interpret: GENERIC, even on a cloud', () => {
    const chart = newChart();
    CloudProvider.use(chart, CloudProvider.EKS);
    const svc = web(chart);
    const r = new RoutingIngress(chart, 'edge', { ingressClassName: 'nginx', rules: [{ backend: IngressBackend.fromService(svc) }] });
    expect(r.controller).toBe(IngressController.GENERIC);
    expect(find(synth(chart), 'Ingress', 'edge').metadata.annotations).toBeUndefined();
  });

  test('ingressClassName overrides the controller\'s class, e.g. for a second installation', () => {
    expect(ingress({ controller: IngressController.F5_NGINX, ingressClassName: 'nginx-internal' }).ingress.spec.ingressClassName).toBe('nginx-internal');
    expect(ingress({ controller: IngressController.AWS_ALB, ingressClassName: 'alb-shared' }).ingress.spec.ingressClassName).toBe('alb-shared');
  });

  test('the deprecated class annotation cannot go with a class field: the API server rejects both', () => {
    expect(errorOf({ controller: IngressController.F5_NGINX, annotations: { 'kubernetes.io/ingress.class': 'nginx' } }))
      .toBe('[test/edge] annotations["kubernetes.io/ingress.class"] ("nginx") is set together with ingressClassName ("nginx"), which the API server rejects; remove the annotation: ingressClassName (or the controller) selects the class');
    // GENERIC without a class: the annotation alone is the user's business.
    expect(ingress({ annotations: { 'kubernetes.io/ingress.class': 'haproxy' } }).ingress.metadata.annotations).toEqual({ 'kubernetes.io/ingress.class': 'haproxy' });
  });

  test('GKE reads no class field', () => {
    expect(errorOf({ controller: IngressController.GCE, ingressClassName: 'gce' }))
      .toBe('[test/edge] ingressClassName ("gce") is ignored by the GKE Ingress controller (gce), which is selected only by the kubernetes.io/ingress.class annotation; remove ingressClassName: the annotation ("gce" or "gce-internal") follows scheme');
  });

  test('supports() tells portable code what each controller can express', () => {
    const features: IngressFeature[] = ['tlsSecret', 'certManager', 'httpsRedirect', 'rateLimit', 'basicAuth', 'externalAuth', 'maxBodySize', 'internal'];
    const matrix = Object.fromEntries([
      IngressController.GENERIC, IngressController.INGRESS_NGINX, IngressController.F5_NGINX, IngressController.AWS_ALB,
      IngressController.GCE, IngressController.AZURE_APPLICATION_GATEWAY, IngressController.AKS_APP_ROUTING,
    ].map((c) => [c.id, features.filter((f) => c.supports(f))]));
    expect(matrix).toEqual({
      'generic': ['tlsSecret', 'certManager'],
      'ingress-nginx': ['tlsSecret', 'certManager', 'httpsRedirect', 'rateLimit', 'basicAuth', 'externalAuth', 'maxBodySize'],
      'f5-nginx': ['tlsSecret', 'certManager', 'httpsRedirect', 'rateLimit', 'basicAuth', 'maxBodySize'],
      'aws-alb': ['httpsRedirect', 'internal'],
      'gce': ['tlsSecret', 'certManager', 'internal'],
      'agic': ['tlsSecret', 'certManager', 'httpsRedirect', 'internal'],
      'aks-app-routing': ['tlsSecret', 'certManager', 'httpsRedirect', 'rateLimit', 'basicAuth', 'externalAuth', 'maxBodySize'],
    });
  });
});

describe('a feature a controller cannot express is an error naming both', () => {
  const P = '[test/edge] ';
  const ANY = 'name the controller with `controller: IngressController.<...>`, whose annotations this library knows';
  const NGINX_INTERNAL = 'an NGINX controller is exposed by its own Service: install one behind an internal LoadBalancerService and pass its ingressClassName';
  const ALB_AUTH = 'ALB authenticates only with OIDC or Amazon Cognito (alb.ingress.kubernetes.io/auth-type); use those, or authenticate in the application';
  const IAP = 'protect the backend with Identity-Aware Proxy through a BackendConfig, or authenticate in the application';
  const AGW_AUTH = 'Application Gateway does not authenticate requests; authenticate in the application';
  const { GENERIC, INGRESS_NGINX, F5_NGINX, AWS_ALB, GCE, AZURE_APPLICATION_GATEWAY, AKS_APP_ROUTING } = IngressController;
  test.each(([
    [GENERIC, { httpsRedirect: true }, `httpsRedirect (true) cannot be expressed with an unnamed controller (IngressController.GENERIC); ${ANY}`],
    [GENERIC, { rateLimit: { requestsPerSecond: 5 } }, `rateLimit ({"requestsPerSecond":5}) cannot be expressed with an unnamed controller (IngressController.GENERIC); ${ANY}`],
    [GENERIC, { basicAuth: { secretName: 'users' } }, `basicAuth ({"secretName":"users"}) cannot be expressed with an unnamed controller (IngressController.GENERIC); ${ANY}`],
    [GENERIC, { externalAuth: { url: 'http://auth/' } }, `externalAuth ({"url":"http://auth/"}) cannot be expressed with an unnamed controller (IngressController.GENERIC); ${ANY}`],
    [GENERIC, { maxBodySize: Size.mebibytes(2) }, `maxBodySize ("2Mi") cannot be expressed with an unnamed controller (IngressController.GENERIC); ${ANY}`],
    [GENERIC, { scheme: 'internal' }, `scheme ("internal") cannot be expressed with an unnamed controller (IngressController.GENERIC); ${ANY}`],
    [INGRESS_NGINX, { scheme: 'internal' }, `scheme ("internal") cannot be expressed with the community ingress-nginx controller; ${NGINX_INTERNAL}`],
    [F5_NGINX, { scheme: 'internal' }, `scheme ("internal") cannot be expressed with F5 NGINX Ingress Controller; ${NGINX_INTERNAL}`],
    [F5_NGINX, { externalAuth: { url: 'http://auth/' } }, 'externalAuth ({"url":"http://auth/"}) cannot be expressed with F5 NGINX Ingress Controller; it has no Ingress annotation for external (auth_request) authentication; use basicAuth, or authenticate in the application'],
    [AKS_APP_ROUTING, { scheme: 'internal' }, 'scheme ("internal") cannot be expressed with the AKS application routing add-on (NGINX); the add-on makes a controller internal in its NginxIngressController resource; create an internal one and pass its ingressClassName'],
    [AWS_ALB, { tls: TLS }, 'tls[0].secretName ("shop-tls") cannot be expressed with the AWS Load Balancer Controller (ALB); ALB terminates TLS only with ACM certificates: drop secretName to let the controller discover the certificate of these hosts, or pass certificateArns to IngressController.awsAlb()'],
    [AWS_ALB, { tls: [{ hosts: ['shop.example.com'] }], certManager: { clusterIssuer: 'letsencrypt' } }, 'certManager ({"clusterIssuer":"letsencrypt"}) cannot be expressed with the AWS Load Balancer Controller (ALB); ALB serves only ACM certificates, not the Secrets cert-manager writes; use ACM (tls hosts or certificateArns), or remove certManager'],
    [AWS_ALB, { rateLimit: { requestsPerSecond: 5 } }, 'rateLimit ({"requestsPerSecond":5}) cannot be expressed with the AWS Load Balancer Controller (ALB); rate-limit with an AWS WAF web ACL (alb.ingress.kubernetes.io/wafv2-acl-arn), or remove rateLimit'],
    [AWS_ALB, { basicAuth: { secretName: 'users' } }, `basicAuth ({"secretName":"users"}) cannot be expressed with the AWS Load Balancer Controller (ALB); ${ALB_AUTH}`],
    [AWS_ALB, { externalAuth: { url: 'http://auth/' } }, `externalAuth ({"url":"http://auth/"}) cannot be expressed with the AWS Load Balancer Controller (ALB); ${ALB_AUTH}`],
    [AWS_ALB, { maxBodySize: Size.mebibytes(2) }, 'maxBodySize ("2Mi") cannot be expressed with the AWS Load Balancer Controller (ALB); ALB has no request body limit setting; enforce it in the application or with an AWS WAF rule'],
    [GCE, { httpsRedirect: true }, 'httpsRedirect (true) cannot be expressed with the GKE Ingress controller (gce); GKE redirects to HTTPS only through a FrontendConfig with redirectToHttps, referenced by the networking.gke.io/v1beta1.FrontendConfig annotation; create one and pass the annotation, or remove httpsRedirect'],
    [GCE, { rateLimit: { requestsPerSecond: 5 } }, 'rateLimit ({"requestsPerSecond":5}) cannot be expressed with the GKE Ingress controller (gce); rate-limit with a Cloud Armor security policy attached through a BackendConfig, or remove rateLimit'],
    [GCE, { basicAuth: { secretName: 'users' } }, `basicAuth ({"secretName":"users"}) cannot be expressed with the GKE Ingress controller (gce); ${IAP}`],
    [GCE, { externalAuth: { url: 'http://auth/' } }, `externalAuth ({"url":"http://auth/"}) cannot be expressed with the GKE Ingress controller (gce); ${IAP}`],
    [GCE, { maxBodySize: Size.mebibytes(2) }, 'maxBodySize ("2Mi") cannot be expressed with the GKE Ingress controller (gce); the Application Load Balancer has no request body limit setting; enforce it in the application'],
    [AZURE_APPLICATION_GATEWAY, { rateLimit: { requestsPerSecond: 5 } }, 'rateLimit ({"requestsPerSecond":5}) cannot be expressed with the Application Gateway Ingress Controller (AGIC); rate-limit with a custom rule in the Application Gateway\'s WAF policy, or remove rateLimit'],
    [AZURE_APPLICATION_GATEWAY, { basicAuth: { secretName: 'users' } }, `basicAuth ({"secretName":"users"}) cannot be expressed with the Application Gateway Ingress Controller (AGIC); ${AGW_AUTH}`],
    [AZURE_APPLICATION_GATEWAY, { externalAuth: { url: 'http://auth/' } }, `externalAuth ({"url":"http://auth/"}) cannot be expressed with the Application Gateway Ingress Controller (AGIC); ${AGW_AUTH}`],
    [AZURE_APPLICATION_GATEWAY, { maxBodySize: Size.mebibytes(2) }, 'maxBodySize ("2Mi") cannot be expressed with the Application Gateway Ingress Controller (AGIC); set the request body limit in the Application Gateway\'s WAF policy, or remove maxBodySize'],
  ] as [IngressController, RoutingIngressProps, string][]).map(([c, props, message]) => [`${c.id}: ${Object.keys(props).join(', ')}`, c, props, message] as const))(
    '%s', (_, controller, props, message) => {
      expect(errorOf({ ...props, controller })).toBe(P + message);
    });

  test('every refused feature is reported at once', () => {
    let error: any;
    try {
      ingress({ controller: IngressController.GCE, httpsRedirect: false, maxBodySize: Size.mebibytes(1), ingressClassName: 'gce' });
    } catch (e) {
      error = e;
    }
    expect(error.problems.map((x: { text: string }) => x.text).map((p: string) => p.slice(0, p.indexOf(' cannot') > 0 ? p.indexOf(' cannot') : p.indexOf(' is ignored')))).toEqual([
      '[test/edge] httpsRedirect (false)',
      '[test/edge] maxBodySize ("1Mi")',
      '[test/edge] ingressClassName ("gce")',
    ]);
  });
});

describe('controller-specific rules', () => {
  test('controllers that read Secrets need tls[].secretName', () => {
    expect(errorOf({ controller: IngressController.F5_NGINX, tls: [{ hosts: ['shop.example.com'] }] }))
      .toBe('[test/edge] tls[0].secretName (undefined) is required by F5 NGINX Ingress Controller, which reads the certificate from a kubernetes.io/tls Secret; name the Secret (with certManager set, cert-manager writes it)');
  });

  test('ALB and AGIC redirect only with TLS', () => {
    expect(errorOf({ controller: IngressController.AWS_ALB, httpsRedirect: true }))
      .toBe('[test/edge] httpsRedirect (true) needs an HTTPS listener, which the AWS Load Balancer Controller (ALB) opens only with a certificate; add tls entries (hosts only: the controller discovers their ACM certificates), or pass certificateArns to IngressController.awsAlb()');
    expect(errorOf({ controller: IngressController.AZURE_APPLICATION_GATEWAY, httpsRedirect: true }))
      .toBe('[test/edge] httpsRedirect (true) needs TLS, which the Application Gateway Ingress Controller (AGIC) terminates only with a certificate from tls; add tls entries with a secretName');
  });

  test('ALB certificate ARNs are ACM ARNs', () => {
    expect(errorOf({ controller: IngressController.awsAlb({ certificateArns: ['arn:aws:iam::123456789012:server-certificate/shop'] }) }))
      .toBe('[test/edge] controller.certificateArns[0] ("arn:aws:iam::123456789012:server-certificate/shop") is not an ACM certificate ARN; copy it from `aws acm list-certificates`, like "arn:aws:acm:eu-west-1:123456789012:certificate/0b1c..."');
  });

  test('ALB instance targets cannot reach a ClusterIP Service', () => {
    expect(errorOf({ controller: IngressController.awsAlb({ targetType: 'instance' }) }))
      .toBe('[test/edge] rules[host=shop.example.com,path=/].backend.service ("test/web") is a ClusterIP Service, which the AWS Load Balancer Controller (ALB) with target type instance cannot reach (it sends traffic to node ports); use targetType \'ip\' (the default), or route to a NodePortService');
  });

  test('GKE accepts only a final "/*" wildcard, and none in Prefix or Exact paths', () => {
    const chart = newChart();
    const svc = web(chart);
    const gce = new RoutingIngress(chart, 'edge', { controller: IngressController.GCE });
    gce.addPathRule('/static/*', IngressBackend.fromService(svc), { pathType: 'ImplementationSpecific' });
    gce.addPathRule('/api', IngressBackend.fromService(svc));
    expect(find(synth(chart), 'Ingress', 'edge').spec.rules[0].http.paths.map((p: any) => `${p.pathType} ${p.path}`)).toEqual(['ImplementationSpecific /static/*', 'Prefix /api']);
    expect(() => gce.addPathRule('/img*', IngressBackend.fromService(svc), { pathType: 'ImplementationSpecific' }))
      .toThrow('[test/edge] rules[path=/img*].path ("/img*") has a \'*\' that is not a final "/*", the only wildcard the GKE Ingress controller (gce) accepts; write e.g. "/foo/*", or use pathType Prefix');
    expect(() => gce.addPathRule('/v1/*/users', IngressBackend.fromService(svc), { pathType: 'ImplementationSpecific' }))
      .toThrow('[test/edge] rules[path=/v1/*/users].path ("/v1/*/users") has a \'*\' that is not a final "/*", the only wildcard the GKE Ingress controller (gce) accepts; write e.g. "/foo/*", or use pathType Prefix');
    expect(() => gce.addPathRule('/docs/*', IngressBackend.fromService(svc)))
      .toThrow('[test/edge] rules[path=/docs/*].path ("/docs/*") contains \'*\', which the GKE Ingress controller (gce) rejects in Prefix paths; drop the \'*\' (Prefix "/foo" already matches "/foo/bar"), or use pathType ImplementationSpecific with a final "/*"');
    // Other controllers take '*' in an ImplementationSpecific path as they please.
    const nginx = new RoutingIngress(chart, 'nginx', { controller: IngressController.F5_NGINX });
    nginx.addPathRule('/img*', IngressBackend.fromService(svc), { pathType: 'ImplementationSpecific' });
  });

  test('nginx body sizes: whole KiB, at least 1 (0 would lift the limit)', () => {
    expect(errorOf({ controller: IngressController.F5_NGINX, maxBodySize: Size.mebibytes(0) }))
      .toBe('[test/edge] maxBodySize ("0Mi") must be a whole number of KiB, at least 1 (nginx reads 0 as "no limit"); use e.g. Size.mebibytes(8); to lift the limit, remove maxBodySize');
    expect(errorOf({ controller: IngressController.INGRESS_NGINX, maxBodySize: Size.kibibytes(0.5) }))
      .toBe('[test/edge] maxBodySize ("0.5Ki") must be a whole number of KiB, at least 1 (nginx reads 0 as "no limit"); use e.g. Size.mebibytes(8); to lift the limit, remove maxBodySize');
  });

  test('an annotation of your own that contradicts a typed prop is an error; one that agrees is fine', () => {
    expect(errorOf({ controller: IngressController.INGRESS_NGINX, maxBodySize: Size.mebibytes(16), annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' } }))
      .toBe('[test/edge] annotations["nginx.ingress.kubernetes.io/proxy-body-size"] ("8m") contradicts maxBodySize, which sets it to "16m"; remove the annotation, or change maxBodySize');
    expect(errorOf({ controller: IngressController.AWS_ALB, annotations: { 'alb.ingress.kubernetes.io/target-type': 'instance' } }))
      .toBe('[test/edge] annotations["alb.ingress.kubernetes.io/target-type"] ("instance") contradicts the ALB targetType, which sets it to "ip"; remove the annotation, or pass IngressController.awsAlb({ targetType })');
    const { ingress: ing } = ingress({
      controller: IngressController.INGRESS_NGINX,
      rateLimit: { requestsPerSecond: 10 },
      annotations: { 'nginx.ingress.kubernetes.io/limit-rps': '10', 'nginx.ingress.kubernetes.io/limit-burst-multiplier': '2' },
    });
    expect(ing.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/limit-rps': '10', 'nginx.ingress.kubernetes.io/limit-burst-multiplier': '2' });
  });
});

describe('retired controllers warn at synth', () => {
  test('community ingress-nginx: once per Ingress, however often it is synthesized', () => {
    const chart = newChart();
    const svc = web(chart);
    new RoutingIngress(chart, 'edge', { controller: IngressController.INGRESS_NGINX, rules: [{ backend: IngressBackend.fromService(svc) }] });
    expect(warn).not.toHaveBeenCalled();
    synth(chart);
    synth(chart);
    expect(warn.mock.calls).toEqual([[
      '[test/edge] warning: the community ingress-nginx controller (IngressController.INGRESS_NGINX) was retired in March 2026 and gets no more releases or security fixes; move to IngressController.F5_NGINX, your cloud\'s controller, or Gateway API',
    ]]);
  });

  test('the AKS app-routing add-on\'s NGINX, supported only through November 2026', () => {
    const chart = newChart();
    const svc = web(chart);
    new RoutingIngress(chart, 'edge', { controller: IngressController.AKS_APP_ROUTING, rules: [{ backend: IngressBackend.fromService(svc) }] });
    synth(chart);
    expect(warn.mock.calls).toEqual([[
      '[test/edge] warning: the AKS application routing add-on\'s NGINX (IngressController.AKS_APP_ROUTING) runs the retired ingress-nginx and gets Microsoft\'s critical security patches only through November 2026; plan the move to the add-on\'s Gateway API implementation or IngressController.AZURE_APPLICATION_GATEWAY',
    ]]);
  });

  test('maintained controllers do not warn', () => {
    const chart = newChart();
    const svc = web(chart);
    const controllers = [
      IngressController.F5_NGINX, IngressController.AWS_ALB, IngressController.GCE, IngressController.AZURE_APPLICATION_GATEWAY,
      IngressController.GENERIC,
    ];
    for (const controller of controllers) {
      new RoutingIngress(chart, controller.id, { controller, rules: [{ host: `${controller.id}.example.com`, backend: IngressBackend.fromService(svc) }] });
      expect(controller.deprecation).toBeUndefined();
    }
    synth(chart);
    expect(warn).not.toHaveBeenCalled();
  });
});
