/**
 * Run as its own process (test/reading-ends.test.ts): every text of argv[2] (a JSON list) is
 * sent at every question of the reference intakes, in each language. A reading that never ends
 * would hang the test runner itself; from a process of its own it is a test that fails.
 * Prints one JSON line: how many turns were taken and how many of them said nothing.
 */
import { IntakeEngine } from '../../src/engine/intake-engine';
import { FIRM, T0, statesAlong } from './converse';
import { REFERENCE } from '../scripts.reference';

const texts = JSON.parse(process.argv[2] ?? '[]') as string[];
const engine = new IntakeEngine(FIRM);
const later = new Date(T0.getTime() + 3_600_000);
let turns = 0;
let silent = 0;
for (const script of Object.values(REFERENCE)) {
  for (const state of statesAlong(script))
    for (const text of texts) {
      const turn = engine.receive(state, text, later);
      turns++;
      if (!turn.messages.some((m) => m.text.trim() !== '')) silent++;
    }
}
process.stdout.write(`${JSON.stringify({ turns, silent, states: Object.values(REFERENCE).reduce((n, s) => n + s.length, 0) })}\n`);
