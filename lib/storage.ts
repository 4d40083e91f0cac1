/*
 * Persistent storage: StorageClass objects, references to classes the cloud (or an admin) created,
 * and PersistentVolumeClaims, whose checks a StatefulSet's claim templates share.
 */
import { JsonPatch, Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from './private/k8s';
import { CloudProviderName } from './cloud-provider';
import { checkLabelProps, MetadataProps, recommendedLabels } from './labels';
import { PatternConstruct, Problems } from './private/construct-base';
import { checkObjectName, namespaceOf, objectName } from './private/names';
import { memoryQuantity } from './private/quantities';
import { listedTwice } from './rules/numbers';
import { AccessMode, accessMode, accessModeList, claimStorage, CLOUD_STORAGE_CLASSES, storageAccessMode, storageClassName } from './rules/storage';

export type { AccessMode } from './rules/storage';

/** A storage class a claim can name: one this app creates (`StorageClass`) or one that exists in the cluster. */
export interface IStorageClass {
  /** `metadata.name` of the StorageClass. */
  readonly name: string;
  /** Its provisioner, when known: claims are checked against what its volumes can do (block storage is never ReadWriteMany). */
  readonly provisioner?: string;
}

export interface StorageClassProps extends MetadataProps {
  /** The CSI driver that creates the volumes, e.g. `ebs.csi.aws.com`. */
  readonly provisioner: string;
  /** Driver parameters (EBS: `{ type: 'gp3' }`). @default - none */
  readonly parameters?: Record<string, string>;
  /** What happens to a volume when its claim is deleted. @default 'Delete' (the Kubernetes default) */
  readonly reclaimPolicy?: 'Delete' | 'Retain';
  /**
   * `WaitForFirstConsumer` creates the volume in the zone where the pod is scheduled, which zonal
   * disks need in multi-zone clusters.
   * @default 'WaitForFirstConsumer'
   */
  readonly volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
  /** Let claims grow by editing their size. @default true */
  readonly allowVolumeExpansion?: boolean;
  /** Mark it the cluster's default class (`storageclass.kubernetes.io/is-default-class`). @default false */
  readonly isDefault?: boolean;
}

/** A reference to a cloud profile's class. */
class CloudClassRef implements IStorageClass {
  constructor(public readonly name: string, public readonly provisioner: string, public readonly builtIn: boolean) {}
}

function cloudClass(name: string): CloudClassRef {
  const info = CLOUD_STORAGE_CLASSES[name];
  return new CloudClassRef(info.name, info.provisioner, info.builtIn);
}

/**
 * A `storage.k8s.io/v1` StorageClass (cluster-scoped: create it once per cluster, not per environment),
 * and the cloud profiles' classes (sources in lib/rules/storage.ts).
 */
export class StorageClass extends PatternConstruct implements IStorageClass {
  /** EKS: gp3 on the EBS CSI driver. EKS creates no such class: create it with `StorageClass.fromCloud`, or have an admin create it. */
  public static readonly EKS_GP3: IStorageClass = cloudClass('gp3');
  /** GKE's built-in balanced Persistent Disk class (`standard-rwo`, pd-balanced). */
  public static readonly GKE_STANDARD_RWO: IStorageClass = cloudClass('standard-rwo');
  /** GKE's built-in SSD Persistent Disk class (`premium-rwo`, pd-ssd). */
  public static readonly GKE_PREMIUM_RWO: IStorageClass = cloudClass('premium-rwo');
  /** AKS's built-in Standard SSD class (`managed-csi`). */
  public static readonly AKS_MANAGED_CSI: IStorageClass = cloudClass('managed-csi');
  /** AKS's built-in Premium SSD class (`managed-csi-premium`). */
  public static readonly AKS_MANAGED_CSI_PREMIUM: IStorageClass = cloudClass('managed-csi-premium');

  /** Each cloud's general-purpose block storage class; a generic cluster uses its default class. */
  public static forCloud(provider: { readonly name: CloudProviderName }): IStorageClass | undefined {
    return { eks: StorageClass.EKS_GP3, gke: StorageClass.GKE_STANDARD_RWO, aks: StorageClass.AKS_MANAGED_CSI, generic: undefined }[provider.name];
  }

  /** A class that exists in the cluster already, by name; give its provisioner to have claims checked against it. */
  public static named(name: string, provisioner?: string): IStorageClass {
    return { name, provisioner };
  }

  /** Creates the object of a cloud profile's class (`StorageClass.EKS_GP3`, which EKS lacks) in `scope`. */
  public static fromCloud(scope: Construct, id: string, ref: IStorageClass, props: Omit<StorageClassProps, 'provisioner'> = {}): StorageClass {
    const info = CLOUD_STORAGE_CLASSES[ref.name];
    return new StorageClass(scope, id, { name: ref.name, provisioner: ref.provisioner ?? info?.provisioner ?? '', parameters: info?.parameters,
      ...props });
  }

  public readonly apiObject: k8s.KubeStorageClass;
  public readonly name: string;
  public readonly provisioner: string;

  constructor(scope: Construct, id: string, props: StorageClassProps) {
    super(scope, id);
    const name = props.name ?? objectName(this);
    const meta = this.checkProps((problems) => {
      checkObjectName(name, problems, 'dns1123-subdomain');
      if (!props.provisioner) problems.add('provisioner', props.provisioner, 'is empty', 'name the CSI driver, e.g. "ebs.csi.aws.com"');
      return checkLabelProps(props, problems);
    });
    this.name = name;
    this.provisioner = props.provisioner;
    const annotations = { ...props.annotations, ...(props.isDefault ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {}) };
    this.apiObject = new k8s.KubeStorageClass(this, 'Resource', {
      metadata: { name, labels: recommendedLabels(this, name, meta), annotations: Object.keys(annotations).length > 0 ? annotations : undefined },
      provisioner: props.provisioner,
      parameters: props.parameters,
      reclaimPolicy: props.reclaimPolicy,
      volumeBindingMode: props.volumeBindingMode ?? 'WaitForFirstConsumer',
      allowVolumeExpansion: props.allowVolumeExpansion ?? true,
    });
    // Cluster-scoped: the chart's namespace must not be stamped on it.
    if (namespaceOf(this) !== undefined) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}

/** What a claim asks for: shared by `PersistentVolumeClaim` and a StatefulSet's `volumeClaims`. */
export interface VolumeClaimOptions {
  /** The volume's size, e.g. `Size.gibibytes(10)`. */
  readonly size: Size;
  /** @default ['ReadWriteOnce'] */
  readonly accessModes?: AccessMode[];
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: IStorageClass;
}

/** @internal Checks claim options (`where` prefixes the props) and renders the claim spec. */
export function buildClaimSpec(options: VolumeClaimOptions, where: string, problems: Problems): k8s.PersistentVolumeClaimSpec {
  const size = memoryQuantity(options.size);
  problems.check(`${where}size`, size, claimStorage(size, 'Size.gibibytes(10)'));
  const className = options.storageClass?.name;
  if (className !== undefined) problems.check(`${where}storageClass`, className, storageClassName(className));
  const modes = options.accessModes ?? ['ReadWriteOnce'];
  if (modes.length === 0) problems.check(`${where}accessModes`, modes, accessModeList(modes));
  for (const [i, mode] of modes.entries()) {
    if (!problems.check(`${where}accessModes[${i}]`, mode, accessMode(mode))) continue;
    if (modes.indexOf(mode) !== i) problems.check(`${where}accessModes[${i}]`, mode, listedTwice('mode'));
    const cls = options.storageClass;
    if (cls?.provisioner) problems.check(`${where}accessModes[${i}]`, mode, storageAccessMode(mode, cls.name, cls.provisioner));
  }
  if (modes.length > 0) problems.check(`${where}accessModes`, modes, accessModeList(modes));
  return {
    accessModes: modes,
    storageClassName: options.storageClass?.name,
    resources: { requests: { storage: k8s.Quantity.fromString(memoryQuantity(options.size)) } },
  };
}

export interface PersistentVolumeClaimProps extends MetadataProps, VolumeClaimOptions {}

/**
 * A PersistentVolumeClaim: a volume that outlives pods. Pods of one workload mount it through a
 * StatefulSet's `volumeClaims` (one claim per pod) rather than sharing one claim, which block storage
 * (ReadWriteOnce) only allows on one node.
 */
export class PersistentVolumeClaim extends PatternConstruct {
  public readonly apiObject: k8s.KubePersistentVolumeClaim;
  public readonly name: string;
  public readonly accessModes: readonly AccessMode[];

  constructor(scope: Construct, id: string, props: PersistentVolumeClaimProps) {
    super(scope, id);
    const name = props.name ?? objectName(this);
    const { meta, spec } = this.checkProps((problems) => {
      checkObjectName(name, problems, 'dns1123-subdomain');
      return { meta: checkLabelProps(props, problems), spec: buildClaimSpec(props, '', problems) };
    });
    this.name = name;
    this.accessModes = spec.accessModes as AccessMode[];
    this.apiObject = new k8s.KubePersistentVolumeClaim(this, 'Resource', {
      metadata: { name, labels: recommendedLabels(this, name, meta), annotations: props.annotations },
      spec,
    });
  }
}
