/**
 * Where someone is: a city and a country. "Toronto, Canada" -> Toronto / CA; "Fort Erie, Ontario"
 * keeps the province in the city and infers CA; "Canada" alone has no city. Whatever else is
 * typed is kept as the city, so an answer is never lost.
 */
import { LANGUAGES, type Lang, type Place } from '../../dialogs/context';
import { countryMatches, trustCapitals } from './countries';
import { PhraseIndex, asText, longestMatches, tokenize, type PhraseMatch, type Token } from './normalize';
import { perLang, vocab } from './vocab';

type Kind = 'country' | 'region' | 'city';
interface Hit {
  kind: Kind;
  code: string;
}

const placeIndex = perLang((v) => {
  const idx = new PhraseIndex<Hit>();
  for (const [code, names] of Object.entries(v.regions)) for (const n of names) idx.add(n, { kind: 'region', code });
  for (const [code, names] of Object.entries(v.cities)) for (const n of names) idx.add(n, { kind: 'city', code });
  return idx;
});
const regionCodes = new Map(
  LANGUAGES.flatMap((l) => Object.entries(vocab(l).regionCodes).flatMap(([country, codes]) => codes.map((c) => [c, country] as const))),
);
const prefixes = new PhraseIndex<true>(LANGUAGES.flatMap((l) => vocab(l).placePrefixes.map((p) => [p, true] as const)));

/** Province and state abbreviations in capitals ("ON", "NY"). */
function regionCodeHits(text: string, tokens: Token[]): PhraseMatch<Hit>[] {
  const out: PhraseMatch<Hit>[] = [];
  tokens.forEach((tok, i) => {
    const country = regionCodes.get(tok.raw);
    if (country && trustCapitals(text, tokens, i)) out.push({ start: i, end: i + 1, value: { kind: 'region', code: country } });
  });
  return out;
}

/** Drop "in"/"à"/"I'm in" before the city, separators around it, and a dangling "in" after. */
function cleanCity(city: string): string {
  let s = city.trim();
  const tokens = tokenize(s);
  const w = tokens.map((t) => t.t);
  const head = prefixes.at(w, 0)[0];
  if (head && head.end < tokens.length) s = s.slice(tokens[head.end].start);
  s = s.replace(/^[\s\p{P}]+|[\s,;:\-–—/(]+$/gu, '');
  const rest = tokenize(s);
  const tail = rest.length > 1 ? prefixes.at(rest.map((t) => t.t), rest.length - 1)[0] : undefined;
  if (tail) s = s.slice(0, rest[rest.length - 1].start);
  return s
    .replace(/\s*,(\s*,)+/g, ',')
    .replace(/\s{2,}/g, ' ')
    .replace(/^[\s\p{P}]+|[\s,;:\-–—/(]+$/gu, '')
    .trim();
}

export function parsePlace(text: string, lang: Lang): Place | null {
  const s = asText(text).trim();
  if (!s) return null;
  const tokens = tokenize(s);
  const w = tokens.map((t) => t.t);
  const hits = longestMatches<Hit>([
    ...countryMatches(s, tokens, lang, false).map((m) => ({ ...m, value: { kind: 'country' as const, code: m.value } })),
    ...LANGUAGES.flatMap((l) => placeIndex(l).all(w)),
    ...regionCodeHits(s, tokens),
  ]);
  const last = (kind: Kind) => [...hits].reverse().find((h) => h.value.kind === kind);
  const country = last('country');
  if (country) {
    // The country is not part of the city: "Toronto, Canada" -> "Toronto".
    const from = tokens[country.start].start;
    const to = tokens[country.end - 1].end;
    const city = cleanCity(`${s.slice(0, from)}, ${s.slice(to)}`);
    return { city: city || null, country: country.value.code };
  }
  const inferred = last('region') ?? last('city');
  return { city: cleanCity(s) || s, country: inferred ? inferred.value.code : null };
}
