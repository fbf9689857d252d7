/**
 * Values, not sentences (issue 13, items 7 and 8): what the attorney needs, read out of what the
 * family wrote at a question that wants words. "la parte demandada es Lakeshore Logistics" is
 * ["Lakeshore Logistics"]; "mi nombre es Ana Pérez" is "Ana Pérez"; "it's at the superior court
 * in Montreal" is "superior court in Montreal"; "umm its leukemia" is "leukemia"; "no lo tengo"
 * is none, never a case number. What else the message says is kept as details for the attorney,
 * and the whole message stays in the transcript.
 *
 * Grammar, not examples: the words around a value come from locales/<lang>/vocab.json (`values`:
 * fillers, introducers and copulas, titles, determiners, prepositions of place, family words,
 * words for people described rather than named, words of lacking, of doubt…), the clauses from
 * punctuation and the words that begin another clause ("but", "pero", "mais"). A message that is
 * no value at all (noise, a question back, a date at a place question, an amount at a case
 * number) is asked again; one that answers another question instead gives that answer too.
 */
import { LANGUAGES, type Answers, type Lang, type Value } from '../../dialogs/context';
import { questionDef, type QuestionId } from '../../dialogs/questions';
import { absenceIn, firstSaying, isNoneWord, isTimeWordNotNone, laterDoubt } from './absent';
import { parseYesNo } from './commands';
import { parseChoice } from './choices';
import {
  type Clause,
  clausesOf,
  hasPhrase,
  languagesOf,
  listIn,
  onlyListed,
  phraseAt,
  restFrom,
  stripLeading,
  stripTrailing,
  trimText,
  withoutFillers,
} from './clauses';
import { readEmail, readPhone } from './contact-values';
import { readCitizenship } from './countries';
import { parsePlace, readPlace as placeIn } from './place';
import { parseFutureDate, parsePastDate, type ParseContext } from './dates';
import { phrases } from './story-people';
import { neededDayOnly, saysOnlyAge, saysOnlyTime } from './when-answers';
import { durationSpans } from './duration';
import { PhraseIndex, asText, digitsValue, spellings, tokenize, words } from './normalize';
import { ageIn, isAmount, isBareNumber, isJustDate, isNoise, isQuestionOrRefusal, onlyBackRef } from './not-values';
import { oneEditApart } from './fuzzy';
import { isVocabularyWord } from './lexicon';
import { parsePhone } from './phone';
import { mentionsIn } from './place';
import { clausesOf as tenseClauses } from './tense-clauses';
import { readLocation } from './location';
import { sentenceSaid } from './outcome-sentence';
import { regionNamed } from './geo';
import { readPort } from './ports';
import { perLang, vocab } from './vocab';
import { readRelation, readRelationship, readRole } from './writer';

/** What a message says at a question: its value, "not sure", "none", or nothing usable (asked again). */
export type Reading =
  | { value: Value; details?: string; also?: Answers }
  | { unsure: true; details?: string; also?: Answers }
  /** `lacking`: said in a sentence ("we don't have one yet"), so it is "not sure" where none is no answer. */
  | { none: true; details?: string; also?: Answers; lacking?: boolean }
  | { reask: true; also?: Answers };

/** What the reading may use: the language, the clock, and the answers given so far. */
export interface ReadContext extends ParseContext {
  answers: Answers;
}

type Reader = (s: string, c: ReadContext, q: QuestionId) => Reading | null;

const NARRATIVE = [
  'condition',
  'prognosis',
  'payer',
  'story',
  'drugsDetails',
  'removalDetails',
  'overstayDetails',
  'misrepresentationDetails',
  'refusalDetails',
  'waiverDetails',
] as const;

const READERS: Partial<Record<QuestionId, Reader>> = {
  role: (s, c) => readRole(s, c.language, c),
  relationship: (s, c) => readRelationship(s, c.language),
  relation: (s, c) => withDeathDate(readRelation(s, c.language, { role: valueOf(c.answers, 'role') }), c),
  travelerName: readName,
  contactName: readName,
  otherParties: readParties,
  provider: readPlace,
  court: readPlace,
  incidentPlace: readPlace,
  caseNumber: readCaseNumber,
  incidentCharge: readCharge,
  incidentSentence: readSentence,
  bestTime: readBestTime,
  contactEmail: (s, c) => readEmail(s, c.language),
  contactPhone: (s, c) => readPhone(s, c.language),
  citizenship: readCitizenshipAnswer,
  ...Object.fromEntries(NARRATIVE.map((q) => [q, readNarrative])),
};

const valueOf = (answers: Answers, q: QuestionId): string | null => {
  const a = answers[q];
  return a && 'value' in a && typeof a.value === 'string' ? a.value : null;
};

const funeralWords = perLang((v) => new PhraseIndex(v.story.funeral.map((p) => [p, true] as const)));

/** "su hermana, murió ayer": at a funeral, the relation's details may say when the person died. */
function withDeathDate(r: Reading | null, c: ReadContext): Reading | null {
  if (!r || !('value' in r) || !r.details || c.answers.deathDate || valueOf(c.answers, 'reason') !== 'funeral') return r;
  const langs = languagesOf(r.details, c.language);
  if (!langs.some((l) => funeralWords(l).some(words(r.details!)))) return r;
  const day = parsePastDate(r.details, c);
  return day ? withAlso(r, { deathDate: { value: day } }) : r;
}

/**
 * The citizenships, with the rest of the message for the attorney ("venezolana, pero el pasaporte
 * está vencido"); "not sure" said first is not sure, whatever country follows ("jsp, il a un
 * passeport canadien je pense"). No country named: the general reading goes on.
 */
function readCitizenshipAnswer(s: string, c: ReadContext): Reading | null {
  const absent = absenceIn(s, c.language, { lacking: false, q: 'citizenship' });
  if (absent?.kind === 'unsure') return absentReading(absent);
  // "ninguna, le quitaron la nacionalidad dominicana": none, said in a word, then why (a word alone,
  // "none" or "skip", is asked again: a citizenship is needed; and not a "no", which may open a
  // correction: "no, es cubano").
  if (absent?.kind === 'none' && absent.bare && absent.details && !parseYesNo(absent.clauses[absent.at].text, c.language)) return absentReading(absent);
  const langs = languagesOf(s, c.language);
  const w = words(s);
  const r = readCitizenship(s, c.language);
  // "stateless", "no tiene nacionalidad, es apátrida": none.
  if (!r.codes && hasPhrase(w, ['stateless'], langs)) return { none: true };
  if (!r.codes) return null;
  // "je pense qu'il est tunisien mais pas sûr", "creo que peruano": a guess, not sure.
  const clauses = clausesOf(s, c.language);
  const hedged = phraseAt(words(withoutFillers(s, langs)), 0, ['hedges'], langs) > 0;
  const doubt = clauses.length > 0 && laterDoubt(clauses, 1, c.language);
  // "jamaican i think", "il est camerounais je crois": the guess said after the country.
  const hedgedAfter = trimText(stripTrailing(s, ['hedges'], langs)) !== trimText(s);
  if (hedged || doubt || hedgedAfter) {
    const cut = /\s(?:but|mais|pero)\s/iu.exec(s);
    return { unsure: true, details: trimText(cut ? s.slice(0, cut.index) : s) };
  }
  return withDetails({ value: r.codes }, r.details);
}

/**
 * The reading of a message at question `q`, or null when this question is not read here (a
 * choice, a date…) or the words give nothing this module can say (the caller goes on as before).
 */
export function readAnswer(text: string, q: QuestionId, c: ReadContext): Reading | null {
  const read = READERS[q];
  if (!read) return null;
  const s = asText(text).trim();
  if (!s) return null;
  // A long message is read by its beginning (a value is in its first lines): the rest is kept whole.
  if (s.length > READ_CHARS) return readLong(s, q, c, read);
  if (isNoise(s, c.language) || isQuestionOrRefusal(s, c.language)) return { reask: true };
  return read(s, c, q);
}

/** Past this many characters only the beginning is read: reading is work on the server's one event loop. */
const READ_CHARS = 1_000;

function readLong(s: string, q: QuestionId, c: ReadContext, read: Reader): Reading | null {
  const cut = s.lastIndexOf(' ', READ_CHARS) > READ_CHARS / 2 ? s.lastIndexOf(' ', READ_CHARS) : READ_CHARS;
  const head = s.slice(0, cut);
  const tail = s.slice(cut);
  if (isNoise(head, c.language)) return { reask: true };
  // The family's own words: all of them, but for "umm" or "so" before.
  if ((NARRATIVE as readonly string[]).includes(q) || q === 'bestTime')
    return { value: stripLeading(head, ['fillers'], languagesOf(head, c.language), true) + tail };
  const r = read(head, c, q);
  if (!r || !('value' in r)) return r;
  return { ...r, details: trimText(`${r.details ?? ''} ${tail}`) };
}

// ---- helpers ------------------------------------------------------------------------------------

const stopwords = perLang((v) => new Set(v.stopwords.flatMap(words)));
const numberWords = perLang((v) => new Set(Object.keys(v.numberWords)));

/** A value cannot begin with a common word ("de Buffalo", "que no quiere…") or a number word ("uno en Nueva York"). */
function beginsOddly(text: string, langs: readonly Lang[]): boolean {
  const first = words(text)[0];
  // A number word typed with a capital is a name ("Trois-Rivières").
  const lower = /^[^\p{L}]*\p{Ll}/u.test(text);
  // Nor one joined to a name by a hyphen ("trois-rivieres", "deux-montagnes").
  const joined = /^[^\p{L}]*\p{L}+-\p{L}/u.test(text);
  return first === undefined || langs.some((l) => stopwords(l).has(first) || (lower && !joined && numberWords(l).has(first)));
}

