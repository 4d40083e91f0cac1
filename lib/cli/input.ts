/*
 * Reads manifests the way kubectl does: files, directories (recursive, .yaml/.yml/.json) and `-`
 * for stdin; YAML streams of several documents or JSON; `kind: List` and typed lists (`PodList`)
 * expanded into their items. Every object keeps where it came from, so reports can point at it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';

/** Where an object came from: the file (`<stdin>` for `-`), its document (from 1) and line (from 1). */
export interface Source {
  readonly file: string;
  readonly document: number;
  readonly line: number;
  /** Index in the `items` of a List (or in a top-level array), from 0. */
  readonly item?: number;
}

export interface SourcedManifest {
  readonly manifest: Record<string, unknown>;
  readonly source: Source;
  /** The line of a finding path in this object (`spec.template.spec.containers[name=app]`), as near as the file has it. */
  readonly lineOf: (findingPath: string) => number | undefined;
}

/** A problem with the input itself (unreadable, not YAML, not Kubernetes): exit code 2. */
export interface InputProblem {
  readonly file: string;
  readonly document?: number;
  readonly line?: number;
  readonly message: string;
}

export interface ReadResult {
  readonly manifests: SourcedManifest[];
  readonly problems: InputProblem[];
  /** Files read, in order (directories expanded). */
  readonly files: string[];
}

export const STDIN = '-';
const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** `file: document 2 (line 14): message`: the one way input problems are printed. */
export function formatProblem(p: InputProblem): string {
  const where = p.document === undefined ? '' : `document ${p.document}${p.line === undefined ? '' : ` (line ${p.line})`}: `;
  return `${p.file}: ${where}${p.message}`;
}

/** Reads every input; `readStdin` is called once at most, for `-`. */
export function readInputs(inputs: readonly string[], readStdin: () => string): ReadResult {
  const manifests: SourcedManifest[] = [];
  const problems: InputProblem[] = [];
  const files: string[] = [];
  for (const input of inputs) {
    for (const file of expand(input, problems)) {
      let text: string;
      try {
        text = file === STDIN ? readStdin() : fs.readFileSync(file, 'utf8');
      } catch (e) {
        problems.push({ file: display(file), message: `cannot read: ${(e as Error).message}` });
        continue;
      }
      files.push(display(file));
      parseText(display(file), text, file.toLowerCase().endsWith('.json'), manifests, problems);
    }
  }
  return { manifests, problems, files };
}

function display(file: string): string {
  return file === STDIN ? '<stdin>' : file;
}

/** A file as itself (whatever its name), a directory as its .yaml/.yml/.json files, sorted, recursively. */
function expand(input: string, problems: InputProblem[]): string[] {
  if (input === STDIN) return [STDIN];
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch {
    problems.push({ file: input, message: 'no such file or directory' });
    return [];
  }
  if (!stat.isDirectory()) return [input];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (EXTENSIONS.has(path.extname(entry.name).toLowerCase())) out.push(full);
    }
  };
  walk(input);
  return out;
}

function parseText(file: string, text: string, json: boolean, manifests: SourcedManifest[], problems: InputProblem[]): void {
  let jsonValue: unknown;
  if (json || /^\s*[{[]/.test(text)) {
    try {
      jsonValue = JSON.parse(text);
    } catch (e) {
      if (json) {
        const position = /at position (\d+)/.exec((e as Error).message);
        const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
        problems.push({ file, document: 1, line, message: `not valid JSON: ${firstLine((e as Error).message)}` });
        return;
      }
      // not JSON after all: a YAML flow mapping, or broken; the YAML parser says which
    }
  }
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: true });
  // parseAllDocuments returns an EmptyStream (not an array) for a text without documents.
  if (!Array.isArray(docs)) return;
  if (jsonValue !== undefined && (docs.length !== 1 || docs[0].errors.length > 0)) {
    // Valid JSON that YAML reads otherwise (tab indentation): the JSON value, without lines.
    addNode({ file, document: 1, line: 1 }, jsonValue, undefined, lines, manifests, problems);
    return;
  }
  docs.forEach((doc, i) => {
    const line = lines.linePos(doc.contents?.range?.[0] ?? doc.range[0]).line;
    if (doc.errors.length > 0) {
      const error = doc.errors[0];
      const at = error.linePos?.[0];
      const message = `not valid YAML: ${firstLine(error.message)}${at ? ` (column ${at.col})` : ''}`;
      problems.push({ file, document: i + 1, line: at?.line ?? line, message });
      return;
    }
    const value = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) return; // an empty document: nothing, or only comments, after `---`
    addNode({ file, document: i + 1, line }, value, doc.contents, lines, manifests, problems);
  });
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** The YAML node of item `i` of a sequence node, or of key `key` of a mapping node. */
function child(node: unknown, key: number | string): unknown {
  if (typeof key === 'number') return isSeq(node) ? node.items[key] : undefined;
  return isMap(node) ? node.get(key, true) : undefined;
}

