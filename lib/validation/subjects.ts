import { isRecord, Json, record, records, string, Subject } from './context';
import { CrdVersion, vendoredCrds } from './vendored';
import { isSchema } from './schema-walk';

/** Built-in kinds without a namespace (kubectl api-resources --namespaced=false). */
const CLUSTER_SCOPED = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding', 'ClusterTrustBundle',
  'ComponentStatus', 'CSIDriver', 'CSINode', 'CustomResourceDefinition', 'DeviceClass', 'FlowSchema',
  'IngressClass', 'IPAddress', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume', 'PriorityClass',
  'PriorityLevelConfiguration', 'ResourceSlice', 'RuntimeClass', 'SelfSubjectAccessReview',
  'SelfSubjectReview', 'SelfSubjectRulesReview', 'ServiceCIDR', 'StorageClass', 'StorageVersion',
  'StorageVersionMigration', 'SubjectAccessReview', 'TokenReview', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'VolumeAttachment',
  'VolumeAttributesClass',
]);

/** CRDs known to this run: the vendored ones, overridden by any CRD in the manifests. */
export class CrdIndex {
  private readonly byGvk = new Map<string, CrdVersion>();
  private readonly groups = new Set<string>();

  constructor(manifests: readonly unknown[]) {
    for (const [key, crd] of Object.entries(vendoredCrds())) this.set(key, crd);
    for (const manifest of manifests) {
      if (!isRecord(manifest) || manifest.kind !== 'CustomResourceDefinition') continue;
      const spec = record(manifest.spec);
      const group = string(spec?.group);
      const kind = string(record(spec?.names)?.kind);
      if (!spec || !group || !kind) continue;
      for (const version of records(spec.versions)) {
        const schema = record(record(version.schema)?.openAPIV3Schema);
        this.set(`${group}/${string(version.name)}/${kind}`, {
          file: `CustomResourceDefinition ${string(record(manifest.metadata)?.name) ?? kind}`,
          scope: string(spec.scope) ?? 'Namespaced',
          served: version.served === true,
          deprecated: version.deprecated === true,
          schema: schema && isSchema(schema) ? schema : undefined,
        });
      }
    }
  }

  public get(group: string, version: string, kind: string): CrdVersion | undefined {
    return this.byGvk.get(`${group}/${version}/${kind}`);
  }

  public hasGroup(group: string): boolean {
    return this.groups.has(group);
  }

  /** Served `group/version` strings for a kind, for "use ..." hints. */
  public servedVersions(group: string, kind: string): string[] {
    const out: string[] = [];
    for (const [key, crd] of this.byGvk) {
      const [g, v, k] = key.split('/');
      if (g === group && k === kind && crd.served) out.push(`${g}/${v}`);
    }
    return out;
  }

  public kinds(group: string): string[] {
    return [...new Set([...this.byGvk.keys()].filter((k) => k.startsWith(`${group}/`)).map((k) => k.split('/')[2]))];
  }

  private set(key: string, crd: CrdVersion): void {
    this.byGvk.set(key, crd);
    this.groups.add(key.split('/')[0]);
  }
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function toSubject(manifest: Json, index: number, crds: CrdIndex, defaultNamespace: string, hasNull: boolean): Subject {
  const apiVersion = string(manifest.apiVersion) ?? '';
  const kind = string(manifest.kind) ?? '';
  const metadata = record(manifest.metadata);
  const name = string(metadata?.name) ?? string(metadata?.generateName) ?? `<manifest ${index}>`;
  const { group, version } = splitApiVersion(apiVersion);
  const crd = crds.get(group, version, kind);
  const clusterScoped = crd ? crd.scope === 'Cluster' : CLUSTER_SCOPED.has(kind);
  const namespace = clusterScoped ? '' : string(metadata?.namespace) || defaultNamespace;
  const id = clusterScoped ? `${kind || '<no kind>'}/${name}` : `${kind || '<no kind>'}/${namespace}/${name}`;
  return { manifest, apiVersion, group, kind, name, namespace, clusterScoped, id, hasNull };
}