function withDetails<R extends Reading>(r: R, details: string | null | undefined): R {
  const d = details?.trim();
  return d ? { ...r, details: d } : r;
}

function withAlso<R extends Reading>(r: R, also: Answers): R {
  return Object.keys(also).length ? { ...r, also: { ...(r.also ?? {}), ...also } } : r;
}

/** "not sure" / "none" as a reading. */
function absentReading(a: NonNullable<ReturnType<typeof absenceIn>>): Reading {
  const base: Reading = a.kind === 'unsure' ? { unsure: true } : a.bare ? { none: true } : { none: true, lacking: true };
  return withDetails(base, a.details);
}

const DESCRIBED = ['fillers', 'introducers', 'self', 'determiners', 'theirs', 'mine', 'ours', 'people', 'kin', 'titles'] as const;

// ---- names ----------------------------------------------------------------------------------------

/** Words a name's description is made of ("the", "his", "full name", "the driver", "ella"). */
const DESCRIBING = [...DESCRIBED, 'unknownName', 'pronouns', 'travelerWords', 'naming'] as const;

/**
 * What follows a name's description and its verb: "her full name is Mary Anne Kowalski", "hes
 * called Ahmed Khalil", "le chauffeur s'appelle Kevin Bouchard", "el viajero es Luis Castro", "mi
 * nombre: Fernanda Ochoa", "the company he's suing is Northgate Freight". The description before
 * the verb is short and has no capital but its first letter (a name before the verb, "Ana es mi
 * nombre", is not cut); the last such verb counts. Null when there is none.
 */
function afterNaming(text: string, langs: readonly Lang[]): string | null {
  const tokens = tokenize(text);
  const w = tokens.map((t) => t.t);
  const shouting = !/\p{Ll}/u.test(text);
  for (let i = Math.min(w.length - 2, 8); i >= 0; i--) {
    const end = phraseAt(w, i, ['naming', 'unknownName'], langs);
    if (end <= i || end >= w.length) continue;
    const before = tokens.slice(0, i);
    // Before the verb: a description, not a name ("Raymond Cole is the defendant").
    if (before.some((t, j) => j > 0 && /^\p{Lu}/u.test(text.slice(t.start)))) continue;
    if (shouting && !onlyListed(text.slice(0, tokens[i].start), [...DESCRIBING], langs)) continue;
    return trimText(text.slice(tokens[end].start));
  }
  return null;
}

/** A person's name in a clause ("my name is Ana Pérez" -> "Ana Pérez"), or null when it names none. */
function nameIn(text: string, langs: readonly Lang[]): string | null {
  const named = afterNaming(text, langs);
  return (named && named !== text ? nameOnly(named, langs) : null) ?? nameOnly(text, langs);
}

/** Small words inside a name ("Juan de la Cruz", "van der Berg", "dos Santos"). */
const PARTICLES = new Set([
  'de',
  'del',
  'la',
  'las',
  'los',
  'da',
  'das',
  'do',
  'dos',
  'du',
  'des',
  'le',
  'van',
  'von',
  'der',
  'den',
  'ter',
  'bin',
  'ibn',
  'al',
  'el',
  'y',
  'e',
  'st',
]);

/**
 * A name typed with capitals after words typed without them: "its my husband Kwame Mensah", "soy su
 * hija Josefina Bravo", "his business partner Dave Kim", "me dicen Sam Patel" -> the capitalised
 * words at the end. Only in a message that has both cases (capitals are then the family's own
 * marking of the name); null when the text does not end so.
 */
function capitalisedTail(text: string, maxLead: number): string | null {
  if (!/\p{Lu}/u.test(text) || !/\p{Ll}/u.test(text)) return null;
  const tokens = [...text.matchAll(/\S+/gu)].map((m) => ({ raw: m[0], start: m.index ?? 0 }));
  const cap = (x: string) => /^[^\p{L}]*\p{Lu}/u.test(x);
  let i = tokens.length;
  while (i > 0 && (cap(tokens[i - 1].raw) || (i < tokens.length && PARTICLES.has(tokens[i - 1].raw.toLowerCase())))) i--;
  while (i < tokens.length && !cap(tokens[i].raw)) i++;
  const lead = tokens.slice(0, i);
  if (i >= tokens.length || lead.length === 0 || lead.length > maxLead || lead.some((t, j) => j > 0 && cap(t.raw))) return null;
  return trimText(text.slice(tokens[i].start));
}

function nameOnly(text: string, langs: readonly Lang[]): string | null {
  let t = stripLeading(text, ['fillers', 'introducers', 'self', 'titles'], langs, true);
  t = stripTrailing(t, ['hedges', 'here'], langs);
  const tail = capitalisedTail(t, 6);
  if (tail && words(tail).length <= 5) t = tail;
  if (onlyListed(t, [...DESCRIBED], langs)) return null;
  // "same person", "la même personne": a pointer to a name given before, not one.
  if (onlyBackRef(words(t), langs)) return null;
  if (/\d/u.test(t) || words(t).length > 6 || beginsOddly(t, langs)) return null;
  if (langs.some((l) => isNoneWord(t, l)) || isNoise(t, langs[0])) return null;
  // "urgent", "demain matin si possible", "no han confirmado": words the assistant knows, every
  // one of them, are no one's name (a name has a word of its own: "Rosa Delgado"), unless each is
  // written as a name is ("Jean", "Marie Paz").
  const tokens = tokenize(t);
  const writtenAsName = /\p{Ll}/u.test(t) && tokens.every((k) => /^\p{Lu}\p{Ll}/u.test(k.raw) || PARTICLES.has(k.t));
  if (!writtenAsName && tokens.every((k) => isVocabularyWord(k.t) || PARTICLES.has(k.t))) return null;
  return t;
}

/** Not knowing the name itself ("je connais pas son vrai nom"), said after a nickname. */
function doubtsTheName(clause: Clause, lang: Lang): boolean {
  const langs = languagesOf(clause.text, lang);
  const w = words(clause.text);
  return hasPhrase(w, ['unknownName'], langs) && absenceIn(clause.text, lang, { lacking: false })?.kind === 'unsure';
}

/** "Ti-Loup, c'est son surnom, je connais pas le reste": the name is a nickname, and the rest is not known. */
function nicknameOnly(rest: readonly Clause[], lang: Lang): boolean {
  const named = rest.some((k) => hasPhrase(words(k.text), ['unknownName'], languagesOf(k.text, lang)));
  return named && rest.some((k) => absenceIn(k.text, lang, { lacking: false })?.kind === 'unsure');
}

/** A later clause that says the same name with more of it ("Rosa" … "Rosa Delgado"): that one. */
function fullerName(name: string, later: readonly Clause[], langs: readonly Lang[]): string {
  const n = words(name).join(' ');
  for (const k of later) {
    const more = nameOnly(k.text, langs);
    if (!more || more !== trimText(k.text) || words(more).length <= words(name).length) continue;
    if (words(more).join(' ').startsWith(`${n} `)) return more;
    // "Sam, Samuel Adjei", "Lupe, Guadalupe Ortiz": a first name alone, then a full name alone, capitalised.
    if (words(name).length === 1 && /^\p{Lu}/u.test(more) && /\s\p{Lu}/u.test(more)) return more;
  }
  return name;
}

