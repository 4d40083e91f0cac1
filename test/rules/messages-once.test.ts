/*
 * Issue 9: "each rule's message text appears once in lib/". Every message handed to the catalogue's
 * `violation(...)`, a construct's `problems.add(...)` / `propsError(...)`, or a validator finding
 * (`findings.error/warning/add(...)`) is collected from the source with the TypeScript compiler API; a text
 * written at two call sites is one rule written twice, and should be one catalogue function both call.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const LIB = path.join(__dirname, '..', '..', 'lib');

/** Which argument of each reporting call is its message. */
function messageArgument(call: ts.CallExpression): ts.Expression | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) {
    if (callee.text === 'violation') return call.arguments[1];
    if (callee.text === 'propsError') return call.arguments[3];
    // Local shorthands `add(prop, value, message, fix)` that forward to problems.add.
    if (callee.text === 'add' && call.arguments.length === 4) return call.arguments[2];
    return undefined;
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const receiver = callee.expression.getText();
  const method = callee.name.text;
  if (/(^|\.)problems$/.test(receiver) && method === 'add') return call.arguments[2];
  if (/(^|\.)findings$/.test(receiver)) {
    if (method === 'error' || method === 'warning') return call.arguments[3];
    if (method === 'add') return call.arguments[4];
  }
  return undefined;
}

/** The literal texts of a message: a string, each literal part of a template, each branch of a condition. */
function literalParts(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
  if (ts.isParenthesizedExpression(node)) return literalParts(node.expression);
  if (ts.isConditionalExpression(node)) return [...literalParts(node.whenTrue), ...literalParts(node.whenFalse)];
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return [...literalParts(node.left), ...literalParts(node.right)];
  }
  return [];
}

/**
 * A part is a rule's text when it says something: three words or more, one of them of four letters or more,
 * without the punctuation that joins it to values. Glue between values (`is not a ${kind}`) is not a text.
 */
function phrase(part: string): string | undefined {
  const text = part.replace(/^[\s;,:.()'"-]+|[\s;,:(]+$/g, '');
  const words = text.split(/\s+/);
  return words.length >= 3 && words.some((w) => /[A-Za-z]{4}/.test(w)) ? text : undefined;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

interface Site { readonly file: string; readonly line: number }

/** Each message text of `sources` (file name -> TypeScript text) and where it is written. */
function messageSites(sources: ReadonlyMap<string, string>): Map<string, Site[]> {
  const sites = new Map<string, Site[]>();
  for (const [file, text] of sources) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const message = ts.isCallExpression(node) ? messageArgument(node) : undefined;
      if (message) {
        const line = source.getLineAndCharacterOfPosition(message.getStart()).line + 1;
        const texts = new Set(literalParts(message).map(phrase).filter((t): t is string => t !== undefined));
        for (const t of texts) sites.set(t, [...(sites.get(t) ?? []), { file, line }]);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return sites;
}

function writtenTwice(sites: ReadonlyMap<string, Site[]>): string[] {
  return [...sites.entries()].filter(([, at]) => at.length > 1)
    .map(([text, at]) => `${JSON.stringify(text)} at ${at.map((s) => `lib/${s.file}:${s.line}`).join(', ')}`);
}

const libSources = new Map(sourceFiles(LIB).map((file) => [path.relative(LIB, file), fs.readFileSync(file, 'utf8')] as const));

describe('rule message texts', () => {
  const sites = messageSites(libSources);

  test('the scan finds the reporting calls of the catalogue, the constructs and the validator', () => {
    const all = [...sites.values()].flat();
    const dirs = new Set(all.map((s) => s.file.split(path.sep)[0]));
    expect([...dirs]).toEqual(expect.arrayContaining(['rules', 'validation', 'private', 'service.ts', 'network-policy.ts']));
    expect(sites.get('is not a DNS-1123 label')).toEqual([{ file: path.join('rules', 'names.ts'), line: expect.any(Number) }]);
  });

  test('each message text is written at one call site', () => {
    expect(writtenTwice(sites)).toEqual([]);
  });

  test('a text written twice is found, in every kind of reporting call and message', () => {
    const twice = messageSites(new Map([
      ['a.ts', [
        "violation('r', 'must be a whole number of at least 1', 'use 1');",
        "problems.add('p', v, 'is not a policy Kubernetes knows', 'fix');",
        "findings.error('r', subject, 'spec', `selector ${s} matches no pod template in namespace ${ns}`);",
        "add('p', v, 'keeps every pod, so no eviction is ever allowed', 'fix');",
      ].join('\n')],
      ['b.ts', [
        "this.problems.add('q', w, 'must be a whole number of at least 1', 'other fix');",
        "throw propsError(scope, 'p', v, cond ? 'is not a policy Kubernetes knows' : 'other', 'fix');",
        "findings.warning('r', subject, 'spec', 'selector ' + s + ' matches no pod template in namespace ' + ns);",
        "findings.add('r', 'error', subject, 'spec', `it ${x} keeps every pod, so no eviction is ever allowed`);",
        "violation('r', 'is not a', 'glue between values is no text');",
        "violation('r', `is not a ${x}`, 'neither');",
      ].join('\n')],
    ]));
    expect(writtenTwice(twice)).toEqual([
      '"must be a whole number of at least 1" at lib/a.ts:1, lib/b.ts:1',
      '"is not a policy Kubernetes knows" at lib/a.ts:2, lib/b.ts:2',
      '"matches no pod template in namespace" at lib/a.ts:3, lib/b.ts:3',
      '"keeps every pod, so no eviction is ever allowed" at lib/a.ts:4, lib/b.ts:4',
    ]);
  });
});