function lineOfNode(node: unknown, lines: LineCounter): number | undefined {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range ? lines.linePos(range[0]).line : undefined;
}

/**
 * One document's value: an object, a List (`kind: List`, or a typed list from the API such as
 * `DeploymentList`) whose items are expanded, or a top-level array of objects.
 */
function addNode(at: Source, value: unknown, node: unknown, lines: LineCounter, manifests: SourcedManifest[], problems: InputProblem[]): void {
  if (Array.isArray(value) || (isObject(value) && isList(value))) {
    const items = Array.isArray(value) ? value : (value.items as unknown[]);
    const itemsNode = Array.isArray(value) ? node : child(node, 'items');
    const kind = Array.isArray(value) ? undefined : (value.kind as string);
    // The API server leaves apiVersion and kind out of the items of a typed list; they are the list's.
    const itemKind = kind && kind !== 'List' ? kind.slice(0, -'List'.length) : undefined;
    items.forEach((item, i) => {
      const itemNode = child(itemsNode, i);
      const source: Source = { ...at, line: lineOfNode(itemNode, lines) ?? at.line, item: i };
      const typed = isObject(item) && itemKind && item.kind === undefined && !isList(item);
      const filled = typed ? { apiVersion: (value as Record<string, unknown>).apiVersion, kind: itemKind, ...item } : item;
      if (isObject(filled) && isList(filled)) addNode(source, filled, itemNode, lines, manifests, problems);
      else addObject(source, filled, itemNode, lines, manifests, problems);
    });
    return;
  }
  addObject(at, value, node, lines, manifests, problems);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `kind: List` (kubectl) or a typed list from the API (`DeploymentList`), with an `items` array. */
function isList(value: Record<string, unknown>): boolean {
  return typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items);
}

function addObject(
  source: Source, value: unknown, node: unknown, lines: LineCounter, manifests: SourcedManifest[], problems: InputProblem[],
): void {
  const what = source.item === undefined ? '' : `item ${source.item} `;
  const problem = (message: string): void => {
    problems.push({ file: source.file, document: source.document, line: source.line, message: `${what}${message}` });
  };
  if (!isObject(value)) {
    problem(`is ${describe(value)}, not a Kubernetes object (a mapping with apiVersion, kind and metadata)`);
    return;
  }
  if (value.apiVersion === undefined && value.kind === undefined) {
    const keys = Object.keys(value);
    problem(`is not a Kubernetes object: it has no apiVersion and no kind (keys: ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', ...' : ''})`);
    return;
  }
  manifests.push({ manifest: value, source, lineOf: node ? (p) => lineOfPath(node, p, lines) : () => undefined });
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return `a ${typeof value} (${JSON.stringify(value).slice(0, 40)})`;
}

/**
 * The line of the deepest part of a finding path (`spec.template.spec.containers[name=app].ports[0]`)
 * that the YAML has: a misspelt field's own line, or the line of the object that lacks a field.
 */
function lineOfPath(root: unknown, findingPath: string, lines: LineCounter): number | undefined {
  let node = root;
  let line = lineOfNode(root, lines);
  const segment = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[name=([^\]]*)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let match: RegExpExecArray | null;
  while (segment.lastIndex < findingPath.length && (match = segment.exec(findingPath))) {
    const [, key, index, name, quoted] = match;
    let here: number | undefined;
    if (key !== undefined || quoted !== undefined) {
      const wanted = key ?? (JSON.parse(quoted) as string);
      // The key's line (`spec:`), not its value's, which for a mapping is the line below.
      const pair = isMap(node) ? node.items.find((p) => isScalar(p.key) && p.key.value === wanted) : undefined;
      here = pair ? lineOfNode(pair.key, lines) : undefined;
      node = pair?.value;
    } else {
      if (index !== undefined) node = child(node, Number(index));
      else node = isSeq(node) ? node.items.find((item) => isMap(item) && item.get('name') === name) : undefined;
      here = lineOfNode(node, lines);
    }
    if (here === undefined) break;
    line = here;
  }
  return line;
}
