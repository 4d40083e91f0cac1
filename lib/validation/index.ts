/**
 * The manifest validator on its own: `import { validateManifests } from 'cdk8s-patterns/validation'`.
 * The main entry point exports the same functions.
 * @module cdk8s-patterns/validation
 */
import { DEFAULT_KUBERNETES_WINDOW, KubernetesWindow, windowProblems } from '../kubernetes-version';
import { checkApiLifecycle } from './api-lifecycle';
import { checkApiRules } from './api-rules';
import { Findings, manifestShape, isRecord, record, ResolvedOptions, show, string, Subject } from './context';
import { checkCrossObject } from './cross-object';
import { checkPodSecurity, ENFORCE_LABEL, PSS_ANNOTATION } from './pod-security';
import { checkSchemas } from './schema';
import { CrdIndex, toSubject } from './subjects';
import { PodTemplate, podTemplate } from './workloads';
import { Finding, KUBERNETES_VERSIONS, KubernetesVersion, ValidateOptions } from './types';
import { checkWindowFeatures } from './window-features';
import { applyWorld } from './world';

export { type Finding, type FindingSeverity, type KubernetesVersion, type KubernetesWindow, KUBERNETES_VERSIONS,
  type ValidateOptions } from './types';
export { DEFAULT_KUBERNETES_WINDOW } from '../kubernetes-version';

/**
 * Pod template (or workload) annotation that sets the Pod Security Standards level the
 * validator holds that workload to: `baseline` or `restricted`.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export const POD_SECURITY_ANNOTATION = PSS_ANNOTATION;

// k8s.io/apimachinery/pkg/util/json (json.go): `const maxDepth = 10000`, "limit recursive depth to prevent
// stack overflow errors"; deeper objects are refused before validation. Checked without recursion for the same reason.
const MAX_DEPTH = 10000;

/**
 * Checks synthesized manifests (`Testing.synth(chart)`, or objects parsed from YAML) the way
 * a cluster would: the Kubernetes OpenAPI schema and CRD schemas (strict: unknown fields are
 * errors), the API server's own validation rules, references between the objects, and the
 * Pod Security Standards; and the Kubernetes window: APIs that its newest release removed or
 * deprecated, and fields that its oldest release lacks. It reads only the manifests, never the constructs.
 *
 * Not covered: CEL rules of CRDs (`x-kubernetes-validations`), admission webhooks, and
 * anything that needs the live cluster (existing objects, quotas, node ports taken by Services not in the manifests).
 */
export function validateManifests(manifests: any[], options: ValidateOptions = {}): Finding[] {
  const resolved = resolveOptions(options);
  const findings = new Findings();
  const crds = new CrdIndex(manifests);
  const subjects: Subject[] = [];
  manifests.forEach((manifest, i) => {
    if (!isRecord(manifest)) {
      findings.error('schema', `manifests[${i}]`, '', `expected a manifest object, got ${show(manifest)}`);
      return;
    }
    const { tooDeep, hasNull } = manifestShape(manifest, MAX_DEPTH);
    const subject = toSubject(manifest, i, crds, resolved.defaultNamespace, hasNull);
    if (tooDeep) {
      findings.error('max-depth', subject, '',
        `nests more than ${MAX_DEPTH} levels deep; the API server refuses it ("exceeded max depth of ${MAX_DEPTH}"), so it was not checked further`);
    } else {
      subjects.push(subject);
    }
  });
  checkSchemas(subjects, resolved, crds, findings);
  checkApiLifecycle(subjects, resolved, findings);
  checkWindowFeatures(subjects, resolved, findings);
  checkApiRules(subjects, findings);
  checkCrossObject(subjects, findings);
  checkPodSecurity(subjects.map(podTemplate).filter((t): t is PodTemplate => t !== undefined), resolved, findings, namespaceLevels(subjects));
  return applyWorld(arrange(findings.list, subjects), resolved.world);
}

