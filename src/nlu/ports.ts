/**
 * Which port of entry a message names, from the ports data file (portData.ts).
 *
 * A crossing's own name settles it ("Peace Arch", "el puente de la paz", "Ambassador"); a town on
 * either side settles it only when no other port shares the town ("Sarnia" is the Blue Water
 * Bridge; "Windsor" is the Ambassador Bridge, the tunnel or the new bridge, until "tunnel" says
 * which). Travelling by air, the port is an airport named or the airport of a city named, the
 * U.S. preclearance airport first (CBP inspects there, not at the destination): never a default.
 * A port the file does not know is kept as written, never the nearest one we know; only words
 * that name no port at all ("the bridge", "asdf") are asked again.
 */
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { clausesOf } from './tense-clauses';
import { withinOneEdit } from './countries';
import { PhraseIndex, asText, longestMatches, tokenize, type PhraseMatch, type Token } from './normalize';
import { longForms } from './geo';
import { isCommonWord, mentionsIn } from './place';
import { PORT_LIST, regionsOf, type Port } from './portData';
import { placeWords, wordIndex } from './placeWords';
import { langOrder, perLang } from './vocab';

/** A name's words as the indexes hold them: short forms long ("St-Armand" is "saint armand"). */
const phrase = (name: string) => longForms(tokenize(name).map((t) => t.t)).join(' ');
const indexOf = (ports: readonly Port[], names: (p: Port) => string[]) =>
  new PhraseIndex<Port>(ports.flatMap((p) => names(p).map((n) => [phrase(n), p] as const)));

const strongIndex = indexOf(PORT_LIST, (p) => [p.name, ...p.names]);
/** Towns of land ports, and airports' cities (apart: those count only when travelling by air). */
const landPlaces = indexOf(
  PORT_LIST.filter((p) => p.kind !== 'airport'),
  (p) => p.places,
);
const airportCities = indexOf(
  PORT_LIST.filter((p) => p.kind === 'airport'),
  (p) => p.places,
);

/** Airports by their code ("BUF", "YYZ"). */
const AIRPORT_CODES = new Map(PORT_LIST.filter((p) => p.airport?.code).map((p) => [p.airport!.code.toUpperCase(), p] as const));

/** Every word of ports' names and towns and of the kinds of crossing: the words a misspelling is read against. */
const portWords = (() => {
  const set = new Set<string>();
  for (const p of PORT_LIST) for (const n of [p.name, ...p.names, ...p.places]) for (const t of tokenize(phrase(n))) set.add(t.t);
  for (const l of LANGUAGES)
    for (const key of ['bridge', 'tunnel', 'air'] as const) for (const p of placeWords(l)[key]) for (const t of tokenize(p)) set.add(t.t);
  return set;
})();
/** Only words this long are read as misspelt ("lacole", "brige"): shorter ones are other words too often. */
const FUZZY_MIN = 5;
const SHORT_ANSWER = 4;

/** The port word a misspelt word stands for, when exactly one is a letter away. */
function corrected(word: string): string {
  if (word.length < FUZZY_MIN - 1 || portWords.has(word) || isCommonWord(word)) return word;
  const near = [...portWords].filter((p) => p.length >= FUZZY_MIN && Math.abs(p.length - word.length) <= 1 && withinOneEdit(word, p));
  return near.length === 1 ? near[0] : word;
}

export interface PortReading {
  /** The port named, when the words settle one. */
  port: Port | null;
  /** A crossing named that the file does not know, or does not settle: kept as written. */
  asWritten: string | null;
  /** The port is not decided yet ("whichever is fastest", "prob Peace Bridge"). */
  undecided: boolean;
  /** The rest of the message, for the attorney. */
  details: string | null;
  /** Token range of the words that named the port. */
  spans: Array<[number, number]>;
}

const unique = (ports: Port[]) => [...new Set(ports)];

/** Ports every one of the place mentions shares ("Windsor-Detroit": the three Detroit crossings). */
function shared(matches: PhraseMatch<Port>[]): Port[] {
  const groups = new Map<string, Port[]>();
  for (const m of matches) {
    const key = `${m.start}:${m.end}`;
    groups.set(key, [...(groups.get(key) ?? []), m.value]);
  }
  let out: Port[] | null = null;
  for (const g of groups.values()) out = out ? out.filter((p) => g.includes(p)) : unique(g);
  return out ?? [];
}

/** All the matches of an index, but only the longest at overlapping places (several values per span kept). */
function longestAll(idx: PhraseIndex<Port>, w: string[]): PhraseMatch<Port>[] {
  const all = idx.all(w);
  const kept = longestMatches(all);
  return all.filter((m) => kept.some((k) => k.start === m.start && k.end === m.end));
}

/**
 * Read a port from the words. `strict` (at the location question) takes a town as a port only
 * where the words speak of the border, and never keeps unknown words as a port.
 */
const hedges = perLang((v) => new PhraseIndex(v.answers.hedged.map((p) => [p, true] as const)));

