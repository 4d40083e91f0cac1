import * as k8s from './private/k8s';
import { Construct } from 'constructs';
import { ConfigSourceProps, ExternalConfigOptions, IConfigSource } from './config-source';
import { MetadataProps } from './labels';
import { externalSource, isUtf8 } from './private/config-data';
import { ConfigSourceBase } from './private/config-source-base';

export type { ExternalConfigOptions } from './config-source';

/** A ConfigMap: of this app, or made outside it (`ConfigMap.fromExternal`). */
export interface IConfigMap extends IConfigSource {
  readonly kind: 'ConfigMap';
}

export interface ConfigMapProps extends MetadataProps, ConfigSourceProps {
  /** Literal entries, key -> text. Keys become file names when mounted. @default - none */
  readonly data?: Record<string, string>;
}

/**
 * Configuration for pods, from literals and files. Pods read it as env (`EnvValue.fromConfigMap`,
 * `EnvFrom.configMap`) or files (`Volume.fromConfigMap`); its content hash on their template rolls them when it changes.
 * The data is fixed when the construct is created.
 */
export class ConfigMap extends ConfigSourceBase implements IConfigMap {
  /**
   * A ConfigMap the app uses but does not make (another tool, or the cluster: `kube-root-ca.crt`).
   * No object is synthesized; pods that use it list it in their `cdk8s-patterns/external-refs` annotation,
   * so `validateManifests` tells it from a typo.
   */
  public static fromExternal(scope: Construct, name: string, options: ExternalConfigOptions = {}): IConfigMap {
    return externalSource(scope, 'ConfigMap', name, options) as IConfigMap;
  }

  public readonly kind = 'ConfigMap' as const;
  public readonly apiObject: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: ConfigMapProps = {}) {
    super(scope, id, props, props.data, { kind: 'ConfigMap', dataProp: 'data' });
    const text: Record<string, string> = {};
    const binary: Record<string, string> = {};
    for (const key of this.keys) {
      const bytes = this.data.get(key)!;
      if (isUtf8(bytes)) text[key] = bytes.toString('utf8');
      else binary[key] = bytes.toString('base64');
    }
    this.apiObject = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: this.metadata,
      data: Object.keys(text).length > 0 ? text : undefined,
      binaryData: Object.keys(binary).length > 0 ? binary : undefined,
      immutable: props.immutable,
    });
  }
}
