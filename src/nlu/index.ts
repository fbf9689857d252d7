/**
 * Natural-language understanding for the intake: turns what a family types (SMS or web chat, in
 * English, French or Spanish, one word or a whole story) into the values the conversation
 * records. Pure functions: the time comes in through ParseContext, nothing is read from the
 * clock, the network or the disk (except locales/<lang>/vocab.json, once, when loaded).
 */
export type { ParseContext } from './dates';
export { detectCommand } from './commands';
export { isUnsure, isNone, isConfirm, parseYesNo } from './commands';
export { parseChoice, parseMulti } from './choices';
export { parseFutureDate, parsePastDate } from './dates';
export { parseDuration } from './duration';
export { readTime, type TimeAnswer } from './when-answers';
export { parsePhone } from './phone';
export { parseEmail } from './email';
export { parseCountries } from './countries';
export { parsePlace } from './place';
export { parseNames } from './names';
export { detectLanguage } from './language';
export { extractFacts } from './story';
export { patientOf, writerOf, wordsAfter } from './kin';
export { fieldsNamed } from './fields';
