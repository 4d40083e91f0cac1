import * as k8s from '../imports/k8s';
// The Service contract is a leaf module, so env.ts needs nothing of service.ts itself.
import type { IService, ServiceUrlOptions } from './service-contract';

/** Where an environment variable's value comes from. Plain strings in `env` are literal values. */
export class EnvValue {
  public static fromValue(value: string): EnvValue {
    return new EnvValue({ value });
  }

  /** A key of a Secret, so the value never appears in the manifest. */
  public static fromSecret(secretName: string, key: string, options: { optional?: boolean } = {}): EnvValue {
    return new EnvValue({ valueFrom: { secretKeyRef: { name: secretName, key, optional: options.optional } } });
  }

  public static fromConfigMap(configMapName: string, key: string, options: { optional?: boolean } = {}): EnvValue {
    return new EnvValue({ valueFrom: { configMapKeyRef: { name: configMapName, key, optional: options.optional } } });
  }

  /** A field of the pod itself (downward API), e.g. `metadata.namespace` or `status.podIP`. */
  public static fromField(fieldPath: string): EnvValue {
    return new EnvValue({ valueFrom: { fieldRef: { fieldPath } } });
  }

  /**
   * Service discovery: the URL of a Service, from the Service object, e.g.
   * `env: { API_URL: EnvValue.fromServiceUrl(apiService) }` gives `http://api.shop.svc.cluster.local:80`.
   * The fully qualified name works from any namespace. Throws when `port` names no port of the
   * Service, or is unset and the Service has several.
   */
  public static fromServiceUrl(service: IService, options: ServiceUrlOptions = {}): EnvValue {
    return new EnvValue({ value: service.url(options) });
  }

  /** Service discovery: the Service's DNS name, `<name>.<namespace>.svc.cluster.local`. */
  public static fromServiceHost(service: IService): EnvValue {
    return new EnvValue({ value: service.dnsName });
  }

  /**
   * Service discovery: one port number of the Service, by number or name (`'5432'`).
   * @param port @default - the Service's only port
   */
  public static fromServicePort(service: IService, port?: number | string): EnvValue {
    return new EnvValue({ value: String(service.pickPort(port)?.port ?? '') });
  }

  private constructor(private readonly source: Omit<k8s.EnvVar, 'name'>) {}

  /** @internal */
  public _toKube(name: string): k8s.EnvVar {
    return { name, ...this.source };
  }
}
