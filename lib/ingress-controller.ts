import { Size, SizeRoundingBehavior } from 'cdk8s';
import type { LoadBalancerScheme } from './load-balancer';
import { ComputedAnnotation } from './private/annotations';
import { Problems } from './private/construct-base';
import type { IRoutableService } from './service-contract';

/** What a `RoutingIngress` can ask of its controller beyond host and path rules. */
export type IngressFeature =
  /** TLS certificates read from `kubernetes.io/tls` Secrets (`tls[].secretName`). */
  | 'tlsSecret'
  /** Certificates issued by cert-manager into those Secrets. */
  | 'certManager'
  | 'httpsRedirect'
  | 'rateLimit'
  | 'basicAuth'
  | 'externalAuth'
  | 'maxBodySize'
  /** An internal (private network only) load balancer, set on the Ingress itself. */
  | 'internal';

/** Requests per second accepted from each client IP (by each controller replica, for NGINX). */
export interface RateLimit {
  /** A whole number, at least 1. ingress-nginx also allows bursts of 5 times this. */
  readonly requestsPerSecond: number;
}

/** HTTP basic authentication against users in a Secret. */
export interface BasicAuth {
  /**
   * The Secret with the htpasswd users, in the Ingress's namespace. Its format is the controller's:
   * ingress-nginx and the AKS app-routing add-on read key `auth`; F5 NGINX reads a Secret of type
   * `nginx.org/htpasswd` with key `htpasswd`.
   */
  readonly secretName: string;
  /** Shown by browsers in the login prompt. @default - the controller's */
  readonly realm?: string;
}

/** Each request is first sent to `url`; a 2xx answer lets it through, 401/403 rejects it. */
export interface ExternalAuth {
  /** An absolute http(s) URL, e.g. from `service.url({ path: '/verify' })`. */
  readonly url: string;
}

/** The cert-manager issuer that provides the certificates of `tls` (exactly one of the two). */
export interface CertManagerIssuer {
  /** A cluster-wide ClusterIssuer. @default - none: set issuer */
  readonly clusterIssuer?: string;
  /** An Issuer in the Ingress's namespace. @default - none: set clusterIssuer */
  readonly issuer?: string;
}

/** Options of the AWS Load Balancer Controller's ALB dialect. */
export interface AwsAlbOptions {
  /**
   * ACM certificates for the HTTPS listener (`alb.ingress.kubernetes.io/certificate-arn`).
   * @default - the controller discovers ACM certificates for the hosts in `tls`
   */
  readonly certificateArns?: string[];
  /**
   * `ip` sends traffic straight to pod IPs; `instance` goes through node ports, so it needs NodePort Services.
   * @default 'ip'
   */
  readonly targetType?: 'ip' | 'instance';
}

/** @internal What a RoutingIngress asks of its controller, after its own checks. */
export interface IngressRequest {
  readonly ingressClassName?: string;
  readonly scheme?: LoadBalancerScheme;
  readonly tls: readonly { readonly secretName?: string; readonly hosts: readonly string[] }[];
  readonly certManager?: CertManagerIssuer;
  readonly httpsRedirect?: boolean;
  readonly rateLimit?: RateLimit;
  readonly basicAuth?: BasicAuth;
  readonly externalAuth?: ExternalAuth;
  readonly maxBodySize?: Size;
}

/** @internal The class and annotations that say `IngressRequest` in one controller's dialect. */
export interface IngressTranslation {
  readonly ingressClassName?: string;
  readonly annotations: ComputedAnnotation[];
}

type Annotate = (req: IngressRequest, problems: Problems, displayName: string) => ComputedAnnotation[];

interface Dialect {
  readonly id: string;
  readonly displayName: string;
  readonly defaultClassName?: string;
  /** Set for controllers selected only by the `kubernetes.io/ingress.class` annotation (GKE). */
  readonly classAnnotation?: (scheme: LoadBalancerScheme) => string;
  /** Features this controller cannot express, each with what to do instead. */
  readonly unsupported: Partial<Record<IngressFeature, string>>;
  readonly annotate: Annotate;
  readonly deprecation?: string;
  readonly checkPath?: (path: string, pathType: string, where: string, problems: Problems, displayName: string) => boolean;
  readonly checkBackend?: (service: IRoutableService, where: string, problems: Problems, displayName: string) => void;
}

