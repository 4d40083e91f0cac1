/*
 * The base of ConfigMap and Secret. Apart from config-data.ts because the published declarations of ConfigMap and
 * Secret reach this file: nothing public here may name Node's `Buffer`, so that projects without @types/node compile.
 */
import { Construct } from 'constructs';
import type * as k8s from '../../imports/k8s';
import type { ConfigSourceKind, ConfigSourceProps, IConfigSource } from '../config-source';
import { checkLabelProps, MetadataProps, recommendedLabels } from '../labels';
import { collectData, hashData } from './config-data';
import { PatternConstruct, Problems } from './construct-base';
import { checkObjectName, objectName } from './names';

/** An entry's bytes as the published declarations may name them: a Node `Buffer`, without the name. */
export interface ConfigBytes {
  toString(encoding: 'utf8'): string;
}

/** How a kind names its literal entries, and what else it checks of its data. */
export interface ConfigKind {
  readonly kind: ConfigSourceKind;
  /** The prop of the literal entries (`data`, `stringData`). */
  readonly dataProp: string;
  /** Checks the kind's own rules on the collected data (a Secret's type). */
  readonly check?: (data: ReadonlyMap<string, ConfigBytes>, problems: Problems) => void;
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
