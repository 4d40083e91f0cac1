import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { createHash } from 'crypto';
import { NameRule, objectNameRule } from '../rules/names';
import { Problems } from './construct-base';

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
  // Most names are labels already (every recommended label of every object goes through here).
  if (raw.length <= MAX_LABEL && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(raw)) return raw;
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

/** Which of Kubernetes's name formats an object name must have; see `NameRule` in the rule catalogue. */
export type { NameRule } from '../rules/names';

/** Whether `name` has the format `rule`. */
export function isObjectName(name: string, rule: NameRule): boolean {
  return objectNameRule(rule)(name) === undefined;
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
  const prop = options.prop ?? 'name';
  const hint = options.hint ?? (prop === 'name' ? 'pass name, or change the construct id' : false);
  return problems.check(prop, name, objectNameRule(rule)(name), hint === false ? undefined : hint);
}
