/**
 * Whole-message commands (STOP, HELP, BACK…, a language name) and the short answers every
 * question shares: yes/no, "not sure", "none", and "send it" at review.
 */
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { asksForPerson, type PersonOptions } from './human';
import { languageAsked } from './language-switch';
import { PhraseIndex, asText, digitsValue, keyOf, punctuationAfter, stripEnds, tokenize, words, type Token } from './normalize';
import { langOrder, perLang, type CommandName } from './vocab';

export type Command = { command: CommandName } | { command: 'language'; language: Lang };

/** STOP first: an opt-out must win over anything else it could be read as (carrier rules). */
const COMMAND_ORDER: readonly CommandName[] = ['stop', 'start', 'human', 'docs', 'help', 'back', 'restart'];

const index = <T>(entries: Iterable<readonly [string, T]>) => new PhraseIndex<T>(entries);
const flag = (phrases: readonly string[]) => index(phrases.map((p) => [p, true] as const));

const fillers = perLang((v) => flag(v.filler));
const commandIndex = perLang((v) => index(COMMAND_ORDER.flatMap((c) => v.commands[c].map((p) => [p, c] as const))));
const languageIndex = perLang((v) => index(LANGUAGES.flatMap((l) => v.languageNames[l].map((p) => [p, l] as const))));
const unsureIndex = perLang((v) => flag(v.unsure));
const noneIndex = perLang((v) => flag(v.none));
const confirmIndex = perLang((v) => flag(v.confirm));
const yesNoIndex = perLang((v) => index([...v.yes.map((p) => [p, 'yes'] as const), ...v.no.map((p) => [p, 'no'] as const)]));
const ambiguousShort = perLang((v) => new Set(v.ambiguousShort.map(keyOf)));
const connectors = perLang((v) => flag([...v.and, ...v.or]));

/**
 * The keys a short message can be compared by: as typed, and without politeness or greetings
 * at either end ("STOP please", "hola, español").
 */
function messageKeys(text: string, lang: Lang | null): string[] {
  const w = words(text);
  const keys = new Set<string>([keyOf(text)]);
  for (const l of lang ? langOrder(lang) : LANGUAGES) {
    const stripped = stripEnds(w, fillers(l));
    if (stripped.length > 0) keys.add(stripped.join(' '));
  }
  return [...keys];
}

const stopWithin = perLang((v) => flag(v.stopWithin));
/** Longer than this, a message is a story that may mention what a command says. */
const SENTENCE_COMMAND_WORDS = 12;
/** No message of that many words is longer than this. */
const SENTENCE_COMMAND_CHARS = 400;

/**
 * Opting out in a sentence: "stop texting me", "dejen de escribirme", "ne m'écrivez plus", or the
 * carriers' word shouted as the last clause of a short message ("ya no quiero contestar esto. STOP").
 */
function asksToStop(text: string): boolean {
  if (asText(text).length > SENTENCE_COMMAND_CHARS) return false;
  const w = words(text);
  if (w.length > SENTENCE_COMMAND_WORDS) return false;
  if (LANGUAGES.some((l) => stopWithin(l).some(w))) return true;
  const clauses = shoutedClauses(asText(text));
  const last = clauses[clauses.length - 1];
  return clauses.length > 1 && !/\p{Ll}/u.test(last) && commandIndex('en').whole(keyOf(last)).includes('stop');
}

/**
 * A command: the whole message (after greetings and politeness) is one, or a short sentence asks
 * to stop, for a person (src/nlu/human.ts) or for another language (src/nlu/language-switch.ts).
 * Opting out comes first (carrier rules).
 */
export interface CommandOptions extends PersonOptions {
  /**
   * The conversation's language, when known. Opting out is then read in it and in English (the
   * carriers' words): another language's word for it is a word of that language ("fin" is a
   * typo of "fine" in English, not "the end").
   */
  lang?: Lang | null;
}

