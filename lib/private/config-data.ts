/*
 * What ConfigMap and Secret share: data from literals and from files, its keys checked, its size
 * bounded, and a hash of it for the pods' rollout annotation.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { IConstruct } from 'constructs';
import type { ConfigSourceKind, ExternalConfigOptions, IConfigSource } from '../config-source';
import { configDataSize, configMapKey } from '../rules/config';
import { secretName } from '../rules/names';
import { Problems, propsError } from './construct-base';


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
