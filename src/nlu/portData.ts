/**
 * The U.S. ports of entry the intake knows (geodata/ports.json: land ports on the Canadian and
 * Mexican borders, U.S. airports and airports abroad with U.S. preclearance). A port answer is
 * stored as its id; the summary shows its name. See the file's `source` for where it comes from.
 */
import data from './geodata/ports.json';
import { normalize } from './normalize';

export type PortKind = 'bridge' | 'tunnel' | 'road' | 'ferry' | 'pedestrian' | 'airport';

export interface Port {
  id: string;
  /** Its usual name ("Peace Arch", "JFK airport"). */
  name: string;
  /** What the attorney's summary shows ("Peace Arch (Blaine, WA)"). */
  summary: string;
  kind: PortKind;
  /** The border it is on; null for an airport. */
  border: 'CA' | 'MX' | null;
  /** Names of the crossing itself, in any language: one settles the port. */
  names: string[];
  /** Towns on either side (an airport: its city): one settles the port only if no other port shares it. */
  places: string[];
  airport?: { code: string; city: string; country: string; region: string | null; preclearance: boolean };
  /** A land port's U.S. town and state ("NY"), and the town and province or state across ("ON"). */
  us?: { place: string; state: string };
  other?: { place: string; region: string };
}

/** The provinces and states a port is in or next to (their ISO 3166-2 codes: "US-NY", "CA-ON"). */
export function regionsOf(p: Port): string[] {
  const out: string[] = [];
  if (p.us) out.push(`US-${p.us.state}`);
  if (p.other && p.border) out.push(`${p.border}-${p.other.region}`);
  if (p.airport?.region) out.push(`${p.airport.country}-${p.airport.region}`);
  return out;
}

export const PORT_LIST: readonly Port[] = data.ports as Port[];
const BY_ID = new Map(PORT_LIST.map((p) => [p.id, p]));

export function portById(id: string): Port | undefined {
  return BY_ID.get(id);
}

/** Each port's summary name by id: what a port answer becomes in the summary. */
export const PORT_SUMMARIES: Readonly<Record<string, string>> = Object.fromEntries(PORT_LIST.map((p) => [p.id, p.summary]));

/** Every name a port goes by (its name, summary, own names and towns), folded, for an exact lookup. */
const BY_NAME = (() => {
  const map = new Map<string, Set<Port>>();
  for (const p of PORT_LIST)
    for (const n of [p.name, p.summary, ...p.names, ...p.places]) {
      const key = normalize(n);
      map.set(key, (map.get(key) ?? new Set()).add(p));
    }
  return map;
})();

/** The port a name designates exactly ("Lacolle", "Peace Arch", "JFK airport"), if only one goes by it. */
export function portNamed(name: string): Port | undefined {
  const found = BY_NAME.get(normalize(name));
  return found?.size === 1 ? [...found][0] : undefined;
}
