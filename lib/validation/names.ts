/*
 * The API server's name formats (k8s.io/apimachinery/pkg/util/validation). Each check returns
 * what is wrong, phrased to follow the quoted value, or undefined when the value is valid.
 */
import { show } from './context';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** A best-effort valid spelling of `value`, offered in messages as the fix. */
function sanitize(value: string, max = 63): string {
  const cleaned = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
  return cleaned || 'x';
}

function suggest(value: string, max: number, dns1035 = false): string {
  let fixed = sanitize(value, max);
  if (dns1035 && !/^[a-z]/.test(fixed)) fixed = `x-${fixed}`.slice(0, max).replace(/-+$/, '');
  return fixed === value ? '' : `; e.g. ${JSON.stringify(fixed)}`;
}

export function dns1123Label(value: string): string | undefined {
  if (value.length <= 63 && LABEL.test(value)) return undefined;
  return `must be a DNS-1123 label (at most 63 lowercase alphanumerics or '-', starting and ending alphanumeric${value.length > 63 ? `; it has ${value.length}` : ''})${suggest(value, 63)}`;
}

export function dns1123Subdomain(value: string): string | undefined {
  if (value.length <= 253 && SUBDOMAIN.test(value)) return undefined;
  const fixed = value.length > 253 ? value.slice(0, 253) : value.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return `must be a DNS-1123 subdomain (at most 253 lowercase alphanumerics, '-' or '.', starting and ending alphanumeric${value.length > 253 ? `; it has ${value.length}` : ''})${fixed && fixed !== value && SUBDOMAIN.test(fixed) ? `; e.g. ${JSON.stringify(fixed)}` : ''}`;
}

export function dns1035Label(value: string): string | undefined {
  if (value.length <= 63 && DNS1035.test(value)) return undefined;
  return `must be a DNS-1035 label (at most 63 lowercase alphanumerics or '-', starting with a letter and ending alphanumeric${value.length > 63 ? `; it has ${value.length}` : ''})${suggest(value, 63, true)}`;
}

/** Label and annotation keys: `[prefix/]name`. */
export function qualifiedName(value: string): string | undefined {
  const parts = value.split('/');
  if (parts.length > 2) return "must be a qualified name: an optional DNS subdomain prefix and '/', then a name; it has more than one '/'";
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix.length === 0 || dns1123Subdomain(prefix))) {
    return `has prefix ${show(prefix)}, which must be a DNS-1123 subdomain (lowercase alphanumerics, '-' or '.', at most 253 characters)`;
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return `has name part ${show(name)}, which must be at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric${name.length > 63 ? ` (it has ${name.length})` : ''}`;
  }
  return undefined;
}

export function labelValue(value: string): string | undefined {
  if (value === '' || (value.length <= 63 && QUALIFIED_NAME.test(value))) return undefined;
  return `must be empty or at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric${value.length > 63 ? ` (it has ${value.length})` : ''}`;
}

/** Container and Service target port names (IANA_SVC_NAME). */
export function ianaServiceName(value: string): string | undefined {
  if (value.length <= 15 && IANA_SVC_NAME.test(value) && /[a-z]/.test(value) && !value.includes('--')) return undefined;
  const why: string[] = [];
  if (value.length > 15) why.push(`it has ${value.length} characters`);
  if (!IANA_SVC_NAME.test(value)) why.push("only lowercase alphanumerics and '-', not at either end");
  if (!/[a-z]/.test(value)) why.push('it needs at least one letter');
  if (value.includes('--')) why.push("no '--'");
  return `must be an IANA service name: at most 15 lowercase alphanumerics or '-' with at least one letter (${why.join('; ')})`;
}

/** RBAC and other objects whose names only need to be usable as a URL path segment. */
export function pathSegmentName(value: string): string | undefined {
  if (value === '.' || value === '..') return `may not be ${JSON.stringify(value)}`;
  if (/[/%]/.test(value)) return "may not contain '/' or '%'";
  return undefined;
}
