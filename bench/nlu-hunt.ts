/**
 * `npm run bench:nlu-hunt [-- --seeds 1-20 --messages 40]`: looks for a message the reading never
 * finishes, or finishes only after seconds. Messages are made from a seed: the vocabulary's own
 * phrases (all three languages) and the reference intakes' words, glued the ways people type
 * (no space, a digit against a word, a comma, a bracket, capitals), and random text. Each goes to
 * every question of the reference intake of one language. One child process per seed and
 * language, with a deadline: a reading that never ends is reported with its seed and message
 * instead of stalling the hunt. The messages are made up here, never a family's.
 *
 * Such a message, "in9 b" at a place question, once held the server's one thread for good; the
 * tests found it only by chance. Speed is this script's business, not the tests'.
 */
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES, type Lang } from '../dialogs/context';

const ROOT = join(__dirname, '..');
const DEADLINE_MS = 120_000;
/** A turn slower than this is listed (on this machine, unloaded, a turn takes a few ms). */
const SLOW_MS = 500;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** The messages of one seed. */
function messages(seed: number, count: number): string[] {
  const phrases = new Set<string>();
  const walk = (x: unknown): void => {
    if (typeof x === 'string') {
      if (x.length < 30) phrases.add(x);
    } else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') Object.values(x).forEach(walk);
  };
  for (const l of LANGUAGES) walk(JSON.parse(readFileSync(join(ROOT, 'locales', l, 'vocab.json'), 'utf8')));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded here only, with the intakes it replays
  const { REFERENCE } = require('../test/scripts.reference') as { REFERENCE: Record<Lang, string[]> };
  for (const script of Object.values(REFERENCE)) for (const m of script) for (const w of m.split(/\s+/)) phrases.add(w);
  const glue = fc.constantFrom(' ', ' ', ' ', '', ', ', '. ', '-', "'", '9', '2 ', ' (', ') ', '?', '\n', ' and ', ' et ', ' y ', '  ');
  const cased = fc.constantFrom(
    (s: string) => s,
    (s: string) => s.toUpperCase(),
    (s: string) => s.charAt(0).toUpperCase() + s.slice(1),
    // As phones type it: "cest", "jai", "dont" (read as their words, src/nlu/contractions.ts).
    (s: string) => s.replace(/['’]/gu, ''),
  );
  const piece = fc.tuple(fc.constantFrom(...phrases), glue, cased).map(([p, g, c]) => c(p) + g);
  const said = (max: number) => fc.array(piece, { maxLength: max }).map((a) => a.join(''));
  const any = fc.oneof(said(12), said(60), said(400), fc.string({ maxLength: 2000, unit: 'grapheme' }), fc.string({ maxLength: 60 }));
  return fc.sample(any, { seed, numRuns: count });
}

interface Found {
  turns: number;
  slowest: { ms: number; message: string; question: number };
  slow: number;
  threw: string[];
}

/** In the child: every message at every question of one language's reference intake. */
function hunt(seed: number, count: number, lang: Lang): Found {
  /* eslint-disable @typescript-eslint/no-require-imports -- the engine is loaded in the child only */
  const { IntakeEngine } = require('../src/engine/intake-engine') as typeof import('../src/engine/intake-engine');
  const { FIRM, T0, statesAlong } = require('../test/support/converse') as typeof import('../test/support/converse');
  const { REFERENCE } = require('../test/scripts.reference') as typeof import('../test/scripts.reference');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const engine = new IntakeEngine(FIRM);
  const states = statesAlong(REFERENCE[lang]);
  const later = new Date(T0.getTime() + 3_600_000);
  const found: Found = { turns: 0, slowest: { ms: 0, message: '', question: 0 }, slow: 0, threw: [] };
  const all = messages(seed, count);
  all.forEach((message, i) =>
    states.forEach((state, question) => {
      // The one in hand, where the parent finds it if this never ends.
      process.stderr.write(`${JSON.stringify({ question, message })}\n`);
      const started = process.hrtime.bigint();
      try {
        engine.receive(state, message, later);
      } catch (err) {
        found.threw.push(`${(err as Error).name} at question ${question}: ${JSON.stringify(message.slice(0, 200))}`);
      }
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      found.turns++;
      // The first message warms the patterns up: not counted.
      if (i === 0) return;
      if (ms > SLOW_MS) found.slow++;
      if (ms > found.slowest.ms) found.slowest = { ms: Number(ms.toFixed(1)), message: message.slice(0, 120), question };
    }),
  );
  return found;
}

function main(): void {
  if (process.argv[2] === '--child') {
    const [seed, count, lang] = process.argv.slice(3);
    process.stdout.write(JSON.stringify(hunt(Number(seed), Number(count), lang as Lang)));
    return;
  }
  const [from, to = from] = arg('seeds', '1-10').split('-').map(Number);
  const count = Number(arg('messages', '40'));
  let stuck = 0;
  let threw = 0;
  const rows: Array<Record<string, string | number>> = [];
  for (let seed = from; seed <= to; seed++)
    for (const lang of LANGUAGES) {
      const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, '--child', String(seed), String(count), lang], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: DEADLINE_MS,
        killSignal: 'SIGKILL',
        maxBuffer: 256 * 1024 * 1024,
      });
      if (run.signal || run.status !== 0) {
        stuck++;
        const last = run.stderr.trim().split('\n').at(-1) ?? '';
        console.log(
          `seed ${seed} ${lang}: ${run.signal ? `not finished after ${DEADLINE_MS / 1000} s` : `exit ${run.status}`}; in hand: ${last.slice(0, 400)}`,
        );
        continue;
      }
      const f = JSON.parse(run.stdout) as Found;
      threw += f.threw.length;
      for (const t of f.threw) console.log(`seed ${seed} ${lang}: threw ${t}`);
      rows.push({
        seed,
        lang,
        turns: f.turns,
        [`over ${SLOW_MS} ms`]: f.slow,
        'slowest ms': f.slowest.ms,
        'at question': f.slowest.question,
        'slowest message': JSON.stringify(f.slowest.message.slice(0, 40)),
      });
    }
  console.table(rows);
  console.log(`${stuck} never finished, ${threw} threw (replay one: npm run bench:nlu-hunt -- --seeds N-N)`);
  if (stuck || threw) process.exitCode = 1;
}

main();
