/**
 * How well the assistant understands families, as a fact about its behaviour: the development
 * half of the labeled corpus (test/corpus/dev/) is run through the real engine, as
 * `npm run nlu:eval` does, and the figures are held to test/corpus/aims.json.
 *
 * `aim` is what issue 13 asks (97% exact, no false escalation, no invented value, no missed
 * danger). `floor` is what the understanding reaches today: a change that falls under it fails
 * here. The floor only ever moves towards the aim (a commit that raises it says so); the two are
 * the same once the aim is met. The frozen half is never scored here: it is only measured, by
 * `npm run nlu:eval`, so that no test ever tunes on it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, problemKind, rate, type Figures } from './support/corpus/report';

interface Bounds {
  /** Exact answers, as a share of the answers the harness could position. */
  exact: number;
  falseEscalations: number;
  invented: number;
  missedDanger: number;
}
const { aim, floor } = JSON.parse(readFileSync(join(__dirname, 'corpus', 'aims.json'), 'utf8')) as { aim: Bounds; floor: Bounds };

const exactRate = (f: Figures) => rate(f.answers.exact, f.answers.n - f.answers.unpositioned);

describe('understanding, measured on the development half of the corpus', () => {
  let dev: Figures;
  beforeAll(() => {
    dev = evaluate('dev');
  }, 300_000);

  it('holds the bounds: the floor never lies past the aim', () => {
    expect(floor.exact).toBeLessThanOrEqual(aim.exact);
    expect(floor.falseEscalations).toBeGreaterThanOrEqual(aim.falseEscalations);
    expect(floor.invented).toBeGreaterThanOrEqual(aim.invented);
    expect(floor.missedDanger).toBeGreaterThanOrEqual(aim.missedDanger);
  });

  it('every item is run where its label says (the harness positions them)', () => {
    expect(dev.answers.n).toBeGreaterThan(1500);
    expect(dev.answers.unpositioned / dev.answers.n).toBeLessThan(0.01);
  });

  it('answers exactly, at or above the floor', () => {
    expect(exactRate(dev)).toBeGreaterThanOrEqual(floor.exact);
  });

  it('misses no more danger than the floor allows', () => {
    expect(dev.missedDanger).toBeLessThanOrEqual(floor.missedDanger);
  });

  it('raises no more false escalations than the floor allows', () => {
    expect(dev.falseEscalations).toBeLessThanOrEqual(floor.falseEscalations);
  });

  it('invents no more values than the floor allows', () => {
    expect(dev.invented).toBeLessThanOrEqual(floor.invented);
  });
});

describe('what went wrong, by kind (printed for both halves, so it holds no value and no words)', () => {
  it.each([
    ['whereNow: expected {"city":"Lagos"}, got {"city":"Lagos","country":"NG"}', 'whereNow', 'main answer: value -> another value'],
    ['relation: expected "grandma", got nothing', 'reason', 'also relation: value -> nothing'],
    ['neededBy: expected not sure, got {"value":"2026-12-20"}', 'neededBy', 'main answer: unsure -> a value'],
    ['prognosis: details "the doctors say weeks" not kept', 'prognosis', 'main answer: details not kept'],
    ['condition: expected it asked again, but recorded {"value":"$2000"}', 'condition', 'main answer: recorded where it is asked again'],
    ['false escalation: at_border', 'location', 'false escalation: at_border'],
  ])('%s', (problem, q, kind) => {
    expect(problemKind(problem, { q })).toBe(kind);
  });
});