const NAME_SOMETHING = 'name the controller with `controller: IngressController.<...>`, whose annotations this library knows';
const NGINX_INTERNAL = 'an NGINX controller is exposed by its own Service: install one behind an internal LoadBalancerService and pass its '
  + 'ingressClassName';

/*
 * Annotation tables, verified against each controller's documentation:
 * - ingress-nginx: https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/
 *   (ssl-redirect / force-ssl-redirect, limit-rps, auth-type/auth-secret/auth-realm, auth-url, proxy-body-size).
 *   The AKS app-routing add-on runs ingress-nginx and takes the same annotations:
 *   https://learn.microsoft.com/azure/aks/app-routing-nginx-configuration (class: https://learn.microsoft.com/azure/aks/app-routing)
 * - F5 NGINX Ingress Controller: https://docs.nginx.com/nginx-ingress-controller/configuration/ingress-resources/advanced-configuration-with-annotations/
 *   (ingress.kubernetes.io/ssl-redirect, nginx.org/redirect-to-https, limit-req-rate, basic-auth-secret/realm, client-max-body-size)
 * - AWS Load Balancer Controller: https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/
 *   (scheme, target-type, listen-ports, certificate-arn, ssl-redirect); ACM discovery by tls hosts:
 *   https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/cert_discovery/
 * - GKE: class only by annotation (gce / gce-internal), `ingressClassName` is not read, and the only path wildcard
 *   is a final `/*`: https://cloud.google.com/kubernetes-engine/docs/concepts/ingress ; Prefix and Exact paths must
 *   not contain `*` (ingress-gce translates Prefix "/foo" to "/foo" and "/foo/*").
 * - AGIC: https://learn.microsoft.com/azure/application-gateway/ingress-controller-annotations (ssl-redirect, use-private-ip);
 *   class `azure-application-gateway`: https://azure.github.io/application-gateway-kubernetes-ingress/ingress-v1/
 * - cert-manager (any controller that reads Secrets): https://cert-manager.io/docs/usage/ingress/
 */
function nginxCommunity(req: IngressRequest, problems: Problems): ComputedAnnotation[] {
  const p = 'nginx.ingress.kubernetes.io/';
  const out: ComputedAnnotation[] = [];
  if (req.httpsRedirect !== undefined) {
    // ssl-redirect only acts when the Ingress has TLS; force-ssl-redirect serves TLS terminated in front of the controller.
    const key = req.httpsRedirect && req.tls.length === 0 ? 'force-ssl-redirect' : 'ssl-redirect';
    out.push({ key: p + key, value: String(req.httpsRedirect), prop: 'httpsRedirect' });
  }
  if (req.rateLimit) out.push({ key: `${p}limit-rps`, value: String(req.rateLimit.requestsPerSecond), prop: 'rateLimit' });
  if (req.basicAuth) {
    out.push({ key: `${p}auth-type`, value: 'basic', prop: 'basicAuth' },
      { key: `${p}auth-secret`, value: req.basicAuth.secretName, prop: 'basicAuth' });
    if (req.basicAuth.realm !== undefined) out.push({ key: `${p}auth-realm`, value: req.basicAuth.realm, prop: 'basicAuth' });
  }
  if (req.externalAuth) out.push({ key: `${p}auth-url`, value: req.externalAuth.url, prop: 'externalAuth' });
  const size = req.maxBodySize && nginxSize(req.maxBodySize, problems);
  if (size) out.push({ key: `${p}proxy-body-size`, value: size, prop: 'maxBodySize' });
  return out;
}

