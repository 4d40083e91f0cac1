/*
 * What ConfigMap and Secret share: data from literals and from files, its keys checked, its size
 * bounded, and a hash of it for the pods' rollout annotation.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Construct, IConstruct } from 'constructs';
import type * as k8s from '../../imports/k8s';
import type { ConfigSourceKind, ConfigSourceProps, ExternalConfigOptions, IConfigSource } from '../config-source';
import { checkLabelProps, MetadataProps, recommendedLabels } from '../labels';
import { configDataSize, configMapKey } from '../rules/config';
import { secretName } from '../rules/names';
import { PatternConstruct, Problems, propsError } from './construct-base';
import { checkObjectName, objectName } from './names';


/** Reads `files` (key -> path relative to the working directory) and merges them with the literal `data`. */
export function collectData(
  kind: ConfigSourceKind, dataProp: string, data: Record<string, string> | undefined, files: Record<string, string> | undefined, problems: Problems,
): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [key, value] of Object.entries(data ?? {})) {
    if (problems.check(`${dataProp}`, key, configMapKey(key))) out.set(key, Buffer.from(value, 'utf8'));
  }
  for (const [key, file] of Object.entries(files ?? {})) {
    if (!problems.check('files', key, configMapKey(key))) continue;
    if (out.has(key)) {
      problems.add(`files[${JSON.stringify(key)}]`, file, `is also a key of ${dataProp}`, `give the file another key, or drop it from ${dataProp}`);
      continue;
    }
    try {
      out.set(key, fs.readFileSync(path.resolve(process.cwd(), file)));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      problems.add(`files[${JSON.stringify(key)}]`, file, `cannot be read (${code})`,
        'give a path relative to the directory `cdk8s synth` runs in, or an absolute one');
    }
  }
  const size = [...out].reduce((n, [k, v]) => n + k.length + v.length, 0);
  problems.check(dataProp, `${size} bytes`, configDataSize(size, kind));
  return out;
}

/** SHA-256 of the data, independent of key order. */
export function hashData(kind: ConfigSourceKind, data: ReadonlyMap<string, Buffer>, extra = ''): string {
  const hash = createHash('sha256').update(`${kind}\u0000${extra}\u0000`);
  for (const key of [...data.keys()].sort()) hash.update(`${key}\u0000${data.get(key)!.length}\u0000`).update(data.get(key)!);
  return hash.digest('hex');
}

/** Whether the bytes are text that survives a round trip through a UTF-8 string (else a ConfigMap needs `binaryData`). */
export function isUtf8(buffer: Buffer): boolean {
  return Buffer.from(buffer.toString('utf8'), 'utf8').equals(buffer);
}

/** A reference to a ConfigMap or Secret made outside the app; checked now, as static factories do. */
export function externalSource(scope: IConstruct, kind: ConfigSourceKind, name: string, options: ExternalConfigOptions): IConfigSource {
  const factory = `${kind}.fromExternal`;
  const bad = secretName(name);
  if (bad) throw propsError(scope, `${factory} name`, name, `is not a ${kind} name`, bad.fix, bad.rule);
  for (const key of options.keys ?? []) {
    const v = configMapKey(key);
    if (v) throw propsError(scope, `${factory} keys`, key, v.message, v.fix, v.rule);
  }
  if (options.managedBy !== undefined && !/^[-._a-zA-Z0-9]+$/.test(options.managedBy)) {
    throw propsError(scope, `${factory} managedBy`, options.managedBy, 'is not a plain tool name',
      'use letters, digits, \'-\', \'_\' and \'.\', such as "external-secrets"');
  }
  return { kind, name, keys: options.keys && [...options.keys], external: true, managedBy: options.managedBy, contentHash: undefined };
}

/** How a kind names its literal entries, and what else it checks of its data. */
export interface ConfigKind {
  readonly kind: ConfigSourceKind;
  /** The prop of the literal entries (`data`, `stringData`). */
  readonly dataProp: string;
  /** Checks the kind's own rules on the collected data (a Secret's type). */
  readonly check?: (data: ReadonlyMap<string, Buffer>, problems: Problems) => void;
  /** Hashed with the data (a Secret's type). @default '' */
  readonly hashExtra?: string;
}

/**
 * The base of ConfigMap and Secret: checks the name, the data (literal entries and files) and the label props,
 * and exposes what pods need of it (`IConfigSource`). Each kind then renders its own object from `data`.
 */
export abstract class ConfigSourceBase extends PatternConstruct implements IConfigSource {
  public abstract readonly kind: ConfigSourceKind;
  public readonly name: string;
  public readonly keys: readonly string[];
  public readonly external = false;
  public readonly contentHash: string;
  public readonly construct = this;
  /** @internal The collected entries, key -> bytes. */
  protected readonly data: ReadonlyMap<string, Buffer>;
  /** @internal The metadata of the object. */
  protected readonly metadata: k8s.ObjectMeta;

  constructor(scope: Construct, id: string, props: ConfigSourceProps & MetadataProps, literal: Record<string, string> | undefined,
    kind: ConfigKind) {
    super(scope, id);
    const name = props.name ?? objectName(this);
    const { meta, data } = this.checkProps((problems) => {
      checkObjectName(name, problems, 'dns1123-subdomain');
      const collected = collectData(kind.kind, kind.dataProp, literal, props.files, problems);
      kind.check?.(collected, problems);
      return { meta: checkLabelProps(props, problems), data: collected };
    });
    this.name = name;
    this.data = data;
    this.keys = [...data.keys()].sort();
    this.contentHash = hashData(kind.kind, data, kind.hashExtra);
    this.metadata = { name, labels: recommendedLabels(this, name, meta), annotations: props.annotations };
  }
}
