/**
 * Inputs meant to break the parsers (very long, repetitive, emoji, control characters, not text at
 * all), and one pass of every parser over a text. The NLU test checks that none throws; the
 * bench (`npm run bench:nlu`) times them, since speed is no test's business.
 */
import { QUESTIONS, type QuestionId } from '../../dialogs/questions';
import type { Lang } from '../../dialogs/context';
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
  readLocation,
  readPort,
  type ParseContext,
} from '../../src/nlu';
import { detectDanger, hasLink, isGreeting, isNoise, languageAsked, languageNamedLoosely, languageOfSeveral, saysOnlyCaseIsUrgent } from '../../src/nlu';

export const BIG_STORY = 'my son needs surgery next week and I was convicted of assault in 2009. 😀🙏 '.repeat(80).slice(0, 5000);

export const HOSTILE_INPUTS: unknown[] = [
  '{"$gt": ""}',
  '😀😀😀',
  '🇨🇦',
  BIG_STORY,
  'a'.repeat(5000),
  '1'.repeat(5000),
  '.'.repeat(5000),
  'no '.repeat(1700),
  '\u0000\u202e',
  '',
  { $gt: '' },
  null,
  undefined,
  42,
];

const NOW = new Date('2026-11-28T12:00:00Z');
const ctx = (language: Lang): ParseContext => ({ language, now: NOW, timeZone: 'America/New_York' });
const options = (q: QuestionId): readonly string[] => (QUESTIONS[q] as { options?: readonly string[] }).options ?? [];

/** Every parser, once, over the text. */
export function readEverything(t: string): void {
  detectCommand(t);
  isUnsure(t, 'fr');
  isNone(t, 'es');
  isConfirm(t, 'en');
  parseYesNo(t, 'en');
  parseChoice(t, 'en', 'reason', options('reason'), 7);
  parseMulti(t, 'en', 'documents', options('documents'));
  parseFutureDate(t, ctx('en'));
  parsePastDate(t, ctx('es'));
  parseDuration(t, 'fr');
  parsePhone(t);
  parseEmail(t);
  parseCountries(t, 'en');
  parsePlace(t, 'en');
  readLocation(t, 'fr', 2026);
  readPort(t, 'es');
  parseNames(t, 'en');
  detectLanguage(t);
  extractFacts(t, ctx('en'));
  fieldsNamed(t, 'en');
  detectDanger(t);
  saysOnlyCaseIsUrgent(t);
  isNoise(t);
  hasLink(t);
  languageAsked(t);
  languageOfSeveral(t);
  languageNamedLoosely(t);
  isGreeting(t);
}
