/**
 * Time and tense in answers (src/nlu/when-answers.ts): the day needed, when something happened
 * and how long, as precise as the words and no more; "not sure" and "as soon as possible" with
 * the words kept; numbers that are no date (ages, amounts, sentences, decades) never read as one.
 * Phrasings of our own, not the corpus's.
 */
import type { Lang } from '../dialogs/context';
import type { IntakeContext } from '../dialogs/context';
import { interpret } from '../src/engine/interpret';
import { extractFacts, neededDayOnly, readTime, timeAlso, type ParseContext } from '../src/nlu';

const NOW = new Date('2026-11-28T12:00:00Z'); // Saturday 28 November 2026, 07:00 in New York
const ctx = (language: Lang): ParseContext => ({ language, now: NOW, timeZone: 'America/New_York' });
const needed = (text: string, lang: Lang = 'en') => readTime(text, 'neededBy', ctx(lang));
const died = (text: string, lang: Lang = 'en') => readTime(text, 'deathDate', ctx(lang));
const incident = (text: string, lang: Lang = 'en') => readTime(text, 'incidentDate', ctx(lang));
const stay = (text: string, lang: Lang = 'en') => readTime(text, 'stayLength', ctx(lang));

describe('the day the traveler must be there', () => {
  it.each([
    ['she has to be there by the 9th', 'en', '2026-12-09'],
    ['the twenty-second', 'en', '2026-12-22'],
    ['le vingt-deux', 'fr', '2026-12-22'],
    ['el treinta', 'es', '2026-11-30'],
    ['el 3 d enero', 'es', '2027-01-03'],
    ['le 3 décembre', 'fr', '2026-12-03'],
    ['dans trois semaines', 'fr', '2026-12-19'],
    ['pour Noël', 'fr', '2026-12-25'],
    ['para año nuevo', 'es', '2027-01-01'],
    ['tonight', 'en', '2026-11-28'],
    ['dmn matin', 'fr', '2026-11-29'],
    ['el lunes que viene', 'es', '2026-11-30'],
    ['this coming Thursday', 'en', '2026-12-03'],
    ['Tues the 1st', 'en', '2026-12-01'],
    ['12/20', 'en', '2026-12-20'],
    ['20/12', 'fr', '2026-12-20'],
    // the day named, then "a day before": the day before
    ['the operation is on the 10th but he must arrive two days before', 'en', '2026-12-08'],
  ] as [string, Lang, string][])('%s (%s) -> %s', (text, lang, day) => {
    expect(needed(text, lang)).toMatchObject({ value: day });
  });

  it('keeps what the message says besides the day', () => {
    expect(needed('le 14 décembre, la cérémonie est à Burlington', 'fr')).toEqual({
      value: '2026-12-14',
      details: 'la cérémonie est à Burlington',
    });
    expect(needed('Wedding is Sunday Dec 20 at noon')).toEqual({ value: '2026-12-20', details: 'Wedding is Sunday Dec 20 at noon' });
    expect(needed('Dec 20')).toEqual({ value: '2026-12-20' });
  });

  it('"as soon as possible" is no date: asap, never today', () => {
    for (const [text, lang] of [
      ['asap pls', 'en'],
      ['as soon as they can, we do not have a date', 'en'],
      ['le plus tôt possible', 'fr'],
      ['cuanto antes por favor', 'es'],
      ['lo más pronto posible, no hay fecha', 'es'],
      ['right now', 'en'],
      ['dans les prochains jours', 'fr'],
    ] as [string, Lang][])
      expect(needed(text, lang)).toMatchObject({ unsure: true, asap: true });
  });

  it('a time that is no day is "not sure", with the words kept', () => {
    for (const [text, lang] of [
      ['the week after next', 'en'],
      ['next month sometime', 'en'],
      ['vers la mi-décembre', 'fr'],
      ['around Christmas', 'en'],
      ['a principios de enero', 'es'],
      ['este fin de semana', 'es'],
      // "a couple", "quelques", "2 or 3": a count that is no one number gives no day (a stay may still be 14 days).
      ['en un par de semanas', 'es'],
      ['in a couple of weeks', 'en'],
      ['dans 2 ou 3 semaines', 'fr'],
    ] as [string, Lang][])
      expect(needed(text, lang)).toEqual({ unsure: true, details: text });
    expect(needed('no idea, the clinic will call us', 'en')).toEqual({ unsure: true, details: 'the clinic will call us' });
  });

  it('no day to be there: a past day, an impossible one, a length, an amount', () => {
    for (const [text, lang] of [
      ['the appointment was on Monday the 23rd', 'en'],
      ['le 2 novembre', 'fr'],
      ['el 31 de noviembre', 'es'],
      ['30 days', 'en'],
      ['$400', 'en'],
      ['hier', 'fr'],
    ] as [string, Lang][])
      expect(needed(text, lang)).toBeNull();
  });
});

