/**
 * `npm run bench:nlu`: how long every parser takes over the hostile inputs of the NLU test
 * (test/support/hostile-text.ts), the worst of several rounds each. A regular expression that
 * backtracks badly shows here as seconds; the tests only check that nothing throws.
 */
import { HOSTILE_INPUTS, readEverything } from '../test/support/hostile-text';

const ROUNDS = 5;
const AIM_MS = 50;

// Once before measuring: the first call loads the vocabularies and compiles the patterns.
for (const x of HOSTILE_INPUTS) if (typeof x === 'string') readEverything(x);

const rows = HOSTILE_INPUTS.filter((x): x is string => typeof x === 'string').map((t) => {
  let worst = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const started = process.hrtime.bigint();
    readEverything(t);
    worst = Math.max(worst, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { input: JSON.stringify(t.slice(0, 24)) + (t.length > 24 ? `… (${t.length} chars)` : ''), worstMs: Number(worst.toFixed(2)) };
});
console.table(rows);
const slowest = Math.max(...rows.map((r) => r.worstMs));
console.log(`slowest input: ${slowest} ms (aim: under ${AIM_MS} ms each on this machine)`);
