import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { AppGraph, buildAppGraph, GraphEdge } from '../lib/cli/app-graph';
import { renderSvg, toDot } from '../lib/cli/dot';
import { EXAMPLE_SVG, exampleDot, exampleManifests, exampleSvg } from '../scripts/example-diagram';

const ROOT = path.join(__dirname, '..');
const F = 'test/fixtures/cli';

function load(...files: string[]): any[] {
  return files.flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(ROOT, F, f), 'utf8')).map((d) => d.toJS()).filter((m) => m !== null));
}

/** `from -> to (relation) [label]`, one string per edge: easy to read in a failing diff. */
function edges(graph: AppGraph): string[] {
  return graph.edges.map((e: GraphEdge) => `${e.from} -> ${e.to} (${e.relation})${e.label ? ` [${e.label.replace(/\n/g, ' | ')}]` : ''}`);
}

jest.setTimeout(60_000);

describe('buildAppGraph: manifests to nodes and edges', () => {
  const graph = buildAppGraph(load('shop.yaml', 'diagram-batch.yaml'));

  test('a node per drawn object, by namespace and tier; absent objects that are named are marked missing', () => {
    expect(graph.nodes.map((n) => `${n.id}${n.missing ? ' (missing)' : ''}${n.detail ? ` — ${n.detail}` : ''}`)).toEqual([
      'HTTPRoute/batch/reports',
      'Service/batch/db — :5432',
      'Service/batch/legacy — ExternalName',
      'Service/batch/reports — :80',
      'Service/batch/reports-canary (missing)',
      'CronJob/batch/nightly-report — 0 3 * * *',
      'DaemonSet/batch/log-agent',
      'Deployment/batch/reports — 2 replicas',
      'StatefulSet/batch/db — 3 replicas',
      'NetworkPolicy/batch/db',
      'NetworkPolicy/batch/default-deny — all pods',
      'ConfigMap/batch/db-config (missing)',
      'Secret/batch/db-credentials',
      'Secret/batch/regcred (missing)',
      'Gateway/shop/shop',
      'Ingress/shop/web',
      'HTTPRoute/shop/web — shop.example.com',
      'Service/shop/web — :80, 9090',
      'Deployment/shop/web',
      'Pod/shop/worker',
      'HorizontalPodAutoscaler/shop/web — 2–10 replicas',
      'PodDisruptionBudget/shop/web — minAvailable 1',
      'VerticalPodAutoscaler/shop/worker — Off',
      'ConfigMap/shop/web-config',
      'Secret/shop/shop-tls (missing)',
    ]);
  });

  test('edges: traffic, selection, scaling, budgets, policies and configuration', () => {
    expect(edges(graph)).toEqual([
      'CronJob/batch/nightly-report -> Secret/batch/db-credentials (uses) [env]',
      'CronJob/batch/nightly-report -> Secret/batch/regcred (uses) [image pull]',
      'DaemonSet/batch/log-agent -> Secret/batch/db-credentials (uses) [env]',
      'Deployment/shop/web -> ConfigMap/shop/web-config (uses) [env | volume]',
      'Gateway/shop/shop -> HTTPRoute/batch/reports (attaches) [http]',
      'Gateway/shop/shop -> HTTPRoute/shop/web (attaches)',
      'HTTPRoute/batch/reports -> Service/batch/reports (routes) [weight 90]',
      'HTTPRoute/batch/reports -> Service/batch/reports-canary (routes) [weight 10]',
      'HTTPRoute/shop/web -> Service/shop/web (routes)',
      'HorizontalPodAutoscaler/shop/web -> Deployment/shop/web (scales)',
      'Ingress/shop/web -> Secret/shop/shop-tls (uses) [tls]',
      'Ingress/shop/web -> Service/shop/web (routes) [shop.example.com/ | shop.example.com/metrics]',
      'NetworkPolicy/batch/db -> StatefulSet/batch/db (restricts)',
      'NetworkPolicy/batch/default-deny -> CronJob/batch/nightly-report (restricts)',
      'NetworkPolicy/batch/default-deny -> DaemonSet/batch/log-agent (restricts)',
      'NetworkPolicy/batch/default-deny -> Deployment/batch/reports (restricts)',
      'NetworkPolicy/batch/default-deny -> StatefulSet/batch/db (restricts)',
      'PodDisruptionBudget/shop/web -> Deployment/shop/web (protects)',
      'Service/batch/db -> StatefulSet/batch/db (selects)',
      'Service/batch/reports -> Deployment/batch/reports (selects)',
      'Service/shop/web -> Deployment/shop/web (selects)',
      'StatefulSet/batch/db -> ConfigMap/batch/db-config (uses) [volume]',
      'VerticalPodAutoscaler/shop/worker -> Pod/shop/worker (resizes)',
    ]);
  });

  test('kinds it does not draw (ServiceAccount, Role) are left out', () => {
    expect(graph.nodes.filter((n) => n.kind === 'ServiceAccount' || n.kind === 'Role')).toEqual([]);
  });

  test('objects without a namespace go to the default namespace, or the one given', () => {
    const manifests = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' } } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [] } },
    ];
    expect(edges(buildAppGraph(manifests))).toEqual(['Service/default/web -> Pod/default/web (selects)']);
    expect(edges(buildAppGraph(manifests, { defaultNamespace: 'shop' }))).toEqual(['Service/shop/web -> Pod/shop/web (selects)']);
  });

  test('a selector matches only in its own namespace, and NotIn / DoesNotExist expressions hold', () => {
    const pod = (ns: string, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: Object.values(labels).join('-'), namespace: ns, labels }, spec: {} });
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'b', namespace: 'a' },
      spec: { selector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }, { key: 'canary', operator: 'DoesNotExist' }] } } };
    const graph = buildAppGraph([pdb, pod('a', { tier: 'db' }), pod('a', { tier: 'web' }), pod('a', { tier: 'db', canary: 'yes' }), pod('b', { tier: 'db' })]);
    expect(edges(graph)).toEqual(['PodDisruptionBudget/a/b -> Pod/a/db (protects)']);
  });

  test('the same manifests in another order give the same graph', () => {
    expect(buildAppGraph(load('shop.yaml', 'diagram-batch.yaml').reverse())).toEqual(graph);
  });
});