describe('when something happened', () => {
  it.each([
    ["summer of '03", 'en', '2003'],
    ['hace como 15 años', 'es', '2011'],
    ['il y a 3 ans', 'fr', '2023'],
    ['le 3/4/2012', 'fr', '2012'], // 3 April or 4 March: only the year is sure
    ['14/07/2012', 'fr', '2012-07-14'],
    ['en febrero del año pasado', 'es', '2025-02'],
    ['mil novecientos noventa y nueve', 'es', '1999'],
    ['dos mil doce', 'es', '2012'],
    ['two thousand and ten', 'en', '2010'],
    ['nineteen eighty-seven', 'en', '1987'],
    ['august 07', 'en', '2007-08'],
    ['Sept 2011', 'en', '2011-09'],
    ['2oo3', 'en', '2003'],
    ['in june', 'en', '2026-06'],
    ['en diciembre', 'es', '2025-12'], // the last December, not the coming one
  ] as [string, Lang, string][])('%s (%s) -> %s', (text, lang, date) => {
    expect(incident(text, lang)).toMatchObject({ value: date });
  });

  it('a decade, an age, two years or a bound is "not sure", with the words kept', () => {
    for (const [text, lang] of [
      ['back in the 80s', 'en'],
      ['dans les années 2000', 'fr'],
      ['a principios de los 90', 'es'],
      ['when she was a teenager', 'en'],
      ['cuando tenía 20 años', 'es'],
      ['2015 ou 2016', 'fr'],
      ['before 2012', 'en'],
    ] as [string, Lang][])
      expect(incident(text, lang)).toEqual({ unsure: true, details: text });
  });

  it('no date: an amount, a sentence, a year to come, a day of the month alone', () => {
    for (const text of ['$750 fine', '45 days in jail', '2031', 'on the 12th']) expect(incident(text)).toBeNull();
  });

  it('a death: the days just past, a day of this month', () => {
    expect(died('hier soir vers minuit', 'fr')).toMatchObject({ value: '2026-11-27' });
    expect(died('el jueves pasado', 'es')).toMatchObject({ value: '2026-11-26' });
    expect(died('last Friday night')).toMatchObject({ value: '2026-11-27' });
    expect(died('Wednesday')).toMatchObject({ value: '2026-11-25' });
    expect(died('le 24', 'fr')).toEqual({ value: '2026-11-24' });
    expect(died('three weeks ago')).toEqual({ value: '2026-11-07' });
    // the 29th is tomorrow: no day of this month, and last month's is a guess
    expect(died('le 29', 'fr')).toBeNull();
    // not dead: no date of death
    expect(died('tomorrow')).toBeNull();
  });
});

describe('how long the stay is', () => {
  it.each([
    ['a couple of weeks', 'en', 14],
    ['une quinzaine de jours', 'fr', 14],
    ['quinze jours', 'fr', 14],
    ['un par de meses', 'es', 60],
    ['a year and a half', 'en', 545],
    ['un mes y medio', 'es', 45],
    ['twenty five days', 'en', 25],
    ['3 semanitas', 'es', 21],
  ] as [string, Lang, number][])('%s (%s) -> %d days', (text, lang, days) => {
    expect(stay(text, lang)).toMatchObject({ value: days });
  });

  it('keeps what the message says besides the length', () => {
    expect(stay('3 weeks, until the stitches come out')).toEqual({ value: 21, details: 'until the stitches come out' });
  });

  it('not sure: it depends, a few, a weekend', () => {
    for (const [text, lang] of [
      ['depends on the surgeon', 'en'],
      ['quelques jours', 'fr'],
      ['unas semanas', 'es'],
      ['the long weekend', 'en'],
    ] as [string, Lang][])
      expect(stay(text, lang)).toEqual({ unsure: true, details: text });
  });

  it('no stay: a sentence served, an amount, a date', () => {
    for (const text of ['18 months in prison', '$2000', 'until January 15']) expect(stay(text)).toBeNull();
  });
});

