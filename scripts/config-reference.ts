/**
 * The README's configuration reference, generated from the zod schema (src/config/env.ts): one
 * row per variable the server reads, its default (what the schema gives when it is unset) and
 * what it does (the schema's doc comment, else the words above it in .env.example).
 * `npm run docs:config` rewrites the README between the markers; test/config-reference.test.ts
 * fails when they drift, so a variable added to the schema is documented by running it once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { EnvSchema } from '../src/config/env';
import { projectRoot } from '../src/paths';

export const START = '<!-- config-reference:start (written by `npm run docs:config` from src/config/env.ts: do not edit by hand) -->';
export const END = '<!-- config-reference:end -->';

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const cell = (s: string) => oneLine(s).replace(/\|/g, '\\|');

/** Each schema key's doc comment (/** ... *\/ right above it) in the files that declare the schema. */
function docComments(root: string): Map<string, string> {
  const docs = new Map<string, string>();
  for (const file of ['src/config/env.ts', 'src/config/firm.ts']) {
    const text = readFileSync(join(root, file), 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node) => {
      if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name)) {
        const doc = (ts.getLeadingCommentRanges(text, node.pos) ?? [])
          .map((r) => text.slice(r.pos, r.end))
          .filter((c) => c.startsWith('/**'))
          .pop();
        if (doc && !docs.has(node.name.text)) {
          docs.set(node.name.text, oneLine(doc.replace(/^\/\*\*|\*\/$/g, '').replace(/^\s*\* ?/gm, ' ')));
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return docs;
}

/** The comment lines of .env.example above each `# NAME=` (the group's, when names share one). */
function exampleComments(root: string): Map<string, string> {
  const lines = readFileSync(join(root, '.env.example'), 'utf8').split('\n');
  const assignment = /^#\s*([A-Za-z_][A-Za-z0-9_]*)=/;
  const words = new Map<string, string>();
  lines.forEach((line, i) => {
    const name = assignment.exec(line)?.[1];
    if (!name || words.has(name)) return;
    const said: string[] = [];
    for (let j = i - 1; j >= 0; j--) {
      const above = lines[j];
      if (!above.startsWith('#') || /^#\s*---/.test(above)) break;
      if (assignment.test(above)) {
        if (said.length) break;
        continue;
      }
      said.unshift(above.replace(/^#\s?/, ''));
    }
    words.set(name, oneLine(said.join(' ')));
  });
  return words;
}

function shown(value: unknown): string {
  if (value === undefined) return '';
  return `\`${String(value)}\``;
}

/** The reference as a Markdown table. */
export function configReference(root = projectRoot()): string {
  const docs = docComments(root);
  const examples = exampleComments(root);
  const defaults = EnvSchema.parse({}) as Record<string, unknown>;
  const rows = Object.keys(EnvSchema.shape).map((name) => {
    const what = docs.get(name) || examples.get(name) || '';
    return `| \`${name}\` | ${shown(defaults[name])} | ${cell(what)} |`;
  });
  return ['| Variable | Default | What it does |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The README with its reference section replaced. */
export function withReference(readme: string, table: string): string {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`README.md: the markers ${START} and ${END} are missing`);
  return `${readme.slice(0, from + START.length)}\n${table}\n${readme.slice(to)}`;
}

if (require.main === module) {
  const file = join(projectRoot(), 'README.md');
  const before = readFileSync(file, 'utf8');
  const after = withReference(before, configReference());
  if (after !== before) writeFileSync(file, after);
  process.stdout.write(after === before ? 'README.md: configuration reference already up to date\n' : 'README.md: configuration reference written\n');
}
