/**
 * Yes / no / not sure as families write them, and what they say beyond the answer kept as its
 * details (src/nlu/yesno.ts). Phrasings are our own, not the corpus's.
 */
import type { Lang } from '../dialogs/context';
import type { QuestionId } from '../dialogs/questions';
import { parseYesNo, readAbout, readIncident, readYesNo } from '../src/nlu';

const NOW = new Date('2026-11-28T12:00:00Z');
const read = (text: string, q: QuestionId, language: Lang = 'en') => readYesNo(text, q, { language, now: NOW });
const verdict = (text: string, q: QuestionId, language: Lang = 'en') => read(text, q, language)?.verdict ?? null;

describe('an answer that says more than the answer', () => {
  it.each([
    ['yes, the clinic in Halifax says they cannot operate on him', 'unavailableAtHome', 'en', 'yes', 'the clinic in Halifax says they cannot operate on him'],
    ['no, because he never left Canada', 'priorRemoval', 'en', 'no', 'because he never left Canada'],
    ['oui mais seulement une fois en 2012', 'criminal', 'fr', 'yes', 'oui mais seulement une fois en 2012'],
    ['sí, lo sacaron por Laredo en 2016', 'priorRemoval', 'es', 'yes', 'lo sacaron por Laredo en 2016'],
    ['Non. Sa grand-mère est à l’hôpital mais elle est stable', 'danger', 'fr', 'no', 'Sa grand-mère est à l’hôpital mais elle est stable'],
    ['not sure, he was in some trouble as a teenager', 'criminal', 'en', 'unsure', 'he was in some trouble as a teenager'],
    ['no sé, nunca me contó nada de eso', 'overstay', 'es', 'unsure', 'nunca me contó nada de eso'],
  ] as [string, QuestionId, Lang, string, string][])('%s', (text, q, lang, expected, details) => {
    expect(read(text, q, lang)).toEqual({ verdict: expected, details });
  });

  it('keeps the whole sentence when the answer word runs into it', () => {
    expect(read('never went near the States', 'priorRemoval')).toEqual({ verdict: 'no', details: 'never went near the States' });
    expect(read('no sé qué significa eso', 'subpoena', 'es')).toEqual({ verdict: 'unsure', details: 'no sé qué significa eso' });
  });

  it('keeps nothing when nothing more is said', () => {
    expect(read('yes', 'drugs')).toEqual({ verdict: 'yes', details: null });
    expect(read('No he has not', 'subpoena')).toEqual({ verdict: 'no', details: null });
    expect(read('si claro q si', 'canContinue', 'es')).toEqual({ verdict: 'yes', details: null });
  });

  it('reads a "not sure" at the end, and keeps what comes before', () => {
    expect(read('I believe he paid a fine, but I am not sure', 'criminal')).toMatchObject({ verdict: 'unsure' });
    expect(read('pagó una multa, no estoy segura', 'criminal', 'es')).toEqual({ verdict: 'unsure', details: 'pagó una multa' });
  });
});

describe('hedges', () => {
  it.each([
    ['I think so', 'en'],
    ["I don't think so, he never mentioned it", 'en'],
    ['not that I know of', 'en'],
    ['je pense que oui', 'fr'],
    ['pas que je sache', 'fr'],
    ['creo que sí, le dieron un papel en la garita', 'es'],
  ] as [string, Lang][])('%s is not sure, the hedge kept whole', (text, lang) => {
    expect(read(text, 'waivers', lang)).toEqual({ verdict: 'unsure', details: text });
  });

  it('"que yo sepa no", "no creo" are a Spanish no, as the Spanish writers label them', () => {
    expect(verdict('que yo sepa no', 'refusals', 'es')).toBe('no');
    expect(read('no creo, siempre ha cruzado sin problema', 'security', 'es')).toEqual({ verdict: 'no', details: 'siempre ha cruzado sin problema' });
  });
});

