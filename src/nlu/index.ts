/**
 * Natural-language understanding for the intake: turns what a family types (SMS or web chat, in
 * English, French or Spanish, one word or a whole story) into the values the conversation
 * records. Pure functions: the time comes in through ParseContext, nothing is read from the
 * clock, the network or the disk (except locales/<lang>/vocab.json, once, when loaded).
 */
export type { ParseContext } from './dates';
export { detectCommand, type CommandOptions } from './commands';
export { detectDanger, saysOnlyCaseIsUrgent } from './danger';
export { isNoise, hasLink } from './noise';
export { languageAsked, languageNamedLoosely, languageNotRefused, languageOfSeveral } from './language-switch';
export { isGreeting } from './greeting';
export { isUnsure, isNone, isConfirm, parseYesNo } from './commands';
export { parseChoice, parseMulti } from './choices';
export { readAbout, readYesNo, readUnsure, type YesNoReading } from './yesno';
export { namedChoice, namedChoices, readChoice, readMulti, type ChoiceReading } from './choice-reading';
export { readIncident } from './incident-said';
export { sentenceSaid } from './outcome-sentence';
export { parseFutureDate, parsePastDate } from './dates';
export { parseDuration } from './duration';
export { afterTheTime, deathDay, funeralDay, neededDayOnly, readTime, saysOnlyAge, timeAlso, type TimeAnswer } from './when-answers';
export { parsePhone } from './phone';
export { parseEmail } from './email';
export { parseCountries, readCitizenship } from './countries';
export { parsePlace, readPlace } from './place';
export { readPort } from './ports';
export { doubtsWhere, readLocation } from './location';
export { parseNames } from './names';
export { detectLanguage } from './language';
export { conditionIn, extractFacts } from './story';
export { unavailableToldWith } from './care-elsewhere';
export { relationToldWithReason } from './relation-told';
export { patientOf, writerOf, wordsAfter } from './kin';
export { fieldsNamed } from './fields';
export { dayToAppear, readAnswer, saysOnlyWhere, type Reading, type ReadContext } from './extract';
export { absenceIn } from './absent';
export { offKind, type OffKind } from './off-kind';
