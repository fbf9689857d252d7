/**
 * A message of another kind than the question wants: a thanks or an "ok", a question back, a
 * pointer to an earlier answer, an amount of money, an age, a bare number, a date or a time in
 * words, an email, a phone number, a country, a relative named alone ("my dad" to "what is his
 * condition?"), where someone is ("hes in Guelph") or a place alone ("Guelph, Ontario"). It
 * answers nothing there; the question is asked again and nothing is recorded.
 * Which kinds a question does take (a date for the day needed, a phone number for the phone) is
 * in `takes` below.
 *
 * These are shapes, not phrases: the amount, the age, the date, the number and the contact
 * values are recognised by their structure or by the readers of the questions that take them
 * (the time and stay readers, the contact readers), the relative by the family words of the
 * language, the country by the country names; only the small talk and the questions back come
 * from lists (locales/<lang>/vocab.json).
 */
import type { Lang } from '../../dialogs/context';
import { questionDef, type QuestionId } from '../../dialogs/questions';
import { hasPhrase, languagesOf, phraseAt, withoutFillers } from './clauses';
import { parseEmail } from './email';
import { familyWordAt } from './kin';
import { PhraseIndex, asText, digitsValue, tokenize, words } from './normalize';
import { countryMatches } from './countries';
import type { ParseContext } from './dates';
import { timeAlone } from './when-answers';
import { durationSpans } from './duration';
import { readEmail, readPhone } from './contact-values';
import type { Reading } from './extract';
import { isAmount, isBareNumber, isJustDate, isQuestionOrRefusal, onlyBackRef } from './not-values';
import { parseChoice } from './choices';
import { readPlace } from './place';
import { citiesNamed, prominent } from './geo';
import { isVocabularyWord } from './lexicon';
import { perLang } from './vocab';

export type OffKind =
  | 'chat'
  | 'question'
  | 'backRef'
  | 'amount'
  | 'age'
  | 'length'
  | 'number'
  | 'date'
  | 'time'
  | 'email'
  | 'phone'
  | 'kin'
  | 'country'
  | 'whereabouts'
  | 'kinWhereabouts'
  | 'place';

const WHEREABOUTS_TAKEN: ReadonlySet<QuestionId> = new Set([
  'whereNow',
  'location',
  'incidentPlace',
  'court',
  'provider',
  'port',
  'story',
  'citizenship',
  'patient',
  'role',
]);
const DATE_QUESTIONS: ReadonlySet<QuestionId> = new Set(['neededBy', 'deathDate', 'incidentDate', 'stayLength']);
const DETAILS_QUESTIONS: ReadonlySet<QuestionId> = new Set([
  'drugsDetails',
  'removalDetails',
  'overstayDetails',
  'misrepresentationDetails',
  'refusalDetails',
  'waiverDetails',
]);

/** What a question takes among the kinds that are otherwise no answer. */
function takes(q: QuestionId): ReadonlySet<OffKind> {
  const t = new Set<OffKind>();
  // A relative is the answer to who writes, who pays, who the relative is, who the patient is.
  // ("his stepdaughter" to who writes: the writer is his stepdaughter; "my dad" is left to that reader.)
  if (q === 'role' || q === 'relationship' || q === 'relation' || q === 'payer' || q === 'patient') t.add('kin');
  // "$500 fine": a fine is a sentence.
  if (q === 'incidentSentence') t.add('amount');
  // Case numbers and phone numbers are digits ("2024-0173" looks like a date); "9" may be the hour
  // to call; "1, 3" picks documents by their numbers.
  if (q === 'caseNumber' || q === 'contactPhone' || q === 'bestTime' || q === 'documents') t.add('number');
  if (q === 'caseNumber' || q === 'contactPhone') t.add('phone');
  // A case number may look like a time in words ("8841/2025"); its reader tells a hearing's day from it.
  if (q === 'caseNumber') t.add('time');
  if (q === 'contactPhone') t.add('date');
  // The contact questions read each other's values ("7165550142" to the name is the phone, kept).
  if (q === 'contactEmail' || q === 'contactPhone') for (const k of ['email', 'phone'] as const) t.add(k);
  if (q === 'contactName') t.add('phone');
  // When to call, and when a refusal or a removal happened, are dates.
  if (q === 'bestTime' || DETAILS_QUESTIONS.has(q)) t.add('date');
  // How long a stay, an overstay or a sentence was is a length ("deux ans", "5 años").
  // So is how long the doctors give ("2 semaines").
  if (q === 'incidentSentence' || q === 'prognosis' || DETAILS_QUESTIONS.has(q)) t.add('length');
  // Dates, ages and lengths are read by the time reader, which knows which are no answer.
  if (DATE_QUESTIONS.has(q)) for (const k of ['date', 'amount', 'age', 'length', 'number'] as const) t.add(k);
  if (q === 'patient') t.add('age');
  // A time in words is a date where a date is taken.
  if (t.has('date')) t.add('time');
  // A country or a nationality alone says where someone is or comes from, or whose citizen they are.
  if (q === 'citizenship' || q === 'whereNow' || q === 'location' || q === 'incidentPlace') t.add('country');
  // Where someone is ("hes in Guelph") answers where they are, and may say where a court, a
  // hospital, a crossing or an incident is, or who writes ("I'm in Toronto, his sister"). Not how
  // someone is: "shes at Sinai hospital in baltimore" is no prognosis.
  if (WHEREABOUTS_TAKEN.has(q) || DETAILS_QUESTIONS.has(q)) {
    t.add('whereabouts');
    t.add('kinWhereabouts');
  }
  // A place alone ("Toronto", "in Guatemala City") answers those too; where a name may be the
  // answer (a name, who pays, who is ill), a city may be a name ("Victoria", "Florence", "Jackson").
  if (t.has('whereabouts') || NAME_QUESTIONS.has(q) || q === 'payer' || q === 'relation') t.add('place');
  return t;
}

