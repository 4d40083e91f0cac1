/*
 * `cdk8s-patterns validate <files|dirs|->`: the synth-time checks (validateManifests) over any
 * Kubernetes YAML or JSON. Exit 0: no errors; 1: findings that fail (errors, or warnings with
 * --strict); 2: a usage or input error, and then nothing is validated.
 */
import { DEFAULT_KUBERNETES_WINDOW, Finding, formatFindings, KUBERNETES_VERSIONS, KubernetesVersion, validateManifests } from '../validation';
import { choice, Io, parseCommandLine, UsageError } from './args';
import { formatProblem, InputProblem, readInputs, SourcedManifest } from './input';

export const VALIDATE_HELP = `Usage: cdk8s-patterns validate [options] <file|directory|->...

Checks Kubernetes YAML or JSON (cdk8s synth output, helm template, kustomize build,
kubectl get -o yaml) with the checks cdk8s-patterns runs at synth: strict OpenAPI schemas,
API-server rules, references between the objects, Pod Security Standards.
Directories are read recursively (*.yaml, *.yml, *.json); - reads stdin.

Options:
  --kubernetes-version <v>  check against this version; repeat or comma-separate for several
                            (${KUBERNETES_VERSIONS.join(', ')}; default: both ends of the supported
                            window, ${DEFAULT_KUBERNETES_WINDOW.oldest} and ${DEFAULT_KUBERNETES_WINDOW.newest})
  --pod-security <level>    restricted (default) or baseline
  --world <open|closed>     open (default): a reference to an object not in the input (a Service,
                            a scale target, the pods a selector means, a custom resource's CRD)
                            is a warning; closed: the input is the whole app, so it is an error
  --namespace <name>        namespace of objects that set none (default: default)
  --strict                  warnings fail too (exit 1)
  --format <text|json>      report format (default: text)
  -h, --help                show this help

Exit codes: 0 no errors, 1 findings (errors; warnings with --strict), 2 usage or input error.
`;

interface Options {
  readonly kubernetesVersions: KubernetesVersion[];
  readonly podSecurity: 'restricted' | 'baseline';
  readonly world: 'open' | 'closed';
  readonly defaultNamespace: string;
  readonly strict: boolean;
  readonly format: 'text' | 'json';
}

/** A finding with where its object came from (absent for findings about the whole input). */
export interface LocatedFinding extends Finding {
  readonly file?: string;
  readonly document?: number;
  readonly line?: number;
}

/** The `--format json` report. */
export interface JsonReport {
  /** True exactly when the exit code is 0. */
  readonly ok: boolean;
  readonly summary: { files: number; objects: number; errors: number; warnings: number };
  readonly options: { kubernetesVersions: string[]; podSecurity: string; world: string; namespace: string; strict: boolean };
  /** Problems with the input itself (exit code 2); nothing was validated when there are any. */
  readonly inputErrors: InputProblem[];
  readonly findings: LocatedFinding[];
}

