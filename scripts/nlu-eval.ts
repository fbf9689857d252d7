/**
 * npm run nlu:eval: how well the assistant understands families, measured on the labeled corpus
 * (test/corpus/, described in its README). Prints exact answers per question and language, the
 * confusions, and the counts that must stay at zero, for the development half and the frozen one.
 *
 *   npm run nlu:eval                          both halves
 *   npm run nlu:eval -- --half dev --failures 30
 *   npm run nlu:eval -- --q location --lang fr --failures 50
 *   npm run nlu:eval -- --half dev --id 'v5' --failures 50    only the items whose id matches
 *   npm run nlu:eval -- --json artifacts/nlu-eval.json
 *   npm run nlu:eval -- --half dev --variant noApostrophes --failures 20   typed another way
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { evaluate, formatFigures, type Figures } from '../test/support/corpus/report';
import type { Half } from '../test/support/corpus/items';
import { VARIANTS, variantFlips, type VariantName } from '../test/support/corpus/variants';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const halves: Half[] = arg('half') === 'dev' ? ['dev'] : arg('half') === 'frozen' ? ['frozen'] : ['dev', 'frozen'];
const failures = Number(arg('failures') ?? 0);
const variant = arg('variant');
if (variant) {
  if (!(variant in VARIANTS)) throw new Error(`--variant: one of ${Object.keys(VARIANTS).join(', ')}`);
  for (const half of halves) {
    const f = variantFlips(half, variant as VariantName);
    console.log(`== ${half} half, ${VARIANTS[variant as VariantName].about}: ${f.flips.length} of ${f.n} items read as written are read otherwise`);
    // The frozen half is only counted: its items are never shown.
    if (half === 'dev')
      for (const x of f.flips.slice(0, failures)) console.log(`  ${x.id}  ${JSON.stringify(x.text.slice(0, 100))}\n      ${x.problems.join('\n      ')}`);
  }
  process.exit(0);
}
const all: Figures[] = [];
for (const half of halves) {
  const f = evaluate(half, { q: arg('q'), lang: arg('lang'), id: arg('id') });
  all.push(f);
  console.log(formatFigures(f, { failures }));
  console.log('');
}
const json = arg('json');
if (json) {
  mkdirSync(dirname(json), { recursive: true });
  writeFileSync(
    json,
    JSON.stringify(
      all.map(({ failures: f, ...rest }) => ({ ...rest, failures: f.length })),
      null,
      2,
    ),
  );
}