/**
 * The kind of message this is when it is one of the kinds above and nothing more, or null. With
 * the time of the conversation, a time said alone is read as the time questions read it
 * ("tomorrow", "christmas eve", "dans 2 semaines", "pasado mañana"), not only as a calendar date.
 */
export function offKindOf(text: string, lang: Lang, p?: ParseContext): OffKind | null {
  const s = asText(text).trim();
  const langs = languagesOf(s, lang);
  if (onlySmallTalk(s, langs)) return 'chat';
  if (isQuestionOrRefusal(s, lang)) return 'question';
  if (pointsBack(s, langs)) return 'backRef';
  if (emailOnly(s) || contactValueOnly(readEmail(s, lang))) return 'email';
  if (phoneOnly(s) || contactValueOnly(readPhone(s, lang))) return 'phone';
  if (amountOnly(s, lang, langs)) return 'amount';
  if (ageOnly(s, langs)) return 'age';
  if (lengthOnly(s, langs)) return 'length';
  if (isBareNumber(s)) return 'number';
  if (isJustDate(s, lang)) return 'date';
  if (p && timeAlone(s, p)) return 'time';
  if (relativeOnly(s, langs)) return 'kin';
  if (countryOnly(s, lang, langs)) return 'country';
  const where = whereaboutsOf(s, lang);
  // Where someone is: with no one named, the traveler may be meant; "my mom is in Lima" is someone else.
  if (where) return where.who === 'relative' ? 'kinWhereabouts' : 'whereabouts';
  if (knownPlaceOnly(s, lang, langs)) return 'place';
  return null;
}

/** The message is of a kind this question does not take: ask again. Yes/no questions read their own. */
export function offKind(text: string, q: QuestionId, lang: Lang, p?: ParseContext): OffKind | null {
  const kind = questionDef(q).kind;
  if (kind === 'yesno' || q === 'language' || q === 'consent') return null;
  const k = offKindOf(text, lang, p);
  // "May", "June", "April": a name alone where a name is asked, not the month.
  if ((k === 'date' || k === 'time') && NAME_QUESTIONS.has(q) && MONTH_NAMES.has(asText(text).trim())) return null;
  // "el 1", "le 3": an option picked by its number with an article, not a day of the month.
  if ((k === 'date' || k === 'time') && (kind === 'choice' || kind === 'multi') && parseChoice(text, lang, q, questionDef(q).options ?? []) !== null)
    return null;
  return k && !takes(q).has(k) ? k : null;
}

const smallTalk = perLang((v) => new PhraseIndex([...v.values.chat, ...v.values.fillers, ...v.values.noise, ...v.filler].map((p) => [p, true] as const)));

/** Nothing but "ok", "thanks", "sorry", "one sec", "can you repeat the question"… */
function onlySmallTalk(s: string, langs: readonly Lang[]): boolean {
  const w = words(s);
  return covered(w, (i) => endAt(smallTalk, w, i, langs));
}

