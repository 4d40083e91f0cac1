import * as fs from 'fs';
import * as path from 'path';

/*
 * Keeps docs/rule-coverage.md from drifting: every `rule <id>` it cites must be an id the validator can
 * emit, and its figures must be the counts of its own rows.
 *
 * The ids are collected from the source of lib/validation/ rather than by running validateManifests
 * over fixtures: a fixture set would have to trigger every rule (and would silently shrink the set when
 * a fixture changes), while the source names each id literally at its one call site. Two shapes exist:
 * `findings.error('id', ...)` / `warning` / `add('id', 'error', ...)`, and the Pod Security ids, built as
 * `pss-${level}/${control}` from `this.fail('baseline' | 'restricted', 'control', ...)`.
 */
const ROOT = path.join(__dirname, '..');
const DOC = fs.readFileSync(path.join(ROOT, 'docs', 'rule-coverage.md'), 'utf8');

function emittableRuleIds(): Set<string> {
  const dir = path.join(ROOT, 'lib', 'validation');
  const ids = new Set<string>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of source.matchAll(/\b(?:error|warning)\(\s*'([a-z0-9-]+)'/g)) ids.add(m[1]);
    for (const m of source.matchAll(/\badd\(\s*'([a-z0-9-]+)',\s*'(?:error|warning)'/g)) ids.add(m[1]);
    for (const m of source.matchAll(/\bthis\.fail\(\s*'(baseline|restricted)',\s*'([a-z0-9-]+)'/g)) ids.add(`pss-${m[1]}/${m[2]}`);
    // Ids chosen before the call are literals too: `[rule, problem] = ['dns1035-name', dns1035Label(name)]`,
    // `checkIntOrPercent(subject, 'rolling-update', ...)` and `{ rule: 'api-version', ... }`.
    for (const m of source.matchAll(/\[\s*'([a-z0-9-]+)',\s*\w+\(/g)) ids.add(m[1]);
    for (const m of source.matchAll(/\bcheckIntOrPercent\(\s*\w+,\s*'([a-z0-9-]+)'/g)) ids.add(m[1]);
    for (const m of source.matchAll(/\b(?:rule|id):\s*'([a-z0-9/-]+)'/g)) ids.add(m[1]);
    // job-rules.ts reports through a local `report('id', ...)` that leads each message with the field.
    for (const m of source.matchAll(/\breport\(\s*'([a-z0-9-]+)'/g)) ids.add(m[1]);
  }
  return ids;
}

interface Row {
  readonly section: string;
  readonly id: string;
  readonly applies: boolean;
  readonly coverage: string;
}

/** Table rows `| ID | Rule | Applies | Coverage |` under `### ` headings, with the heading they sit under. */
function rows(part: string): Row[] {
  const out: Row[] = [];
  let section = '';
  for (const line of part.split('\n')) {
    if (line.startsWith('### ')) section = line.slice(4).trim();
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length !== 4 || !/^[A-Z]+-\d+$/.test(cells[0])) continue;
    out.push({ section, id: cells[0], applies: cells[2].startsWith('yes'), coverage: cells[3] });
  }
  return out;
}

const generatedPart = DOC.slice(DOC.indexOf('## Kinds the constructs generate'), DOC.indexOf('## Kinds the constructs do not generate'));
const allRows = rows(DOC);

function isCovered(coverage: string): boolean {
  return coverage === 'schema' || coverage.startsWith('rule `');
}

describe('docs/rule-coverage.md', () => {
  test('cites only rule ids the validator can emit', () => {
    const known = emittableRuleIds();
    // Guards the collector itself: if these go missing, lib/validation/ names its rules in a new way
    // (a rule catalogue, say) and emittableRuleIds() needs a pattern for it.
    for (const id of ['schema', 'dns1123-name', 'dns1035-name', 'path-segment-name', 'rolling-update', 'pss-baseline/privileged']) {
      expect(known).toContain(id);
    }
    const cited = [...DOC.matchAll(/\brule `([^`]+)`/g)].map((m) => m[1]);
    expect(cited.length).toBeGreaterThan(50);
    expect(cited.filter((id) => !known.has(id))).toEqual([]);
  });

  test('every row is marked schema, rule or not covered, and row ids are unique', () => {
    expect(allRows.length).toBeGreaterThan(150);
    expect(allRows.filter((r) => !isCovered(r.coverage) && !r.coverage.startsWith('not covered')).map((r) => r.id)).toEqual([]);
    const ids = allRows.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  test('the figures are the counts of the rows', () => {
    const bySection = new Map<string, { covered: number; apply: number }>();
    for (const r of rows(generatedPart).filter((row) => row.applies)) {
      const count = bySection.get(r.section) ?? { covered: 0, apply: 0 };
      count.apply++;
      if (isCovered(r.coverage)) count.covered++;
      bySection.set(r.section, count);
    }
    const figures = DOC.slice(DOC.indexOf('## Figures'), DOC.indexOf('## Kinds the constructs generate'));
    const stated = new Map<string, { covered: number; apply: number; share: string }>();
    for (const line of figures.split('\n')) {
      const cells = line.split('|').slice(1, -1).map((c) => c.trim().replace(/\*\*/g, ''));
      if (cells.length === 5 && /^\d+$/.test(cells[2])) {
        stated.set(cells[0], { covered: Number(cells[2]), apply: Number(cells[3]), share: cells[4] });
      }
    }
    const share = (c: { covered: number; apply: number }) => `${Math.round((100 * c.covered) / c.apply)}%`;
    const expected = [...bySection].map(([section, c]) => [section, { ...c, share: share(c) }] as const);
    const total = expected.reduce((t, [, c]) => ({ covered: t.covered + c.covered, apply: t.apply + c.apply }), { covered: 0, apply: 0 });
    expect(Object.fromEntries(stated)).toEqual(Object.fromEntries([...expected, ['Total', { ...total, share: share(total) }]]));
  });
});