function f5Nginx(req: IngressRequest, problems: Problems): ComputedAnnotation[] {
  const out: ComputedAnnotation[] = [];
  if (req.httpsRedirect !== undefined) {
    // ssl-redirect redirects plain HTTP that NGINX itself receives; redirect-to-https reads X-Forwarded-Proto
    // from a load balancer that terminated TLS in front of it.
    const key = req.httpsRedirect && req.tls.length === 0 ? 'nginx.org/redirect-to-https' : 'ingress.kubernetes.io/ssl-redirect';
    out.push({ key, value: String(req.httpsRedirect), prop: 'httpsRedirect' });
  }
  if (req.rateLimit) out.push({ key: 'nginx.org/limit-req-rate', value: `${req.rateLimit.requestsPerSecond}r/s`, prop: 'rateLimit' });
  if (req.basicAuth) {
    out.push({ key: 'nginx.org/basic-auth-secret', value: req.basicAuth.secretName, prop: 'basicAuth' });
    if (req.basicAuth.realm !== undefined) out.push({ key: 'nginx.org/basic-auth-realm', value: req.basicAuth.realm, prop: 'basicAuth' });
  }
  const size = req.maxBodySize && nginxSize(req.maxBodySize, problems);
  if (size) out.push({ key: 'nginx.org/client-max-body-size', value: size, prop: 'maxBodySize' });
  return out;
}

function awsAlb(options: AwsAlbOptions): Annotate {
  return (req, problems, displayName) => {
    const a = 'alb.ingress.kubernetes.io/';
    const arns = options.certificateArns ?? [];
    // The controller's own default scheme is internal, so the scheme is always written.
    const out: ComputedAnnotation[] = [
      { key: `${a}scheme`, value: req.scheme ?? 'internet-facing', prop: 'scheme' },
      { key: `${a}target-type`, value: options.targetType ?? 'ip', prop: 'the ALB targetType',
        fix: 'remove the annotation, or pass IngressController.awsAlb({ targetType })' },
    ];
    for (const [i, arn] of arns.entries()) {
      if (!/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(arn)) {
        problems.add(`controller.certificateArns[${i}]`, arn, 'is not an ACM certificate ARN',
          'copy it from `aws acm list-certificates`, like "arn:aws:acm:eu-west-1:123456789012:certificate/0b1c..."');
      }
    }
    const https = req.tls.length > 0 || arns.length > 0;
    if (https) out.push({ key: `${a}listen-ports`, value: JSON.stringify([{ HTTP: 80 }, { HTTPS: 443 }]), prop: 'tls' });
    if (arns.length > 0) {
      out.push({ key: `${a}certificate-arn`, value: arns.join(','), prop: 'the ALB certificateArns',
        fix: 'remove the annotation, or pass IngressController.awsAlb({ certificateArns })' });
    }
    if (req.httpsRedirect === true && !https) {
      problems.add('httpsRedirect', true, `needs an HTTPS listener, which ${displayName} opens only with a certificate`,
        'add tls entries (hosts only: the controller discovers their ACM certificates), or pass certificateArns to IngressController.awsAlb()');
    } else if (req.httpsRedirect === true) {
      out.push({ key: `${a}ssl-redirect`, value: '443', prop: 'httpsRedirect' });
    }
    return out;
  };
}

function applicationGateway(req: IngressRequest, problems: Problems, displayName: string): ComputedAnnotation[] {
  const a = 'appgw.ingress.kubernetes.io/';
  const out: ComputedAnnotation[] = [];
  if (req.scheme === 'internal') out.push({ key: `${a}use-private-ip`, value: 'true', prop: 'scheme' });
  if (req.httpsRedirect === true && req.tls.length === 0) {
    problems.add('httpsRedirect', true, `needs TLS, which ${displayName} terminates only with a certificate from tls`,
      'add tls entries with a secretName');
  } else if (req.httpsRedirect !== undefined) {
    out.push({ key: `${a}ssl-redirect`, value: String(req.httpsRedirect), prop: 'httpsRedirect' });
  }
  return out;
}

/** nginx sizes: `k` and `m` are KiB and MiB. */
function nginxSize(size: Size, problems: Problems): string | undefined {
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(kib) || kib < 1) {
    problems.add('maxBodySize', size.asString(), 'must be a whole number of KiB, at least 1 (nginx reads 0 as "no limit")',
      'use e.g. Size.mebibytes(8); to lift the limit, remove maxBodySize');
    return undefined;
  }
  return kib % 1024 === 0 ? `${kib / 1024}m` : `${kib}k`;
}

