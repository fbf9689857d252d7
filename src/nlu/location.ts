/**
 * Where the traveler is right now (outside the U.S., at the border, in the U.S., detained), from
 * an answer in words, in the present tense: a fact is about now only if its own clause says so.
 *
 * - "he's at the border", "en la frontera ahorita", "at the Peace Bridge right now" -> at_border
 *   (with the port when one is named); "was refused at the border in 2015" is not, nor "driving
 *   to the border now" (not there yet), nor "they sent him back yesterday".
 * - "ICE has him", "ils le gardent à la douane", "lo tienen en Batavia" -> detained (held by
 *   CBP, ICE or the police now; arrested yesterday is held now, unless released).
 * - a place: "in Buffalo" -> in_us; "Vancouver", "estoy en Guatemala", "he lives in Mexico" ->
 *   outside_us, and the place itself answers "where is the traveler now" as well.
 */
import type { Lang, Place } from '../../dialogs/context';
import type { LOCATIONS } from '../summary/contract';

type Location = (typeof LOCATIONS)[number];
import { clauseAt, type Clause } from './tense-clauses';
import { mentionsIn, readPlace, type Mention } from './place';
import { readPort } from './ports';
import { wordIndex } from './placeWords';
import { phrases } from './story-people';
import { langOrder, perLang } from './vocab';
import { PhraseIndex, words, type PhraseMatch } from './normalize';

export interface LocationReading {
  /** Null: the words speak of a place, the border or detention, but do not settle where they are now. */
  value: Location | null;
  /** The place, when the answer names one that settles it ("Vancouver" -> Vancouver, CA). */
  whereNow?: Place;
  /** The port's id, at the border or held there ("at the Peace Bridge right now"). */
  port?: string;
  /** The rest of the message, for the attorney. */
  details?: string | null;
}

const negations = perLang((v) => new PhraseIndex(v.negations.map((p) => [p, true] as const)));

/** Whether a phrase is negated just before it ("not detained", "no está detenido"). */
function negated(m: PhraseMatch<unknown>, w: string[], lang: Lang): boolean {
  return langOrder(lang).some((l) =>
    negations(l)
      .all(w)
      .some((n) => n.end <= m.start && m.start - n.end <= 1),
  );
}

/** How far before a border word a negation in its clause still denies it ("no está en la frontera"). */
const NEGATION_REACH = 4;

const inClause = (c: Clause | undefined, m: { start: number }) => !!c && m.start >= c.start && m.start < c.end;

/** The U.S. or not, for each country a place mention may be in (a city: its well-known namesakes too). */
function sides(m: Mention): Set<'us' | 'out'> {
  const countries = m.country ? [m.country] : (m.cities ?? []).slice(0, 1).map((c) => c.country);
  return new Set(countries.map((c) => (c === 'US' ? 'us' : 'out')));
}

/**
 * The words doubt where the traveler is ("maybe at the border", "she might of already left for the
 * border", "puede que esté en la garita"): at the border in doubt is not known to be at the border.
 */
export function doubtsWhere(text: string, lang: Lang): boolean {
  return wordIndex('doubt', langOrder(lang)).some(words(text));
}

