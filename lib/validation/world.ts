import type { Finding, ValidateOptions } from './types';

/*
 * Open or closed world: what a reference to an object absent from the manifests means. The checks
 * report such a reference as a warning (the Service, scale target, pods or CRD may live in the
 * cluster already); a closed world, where the manifests are the whole app, makes it an error.
 * Kept apart from the checks so that the option touches no rule: these are the warnings of
 * cross-object.ts that say "not in these manifests" / "matches no pod template", and the schema
 * warning for a kind that no schema or CRD describes.
 */
const MISSING_REFERENCE_RULES: ReadonlySet<string> = new Set([
  'service-selector', 'ingress-service', 'hpa-target', 'pdb-selector', 'httproute-backend',
]);

export function isMissingReference(finding: Finding): boolean {
  if (finding.severity !== 'warning') return false;
  return MISSING_REFERENCE_RULES.has(finding.rule) || (finding.rule === 'schema' && finding.message.includes('no schema for '));
}

export function applyWorld(findings: Finding[], world: NonNullable<ValidateOptions['world']>): Finding[] {
  if (world === 'open') return findings;
  return findings.map((f) => (isMissingReference(f) ? { ...f, severity: 'error' } : f));
}
