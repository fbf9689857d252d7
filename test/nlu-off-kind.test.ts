/**
 * Messages of another kind than the question wants (src/nlu/off-kind.ts): each shape is asked
 * again where it answers nothing, and each is kept where the question does take it.
 */
import { offKind, offKindOf } from '../src/nlu/off-kind';

describe('the kind of a message, by its shape', () => {
  it.each([
    ['ok merci', 'fr', 'chat'],
    ['un momento por favor', 'es', 'chat'],
    ['can you repeat the question', 'en', 'chat'],
    ['¿esto es confidencial?', 'es', 'question'],
    ['ya le contesté', 'es', 'backRef'],
    ["comme j'ai dit tantôt", 'fr', 'backRef'],
    ['about 3,000 bucks', 'en', 'amount'],
    ['ella tiene 9 años', 'es', 'age'],
    ['deux ans', 'fr', 'length'],
    ['300', 'en', 'number'],
    ['mardi prochain', 'fr', 'date'],
    ['mi correo es ana.r@example.org', 'es', 'email'],
    ['(905) 555-0199', 'en', 'phone'],
    ['sa mère', 'fr', 'kin'],
    ['is this confidential', 'en', 'question'],
    ['pourquoi vous voulez savoir ça', 'fr', 'question'],
    ['cuanto cobran ustedes', 'es', 'question'],
    ['hes in Guelph', 'en', 'whereabouts'],
    ['she is at home in Toronto right now', 'en', 'whereabouts'],
    ['mi papá está en Tegucigalpa ahorita', 'es', 'kinWhereabouts'],
    ['il est à Montréal en ce moment', 'fr', 'whereabouts'],
    ['in Guatemala City', 'en', 'place'],
    ['Guelph, Ontario', 'en', 'place'],
  ] as const)('%s (%s) is %s', (text, lang, kind) => {
    expect(offKindOf(text, lang)).toBe(kind);
  });

  it.each([
    ['José, 17 años', 'es'],
    ['his mother, shes 79', 'en'],
    ['A-5521-26', 'en'],
    ['no tengo, ¿es obligatorio?', 'es'],
    ['heart surgery at Sick Kids', 'en'],
    ['il est très malade', 'fr'],
    // Where someone is, with more said, or somewhere that is no place the data knows.
    ['hes in Toronto, he got out of the hospital last week', 'en'],
    ['granddaughter, i live in Rochester', 'en'],
    ["she's in the ICU", 'en'],
    ['he is in pain', 'en'],
    ['está en coma', 'es'],
    // A word near a place's name is no place ("multa" is no Malta, "MEDICO" no Mexico); a town's
    // name alone is taken for a place only when it is well known ("Kitchener" may be a name).
    ['multa', 'es'],
    ['MEDICO', 'es'],
    ['Kitchener', 'en'],
    // Without a question mark, a story may open with the words of a question.
    ['do you know what happened to my brother at the border last year when he tried to cross', 'en'],
  ] as const)('%s (%s) is of no such kind: it may be an answer', (text, lang) => {
    expect(offKindOf(text, lang)).toBeNull();
  });
});