function readName(s: string, c: ReadContext, q: QuestionId): Reading {
  const lang = c.language;
  const langs = languagesOf(s, lang);
  const also: Answers = {};
  const absent = absenceIn(s, lang, { lacking: false });
  if (absent) return absentReading(absent);
  const phone = parsePhone(s);
  if (phone && q === 'contactName' && !c.answers.contactPhone) also.contactPhone = { value: phone };
  const clauses = clausesOf(s, lang);
  // "ROBICHAUD, Léonce": the family name first, in capitals, then the given names.
  if (clauses.length === 2 && clauses[1].sep === ',' && /^[\p{Lu}'\- ]+$/u.test(clauses[0].text) && /\p{Ll}/u.test(clauses[1].text)) {
    const given = nameIn(clauses[1].text, langs);
    if (given && words(clauses[0].text).length <= 2 && words(given).length <= 3 && /^\p{Lu}/u.test(given)) return withAlso({ value: trimText(s) }, also);
  }
  for (let i = firstSaying(clauses, langs); i < clauses.length; i++) {
    const first = nameIn(clauses[i].text, langs);
    if (!first) continue;
    // "call me Rosa, Rosa Delgado": the same name said again in full is the name.
    const name = fullerName(first, clauses.slice(i + 1), langs);
    if (clauses.slice(i + 1).some((k) => doubtsTheName(k, lang)) || nicknameOnly(clauses.slice(i + 1), lang))
      return withAlso({ unsure: true, details: trimText(s) }, also);
    // What else was said, but a bare "me" or "yo" before the name.
    const others = clauses.filter((k, j) => j !== i && !k.text.includes(name) && !onlyListed(k.text, ['self', 'fillers'], langs));
    const said = clauses[i].text.includes(name) ? clauses[i].text : (clauses.find((k) => k.text.includes(name))?.text ?? clauses[i].text);
    const within = trimText(said.slice(said.indexOf(name) + name.length));
    const details = [...others.map((k) => k.text), within].filter(Boolean).join(' … ');
    const age = q === 'travelerName' ? ageIn(details, lang) : null;
    if (age !== null && !c.answers.isMinor) also.isMinor = { value: age < 18 ? 'yes' : 'no' };
    return withAlso(withDetails({ value: name }, details), also);
  }
  return withAlso({ reask: true }, also);
}

// ---- other parties ----------------------------------------------------------------------------------

const andWords = perLang((v) => v.and);

/** The items of a list of parties: clauses, then "and" / "y" / "et" / "&" between them. */
function partyItems(s: string, lang: Lang): string[] {
  const ands = [...new Set(languagesOf(s, lang).flatMap((l) => andWords(l)))].map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const sep = new RegExp(`\\s+(?:${ands.join('|')})\\s+|\\s*&\\s*`, 'iu');
  return clausesOf(s, lang)
    .flatMap((c) => c.text.split(sep))
    .map(trimText)
    .filter(Boolean);
}

/** A party's name in an item: "his lawyer Diane Wu" -> "Diane Wu"; "the driver" -> null. */
function partyName(item: string, langs: readonly Lang[], cased = false): string | null {
  // A family that types names with capitals: words without any ("her new husband") name nobody.
  if (cased && !/\p{Lu}/u.test(item)) return null;
  // "its against Pinecrest Property Management", "es contra Inmobiliaria Los Pinos": who it is against, named.
  const lead = stripLeading(item, ['fillers', 'introducers'], langs, true);
  const against = stripLeading(lead, ['against'], langs);
  if (against !== lead && /^\P{L}*\p{Lu}/u.test(against)) return partyName(against, langs, cased);
  // "contra él", "but she…": a remark, not a party.
  if (phraseAt(words(item), 0, ['breaks'], langs) > 0) return null;
  const named = afterNaming(item, langs);
  if (named && named !== item) {
    const name = partyName(named, langs);
    if (name) return name;
  }
  let t = stripTrailing(stripLeading(item, [...DESCRIBED], langs, true), ['hedges', 'ofTraveler'], langs);
  const tail = capitalisedTail(t, 6);
  if (tail) {
    // "la esposa de Arturo", "the wife of Dave": someone described by another's name, not named.
    const lead = words(item.slice(0, item.lastIndexOf(tail)));
    if (['de', 'of', 'du', 'del', 'd'].includes(lead[lead.length - 1] ?? '') && hasPhrase(lead, ['kin', 'people'], langs)) return null;
    t = tail;
  }
  if (onlyListed(t, [...DESCRIBED], langs)) return null;
  // "same person", "la même personne": a pointer to a name given before, not one.
  if (onlyBackRef(words(t), langs)) return null;
  if (/\d/u.test(t) || words(t).length > 8 || beginsOddly(t, langs)) return null;
  if (langs.some((l) => isNoneWord(t, l))) return null;
  return t;
}

/** One-word none words of each language ("none", "nobody", "aucun", "ninguno"). */
const noneWords = perLang((v) => new Set(v.none.filter((p) => /^\p{L}+$/u.test(p))));

/** "noen", "nobdy", "niguno": a none word with one slip, in lower case, and nothing else (a name would be capitalised). */
function noneMistyped(s: string, lang: Lang): boolean {
  const t = s.trim();
  if (!/^\p{Ll}{4,}$/u.test(t) || isTimeWordNotNone(t, LANGUAGES)) return false;
  return languagesOf(t, lang).some((l) => [...noneWords(l)].some((n) => n.length >= 4 && oneEditApart(t, n)));
}

/** "LA PAZ MOTORS", "Le Groupe Duval": an article typed as the name is, capital for capital, is the name's own. */
function withOwnArticle(name: string, item: string): string {
  const m = /^\s*(La|Le|Les|Los|Las|El|The|LA|LE|LES|LOS|LAS|EL|THE)\s+/u.exec(item);
  if (!m || !item.slice(m[0].length).startsWith(name) || !/^\p{Lu}/u.test(name)) return name;
  const shouted = m[1] === m[1].toUpperCase() && name === name.toUpperCase();
  return shouted || m[1] !== m[1].toUpperCase() ? `${m[1]} ${name}` : name;
}

function readParties(s: string, c: ReadContext): Reading {
  const lang = c.language;
  const langs = languagesOf(s, lang);
  const absent = absenceIn(s, lang, { lacking: true });
  if (absent) return absentReading(absent);
  if (isJustDate(s, lang)) return { reask: true };
  if (noneMistyped(s, lang)) return { none: true };
  const names: string[] = [];
  const rest: string[] = [];
  // Capitals where the family used both cases mark the names ("his ex wife Maria Santos and her new husband").
  const cased = /\p{Ll}/u.test(s) && partyItems(s, lang).some((item) => /\p{Lu}/u.test(item.replace(/^\P{L}*\p{L}/u, '')));
  for (const item of partyItems(s, lang)) {
    const name = partyName(item, langs, cased);
    if (name) names.push(withOwnArticle(name, item));
    else rest.push(item);
  }
  // "only his ex wife but I don't know her last name": someone, not named, and the family does not know it.
  if (names.length === 0 && laterDoubt(clausesOf(s, lang), 0, lang)) return { unsure: true };
  if (names.length === 0) return { reask: true };
  return withDetails({ value: names }, rest.join(', '));
}

// ---- places: a hospital or doctor, a court, where an incident happened ----------------------------

/** Words a place value may begin with in another language than the conversation's ("en Tijuana" in English). */
const atAnywhere = new PhraseIndex<true>(LANGUAGES.flatMap((l) => [...vocab(l).values.at, ...vocab(l).values.determiners].map((p) => [p, true] as const)));

/** Prepositions and articles of another language before a place, where they are not words of the conversation's. */
function foreignLead(t: string, lang: Lang): string {
  let s = t;
  for (let guard = 0; guard < 3; guard++) {
    const tokens = tokenize(s);
    const w = tokens.map((k) => k.t);
    const m = atAnywhere.at(w, 0).sort((a, b) => b.end - a.end)[0];
    if (!m || m.end >= tokens.length || w.slice(0, m.end).some((x) => stopwords(lang).has(x) || x === 'a')) return s;
    s = trimText(s.slice(tokens[m.end].start));
  }
  return s;
}

/**
 * A clause that goes on naming the place after a comma or in parentheses: "Burlington VT",
 * "comté de Kings", "neurosurgeon", "à Lacolle", "au palais de justice sur Notre-Dame", "(EOIR)".
 * Not one that says something else: a pronoun, an introducer, "but" ("he was visiting his
 * cousin", "c'est pour l'accident de 2024", "por un choque"), a date, or a long one.
 */
function continuesPlace(clause: Clause, langs: readonly Lang[]): boolean {
  if (clause.sep === '(' || clause.sep === ')') return words(clause.text).length <= 6;
  if (clause.sep !== ',') return false;
  const w = words(clause.text);
  // "Hamilton, ON", "Portland, OR": a province or state after the place, though its letters spell a word.
  if (w.length <= 3 && regionNamed(clause.text)) return true;
  const atEnd = phraseAt(w, 0, ['at'], langs);
  if (atEnd > 0 && atEnd < w.length && !beginsOddly(clause.text.slice(tokenize(clause.text)[atEnd].start), langs)) return w.length <= 8;
  if (/\d/u.test(clause.text) || w.length > 4 || beginsOddly(clause.text, langs)) return false;
  return phraseAt(w, 0, ['introducers', 'theirs', 'mine', 'ours', 'breaks', 'fillers'], langs) < 0;
}

/** The courts' and hearings' words (story.court), to tell a court or a hearing date in the words. */
const courtWords = perLang((v) => new PhraseIndex(v.story.court.map((p) => [p, true] as const)));

/**
 * Drop a generic "hospital" before the hospital's name as typed ("l'hôpital Fletcher Allen" ->
 * "Fletcher Allen"); a clinic's or a centre's word is part of its name ("la clinique Mayo").
 */
function withoutFacility(t: string, langs: readonly Lang[]): string {
  const tokens = tokenize(t);
  const end = phraseAt(
    tokens.map((k) => k.t),
    0,
    ['hospitals'],
    langs,
  );
  if (end <= 0 || end >= tokens.length) return t;
  const next = t.slice(tokens[end].start);
  return /^\p{Lu}/u.test(next) && /^\p{Ll}/u.test(t) ? next : t;
}

/** Words that name something: a capital, a number, a hospital's or a court's word. */
function namesSomething(t: string): boolean {
  const w = words(t);
  return /\p{Lu}/u.test(t) || hasPhrase(w, ['facilities', 'courtNames'], [...LANGUAGES]);
}

/**
 * The place a sentence names after its lead ("the hearing is at Onondaga County Family Court",
 * "hes getting treated at Roswell Park", "she will be seen by Dr Okafor at the Mayo Clinic",
 * "tiene que ir a la Corte Superior", "it happened in brampton", "con el doctor Hernandez"): from
 * the first preposition on, when the words before it are a sentence's (a pronoun, a verb, "the
 * surgery is") and name nothing themselves ("superior court in Montreal", "Small claims in
 * Burlington VT" and "Dr. Patel at Strong" are whole).
 */
function afterLead(t: string, langs: readonly Lang[], before = ''): string {
  const tokens = tokenize(t);
  const w = tokens.map((k) => k.t);
  for (let i = 0; i < tokens.length - 1; i++) {
    // "he will see Dr Lee at Mercy Hospital": a doctor named, from the title on.
    const title = i > 0 ? phraseAt(w, i, ['titles'], langs) : -1;
    const titled = title > i && title < tokens.length && phraseAt(w, i, ['kin'], langs) < 0 && /^\p{Lu}/u.test(tokens[title].raw);
    const end = titled ? i : phraseAt(w, i, ['placeLeads'], langs);
    if (end < i || (end === i && !titled) || end >= tokens.length) continue;
    const lead = t.slice(0, tokens[i].start);
    if (i > 0) {
      // The words already dropped count for the lead ("hes getting treated at…").
      const leadWords = [...words(before), ...w.slice(0, i)];
      const sentence = leadWords.some((x) => langs.some((l) => stopwords(l).has(x))) || phraseAt(leadWords, 0, ['introducers'], langs) > 0;
      // A capital after the first word, a number or an institution's word: the lead names something.
      // (A capital counts but for the message's first letter.)
      const capitals = before.trim() ? lead : lead.slice(1);
      if (!sentence || /\d/u.test(lead) || /\p{Lu}/u.test(capitals) || hasPhrase(leadWords, ['facilities', 'courtNames'], [...LANGUAGES])) return t;
    }
    const rest = stripLeading(t.slice(tokens[end].start), ['determiners'], langs);
    // The rest begins with its name ("go to the Albany Family Court" goes on to "Albany…").
    if (rest && !beginsOddly(rest, langs) && !isJustDate(rest, langs[0]) && (beginsNamed(rest, langs) || placeNamed(rest, langs[0]))) return rest;
  }
  return t;
}

/** A value that begins with a name: a capital, a title, a hospital's or a court's word. */
function beginsNamed(t: string, _langs: readonly Lang[]): boolean {
  const tokens = tokenize(t);
  if (!tokens.length) return false;
  if (/^\p{Lu}/u.test(tokens[0].raw) || /^\d/u.test(tokens[0].raw)) return true;
  const w = tokens.map((k) => k.t);
  return phraseAt(w, 0, ['titles', 'facilities', 'courtNames'], [...LANGUAGES]) > 0;
}

/**
 * A first piece that only sets the scene before the place ("the same place, toronto", "aux
 * États-Unis, a Plattsburgh", "it was a long time ago, somewhere in florida"): it, for the
 * details, and the place after it; null when the first piece is part of the place ("Paris, en
 * France", "Erie County Family Court, Buffalo").
 */
function sceneFirst(t: string, langs: readonly Lang[]): { scene: string; place: string } | null {
  const comma = t.indexOf(',');
  if (comma <= 0) return null;
  const head = trimText(t.slice(0, comma));
  const tail = trimText(t.slice(comma + 1));
  if (!tail) return null;
  const p = parsePlace(head, langs[0]);
  const onlyCountry = !!p && !!p.country && !p.city && !p.region;
  if (!onlyCountry && (namesSomething(head) || placeNamed(head, langs[0]))) return null;
  // "johns hopkins, baltimore", "st. jude, memphis": a few words of a name of their own (not all
  // words the assistant knows, as a scene's are: "it was a long time ago") name the place itself.
  const headWords = tokenize(head);
  if (headWords.length <= 4 && headWords.some((k) => /^\p{L}{3,}$/u.test(k.t) && !isVocabularyWord(k.t))) return null;
  const place = stripLeading(tail, ['fillers', 'at', 'determiners'], langs, true);
  if (!place || beginsOddly(place, langs) || !(namesSomething(place) || placeNamed(place, langs[0]))) return null;
  return { scene: head, place };
}

/** A place the geographic data knows, named from the first word ("brampton", "ohio"; not "go to Albany"). */
function placeNamed(t: string, lang: Lang): boolean {
  const r = placeIn(t, lang);
  const p = r.place;
  return !!p && !!(p.city || p.region || p.country) && r.used.some((m) => m.start === 0);
}

/** "en El Paso": the capital article before what is left is the name's own ("en la corte" is not): it, or ''. */
function nameArticle(before: string, after: string): string {
  if (!after || !before.endsWith(after)) return '';
  const head = before.slice(0, before.length - after.length);
  const m = /(?:^|\s)(El|La|Los|Las|Le|Les|L')\s*$/u.exec(head);
  if (!m || head.slice(0, m.index).trim() === '') return '';
  return `${m[1]}${m[1].endsWith("'") ? '' : ' '}`;
}

/** Words before "in 2011" that still say when ("back in 2011", "around 2011", "vers 2011"), as the charge's reading has them. */
const YEAR_LEADS = new Set(['back', 'around', 'like', 'vers', 'durant', 'allá', 'alla', 'por']);

/**
 * A remark that ends a place's clause ("Buffalo NY when he was 22", "probate court in Cleveland
 * for my moms estate", "Sherbrooke en 2012"): where it begins, or -1.
 */
function remarkStart(t: string, langs: readonly Lang[]): number {
  const tokens = tokenize(t);
  const w = tokens.map((k) => k.t);
  for (let i = 1; i < tokens.length; i++) {
    if (phraseAt(w, i, ['placeBreaks'], langs) > i) return tokens[i].start;
    // "in 2012", "en 2012", "back in 2011": a year after the place.
    if (/^(?:19|20)\d\d$/u.test(w[i]) && i === tokens.length - 1) {
      let prep = i >= 2 && phraseAt(w, i - 1, ['placeLeads'], langs) === i ? i - 1 : i;
      if (prep >= 2 && YEAR_LEADS.has(w[prep - 1])) prep--;
      if (prep >= 1) return tokens[prep].start;
    }
  }
  return -1;
}

/** The place value of clauses[from..], merged with the clauses that go on naming it, and where it ends. */
function placeFrom(
  s: string,
  clauses: readonly Clause[],
  from: number,
  langs: readonly Lang[],
): { value: string; next: number; remark?: string; scene?: string } | null {
  let last = from;
  // In a message with capitals, a clause in small letters of more than a word names nothing more ("MD Anderson en Houston, ya la aceptaron").
  const cased = /\p{Lu}/u.test(s) && /\p{Ll}/u.test(s);
  const goesOn = (k: Clause) =>
    continuesPlace(k, langs) &&
    !(
      cased &&
      k.sep === ',' &&
      !/\p{Lu}/u.test(k.text) &&
      words(k.text).length >= 2 &&
      !hasPhrase(words(k.text), ['facilities', 'courtNames'], [...LANGUAGES])
    );
  while (last + 1 < clauses.length && goesOn(clauses[last + 1])) last++;
  let t = s.slice(clauses[from].start, clauses[last].end);
  // "(EOIR" closes where the family closed it.
  if ((t.match(/\(/gu) ?? []).length > (t.match(/\)/gu) ?? []).length && s.charAt(clauses[last].end) === ')') t += ')';
  const whole = t;
  t = stripLeading(t, ['fillers', 'introducers', 'at', 'determiners'], langs, true);
  let article = nameArticle(whole, t);
  let scene: string | undefined;
  let venue: string | undefined;
  // "its at st judes in memphis": after "at" comes the place itself, whatever preposition is inside it.
  const stripped = whole.endsWith(t) ? whole.slice(0, whole.length - t.length) : '';
  const lastStripped = words(stripped).slice(-1);
  const afterAt = lastStripped.length > 0 && phraseAt(lastStripped, 0, ['at'], langs) === 1;
  const led = afterAt ? t : afterLead(t, langs, stripped);
  if (led !== t) {
    article = nameArticle(t, led);
    // What the lead said in a clause of its own ("fue hace mucho, en Honduras") is kept for the attorney.
    const dropped = t.slice(0, t.length - led.length);
    const cut = dropped.lastIndexOf(',');
    if (cut > 0) scene = trimText(dropped.slice(0, cut));
    // "outside a bar in Windsor", "en una fiesta en Laval": the kind of place is kept for the attorney.
    else if (hasPhrase(words(dropped), ['homes'], langs)) venue = trimText(stripTrailing(dropped, ['placeLeads', 'at'], langs));
  }
  t = led;
  const first = sceneFirst(t, langs);
  if (first) {
    article = nameArticle(t, first.place);
    t = first.place;
    scene = 'set';
  }
  // The scene as the family wrote it, up to the comma before the place ("it was a long time ago").
  if (scene) {
    const at = whole.lastIndexOf(t);
    const cut = at > 0 ? whole.lastIndexOf(',', at) : -1;
    scene = cut > 0 ? trimText(whole.slice(0, cut)) : undefined;
  }
  t = foreignLead(t, langs[0]);
  t = stripTrailing(withoutFacility(t, [...LANGUAGES]), ['hedges'], langs);
  let remark: string | undefined;
  const cut = remarkStart(t, langs);
  if (cut > 0) {
    remark = trimText(t.slice(cut));
    t = trimText(t.slice(0, cut)).replace(/[,;:]+$/u, '');
  }
  if (!t || beginsOddly(t, langs) || onlyListed(t, ['at', 'determiners', 'introducers', 'fillers', 'facilities'], langs)) return null;
  // "El Paso, TX", "Los Angeles": a place whose name begins with its article, at the message's start.
  if (!article) {
    const m = /^(?:(?:Los|Las|Les|El|La|Le)\s+|L')/iu.exec(whole.trimStart());
    if (m && whole.trimStart().slice(m[0].length).startsWith(t) && placeNamed(m[0] + t, langs[0])) article = m[0];
  }
  scene ??= venue || undefined;
  return { value: article && whole.includes(article + t) ? article + t : t, next: last + 1, ...(remark ? { remark } : {}), ...(scene ? { scene } : {}) };
}

function readPlace(s: string, c: ReadContext, q: QuestionId): Reading {
  const lang = c.language;
  const langs = languagesOf(s, lang);
  const absent = absenceIn(s, lang, { lacking: q !== 'incidentPlace' });
  if (absent) {
    // "I don't remember the city, it was in Ontario": only an aspect is unknown.
    // "not sure when, it was at the Peace Bridge": what is known follows; "no se cuantas veces, nunca me
    // conto bien": only more doubt follows, so not sure.
    if (absent.kind === 'unsure' && absent.ofAspect && absent.at + 1 < absent.clauses.length && !laterDoubt(absent.clauses, absent.at + 1, lang)) {
      const place = placeFrom(s, absent.clauses, absent.at + 1, langs);
      if (place && !hasPhrase(words(place.value), ['vague'], langs)) return withDetails({ value: place.value }, trimText(absent.clauses[absent.at].text));
    }
    return absentReading(absent);
  }
  // "en 2009", "fue en marzo de 2017", "it was in 2015": when, not where.
  if (isJustDate(s, lang) || isJustDate(stripLeading(s, ['introducers', 'fillers'], langs, true), lang)) return { reask: true };
  const other = elsewhere(s, q, c);
  if (other) return other;
  const clauses = clausesOf(s, lang);
  if (clauses.length === 0) return { reask: true };
  // "i think it was in ottawa", "creo que en Arizona": a guess, kept for the attorney.
  if (phraseAt(words(withoutFillers(s, langs)), 0, ['hedges'], langs) > 0) return { unsure: true, details: trimText(withoutFillers(s, langs)) };
  const at = firstSaying(clauses, langs);
  const place = placeFrom(s, clauses, at, langs);
  if (!place) return { reask: true };
  const details = trimText([place.scene, place.remark, restFrom(s, clauses, place.next)].filter(Boolean).join(', ')) || null;
  const also: Answers = {};
  // "c'etait a Sherbrooke en 2012": where, and the year it happened.
  if (q === 'incidentPlace' && place.remark && !c.answers.incidentDate) {
    const year = /^(?:\p{L}+\s+){0,2}((?:19|20)\d\d)$/u.exec(place.remark)?.[1];
    if (year && Number(year) <= c.now.getUTCFullYear()) also.incidentDate = { value: year };
  }
  const named =
    /\p{Lu}/u.test(place.value) || hasPhrase(words(place.value), ['facilities'], [...LANGUAGES]) || langs.some((l) => courtWords(l).some(words(place.value)));
  // "la cita es el 15 de diciembre, todavía no sé en qué hospital": a date, and no place named.
  if (!named) {
    const day = parseFutureDate(place.value, c);
    if (day) {
      if (!c.answers.neededBy && q !== 'incidentPlace') also.neededBy = { value: day };
      return withAlso(laterDoubt(clauses, place.next, lang) ? { unsure: true, details: trimText(s) } : { reask: true }, also);
    }
    if (laterDoubt(clauses, place.next, lang)) return { unsure: true, details: trimText(s) };
  }
  // "Stanford en Palo Alto o UCSF, no me acuerdo bien": two named, then a doubt: not sure which,
  // both kept for the attorney.
  if (named && (q === 'provider' || q === 'court') && laterDoubt(clauses, place.next, lang) && langs.some((l) => orWords(l).some(words(place.value))))
    return { unsure: true, details: trimText(place.value) };
  // "en su casa", "at his house": a home, but where it is is still to ask.
  if (onlyListed(place.value, ['homes', 'determiners', 'at'], langs)) return { reask: true };
  // "el que está en Miami", "the one in Buffalo": which hospital or court there is still to ask.
  const one = q === 'provider' || q === 'court' ? phraseAt(words(s), 0, ['theOne'], langs) : -1;
  if (
    one > 0 &&
    [place.value, stripLeading(trimText(s.slice(tokenize(s)[one]?.start ?? s.length)), ['at', 'determiners'], langs, true)].some(
      (t) => !!t && placeNamed(t, lang),
    )
  )
    return { reask: true };
  // "celle du centre-ville", "the one by the courthouse square": which one, in words with no name
  // in them (no capital), is still to ask ("the one in Rochester" is asked again above).
  if (one > 0 && !/\p{Lu}/u.test(s.slice(tokenize(s)[one - 1].end))) return { reask: true };
  // "somewhere in Ontario I think": no place to record, the words for the attorney.
  if (hasPhrase(words(place.value), ['vague'], langs)) return { unsure: true, details: trimText(s) };
  if (q === 'court' && details) {
    // The hearing's date, said with the court: the date the traveler must be there.
    for (const k of clauses.slice(place.next)) {
      const day = langs.some((l) => courtWords(l).some(words(k.text))) ? parseFutureDate(k.text, c) : null;
      if (day && !c.answers.neededBy) also.neededBy = { value: day };
    }
    const role = parseChoice(details, lang, 'courtRole', COURT_ROLE_OPTIONS);
    if (role && !c.answers.courtRole) also.courtRole = { value: role };
  }
  if ((q === 'court' || q === 'caseNumber') && details) Object.assign(also, subpoenaIn(details, c));
  return withAlso(withDetails({ value: place.value }, details), also);
}

/**
 * The day an order to appear is for, said with it ("sí, para el 15", "yes and the hearing is
 * Monday", "tiene que estar el 18"); not a day it was received ("she got served on Monday").
 */
export function dayToAppear(text: string, c: ParseContext): string | null {
  const langs = languagesOf(text, c.language);
  const w = words(text);
  const day = parseFutureDate(text, c);
  if (!day) return null;
  const forIt = langs.some((l) => courtWords(l).some(w)) || hasPhrase(w, ['dayFor'], langs) || neededDayOnly(text, c) !== null;
  return forIt ? day : null;
}

/** A subpoena mentioned with the answer ("il a reçu une assignation"): the subpoena question is answered yes. */
function subpoenaIn(text: string, c: ReadContext): Answers {
  const langs = languagesOf(text, c.language);
  return !c.answers.subpoena && hasPhrase(words(text), ['subpoena'], langs) ? { subpoena: { value: 'yes' } } : {};
}

/** The court roles a remark may name (not 'other': any role is another). */
const COURT_ROLE_OPTIONS = (questionDef('courtRole').options ?? []).filter((o) => o !== 'other');

/**
 * The message answers another question of the same topic instead ("témoin" at the court, "DUI"
 * at where it happened, "the charges were dropped" at the charge): asked again, that answer kept.
 */
function elsewhere(s: string, q: QuestionId, c: ReadContext): Reading | null {
  const lang = c.language;
  const langs = languagesOf(s, lang);
  const w = words(s);
  if (q === 'court') {
    // "Bronx Family Court" names the court, not a role ("family").
    const role = w.length <= 3 && !hasPhrase(w, ['courtNames'], langs) ? parseChoice(s, lang, 'courtRole', COURT_ROLE_OPTIONS) : null;
    if (role) return { reask: true, also: { courtRole: { value: role } } };
    const id = caseIdIn(s, langs);
    // "case 2026-CV-0412", "el numero de caso es ...": the number, said where the court is asked.
    const lead = words(stripLeading(s, ['fillers', 'introducers', 'determiners'], langs, true));
    if (id && (phraseAt(w, 0, ['caseWords'], langs) > 0 || phraseAt(lead, 0, ['caseWords'], langs) > 0))
      return { reask: true, also: { caseNumber: { value: id.id } } };
  }
  // "the judge is Judge Morales", "el juez es Ramirez": a judge, not the court.
  if (q === 'court' && hasPhrase(w, ['judges'], langs) && !hasPhrase(w, ['courtNames'], langs)) return { reask: true };
  if (q === 'incidentPlace' && isCharge(s, langs)) {
    // "it was for shoplifting", "por manejar borracho": the charge as its own question reads it.
    const charge = headValue(s, lang, ['fillers', 'charged', 'introducers'])?.value;
    return { reask: true, also: { incidentCharge: { value: charge || trimText(s) } } };
  }
  if (q === 'incidentCharge' && !isCharge(s, langs)) {
    if (/\d/u.test(s) && hasPhrase(w, ['penalties'], langs))
      return { reask: true, also: { incidentSentence: { value: sentenceSaid(s, lang) ?? trimText(s) } } };
    // "the judge gave him probation", "il a eu une amende": a sentence, and no charge named in it.
    if (hasPhrase(w, ['penalties'], langs) && !langs.some((l) => chargeWords(l).some(w))) {
      const sentence = sentenceSaid(s, lang);
      if (sentence) return { reask: true, also: { incidentSentence: { value: sentence } } };
    }
    // Words for the outcome, not a number picked from its list ("6 meses" is no option 6).
    const outcome = /\d/u.test(s) ? null : parseChoice(s, lang, 'incidentOutcome', OUTCOME_OPTIONS);
    if (outcome) return { reask: true, also: { incidentOutcome: { value: outcome } } };
  }
  return null;
}

const OUTCOME_OPTIONS = questionDef('incidentOutcome').options ?? [];
const chargeWords = perLang((v) => new PhraseIndex(v.story.charges.map((p) => [p, true] as const)));

/** A charge named ("DUI", "alcool au volant", "manejar tomado"): the whole message is one. */
function isCharge(s: string, langs: readonly Lang[]): boolean {
  // What leads a charge ("it was for", "c'était pour", "por") is not part of the answer.
  const w = words(stripLeading(withoutFillers(s, langs), ['charged', 'introducers'], langs, true));
  return langs.some((l) =>
    chargeWords(l)
      .all(w)
      .some((m) => m.end - m.start >= w.length - 1),
  );
}

// ---- a court case number ---------------------------------------------------------------------------

/** Words a case number's letters are not ("case", "no", "el", "in"). */
const knownWords = perLang(
  (v) =>
    new Set([...v.values.caseWords, ...v.values.introducers, ...v.values.determiners, ...v.values.at, ...v.stopwords, ...v.values.fillers].flatMap(spellings)),
);

/**
 * The identifiers in a text: runs of pieces holding a digit, with the short codes between or
 * before them ("2025 cv 1187", "fc 2025 778", "F-01234-26", "5:25-cr-112"). `at` is where the
 * first one begins and ends in the text.
 */
function caseIdIn(text: string, langs: readonly Lang[]): { id: string; start: number; end: number; count: number } | null {
  const pieces = [...text.matchAll(/\S+/gu)].map((m) => {
    const raw = m[0];
    const lead = raw.length - raw.replace(/^[#([{"'«]+/u, '').length;
    const core = raw.slice(lead).replace(/[)\]}"'».,;:!?]+$/u, '');
    return { core, start: (m.index ?? 0) + lead, end: (m.index ?? 0) + lead + core.length };
  });
  // Letters of a code: not a word of the message's languages, unless typed in capitals in a message that is not all capitals ("A 212 345 678").
  const shouting = !/\p{Ll}/u.test(text) && (text.match(/\p{L}/gu) ?? []).length > 3;
  const code = (p: { core: string }) =>
    /^[A-Za-z]{1,4}$/u.test(p.core) && (!langs.some((l) => knownWords(l).has(p.core.toLowerCase())) || (!shouting && /^[A-Z]+$/u.test(p.core)));
  const digit = (p: { core: string }) => /\d/u.test(p.core) && /^[\p{L}\p{N}\-:/.]+$/u.test(p.core);
  const runs: Array<{ from: number; to: number }> = [];
  for (let i = 0; i < pieces.length; i++) {
    if (!digit(pieces[i]) && !(code(pieces[i]) && pieces[i + 1] && digit(pieces[i + 1]))) continue;
    let j = i;
    while (j + 1 < pieces.length && (digit(pieces[j + 1]) || (code(pieces[j + 1]) && pieces[j + 2] && digit(pieces[j + 2])))) j++;
    runs.push({ from: i, to: j });
    i = j;
  }
  if (runs.length === 0) return null;
  const first = runs[0];
  return { id: text.slice(pieces[first.from].start, pieces[first.to].end), start: pieces[first.from].start, end: pieces[first.to].end, count: runs.length };
}

/** An immigration file number ("A# 123-456-789", "A-number"), which is not a court's case number. */
const A_NUMBER = /\bA\s*#|\bA[\s-]?number\b/iu;

function readCaseNumber(s: string, c: ReadContext): Reading {
  const lang = c.language;
  const langs = languagesOf(s, lang);
  const absent = absenceIn(s, lang, { lacking: true });
  if (absent && !(absent.kind === 'unsure' && absent.ofAspect)) return withAlso(absentReading(absent), subpoenaIn(s, c));
  if (isAmount(s, lang) || A_NUMBER.test(s) || hasPhrase(words(s), ['notCase'], langs)) return { reask: true };
  // "the hearing is dec 3", "l'audience est le 3 dec": the day of the hearing, not its number (asked again, the day kept).
  const hearing = dayToAppear(s, c);
  const numbered = caseIdIn(s, langs);
  if (hearing && (!numbered || (numbered.id.match(/\d/gu) ?? []).length <= 4))
    return withAlso({ reask: true }, c.answers.neededBy ? {} : { neededBy: { value: hearing } });
  const clauses = clausesOf(s, lang);
  const at = absent ? absent.at + 1 : firstSaying(clauses, langs);
  for (let i = at; i < clauses.length; i++) {
    const id = caseIdIn(clauses[i].text, langs);
    if (!id) continue;
    if (id.count > 1) return { reask: true };
    const clause = clauses[i].text;
    const before = trimText(clause.slice(0, id.start));
    const after = trimText(clause.slice(id.end));
    const said = [
      onlyListed(before, ['caseWords', 'introducers', 'fillers', 'determiners', 'mine', 'theirs'], langs) ? '' : before,
      after,
      restFrom(s, clauses, i + 1),
    ];
    if (absent) said.unshift(trimText(clauses[absent.at].text));
    const details = said.filter(Boolean).join(' … ');
    return withAlso(withDetails({ value: id.id }, details), subpoenaIn(details, c));
  }
  if (absent) return absentReading(absent);
  // A court named where its number was asked: asked again.
  if (langs.some((l) => courtWords(l).some(words(s)))) return { reask: true };
  // No number, in a sentence ("I'll have to ask his lawyer", "lo tiene el abogado"): not at hand.
  return words(s).length >= 3 ? { unsure: true, details: trimText(s) } : { reask: true };
}

// ---- a charge, a sentence ----------------------------------------------------------------------------

/** The value of the first clause that says something (fillers and introducers off), and the rest as details. */
function headValue(s: string, lang: Lang, strip: Parameters<typeof stripLeading>[1]): { value: string; details: string } | null {
  const langs = languagesOf(s, lang);
  const clauses = clausesOf(s, lang);
  if (clauses.length === 0) return null;
  const at = firstSaying(clauses, langs);
  const value = stripTrailing(stripLeading(clauses[at].text, strip, langs, true), ['hedges'], langs);
  if (!value || onlyListed(value, [...strip], langs)) return null;
  return { value, details: restFrom(s, clauses, at + 1) };
}

const drugWords = perLang((v) => new PhraseIndex(v.values.drugs.map((p) => [p, true] as const)));

function readCharge(s: string, c: ReadContext, q: QuestionId): Reading {
  const lang = c.language;
  const langs = languagesOf(s, lang);
  const absent = absenceIn(s, lang, { lacking: false });
  if (absent) return absentReading(absent);
  if (isJustDate(s, lang)) return { reask: true };
  const other = elsewhere(s, q, c);
  if (other) return other;
  const head = headValue(s, lang, ['fillers', 'charged', 'introducers']);
  if (!head) return { reask: true };
  // "assault in 2010": when is another question (asked before); the year goes with the details.
  const year = /[\s,]+(?:back\s+)?(?:(?:in|en|au|durant|around|vers)\s+)?(?:l'an\s+)?(?:19|20)\d\d$/iu.exec(head.value);
  if (year && year.index > 0) {
    head.details = trimText(`${head.value.slice(year.index)} ${head.details}`);
    head.value = trimText(head.value.slice(0, year.index));
  }
  // A drug charge answers the drugs question too.
  const also: Answers = {};
  if (langs.some((l) => drugWords(l).some(words(head.value))) && !c.answers.drugs) also.drugs = { value: 'yes' };
  return withAlso(withDetails({ value: head.value }, head.details), also);
}

function readSentence(s: string, c: ReadContext): Reading {
  const lang = c.language;
  const langs = languagesOf(s, lang);
  const w = words(s);
  const penalty = hasPhrase(w, ['penalties'], langs);
  // "still waiting for court", "el caso sigue abierto": no sentence yet; the case is pending.
  if (!penalty && parseChoice(s, lang, 'incidentOutcome', OUTCOME_OPTIONS) === 'pending') {
    return { reask: true, ...(c.answers.incidentOutcome ? {} : { also: { incidentOutcome: { value: 'pending' } } }) };
  }
  // "i wasnt sentenced", "nunca me condenaron", "jamais condamné": no sentence, the words kept for the
  // attorney (the outcome said before may be wrong); "no sentence, just a fine" names the one there was.
  if (hasPhrase(w, ['unsentenced'], langs) && !hasPhrase(w, ['only'], langs))
    return withDetails({ none: true, lacking: true }, trimText(withoutFillers(s, langs)));
  const absent = absenceIn(s, lang, { lacking: true });
  // "no jail, just probation", "pas de prison, juste une amende": what there was is the sentence.
  if (absent?.kind === 'none' && penalty && hasPhrase(w, ['only'], langs)) return { value: withoutFillers(s, langs) };
  if (absent) return absentReading(absent);
  if (isJustDate(s, lang) || saysOnlyAge(s, c) || saysOnlyTime(s, c)) return { reask: true };
  const clauses = clausesOf(s, lang);
  if (clauses.length === 0) return { reask: true };
  const at = firstSaying(clauses, langs);
  // "a fine, $800": an amount goes on the sentence; so does a length alone ("conditional sentence, 18 months").
  const lengthOnly = (t: string) => {
    const w = words(t);
    return langs.some((l) => durationSpans(w, l).some((d) => d.start === 0 && d.end === w.length));
  };
  let last = at;
  while (
    last + 1 < clauses.length &&
    (isAmount(clauses[last + 1].text, lang) || lengthOnly(clauses[last + 1].text)) &&
    words(clauses[last + 1].text).length <= 3
  )
    last++;
  const value = stripTrailing(stripLeading(s.slice(clauses[at].start, clauses[last].end), ['fillers', 'introducers'], langs, true), ['hedges'], langs);
  if (!value) return { reask: true };
  return withDetails({ value }, restFrom(s, clauses, last + 1));
}

// ---- the family's own words ----------------------------------------------------------------------------

/** A proper name and nothing else ("Roswell Park", "es en el Roswell Park de Buffalo"): a place, not a story. */
function properNameOnly(s: string, langs: readonly Lang[]): string | null {
  const t = stripLeading(s, ['fillers', 'presentatives', 'introducers', 'at', 'determiners'], langs, true);
  // "l'hôpital Sainte-Justine", "el hospital San José": a facility's word, then its name.
  const named = stripLeading(t, ['facilities', 'at', 'determiners'], langs);
  if (
    named !== t &&
    named &&
    /^\p{Lu}/u.test(named) &&
    named
      .split(/\s+/u)
      .every(
        (x) =>
          /^\p{Lu}/u.test(x) ||
          ['de', 'del', 'of', 'du', 'des', 'la'].includes(x.toLowerCase()) ||
          langs.some((l) => listIn('at', l).whole(x.toLowerCase()).length > 0),
      )
  )
    return trimText(t);
  const raw = t.split(/\s+/u).filter(Boolean);
  if (raw.length < 2 || raw.length > 7 || /^[\p{Lu}\s\p{P}]+$/u.test(t)) return null;
  const capitalized = raw.filter((x) => /^\p{Lu}/u.test(x)).length;
  const linking = raw.filter(
    (x) =>
      /^\p{Ll}/u.test(x) &&
      (langs.some((l) => listIn('at', l).whole(x.toLowerCase()).length > 0) || ['de', 'del', 'of', 'du', 'des', "d'"].includes(x.toLowerCase())),
  );
  return capitalized >= 2 && capitalized + linking.length === raw.length && /^\p{Lu}/u.test(raw[0]) ? trimText(t) : null;
}

/** The details asked after a screening "yes": what happened, when, how many times. */
const SCREENING_DETAILS = new Set<QuestionId>([
  'drugsDetails',
  'removalDetails',
  'overstayDetails',
  'misrepresentationDetails',
  'refusalDetails',
  'waiverDetails',
]);

/** The details of something past, and the screening question whose own words name it. */
const PAST_ASKED: Partial<Record<QuestionId, QuestionId>> = {
  drugsDetails: 'drugs',
  removalDetails: 'priorRemoval',
  overstayDetails: 'overstay',
  misrepresentationDetails: 'misrepresentation',
  refusalDetails: 'refusals',
};
const topicWords = perLang((v) => {
  const m = new Map<string, PhraseIndex<true>>();
  for (const [q, lists] of Object.entries(v.answers.byQuestion))
    m.set(q, new PhraseIndex([...(lists.yes ?? []), ...(lists.unsure ?? [])].map((p) => [p, true] as const)));
  return m;
});

const medicalWords = perLang((v) => new PhraseIndex(v.answers.medicalWords.map((p) => [p, true] as const)));
/** Number words that are also articles ("un permis", "una carta"): no count. */
const ARTICLES = new Set(['a', 'an', 'un', 'une', 'uno', 'una']);

/**
 * Nothing of before: every clause speaks of now (or of the care sought: "c'est pour l'opération
 * de sa fille"), and nothing says when, how many, or what happened (the question's words).
 */
function onlyAboutNow(s: string, c: ReadContext, topic: QuestionId): boolean {
  const langs = languagesOf(s, c.language);
  const { tokens, clauses } = tenseClauses(s, c.now.getUTCFullYear(), langs);
  if (!clauses.length || !clauses.every((k) => k.tense === 'now' || k.tense === null || k.tense === 'toward')) return false;
  const w = tokens.map((t) => t.t);
  const ofCare = langs.some((l) => medicalWords(l).some(w));
  if (!clauses.some((k) => k.tense === 'now') && !ofCare) return false;
  if (w.some((t) => /\d/u.test(t) || (!ARTICLES.has(t) && langs.some((l) => numberWords(l).has(t))))) return false;
  // A substance named is what happened, for drugs ("méthadone prescrite, c'est tout").
  if (topic === 'drugs' && hasPhrase(w, ['drugs'], langs)) return false;
  return !langs.some((l) => topicWords(l).get(topic)?.some(w));
}

/** At the border or held, in words that say it is now ("right now", "en ce moment", "ahorita"). */
function heldOrAtBorderNow(s: string, c: ReadContext): 'at_border' | 'detained' | null {
  const year = c.now.getUTCFullYear();
  for (const k of tenseClauses(s, year, languagesOf(s, c.language)).clauses) {
    if (k.tense !== 'now') continue;
    const where = readLocation(s.slice(k.from, k.to), c.language, year)?.value;
    if (where === 'at_border' || where === 'detained') return where;
  }
  return null;
}

/** Digits enough for a phone number, written as one: "416 555 0188", "(514) 555-0142", "+52 55 1234 5678". */
const PHONE_LIKE = /\+?\(?\d[\d\s().-]{7,}\d/u;
const digitCount = (t: string) => (t.match(/\d/gu) ?? []).length;

/**
 * What answers another question where what happened is asked: a phone number, a relative alone
 * ("his daughter", "su hija"), a person's name alone ("Carlos Mendez"); at a refusal, a name
 * that is a place or a port answers "where", so it is not one of these.
 */
function answersWhoOrHow(s: string, lang: Lang, q: QuestionId): boolean {
  const langs = languagesOf(s, lang);
  const phone = PHONE_LIKE.exec(s)?.[0];
  if (phone && digitCount(phone) >= 9 && words(s).filter((w) => !/\d/u.test(w)).length <= 4) return true;
  const bare = withoutFillers(s, langs);
  // A relative or a person described alone ("his daughter", "AVOCAT", "the officer"): who, not what happened.
  if (onlyListed(bare, ['mine', 'theirs', 'determiners', 'kin', 'self', 'people'], langs)) return true;
  // A name has no digits and is not shouted whole ("EL I-192 ESTA PENDIENTE").
  const name = /\d/u.test(bare) || bare === bare.toUpperCase() ? null : properNameOnly(bare, langs);
  if (!name) return false;
  return q !== 'refusalDetails' || (mentionsIn(bare, lang).mentions.length === 0 && !readPort(bare, lang).port);
}

/** The message names a place and says nothing else ("Toronto", "en Querétaro", "Montreal QC"): no number, no other word. */
function placeOnly(s: string, lang: Lang): boolean {
  const { mentions, tokens } = mentionsIn(s, lang);
  if (!mentions.length) return false;
  const langs = languagesOf(s, lang);
  const small = (t: string) => langs.some((l) => stopwords(l).has(t) || listIn('fillers', l).whole(t).length > 0);
  return tokens.every((t, i) => mentions.some((m) => m.start <= i && i < m.end) || small(t.t));
}

/**
 * Where someone is, and nothing else: "he is in Winnipeg", "il est à Gatineau", "esta en Puebla"
 * (a lead that says who is where, then a place alone). A bare place is not one: whose place it is
 * is not said.
 */
export function saysOnlyWhere(text: string, lang: Lang): boolean {
  const s = asText(text);
  const langs = languagesOf(s, lang);
  const rest = stripLeading(s, ['fillers', 'introducers', 'at'], langs, true);
  return rest !== trimText(s) && placeOnly(rest, lang);
}

/** "or", "o", "ou": two places named as alternatives. */
const orWords = perLang((v) => new PhraseIndex(v.or.map((p) => [p, true] as const)));

/** The questions whose answer is cut at a long remark ("Medicaid, she was born in Buffalo so she's a US citizen"). */
const CUT_AT_REMARK = new Set<QuestionId>(['condition', 'payer']);
/** A remark this long after a comma is something else than the answer. */
const REMARK_WORDS = 5;
/** How far into a sentence a word of why still opens it ("She truly believed…"). */
const REASON_REACH = 4;

function readNarrative(s: string, c: ReadContext, q: QuestionId): Reading | null {
  const lang = c.language;
  const langs = languagesOf(s, lang);
  const absent = absenceIn(s, lang, { lacking: q === 'condition' });
  // "je sais pas trop quoi dire, il s'ennuie de sa famille": a doubt of how to tell it, then the
  // story told all the same: the story, the doubt kept beside it.
  if (q === 'story' && absent?.kind === 'unsure' && absent.at + 1 < absent.clauses.length && !laterDoubt(absent.clauses, absent.at + 1, lang)) {
    const told = restFrom(s, absent.clauses, absent.at + 1);
    // "no se explicar bien, mi hermana es la q sabe todo": what follows sends to someone else; not sure.
    if (hasPhrase(words(told), ['defers'], langs)) return { unsure: true, details: trimText(told) };
    if (words(told).length >= 3) return withDetails({ value: told }, trimText(absent.clauses[absent.at].text));
  }
  // "nobody, we can't afford it" is who pays: nobody.
  if (absent && !(q === 'payer' && absent.kind === 'none')) {
    // "not sure when, it was at the Peace Bridge": what is known follows; "no se cuantas veces, nunca me
    // conto bien": only more doubt follows, so not sure.
    if (absent.kind === 'unsure' && absent.ofAspect && absent.at + 1 < absent.clauses.length && !laterDoubt(absent.clauses, absent.at + 1, lang)) {
      return withDetails({ value: restFrom(s, absent.clauses, absent.at + 1) }, trimText(absent.clauses[absent.at].text));
    }
    return absentReading(absent);
  }
  if (isBareNumber(s)) return { reask: true };
  const w = words(s);
  if ((q === 'story' || q === 'condition' || q === 'payer') && isJustDate(s, lang)) return { reask: true };
  if ((q === 'condition' || q === 'payer') && isAmount(s, lang) && w.length <= 4) return { reask: true };
  if (q !== 'prognosis' && q !== 'payer' && ageIn(s, lang, true) !== null && w.length <= 4) return { reask: true };
  // "hes 84", "il a 80 ans": an age is no prognosis.
  if (q === 'prognosis' && saysOnlyAge(s, c)) return { reask: true };
  // "Toronto" where what happened is asked: where someone lives, not the story of it (asked again).
  // Where it happened is asked at a refusal, so a place alone answers that one.
  if (SCREENING_DETAILS.has(q) && q !== 'refusalDetails' && placeOnly(s, lang)) return { reask: true };
  if (SCREENING_DETAILS.has(q) && answersWhoOrHow(s, lang, q)) return { reask: true };
  // "the surgery is for his daughter", "il a un permis de travail maintenant": said of now, with no
  // time, count or word of what happened, where what happened before is asked (asked again).
  if (PAST_ASKED[q] && onlyAboutNow(s, c, PAST_ASKED[q]!)) return { reask: true };
  // "il est à la frontière en ce moment": where the traveler is now, not what happened then.
  const here = SCREENING_DETAILS.has(q) ? heldOrAtBorderNow(s, c) : null;
  if (here) return { reask: true, also: { location: { value: here } } };
  if (q === 'condition' || q === 'prognosis' || q === 'story') {
    const place = properNameOnly(s, langs);
    if (place) {
      const medical = ['medical', 'ill_relative'].includes(valueOf(c.answers, 'reason') ?? '');
      // "en el hospital Johns Hopkins": the hospital's name, without the generic word before it.
      const provider = withoutFacility(place, [...LANGUAGES]);
      return medical && !c.answers.provider ? { reask: true, also: { provider: { value: provider } } } : { reask: true };
    }
  }
  const clauses = clausesOf(s, lang);
  if (clauses.length === 0) return { reask: true };
  const at = firstSaying(clauses, langs);
  let value = stripLeading(s.slice(clauses[at].start), ['fillers'], langs, true);
  // "the doctors say it's a heart valve problem": what they say is the condition.
  if (q === 'condition') value = stripLeading(stripLeading(value, ['reported'], langs), ['presentatives'], langs);
  if (q === 'prognosis') value = withoutReporter(value, langs);
  value = stripTrailing(value, [], langs);
  let details = '';
  if (CUT_AT_REMARK.has(q)) {
    // "insuffisance rénale, il a besoin d'une greffe": the treatment needed is the condition too, not a remark.
    const needed = (k: Clause) =>
      (q === 'condition' && hasPhrase(words(k.text).slice(0, 4), ['treatmentNeed'], langs)) ||
      // "OHIP pays some, the family pays the rest": who pays the rest is the answer too; "nobody, we don't have the money": nobody, and why.
      (q === 'payer' && (hasPhrase(words(k.text), ['remainder'], langs) || absent?.kind === 'none'));
    const cut = clauses.findIndex(
      (k, i) => i > at && k.sep !== '(' && k.sep !== ')' && !needed(k) && restFrom(s, clauses, i).split(/\s+/u).length >= REMARK_WORDS,
    );
    if (cut > 0) {
      details = restFrom(s, clauses, cut);
      const head = trimText(s.slice(clauses[at].start, clauses[cut - 1].end));
      value = stripLeading(head, ['fillers'], langs, true);
      if (q === 'condition') value = stripLeading(stripLeading(value, ['reported'], langs), ['presentatives'], langs);
    }
  }
  // "un cancer, je sais pas lequel": a doubt after the answer is a remark on it, kept as details.
  if (!details && CUT_AT_REMARK.has(q)) {
    const doubt = clauses.findIndex((k, i) => i > at && laterDoubt([k], 0, lang));
    if (doubt > 0) {
      details = restFrom(s, clauses, doubt);
      value = trimText(stripLeading(s.slice(clauses[at].start, clauses[doubt - 1].end), ['fillers'], langs, true));
      if (q === 'condition') value = stripLeading(stripLeading(value, ['reported'], langs), ['presentatives'], langs);
    }
  }
  // "2019, 9 months. He stayed because his mom was sick": a sentence saying why, after what happened, is kept as details.
  if (!details && SCREENING_DETAILS.has(q)) {
    const why = clauses.findIndex((k, i) => i > at && k.sep === '.' && hasPhrase(words(restFrom(s, clauses, i)).slice(0, REASON_REACH), ['reasons'], langs));
    if (why > 0) {
      details = restFrom(s, clauses, why);
      value = trimText(stripLeading(s.slice(clauses[at].start, clauses[why - 1].end), ['fillers'], langs, true));
    }
  }
  // "il a un papier, je peux vous l'envoyer?": a question back at the end is not part of the answer.
  const last = clauses[clauses.length - 1];
  if (!details && clauses.length - 1 > at && /^\s*\?/u.test(s.slice(last.end))) {
    details = trimText(s.slice(last.start));
    value = trimText(stripLeading(s.slice(clauses[at].start, clauses[clauses.length - 2].end), ['fillers'], langs, true));
  }
  if (!value) return { reask: true };
  return withDetails({ value }, details);
}

// ---- the best time to call ----------------------------------------------------------------------------

function readBestTime(s: string, c: ReadContext): Reading | null {
  const lang = c.language;
  const langs = languagesOf(s, lang);
  const absent = absenceIn(s, lang, { lacking: false });
  if (absent) return absentReading(absent);
  const phone = parsePhone(s);
  if (phone && words(s).filter((t) => digitsValue(t) === null).length === 0) {
    return { reask: true, ...(c.answers.contactPhone ? {} : { also: { contactPhone: { value: phone } } }) };
  }
  // The family's own words for when (politeness off: "le soir svp"); a remark about someone's day
  // after them ("weekends only, i work 6 days", "después de las 7, trabajo todo el día") is kept as details.
  const clauses = clausesOf(s, lang);
  const at = firstSaying(clauses, langs);
  // "Not between 2 and 4, I'm at dialysis with him": a time refused keeps its reason.
  const refused = clauses[at] ? langs.some((l) => negationWords(l).at(words(clauses[at].text), 0).length > 0) : false;
  const remark = refused ? -1 : clauses.findIndex((k, i) => i > at && aboutSomeone(k.text, langs));
  const head = remark > at ? s.slice(clauses[at]?.start ?? 0, clauses[remark - 1].end) : s.slice(clauses[at]?.start ?? 0);
  const value = stripTrailing(stripLeading(head, ['fillers'], langs, true), [], langs);
  if (!value) return { reask: true };
  return remark > at ? withDetails({ value }, restFrom(s, clauses, remark)) : { value };
}

const negationWords = perLang((v) => new PhraseIndex(v.negations.map((p) => [p, true] as const)));

/** A clause about someone (a person's pronoun, or their work): "i work 6 days", "je suis au chevet de mon père". */
function aboutSomeone(text: string, langs: readonly Lang[]): boolean {
  const w = words(text);
  return hasPhrase(w, ['busy'], langs) || (['self', 'third', 'we'] as const).some((k) => phrases(w, langs, k).length > 0);
}

/** The words that tell who says it ("the oncologist at Roswell said", "ils disent que"), within a few words, with nothing said before. */
const REPORTER_WORDS = 6;
const THAT = new Set(['that', 'que', 'qu']);
/** The subject a statement begins with ("it's", "there's", "he", "c'est", "il", "elle"). */
const SUBJECTS = new Set(['it', 'its', 'there', 'theres', 'he', 'she', 'hes', 'shes', 'they', 'c', 'cest', 'ce', 'il', 'elle', 'ils', 'elles', 'ca', 'ça']);
/** Verbs and adjectives that make the words before "said" a statement, not who said it. */
const SAYS_SOMETHING = new Set([
  'is',
  'are',
  'was',
  'were',
  'will',
  'might',
  'may',
  'can',
  'could',
  'has',
  'have',
  'had',
  'make',
  'good',
  'bad',
  'est',
  'sont',
  'était',
  'va',
  'peut',
  'pourrait',
]);

function withoutReporter(value: string, langs: readonly Lang[]): string {
  const tokens = tokenize(value);
  const w = tokens.map((t) => t.t);
  for (let i = 1; i <= Math.min(REPORTER_WORDS, w.length - 2); i++) {
    const end = phraseAt(w, i, ['reporting'], langs);
    if (end <= i) continue;
    // Not "it's bad, they say" (the saying after what is said), nor a number before it.
    // Nor "she might not make it they said": who says it is a few words that say nothing themselves.
    if (/[,;.:!?]/u.test(value.slice(0, tokens[i].start)) || w.slice(0, i).some((t) => /\d/u.test(t) || SAYS_SOMETHING.has(t))) return value;
    if (langs.some((l) => negationWords(l).all(w.slice(0, i)).length > 0)) return value;
    const from = end < w.length && THAT.has(w[end]) ? end + 1 : end;
    // Only before a statement of its own ("its spread", "c'est critique"); "the doctors say weeks, maybe days" is said whole.
    return from < w.length && SUBJECTS.has(w[from]) ? trimText(value.slice(tokens[from].start)) : value;
  }
  return value;
}