export function readPort(text: string, lang: Lang, opts: { strict?: boolean } = {}): PortReading {
  const s = asText(text);
  const tokens = tokenize(s);
  // Misspellings are read in a short answer only ("peace brige", "lacole"): in a sentence, a word a
  // letter away from a port's is more often a word of its own ("person" is not "Pearson").
  const fuzzy = !opts.strict && tokens.length <= SHORT_ANSWER;
  const w = longForms(tokens.map((t) => (fuzzy ? corrected(t.t) : t.t)));
  const langs = langOrder(lang);
  const none: PortReading = { port: null, asWritten: null, undecided: false, details: null, spans: [] };
  const has = (key: 'air' | 'land' | 'bridge' | 'tunnel' | 'undecided' | 'border') => wordIndex(key, langs).some(w);

  // A crossing named for its town is only as sure as the town: "Douglas" is Douglas, Arizona, or
  // the Canadian end of the Peace Arch.
  // A port's name inside a longer town's name is the town ("Nuevo Laredo" is not the Laredo crossing).
  const towns = longestAll(landPlaces, w);
  const strong = [
    ...longestAll(strongIndex, w).filter(
      (m) =>
        !landPlaces.at(w, m.start).some((p) => p.end === m.end && p.value !== m.value) &&
        !towns.some((t) => t.start <= m.start && m.end <= t.end && t.end - t.start > m.end - m.start),
    ),
    // An airport by its code, written as codes are ("BUF", "YUL"): in lowercase, "sea" or "den" are words.
    ...tokens.flatMap((t, i) => (/^[A-Z]{3}$/.test(t.raw) && AIRPORT_CODES.has(t.raw) ? [{ start: i, end: i + 1, value: AIRPORT_CODES.get(t.raw)! }] : [])),
  ];
  // A province or state named narrows the ports ("Douglas, Arizona").
  const regionMentions = mentionsIn(s, lang).mentions.filter((m) => m.region);
  const regions = new Set(regionMentions.map((m) => m.region!.id));
  const inRegion = (ports: Port[]) => {
    const kept = regions.size ? ports.filter((p) => regionsOf(p).some((r) => regions.has(r))) : [];
    return kept.length ? kept : ports;
  };
  const air = has('air') || strong.some((m) => m.value.kind === 'airport');
  let found: Port[] = [];
  let spans: PhraseMatch<Port>[] = [];
  if (air) {
    const named = strong.filter((m) => m.value.kind === 'airport');
    // Where they are now (strict), an airport by its city alone is only the town ("a motel by the airport in Mississauga")
    // unless the words speak of the border.
    const byCity = opts.strict && !named.length && !has('border') ? [] : longestAll(airportCities, w);
    const airports = unique([...named, ...byCity].map((m) => m.value));
    // Inspected before the flight: the preclearance airport is the port of entry.
    const pre = airports.filter((p) => p.airport?.preclearance);
    found = pre.length ? pre : named.length ? unique(named.map((m) => m.value)) : airports;
    spans = [...named, ...byCity].filter((m) => found.includes(m.value));
  }
  if (!found.length && !air) {
    const land = strong.filter((m) => m.value.kind !== 'airport');
    const places = longestAll(landPlaces, w).filter((m) => !land.some((l) => m.start < l.end && l.start < m.end));
    const strongPorts = unique(land.map((m) => m.value));
    const placePorts = places.length ? shared(places) : [];
    if (strongPorts.length) {
      const both = strongPorts.filter((p) => placePorts.includes(p));
      found = strongPorts.length > 1 && both.length ? both : strongPorts;
    } else if (!opts.strict || has('border') || has('bridge') || has('tunnel')) found = placePorts;
    found = inRegion(found);
    // "the tunnel in Windsor": the kind of crossing narrows the towns' ports.
    if (found.length > 1) {
      const kind = has('tunnel') ? 'tunnel' : has('bridge') ? 'bridge' : null;
      const ofKind = kind ? found.filter((p) => p.kind === kind) : [];
      if (ofKind.length) found = ofKind;
    }
    spans = [...land, ...places].filter((m) => found.includes(m.value));
  }
  // Any hedge the yes/no reading knows ("seguramente", "sûrement", "most likely") leaves the port undecided too.
  const undecided = has('undecided') || langs.some((l) => hedges(l).some(w)) || (has('air') && has('land'));
  const details = detailsOf(
    s,
    lang,
    [...spans, ...(found.length === 1 ? regionMentions : [])].map((m) => [m.start, m.end]),
  );
  // "prob Peace Bridge", "whichever is fastest": not decided, whatever it names.
  if (undecided && !opts.strict) return { ...none, undecided: true, details: s.trim() || null };
  if (found.length === 1) return { port: found[0], asWritten: null, undecided, details, spans: spans.map((m) => [m.start, m.end]) };
  if (opts.strict) return none;
  // Named, but not settled ("Windsor", "Douglas"), or not in the file: as written, if it names anything.
  const kept = namesSomething(s, tokens, lang, found.length > 1) ? s.trim() : null;
  return { ...none, asWritten: kept };
}

/** The clauses that do not name the port. */
function detailsOf(s: string, lang: Lang, spans: Array<[number, number]>): string | null {
  if (!spans.length) return null;
  const { clauses } = clausesOf(s, 9999, langOrder(lang));
  const rest = clauses
    .filter((c) => !spans.some(([a]) => a >= c.start && a < c.end))
    .map((c) => s.slice(c.from, c.to).trim())
    .filter(Boolean);
  return rest.length ? rest.join(', ') : null;
}

/**
 * Whether words that name no port we know still name a crossing: a town or a name in capitals
 * ("Coburn Gore", "the Jackman crossing"), or the way of travelling ("en avion"). Not generic
 * words alone ("the bridge"), nor noise.
 */
function namesSomething(s: string, tokens: Token[], lang: Lang, known: boolean): boolean {
  if (known) return true;
  const content = tokens.filter((t) => !isCommonWord(t.t) && !/^\d+$/.test(t.t));
  if (mentionsIn(s, lang).mentions.length) return true;
  if (wordIndex('air', langOrder(lang)).some(tokens.map((t) => t.t))) return true;
  // "en train", "by bus": a way of travelling by land names how they cross, kept as written.
  if (wordIndex('land', langOrder(lang)).some(tokens.map((t) => t.t))) return true;
  return content.length > 0 && content.length <= 6 && content.some((t) => /^\p{Lu}\p{Ll}/u.test(t.raw)) && /\p{Ll}/u.test(s);
}
