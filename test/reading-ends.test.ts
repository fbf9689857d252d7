/**
 * Every reading ends. A typed word is one place in the text but may be several words to the
 * reader ("in9" is "in" and "9"): a loop that cut a leading "in" off "in9 b" cut nothing and never
 * stopped, and one such text message held the whole server (found by properties.test.ts on CI).
 * The texts go to every question of the reference intakes in each language, from a process of
 * their own, so that a reading that never ends fails here instead of hanging the runner.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const GLUED = [
  // A lead, a filler or an article typed against a number, at the start and at the end.
  'in9 b',
  'in9',
  'at5 Main St',
  'en2 Laval',
  'à3 rue Principale',
  'the2nd one',
  'um2 weeks',
  'like3 months',
  'ok1',
  'Buffalo please4',
  'Toronto svp2',
  'Montréal porfa3',
  'por1 favor',
  "in9 b,0,éin'",
  '(in9',
  '"at5"',
];

/** Generous: it only turns a hang into a failure (ts-node starts, then 3 × 45 intakes are replayed). */
const DEADLINE_MS = 240_000;

it(
  'a word typed against a number, at every question in every language, is answered',
  () => {
    const run = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(__dirname, 'support', 'read-at-every-question.ts'), JSON.stringify(GLUED)],
      {
        cwd: join(__dirname, '..'),
        encoding: 'utf8',
        timeout: DEADLINE_MS,
        killSignal: 'SIGKILL',
      },
    );
    expect(run.signal).toBeNull();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as { turns: number; silent: number; states: number };
    expect(out.turns).toBe(out.states * GLUED.length);
    expect(out.silent).toBe(0);
  },
  DEADLINE_MS + 30_000,
);
