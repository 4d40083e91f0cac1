import * as k8s from './private/k8s';
import { Construct } from 'constructs';
import { ExternalConfigOptions, IConfigSource } from './config-source';
import { checkLabelProps, MetadataProps, recommendedLabels } from './labels';
import { collectData, externalSource, hashData } from './private/config-data';
import { PatternConstruct, Problems } from './private/construct-base';
import { checkObjectName, objectName } from './private/names';

/**
 * The Secret types this library writes, each with the keys the API server requires of it.
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#secret-types
 */
export type SecretType = 'Opaque' | 'kubernetes.io/tls' | 'kubernetes.io/dockerconfigjson' | 'kubernetes.io/basic-auth';

/** The keys each type requires: all of them, or (`anyOf`) at least one. */
export const SECRET_TYPE_KEYS: Readonly<Record<SecretType, { readonly keys: readonly string[]; readonly anyOf?: boolean }>> = {
  'Opaque': { keys: [] },
  'kubernetes.io/tls': { keys: ['tls.crt', 'tls.key'] },
  'kubernetes.io/dockerconfigjson': { keys: ['.dockerconfigjson'] },
  'kubernetes.io/basic-auth': { keys: ['username', 'password'], anyOf: true },
};

/** A Secret: of this app, or made outside it (`Secret.fromExternal`). */
export interface ISecret extends IConfigSource {
  readonly kind: 'Secret';
}

export interface SecretProps extends MetadataProps {
  /** @default 'Opaque' */
  readonly type?: SecretType;
  /** Literal entries, key -> value; written base64-encoded to `data`. Keep real values out of source control. @default - none */
  readonly stringData?: Record<string, string>;
  /**
   * Entries read from files, key -> path, as `ConfigMapProps.files`: a relative path is resolved against
   * the working directory of `cdk8s synth`, when the construct is created.
   * @default - none
   */
  readonly files?: Record<string, string>;
  /**
   * Forbid changes to the data once created. To change the content then, give it a new name.
   * @default false
   */
  readonly immutable?: boolean;
}

/**
 * A Secret of the app. The synthesized YAML holds its values (base64 is not encryption), so most apps
 * make credentials with another tool (External Secrets, sealed-secrets, a CSI secret store) and refer to
 * them with `Secret.fromExternal`; this construct suits generated or non-sensitive values and tests.
 * The data is fixed when the construct is created.
 */
export class Secret extends PatternConstruct implements ISecret {
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
  public readonly name: string;
  public readonly type: SecretType;
  public readonly keys: readonly string[];
  public readonly external = false;
  public readonly contentHash: string;
  public readonly construct = this;

  constructor(scope: Construct, id: string, props: SecretProps = {}) {
    super(scope, id);
    const name = props.name ?? objectName(this);
    const type = props.type ?? 'Opaque';
    const { meta, data } = this.checkProps((problems: Problems) => {
      checkObjectName(name, problems, 'dns1123-subdomain');
      const collected = collectData('Secret', 'stringData', props.stringData, props.files, problems);
      checkType(type, collected, problems);
      return { meta: checkLabelProps(props, problems), data: collected };
    });
    this.name = name;
    this.type = type;
    this.keys = [...data.keys()].sort();
    this.contentHash = hashData('Secret', data, type);
    this.apiObject = new k8s.KubeSecret(this, 'Resource', {
      metadata: { name, labels: recommendedLabels(this, name, meta), annotations: props.annotations },
      type,
      data: this.keys.length > 0 ? Object.fromEntries(this.keys.map((k) => [k, data.get(k)!.toString('base64')])) : undefined,
      immutable: props.immutable,
    });
  }
}

function checkType(type: SecretType, data: ReadonlyMap<string, Buffer>, problems: Problems): void {
  const rule = SECRET_TYPE_KEYS[type];
  if (!rule) {
    problems.add('type', type, 'is not a Secret type this library writes',
      `use one of ${Object.keys(SECRET_TYPE_KEYS).map((t) => `"${t}"`).join(', ')}`);
    return;
  }
  const missing = rule.keys.filter((k) => !data.has(k));
  const keys = [...data.keys()].sort();
  if (rule.anyOf ? missing.length === rule.keys.length : missing.length > 0) {
    const wanted = rule.keys.map((k) => `"${k}"`).join(rule.anyOf ? ' or ' : ' and ');
    problems.add('type', type,
      `needs the key${rule.keys.length > 1 ? 's' : ''} ${wanted} (the Secret has ${keys.length > 0 ? keys.map((k) => `"${k}"`).join(', ') : 'none'})`,
      `add ${rule.anyOf ? 'one of them' : missing.map((k) => `"${k}"`).join(' and ')} to stringData or files`);
  }
  const docker = data.get('.dockerconfigjson');
  if (type === 'kubernetes.io/dockerconfigjson' && docker) {
    try {
      JSON.parse(docker.toString('utf8'));
    } catch {
      problems.add('stringData[".dockerconfigjson"]', '<redacted>', 'is not JSON', 'use the content of a Docker config.json (`{"auths": {...}}`)');
    }
  }
}