describe('yes and no as families write them', () => {
  it.each([
    ['yep', 'en', 'yes'],
    ['yesss', 'en', 'yes'],
    ['ya he did', 'en', 'yes'],
    ['of course', 'en', 'yes'],
    ['nope', 'en', 'no'],
    ['nah', 'en', 'no'],
    ['never', 'en', 'no'],
    ['not at all', 'en', 'no'],
    ['NOOO', 'en', 'no'],
    ['ouais', 'fr', 'yes'],
    ['ouiii', 'fr', 'yes'],
    ['pantoute', 'fr', 'no'],
    ['jamais', 'fr', 'no'],
    ['nn', 'fr', 'no'],
    ['claro', 'es', 'yes'],
    ['simón', 'es', 'yes'],
    ['obvio', 'es', 'yes'],
    ['SIII', 'es', 'yes'],
    ['nel', 'es', 'no'],
    ['nunca', 'es', 'no'],
    ['si lo agarraron en la garita', 'es', 'yes'], // "si" opening an answer in Spanish is "sí"
    ['hmm well yes', 'en', 'yes'],
    ['malheureusement oui', 'fr', 'yes'],
    ['pues sí', 'es', 'yes'],
    ['he did, yes', 'en', 'yes'],
    ['Not from Mexico either, no', 'en', 'no'],
  ] as [string, Lang, string][])('%s (%s) -> %s', (text, lang, expected) => {
    expect(verdict(text, 'criminal', lang)).toBe(expected);
  });

  it.each([
    ['yes and no', 'en'],
    ['si no', 'es'],
    ['oui pis non', 'fr'],
    ['nnnnnnnnnnnn', 'en'], // noise, not a stretched "n"
    ['he has a cousin in Ohio', 'en'], // a sentence, not "he has" = yes
    ['il a un avocat', 'fr'],
    ['ya le mandé los papeles', 'es'], // "ya" is "already" in Spanish, not the English "ya"
    ['si je peux', 'fr'],
  ] as [string, Lang][])('%s (%s) is neither', (text, lang) => {
    expect(verdict(text, 'criminal', lang)).toBeNull();
  });

  it('a yes / no of another language counts when the conversation language reads nothing', () => {
    expect(verdict('oui, refusé à Champlain', 'refusals', 'en')).toBe('yes');
    expect(verdict('yes, le dieron una carta', 'refusals', 'es')).toBe('yes');
  });

  it('"ok", "go ahead", "d’accord", "dale" are a yes to going on, not to a fact', () => {
    expect(verdict('ok go ahead', 'consent')).toBe('yes');
    expect(verdict("d'accord", 'consent', 'fr')).toBe('yes');
    expect(verdict('dale pues', 'canContinue', 'es')).toBe('yes');
    expect(verdict('ok', 'criminal')).toBeNull();
  });
});

