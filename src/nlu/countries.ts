/**
 * Countries named in free text, in any of the three languages: ISO names (i18n-iso-countries),
 * the short forms people type ("USA", "U.K.", "EE.UU.") and nationality adjectives
 * ("canadienne") from the vocabulary, and ISO codes typed in capitals ("US", "MX").
 */
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { isCountryCode, isoCountryNames } from './countryNames';
import { PhraseIndex, longestMatches, tokenize, type PhraseMatch, type Token } from './normalize';
import { langOrder, perLang, vocab } from './vocab';

/** ISO names of one or two letters are codes ("US", "U.S."): as words they would hit "us". */
const MIN_NAME_LETTERS = 3;

const nameIndex = perLang((v, lang) => {
  const idx = new PhraseIndex<string>();
  for (const [name, code] of isoCountryNames(lang))
    if (name.replace(/[^\p{L}]/gu, '').length >= MIN_NAME_LETTERS) idx.add(name, code);
  for (const [code, names] of Object.entries(v.countries)) for (const n of names) idx.add(n, code);
  return idx;
});
const demonymIndex = perLang(
  (v) => new PhraseIndex(Object.entries(v.demonyms).flatMap(([code, names]) => names.map((n) => [n, code] as const))),
);
/** Words that are codes too ("IN", "DE", "ES"): never read as a country. */
const stopwords = new Set(LANGUAGES.flatMap((l) => vocab(l).stopwords.map((s) => tokenize(s).map((t) => t.t).join(' '))));

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

/** ISO alpha-2 codes of the countries named, in order of mention, without repeats; null if none. */
export function parseCountries(text: string, lang: Lang): string[] | null {
  const s = typeof text === 'string' ? text : '';
  const codes = [...new Set(countryMatches(s, tokenize(s), lang, true).map((m) => m.value))];
  return codes.length > 0 ? codes : null;
}