function gcePath(path: string, pathType: string, where: string, problems: Problems, displayName: string): boolean {
  const star = path.indexOf('*');
  if (star < 0) return true;
  if (pathType !== 'ImplementationSpecific') {
    problems.add(where, path, `contains '*', which ${displayName} rejects in ${pathType} paths`,
      `drop the '*' (Prefix "/foo" already matches "/foo/bar"), or use pathType ImplementationSpecific with a final "/*"`);
    return false;
  }
  if (star !== path.length - 1 || !path.endsWith('/*')) {
    problems.add(where, path, `has a '*' that is not a final "/*", the only wildcard ${displayName} accepts`,
      'write e.g. "/foo/*", or use pathType Prefix');
    return false;
  }
  return true;
}

/**
 * The Ingress controller that serves a `RoutingIngress`, and the dialect its features are written
 * in: the same typed props (`httpsRedirect`, `rateLimit`, `basicAuth`, ...) become each controller's
 * own class and annotations. A feature the controller cannot express is an error naming the
 * controller and the feature, never a silently ignored annotation; `supports()` lets portable code ask first.
 */
export class IngressController {
  /** No specific controller: `ingressClassName` as given (or the cluster default), TLS only. */
  public static readonly GENERIC = new IngressController({
    id: 'generic',
    displayName: 'an unnamed controller (IngressController.GENERIC)',
    unsupported: {
      httpsRedirect: NAME_SOMETHING, rateLimit: NAME_SOMETHING, basicAuth: NAME_SOMETHING,
      externalAuth: NAME_SOMETHING, maxBodySize: NAME_SOMETHING, internal: NAME_SOMETHING,
    },
    annotate: () => [],
  });

  /**
   * The community ingress-nginx controller (`kubernetes/ingress-nginx`, class `nginx`). Retired in
   * March 2026: no more releases or security fixes. Selecting it prints a warning at synth.
   */
  public static readonly INGRESS_NGINX = new IngressController({
    id: 'ingress-nginx',
    displayName: 'the community ingress-nginx controller',
    defaultClassName: 'nginx',
    unsupported: { internal: NGINX_INTERNAL },
    annotate: nginxCommunity,
    deprecation: 'the community ingress-nginx controller (IngressController.INGRESS_NGINX) was retired in March 2026 and gets no more releases or '
      + 'security fixes; move to IngressController.F5_NGINX, your cloud\'s controller, or Gateway API',
  });

  /** F5 NGINX Ingress Controller (`nginx/kubernetes-ingress`, `nginx.org/*` annotations, class `nginx`). */
  public static readonly F5_NGINX = new IngressController({
    id: 'f5-nginx',
    displayName: 'F5 NGINX Ingress Controller',
    defaultClassName: 'nginx',
    unsupported: {
      internal: NGINX_INTERNAL,
      externalAuth: 'it has no Ingress annotation for external (auth_request) authentication; use basicAuth, or authenticate in the application',
    },
    annotate: f5Nginx,
  });

  /** AWS Load Balancer Controller with its defaults (IP targets, ACM certificates found by host). */
  public static readonly AWS_ALB = IngressController.awsAlb();

  /** GKE's built-in controller: external (`gce`) or, with `scheme: 'internal'`, internal (`gce-internal`) Application Load Balancers. */
  public static readonly GCE = new IngressController({
    id: 'gce',
    displayName: 'the GKE Ingress controller (gce)',
    classAnnotation: (scheme) => (scheme === 'internal' ? 'gce-internal' : 'gce'),
    unsupported: {
      httpsRedirect: 'GKE redirects to HTTPS only through a FrontendConfig with redirectToHttps, referenced by the '
        + 'networking.gke.io/v1beta1.FrontendConfig annotation; create one and pass the annotation, or remove httpsRedirect',
      rateLimit: 'rate-limit with a Cloud Armor security policy attached through a BackendConfig, or remove rateLimit',
      basicAuth: 'protect the backend with Identity-Aware Proxy through a BackendConfig, or authenticate in the application',
      externalAuth: 'protect the backend with Identity-Aware Proxy through a BackendConfig, or authenticate in the application',
      maxBodySize: 'the Application Load Balancer has no request body limit setting; enforce it in the application',
    },
    annotate: () => [],
    checkPath: gcePath,
  });

