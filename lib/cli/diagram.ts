/*
 * `cdk8s-patterns diagram <files|dirs|-> -o app.svg`: a picture of the app, rendered offline.
 * `-o x.svg` writes SVG, `-o x.dot` writes Graphviz DOT, no -o prints DOT to stdout.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Io, parseCommandLine, UsageError } from './args';
import { buildAppGraph, DRAWN_KINDS } from './app-graph';
import { renderSvg, toDot } from './dot';
import { formatProblem, readInputs } from './input';

export const DIAGRAM_HELP = `Usage: cdk8s-patterns diagram [options] <file|directory|->...

Draws the app in Kubernetes YAML or JSON: Ingress/Gateway → routes → Services → workloads, with the
HPA, VPA, PodDisruptionBudget, NetworkPolicy, ConfigMap and Secret of each, one box per namespace.
Objects that are named but not in the input are drawn dashed.

Options:
  -o, --output <file>   write SVG (file.svg) or Graphviz DOT (file.dot); default: DOT to stdout
  --namespace <name>    namespace of objects that set none (default: default)
  -h, --help            show this help

Exit codes: 0 written, 2 usage or input error.
`;

export async function diagramCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine('diagram', args, {
    output: { type: 'string', short: 'o' },
    namespace: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(DIAGRAM_HELP);
    return 0;
  }
  const output = values.output as string | undefined;
  const format = output === undefined ? 'dot' : path.extname(output).toLowerCase().slice(1);
  if (format !== 'svg' && format !== 'dot') throw new UsageError(`-o ${output}: the file name must end in .svg or .dot`);
  if (positionals.length === 0) throw new UsageError('name at least one file, directory, or - for stdin; see cdk8s-patterns diagram --help');

  const input = readInputs(positionals, io.readStdin);
  if (input.problems.length > 0) {
    io.stderr(`${input.problems.map(formatProblem).join('\n')}\n`);
    io.stderr(`cdk8s-patterns diagram: ${input.problems.length} input error${input.problems.length === 1 ? '' : 's'}; nothing was drawn\n`);
    return 2;
  }
  const graph = buildAppGraph(input.manifests.map((m) => m.manifest), { defaultNamespace: values.namespace as string | undefined });
  if (graph.nodes.length === 0) {
    io.stderr(`cdk8s-patterns diagram: nothing to draw in ${input.files.join(', ')}: no object of the kinds ${DRAWN_KINDS.join(', ')}\n`);
    return 2;
  }
  const dot = toDot(graph);
  if (output === undefined) {
    io.stdout(dot);
    return 0;
  }
  fs.writeFileSync(output, format === 'svg' ? await renderSvg(dot) : dot);
  const missing = graph.nodes.filter((n) => n.missing).length;
  const absent = missing ? ` and ${missing} named but absent (dashed)` : '';
  io.stdout(`${output}: ${graph.nodes.length - missing} objects${absent}, ${graph.edges.length} edges\n`);
  return 0;
}