describe("the question's own words", () => {
  it('a question asked in the negative: "not available" is yes, "they have it" is no', () => {
    expect(verdict('they only do it in Boston', 'unavailableAtHome')).toBeNull();
    expect(verdict('not available in Jamaica', 'unavailableAtHome')).toBe('yes');
    expect(verdict('no hay ese tratamiento allá', 'unavailableAtHome', 'es')).toBe('yes');
    expect(verdict('no, si hay pero la lista es larga', 'unavailableAtHome', 'es')).toBe('no');
    expect(verdict('non, c’est offert à Québec', 'unavailableAtHome', 'fr')).toBe('no');
    expect(verdict('si, no hay', 'unavailableAtHome', 'es')).toBe('yes');
  });

  it('an age answers "under 18?"', () => {
    expect(verdict('she is 15', 'isMinor')).toBe('yes');
    expect(verdict('14', 'isMinor')).toBe('yes');
    expect(verdict('il a 52 ans', 'isMinor', 'fr')).toBe('no');
    expect(verdict('tiene 19', 'isMinor', 'es')).toBe('no');
    expect(verdict('a baby, 5 months', 'isMinor')).toBe('yes');
    expect(verdict('turns 18 next spring', 'isMinor')).toBe('yes');
    expect(verdict('fourteen', 'isMinor')).toBe('yes');
    expect(verdict('dieciséis', 'isMinor', 'es')).toBe('yes');
    expect(verdict('né en 1975', 'isMinor', 'fr')).toBe('no');
    expect(verdict('born in 2012', 'isMinor')).toBe('yes');
    expect(verdict('born 2008', 'isMinor')).toBeNull(); // 17 or 18: the year does not settle it
    expect(verdict('he has 2 kids', 'isMinor')).toBeNull();
    expect(verdict('adulte', 'isMinor', 'fr')).toBe('no');
    expect(verdict('es menor de edad', 'isMinor', 'es')).toBe('yes');
  });

  it('an adult relative travelling with a minor is a yes; one under 18 is a no', () => {
    expect(verdict('her grandfather', 'accompanied')).toBe('yes');
    expect(verdict('con su abuela', 'accompanied', 'es')).toBe('yes');
    expect(verdict('his brother, who is 15', 'accompanied')).toBe('no');
    expect(verdict('son frère de 24 ans', 'accompanied', 'fr')).toBe('yes');
    expect(verdict('all by herself', 'accompanied')).toBe('no');
    expect(verdict('his cousin', 'accompanied')).toBeNull(); // a cousin may be a minor: asked again
  });

  it('how many times is a yes to "has he ever…?", unless the words are about another question', () => {
    expect(verdict('twice', 'priorRemoval')).toBe('yes');
    expect(verdict('3 fois', 'refusals', 'fr')).toBe('yes');
    expect(verdict('dos veces', 'drugs', 'es')).toBe('yes');
    expect(verdict('he was deported once', 'security')).toBeNull();
  });

  it('a negation before the question’s word turns it: "never deported" is no', () => {
    expect(verdict('he was never deported', 'priorRemoval')).toBe('no');
    expect(verdict('nunca lo han deportado', 'priorRemoval', 'es')).toBe('no');
  });

  it('sent back at a crossing is no removal the family can vouch for: not sure alone, no after a no', () => {
    // Turned back at the border may have been a refusal or an expedited removal: the attorney asks.
    expect(verdict('they sent her back at the bridge in 2021', 'priorRemoval')).toBe('unsure');
    expect(verdict('la regresaron en la garita hace 3 años', 'priorRemoval', 'es')).toBe('unsure');
    expect(verdict('renvoyée à la frontière en 2018', 'priorRemoval', 'fr')).toBe('unsure');
    // Said after a no, with "only" or "but": the no stands, what happened kept.
    expect(read('deportada no, solo la regresaron en el puente', 'priorRemoval', 'es')?.verdict).toBe('no');
    expect(read('no pero la regresaron en el aeropuerto una vez', 'priorRemoval', 'es')).toEqual({
      verdict: 'no',
      details: 'no pero la regresaron en el aeropuerto una vez',
    });
    // Sent back to the home country is a removal.
    expect(verdict('they sent him back to Honduras in 2016', 'priorRemoval')).toBe('yes');
  });

  it('what qualifies a disease decides: "TB but cured" is no', () => {
    expect(verdict('had TB as a child, cured since', 'health')).toBe('no');
    expect(verdict('measles right now', 'health')).toBe('yes');
  });

  it('asking back is not an answer', () => {
    expect(verdict('a waiver?', 'waivers')).toBeNull();
    expect(verdict("c'est quoi une assignation?", 'subpoena', 'fr')).toBeNull();
    expect(verdict('he has hepatitis, does that count?', 'health')).toBe('unsure');
  });

  it('"later", "not now", "ahorita no" say they cannot go on now', () => {
    // A doubt before "tonight" is still not now: "can you go on now?" has no "not sure".
    expect(read('maybe tonight, I am at work', 'canContinue')).toMatchObject({ verdict: 'no' });
    expect(read('tonight please, at work now', 'canContinue')).toEqual({ verdict: 'no', details: 'tonight please, at work now' });
    expect(verdict('ahorita no', 'canContinue', 'es')).toBe('no');
    expect(verdict('plus tard', 'canContinue', 'fr')).toBe('no');
  });
});

describe('parseYesNo (the review)', () => {
  it('"no he has not" is a no, not "no" then "he has" = yes', () => {
    expect(parseYesNo('No he has not', 'en')).toBe('no');
    expect(parseYesNo('non il a jamais été arrêté', 'fr')).toBe('no');
  });
});

describe('what words said with another answer say about a question', () => {
  it('by that question’s own phrases only: no bare yes or no, no count, no age', () => {
    expect(readAbout('but they refused him at the Rainbow Bridge', 'refusals', { language: 'en', now: NOW })).toBe('yes');
    expect(readAbout('pero ya le aprobaron el I-212', 'waivers', { language: 'es', now: NOW })).toBe('yes');
    expect(readAbout('yes', 'refusals', { language: 'en', now: NOW })).toBeNull();
    expect(readAbout('twice', 'overstay', { language: 'en', now: NOW })).toBeNull();
    expect(readAbout('elle a 12 ans', 'accompanied', { language: 'fr', now: NOW })).toBeNull();
    expect(readAbout('y viaja sola', 'accompanied', { language: 'es', now: NOW })).toBe('no');
  });
});

