/**
 * Countries named in free text, in any of the three languages: ISO names (i18n-iso-countries),
 * the short forms people type ("USA", "U.K.", "EE.UU.") and nationality adjectives
 * ("canadienne") from the vocabulary, and ISO codes typed in capitals ("US", "MX").
 */
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { isCountryCode, isoCountryNames } from './countryNames';
import { PhraseIndex, longestMatches, tokenize, type PhraseMatch, type Token } from './normalize';
import { langOrder, perLang, vocab } from './vocab';
import { clauseAt, clausesOf } from './tense-clauses';
import { wordIndex } from './placeWords';

/** ISO names of one or two letters are codes ("US", "U.S."): as words they would hit "us". */
const MIN_NAME_LETTERS = 3;

const nameIndex = perLang((v, lang) => {
  const idx = new PhraseIndex<string>();
  for (const [name, code] of isoCountryNames(lang)) if (name.replace(/[^\p{L}]/gu, '').length >= MIN_NAME_LETTERS) idx.add(name, code);
  for (const [code, names] of Object.entries(v.countries)) for (const n of names) idx.add(n, code);
  return idx;
});
const demonymIndex = perLang((v) => new PhraseIndex(Object.entries(v.demonyms).flatMap(([code, names]) => names.map((n) => [n, code] as const))));
/** Words that are codes too ("IN", "DE", "ES"): never read as a country. */
const stopwords = new Set(
  LANGUAGES.flatMap((l) =>
    vocab(l).stopwords.map((s) =>
      tokenize(s)
        .map((t) => t.t)
        .join(' '),
    ),
  ),
);

/**
 * Capitals are only a signal when the user does not write everything in capitals: a short
 * answer ("US", "MX and CA"), a mixed-case message, or after a comma ("Fort Erie, ON").
 */
export function trustCapitals(text: string, tokens: Token[], i: number): boolean {
  if (/\p{Ll}/u.test(text) || tokens.length <= 3) return true;
  return /,\s*$/u.test(text.slice(0, tokens[i].start));
}

/** Two-letter ISO codes written in capitals. */
function codeHits(text: string, tokens: Token[]): PhraseMatch<string>[] {
  const out: PhraseMatch<string>[] = [];
  tokens.forEach((tok, i) => {
    if (/^[A-Z]{2}$/.test(tok.raw) && isCountryCode(tok.raw) && !stopwords.has(tok.t) && trustCapitals(text, tokens, i))
      out.push({ start: i, end: i + 1, value: tok.raw });
  });
  return out;
}

/** Every country mention (overlaps resolved, longest first), in text order. */
export function countryMatches(text: string, tokens: Token[], lang: Lang, withDemonyms: boolean): PhraseMatch<string>[] {
  const w = tokens.map((t) => t.t);
  const found: PhraseMatch<string>[] = [];
  for (const l of langOrder(lang)) {
    found.push(...nameIndex(l).all(w));
    if (withDemonyms) found.push(...demonymIndex(l).all(w));
  }
  found.push(...codeHits(text, tokens));
  return longestMatches(found);
}

/** A short answer: misspelt names are only guessed in one ("kanada", "guatemalteco i canadiense"). */
const SHORT_ANSWER = 4;

/**
 * The countries a citizenship answer names: names and nationality words, misspelt ones in a
 * short answer, but not a country named for a residence, a birth or an application ("PR in
 * Canada", "né en Haïti", "tramitando la ciudadanía canadiense": only a citizenship counts),
 * nor words that only look like one ("status Indian").
 */
