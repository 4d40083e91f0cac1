/*
 * The rule catalogue's name formats (lib/rules/names.ts), phrased for a finding: what is wrong and
 * how to fix it, to follow the quoted value, or undefined when the value is valid.
 */
import * as rules from '../rules';

/** A violation as the tail of a finding's message: `is not a DNS-1123 label; use ...; e.g. "web"`. */
export function describe(violation: rules.Violation | undefined): string | undefined {
  if (!violation) return undefined;
  return `${violation.message}; ${violation.fix}${violation.example !== undefined ? `; e.g. ${JSON.stringify(violation.example)}` : ''}`;
}

export const dns1123Label = (value: string) => describe(rules.dns1123Label(value));
export const dns1123Subdomain = (value: string) => describe(rules.dns1123Subdomain(value));
export const dns1035Label = (value: string) => describe(rules.dns1035Label(value));
/** Label and annotation keys: `[prefix/]name`. */
export const qualifiedName = (value: string, kind: 'label' | 'annotation' = 'label') => describe(rules.labelKey(value, kind));
export const labelValue = (value: string) => describe(rules.labelValue(value));
/** Container and Service target port names (IANA_SVC_NAME). */
export const ianaServiceName = (value: string) => describe(rules.portName(value));
/** RBAC and other objects whose names only need to be usable as a URL path segment. */
export const pathSegmentName = (value: string) => describe(rules.pathSegmentName(value));
/** A port number, when it is one the API server would reject. */
export const portNumber = (value: number) => describe(rules.portNumber(value));
/** Keys of ConfigMap and Secret data (IsConfigMapKey). */
export const configMapKey = (value: string) => describe(rules.configMapKey(value));
/** `defaultMode` and `items[].mode` of configMap, secret and projected volumes. */
export const fileMode = (value: number) => describe(rules.fileMode(value));
