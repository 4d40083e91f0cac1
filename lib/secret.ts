import * as k8s from './private/k8s';
import { Construct } from 'constructs';
import { ConfigSourceProps, ExternalConfigOptions, IConfigSource } from './config-source';
import { MetadataProps } from './labels';
import { externalSource } from './private/config-data';
import { ConfigBytes, ConfigSourceBase } from './private/config-source-base';
import { Problems } from './private/construct-base';
import { dockerConfigJson, SECRET_REQUIRED_KEYS, secretTypeKeys } from './rules/config';

/**
 * The Secret types this library writes, each with the keys the API server requires of it.
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#secret-types
 */
export type SecretType = 'Opaque' | 'kubernetes.io/tls' | 'kubernetes.io/dockerconfigjson' | 'kubernetes.io/basic-auth';

/** The keys each type requires: all of them, or (`anyOf`) at least one. */
export const SECRET_TYPE_KEYS: Readonly<Record<SecretType, { readonly keys: readonly string[]; readonly anyOf?: boolean }>> = {
  'Opaque': { keys: [] },
  'kubernetes.io/tls': SECRET_REQUIRED_KEYS['kubernetes.io/tls'],
  'kubernetes.io/dockerconfigjson': SECRET_REQUIRED_KEYS['kubernetes.io/dockerconfigjson'],
  'kubernetes.io/basic-auth': SECRET_REQUIRED_KEYS['kubernetes.io/basic-auth'],
};

/** A Secret: of this app, or made outside it (`Secret.fromExternal`). */
export interface ISecret extends IConfigSource {
  readonly kind: 'Secret';
}

export interface SecretProps extends MetadataProps, ConfigSourceProps {
  /** @default 'Opaque' */
  readonly type?: SecretType;
  /** Literal entries, key -> value; written base64-encoded to `data`. Keep real values out of source control. @default - none */
  readonly stringData?: Record<string, string>;
}

/**
 * A Secret of the app. The synthesized YAML holds its values (base64 is not encryption), so most apps
 * make credentials with another tool (External Secrets, sealed-secrets, a CSI secret store) and refer to
 * them with `Secret.fromExternal`; this construct suits generated or non-sensitive values and tests.
 * The data is fixed when the construct is created.
 */
export class Secret extends ConfigSourceBase implements ISecret {
  /**
   * A Secret the app uses but another tool makes (External Secrets, sealed-secrets, a CSI secret store driver).
   * No object is synthesized. Pods that use it list it in their `cdk8s-patterns/external-refs` annotation, so
   * `validateManifests` tells it from a typo; with `keys`, the keys pods read are checked against them.
   */
  public static fromExternal(scope: Construct, name: string, options: ExternalConfigOptions = {}): ISecret {
    return externalSource(scope, 'Secret', name, options) as ISecret;
  }

  public readonly kind = 'Secret' as const;
  public readonly apiObject: k8s.KubeSecret;
  public readonly type: SecretType;

  constructor(scope: Construct, id: string, props: SecretProps = {}) {
    const type = props.type ?? 'Opaque';
    super(scope, id, props, props.stringData, {
      kind: 'Secret', dataProp: 'stringData', hashExtra: type, check: (data, problems) => checkType(type, data, problems),
    });
    this.type = type;
    this.apiObject = new k8s.KubeSecret(this, 'Resource', {
      metadata: this.metadata,
      type,
      data: this.keys.length > 0 ? Object.fromEntries(this.keys.map((k) => [k, this.data.get(k)!.toString('base64')])) : undefined,
      immutable: props.immutable,
    });
  }
}

function checkType(type: SecretType, data: ReadonlyMap<string, ConfigBytes>, problems: Problems): void {
  const rule = SECRET_TYPE_KEYS[type];
  if (!rule) {
    problems.add('type', type, 'is not a Secret type this library writes',
      `use one of ${Object.keys(SECRET_TYPE_KEYS).map((t) => `"${t}"`).join(', ')}`);
    return;
  }
  problems.check('type', type, secretTypeKeys(type, [...data.keys()], 'stringData or files'));
  const docker = data.get('.dockerconfigjson');
  if (type === 'kubernetes.io/dockerconfigjson' && docker) {
    problems.check('stringData[".dockerconfigjson"]', '<redacted>', dockerConfigJson(docker.toString('utf8')));
  }
}