export function detectCommand(text: string, o: CommandOptions = {}): Command | null {
  const keys = messageKeys(text, null);
  const stopIn = (lang: Lang) => !o.lang || lang === o.lang || lang === 'en';
  for (const key of keys) {
    for (const lang of LANGUAGES) {
      const hits = commandIndex(lang).whole(key);
      const command = COMMAND_ORDER.find((c) => hits.includes(c) && (c !== 'stop' || stopIn(lang)));
      if (command) return { command };
    }
  }
  const asked = commandInSentence(text);
  if (asked) return { command: asked };
  if (asksToStop(text)) return { command: 'stop' };
  if (asksForPerson(text, o)) return { command: 'human' };
  for (const key of keys) {
    for (const lang of LANGUAGES) {
      const language = languageIndex(lang).whole(key)[0];
      if (language) return { command: 'language', language };
    }
  }
  const language = languageAsked(text);
  return language ? { command: 'language', language } : null;
}

const commandLeads = perLang((v) => flag(v.commandLeads));
const commandReasons = perLang((v) => flag(v.commandReasons));
/** Commands that a short sentence may ask for: not opting out or a person, which have their own readings. */
const IN_SENTENCE: readonly CommandName[] = ['help', 'back', 'restart'];
/** Longer than this, a message is more than a request to move in the conversation. */
const COMMAND_SENTENCE_WORDS = 8;
/** With why said after it ("ATRAS me equivoqué en la de antes"), a request to move may be this long. */
const COMMAND_WITH_REASON_WORDS = 14;

/**
 * "let me start over", "je veux revenir en arrière", "quiero empezar de nuevo" (a lead and a
 * command), "go back i put the wrong hospital", "recommencer, je me suis trompée de personne" (the
 * command, then why), or "no entiendo, ayuda", "jcomprend pas la question AIDE" (a short message
 * whose last clause is the command): help, back or start over.
 */
function commandInSentence(text: string): CommandName | null {
  const s = asText(text);
  const w = words(s);
  if (w.length < 2 || w.length > COMMAND_WITH_REASON_WORDS || /\d/u.test(s)) return null;
  const commandOf = (tokens: string[], l: Lang) => {
    const hits = commandIndex(l).whole(stripEnds(tokens, fillers(l)).join(' '));
    return IN_SENTENCE.find((c) => hits.includes(c)) ?? null;
  };
  // The command closing a few words ("mejor empiezo otra vez desde el principio"): a phrase of two
  // words or more, so that the words before may only be how it is asked.
  const commandClosing = (tokens: string[], l: Lang) => {
    for (let k = 1; k < tokens.length - 1 && k <= 4; k++) {
      const c = commandOf(tokens.slice(k), l);
      if (c) return c;
    }
    return null;
  };
  for (const l of LANGUAGES) {
    const t = stripEnds(w, fillers(l));
    let i = 0;
    for (let lead = commandLeads(l).at(t, i)[0]; lead && lead.end < t.length; lead = commandLeads(l).at(t, i)[0]) i = lead.end;
    if (i > 0 && w.length <= COMMAND_SENTENCE_WORDS) {
      const c = commandOf(t.slice(i), l);
      if (c) return c;
    }
    // "go back i made a mistake", "regresar me equivoqué", "RETOUR je me suis trompé à la question
    // d'avant": the command, then why (opening with any language's words for a mistake); not "back pain".
    for (let k = t.length - 1; k > i; k--) {
      const why = stripEnds(t.slice(k), fillers(l));
      if (!why.length || !LANGUAGES.some((r) => commandReasons(r).at(why, 0).length > 0)) continue;
      const c = commandOf(t.slice(i, k), l) ?? commandClosing(t.slice(i, k), l);
      if (c) return c;
    }
    if (w.length > COMMAND_SENTENCE_WORDS) continue;
    const clauses = shoutedClauses(s);
    if (clauses.length > 1) {
      const c = commandOf(words(clauses[clauses.length - 1]), l);
      if (c) return c;
    }
  }
  return null;
}

/**
 * A message's clauses, as a command is looked for in them: punctuation ends one, and so does a
 * word in capitals after words in small letters ("jcomprend pas la question AIDE": the shout is a
 * clause of its own).
 */
