/*
 * Kubernetes's name formats, one pure function per format, after k8s.io/apimachinery/pkg/util/validation
 * (IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label, IsQualifiedName, IsValidLabelValue) and
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/names/. Each returns undefined
 * for a valid value, else a Violation.
 */
import { Violation, violation } from './violation';

export const MAX_LABEL_LENGTH = 63;
export const MAX_SUBDOMAIN_LENGTH = 253;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// The name part of qualified names (label and annotation keys) and label values.
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_CHARACTERS = 'letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit';

export function isDns1123Label(value: string): boolean {
  return typeof value === 'string' && value.length <= MAX_LABEL_LENGTH && DNS1123_LABEL.test(value);
}

export function isDns1123Subdomain(value: string): boolean {
  return typeof value === 'string' && value.length <= MAX_SUBDOMAIN_LENGTH && DNS1123_SUBDOMAIN.test(value);
}

export function isDns1035Label(value: string): boolean {
  return typeof value === 'string' && value.length <= MAX_LABEL_LENGTH && DNS1035_LABEL.test(value);
}

/**
 * A host name that resolves: a DNS-1123 subdomain whose every label is also at most 63 characters,
 * which resolvers (and Gateway API's schema) enforce, though IsDNS1123Subdomain does not.
 */
export function isDnsName(value: string): boolean {
  return isDns1123Subdomain(value) && value.split('.').every((label) => label.length <= MAX_LABEL_LENGTH);
}

/** A best-effort valid spelling of a name, offered with the fix; undefined when none is found. */
function nameExample(value: unknown, max: number, valid: (v: string) => boolean, dns1035 = false): string | undefined {
  if (typeof value !== 'string') return undefined;
  let fixed = value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').slice(0, max).replace(/^-+|-+$/g, '') || 'x';
  if (dns1035 && !/^[a-z]/.test(fixed)) fixed = `x-${fixed}`.slice(0, max).replace(/-+$/, '');
  return fixed !== value && valid(fixed) ? fixed : undefined;
}

/** Names of Namespaces, containers, volumes, Service ports, and most objects that are also label values. */
export function dns1123Label(value: string): Violation | undefined {
  if (isDns1123Label(value)) return undefined;
  return violation('dns1123-label', 'is not a DNS-1123 label',
    'use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit',
    nameExample(value, MAX_LABEL_LENGTH, isDns1123Label));
}

/** Names of most kinds (ConfigMaps, Ingresses, ...). */
export function dns1123Subdomain(value: string): Violation | undefined {
  if (isDns1123Subdomain(value)) return undefined;
  const example = typeof value !== 'string' ? undefined : value.length > MAX_SUBDOMAIN_LENGTH ? value.slice(0, MAX_SUBDOMAIN_LENGTH)
    : value.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return violation('dns1123-subdomain', 'is not a DNS-1123 subdomain',
    'use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit',
    example && example !== value && isDns1123Subdomain(example) ? example : undefined);
}

/** Names of Services, and of what is named like its Service. */
export function dns1035Label(value: string): Violation | undefined {
  if (isDns1035Label(value)) return undefined;
  return violation('dns1035-label', 'is not a DNS-1035 label', 'use at most 63 lower-case letters, digits and \'-\', starting with a letter',
    nameExample(value, MAX_LABEL_LENGTH, isDns1035Label, true));
}

/**
 * Label and annotation keys (IsQualifiedName): an optional DNS subdomain prefix and '/', then a name.
 * Annotation keys are lower-cased first (apimachinery api/validation/objectmeta.go ValidateAnnotations:
 * "The rule is QualifiedName except that case doesn't matter"), so `Example.com/owner` is a valid one.
 */
export function labelKey(value: string, kind: 'label' | 'annotation' = 'label'): Violation | undefined {
  const key = kind === 'annotation' && typeof value === 'string' ? value.toLowerCase() : value;
  const parts = typeof key === 'string' ? key.split('/') : [];
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0] ?? ''];
  if (parts.length > 0 && parts.length <= 2 && (prefix === undefined || isDns1123Subdomain(prefix))
    && name.length <= MAX_LABEL_LENGTH && QUALIFIED_NAME.test(name)) return undefined;
  return violation(`${kind}-key`, `is not a valid ${kind} key`,
    'use an optional prefix (a DNS subdomain of at most 253 lower-case letters, digits, \'-\' and \'.\') and \'/\', '
    + `then a name of 1 to 63 ${LABEL_CHARACTERS}`);
}

/** Options of `labelValue`. */
export interface LabelValueOptions {
  /**
   * Reject the empty value, which Kubernetes allows: values this library sets from a prop
   * (`version`, `component`) must say something.
   * @default false
   */
  readonly required?: boolean;
}

/** Label values (IsValidLabelValue): empty, or at most 63 characters of a restricted set. */
export function labelValue(value: string, options: LabelValueOptions = {}): Violation | undefined {
  const required = options.required ?? false;
  const valid = typeof value === 'string'
    && ((!required && value === '') || (value.length <= MAX_LABEL_LENGTH && QUALIFIED_NAME.test(value)));
  if (valid) return undefined;
  return violation('label-value', 'is not a valid label value', `use ${required ? '1 to 63' : 'at most 63'} ${LABEL_CHARACTERS}`);
}

/** Names of RBAC objects and others that only need to be usable as a URL path segment. */
export function pathSegmentName(value: string): Violation | undefined {
  if (value === '.' || value === '..') return violation('path-segment-name', `may not be ${JSON.stringify(value)}`, 'use another name');
  if (/[/%]/.test(value)) return violation('path-segment-name', 'may not contain \'/\' or \'%\'', 'remove them from the name');
  return undefined;
}

/**
 * Which of Kubernetes's name formats an object name must have: `dns1123-label` for names that are
 * also container names or label values (Deployments, Pods, Namespaces), `dns1035-label` for Services
 * (and what is named like its Service), `dns1123-subdomain` for most other kinds.
 */
export type NameRule = 'dns1123-label' | 'dns1035-label' | 'dns1123-subdomain';

/** The name format `rule`, as a rule of the catalogue. */
export function objectNameRule(rule: NameRule): (value: string) => Violation | undefined {
  return rule === 'dns1123-label' ? dns1123Label : rule === 'dns1035-label' ? dns1035Label : dns1123Subdomain;
}

/** A reference to a Namespace (a selector, a parentRef): a DNS-1123 label. */
export function namespaceName(value: string): Violation | undefined {
  return isDns1123Label(value) ? undefined : violation('namespace-name', 'is not a namespace name', 'use a DNS-1123 label');
}

/** A reference to a Secret (TLS certificates, basic-auth users): a DNS-1123 subdomain. */
export function secretName(value: string): Violation | undefined {
  return isDns1123Subdomain(value) ? undefined : violation('secret-name', 'is not a Secret name', 'use lower-case letters, digits, \'-\' and \'.\'');
}

/**
 * A reference to a ServiceAccount (a pod's `serviceAccountName`, an RBAC subject): a DNS-1123 subdomain
 * (kubernetes/kubernetes pkg/apis/core/validation/validation.go ValidateServiceAccountName, ValidatePodSpec).
 */
export function serviceAccountName(value: string): Violation | undefined {
  if (isDns1123Subdomain(value)) return undefined;
  return violation('service-account-name', 'is not a ServiceAccount name',
    'use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit');
}