  /** Azure Application Gateway Ingress Controller (AGIC, class `azure-application-gateway`). */
  public static readonly AZURE_APPLICATION_GATEWAY = new IngressController({
    id: 'agic',
    displayName: 'the Application Gateway Ingress Controller (AGIC)',
    defaultClassName: 'azure-application-gateway',
    unsupported: {
      rateLimit: 'rate-limit with a custom rule in the Application Gateway\'s WAF policy, or remove rateLimit',
      basicAuth: 'Application Gateway does not authenticate requests; authenticate in the application',
      externalAuth: 'Application Gateway does not authenticate requests; authenticate in the application',
      maxBodySize: 'set the request body limit in the Application Gateway\'s WAF policy, or remove maxBodySize',
    },
    annotate: applicationGateway,
  });

  /**
   * The AKS application routing add-on's managed NGINX (class `webapprouting.kubernetes.azure.com`).
   * It runs ingress-nginx, which Microsoft patches only through November 2026: selecting it prints a warning at synth.
   */
  public static readonly AKS_APP_ROUTING = new IngressController({
    id: 'aks-app-routing',
    displayName: 'the AKS application routing add-on (NGINX)',
    defaultClassName: 'webapprouting.kubernetes.azure.com',
    unsupported: {
      internal: 'the add-on makes a controller internal in its NginxIngressController resource; create an internal one and pass its ingressClassName',
    },
    annotate: nginxCommunity,
    deprecation: 'the AKS application routing add-on\'s NGINX (IngressController.AKS_APP_ROUTING) runs the retired ingress-nginx and gets '
      + 'Microsoft\'s critical security patches only through November 2026; plan the move to the add-on\'s Gateway API implementation or '
      + 'IngressController.AZURE_APPLICATION_GATEWAY',
  });

  /** AWS Load Balancer Controller (class `alb`): scheme, target type, ACM certificates, HTTPS redirect. */
  public static awsAlb(options: AwsAlbOptions = {}): IngressController {
    const instance = options.targetType === 'instance';
    return new IngressController({
      id: 'aws-alb',
      displayName: 'the AWS Load Balancer Controller (ALB)',
      defaultClassName: 'alb',
      unsupported: {
        tlsSecret: 'ALB terminates TLS only with ACM certificates: drop secretName to let the controller discover the certificate of these hosts, or '
          + 'pass certificateArns to IngressController.awsAlb()',
        certManager: 'ALB serves only ACM certificates, not the Secrets cert-manager writes; use ACM (tls hosts or certificateArns), or remove '
          + 'certManager',
        rateLimit: 'rate-limit with an AWS WAF web ACL (alb.ingress.kubernetes.io/wafv2-acl-arn), or remove rateLimit',
        basicAuth: 'ALB authenticates only with OIDC or Amazon Cognito (alb.ingress.kubernetes.io/auth-type); use those, or authenticate in the '
          + 'application',
        externalAuth: 'ALB authenticates only with OIDC or Amazon Cognito (alb.ingress.kubernetes.io/auth-type); use those, or authenticate in the '
          + 'application',
        maxBodySize: 'ALB has no request body limit setting; enforce it in the application or with an AWS WAF rule',
      },
      annotate: awsAlb(options),
      checkBackend: instance ? (service, where, problems, displayName) => {
        if (service.type === 'ClusterIP') {
          problems.add(`${where}.service`, service.node.path,
            `is a ClusterIP Service, which ${displayName} with target type instance cannot reach (it sends traffic to node ports)`,
            'use targetType \'ip\' (the default), or route to a NodePortService');
        }
      } : undefined,
    });
  }

  /** Short stable name: `generic`, `ingress-nginx`, `f5-nginx`, `aws-alb`, `gce`, `agic`, `aks-app-routing`. */
  public readonly id: string;
  /** How messages name the controller. */
  public readonly displayName: string;
  /** `spec.ingressClassName` unless the Ingress names another. @default - none */
  public readonly defaultClassName?: string;
  /** Why selecting this controller prints a warning at synth. @default - no warning */
  public readonly deprecation?: string;
  private readonly dialect: Dialect;

