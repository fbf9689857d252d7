/**
 * Choosing from a list as families write it (src/nlu/choice-reading.ts): typos, numbers in words,
 * what they add kept as details, and "other" kept honest. Phrasings are our own, not the corpus's.
 */
import type { Lang } from '../dialogs/context';
import { QUESTIONS, type QuestionId } from '../dialogs/questions';
import { readChoice, readMulti } from '../src/nlu';

const options = (q: QuestionId): readonly string[] => (QUESTIONS[q] as { options?: readonly string[] }).options ?? [];
const choice = (text: string, q: QuestionId, lang: Lang = 'en') => readChoice(text, lang, q, options(q));
const value = (text: string, q: QuestionId, lang: Lang = 'en') => {
  const r = choice(text, q, lang);
  return r?.kind === 'value' ? r.value : (r?.kind ?? null);
};
const docs = (text: string, lang: Lang = 'en') => readMulti(text, lang, 'documents', options('documents'));

describe('a choice that says more', () => {
  it('keeps the words with the choice', () => {
    expect(choice('witness, she saw the crash from her porch', 'courtRole')).toEqual({
      kind: 'value',
      value: 'witness',
      details: 'witness, she saw the crash from her porch',
    });
    expect(choice('victime, son ancien patron l’a frappé', 'courtRole', 'fr')).toMatchObject({
      value: 'victim',
      details: 'victime, son ancien patron l’a frappé',
    });
  });

  it('keeps nothing when nothing more is said', () => {
    expect(choice('the witness', 'courtRole')).toEqual({ kind: 'value', value: 'witness', details: null });
    expect(choice('2', 'reason')).toEqual({ kind: 'value', value: 'ill_relative', details: null });
  });

  it('reads "not sure" before or after the words, with them as details', () => {
    expect(choice('no sé bien, creo que víctima', 'courtRole', 'es')).toEqual({ kind: 'unsure', details: 'creo que víctima' });
    expect(choice('probably a witness', 'courtRole')).toEqual({ kind: 'unsure', details: 'probably a witness' });
  });
});

describe('typos and numbers in words', () => {
  it.each([
    ['medicl', 'reason', 'en', 'medical'],
    ['funerl', 'reason', 'en', 'funeral'],
    ['witnes', 'courtRole', 'en', 'witness'],
    ['defendent', 'courtRole', 'en', 'defendant'],
    ['vicitm', 'courtRole', 'en', 'victim'],
    ['tesitgo', 'courtRole', 'es', 'witness'],
    ['aquitted', 'incidentOutcome', 'en', 'acquitted'],
    ['englsh', 'language', 'en', 'en'],
    ['espagnl', 'language', 'en', 'es'],
  ] as [string, QuestionId, Lang, string][])('%s (%s) -> %s', (text, q, lang, expected) => {
    expect(value(text, q, lang)).toBe(expected);
  });

  it('a word of the conversation’s language is not read as a typo of another language’s', () => {
    expect(value('absolution', 'incidentOutcome', 'fr')).toBeNull(); // not the Spanish "absolución"
  });

  it.each([
    ['la dos', 'courtRole', 'es', 'party'],
    ['trois', 'reason', 'fr', 'funeral'],
    ['four', 'courtRole', 'en', 'victim'],
  ] as [string, QuestionId, Lang, string][])('%s picks that number (%s)', (text, q, lang, expected) => {
    expect(value(text, q, lang)).toBe(expected);
  });

  it('a number leading other words is not a pick', () => {
    expect(value('4 years of probation', 'incidentOutcome')).toBeNull();
  });
});

describe('"other" kept honest', () => {
  it('a reason outside the list is other, in the family’s words', () => {
    expect(choice('his son graduates from West Point', 'reason')).toEqual({
      kind: 'value',
      value: 'other',
      details: 'his son graduates from West Point',
    });
    expect(choice('negocios', 'reason', 'es')).toMatchObject({ value: 'other', details: 'negocios' });
  });

  it('a role outside the list is other; a sentence naming no role is not', () => {
    expect(choice('court interpreter', 'courtRole')).toMatchObject({ value: 'other', details: 'court interpreter' });
    expect(choice('jurée', 'courtRole', 'fr')).toMatchObject({ value: 'other', details: 'jurée' });
    expect(choice('he got a letter in the mail about it', 'courtRole')).toBeNull();
  });

  it('a role someone else holds is other', () => {
    expect(choice('her daughter is the victim, she goes to support her', 'courtRole')).toMatchObject({ value: 'other' });
    expect(choice('el papá del acusado', 'courtRole', 'es')).toMatchObject({ value: 'other' });
  });

  it('noise, numbers in words, links, two choices and "both" are not other', () => {
    expect(choice('uno y tres', 'reason', 'es')).toBeNull();
    expect(choice('https://example.org/fund', 'reason')).toBeNull();
    expect(choice('zzzzzz', 'reason')).toBeNull();
    expect(choice('surgery and a funeral', 'reason')).toBeNull();
    expect(choice('les deux, elle et son fils', 'patient', 'fr')).toBeNull();
    expect(choice('what does that mean?', 'reason')).toBeNull();
  });

  it('of two outcomes in turn, the later one', () => {
    expect(value('found guilty, later pardoned', 'incidentOutcome')).toBe('pardoned');
    expect(value('accusé puis acquitté', 'incidentOutcome', 'fr')).toBe('acquitted');
  });

  it('a discharge or a peace bond is not the diversion program', () => {
    expect(value('absolute discharge', 'incidentOutcome')).toBeNull();
    expect(value('peace bond', 'incidentOutcome')).toBeNull();
  });
});

describe('documents', () => {
  it('a document outside the list is other, with its words', () => {
    expect(docs('passport and a death certificate')).toEqual({ value: ['passport', 'other'], details: 'passport and a death certificate' });
    expect(docs('certificat de décès', 'fr')).toEqual({ value: ['other'], details: 'certificat de décès' });
    expect(docs('the I-130 receipt')).toMatchObject({ value: ['other'] });
    expect(docs('1, 2 y la constancia de la escuela', 'es')).toMatchObject({ value: ['passport', 'id', 'other'] });
  });

  it('birth and marriage certificates stay the relationship documents', () => {
    expect(docs('birth certificate')).toEqual({ value: ['relationship_docs'], details: null });
    expect(docs('acta de matrimonio', 'es')).toMatchObject({ value: ['relationship_docs'] });
  });

  it('a letter from a doctor or hospital is the doctor’s letter', () => {
    expect(docs('a letter from the cardiologist')).toMatchObject({ value: ['doctor_letter'] });
    expect(docs("lettre de l'hôpital Sainte-Marie", 'fr')).toMatchObject({ value: ['doctor_letter'] });
  });

  it('a remark about a document named is not another document', () => {
    expect(docs('passport, but the photo page is torn')).toEqual({ value: ['passport'], details: 'passport, but the photo page is torn' });
  });

  it('typos', () => {
    expect(docs('pasport')?.value).toEqual(['passport']);
    expect(docs('pasaport y licencia', 'es')?.value).toEqual(['passport', 'id']);
  });
});

describe('the language question', () => {
  it.each([
    ['hello', 'en'],
    ['Bonsoir', 'fr'],
    ['buenas tardes', 'es'],
    ['en español por favor', 'es'],
    ['tres', 'es'],
  ] as [string, string][])('%s -> %s', (text, expected) => {
    expect(value(text, 'language')).toBe(expected);
  });

  it('a question in a language is not a choice of it', () => {
    expect(value('do you have Creole', 'language')).toBeNull();
  });
});
