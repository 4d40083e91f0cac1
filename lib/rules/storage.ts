/*
 * Persistent storage: which access modes a storage class's volumes can give. Block storage (a cloud
 * disk) attaches to one node at a time, so it can never be ReadWriteMany.
 * Sources for the cloud classes:
 * - EKS: the EBS CSI driver (`ebs.csi.aws.com`); EKS creates no gp3 class (older clusters have a `gp2`
 *   default on the in-tree provisioner), so the app creates one or names one an admin made:
 *   https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html and
 *   https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/parameters.md (type: gp3).
 *   EBS volumes are ReadWriteOnce (io2 Multi-Attach in block mode aside).
 * - GKE: built-in `standard-rwo` (pd-balanced) and `premium-rwo` (pd-ssd) on `pd.csi.storage.gke.io`:
 *   https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/gce-pd-csi-driver;
 *   a Persistent Disk is ReadWriteOnce, or ReadOnlyMany when attached read-only:
 *   https://cloud.google.com/kubernetes-engine/docs/concepts/persistent-volumes#access_modes
 * - AKS: built-in `managed-csi` (StandardSSD_LRS) and `managed-csi-premium` (Premium_LRS) on
 *   `disk.csi.azure.com`: https://learn.microsoft.com/azure/aks/azure-disk-csi; "an Azure disk can
 *   only be mounted with Access mode type ReadWriteOnce": https://learn.microsoft.com/azure/aks/azure-disk-volume
 */
import { isDns1123Subdomain } from './names';
import { positiveQuantity } from './quantities';
import { Violation, violation } from './violation';

/** @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes */
export type AccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod';

export const ACCESS_MODES: readonly AccessMode[] = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/** What a provisioner's volumes can be mounted as. */
export interface StorageProvisionerInfo {
  /** Shown in messages: `EBS volumes`. */
  readonly what: string;
  readonly accessModes: readonly AccessMode[];
}

/** CSI provisioners of cloud block storage, by name. ReadWriteOncePod works on any CSI driver (GA 1.29). */
export const BLOCK_PROVISIONERS: Readonly<Record<string, StorageProvisionerInfo>> = {
  'ebs.csi.aws.com': { what: 'EBS volumes', accessModes: ['ReadWriteOnce', 'ReadWriteOncePod'] },
  'pd.csi.storage.gke.io': { what: 'Persistent Disks', accessModes: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteOncePod'] },
  'disk.csi.azure.com': { what: 'Azure disks', accessModes: ['ReadWriteOnce', 'ReadWriteOncePod'] },
};

/** A storage class a cloud profile knows: created by the cloud (`builtIn`) or by the app. */
export interface CloudStorageClassInfo {
  readonly name: string;
  readonly provisioner: string;
  readonly parameters: Readonly<Record<string, string>>;
  /** The cloud creates it in every cluster; otherwise an app or an admin must. */
  readonly builtIn: boolean;
}

/** The cloud profiles' storage classes, by name (the validator recognises a PVC's class by it). */
export const CLOUD_STORAGE_CLASSES: Readonly<Record<string, CloudStorageClassInfo>> = {
  'gp3': { name: 'gp3', provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3' }, builtIn: false },
  'standard-rwo': { name: 'standard-rwo', provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-balanced' }, builtIn: true },
  'premium-rwo': { name: 'premium-rwo', provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-ssd' }, builtIn: true },
  'managed-csi': { name: 'managed-csi', provisioner: 'disk.csi.azure.com', parameters: { skuName: 'StandardSSD_LRS' }, builtIn: true },
  'managed-csi-premium': { name: 'managed-csi-premium', provisioner: 'disk.csi.azure.com', parameters: { skuName: 'Premium_LRS' }, builtIn: true },
};

/** An access mode Kubernetes knows. */
export function accessMode(value: string): Violation | undefined {
  if ((ACCESS_MODES as readonly string[]).includes(value)) return undefined;
  return violation('access-mode', 'is not an access mode', `use one of ${ACCESS_MODES.map((m) => `'${m}'`).join(', ')}`);
}

/**
 * A claim's list of access modes (core validation.go ValidatePersistentVolumeClaimSpec): at least one,
 * and `ReadWriteOncePod` alone. Each mode is checked with `accessMode`.
 */
export function accessModeList(modes: readonly string[]): Violation | undefined {
  if (modes.length === 0) return violation('access-mode', 'is empty', 'use [\'ReadWriteOnce\']');
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) {
    return violation('access-mode', 'combine ReadWriteOncePod with other modes, which the API server refuses', 'use ReadWriteOncePod alone');
  }
  return undefined;
}

/** Whether volumes of `provisioner` (storage class `className`) can be mounted with `mode`. */
export function storageAccessMode(mode: string, className: string, provisioner: string): Violation | undefined {
  const info = BLOCK_PROVISIONERS[provisioner];
  if (!info || info.accessModes.includes(mode as AccessMode)) return undefined;
  return violation('storage-access-mode',
    `is not possible with storage class "${className}": ${info.what} (${provisioner}) attach to one node at a time`,
    `use ${orList(info.accessModes.map((m) => `'${m}'`))}, or a file storage class (NFS, EFS, Filestore, Azure Files) for shared access`);
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * A claim's `resources.requests.storage` (core validation.go ValidatePersistentVolumeClaimSpec): set, and above
 * zero. `example` is a valid value in the caller's terms.
 */
export function claimStorage(value: unknown, example: string): Violation | undefined {
  if (value === undefined || value === null) {
    return violation('claim-storage', 'is not set; a claim must request a size', `request one, e.g. ${example}`);
  }
  const bad = positiveQuantity(value, example);
  return bad && violation('claim-storage', bad.message, bad.fix);
}

/** A claim's `storageClassName` (ValidateClassName): a DNS-1123 subdomain; "" asks for no class. */
export function storageClassName(value: string): Violation | undefined {
  if (value === '' || isDns1123Subdomain(value)) return undefined;
  return violation('storage-class-name', 'is not a storage class name',
    'use the name of a StorageClass: at most 253 lower-case letters, digits, \'-\' and \'.\'');
}