describe('an incident told with the yes', () => {
  it('its charge, one year and an outcome, as written', () => {
    expect(readIncident('a shoplifting charge in 2003, dismissed', 'en', 2026)).toEqual({
      incidentCharge: { value: 'shoplifting' },
      incidentDate: { value: '2003' },
      incidentOutcome: { value: 'withdrawn' },
    });
    expect(readIncident('oui, pour fraude en 2012', 'fr', 2026)).toEqual({ incidentCharge: { value: 'fraude' }, incidentDate: { value: '2012' } });
  });

  it('no year from a decade, an age or two years: a decade or an age says the date is not known', () => {
    expect(readIncident('sí, en los 90 por robo', 'es', 2026)).toEqual({ incidentCharge: { value: 'robo' }, incidentDate: { unsure: true } });
    expect(readIncident('oui, pour fraude dans les années 2000', 'fr', 2026)).toEqual({ incidentCharge: { value: 'fraude' }, incidentDate: { unsure: true } });
    expect(readIncident('when he was 19', 'en', 2026)).toEqual({ incidentDate: { unsure: true } });
    expect(readIncident('in 2004 and in 2009', 'en', 2026)).toEqual({});
  });
});

describe('fear of something else than going home', () => {
  it('does not answer "afraid of returning home?": it is asked again', () => {
    expect(verdict('oui, peur de la frontière surtout', 'fearOfReturn', 'fr')).toBeNull();
    expect(verdict('tiene miedo de que lo detengan en el puente', 'fearOfReturn', 'es')).toBeNull();
    expect(verdict('he is afraid of being deported, yes', 'fearOfReturn')).toBeNull();
    expect(verdict('yes, terrified of the gangs back home', 'fearOfReturn')).toBe('yes');
  });
});

describe('declining the notice', () => {
  it.each([
    ["I don't agree", 'en'],
    ["non, j'accepte pas", 'fr'],
    ['nop no acepto', 'es'],
  ] as [string, Lang][])('%s is a no', (text, lang) => {
    expect(verdict(text, 'consent', lang)).toBe('no');
  });
});

describe('a yes or a no someone is reported to have said', () => {
  it('is not the answer', () => {
    expect(verdict('at the bridge they told him no', 'refusals')).not.toBe('no');
    expect(verdict("à l'ambassade ils ont dit non", 'refusals', 'fr')).not.toBe('no');
    expect(verdict('en la garita le dijeron que no', 'refusals', 'es')).not.toBe('no');
    expect(verdict('he was, yes', 'refusals')).toBe('yes');
  });
});

describe('"never" about being told', () => {
  it('is no yes or no: they were never told (not sure, as the corpus labels "idk he never told me")', () => {
    expect(verdict('he never told me about that', 'criminal')).toBe('unsure');
    expect(verdict('il me l’a jamais dit', 'criminal', 'fr')).toBeNull();
    expect(verdict("he's never talked to a border officer", 'misrepresentation')).toBe('no');
    expect(verdict('he never got in trouble', 'criminal')).toBe('no');
  });
});

describe('a yes or a no said another way', () => {
  it.each([
    ['he does', 'unavailableAtHome', 'en', 'yes'],
    ['it is', 'subpoena', 'en', 'yes'],
    ["it isn't", 'subpoena', 'en', 'no'],
    ['en effet', 'criminal', 'fr', 'yes'],
    ['bien sûr que non', 'drugs', 'fr', 'no'],
    ['por supuesto que no', 'overstay', 'es', 'no'],
    ['tampoco', 'refusals', 'es', 'no'],
    ['ándale', 'isMinor', 'es', 'yes'],
  ] as [string, QuestionId, Lang, string][])('%s (%s) is %s', (text, q, lang, expected) => {
    expect(verdict(text, q, lang)).toBe(expected);
  });

  it('a short echo opening a story is not taken alone ("he is in Montréal" to a yes/no question)', () => {
    expect(verdict('he is in Montréal with his mother', 'criminal')).not.toBe('yes');
  });
});

describe('a question back typed without its mark (issue 13, v10)', () => {
  it.each([
    ['wdym by removed', 'priorRemoval', 'en'],
    ['what does deported mean', 'priorRemoval', 'en'],
    ["c'est quoi une interdiction de territoire", 'refusals', 'fr'],
    ['qué significa eso de la migra', 'priorRemoval', 'es'],
  ] as [string, QuestionId, Lang][])('%j (%s): no answer, asked again', (text, q, lang) => {
    expect(verdict(text, q, lang)).toBeNull();
  });

  it('a yes after a question answered stays a yes; at the notice "can you help me" is not refused', () => {
    expect(verdict('do you mean deported? yes once', 'priorRemoval')).toBe('yes');
    expect(verdict('yes he was deported in 2012', 'priorRemoval')).toBe('yes');
  });
});
