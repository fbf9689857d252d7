/**
 * The NLU in English, French and Spanish: commands, short answers, choices, dates, durations,
 * contact details, places, language detection and story facts, plus hostile input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LANGUAGES, type Lang } from '../dialogs/context';
import { QUESTIONS, type QuestionId } from '../dialogs/questions';
import {
  detectCommand,
  detectLanguage,
  extractFacts,
  fieldsNamed,
  isConfirm,
  isNone,
  isUnsure,
  parseChoice,
  parseCountries,
  parseDuration,
  parseEmail,
  parseFutureDate,
  parseMulti,
  parseNames,
  parsePastDate,
  parsePhone,
  parsePlace,
  parseYesNo,
  type ParseContext,
} from '../src/nlu';
import { fold, keyOf, normalize, PhraseIndex, tokenize, words } from '../src/nlu/normalize';
import { stripLeading, stripTrailing } from '../src/nlu/clauses';
import { VocabSchema, vocab } from '../src/nlu/vocab';
import { BIG_STORY, HOSTILE_INPUTS, readEverything } from './support/hostile-text';

const NOW = new Date('2026-11-28T12:00:00Z'); // Saturday, 07:00 in New York
const ctx = (language: Lang, now: Date = NOW): ParseContext => ({ language, now, timeZone: 'America/New_York' });
const options = (q: QuestionId): readonly string[] => (QUESTIONS[q] as { options?: readonly string[] }).options ?? [];
const choice = (text: string, lang: Lang, q: QuestionId, unsureIndex?: number) => parseChoice(text, lang, q, options(q), unsureIndex);

describe('normalize', () => {
  it('folds case, accents and ligatures', () => {
    expect(fold('FRANÇAIS')).toBe('francais');
    expect(fold('Inglés')).toBe('ingles');
    expect(fold('cœur')).toBe('coeur');
    expect(normalize('  ¿Habla   ESPAÑOL?  ')).toBe('habla espanol');
  });

  it('splits words on apostrophes, dots and between digits and letters', () => {
    expect(words("J'ai")).toEqual(['j', 'ai']);
    expect(words('U.S.A.')).toEqual(['u', 's', 'a']);
    expect(words('3months')).toEqual(['3', 'months']);
    expect(words('n°2')).toEqual(['n', '2']);
  });

  it('keeps the original spans of tokens', () => {
    const [t] = tokenize('  Montréal');
    expect(t).toMatchObject({ t: 'montreal', raw: 'Montréal', start: 2, end: 10 });
  });

  it('gives each part of a word typed against a number its own span ("in9" is "in" then "9")', () => {
    expect(tokenize('in9 b')).toMatchObject([
      { t: 'in', raw: 'in', start: 0, end: 2 },
      { t: '9', raw: '9', start: 2, end: 3 },
      { t: 'b', start: 4, end: 5 },
    ]);
    expect(tokenize('le 2ème')).toMatchObject([{ t: 'le' }, { t: '2', start: 3, end: 4 }, { t: 'eme', raw: 'ème', start: 4, end: 7 }]);
  });

  it('cuts a leading or trailing phrase typed against a number off at its own end', () => {
    expect(stripLeading('in9 b', ['at'], ['en'])).toBe('9 b');
    expect(stripLeading('at5 Main St', ['at'], ['en'])).toBe('5 Main St');
    expect(stripTrailing('Buffalo please4', ['fillers'], ['en'])).toBe('Buffalo please4');
    expect(stripTrailing('Buffalo please', ['fillers'], ['en'])).toBe('Buffalo');
  });

  it('matches whole words only', () => {
    const idx = new PhraseIndex([
      ['no', 'no'],
      ['end', 'end'],
    ]);
    expect(idx.some(words('nothing at all'))).toBe(false);
    expect(idx.some(words('see you this weekend'))).toBe(false);
    expect(idx.some(words('no, never'))).toBe(true);
  });

  it('gives word-less messages a key of their own', () => {
    expect(keyOf('?')).toBe('?');
    expect(keyOf(' ?? ')).toBe('?');
    expect(keyOf('Opt-Out!')).toBe('opt out');
  });
});

describe('vocabulary files', () => {
  const raw = (lang: Lang) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'locales', lang, 'vocab.json'), 'utf8')) as Record<string, unknown>;

  it.each(LANGUAGES)('%s is valid and has the same keys as en', (lang) => {
    expect(VocabSchema.safeParse(raw(lang)).success).toBe(true);
    expect(Object.keys(raw(lang)).sort()).toEqual(Object.keys(raw('en')).sort());
  });

  it('has synonyms for every option of every question with options', () => {
    for (const lang of LANGUAGES)
      for (const [q, def] of Object.entries(QUESTIONS) as [string, { options?: readonly string[] }][])
        for (const o of def.options ?? []) expect(vocab(lang).choices[q]?.[o]?.length).toBeGreaterThan(0);
  });

  it('rejects an unknown question, option or country code', () => {
    const en = raw('en') as { choices: Record<string, Record<string, string[]>>; countries: Record<string, string[]> };
    const badQuestion = { ...en, choices: { ...en.choices, nope: { x: ['x'] } } };
    const badOption = { ...en, choices: { ...en.choices, reason: { ...en.choices.reason, vacation: ['holiday'] } } };
    const badCountry = { ...en, countries: { ...en.countries, XX: ['nowhere'] } };
    const missingOption = { ...en, choices: { ...en.choices, port: { peace_bridge: ['peace bridge'] } } };
    for (const bad of [badQuestion, badOption, badCountry, missingOption]) expect(VocabSchema.safeParse(bad).success).toBe(false);
  });

  it('has every CTIA opt-out word in the STOP list of every language', () => {
    const ctia = ['STOP', 'STOPALL', 'QUIT', 'END', 'REVOKE', 'OPT OUT', 'OPTOUT', 'CANCEL', 'UNSUBSCRIBE'];
    for (const lang of LANGUAGES) {
      const stops = vocab(lang).commands.stop.map(keyOf);
      for (const w of ctia) expect(stops).toContain(keyOf(w));
    }
  });

  it('never maps one phrase to two options of the same question', () => {
    for (const lang of LANGUAGES)
      for (const [q, opts] of Object.entries(vocab(lang).choices)) {
        const owner = new Map<string, string>();
        for (const [o, phrases] of Object.entries(opts))
          for (const p of phrases) {
            const k = keyOf(p);
            expect([q, k, owner.get(k) ?? o]).toEqual([q, k, o]);
            owner.set(k, o);
          }
      }
  });
});

describe('detectCommand', () => {
  it.each([
    ['STOP', 'stop'],
    ['stop!', 'stop'],
    ['Stop please', 'stop'],
    ['StopAll', 'stop'],
    ['quit', 'stop'],
    ['END', 'stop'],
    ['revoke', 'stop'],
    ['OPT OUT', 'stop'],
    ['opt-out', 'stop'],
    ['OPTOUT', 'stop'],
    ['cancel', 'stop'],
    ['UNSUBSCRIBE', 'stop'],
    ['Arrêt', 'stop'],
    ['arrete', 'stop'],
    ['désabonner', 'stop'],
    ['parar', 'stop'],
    ['ALTO', 'stop'],
    ['cancelar', 'stop'],
    ['baja', 'stop'],
    ['START', 'start'],
    ['unstop', 'start'],
    ['help', 'help'],
    ['INFO', 'help'],
    ['aide', 'help'],
    ['Ayuda', 'help'],
    ['back', 'back'],
    ['retour', 'back'],
    ['précédent', 'back'],
    ['atrás', 'back'],
    ['volver', 'back'],
    ['restart', 'restart'],
    ['start over', 'restart'],
    ['recommencer', 'restart'],
    ['reiniciar', 'restart'],
    ['empezar de nuevo', 'restart'],
    ['agent', 'human'],
    ['human', 'human'],
    ['a person', 'human'],
    ['Talk to a person', 'human'],
    ['speak to someone', 'human'],
    ['real person', 'human'],
    ['lawyer please', 'human'],
    ['humain', 'human'],
    ['une personne', 'human'],
    ["parler à quelqu'un", 'human'],
    ['parler à un avocat', 'human'],
    ['humano', 'human'],
    ['una persona', 'human'],
    ['hablar con alguien', 'human'],
    ['hablar con un abogado', 'human'],
  ])('%s -> %s', (text, command) => {
    expect(detectCommand(text)).toEqual({ command });
  });

  it.each([
    ['français', 'fr'],
    ['Francais', 'fr'],
    ['FRANÇAIS', 'fr'],
    ['French', 'fr'],
    ['in English please', 'en'],
    ['english?', 'en'],
    ['anglais', 'en'],
    ['inglés', 'en'],
    ['español', 'es'],
    ['ESPANOL', 'es'],
    ['hola, español por favor', 'es'],
    ['en espagnol', 'es'],
  ])('%s switches language to %s', (text, language) => {
    expect(detectCommand(text)).toEqual({ command: 'language', language });
  });

  it.each(['yes', 'YES', 'no', 'weekend', 'I want to stop the process', 'lawyer', 'my lawyer said', 'ok', '', '   '])('%j is not a command', (text) => {
    expect(detectCommand(text)).toBeNull();
  });
});

describe('isUnsure / isNone / isConfirm', () => {
  it.each([
    ['not sure', 'en'],
    ["I don't know", 'en'],
    ['dont know', 'en'],
    ['IDK', 'en'],
    ['no idea', 'en'],
    ['unsure', 'en'],
    ['maybe', 'en'],
    ['?', 'en'],
    ['je ne sais pas', 'fr'],
    ['sais pas', 'fr'],
    ['jsp', 'fr'],
    ['pas sûr', 'fr'],
    ['aucune idée', 'fr'],
    ['no sé', 'es'],
    ['no se', 'es'],
    ['no estoy segura', 'es'],
    ['ni idea', 'es'],
    ['je ne sais pas', 'en'], // another language than the conversation's
  ] as [string, Lang][])('unsure: %s (%s)', (text, lang) => {
    expect(isUnsure(text, lang)).toBe(true);
  });

  it.each([
    ['maybe next week', 'en'],
    ['not sure, 2009 I think', 'en'],
    ['no', 'en'],
    ['yes', 'en'],
    ['nosebleed', 'es'],
  ] as [string, Lang][])('not unsure: %s', (text, lang) => {
    expect(isUnsure(text, lang)).toBe(false);
  });

  it.each([
    ['no', 'en'],
    ['None', 'en'],
    ['nobody', 'en'],
    ['nothing', 'en'],
    ['skip', 'en'],
    ['N/A', 'en'],
    ['aucun', 'fr'],
    ['personne', 'fr'],
    ['passer', 'fr'],
    ['ninguno', 'es'],
    ['nadie', 'es'],
    ['saltar', 'es'],
    ['nadie', 'en'],
  ] as [string, Lang][])('none: %s', (text, lang) => {
    expect(isNone(text, lang)).toBe(true);
  });

  it('none is a whole answer, not a word inside one', () => {
    expect(isNone('nothing happened to him', 'en')).toBe(false);
    expect(isNone('no, my brother Juan', 'es')).toBe(false);
  });

  it.each([
    ['ok', 'en'],
    ['OK!', 'en'],
    ['send', 'en'],
    ['Correct', 'en'],
    ['looks good', 'en'],
    ['envoyer', 'fr'],
    ["c'est bon", 'fr'],
    ['C’est bon', 'fr'],
    ['enviar', 'es'],
    ['está bien', 'es'],
    ['esta bien', 'es'],
    ['envoyer', 'es'],
  ] as [string, Lang][])('confirm: %s', (text, lang) => {
    expect(isConfirm(text, lang)).toBe(true);
  });

  it('a correction is not a confirmation', () => {
    expect(isConfirm('the date is wrong', 'en')).toBe(false);
    expect(isConfirm('ok but the phone is wrong', 'en')).toBe(false);
  });
});

describe('parseYesNo', () => {
  it.each([
    ['yes', 'en', 'yes'],
    ['Yes.', 'en', 'yes'],
    ['y', 'en', 'yes'],
    ['yeah', 'en', 'yes'],
    ['yep', 'en', 'yes'],
    ['1', 'en', 'yes'],
    ['2', 'en', 'no'],
    ['oui', 'fr', 'yes'],
    ['ouais', 'fr', 'yes'],
    ['si', 'es', 'yes'],
    ['sí', 'es', 'yes'],
    ['Claro', 'es', 'yes'],
    ['nope', 'en', 'no'],
    ['no', 'en', 'no'],
    ['NON', 'fr', 'no'],
    ['no', 'es', 'no'],
    ['oui', 'en', 'yes'],
    ['yes, he was arrested in 2009', 'en', 'yes'],
    ['no he was never arrested', 'en', 'no'],
    ['Sí, tiene una condena', 'es', 'yes'],
    ['non, jamais', 'fr', 'no'],
    ['hi, yes', 'en', 'yes'],
    ['yes please', 'en', 'yes'],
  ] as [string, Lang, 'yes' | 'no'][])('%s (%s) -> %s', (text, lang, expected) => {
    expect(parseYesNo(text, lang)).toBe(expected);
  });

  it.each([
    ['3', 'en'],
    ['nothing', 'en'],
    ['not sure', 'en'],
    ['no sé', 'es'],
    ['no idea', 'en'],
    ['yes and no', 'en'],
    ['oui non', 'fr'],
    ['si je peux', 'fr'], // "if I can"
    ['y mi hijo también', 'es'], // "and my son too"
    ['maybe', 'en'],
    ['', 'en'],
  ] as [string, Lang][])('%s (%s) -> null', (text, lang) => {
    expect(parseYesNo(text, lang)).toBeNull();
  });
});

describe('parseChoice', () => {
  it.each(['2', '2.', '#2', 'option 2', 'Option #2', 'number 2', '2nd', 'the second', '2 please'])('%s picks the second option', (text) => {
    expect(choice(text, 'en', 'reason')).toBe('ill_relative');
  });

  it('reads numbers in French and Spanish forms', () => {
    expect(choice('n°2', 'fr', 'reason')).toBe('ill_relative');
    expect(choice('la deuxième', 'fr', 'reason')).toBe('ill_relative');
    expect(choice('opción 3', 'es', 'reason')).toBe('funeral');
    expect(choice('el primero', 'es', 'reason')).toBe('medical');
  });

  it('rejects numbers out of range, and maps the "not sure" line when given', () => {
    expect(choice('7', 'en', 'reason')).toBeNull();
    expect(choice('0', 'en', 'reason')).toBeNull();
    expect(choice('7', 'en', 'reason', 7)).toBe('unsure');
    expect(choice("I don't know", 'en', 'reason', 7)).toBe('unsure');
  });

  it.each([
    ['surgery', 'en', 'reason', 'medical'],
    ['Chirurgie', 'fr', 'reason', 'medical'],
    ['cirugía', 'es', 'reason', 'medical'],
    ['FUNERAL', 'es', 'reason', 'funeral'],
    ['obsèques', 'fr', 'reason', 'funeral'],
    ['a court hearing', 'en', 'reason', 'court'],
    ['1 - medical', 'en', 'reason', 'medical'],
    ['not in the US', 'en', 'location', 'outside_us'],
    ['in the US', 'en', 'location', 'in_us'],
    ['at the border', 'en', 'location', 'at_border'],
    ['à la frontière', 'fr', 'location', 'at_border'],
    ['fuera de estados unidos', 'es', 'location', 'outside_us'],
    ['en estados unidos', 'es', 'location', 'in_us'],
    ['detenido', 'es', 'location', 'detained'],
    ['Français', 'en', 'language', 'fr'],
    ['espanol', 'en', 'language', 'es'],
    ['I am his mother', 'en', 'role', 'family'],
    ['sa mère', 'fr', 'role', 'family'],
    ['abogada', 'es', 'role', 'lawyer'],
    ['my daughter', 'en', 'patient', 'child'],
    ['mon fils', 'fr', 'patient', 'child'],
    ['testigo', 'es', 'courtRole', 'witness'],
    ['victime', 'fr', 'courtRole', 'victim'],
    ['Peace Bridge', 'en', 'port', 'peace_bridge'],
    ['pont arc-en-ciel', 'fr', 'port', 'rainbow_bridge'],
    ['aeropuerto', 'es', 'port', 'buffalo_airport'],
    ['not guilty', 'en', 'incidentOutcome', 'acquitted'],
    ['found guilty', 'en', 'incidentOutcome', 'convicted'],
    ['en attente', 'fr', 'incidentOutcome', 'pending'],
    ['retiraron los cargos', 'es', 'incidentOutcome', 'withdrawn'],
    ['surgery', 'fr', 'reason', 'medical'], // English word in a French conversation
  ] as [string, Lang, QuestionId, string][])('%s (%s, %s) -> %s', (text, lang, q, expected) => {
    expect(choice(text, lang, q)).toBe(expected);
  });

  it('returns null when two options are named, or a number disagrees with the words', () => {
    expect(choice('my mom is sick and needs surgery', 'en', 'reason')).toBeNull();
    expect(choice('2 - medical', 'en', 'reason')).toBeNull();
    expect(choice('1 or 2', 'en', 'reason')).toBeNull();
  });

  it('returns null for unrelated text', () => {
    expect(choice('banana', 'en', 'reason')).toBeNull();
    expect(choice('', 'en', 'reason')).toBeNull();
  });
});

describe('parseMulti', () => {
  const docs = (text: string, lang: Lang = 'en') => parseMulti(text, lang, 'documents', options('documents'));

  it.each([
    ['1 3', ['passport', 'doctor_letter']],
    ['1,3', ['passport', 'doctor_letter']],
    ['3, 1 and 5', ['passport', 'doctor_letter', 'police_check']],
    ['1 & 2', ['passport', 'id']],
    ["passport and doctor's letter", ['passport', 'doctor_letter']],
    ['Passport, police check', ['passport', 'police_check']],
    ['1 and passport', ['passport']],
    ['2 passports', ['passport']],
    ['police check from 2019', ['police_check']],
  ])('%s', (text, expected) => {
    expect(docs(text)).toEqual(expected);
  });

  it('reads French and Spanish lists', () => {
    expect(docs('3 et 1', 'fr')).toEqual(['passport', 'doctor_letter']);
    expect(docs('passeport et lettre du médecin', 'fr')).toEqual(['passport', 'doctor_letter']);
    expect(docs('1 y 2', 'es')).toEqual(['passport', 'id']);
    expect(docs('pasaporte y acta de nacimiento', 'es')).toEqual(['passport', 'relationship_docs']);
  });

  it('returns null when nothing is recognised', () => {
    expect(docs('nothing')).toBeNull();
    expect(docs('42')).toBeNull();
    expect(docs('')).toBeNull();
  });
});

describe('parseFutureDate', () => {
  it.each([
    ['next Tuesday', 'en', '2026-12-01'],
    ['tomorrow', 'en', '2026-11-29'],
    ['in 2 weeks', 'en', '2026-12-12'],
    ['December 5', 'en', '2026-12-05'],
    ['12/05', 'en', '2026-12-05'],
    ['2027-01-15', 'en', '2027-01-15'],
    ['day after tomorrow', 'en', '2026-11-30'],
    ['le 3 mars', 'fr', '2027-03-03'],
    ['demain', 'fr', '2026-11-29'],
    ['5/12', 'fr', '2026-12-05'],
    ['après-demain', 'fr', '2026-11-30'],
    ['en dos semanas', 'es', '2026-12-12'],
    ['el 3 de marzo', 'es', '2027-03-03'],
    ['pasado mañana', 'es', '2026-11-30'],
    ['today', 'en', '2026-11-28'],
    ['hoy mismo', 'es', '2026-11-28'],
    ['next Tuesday', 'fr', '2026-12-01'], // falls back to the other languages' parsers
    ['mañana', 'en', '2026-11-29'],
  ] as [string, Lang, string][])('%s (%s) -> %s', (text, lang, expected) => {
    expect(parseFutureDate(text, ctx(lang))).toBe(expected);
  });

  it('uses the calendar day in the firm time zone, not UTC', () => {
    const lateEvening = new Date('2026-11-28T04:30:00Z'); // 23:30 on Nov 27 in New York
    expect(parseFutureDate('tomorrow', ctx('en', lateEvening))).toBe('2026-11-28');
    expect(parseFutureDate('today', ctx('en', lateEvening))).toBe('2026-11-27');
    expect(parseFutureDate('mañana', ctx('es', lateEvening))).toBe('2026-11-28');
    const justAfterMidnight = new Date('2026-11-28T05:05:00Z'); // 00:05 on Nov 28
    expect(parseFutureDate('tomorrow', ctx('en', justAfterMidnight))).toBe('2026-11-29');
  });

  it('does not depend on the time zone of the machine it runs on', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['Pacific/Auckland', 'America/Los_Angeles', 'UTC']) {
        process.env.TZ = tz;
        expect(parseFutureDate('tomorrow', ctx('en', new Date('2026-11-28T04:30:00Z')))).toBe('2026-11-28');
        expect(parseFutureDate('next Tuesday', ctx('en'))).toBe('2026-12-01');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it.each([
    ['yesterday', 'en'],
    ['March 3, 2020', 'en'],
    ['in 2009', 'en'],
    ['hier', 'fr'],
    ['hace 10 años', 'es'],
    ['ayer', 'es'],
    ['at 3pm', 'en'],
    // no day: as soon as possible, or a week rather than a day (see readTime)
    ['ASAP', 'en'],
    ['now', 'en'],
    ['tout de suite', 'fr'],
    ['URGENTE', 'es'],
    ['la semaine prochaine', 'fr'],
    ['la semana que viene', 'es'],
    ['never', 'en'],
    ['banana', 'en'],
    ['', 'en'],
  ] as [string, Lang][])('%s (%s) -> null (past or not a day)', (text, lang) => {
    expect(parseFutureDate(text, ctx(lang))).toBeNull();
  });

  it('survives an unknown time zone by using UTC', () => {
    expect(parseFutureDate('tomorrow', { language: 'en', now: NOW, timeZone: 'Not/A_Zone' })).toBe('2026-11-29');
  });
});

describe('parsePastDate', () => {
  it.each([
    ['2009', 'en', '2009'],
    ['in 2009', 'en', '2009'],
    ['around 2009', 'en', '2009'],
    ['March 2009', 'en', '2009-03'],
    ['mars 2009', 'fr', '2009-03'],
    ['en mars 2009', 'fr', '2009-03'],
    ['marzo de 2009', 'es', '2009-03'],
    ['03/2009', 'en', '2009-03'],
    ['2009-03', 'en', '2009-03'],
    ['3 March 2009', 'en', '2009-03-03'],
    ['3 mars 2009', 'fr', '2009-03-03'],
    ['3 de marzo de 2009', 'es', '2009-03-03'],
    ['ten years ago', 'en', '2016'],
    ['il y a dix ans', 'fr', '2016'],
    ['hace diez años', 'es', '2016'],
    ['hace 3 meses', 'es', '2026-08'],
    ['yesterday', 'en', '2026-11-27'],
    ['March 3', 'en', '2026-03-03'], // the last March 3, not the next
  ] as [string, Lang, string][])('%s (%s) -> %s', (text, lang, expected) => {
    expect(parsePastDate(text, ctx(lang))).toBe(expected);
  });

  it.each(['2030', 'March 2027', 'next week', '1899', 'I was 19', 'banana', ''])('%j -> null (future or not a date)', (text) => {
    expect(parsePastDate(text, ctx('en'))).toBeNull();
  });

  it('is never later than today in the firm time zone', () => {
    const lateEvening = new Date('2026-11-28T04:30:00Z'); // still Nov 27 in New York
    expect(parsePastDate('today', ctx('en', lateEvening))).toBe('2026-11-27');
    expect(parsePastDate('November 28, 2026', ctx('en', lateEvening))).toBeNull();
  });
});

describe('parseDuration', () => {
  it.each([
    ['3 months', 'en', 90],
    ['trois mois', 'fr', 90],
    ['tres meses', 'es', 90],
    ['2 weeks', 'en', 14],
    ['10 days', 'en', 10],
    ['a year', 'en', 365],
    ['un an', 'fr', 365],
    ['un año', 'es', 365],
    ['six semaines', 'fr', 42],
    ['1 mes', 'es', 30],
    ['una semana', 'es', 7],
    ['about 3 months', 'en', 90],
    ['3-4 weeks', 'en', 28],
    ['3 to 4 weeks', 'en', 28],
    ['3 à 4 semaines', 'fr', 28],
    ['2 o 3 meses', 'es', 90],
    ['between 2 and 3 months', 'en', 90],
    ['2 months and 2 weeks', 'en', 74],
    ['3months', 'en', 90],
    ['THREE MONTHS', 'en', 90],
    ['quince días', 'es', 15],
    ['3 months', 'fr', 90], // English in a French conversation
  ] as [string, Lang, number][])('%s (%s) -> %d days', (text, lang, days) => {
    expect(parseDuration(text, lang)).toBe(days);
  });

  it.each(['3', 'months', 'a few weeks', 'forever', ''])('%j -> null', (text) => {
    expect(parseDuration(text, 'en')).toBeNull();
  });
});

describe('parsePhone', () => {
  it.each([
    ['716-555-0123', '+17165550123'],
    ['(716) 884-1234', '+17168841234'],
    ['416 979 2000', '+14169792000'], // Toronto: +1 too
    ['+1 416 979 2000', '+14169792000'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['my number is 416 555 0199 thanks', '+14165550199'],
  ])('%s -> %s', (text, e164) => {
    expect(parsePhone(text)).toBe(e164);
  });

  it.each(['12345', '2009', 'abc', '', '555-1234'])('%j -> null', (text) => {
    expect(parsePhone(text)).toBeNull();
  });
});

describe('parseEmail', () => {
  it('finds, cleans and lowercases an address', () => {
    expect(parseEmail('Maria.Lopez@Example.com')).toBe('maria.lopez@example.com');
    expect(parseEmail('my email is jo@x.org.')).toBe('jo@x.org');
    expect(parseEmail('<a@b.co>')).toBe('a@b.co');
  });

  it.each(['not an email', 'a@b', '@@', '', '{"$gt": ""}'])('%j -> null', (text) => {
    expect(parseEmail(text)).toBeNull();
  });
});

describe('parseCountries', () => {
  it.each([
    ['Canada', 'en', ['CA']],
    ['canadienne', 'fr', ['CA']],
    ['Canadien', 'fr', ['CA']],
    ['USA', 'en', ['US']],
    ['U.S.', 'en', ['US']],
    ['US', 'en', ['US']],
    ['UK', 'en', ['GB']],
    ['États-Unis', 'fr', ['US']],
    ['Etats-Unis', 'fr', ['US']],
    ['Estados Unidos', 'es', ['US']],
    ['EE.UU.', 'es', ['US']],
    ['Canada and the UK', 'en', ['CA', 'GB']],
    ['Canadian and Mexican', 'en', ['CA', 'MX']],
    ['México y Canadá', 'es', ['MX', 'CA']],
    ['mexicana', 'es', ['MX']],
    ['American', 'en', ['US']],
    ['française', 'fr', ['FR']],
    ['British', 'en', ['GB']],
    ['haïtien', 'fr', ['HT']],
    ['Indian', 'en', ['IN']],
    ['chinois', 'fr', ['CN']],
    ['ucraniana', 'es', ['UA']],
    ['colombiano', 'es', ['CO']],
    ['venezolana', 'es', ['VE']],
    ['Côte d’Ivoire', 'fr', ['CI']],
    ['Corea del Sur', 'es', ['KR']],
    ['canada, CANADA', 'en', ['CA']],
    ['IN CANADA', 'en', ['CA']],
    ['canadienne', 'en', ['CA']], // any language
  ] as [string, Lang, string[]][])('%s (%s) -> %j', (text, lang, codes) => {
    expect(parseCountries(text, lang)).toEqual(codes);
  });

  it.each(['help us', 'nothing', 'no', 'I can go', ''])('%j -> null', (text) => {
    expect(parseCountries(text, 'en')).toBeNull();
  });
});

describe('parsePlace', () => {
  it.each([
    ['Toronto, Canada', 'en', { city: 'Toronto', country: 'CA' }],
    // The province is the region, not part of the city.
    ['Fort Erie, Ontario', 'en', { city: 'Fort Erie', region: 'Ontario', country: 'CA' }],
    ['Fort Erie, ON', 'en', { city: 'Fort Erie', region: 'Ontario', country: 'CA' }],
    ['Canada', 'en', { city: null, country: 'CA' }],
    ['in Toronto, Ontario, Canada', 'en', { city: 'Toronto', region: 'Ontario', country: 'CA' }],
    ['Toronto in Canada', 'en', { city: 'Toronto', country: 'CA' }],
    ['à Montréal, Québec', 'fr', { city: 'Montréal', region: 'Quebec', country: 'CA' }],
    ['Port-au-Prince, Haïti', 'fr', { city: 'Port-au-Prince', country: 'HT' }],
    ['Guadalajara, México', 'es', { city: 'Guadalajara', country: 'MX' }],
    ['Ciudad de México', 'es', { city: 'Ciudad de México', country: 'MX' }],
    ['Mexico City', 'en', { city: 'Mexico City', country: 'MX' }],
    ['Buffalo, NY', 'en', { city: 'Buffalo', region: 'New York', country: 'US' }],
    // Every Springfield of any size is in the U.S.
    ['Springfield', 'en', { city: 'Springfield', country: 'US' }],
  ] as [string, Lang, { city: string | null; country: string | null }][])('%s -> %j', (text, lang, place) => {
    expect(parsePlace(text, lang)).toEqual(place);
  });

  it('returns null when no place is named', () => {
    expect(parsePlace('', 'en')).toBeNull();
    expect(parsePlace('   ', 'en')).toBeNull();
    expect(parsePlace('😀', 'en')).toBeNull();
    expect(parsePlace('somewhere near the bridge', 'en')).toBeNull();
  });
});

describe('parseNames', () => {
  it.each([
    ['Ana, Luis and Marta', 'en', ['Ana', 'Luis', 'Marta']],
    ['Jean et Marie-Ève', 'fr', ['Jean', 'Marie-Ève']],
    ['José y María', 'es', ['José', 'María']],
    ['Ana\nLuis', 'en', ['Ana', 'Luis']],
    ['María José; Pedro', 'es', ['María José', 'Pedro']],
    ['Andy and Yolanda', 'en', ['Andy', 'Yolanda']],
    ['  Sam  ', 'en', ['Sam']],
  ] as [string, Lang, string[]][])('%j -> %j', (text, lang, names) => {
    expect(parseNames(text, lang)).toEqual(names);
  });

  it('returns [] for none and null for nothing', () => {
    expect(parseNames('none', 'en')).toEqual([]);
    expect(parseNames('personne', 'fr')).toEqual([]);
    expect(parseNames('nadie', 'es')).toEqual([]);
    expect(parseNames('', 'en')).toBeNull();
    expect(parseNames(' , ; ', 'en')).toBeNull();
  });
});

describe('detectLanguage', () => {
  it.each([
    ['Hi', 'en'],
    ['Hello, my son needs surgery', 'en'],
    ['Bonjour', 'fr'],
    ['Salut', 'fr'],
    ['Bonjour, mon fils a besoin d’une opération', 'fr'],
    ["j'ai besoin d'aide", 'fr'],
    ['Hola', 'es'],
    ['Hola, mi hijo necesita una cirugía', 'es'],
    ['gracias', 'es'],
  ] as [string, Lang][])('%s -> %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it.each(['ok', '1', 'no', 'STOP', '', '😀'])('%j -> null (unclear)', (text) => {
    expect(detectLanguage(text)).toBeNull();
  });
});

describe('extractFacts', () => {
  it('reads the English story', () => {
    const facts = extractFacts('my son needs heart surgery in Buffalo next week and I have an assault conviction from 2009', ctx('en'));
    expect(facts.answers.reason).toEqual({ value: 'medical' });
    expect(facts.answers.patient).toEqual({ value: 'child' });
    expect(facts.answers.criminal).toEqual({ value: 'yes' });
    // "next week" is no day: the date is asked.
    expect(facts.answers.neededBy).toBeUndefined();
    expect(facts.incidents).toEqual([{ incidentCharge: { value: 'assault' }, incidentDate: { value: '2009' }, incidentOutcome: { value: 'convicted' } }]);
  });

  it('reads the French story', () => {
    const facts = extractFacts(
      "mon fils doit subir une opération du cœur à Buffalo la semaine prochaine et j'ai une condamnation pour voies de fait en 2009",
      ctx('fr'),
    );
    expect(facts.answers).toMatchObject({ reason: { value: 'medical' }, patient: { value: 'child' }, criminal: { value: 'yes' } });
    // "next week" is no day: the date is asked.
    expect(facts.answers.neededBy).toBeUndefined();
    expect(facts.incidents).toEqual([{ incidentCharge: { value: 'voies de fait' }, incidentDate: { value: '2009' }, incidentOutcome: { value: 'convicted' } }]);
  });

  it('reads the Spanish story', () => {
    const facts = extractFacts('mi hijo necesita una cirugía del corazón en Buffalo la próxima semana y tengo una condena por agresión de 2009', ctx('es'));
    expect(facts.answers).toMatchObject({ reason: { value: 'medical' }, patient: { value: 'child' }, criminal: { value: 'yes' } });
    // "next week" is no day: the date is asked.
    expect(facts.answers.neededBy).toBeUndefined();
    expect(facts.incidents).toEqual([{ incidentCharge: { value: 'agresión' }, incidentDate: { value: '2009' }, incidentOutcome: { value: 'convicted' } }]);
  });

  it.each([
    ['hi', 'en'],
    ['yes', 'en'],
    ['Bonjour', 'fr'],
    ['hola', 'es'],
    ['', 'en'],
  ] as [string, Lang][])('%j yields no facts', (text, lang) => {
    expect(extractFacts(text, ctx(lang))).toEqual({ answers: {}, incidents: [] });
  });

  it('reads pending cases, detention and the border', () => {
    expect(extractFacts('I have a DUI from 2012 and the case is pending', ctx('en'))).toEqual({
      answers: { role: { value: 'traveler' }, criminal: { value: 'yes' } },
      incidents: [{ incidentCharge: { value: 'DUI' }, incidentDate: { value: '2012' }, incidentOutcome: { value: 'pending' } }],
    });
    expect(extractFacts('my husband is detained at the border', ctx('en')).answers.location).toEqual({ value: 'detained' });
    expect(extractFacts('mi esposo está detenido en la frontera', ctx('es')).answers.location).toEqual({ value: 'detained' });
    expect(extractFacts('nous sommes à la frontière', ctx('fr')).answers.location).toEqual({ value: 'at_border' });
    expect(extractFacts('my father passed away', ctx('en')).answers.reason).toEqual({ value: 'funeral' });
  });

  it('does not invent: negations, two reasons, past and doubtful dates are left out', () => {
    const never = extractFacts('I have never been arrested, my mother is dying in Toronto', ctx('en'));
    expect(never.answers.criminal).toBeUndefined();
    expect(never.answers.reason).toEqual({ value: 'ill_relative' });
    expect(extractFacts('no tengo antecedentes penales', ctx('es')).answers.criminal).toBeUndefined();
    expect(extractFacts("je n'ai jamais été arrêté", ctx('fr')).answers.criminal).toBeUndefined();
    // dying relative and surgery: which reason is it? Ask.
    expect(extractFacts('my father is dying and my son needs surgery', ctx('en')).answers.reason).toBeUndefined();
    // surgery for someone the words do not place from the traveler: asked, not assumed
    expect(extractFacts('my son needs surgery next week and my wife has to come', ctx('en')).answers.patient).toBeUndefined();
    // "2009" and "10 years ago" are not when they must travel
    expect(extractFacts('I was convicted in 2009', ctx('en')).answers.neededBy).toBeUndefined();
    // words that chrono would read as dates
    for (const text of ['I am at the border now', 'she is 8 years old and needs surgery', 'we will march', 'a la orilla del mar'])
      expect(extractFacts(text, ctx('en')).answers.neededBy).toBeUndefined();
    // a bare "March 3" next to an arrest may be the arrest's date
    expect(extractFacts('I was arrested on March 3', ctx('en')).answers.neededBy).toBeUndefined();
    // but a clear coming day is kept
    expect(extractFacts('my son needs surgery in 2 weeks', ctx('en')).answers.neededBy).toEqual({ value: '2026-12-12' });
  });

  it('does not read French "court" (short) as a court case', () => {
    expect(extractFacts('pour un court séjour', ctx('fr')).answers.reason).toBeUndefined();
  });
});

describe('fieldsNamed', () => {
  it.each([
    ['the date is wrong', 'en', 'neededBy'],
    ['phone', 'en', 'contactPhone'],
    ['wrong email', 'en', 'contactEmail'],
    ['my name', 'en', 'contactName'],
    ['the name', 'en', 'travelerName'],
    ['le téléphone', 'fr', 'contactPhone'],
    ['la date', 'fr', 'neededBy'],
    ['el correo', 'es', 'contactEmail'],
    ['la fecha está mal', 'es', 'neededBy'],
  ] as [string, Lang, QuestionId][])('%s -> %s first', (text, lang, q) => {
    expect(fieldsNamed(text, lang)[0]).toBe(q);
  });

  it('names nothing in unrelated text', () => {
    expect(fieldsNamed('banana', 'en')).toEqual([]);
  });
});

describe('hostile and unusual input', () => {
  // How fast they are read is measured by `npm run bench:nlu`, not here.
  it.each(HOSTILE_INPUTS.map((x) => [typeof x === 'string' ? x.slice(0, 24) : String(x), x]))('%j never throws', (_label, x) => {
    expect(() => readEverything(x as string)).not.toThrow();
  });

  it('reads nothing into a query-injection string', () => {
    const t = '{"$gt": ""}';
    expect(detectCommand(t)).toBeNull();
    expect(parseYesNo(t, 'en')).toBeNull();
    expect(parseFutureDate(t, ctx('en'))).toBeNull();
    expect(extractFacts(t, ctx('en'))).toEqual({ answers: {}, incidents: [] });
  });

  it('still reads a long story', () => {
    const facts = extractFacts(BIG_STORY, ctx('en'));
    expect(facts.answers.reason).toEqual({ value: 'medical' });
    expect(facts.answers.criminal).toEqual({ value: 'yes' });
  });
});
