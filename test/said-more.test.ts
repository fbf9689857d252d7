/**
 * Answers that say more than the answer, through the engine: the answer is recorded, never asked
 * again, and what the family added is kept with it for the attorney.
 */
import { converse } from './support/converse';
import { REFERENCE } from './scripts.reference';

const en = REFERENCE.en;
/** The reference script up to (not including) the "another incident?" answer after the first incident. */
const toAnother = en.slice(0, en.indexOf('one year probation') + 1);

describe('a yes / no answer with more words', () => {
  it('is recorded with its details and the interview goes on', () => {
    const i = en.indexOf('Roswell Park Cancer Center, Buffalo') + 1; // "unavailable at home?"
    const c = converse([...en.slice(0, i), 'yes, no hospital in Nova Scotia takes children for this']);
    expect(c.context.answers.unavailableAtHome).toEqual({ value: 'yes', details: 'no hospital in Nova Scotia takes children for this' });
    expect(c.turns.at(-1)!.asking).toBe('payer');
    expect(c.turns.at(-1)!.keys.some((k) => k.startsWith('reprompt.'))).toBe(false);
  });

  it('"not sure, …" is not sure, with the rest kept', () => {
    const i = en.indexOf('none') + 1; // "arrested, charged or convicted?"
    const c = converse([...en.slice(0, i), "not sure, he had some trouble when he was young"]);
    expect(c.context.answers.criminal).toEqual({ unsure: true, details: 'he had some trouble when he was young' });
    expect(c.turns.at(-1)!.asking).toBe('drugs');
  });
});

describe('another incident', () => {
  it('keeps its yes and what came with it while the next incident is asked, then asks again', () => {
    const c = converse([...toAnother, 'yes, an assault in Toronto']);
    expect(c.context.answers.anotherIncident).toEqual({ value: 'yes', details: 'an assault in Toronto' });
    expect(c.context.incidents).toHaveLength(2);
    expect(c.turns.at(-1)!.asking).toBe('incidentDate');

    const rest = en.slice(toAnother.length + 1);
    const full = converse([...toAnother, 'yes, an assault in Toronto', ...rest]);
    expect(full.summary.history.incidents).toHaveLength(2);
    expect(full.context.answers.anotherIncident).toEqual({ value: 'no' });
    expect(full.summary.status).toBe('complete');
  });
});