describe('what each question takes', () => {
  it('asks again where the kind answers nothing', () => {
    expect(offKind('$2000', 'condition', 'en')).toBe('amount');
    expect(offKind('my dad', 'provider', 'en')).toBe('kin');
    expect(offKind('jo.martin@example.com', 'whereNow', 'fr')).toBe('email');
    expect(offKind('67 yrs old', 'court', 'en')).toBe('age');
    expect(offKind('le 14', 'caseNumber', 'fr')).toBe('date');
  });

  it('asks again where someone is said where a condition, a relationship or a time to call is asked', () => {
    expect(offKind('hes in Guelph', 'relationship', 'en')).toBe('whereabouts');
    expect(offKind('está en Guatemala', 'condition', 'es')).toBe('whereabouts');
    expect(offKind('my mom is in Lima', 'condition', 'en')).toBe('kinWhereabouts');
    expect(offKind('elle est au Jackson Memorial à Miami', 'relation', 'fr')).toBe('whereabouts');
    expect(offKind('Vancouver BC', 'bestTime', 'en')).toBe('place');
    expect(offKind('à Sherbrooke', 'incidentCharge', 'fr')).toBe('place');
  });

  it('keeps where someone is where it answers, and a city alone where a name may be the answer', () => {
    expect(offKind('hes in Guelph', 'whereNow', 'en')).toBeNull();
    expect(offKind('Buffalo General, in Buffalo', 'provider', 'en')).toBeNull();
    expect(offKind('il est à Montréal', 'removalDetails', 'fr')).toBeNull();
    expect(offKind('Florence', 'travelerName', 'en')).toBeNull();
    expect(offKind('Victoria', 'payer', 'en')).toBeNull();
  });

  it('keeps what the question takes', () => {
    expect(offKind('his stepdaughter', 'role', 'en')).toBeNull();
    expect(offKind('my dad', 'payer', 'en')).toBeNull();
    expect(offKind('$500', 'incidentSentence', 'en')).toBeNull();
    expect(offKind('5 ans', 'waiverDetails', 'fr')).toBeNull();
    expect(offKind('2 semaines', 'prognosis', 'fr')).toBeNull();
    expect(offKind('1, 3', 'documents', 'en')).toBeNull();
    expect(offKind('716 555 0142', 'contactPhone', 'en')).toBeNull();
    expect(offKind('le 20 décembre', 'neededBy', 'fr')).toBeNull();
    expect(offKind('9', 'bestTime', 'en')).toBeNull();
  });

  it('leaves yes/no questions to their own reading ("ok" to "can we go on?" is yes)', () => {
    expect(offKind('ok', 'canContinue', 'en')).toBeNull();
    expect(offKind("d'accord", 'consent', 'fr')).toBeNull();
  });
});

describe('shapes read by the readers of the questions that take them', () => {
  const p = (language: 'en' | 'fr' | 'es') => ({ language, now: new Date('2026-11-28T12:00:00Z'), timeZone: 'America/New_York' });
  it.each([
    ['tomorrow', 'en', 'time'],
    ['christmas eve', 'en', 'time'],
    ['dans 2 semaines', 'fr', 'time'],
    ['pasado mañana temprano', 'es', 'time'],
    ['demain matin si possible', 'fr', 'time'],
    ['asap', 'en', 'time'],
    ['ten (10) days', 'en', 'length'],
    ['un mes y medio', 'es', 'length'],
    ['seven one six five five five zero one four two', 'en', 'phone'],
    ['7165550100 ext 12', 'en', 'phone'],
    ['diego punto castillo arroba gmail punto com', 'es', 'email'],
    ['the Philippines', 'en', 'country'],
    ['canadiense y mexicano', 'es', 'country'],
  ] as const)('%s (%s) is %s', (text, lang, kind) => {
    expect(offKindOf(text, lang, p(lang))).toBe(kind);
  });

  it('asks again where a name, a condition or a court is asked, and keeps it where it is taken', () => {
    expect(offKind('tomorrow', 'travelerName', 'en', p('en'))).toBe('time');
    expect(offKind('christmas eve', 'condition', 'en', p('en'))).toBe('time');
    expect(offKind('dans 2 semaines', 'court', 'fr', p('fr'))).toBe('time');
    expect(offKind('Canada', 'otherParties', 'en', p('en'))).toBe('country');
    expect(offKind('Canada', 'whereNow', 'en', p('en'))).toBeNull();
    expect(offKind('demain', 'neededBy', 'fr', p('fr'))).toBeNull();
    expect(offKind('8841/2025', 'caseNumber', 'en', p('en'))).toBeNull();
    expect(offKind('ten (10) days', 'prognosis', 'en', p('en'))).toBeNull();
  });

  it('leaves a month that is a name where a name is asked, and a time said with a verb', () => {
    expect(offKind('June', 'contactName', 'en', p('en'))).toBeNull();
    expect(offKind('she died this morning', 'prognosis', 'en', p('en'))).toBeNull();
  });
});
