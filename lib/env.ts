import * as k8s from './private/k8s';
import type { IConfigSource } from './config-source';
import type { IConfigMap } from './config-map';
import type { ISecret } from './secret';
// The Service contract is a leaf module, so env.ts needs nothing of service.ts itself.
import type { IService, ServiceUrlOptions } from './service-contract';

/** Where an environment variable's value comes from. Plain strings in `env` are literal values. */
export class EnvValue {
  public static fromValue(value: string): EnvValue {
    return new EnvValue({ value });
  }

  /**
   * A key of a Secret, so the value never appears in the manifest. Pass the `Secret` (or
   * `Secret.fromExternal(...)`): the key is checked against its keys, and its content hash rolls the pods.
   *
   * Passing the name as a string still works but is deprecated: nothing checks the name or the key, and
   * `validateManifests` warns that the Secret is neither in the app nor marked external.
   */
  public static fromSecret(secret: ISecret | string, key: string, options: { optional?: boolean } = {}): EnvValue {
    const name = typeof secret === 'string' ? secret : secret.name;
    return new EnvValue({ valueFrom: { secretKeyRef: { name, key, optional: options.optional } } },
      typeof secret === 'string' ? undefined : { source: secret, key, optional: options.optional ?? false });
  }

  /**
   * A key of a ConfigMap. Pass the `ConfigMap` (or `ConfigMap.fromExternal(...)`): the key is checked, and its
   * content hash rolls the pods. A name string still works but is deprecated, as for `fromSecret`.
   */
  public static fromConfigMap(configMap: IConfigMap | string, key: string, options: { optional?: boolean } = {}): EnvValue {
    const name = typeof configMap === 'string' ? configMap : configMap.name;
    return new EnvValue({ valueFrom: { configMapKeyRef: { name, key, optional: options.optional } } },
      typeof configMap === 'string' ? undefined : { source: configMap, key, optional: options.optional ?? false });
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

  private constructor(private readonly source: Omit<k8s.EnvVar, 'name'>, private readonly ref?: ConfigKeyRef) {}

  /** @internal The ConfigMap or Secret key this value reads, when given as a construct. */
  public get _configRef(): ConfigKeyRef | undefined {
    return this.ref;
  }

  /** @internal */
  public _toKube(name: string): k8s.EnvVar {
    return { name, ...this.source };
  }
}

/** @internal One key of a ConfigMap or Secret that a pod reads. */
export interface ConfigKeyRef {
  readonly source: IConfigSource;
  readonly key: string;
  readonly optional: boolean;
}

/** Options of `EnvFrom.configMap` and `EnvFrom.secret`. */
export interface EnvFromOptions {
  /** Put before every variable name (`DB_`). @default - none */
  readonly prefix?: string;
  /** Start the container even when the object is missing. @default false */
  readonly optional?: boolean;
}

/** Every key of a ConfigMap or Secret as an environment variable (`envFrom`); keys that are not valid variable names are skipped by the kubelet. */
export class EnvFrom {
  public static configMap(configMap: IConfigMap, options: EnvFromOptions = {}): EnvFrom {
    return new EnvFrom(configMap, options);
  }

  public static secret(secret: ISecret, options: EnvFromOptions = {}): EnvFrom {
    return new EnvFrom(secret, options);
  }

  private constructor(public readonly source: IConfigSource, public readonly options: EnvFromOptions) {}

  /** @internal */
  public _toKube(): k8s.EnvFromSource {
    const ref = { name: this.source.name, optional: this.options.optional };
    return {
      prefix: this.options.prefix,
      ...(this.source.kind === 'ConfigMap' ? { configMapRef: ref } : { secretRef: ref }),
    };
  }
}
