import * as k8s from './private/k8s';
import type { IConfigMap } from './config-map';
import type { IConfigSource } from './config-source';
import type { ISecret } from './secret';

/**
 * One key of a ConfigMap or Secret as a file of a volume.
 * @see https://kubernetes.io/docs/concepts/configuration/configmap/#using-configmaps-as-files-from-a-pod
 */
export interface VolumeItem {
  /** The key of the ConfigMap or Secret. */
  readonly key: string;
  /** The file, relative to the mount path (`conf/menu.json`). */
  readonly path: string;
  /** Octal file mode, 0 to 0o777 (`0o440`). @default - the volume's `defaultMode` */
  readonly mode?: number;
}

/** Options of `Volume.fromConfigMap` and `Volume.fromSecret`. */
export interface ConfigVolumeOptions {
  /** Only these keys, at these paths. @default - every key, as a file named after it */
  readonly items?: VolumeItem[];
  /**
   * Octal mode of the files, 0 to 0o777. Secrets are better readable by the owner (and group) only.
   * @default - 0o644 (Kubernetes default)
   */
  readonly defaultMode?: number;
  /** Start the pod even when the object (or a key of `items`) is missing. @default false */
  readonly optional?: boolean;
}

/** One source of a projected volume. */
export interface ProjectedSource {
  /** A ConfigMap or a Secret. */
  readonly source: IConfigMap | ISecret;
  /** @default - every key, as a file named after it */
  readonly items?: VolumeItem[];
  /** @default false */
  readonly optional?: boolean;
}

/** Options of `Volume.projected`. */
export interface ProjectedVolumeOptions {
  /** Octal mode of the files, 0 to 0o777. @default - 0o644 (Kubernetes default) */
  readonly defaultMode?: number;
}

/** @internal What a config volume reads, for the pod's checks, rollout hash and external references. */
export interface VolumeSourceUse {
  readonly source: IConfigSource;
  readonly items?: readonly VolumeItem[];
  readonly optional: boolean;
  /** The prop path below the volume (`sources[1]`), empty for a single-source volume. */
  readonly at: string;
}

/**
 * A volume of ConfigMap or Secret data, which containers mount by `name` (`mounts: [{ volume: 'menu', path: '/etc/menu' }]`),
 * as they mount shared `emptyDir` volumes. Files are read-only; their content hash on the pod template rolls the pods when it changes.
 */
export class Volume {
  /** The keys of a ConfigMap as files. */
  public static fromConfigMap(name: string, configMap: IConfigMap, options: ConfigVolumeOptions = {}): Volume {
    return new Volume(name, 'configMap', [{ source: configMap, items: options.items, optional: options.optional ?? false, at: '' }],
      options.defaultMode);
  }

  /** The keys of a Secret as files (tmpfs on the node, never written to its disk). */
  public static fromSecret(name: string, secret: ISecret, options: ConfigVolumeOptions = {}): Volume {
    return new Volume(name, 'secret', [{ source: secret, items: options.items, optional: options.optional ?? false, at: '' }], options.defaultMode);
  }

  /** Several ConfigMaps and Secrets in one directory. */
  public static projected(name: string, sources: ProjectedSource[], options: ProjectedVolumeOptions = {}): Volume {
    return new Volume(name, 'projected',
      sources.map((s, i) => ({ source: s.source, items: s.items, optional: s.optional ?? false, at: `sources[${i}]` })),
      options.defaultMode);
  }

  private constructor(
    /** The DNS-1123 label that containers' `mounts` refer to. */
    public readonly name: string,
    /** @internal */ public readonly _type: 'configMap' | 'secret' | 'projected',
    /** @internal */ public readonly _uses: readonly VolumeSourceUse[],
    /** @internal */ public readonly _defaultMode: number | undefined,
  ) {}

  /** @internal */
  public _toKube(): k8s.Volume {
    const items = (list?: readonly VolumeItem[]) => list?.map((i) => ({ key: i.key, path: i.path, mode: i.mode }));
    const [first] = this._uses;
    const optional = (u: VolumeSourceUse) => (u.optional ? true : undefined);
    if (this._type === 'configMap') {
      return { name: this.name,
        configMap: { name: first.source.name, items: items(first.items), defaultMode: this._defaultMode, optional: optional(first) } };
    }
    if (this._type === 'secret') {
      return { name: this.name,
        secret: { secretName: first.source.name, items: items(first.items), defaultMode: this._defaultMode, optional: optional(first) } };
    }
    return {
      name: this.name,
      projected: {
        defaultMode: this._defaultMode,
        sources: this._uses.map((u) => {
          const ref = { name: u.source.name, items: items(u.items), optional: optional(u) };
          return u.source.kind === 'ConfigMap' ? { configMap: ref } : { secret: ref };
        }),
      },
    };
  }
}