  private constructor(dialect: Dialect) {
    this.dialect = dialect;
    this.id = dialect.id;
    this.displayName = dialect.displayName;
    this.defaultClassName = dialect.defaultClassName;
    this.deprecation = dialect.deprecation;
  }

  /** Whether this controller can express `feature`; portable code can ask before setting a prop. */
  public supports(feature: IngressFeature): boolean {
    return this.dialect.unsupported[feature] === undefined;
  }

  /** @internal The class and annotations for `req`; every feature the controller cannot express is a problem. */
  public _translate(req: IngressRequest, problems: Problems): IngressTranslation {
    const d = this.dialect;
    const asked: [IngressFeature, string, unknown][] = [];
    req.tls.forEach((t, i) => { if (t.secretName !== undefined) asked.push(['tlsSecret', `tls[${i}].secretName`, t.secretName]); });
    if (req.certManager) asked.push(['certManager', 'certManager', req.certManager]);
    if (req.httpsRedirect !== undefined) asked.push(['httpsRedirect', 'httpsRedirect', req.httpsRedirect]);
    if (req.rateLimit) asked.push(['rateLimit', 'rateLimit', req.rateLimit]);
    if (req.basicAuth) asked.push(['basicAuth', 'basicAuth', req.basicAuth]);
    if (req.externalAuth) asked.push(['externalAuth', 'externalAuth', req.externalAuth]);
    if (req.maxBodySize) asked.push(['maxBodySize', 'maxBodySize', req.maxBodySize.asString()]);
    if (req.scheme === 'internal') asked.push(['internal', 'scheme', 'internal']);
    const refused = new Set<IngressFeature>();
    for (const [feature, prop, value] of asked) {
      const fix = d.unsupported[feature];
      if (fix !== undefined) {
        problems.add(prop, value, `cannot be expressed with ${this.displayName}`, fix);
        refused.add(feature);
      }
    }
    if (this.supports('tlsSecret')) {
      req.tls.forEach((t, i) => {
        if (t.secretName === undefined) {
          problems.add(`tls[${i}].secretName`, undefined,
            `is required by ${this.displayName}, which reads the certificate from a kubernetes.io/tls Secret`,
            'name the Secret (with certManager set, cert-manager writes it)');
        }
      });
    }

    const annotations: ComputedAnnotation[] = [];
    let ingressClassName = req.ingressClassName ?? d.defaultClassName;
    if (d.classAnnotation) {
      if (req.ingressClassName !== undefined) {
        problems.add('ingressClassName', req.ingressClassName,
          `is ignored by ${this.displayName}, which is selected only by the kubernetes.io/ingress.class annotation`,
          'remove ingressClassName: the annotation ("gce" or "gce-internal") follows scheme');
      }
      ingressClassName = undefined;
      annotations.push({ key: 'kubernetes.io/ingress.class', value: d.classAnnotation(req.scheme ?? 'internet-facing'), prop: 'scheme' });
    }
    if (req.certManager && !refused.has('certManager')) {
      const { clusterIssuer, issuer } = req.certManager;
      if (clusterIssuer !== undefined) annotations.push({ key: 'cert-manager.io/cluster-issuer', value: clusterIssuer, prop: 'certManager' });
      if (issuer !== undefined) annotations.push({ key: 'cert-manager.io/issuer', value: issuer, prop: 'certManager' });
    }
    annotations.push(...d.annotate(req, problems, this.displayName));
    return { ingressClassName, annotations };
  }

  /** @internal Checks a rule's path against the controller's own path rules. */
  public _checkPath(path: string, pathType: string, where: string, problems: Problems): boolean {
    return this.dialect.checkPath?.(path, pathType, where, problems, this.displayName) ?? true;
  }

  /** @internal Checks that the controller can reach a backend Service. */
  public _checkBackend(service: IRoutableService, where: string, problems: Problems): void {
    this.dialect.checkBackend?.(service, where, problems, this.displayName);
  }
}