/** The Pod Security level each Namespace of the manifests enforces, by namespace name. */
function namespaceLevels(subjects: readonly Subject[]): Map<string, string> {
  const levels = new Map<string, string>();
  for (const s of subjects) {
    const level = s.group === '' && s.kind === 'Namespace' ? string(record(record(s.manifest.metadata)?.labels)?.[ENFORCE_LABEL]) : undefined;
    if (level !== undefined) levels.set(s.name, level);
  }
  return levels;
}

function resolveOptions(options: ValidateOptions): ResolvedOptions & { world: 'open' | 'closed' } {
  const listed = options.kubernetesVersions;
  if (listed !== undefined) {
    const unknown = listed.filter((v) => !(KUBERNETES_VERSIONS as readonly string[]).includes(v));
    if (listed.length === 0 || unknown.length > 0) {
      throw new Error(`validateManifests: kubernetesVersions must list some of ${KUBERNETES_VERSIONS.join(', ')}, got ${JSON.stringify(listed)}`);
    }
  }
  if (options.window !== undefined) {
    const problems = windowProblems(options.window, 'validateManifests: window');
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }
  // Without a window, a list of versions spans one (so `kubernetesVersions: ['1.27']` keeps meaning 1.27).
  const sorted = listed && [...new Set(listed)].sort(byRelease);
  const window = options.window
    ? { oldest: options.window.oldest, newest: options.window.newest }
    : sorted ? { oldest: sorted[0], newest: sorted[sorted.length - 1] } : DEFAULT_KUBERNETES_WINDOW;
  const versions = sorted ?? KubernetesWindow.versions(window);
  const podSecurity = options.podSecurity ?? 'restricted';
  if (podSecurity !== 'restricted' && podSecurity !== 'baseline') {
    throw new Error(`validateManifests: podSecurity must be "restricted" or "baseline", got ${JSON.stringify(podSecurity)}`);
  }
  const world = options.world ?? 'open';
  if (world !== 'open' && world !== 'closed') {
    throw new Error(`validateManifests: world must be "open" or "closed", got ${JSON.stringify(world)}`);
  }
  return { versions, window, podSecurity, defaultNamespace: options.defaultNamespace ?? 'default', world };
}

function byRelease(a: KubernetesVersion, b: KubernetesVersion): number {
  return KUBERNETES_VERSIONS.indexOf(a) - KUBERNETES_VERSIONS.indexOf(b);
}

/**
 * Drops exact repeats and schema findings that a more specific rule already reports at the
 * same place (a missing Ingress pathType is both), then orders findings by object.
 */
function arrange(findings: readonly Finding[], subjects: readonly Subject[]): Finding[] {
  const specific = new Set(findings.filter((f) => f.rule !== 'schema').map((f) => `${f.object}\u0000${f.path}`));
  const seen = new Set<string>();
  const kept = findings.filter((f) => {
    const key = `${f.rule}\u0000${f.object}\u0000${f.path}\u0000${f.message}`;
    if (seen.has(key) || (f.rule === 'schema' && specific.has(`${f.object}\u0000${f.path}`))) return false;
    seen.add(key);
    return true;
  });
  const order = new Map<string, number>();
  subjects.forEach((s, i) => { if (!order.has(s.id)) order.set(s.id, i); });
  return kept
    .map((f, i) => ({ f, i }))
    .sort((a, b) => (order.get(a.f.object) ?? -1) - (order.get(b.f.object) ?? -1) || a.i - b.i)
    .map(({ f }) => f);
}

/**
 * A human-readable report, one line per finding:
 * `ERROR   Deployment/default/web spec.replica: unknown field "replica" ... [schema]`.
 * Returns '' when there are no findings.
 */
export function formatFindings(findings: Finding[]): string {
  return findings
    .map((f) => `${f.severity.toUpperCase().padEnd(7)} ${f.object} ${f.path ? `${f.path}: ` : ''}${f.message} [${f.rule}]`)
    .join('\n');
}
