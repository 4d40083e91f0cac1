import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The README is the front page; depth lives in docs/*.md. These tests keep it short and keep every relative link
// (file and heading anchor) of the Markdown pages pointing somewhere real.

const ROOT = path.join(__dirname, '..');
const README_MAX_BYTES = 15 * 1024;

const docsPages = fs.readdirSync(path.join(ROOT, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`)
  .sort();
const pages = ['README.md', 'CHANGELOG.md', ...docsPages];

interface Link { readonly page: string; readonly line: number; readonly target: string }

/** Markdown without fenced code blocks and inline code spans, which may hold `[x](y)` that is not a link. */
function proseLines(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line.replace(/`[^`]*`/g, '``');
  });
}

function linksOf(page: string): Link[] {
  const links: Link[] = [];
  proseLines(fs.readFileSync(path.join(ROOT, page), 'utf8')).forEach((line, i) => {
    for (const m of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ page, line: i + 1, target: m[1] });
    }
  });
  return links;
}

/** The anchors GitHub gives a page's headings (github-slugger: lower case, punctuation dropped, spaces to `-`). */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
    const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** What is wrong with one relative link, or undefined when it resolves. */
function brokenLink(link: Link): string | undefined {
  const [file, anchor] = link.target.split('#', 2);
  const resolved = file === '' ? path.join(ROOT, link.page) : path.resolve(ROOT, path.dirname(link.page), decodeURI(file));
  if (!fs.existsSync(resolved)) return `${link.page}:${link.line}: ${link.target}: no such file`;
  if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) {
    return `${link.page}:${link.line}: ${link.target}: no heading with anchor #${anchor}`;
  }
  return undefined;
}

const isRelative = (target: string) => !/^[a-z][a-z0-9+.-]*:/i.test(target);

describe('README', () => {
  test(`is at most ${README_MAX_BYTES} bytes`, () => {
    const bytes = fs.statSync(path.join(ROOT, 'README.md')).size;
    expect(bytes).toBeLessThanOrEqual(README_MAX_BYTES);
  });

  test('links every topic page under docs/', () => {
    const linked = new Set(linksOf('README.md').map((l) => path.normalize(l.target.split('#')[0])));
    expect(docsPages.filter((p) => !linked.has(path.normalize(p)))).toEqual([]);
  });
});

describe('relative links', () => {
  test.each(pages)('in %s point to existing files and headings', (page) => {
    const links = linksOf(page).filter((l) => isRelative(l.target));
    expect(links.map(brokenLink).filter((b) => b !== undefined)).toEqual([]);
  });

  test('are found, anchors included, and broken ones are reported', () => {
    const links = linksOf('README.md');
    expect(links.some((l) => l.target === 'docs/validation.md')).toBe(true);
    expect(links.some((l) => l.target.includes('#'))).toBe(true);
    expect(brokenLink({ page: 'README.md', line: 1, target: 'docs/no-such-page.md' }))
      .toBe('README.md:1: docs/no-such-page.md: no such file');
    expect(brokenLink({ page: 'README.md', line: 2, target: 'docs/releases.md#no-such-heading' }))
      .toBe('README.md:2: docs/releases.md#no-such-heading: no heading with anchor #no-such-heading');
  });

  test('anchors follow GitHub: punctuation dropped, code unwrapped, repeats numbered', () => {
    const anchors = anchorsOf(path.join(ROOT, 'README.md'));
    expect(anchors).toContain('concepts--constructs');
    expect(anchors).toContain('quick-start');
    expect(anchorsOf(path.join(ROOT, 'docs/releases.md'))).toContain('rolling-back-a-rollingdeployment');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-test-'));
    const file = path.join(dir, 'page.md');
    fs.writeFileSync(file, '# Setup\n\n```sh\n# not a heading\n```\n\n## Setup\n### [The `api`](x.md), again?\n');
    expect([...anchorsOf(file)]).toEqual(['setup', 'setup-1', 'the-api-again']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