export function readLocation(text: string, lang: Lang, thisYear?: number): LocationReading | null {
  const langs = langOrder(lang);
  const { mentions, clauses, tokens, text: s } = mentionsIn(text, lang, thisYear);
  const w = tokens.map((t) => t.t);
  const found = (key: 'border' | 'detained' | 'released' | 'leftBorder' | 'firstPerson' | 'companion' | 'writerIsOther') =>
    wordIndex(key, langs)
      .all(w)
      .filter((m) => !negated(m, w, lang));

  const port = readPort(s, lang, { strict: true });
  // An airport known by its city ("Winnipeg", then "at the airport"): the city is where they may
  // live, the word for the airport is where the port is said ("home in Winnipeg, they held him at
  // the airport last year" is not at the airport now).
  const air = wordIndex('air', langs).all(w);
  const cityOfPort = ([a, b]: [number, number]) =>
    port.port?.kind === 'airport' && (port.port.places ?? []).some((p) => words(p).join(' ') === w.slice(a, b).join(' '));
  const portSpans: [number, number][] = port.port
    ? port.spans.flatMap((sp): [number, number][] => (cityOfPort(sp) && air.length ? air.map((m): [number, number] => [m.start, m.end]) : [sp]))
    : [];
  // "Not at the border", "no está en la frontera", "il est pas à la frontière": a negation earlier
  // in the clause, a few words before; "near the Ambassador Bridge", "cerca de la garita": near it
  // is not at it.
  const negs = langs.flatMap((l) => negations(l).all(w));
  const nears = wordIndex('near', langs)
    .all(w)
    .filter((n) => !(n.end - n.start === 1 && w[n.start] === 'by'));
  const denied = (m: { start: number }) => {
    const c = clauseAt(clauses, m.start);
    const before = (n: { start: number; end: number }, reach: number) => n.end <= m.start && m.start - n.end <= reach && (!c || n.start >= c.start);
    return negs.some((n) => before(n, NEGATION_REACH)) || nears.some((n) => before(n, 1));
  };
  // A port said to be near or not where they are is not where they are, by any of its names ("in Windsor, near the Ambassador Bridge").
  // So is one whose kind of crossing is said near ("près de l'aéroport à Dorval", "near the bridge in Sarnia").
  const kinds = (['air', 'bridge', 'tunnel'] as const).flatMap((k) => wordIndex(k, langs).all(w));
  const portDenied = portSpans.some(([start]) => denied({ start }) || kinds.some((k) => k.end <= start && start - k.end <= 2 && denied(k)));
  const border = [...found('border'), ...(portDenied ? [] : portSpans).map(([start, end]) => ({ start, end, value: true as const }))].filter((m) => !denied(m));
  const left = found('leftBorder');
  const released = found('released').length > 0;

  // Held now: a detention word in a clause that is not about long ago, and no release since.
  // Not someone else held ("the one who hit her is in jail now", "celui qui la frappait est en prison").
  // But "the one who has to come", "el que tiene que venir" is the traveler, and held means held.
  const travelling = phrases(w, langs, 'travel');
  const others = wordIndex('someoneElse', langs)
    .all(w)
    .filter((o) => !travelling.some((t) => t.start >= o.start && t.start <= o.end + 1));
  const held = found('detained').some((m) => {
    const c = clauseAt(clauses, m.start);
    return c?.tense !== 'past' && c?.tense !== 'toward' && !others.some((o) => inClause(c, o) && o.start < m.start);
  });
  // At the border now: a border word or a port in a clause about now, not sent back, not on the way.
  const atBorder = border.some((m) => {
    const c = clauseAt(clauses, m.start);
    if (!c || (c.tense !== 'now' && c.tense !== null)) return false;
    return !left.some((l) => inClause(c, l));
  });
  const portId = port.port?.id;

  const unsettled: LocationReading = { value: null };
  // Held at a port: the port says where; held elsewhere ("lo tienen en Batavia"): the place does.
  if (held && !released) return { value: 'detained', ...(portId ? { port: portId } : placeOf(s, lang, thisYear, 'detained')) };
  if (atBorder) return { value: 'at_border', ...(portId ? { port: portId } : {}) };
  // On the way to the border to cross: still outside ("driving to the border now, there in 20 min").
  // The crossing they are heading to is the port they will use ("driving to the Rainbow Bridge tomorrow").
  if (border.some((m) => clauseAt(clauses, m.start)?.tense === 'toward') && !mentions.some((m) => m.tense !== 'toward'))
    return { value: 'outside_us', ...(portId ? { port: portId } : {}) };

  // A place: in the U.S. or outside it, from the clauses about now (or, failing those, where they live).
  // Outside the U.S. ("outside the US", "fuera de Estados Unidos"): outside, wherever that is.
  const outOfUs = mentions.some((m) => m.lead === 'outside' && m.kind === 'country' && m.country === 'US' && m.tense !== 'past');
  const candidates = mentions.filter((m) => m.lead !== 'near' && m.lead !== 'outside' && m.lead !== 'with' && m.tense !== 'toward');
  if (outOfUs && !candidates.some((m) => sides(m).has('us'))) return { value: 'outside_us', ...placeOf(s, lang, thisYear, 'outside_us') };
  // The border or detention only before or on the way, and no place now: not settled by these words.
  const spoke = border.length > 0 || found('detained').length > 0;
  if (!candidates.length) return spoke || mentions.length ? unsettled : null;
  const rank = (m: Mention) => (m.tense === 'now' || m.tense === null ? 0 : m.tense === 'habitual' ? 1 : m.tense === 'recent' ? 2 : 3);
  const best = Math.min(...candidates.map(rank));
  const used = candidates.filter((m) => rank(m) === best && (m.kind !== 'city' || m.cities?.length));
  const side = new Set(used.flatMap((m) => [...sides(m)]));
  if (side.size !== 1) return unsettled;
  const [where] = [...side];
  // Where someone lives, against a place in the U.S. they go to: where they are now is not said.
  if (best === 1 && mentions.some((m) => m.tense === 'toward' && !sides(m).has(where))) return unsettled;
  // The writer somewhere with someone else, or the writer being someone's relative ("I'm his
  // daughter, I live in Buffalo"): the traveler may be elsewhere.
  if (found('firstPerson').length && (found('companion').length || found('writerIsOther').length)) return unsettled;
  const value: Location = where === 'us' ? 'in_us' : 'outside_us';
  return { value, ...placeOf(s, lang, thisYear, value) };
}

/** The place that also answers "where is the traveler now?", when the words settle one. */
function placeOf(s: string, lang: Lang, thisYear: number | undefined, value: Location): Pick<LocationReading, 'whereNow' | 'details'> {
  const r = readPlace(s, lang, thisYear);
  // Only a place the data knows: at this question, capitalised words are not kept as a city.
  if (!r.place || r.ambiguous || !r.used.length) return {};
  const p = r.place;
  // A place in the other country than the answer says is not where they are (held in the U.S., lives in Canada).
  if (value === 'in_us' && p.country && p.country !== 'US') return {};
  if (value === 'outside_us' && p.country === 'US') return {};
  if (!p.city && !p.region && !p.country) return {};
  return { whereNow: p, details: r.details };
}
