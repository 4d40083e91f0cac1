/**
 * Every difference between two synthesized manifest sets, one line each, sorted:
 * `Service/web spec.selector["app.kubernetes.io/name"]: "web-blue" → "web-green"`,
 * `+ Deployment/web-canary` (only in `after`), `- Deployment/web-canary` (only in `before`).
 * Objects are matched by kind and name, never by position.
 */
export function diffManifests(before: any[], after: any[]): string[] {
  const index = (list: any[]) => {
    const map = new Map<string, any>();
    for (const m of list) {
      const key = `${m.kind}/${m.metadata?.name}`;
      if (map.has(key)) throw new Error(`${key} appears twice`);
      map.set(key, m);
    }
    return map;
  };
  const a = index(before);
  const b = index(after);
  const out: string[] = [];
  for (const [key, m] of a) {
    if (!b.has(key)) out.push(`- ${key}`);
    else walk(m, b.get(key), key, '', out);
  }
  for (const key of b.keys()) if (!a.has(key)) out.push(`+ ${key}`);
  return out.sort();
}

function walk(x: unknown, y: unknown, object: string, path: string, out: string[]): void {
  if (isObject(x) && isObject(y)) {
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[k], y[k], object, step(path, k), out);
  } else if (Array.isArray(x) && Array.isArray(y)) {
    for (let i = 0; i < Math.max(x.length, y.length); i++) walk(x[i], y[i], object, `${path}[${i}]`, out);
  } else if (JSON.stringify(x) !== JSON.stringify(y)) {
    out.push(`${object} ${path}: ${show(x)} → ${show(y)}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function step(path: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

function show(v: unknown): string {
  return v === undefined ? 'undefined' : JSON.stringify(v);
}