export function validateCommand(args: string[], io: Io): number {
  const { values, positionals } = parseCommandLine('validate', args, {
    'kubernetes-version': { type: 'string', multiple: true },
    'pod-security': { type: 'string' },
    'world': { type: 'string' },
    'namespace': { type: 'string' },
    'strict': { type: 'boolean' },
    'format': { type: 'string' },
    'help': { type: 'boolean', short: 'h' },
  });
  const text = (name: string): string | undefined => values[name] as string | undefined;
  if (values.help) {
    io.stdout(VALIDATE_HELP);
    return 0;
  }
  const options: Options = {
    kubernetesVersions: versions(values['kubernetes-version'] as string[] | undefined),
    podSecurity: choice('pod-security', text('pod-security'), ['restricted', 'baseline'], 'restricted'),
    world: choice('world', text('world'), ['open', 'closed'], 'open'),
    defaultNamespace: text('namespace') ?? 'default',
    strict: values.strict === true,
    format: choice('format', text('format'), ['text', 'json'], 'text'),
  };
  if (positionals.length === 0) throw new UsageError('name at least one file, directory, or - for stdin; see cdk8s-patterns validate --help');

  const input = readInputs(positionals, io.readStdin);
  const problems = [...input.problems];
  if (problems.length === 0 && input.manifests.length === 0) {
    problems.push({ file: input.files.join(', '), message: 'no Kubernetes objects (empty, or only comments and empty documents)' });
  }
  const findings = problems.length > 0 ? [] : locate(validateManifests(input.manifests.map((m) => m.manifest), options), input.manifests, options);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const code = problems.length > 0 ? 2 : errors > 0 || (options.strict && warnings > 0) ? 1 : 0;

  if (options.format === 'json') {
    const report: JsonReport = {
      ok: code === 0,
      summary: { files: input.files.length, objects: input.manifests.length, errors, warnings },
      options: {
        kubernetesVersions: options.kubernetesVersions, podSecurity: options.podSecurity, world: options.world,
        namespace: options.defaultNamespace, strict: options.strict,
      },
      inputErrors: problems,
      findings,
    };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else if (problems.length > 0) {
    io.stderr(`${problems.map(formatProblem).join('\n')}\n`);
    io.stderr(`cdk8s-patterns validate: ${count(problems.length, 'input error')}; nothing was validated\n`);
  } else {
    const lines = findings.map((f) => `${f.file ? `${f.file}:${f.line}: ` : ''}${formatFindings([f])}`);
    const counts = findings.length === 0 ? 'no findings' : `${count(errors, 'error')} and ${count(warnings, 'warning')}`;
    const strict = options.strict ? '; strict' : '';
    const context = `Kubernetes ${options.kubernetesVersions.join(', ')}; Pod Security ${options.podSecurity}; ${options.world} world${strict}`;
    lines.push(`${counts} in ${count(input.manifests.length, 'object')} from ${count(input.files.length, 'file')} (${context})`);
    io.stdout(`${lines.join('\n')}\n`);
  }
  return code;
}

function versions(raw: string[] | undefined): KubernetesVersion[] {
  if (!raw) return [DEFAULT_KUBERNETES_WINDOW.oldest, DEFAULT_KUBERNETES_WINDOW.newest];
  const out = raw.flatMap((v) => v.split(',')).map((v) => v.trim().replace(/^v/, ''));
  for (const v of out) {
    if (!(KUBERNETES_VERSIONS as readonly string[]).includes(v)) {
      throw new UsageError(`--kubernetes-version "${v}" is not one this cdk8s-patterns has schemas for: ${KUBERNETES_VERSIONS.join(', ')}`);
    }
  }
  return [...new Set(out as KubernetesVersion[])].sort();
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * Adds each finding's file and line, matching its object id (`Kind/namespace/name`, or
 * `Kind/name` when cluster-scoped) the way the validator builds it. A duplicate-object finding
 * is about the second of the two objects.
 */
function locate(findings: Finding[], manifests: readonly SourcedManifest[], options: Options): LocatedFinding[] {
  const byId = new Map<string, SourcedManifest[]>();
  manifests.forEach((sourced, i) => {
    const { manifest } = sourced;
    const metadata = (typeof manifest.metadata === 'object' && manifest.metadata !== null ? manifest.metadata : {}) as Record<string, unknown>;
    const kind = typeof manifest.kind === 'string' && manifest.kind ? manifest.kind : '<no kind>';
    const name = str(metadata.name) ?? str(metadata.generateName) ?? `<manifest ${i}>`;
    const ids = [`${kind}/${str(metadata.namespace) || options.defaultNamespace}/${name}`, `${kind}/${name}`];
    for (const id of ids) byId.set(id, [...(byId.get(id) ?? []), sourced]);
  });
  return findings.map((f) => {
    const sources = byId.get(f.object);
    const sourced = sources?.[f.rule === 'duplicate-object' ? sources.length - 1 : 0];
    if (!sourced) return f;
    const { file, document, line } = sourced.source;
    return { ...f, file, document, line: sourced.lineOf(f.path) ?? line };
  });
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
