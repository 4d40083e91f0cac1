import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

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

  private constructor(private readonly source: Omit<k8s.EnvVar, 'name'>) {}

  /** @internal */
  public _toKube(name: string): k8s.EnvVar {
    return { name, ...this.source };
  }
}