describe('toDot', () => {
  const dot = toDot(buildAppGraph(load('shop.yaml', 'diagram-batch.yaml')));

  test('one cluster per namespace, holding its nodes', () => {
    const clusters = [...dot.matchAll(/subgraph (cluster_\d+) \{\n {4}label="namespace ([^"]+)";[^}]*?\n {2}\}/g)];
    expect(clusters.map((c) => [c[1], c[2]])).toEqual([['cluster_0', 'batch'], ['cluster_1', 'shop']]);
    expect(clusters[0][0]).toContain('"StatefulSet/batch/db" [label="StatefulSet\\ndb\\n3 replicas", fillcolor="#fef3c7"];');
    expect(clusters[1][0]).toContain('"Secret/shop/shop-tls" [label="Secret\\nshop-tls\\n(not in the manifests)", style="rounded,dashed", fillcolor="#ffffff"];');
    expect(clusters[1][0]).not.toContain('/batch/');
  });

  test('edges with their labels, traffic left to right', () => {
    expect(dot).toContain('graph [rankdir=LR,');
    expect(dot).toContain('"HTTPRoute/batch/reports" -> "Service/batch/reports" [color="#1d4ed8", penwidth=1.4, label="weight 90"];');
    expect(dot).toContain('"Ingress/shop/web" -> "Service/shop/web" [color="#1d4ed8", penwidth=1.4, label="shop.example.com/\\nshop.example.com/metrics"];');
    expect(dot.match(/ -> /g)).toHaveLength(23);
  });

  test('quotes and backslashes in names cannot break the DOT', () => {
    const odd = toDot({ nodes: [{ id: 'Service/a/x"y\\z', kind: 'Service', namespace: 'a', name: 'x"y\\z', tier: 'service' }], edges: [] });
    expect(odd).toContain('"Service/a/x\\"y\\\\z" [label="Service\\nx\\"y\\\\z"');
  });
});

describe('cdk8s-patterns diagram (the bin as a child process)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-diagram-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'cdk8s-patterns.js'), 'diagram', ...args], { cwd: ROOT, encoding: 'utf8', input: '' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  test('-o x.svg renders SVG offline, one <title> per node and edge', () => {
    const out = path.join(dir, 'app.svg');
    expect(cli([`${F}/shop.yaml`, `${F}/diagram-batch.yaml`, '-o', out])).toEqual({
      code: 0, stdout: `${out}: 21 objects and 4 named but absent (dashed), 23 edges\n`, stderr: '',
    });
    const svg = fs.readFileSync(out, 'utf8');
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8" standalone="no"\?>\n<!DOCTYPE svg/);
    expect(svg).toContain('<title>Service/shop/web&#45;&gt;Deployment/shop/web</title>');
    expect(svg).toContain('<title>cluster_0</title>');
    expect(svg.match(/<g id="node\d+" class="node">/g)).toHaveLength(25);
    expect(svg.match(/<g id="edge\d+" class="edge">/g)).toHaveLength(23);
  });

  test('-o x.dot writes the DOT; no -o prints it', () => {
    const out = path.join(dir, 'app.dot');
    const expected = toDot(buildAppGraph(load('shop.yaml', 'diagram-batch.yaml')));
    expect(cli([`${F}/shop.yaml`, `${F}/diagram-batch.yaml`, '-o', out]).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(expected);
    expect(cli([`${F}/shop.yaml`, `${F}/diagram-batch.yaml`])).toEqual({ code: 0, stdout: expected, stderr: '' });
  });

  test.each([
    [['-o', 'app.png', `${F}/shop.yaml`], 'cdk8s-patterns diagram: -o app.png: the file name must end in .svg or .dot\n'],
    [[], 'cdk8s-patterns diagram: name at least one file, directory, or - for stdin; see cdk8s-patterns diagram --help\n'],
    [[`${F}/flowschema.yaml`], 'cdk8s-patterns diagram: nothing to draw in test/fixtures/cli/flowschema.yaml: no object of the kinds Ingress, Gateway, HTTPRoute, '
      + 'GRPCRoute, TLSRoute, TCPRoute, UDPRoute, Service, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod, HorizontalPodAutoscaler, '
      + 'VerticalPodAutoscaler, PodDisruptionBudget, NetworkPolicy, ConfigMap, Secret\n'],
    [[`${F}/malformed.yaml`], 'test/fixtures/cli/malformed.yaml: document 2 (line 11): not valid YAML: Nested mappings are not allowed in compact mappings (column 9)\n'
      + 'cdk8s-patterns diagram: 1 input error; nothing was drawn\n'],
  ])('usage and input errors exit 2: %j', (args, stderr) => {
    expect(cli(args)).toEqual({ code: 2, stdout: '', stderr });
  });
});