export function citizenshipMatches(text: string, lang: Lang): PhraseMatch<string>[] {
  const s = typeof text === 'string' ? text : '';
  const { tokens, clauses } = clausesOf(s, 9999, langOrder(lang));
  const w = tokens.map((t) => t.t);
  const notCountry = wordIndex('notCountry').all(w);
  // A word inside a longer name stays that name's ("korean" alone is North or South; "south korean" is one).
  const within = (n: PhraseMatch<unknown>, m: PhraseMatch<unknown>) => m.start <= n.start && n.end <= m.end && m.end - m.start > n.end - n.start;
  const overlapsNot = (m: PhraseMatch<unknown>) => notCountry.some((n) => m.start < n.end && n.start < m.end && !within(n, m));
  const found = countryMatches(s, tokens, lang, true).filter((m) => !overlapsNot(m));
  if (tokens.length <= SHORT_ANSWER) {
    tokens.forEach((t, i) => {
      if (found.some((m) => i >= m.start && i < m.end) || notCountry.some((n) => i >= n.start && i < n.end)) return;
      const code = fuzzyCountry(t.t, lang, true);
      if (code) found.push({ start: i, end: i + 1, value: code });
    });
  }
  const before = wordIndex('notCitizenship').all(w);
  const after = wordIndex('residence').all(w);
  const overlaps = (n: PhraseMatch<unknown>, m: PhraseMatch<unknown>) => n.start < m.end && m.start < n.end;
  return found
    .filter((m) => {
      const clause = clauseAt(clauses, m.start);
      const inClause = (n: PhraseMatch<unknown>) => !!clause && n.start >= clause.start && n.end <= clause.end;
      // In its clause, after a word of residence or birth ("PR in Canada", "né en Haïti"), or right
      // before papers of residence ("a US green card"); or the word itself ("PR" is not Puerto Rico).
      return (
        !before.some((n) => inClause(n) && (n.end <= m.start || overlaps(n, m))) && !after.some((n) => inClause(n) && (n.start === m.end || overlaps(n, m)))
      );
    })
    .sort((a, b) => a.start - b.start);
}

/** ISO alpha-2 codes of the countries named, in order of mention, without repeats; null if none. */
export function parseCountries(text: string, lang: Lang): string[] | null {
  return readCitizenship(text, lang).codes;
}

/**
 * The citizenships, and the rest of the message for the attorney: the clauses that name none
 * ("Canadian, and he has a US green card that he lost" -> the green card).
 */
export function readCitizenship(text: string, lang: Lang): { codes: string[] | null; details: string | null } {
  const s = typeof text === 'string' ? text : '';
  const matches = citizenshipMatches(s, lang);
  const codes = [...new Set(matches.map((m) => m.value))];
  if (!codes.length) return { codes: null, details: null };
  const { clauses } = clausesOf(s, 9999, langOrder(lang));
  const rest = clauses
    .filter((c) => !matches.some((m) => m.start >= c.start && m.start < c.end))
    .map((c) => s.slice(c.from, c.to).trim())
    .filter(Boolean);
  return { codes, details: rest.length ? rest.join(', ') : null };
}

// ---- misspelt names -----------------------------------------------------------------------------

/** Edit distance with swaps ("canda", "kanada", "mexcio"), stopping early past 1. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length === 1) return true;
    return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
  }
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  return s.slice(i) === l.slice(i + 1);
}

/** A misspelling is only guessed for words this long: shorter ones are too often other words. */
const FUZZY_MIN = 5;

/** One-word country names (and, apart, nationality words) of every language, folded. */
const oneWordNames = (() => {
  const names = new Map<string, Set<string>>();
  const demonyms = new Map<string, Set<string>>();
  const put = (map: Map<string, Set<string>>, name: string, code: string) => {
    const w = tokenize(name).map((t) => t.t);
    if (w.length !== 1 || w[0].length < FUZZY_MIN) return;
    const set = map.get(w[0]) ?? new Set<string>();
    set.add(code);
    map.set(w[0], set);
  };
  for (const l of LANGUAGES) {
    for (const [name, code] of isoCountryNames(l)) put(names, name, code);
    for (const [code, list] of Object.entries(vocab(l).countries)) for (const n of list) put(names, n, code);
    for (const [code, list] of Object.entries(vocab(l).demonyms)) for (const n of list) put(demonyms, n, code);
  }
  return { names, demonyms };
})();

function nearest(word: string, map: Map<string, Set<string>>): string | null {
  if (word.length < FUZZY_MIN || map.has(word)) return null;
  const codes = new Set<string>();
  for (const [name, set] of map) if (Math.abs(name.length - word.length) <= 1 && withinOneEdit(word, name)) for (const c of set) codes.add(c);
  return codes.size === 1 ? [...codes][0] : null;
}

/**
 * The country a misspelt word names ("canda", "kanada"), when exactly one is a letter away and
 * the word is not a word of ours already. `demonyms` adds nationality words ("venezolno").
 */
export function fuzzyCountry(word: string, _lang: Lang, demonyms = false): string | null {
  if (stopwords.has(word)) return null;
  return nearest(word, oneWordNames.names) ?? (demonyms ? nearest(word, oneWordNames.demonyms) : null);
}
