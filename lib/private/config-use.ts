/*
 * The ConfigMaps and Secrets one pod reads (env, envFrom, volumes): their keys checked where the pod
 * names them, their content hashed into the rollout annotation, and the external ones listed for the
 * cross-object check of validateManifests.
 */
import { createHash } from 'crypto';
import { CONFIG_HASH_ANNOTATION, EXTERNAL_REFS_ANNOTATION, IConfigSource } from '../config-source';
import { Problems } from './construct-base';

export class ConfigUses {
  private readonly used = new Map<string, IConfigSource>();

  /** Records that the pod reads `source`, and checks that it holds `key` (when given and not optional). */
  public use(source: IConfigSource, problems: Problems, prop: string, key?: string, optional = false): void {
    const id = `${source.kind}/${source.name}`;
    const seen = this.used.get(id);
    if (seen && seen !== source && seen.external !== source.external) {
      problems.add(prop, source.name, `names both a ${source.kind} of the app and an external one`,
        `use one ${source.kind} object for "${source.name}"`);
    }
    if (!seen) this.used.set(id, source);
    if (key === undefined || optional || source.keys === undefined || source.keys.includes(key)) return;
    const has = source.keys.length > 0 ? source.keys.map((k) => JSON.stringify(k)).join(', ') : 'none';
    const what = source.external
      ? `declared for the external ${source.kind} "${source.name}" (declared: ${has})`
      : `of ${source.kind} "${source.name}" (it has ${has})`;
    problems.add(prop, key, `is not a key ${what}`, source.external
      ? `use a declared key, or add it to keys of ${source.kind}.fromExternal`
      : `use one of its keys, or add "${key}" to the ${source.kind}`);
  }

  /** The pod template annotations: the rollout hash (unless `hash` is false) and the external references. */
  public annotations(hash: boolean): Record<string, string> {
    const out: Record<string, string> = {};
    const sources = [...this.used.values()].sort((a, b) => `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`));
    const own = sources.filter((s) => !s.external && s.contentHash !== undefined);
    if (hash && own.length > 0) {
      const h = createHash('sha256');
      for (const s of own) h.update(`${s.kind}/${s.name}=${s.contentHash}\n`);
      out[CONFIG_HASH_ANNOTATION] = h.digest('hex');
    }
    const external = sources.filter((s) => s.external);
    if (external.length > 0) {
      out[EXTERNAL_REFS_ANNOTATION] = external.map((s) => `${s.kind}/${s.name}${s.managedBy ? `=${s.managedBy}` : ''}`).join(',');
    }
    return out;
  }
}