/** "I already told you", "ya les dije", "je l'ai déjà dit": a short message pointing at an earlier answer. */
function pointsBack(s: string, langs: readonly Lang[]): boolean {
  const w = words(withoutFillers(s, langs));
  if (w.length === 0 || w.length > 8) return false;
  if (onlyBackRef(w, langs)) return true;
  return w.some((_, i) => phraseAt(w, i, ['alreadySaid'], langs) > i);
}

/**
 * A phone number or an address as the contact questions read it (spelled out: "seven one six…",
 * "diego punto castillo arroba gmail punto com"; with an extension), with hardly a word more.
 */
function contactValueOnly(r: Reading | null): boolean {
  return !!r && 'value' in r && words(r.details ?? '').length <= 3;
}

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/u;
/** An email address, with at most a few words around it ("my email is …"). */
function emailOnly(s: string): boolean {
  if (!parseEmail(s)) return false;
  return words(s.replace(EMAIL, ' ')).length <= 4;
}

/** A phone number, with at most a few words around it: seven digits or more, and hardly any letters. */
function phoneOnly(s: string): boolean {
  const digits = s.replace(/\D/gu, '');
  if (digits.length < 7 || digits.length > 15) return false;
  if (!/^[\s\d()+.\-/]+$/u.test(s.replace(/^[\p{L}\s':]{0,30}(?=[\d(+])/u, ''))) return false;
  return !/\b(19|20)\d\d\b/u.test(s) || digits.length >= 10;
}

const approx = perLang((v) => new PhraseIndex(v.time.approx.map((p) => [p, true] as const)));

/** Money and nothing else ("$2000", "como 3 mil dólares", "environ 3 000 piasses"). */
function amountOnly(s: string, lang: Lang, langs: readonly Lang[]): boolean {
  if (!isAmount(s, lang)) return false;
  const w = words(withoutFillers(s, langs));
  return covered(w, (i) => (digitsValue(w[i]) !== null ? i + 1 : Math.max(phraseAt(w, i, ['money'], langs), endAt(approx, w, i, langs))));
}

const NAME_QUESTIONS: ReadonlySet<QuestionId> = new Set(['travelerName', 'contactName', 'otherParties']);
/** Months that are given names too, written as names. */
const MONTH_NAMES = new Set(['April', 'May', 'June', 'August', 'Avril', 'Abril']);

/** A country or a nationality and nothing else ("Canada", "canadiense", "the Philippines"). */
function countryOnly(s: string, lang: Lang, langs: readonly Lang[]): boolean {
  const rest = withoutFillers(s, langs);
  const tokens = tokenize(rest);
  if (tokens.length === 0 || tokens.length > 4) return false;
  const found = countryMatches(rest, tokens, lang, true);
  let at = 0;
  for (const m of found) {
    // An article before a country's name ("the Philippines", "le Mexique") goes with it, and so does an "and" between two.
    if (m.start !== at && !(m.start === at + 1 && COUNTRY_LINKS.has(tokens[at].t))) return false;
    at = m.end;
  }
  return found.length > 0 && at === tokens.length;
}
const COUNTRY_LINKS = new Set(['the', 'le', 'la', 'l', 'les', 'el', 'los', 'las', 'and', 'et', 'y']);

/** A relative and nothing else ("my dad", "sa mère", "su esposo"). */
function relativeOnly(s: string, langs: readonly Lang[]): boolean {
  const w = words(withoutFillers(s, langs));
  if (w.length === 0 || w.length > 4) return false;
  for (const l of langs) {
    for (let i = 0; i < w.length; i++) {
      const f = familyWordAt(w, i, l);
      if (f && f.start === 0 && f.end === w.length) return true;
    }
  }
  return false;
}

/** An age and nothing else ("he's 17", "67 yrs old", "ella tiene 9 años"): not "his mother, shes 79" nor "José, 17 años". */
function ageOnly(s: string, langs: readonly Lang[]): boolean {
  const w = words(withoutFillers(s, langs));
  let aged = false;
  const all = covered(w, (i) => {
    if (!isNumber(w[i], langs)) return phraseAt(w, i, ['ageBefore'], langs);
    const after = Math.max(phraseAt(w, i + 1, ['age'], langs), endAt(ageAfter, w, i + 1, langs));
    // "17 años" alone may be a length ("5 años" in prison): "years old", or "tiene" before it, says an age.
    aged ||= after - (i + 1) >= 2 || (i > 0 && phraseAt(w, 0, ['ageBefore'], langs) === i);
    return Math.max(i + 1, after);
  });
  return all && aged;
}

/** A length of time and nothing else ("deux ans", "5 años", "about 3 weeks"): a number is followed by its unit. */
function lengthOnly(s: string, langs: readonly Lang[]): boolean {
  const w = words(withoutFillers(s, langs));
  if (lengthAlone(w, langs)) return true;
  let counted = false;
  const all = covered(w, (i) => {
    if (!isNumber(w[i], langs)) return endAt(approx, w, i, langs);
    const unit = endAt(units, w, i + 1, langs);
    counted ||= unit > i + 1;
    return unit > i + 1 ? unit : -1;
  });
  return all && counted;
}

/** Words said with a length ("4 days only", "3 semanas aprox", "un mes y medio"). */
const LENGTH_LINKS = new Set([
  'only',
  'just',
  'about',
  'around',
  'or',
  'so',
  'approx',
  'aprox',
  'environ',
  'genre',
  'solo',
  'nada',
  'mas',
  'seulement',
  'unos',
  'unas',
  'y',
  'and',
  'et',
  'medio',
  'half',
  'demi',
  'demie',
]);

/**
 * A length as the stay's reader reads it ("ten (10) days", "a whole year", "un par de semanas",
 * "un mes y medio") with only small words around it.
 */
function lengthAlone(w: readonly string[], langs: readonly Lang[]): boolean {
  return langs.some((l) => {
    const spans = durationSpans(w, l);
    if (spans.length === 0) return false;
    return w.every((t, i) => spans.some((d) => i >= d.start && i < d.end) || LENGTH_LINKS.has(t) || endAt(approx, w, i, langs) > i);
  });
}

/** Every word is taken by a step: `step(i)` is where what begins at word i ends (i or less: nothing begins there). */
function covered(w: readonly string[], step: (i: number) => number): boolean {
  for (let i = 0; i < w.length;) {
    const end = step(i);
    if (end <= i) return false;
    i = end;
  }
  return w.length > 0;
}

/** Where the longest phrase of this index, in any of the languages, that begins at word i ends (-1: none). */
function endAt(index: (l: Lang) => PhraseIndex<true>, w: readonly string[], i: number, langs: readonly Lang[]): number {
  return Math.max(
    -1,
    ...langs.flatMap((l) =>
      index(l)
        .at(w as string[], i)
        .map((m) => m.end),
    ),
  );
}

const units = perLang(
  (v) =>
    new PhraseIndex(
      Object.values(v.durationUnits)
        .flat()
        .map((p) => [p, true] as const),
    ),
);
const ageAfter = perLang((v) => new PhraseIndex(v.time.ageAfter.map((p) => [p, true] as const)));
const numberWords = perLang((v) => new Set(Object.keys(v.numberWords)));
/** A number in digits or in words. */
const isNumber = (t: string, langs: readonly Lang[]) => digitsValue(t) !== null || langs.some((l) => numberWords(l).has(t));

const placedWords = perLang((v) => new PhraseIndex([...v.story.place, ...v.values.isAt].map((p) => [p, true] as const)));
const nowWords = perLang((v) => new PhraseIndex(v.story.now.map((p) => [p, true] as const)));
/**
 * Who is somewhere, before the words for it: a subject pronoun ("he", "ella", "il"), or a relative
 * ("my mom"). (A closed class of each language, as the stop words are; kin.pronouns lacks some.)
 */
const SUBJECTS = new Set(['he', 'she', 'they', 'we', 'i', 'el', 'ella', 'ellos', 'ellas', 'yo', 'il', 'elle', 'ils', 'elles', 'lui', 'on', 'nous', 'je', 'j']);
/** Longer than this, a message says more than where someone is. */
const WHEREABOUTS_WORDS = 10;

/**
 * Where someone is, and nothing more: "hes in Guelph", "she is at home in Toronto right now",
 * "está en Guatemala", "il est à Montréal en ce moment". The words for being somewhere (vocab
 * story.place), who is there before them (in the same clause), a place the data knows after them,
 * and a word for now. Who is there: a relative named ("my mom is in Lima"), or not (a pronoun, or
 * no one: "está en Puebla").
 */
export function whereaboutsOf(text: string, lang: Lang): { who: 'relative' | 'unnamed' } | null {
  const s = asText(text).trim();
  const langs = languagesOf(s, lang);
  const rest = withoutFillers(s, langs);
  const tokens = tokenize(rest);
  const w = tokens.map((t) => t.t);
  if (w.length < 2 || w.length > WHEREABOUTS_WORDS) return null;
  for (const l of langs) {
    for (let i = 0; i < w.length && i <= 3; i++) {
      const said = placedWords(l).at(w, i)[0];
      if (!said || said.end >= w.length) continue;
      // "granddaughter, i live in Rochester": who answers, then where the writer lives.
      if (/[,.;:!?]/u.test(rest.slice(0, tokens[said.end].start))) break;
      const before = w.slice(0, i);
      const relative = before.length > 0 && familyCovers(before, l);
      if (!(before.length === 0 || (before.length === 1 && SUBJECTS.has(before[0])) || relative)) continue;
      // A word for now may close it ("right now", "en ce moment", "ahorita").
      let end = w.length;
      for (let k = said.end + 1; k < w.length; k++)
        if (
          nowWords(l)
            .at(w, k)
            .some((m) => m.end === w.length)
        )
          end = Math.min(end, k);
      // A place the data knows: "in the ICU", "in pain" are no place.
      const place = readPlace(rest.slice(tokens[said.end].start, tokens[end - 1].end), lang);
      // Beside the place, only a facility's name may be said ("shes at Sinai hospital in baltimore").
      // Or a name in capitals ("elle est au Jackson Memorial a Miami").
      const named = (d: string) => d.split(/\s+/u).every((x) => /^\p{Lu}/u.test(x) || ['au', 'at', 'the', 'el', 'la', 'le', 'l'].includes(x.toLowerCase()));
      const facility = !place.details || (words(place.details).length <= 4 && (hasPhrase(words(place.details), ['facilities'], langs) || named(place.details)));
      if (place.place && facility && place.used.length > 0 && end - said.end <= 6) return { who: relative ? 'relative' : 'unnamed' };
    }
  }
  return null;
}

const PLACE_LEADS = new Set(['in', 'at', 'from', 'a', 'au', 'aux', 'en', 'de', 'desde', 'near', 'pres', 'cerca']);
/**
 * A place and nothing else: "Toronto", "in Guatemala City", "Guelph, Ontario", "à Montréal en ce
 * moment". A place the data knows, every word of the message its name, but for a word before it
 * ("in", "à", "en") and a word for now after it. Alone, one word is taken for a city only when
 * the city is well known (a word may be a name or a word of the answer: "Jackson", "Regina").
 */
function knownPlaceOnly(s: string, lang: Lang, langs: readonly Lang[]): boolean {
  const rest = withoutFillers(s, langs);
  const w = words(rest);
  if (w.length === 0 || w.length > WHEREABOUTS_WORDS) return false;
  const r = readPlace(rest, lang);
  if (!r.place || r.details || r.ambiguous || r.used.length === 0) return false;
  const covered = new Set(r.used.flatMap((m) => Array.from({ length: m.end - m.start }, (_, k) => m.start + k)));
  const first = Math.min(...covered);
  const last = Math.max(...covered);
  if (first > 1 || (first === 1 && !PLACE_LEADS.has(w[0]))) return false;
  for (let i = first; i <= last; i++) if (!covered.has(i)) return false;
  if (
    last + 1 < w.length &&
    !langs.some((l) =>
      nowWords(l)
        .at(w, last + 1)
        .some((m) => m.end === w.length),
    )
  )
    return false;
  // Spelt as the place is, and no word of the vocabulary ("multa" is no Malta, "MEDICO" no Mexico,
  // "ermano" no town of Iran): the place reader forgives typos a place question may be sent.
  const exact = r.used.every((m) => {
    const named = w.slice(m.start, m.end);
    if (m.kind !== 'region' && named.length === 1 && isVocabularyWord(named[0])) return false;
    if (m.kind === 'city') return citiesNamed(named).length > 0;
    if (m.kind === 'country') return countryMatches(m.text, tokenize(m.text), lang, true).length > 0;
    return true;
  });
  if (!exact) return false;
  const alone = first === 0 && r.used.length === 1 && r.used[0].kind === 'city' && r.used[0].end - r.used[0].start === 1;
  return !alone || (r.used[0].cities ?? []).slice(0, 1).some(prominent);
}

/** The words are one relative ("my mom", "mi papá", "sa fille"). */
function familyCovers(w: readonly string[], l: Lang): boolean {
  const f = familyWordAt(w, w.length - 1, l);
  return !!f && f.start === 0 && f.end === w.length;
}