describe('the day needed, said where something else is asked', () => {
  it.each([
    ['she must be there on the 4th', 'en', '2026-12-04'],
    ["il faut qu'il soit là le 6 décembre", 'fr', '2026-12-06'],
    ['para el 2 de enero tiene que estar allá', 'es', '2027-01-02'],
  ] as const)('%s (%s) is the day needed', (text, lang, day) => {
    expect(neededDayOnly(text, ctx(lang))).toBe(day);
  });

  it('is asked again where words are asked for, the day kept for the question of the day needed', () => {
    const c = { answers: {}, incidents: [] } as unknown as IntakeContext;
    const e = interpret('el 2 de enero tiene que estar allá', 'story', c, { language: 'es', now: NOW, timeZone: 'America/New_York', choices: [] });
    expect(e).toMatchObject({ type: 'UNCLEAR', also: { neededBy: { value: '2027-01-02' } } });
  });

  it.each([
    ['December 4', 'en'],
    ['her surgery is on December 4', 'en'],
    ['she has to be there on the 4th, the surgery is at 8', 'en'],
    ['il a eu un accident le 3 novembre', 'fr'],
  ] as const)('%s (%s) is not only the day needed', (text, lang) => {
    expect(neededDayOnly(text, ctx(lang))).toBeNull();
  });
});

describe('what an answer of time also says of another question', () => {
  const read = (text: string, q: 'deathDate' | 'incidentDate', lang: Lang = 'en') =>
    interpret(text, q, { answers: {}, incidents: [] } as unknown as IntakeContext, { language: lang, now: NOW, timeZone: 'America/New_York', choices: [] });

  it("the funeral's day, told with the day of the death, is the day needed", () => {
    expect(read('last night, the funeral is on Thursday in Newark', 'deathDate')).toMatchObject({
      type: 'ANSWER',
      value: '2026-11-27',
      also: { neededBy: { value: '2026-12-03' } },
    });
    expect(read('les funérailles sont le 7 décembre', 'deathDate', 'fr')).toMatchObject({ type: 'UNCLEAR', also: { neededBy: { value: '2026-12-07' } } });
    // the day of the death itself is no day to be there
    expect(timeAlso('she died on Tuesday', 'deathDate', ctx('en'))).toEqual({});
    // a burial abroad is no day to be here
    expect(timeAlso('ayer en Tegucigalpa, el entierro es el lunes', 'deathDate', ctx('es'))).toEqual({});
  });

  it("the funeral's day told with the reason is the day needed, unless it is abroad", () => {
    const reason = (text: string, lang: Lang) =>
      interpret(text, 'reason', { answers: {}, incidents: [] } as unknown as IntakeContext, {
        language: lang,
        now: NOW,
        timeZone: 'America/New_York',
        choices: [],
      });
    expect(reason('el velorio de su hermano es el jueves en Queens', 'es')).toMatchObject({
      type: 'ANSWER',
      value: 'funeral',
      also: { neededBy: { value: '2026-12-03' } },
    });
    // Who died is recorded with it (the relation); the day abroad, or the day of the death, is no day needed.
    const abroad = reason('funérailles de sa mère à Port-au-Prince samedi', 'fr');
    expect(abroad).toMatchObject({ type: 'ANSWER', value: 'funeral', also: { relation: { value: 'mère' } } });
    expect(abroad).not.toHaveProperty('also.neededBy');
    expect(reason('funeral, she died on Tuesday', 'en')).not.toHaveProperty('also.neededBy');
  });

  it('a death told where the ill relative is asked about: its day kept, and no prognosis', () => {
    const at = (text: string, q: 'relation' | 'prognosis', lang: Lang) =>
      interpret(text, q, { answers: {}, incidents: [] } as unknown as IntakeContext, { language: lang, now: NOW, timeZone: 'America/New_York', choices: [] });
    expect(at('se murió anoche', 'prognosis', 'es')).toEqual({ type: 'UNCLEAR', also: { deathDate: { value: '2026-11-27' } }, at: NOW.toISOString() });
    expect(at('his father, he passed away this morning', 'relation', 'en')).toMatchObject({ type: 'ANSWER', also: { deathDate: { value: '2026-11-28' } } });
    // "passed" alone is no death; a death denied is none
    expect(at('the worst has passed since yesterday', 'prognosis', 'en')).not.toHaveProperty('also');
    expect(at("il n'est pas mort, il est aux soins intensifs depuis hier", 'prognosis', 'fr')).not.toHaveProperty('also');
  });

  it('a sentence served, told where the date is asked, is the sentence', () => {
    expect(read('18 meses de cárcel', 'incidentDate', 'es')).toMatchObject({ type: 'UNCLEAR', also: { incidentSentence: { value: '18 meses de cárcel' } } });
    expect(timeAlso('in 2012, he got 90 days in jail', 'incidentDate', ctx('en'))).toEqual({ incidentSentence: { value: '90 days in jail' } });
  });
});

