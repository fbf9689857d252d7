/**
 * Splits the corpus as written (one answers and one openers file per language, anywhere) into the
 * development half and the frozen half of test/corpus/: for each language and question, the items
 * in id order go alternately to dev and frozen, so each half has every question in every
 * language. Run once when a batch of new items arrives; the frozen half is committed before any
 * tuning on the dev half, and is only ever scored.
 *
 *   npx ts-node --transpile-only scripts/corpus-split.ts <dir with en/ fr/ es/ subfolders> [--batch NAME]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from '../test/support/corpus/items';

const src = process.argv[2];
if (!src) throw new Error('usage: corpus-split.ts <dir> [--batch NAME]');
const b = process.argv.indexOf('--batch');
const batch = b >= 0 ? process.argv[b + 1] : 'v1';

type Item = { id: string; q?: string; lang: string };
const read = (file: string): Item[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Item);

for (const lang of ['en', 'fr', 'es']) {
  for (const kind of ['answers', 'openers'] as const) {
    const items = read(join(src, lang, `${kind}.jsonl`));
    const groups = new Map<string, Item[]>();
    for (const i of items) groups.set(i.q ?? 'opener', [...(groups.get(i.q ?? 'opener') ?? []), i]);
    const halves: Record<'dev' | 'frozen', Item[]> = { dev: [], frozen: [] };
    for (const list of groups.values()) list.sort((a, b) => a.id.localeCompare(b.id)).forEach((item, n) => halves[n % 2 === 0 ? 'dev' : 'frozen'].push(item));
    for (const half of ['dev', 'frozen'] as const) {
      mkdirSync(join(CORPUS_DIR, half), { recursive: true });
      writeFileSync(join(CORPUS_DIR, half, `${lang}-${batch}.${kind}.jsonl`), halves[half].map((i) => JSON.stringify(i)).join('\n') + '\n');
    }
    console.log(`${lang} ${kind}: ${items.length} -> dev ${halves.dev.length}, frozen ${halves.frozen.length}`);
  }
}
