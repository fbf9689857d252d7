/**
 * A message typed the way phones type is read as the one typed carefully. Without its apostrophes:
 * "c'est", "j'ai", "l'hôpital", "quelqu'un", "don't" and "he's" come as "cest", "jai", "lhopital",
 * "quelquun", "dont" and "hes" as often as not (src/nlu/contractions.ts). All in small letters: a
 * story's places and hospital (story.test.ts has its cases). Phrasings are our own; the last tests
 * measure the whole development half typed those ways (test/support/corpus/variants.ts).
 */
import { tokenize } from '../src/nlu/normalize';
import type { AnswerItem } from './support/corpus/items';
import { CorpusScorer } from './support/corpus/score';
import { variantFlips } from './support/corpus/variants';

const parts = (text: string) => tokenize(text).map((t) => t.t);

describe('a contraction typed without its apostrophe', () => {
  it.each([
    ['cest', "c'est", ['c', 'est']],
    ['jai', "j'ai", ['j', 'ai']],
    ['lhôpital', "l'hôpital", ['l', 'hopital']],
    ['quelquun', "quelqu'un", ['quelqu', 'un']],
    ['aujourdhui', "aujourd'hui", ['aujourd', 'hui']],
    ['dont', "don't", ['don', 't']],
    ['HES', "HE'S", ['he', 's']],
    ['theyre', "they're", ['they', 're']],
  ])('%s is the words of %s', (glued, apostrophe, expected) => {
    expect(parts(glued)).toEqual(expected);
    expect(parts(apostrophe)).toEqual(expected);
  });

  it('splits a French elision before a word of the vocabulary ("lenterrement", "dhéroïne")', () => {
    expect(parts('lenterrement est mardi')).toEqual(parts("l'enterrement est mardi"));
    expect(parts('possession dhéroïne')).toEqual(parts("possession d'héroïne"));
    expect(parts('LAUTO')).toEqual(['l', 'auto']);
    // Before a name, the capital inside the word says it.
    expect(parts('dHaïti')).toEqual(['d', 'haiti']);
    expect(parts('lICE')).toEqual(['l', 'ice']);
    expect(parts('McDonald')).toEqual(['mcdonald']);
  });

  it('leaves a word of its own whole: the past, being ill, New York, French words, names, plurals', () => {
    for (const word of ['were', 'ill', 'id', 'ny', 'dans', 'sont', 'quelle', 'marc', 'mothers']) expect(parts(word)).toEqual([word]);
  });

  it('keeps each part where it was typed, so a value cut after it starts at the right letter', () => {
    expect(tokenize('à lhôpital Albany').map((t) => [t.t, t.start, t.end])).toEqual([
      ['a', 0, 1],
      ['l', 2, 3],
      ['hopital', 3, 10],
      ['albany', 11, 17],
    ]);
  });
});

describe('read at the questions as with the apostrophes', () => {
  const scorer = new CorpusScorer();
  const item = (q: string, lang: AnswerItem['lang'], text: string, expect: AnswerItem['expect']): AnswerItem => ({ id: `t-${q}`, q, lang, text, expect });
  it.each([
    ['a call asked for', item('payer', 'fr', 'jveux parler a quelquun du bureau', { command: 'HUMAN' })],
    ['danger now, mid-interview', item('canContinue', 'fr', 'non mon fils setouffe avec un bonbon', { danger: true })],
    ['the hospital without its article', item('provider', 'fr', 'lhôpital Albany Medical Center', { value: 'Albany Medical Center' })],
    ['the patient is the traveler', item('patient', 'fr', 'cest lui qui est malade', { value: 'traveler' })],
    ['the doctors will not tell', item('prognosis', 'en', 'the surgeons wont say', { unsure: true, details: 'the surgeons wont say' })],
    ['the writer, then the relation', item('relationship', 'en', 'im the travelers nephew', { value: 'nephew' })],
    [
      'the traveler described by a relation',
      item('courtRole', 'en', 'hes the dad in the custody case', { value: 'party', details: 'hes the dad in the custody case' }),
    ],
  ])('%s', (_, it) => {
    const r = scorer.answer(it);
    expect(r.problems).toEqual([]);
    expect(r.exact).toBe(true);
  });
});

describe('the development half, typed another way', () => {
  it('without apostrophes, is read as written but for a few items ("were" for "we\'re", a possessive in a story)', () => {
    const f = variantFlips('dev', 'noApostrophes');
    expect(f.n).toBeGreaterThan(1000);
    // 10 items on 2026-12-08 (12 on 2026-12-07), from 197 before contractions.ts; it only goes down.
    expect(f.flips.length).toBeLessThanOrEqual(10);
  }, 300_000);

  it("all in small letters, its stories are read as written but for a few (a town of a few thousand, a hospital's name alone)", () => {
    const f = variantFlips('dev', 'smallLetters', 'openers');
    expect(f.n).toBeGreaterThan(300);
    // 8 on 2026-12-07, from 167 before a city, a city with its country and a hospital were read in small letters; it only goes down.
    // 9 on 2026-12-08: no new misreading, but en-open-v9-005 is now read right as written (its condition), and its
    // hospital, "at Strong", in small letters is the word "strong", as it was before.
    expect(f.flips.length).toBeLessThanOrEqual(9);
  }, 300_000);
});
