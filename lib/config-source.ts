/*
 * The contract between ConfigMaps and Secrets and the pods that use them, in a leaf module so that the
 * pod spec, the env values and the volumes can name it without importing the constructs.
 */
import { IConstruct } from 'constructs';

/**
 * Pod template annotation that lists the ConfigMaps and Secrets the pods use but the app does not make
 * (`Secret.fromExternal`, `ConfigMap.fromExternal`), as `Kind/name` or `Kind/name=managedBy`, comma-separated.
 * `validateManifests` accepts a reference to a name listed here without the object being in the manifests,
 * and reports any other reference to a missing one, so a typo is told from a Secret another tool makes.
 */
export const EXTERNAL_REFS_ANNOTATION = 'cdk8s-patterns/external-refs';

/**
 * Pod template annotation holding a SHA-256 of the content of every ConfigMap and Secret of the app that
 * the pods use (env, envFrom, volumes). A change of the content changes the template, so the workload
 * rolls, as Helm's `checksum/config` pattern does. Off with the pod prop `configHash: false`.
 */
export const CONFIG_HASH_ANNOTATION = 'cdk8s-patterns/config-hash';

/** Which kind of object holds the data. */
export type ConfigSourceKind = 'ConfigMap' | 'Secret';

/** A ConfigMap or Secret a pod can read: one of the app, or one made outside it. */
export interface IConfigSource {
  readonly kind: ConfigSourceKind;
  /** `metadata.name`. */
  readonly name: string;
  /** The keys it holds; for an external one, those declared, or undefined when none were. */
  readonly keys: readonly string[] | undefined;
  /** Made outside the app (External Secrets, sealed-secrets, a CSI secret store...): no object is synthesized. */
  readonly external: boolean;
  /** For an external one: what makes it (`external-secrets`), recorded in the pod's `cdk8s-patterns/external-refs`. */
  readonly managedBy?: string;
  /** SHA-256 of the data, for the rollout hash; undefined for an external one (its content is unknown). */
  readonly contentHash: string | undefined;
  /** The construct, for an object of the app. */
  readonly construct?: IConstruct;
}

/** What ConfigMaps and Secrets of the app share: entries read from files, and immutability. */
export interface ConfigSourceProps {
  /**
   * Entries read from files, key -> path. A relative path is resolved against the working directory of
   * the process that builds the app (where `cdk8s synth` runs, usually the project root), when the
   * construct is created. A ConfigMap puts text files in `data`, others (not UTF-8) in `binaryData`.
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

/** Options of `ConfigMap.fromExternal` and `Secret.fromExternal`. */
export interface ExternalConfigOptions {
  /**
   * The keys it holds: `EnvValue.fromSecret` and volume `items` are checked against them.
   * @default - unknown, so keys are not checked
   */
  readonly keys?: string[];
  /**
   * What makes it, for the reader (`external-secrets`, `sealed-secrets`, `secrets-store-csi-driver`);
   * recorded after the name in the pods' `cdk8s-patterns/external-refs` annotation.
   * @default - not recorded
   */
  readonly managedBy?: string;
}