describe('docs/example-app.svg', () => {
  test('draws both environments of the example app', () => {
    const graph = buildAppGraph(exampleManifests());
    expect([...new Set(graph.nodes.map((n) => n.namespace))]).toEqual(['restaurant-dev', 'restaurant-prod']);
    expect(edges(graph)).toEqual(expect.arrayContaining([
      'Gateway/restaurant-prod/gateway -> HTTPRoute/restaurant-prod/api-route (attaches) [https-api-example-com]',
      'HTTPRoute/restaurant-prod/api-route -> Service/restaurant-prod/api (routes)',
      'Service/restaurant-prod/api -> Deployment/restaurant-prod/api (selects)',
      'HorizontalPodAutoscaler/restaurant-prod/api -> Deployment/restaurant-prod/api (scales)',
    ]));
  });

  test('is up to date: regenerate it with `npm run diagram`', async () => {
    const committed = fs.readFileSync(EXAMPLE_SVG, 'utf8');
    const fresh = await exampleSvg();
    if (committed !== fresh) throw new Error('docs/example-app.svg is stale (main.ts or the diagram changed): run `npm run diagram` and commit the result');
    // Rendering is deterministic, so the comparison above means something.
    expect(await renderSvg(exampleDot())).toBe(fresh);
  });
});
