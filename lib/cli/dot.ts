/*
 * The app graph as Graphviz DOT: traffic left to right, one cluster per namespace, a colour per
 * tier, and dashed outlines for objects that are named but absent. Deterministic: the same graph
 * gives the same bytes, so the committed example diagram can be checked for staleness.
 */
import type { AppGraph, GraphNode, Relation, Tier } from './app-graph';

const FILL: Readonly<Record<Tier, string>> = {
  entry: '#dbeafe', route: '#e0e7ff', service: '#dcfce7', workload: '#fef3c7', control: '#fce7f3', config: '#f3f4f6',
};

const EDGE_STYLE: Readonly<Record<Relation, string>> = {
  routes: 'color="#1d4ed8", penwidth=1.4',
  attaches: 'color="#1d4ed8", penwidth=1.4',
  selects: 'color="#15803d", penwidth=1.4',
  scales: 'color="#be185d", style=dashed',
  resizes: 'color="#be185d", style=dashed',
  protects: 'color="#be185d", style=dashed',
  restricts: 'color="#b91c1c", style=dotted',
  uses: 'color="#6b7280"',
};

/** A DOT string literal. */
function q(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function nodeLine(node: GraphNode): string {
  const label = [node.kind, node.name, node.detail].filter(Boolean).join('\n') + (node.missing ? '\n(not in the manifests)' : '');
  const style = node.missing ? 'style="rounded,dashed", fillcolor="#ffffff"' : `fillcolor=${q(FILL[node.tier])}`;
  return `    ${q(node.id)} [label=${q(label)}, ${style}];`;
}

export function toDot(graph: AppGraph, title = 'app'): string {
  const lines = [
    `digraph ${q(title)} {`,
    '  graph [rankdir=LR, fontname="Helvetica", fontsize=12, nodesep=0.25, ranksep=0.7, newrank=true];',
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, color="#4b5563"];',
    '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];',
  ];
  const namespaces = [...new Set(graph.nodes.map((n) => n.namespace))];
  namespaces.forEach((namespace, i) => {
    lines.push(`  subgraph cluster_${i} {`, `    label=${q(`namespace ${namespace}`)};`, '    style="rounded,dashed"; color="#9ca3af";');
    for (const node of graph.nodes) if (node.namespace === namespace) lines.push(nodeLine(node));
    lines.push('  }');
  });
  for (const e of graph.edges) {
    lines.push(`  ${q(e.from)} -> ${q(e.to)} [${EDGE_STYLE[e.relation]}${e.label ? `, label=${q(e.label)}` : ''}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** SVG from DOT with Graphviz compiled to WebAssembly (@viz-js/viz): no binary, no network. */
export async function renderSvg(dot: string): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  return (await instance()).renderString(dot, { format: 'svg' });
}