describe('a day that is not when the traveler must be there (issue 13, round 2)', () => {
  it.each([
    ['he called me today, the funeral is on december 9', 'en', '2026-12-09'],
    ["il a appelé aujourd'hui, les funérailles sont le 9 décembre", 'fr', '2026-12-09'],
    ['he has court on dec 1 for his DUI, he needs to come for the birth on dec 15', 'en', '2026-12-15'],
  ] as const)('%s', (text, lang, day) => {
    expect(needed(text, lang)).toMatchObject({ value: day });
  });

  it('a day in a clause of what happened is not the day needed', () => {
    expect(needed('he was refused on the 3rd, he needs to be here asap')).toMatchObject({ asap: true });
  });

  it('in a story too: the day the traveler must come, not his own court date', () => {
    const facts = extractFacts("my son has court on dec 1 for his DUI, he needs to come for his daughter's birth on dec 15", ctx('en'));
    expect(facts.answers.neededBy).toEqual({ value: '2026-12-15' });
  });
});

describe('issue 13, round 2: counts that are no number, ranges, days said with being there', () => {
  it('a range or a loose count of a length is "not sure", with the words kept', () => {
    for (const [text, lang] of [
      ['3-4 months', 'en'],
      ['five or six days', 'en'],
      ['trois-quatre semaines', 'fr'],
      ['1 o 2 semanas', 'es'],
    ] as [string, Lang][])
      expect(stay(text, lang)).toEqual({ unsure: true, details: text });
    expect(stay('a couple of months', 'en')).toEqual({ value: 60 });
    expect(stay('mois et demi', 'fr')).toEqual({ value: 45 });
  });

  it('a time ago that is no one day or year is "not sure"', () => {
    expect(incident('4 or 5 years ago')).toEqual({ unsure: true, details: '4 or 5 years ago' });
    expect(died('a few weeks ago')).toEqual({ unsure: true, details: 'a few weeks ago' });
    expect(died('hace unos cuantos días', 'es')).toEqual({ unsure: true, details: 'hace unos cuantos días' });
    expect(incident('1998-1999')).toMatchObject({ unsure: true });
    expect(incident('en 2001 o 2002', 'es')).toMatchObject({ unsure: true });
    expect(incident('dans la trentaine', 'fr')).toEqual({ unsure: true, details: 'dans la trentaine' });
  });

  it('a duration counted from today, and one said in one phrase', () => {
    expect(needed('three weeks from now')).toEqual({ value: '2026-12-19' });
    expect(needed('5 días a partir de hoy', 'es')).toEqual({ value: '2026-12-03' });
    expect(needed('dans une quinzaine de jours', 'fr')).toEqual({ value: '2026-12-12' });
  });

  it('of two days, the one said with being there is the day needed', () => {
    expect(needed('the wedding is the 20th but she needs to be there by the 18th')).toMatchObject({ value: '2026-12-18' });
  });

  it('an age is no length', () => {
    expect(stay('she is 81 years old')).toBeNull();
  });
});

describe('issue 13, round 2: the day before, two-digit years, doubt', () => {
  it('"the day before" / "la veille" / "el día anterior" is the day before the one named', () => {
    expect(needed('wedding on the 12th, he has to be there the night before')).toMatchObject({ value: '2026-12-11' });
    expect(needed("l'audience est le 10, il arrive la veille", 'fr')).toMatchObject({ value: '2026-12-09' });
    expect(needed('la operación es el 20, tiene que llegar el día anterior', 'es')).toMatchObject({ value: '2026-12-19' });
  });

  it('a two-digit year after "in" is a year when it cannot be a day', () => {
    expect(incident('back in 97')).toMatchObject({ value: '1997' });
    expect(incident('depuis 88', 'fr')).toMatchObject({ value: '1988' });
    expect(died('el 24', 'es')).toEqual({ value: '2026-11-24' });
  });

  it('a day said with doubt, or about, is no day; a length either side of "or" is a range', () => {
    expect(needed('the 18th i think? not sure')).toMatchObject({ unsure: true });
    expect(needed('in 10 days or so')).toMatchObject({ unsure: true });
    expect(needed('tomorrow morning')).toEqual({ value: '2026-11-29' });
    expect(stay('a month or two')).toEqual({ unsure: true, details: 'a month or two' });
  });
});

describe('issue 13, round 2: numbers that only look like days', () => {
  it('"the 2 of us", a year inside a case number, one of two days: no day recorded', () => {
    expect(needed('the 2 of us will drive')).toBeNull();
    expect(incident('file FC-2018-55')).toBeNull();
    expect(needed('thursday or friday')).toEqual({ unsure: true, details: 'thursday or friday' });
    expect(needed('le 7 ou le 8', 'fr')).toEqual({ unsure: true, details: 'le 7 ou le 8' });
  });
});