function shoutedClauses(s: string): string[] {
  return s.split(/[,.;:!?¿¡]+|(?<=\p{Ll}[\p{Ll}'’]*)\s+(?=\p{Lu}{2,}(?:\s+\p{Lu}{2,})*\s*$)/u).filter((x) => words(x).length > 0);
}

/** The message as a whole is one of the phrases, in this language or another. */
function wholeIn(text: string, lang: Lang, build: (l: Lang) => PhraseIndex<boolean>): boolean {
  const keys = messageKeys(text, lang);
  return langOrder(lang).some((l) => keys.some((k) => build(l).whole(k).length > 0));
}

/**
 * "Not sure": the whole message, or a several-word phrase ("no idea", "je ne sais pas") inside a
 * short message with no numbers in it. Single words ("maybe") only count alone, so that
 * "maybe next week" or "not sure, 2009 I think" keep their answer.
 */
export function isUnsure(text: string, lang: Lang): boolean {
  if (wholeIn(text, lang, unsureIndex)) return true;
  const w = words(text);
  if (w.length === 0 || w.length > 8 || w.some((t) => digitsValue(t) !== null)) return false;
  return langOrder(lang).some((l) =>
    unsureIndex(l)
      .all(w)
      .some((m) => m.end - m.start >= 2),
  );
}

/** "No", "none", "nobody", "skip": nothing to give for this question. Whole message only. */
export function isNone(text: string, lang: Lang): boolean {
  return wholeIn(text, lang, noneIndex);
}

/** "OK", "send", "looks good": the summary is accepted. Whole message only. */
export function isConfirm(text: string, lang: Lang): boolean {
  return wholeIn(text, lang, confirmIndex);
}

type YesNo = 'yes' | 'no';

/** What one language reads in the message: a verdict, 'both' (contradiction) or nothing. */
function yesNoIn(text: string, tokens: Token[], keys: string[], lang: Lang): YesNo | 'both' | null {
  const idx = yesNoIndex(lang);
  for (const key of keys) {
    const hits = new Set(idx.whole(key));
    if (hits.size === 1) return [...hits][0];
    if (hits.size > 1) return 'both';
  }
  // A clear yes/no opening a longer message: "yes, he was arrested in 2009".
  const w = tokens.map((t) => t.t);
  let start = 0; // skip a greeting before the answer ("hi, yes he did")
  for (let f = fillers(lang).at(w, 0)[0]; f && f.end < w.length; f = fillers(lang).at(w, start)[0]) start = f.end;
  const head = start < w.length ? idx.at(w, start)[0] : undefined;
  if (!head) return null;
  const phrase = w.slice(head.start, head.end).join(' ');
  // "si" (= if), "y" (= and) only count alone or followed by punctuation ("si, claro").
  if (ambiguousShort(lang).has(phrase) && !punctuationAfter(text, tokens[head.end - 1].end)) return null;
  // "yes and no", "oui / non": both at once.
  let next = head.end;
  while (next < w.length && connectors(lang).at(w, next).length > 0) next = connectors(lang).at(w, next)[0].end;
  const following = next < w.length ? idx.at(w, next)[0] : undefined;
  // "no he has not": "he has" there starts the sentence, it is not a second answer.
  const startsSentence = (m: { start: number; end: number }) =>
    ambiguousShort(lang).has(w.slice(m.start, m.end).join(' ')) && m.end < w.length && !punctuationAfter(text, tokens[m.end - 1].end);
  if (following && following.value !== head.value && !startsSentence(following)) return 'both';
  return head.value;
}

/**
 * Yes or no. The choices are shown numbered "1 Yes, 2 No, 3 Not sure", so "1" and "2" count.
 * Null when the message says neither, both, or is a "not sure" ("no sé" is not a no).
 */
export function parseYesNo(text: string, lang: Lang): YesNo | null {
  if (isUnsure(text, lang)) return null;
  const tokens = tokenize(text);
  const keys = messageKeys(text, lang);
  for (const key of keys) {
    const n = digitsValue(key);
    if (n !== null) return n === 1 ? 'yes' : n === 2 ? 'no' : null;
  }
  const [first, ...others] = langOrder(lang);
  const own = yesNoIn(text, tokens, keys, first);
  if (own === 'both') return null;
  if (own) return own;
  const elsewhere = new Set(others.map((l) => yesNoIn(text, tokens, keys, l)).filter((x) => x !== null));
  return elsewhere.size === 1 && !elsewhere.has('both') ? ([...elsewhere][0] as YesNo) : null;
}
