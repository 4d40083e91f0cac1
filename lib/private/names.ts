import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { createHash } from 'crypto';

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

/** Lower-cases and replaces what DNS-1123 labels forbid; over-long names keep a hash of the whole. */
export function toDnsLabel(raw: string): string {
  let name = raw
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
