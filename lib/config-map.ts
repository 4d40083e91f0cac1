import * as k8s from './private/k8s';
import { Construct } from 'constructs';
import { ExternalConfigOptions, IConfigSource } from './config-source';
import { checkLabelProps, MetadataProps, recommendedLabels } from './labels';
import { collectData, externalSource, hashData, isUtf8 } from './private/config-data';
import { PatternConstruct, Problems } from './private/construct-base';
import { checkObjectName, objectName } from './private/names';

export type { ExternalConfigOptions } from './config-source';

/** A ConfigMap: of this app, or made outside it (`ConfigMap.fromExternal`). */
export interface IConfigMap extends IConfigSource {
  readonly kind: 'ConfigMap';
}

export interface ConfigMapProps extends MetadataProps {
  /** Literal entries, key -> text. Keys become file names when mounted. @default - none */
  readonly data?: Record<string, string>;
  /**
   * Entries read from files, key -> path. A relative path is resolved against the working directory of
   * the process that builds the app (where `cdk8s synth` runs, usually the project root), when the
   * construct is created. Text files go to `data`, others (not UTF-8) to `binaryData`.
   * @default - none
   */
  readonly files?: Record<string, string>;
  /**
   * Forbid changes to the data once created (`immutable: true`), which spares the API server from watching it.
   * To change the content then, give it a new name: the pods that use it roll to the new one.
   * @default false
   * @see https://kubernetes.io/docs/concepts/configuration/configmap/#configmap-immutable
   */
  readonly immutable?: boolean;
}

/**
 * Configuration for pods, from literals and files. Pods read it as env (`EnvValue.fromConfigMap`,
 * `EnvFrom.configMap`) or files (`Volume.fromConfigMap`); its content hash on their template rolls them when it changes.
 * The data is fixed when the construct is created.
 */
export class ConfigMap extends PatternConstruct implements IConfigMap {
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
  public readonly name: string;
  public readonly keys: readonly string[];
  public readonly external = false;
  public readonly contentHash: string;
  public readonly construct = this;

  constructor(scope: Construct, id: string, props: ConfigMapProps = {}) {
    super(scope, id);
    const name = props.name ?? objectName(this);
    const { meta, data } = this.checkProps((problems: Problems) => {
      checkObjectName(name, problems, 'dns1123-subdomain');
      return { meta: checkLabelProps(props, problems), data: collectData('ConfigMap', 'data', props.data, props.files, problems) };
    });
    this.name = name;
    this.keys = [...data.keys()].sort();
    this.contentHash = hashData('ConfigMap', data);
    const text: Record<string, string> = {};
    const binary: Record<string, string> = {};
    for (const key of this.keys) {
      const bytes = data.get(key)!;
      if (isUtf8(bytes)) text[key] = bytes.toString('utf8');
      else binary[key] = bytes.toString('base64');
    }
    this.apiObject = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name, labels: recommendedLabels(this, name, meta), annotations: props.annotations },
      data: Object.keys(text).length > 0 ? text : undefined,
      binaryData: Object.keys(binary).length > 0 ? binary : undefined,
      immutable: props.immutable,
    });
  }
}
