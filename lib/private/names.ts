import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { createHash } from 'crypto';
import { Problems } from './errors';

const MAX_LABEL = 63;

/**
 * A readable, stable object name: the construct ids below the chart joined with '-'.
 * `new RollingDeployment(chart, 'api')` is named `api`, so its Service is reachable as `api.<ns>`.
 * Unlike cdk8s's default names there is no hash suffix unless the name would pass 63 characters.
 */
export function objectName(scope: IConstruct, ...suffix: string[]): string {
  const chart = Chart.of(scope);
  const ids = scope.node.scopes
    .slice(scope.node.scopes.indexOf(chart) + 1)
    .map((s) => s.node.id)
    .filter((id) => id !== 'Default' && id !== 'Resource');
  return toDnsLabel([...ids, ...suffix].join('-'));
}

/**
 * A DNS-1123 label from any text: camelCase and PascalCase words become kebab-case (`CheckoutFrontend`
 * -> `checkout-frontend`, `apiV2` -> `api-v2`, `HTTPServer` -> `http-server`), what labels forbid
 * becomes '-'. A name over 63 characters keeps its first 54 and ends with '-' and 8 hex digits of the
 * SHA-256 of the raw text, so two long names that share a beginning still differ.
 */
export function toDnsLabel(raw: string): string {
  let name = raw
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (name.length > MAX_LABEL) {
    const hash = createHash('sha256').update(raw).digest('hex').slice(0, 8);
    name = `${name.slice(0, MAX_LABEL - hash.length - 1).replace(/-+$/, '')}-${hash}`;
  }
  return name;
}

export function namespaceOf(scope: IConstruct): string | undefined {
  return Chart.of(scope).namespace;
}

// Kubernetes's name formats (k8s.io/apimachinery/pkg/util/validation: IsDNS1123Label, IsDNS1035Label,
// IsDNS1123Subdomain); https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Which of Kubernetes's name formats an object name must have: `dns1123-label` for names that are
 * also container names or label values (Deployments, Pods, Namespaces), `dns1035-label` for Services
 * (and what is named like its Service), `dns1123-subdomain` for most other kinds.
 */
export type NameRule = 'dns1123-label' | 'dns1035-label' | 'dns1123-subdomain';

const NAME_RULES: Record<NameRule, { readonly test: (name: string) => boolean; readonly rule: string; readonly fix: string }> = {
  'dns1123-label': {
    test: (n) => n.length <= MAX_LABEL && DNS_1123_LABEL.test(n),
    rule: 'is not a DNS-1123 label',
    fix: 'use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit',
  },
  'dns1035-label': {
    test: (n) => n.length <= MAX_LABEL && DNS_1035_LABEL.test(n),
    rule: 'is not a DNS-1035 label',
    fix: 'use at most 63 lower-case letters, digits and \'-\', starting with a letter',
  },
  'dns1123-subdomain': {
    test: (n) => n.length <= 253 && DNS_1123_SUBDOMAIN.test(n),
    rule: 'is not a DNS-1123 subdomain',
    fix: 'use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit',
  },
};

/** Whether `name` has the format `rule`. */
export function isObjectName(name: string, rule: NameRule): boolean {
  return typeof name === 'string' && NAME_RULES[rule].test(name);
}

/** Options of `checkObjectName`. */
export interface NameCheckOptions {
  /** The prop the name comes from. @default 'name' */
  readonly prop?: string;
  /**
   * Where else the name can be changed, in parentheses after the fix; `false` for nowhere.
   * @default - for `name`, the construct id (where `objectName` takes the default name from)
   */
  readonly hint?: string | false;
}

/**
 * The one check of an object name, so that every construct words it alike. Returns whether the name
 * is valid: a construct that goes on in collect mode should then not pass it on to children that
 * would report it again.
 */
export function checkObjectName(name: string, problems: Problems, rule: NameRule, options: NameCheckOptions = {}): boolean {
  if (isObjectName(name, rule)) return true;
  const prop = options.prop ?? 'name';
  const hint = options.hint ?? (prop === 'name' ? 'pass name, or change the construct id' : false);
  const { rule: text, fix } = NAME_RULES[rule];
  problems.add(prop, name, text, hint === false ? fix : `${fix} (${hint})`);
  return false;
}
