/**
 * The facts of a summary as one list of rows, by section: what the plain-text summary
 * (text.ts), the dashboard's intake page and the PDF show, each in its own way. A row is the
 * fact's path (its label is labels.json `field.<path>`, see fieldLabelKey) and its value, typed
 * by what it is (the family's words, a date, an enum value and its labels.json group…) so each
 * surface can format it as it does: quoted and marked with the family's language, a date in
 * words, a value in words.
 *
 * The rows follow the contract's order (field-paths.ts), and how a value is shown follows from
 * the question that fills it (dialogs/questions.ts: its kind, `labels`, `plain`), so a fact added
 * to the contract and named by a question appears on every surface with no change here. SHOWN
 * says how to show the fields written by hand (fields.ts DERIVED_FIELDS) and the lists.
 */
import { questionDef } from '../../dialogs/questions';
import { capitalized, type LabelGroup, type Labels } from '../i18n/labels';
import type { Summary } from './contract';
import { FIELD_PATHS, INCIDENT_PREFIX, lastKey, valueAt, type FactSection, type FieldPath } from './field-paths';
export { fieldLabelKey, sectionLabelKey } from './field-paths';
import { DETAIL_KEYS, FILLED_BY, HISTORY_NOTES } from './fields';

export type RowValue =
  /** The family's own words, in their language: quoted, marked with it. */
  | { kind: 'words'; text: string }
  /** A name, a code, a port: as it is. */
  | { kind: 'text'; text: string }
  | { kind: 'phone'; text: string }
  | { kind: 'email'; text: string }
  /** A day, a month or a year (YYYY-MM-DD, YYYY-MM, YYYY). */
  | { kind: 'date'; date: string }
  | { kind: 'dates'; dates: string[] }
  | { kind: 'days'; days: number }
  /** ISO 3166-1 alpha-2. */
  | { kind: 'country'; code: string }
  | { kind: 'countries'; codes: string[] }
  /** Names given; an empty list is an answer ("none"). */
  | { kind: 'names'; names: string[] }
  /** An enum value, worded by its labels.json group (yes / no / not sure: 'answer'). */
  | { kind: 'label'; group: LabelGroup; value: string }
  /** Several, or none (an empty list is an answer). */
  | { kind: 'labels'; group: LabelGroup; values: string[] }
  /** The incidents, each a row of values under the columns' labels. */
  | { kind: 'incidents'; columns: FieldPath[]; incidents: Array<Array<RowValue | null>> }
  /** The screening details, one per line: our label ("Drugs"), their words. */
  | { kind: 'notes'; notes: Array<{ label: string | null; text: string }> };

export interface DetailRow {
  section: FactSection;
  path: FieldPath;
  /** null: not known. */
  value: RowValue | null;
  /** A long text in the family's words, shown as a block of its own (the narrative). */
  block?: true;
}

type Show = (v: unknown) => RowValue | null;

const str = (v: unknown): v is string => typeof v === 'string' && v !== '';
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter(str) : []);

const words: Show = (v) => (str(v) ? { kind: 'words', text: v } : null);
const text: Show = (v) => (str(v) ? { kind: 'text', text: v } : null);
const date: Show = (v) => (str(v) ? { kind: 'date', date: v } : null);
const label =
  (group: LabelGroup): Show =>
  (v) =>
    typeof v === 'boolean' ? { kind: 'label', group, value: v ? 'yes' : 'no' } : str(v) ? { kind: 'label', group, value: v } : null;

/** How the answer of a question shows, by its kind (and its definition's `labels` and `plain`). */
function byQuestion(path: FieldPath): Show | null {
  const q = FILLED_BY.get(path);
  if (!q) return null;
  const def = questionDef(q);
  switch (def.kind) {
    case 'yesno':
      return label('answer');
    case 'choice':
      return def.labels ? label(def.labels) : text;
    case 'multi':
      return (v) => (def.labels ? { kind: 'labels', group: def.labels, values: strs(v) } : { kind: 'names', names: strs(v) });
    case 'names':
      return (v) => ({ kind: 'names', names: strs(v) });
    case 'countries':
      return (v) => (strs(v).length ? { kind: 'countries', codes: strs(v) } : null);
    case 'futureDate':
    case 'pastDate':
      return date;
    case 'duration':
      return (v) => (typeof v === 'number' ? { kind: 'days', days: v } : null);
    case 'phone':
      return (v) => (str(v) ? { kind: 'phone', text: v } : null);
    case 'email':
      return (v) => (str(v) ? { kind: 'email', text: v } : null);
    case 'text':
      return def.plain ? text : words;
    default:
      return text;
  }
}

/** The fields whose showing does not follow from one question's kind. */
const SHOWN: Partial<Record<FieldPath, Show>> = {
  // From the place answered (fields.ts DERIVED_FIELDS).
  'traveler.country': (v) => (str(v) ? { kind: 'country', code: v } : null),
  'traveler.city': text,
  'request.neededAsap': label('answer'),
  'traveler.region': text,
  // The date needed, for a court case.
  'request.details.hearingDates': (v) => (strs(v).length ? { kind: 'dates', dates: strs(v) } : null),
  'history.notes': (v) => {
    if (!str(v)) return null;
    const labels = HISTORY_NOTES.map(([, l]) => l);
    return {
      kind: 'notes',
      notes: v.split('\n').map((line) => {
        const l = labels.find((x) => line.startsWith(`${x}: `));
        return l ? { label: l, text: line.slice(l.length + 2) } : { label: null, text: line };
      }),
    };
  },
};

const INCIDENT_COLUMNS = FIELD_PATHS.filter((p) => p.startsWith(INCIDENT_PREFIX));

function incidents(v: unknown): RowValue {
  const list = Array.isArray(v) ? (v as Array<Record<string, unknown>>) : [];
  return {
    kind: 'incidents',
    columns: INCIDENT_COLUMNS,
    incidents: list.map((incident) => INCIDENT_COLUMNS.map((path) => (byQuestion(path) ?? text)(incident[lastKey(path)]))),
  };
}

/** The details of the summary's reason in the order it asks them; any other present after (a stored summary). */
function detailPaths(s: Summary): FieldPath[] {
  const present = Object.keys(s.request?.details ?? {});
  const order = s.request?.reason ? (DETAIL_KEYS[s.request.reason] ?? []) : [];
  const keys = [...order.filter((k) => present.includes(k)), ...present.filter((k) => !(order as readonly string[]).includes(k))];
  const known = FIELD_PATHS.filter((p) => p.startsWith('request.details.'));
  return keys.map((k) => `request.details.${k}` as FieldPath).filter((p) => known.includes(p));
}

/** The rows of a summary, section by section in the contract's order. */
export function detailRows(s: Summary): DetailRow[] {
  const rows: DetailRow[] = [];
  const firstDetail = FIELD_PATHS.find((p) => p.startsWith('request.details.'));
  for (const path of FIELD_PATHS) {
    if (path.startsWith(INCIDENT_PREFIX)) continue;
    const section = path.split('.')[0] as FactSection;
    if (path.startsWith('request.details.')) {
      // Only the details the reason has (the summary holds no other), all where the first one is.
      if (path === firstDetail) for (const d of detailPaths(s)) rows.push({ section, path: d, value: show(d, valueAt(s, d)) });
      continue;
    }
    // Asked only of someone writing for the traveler: nothing to show for the traveler themselves.
    if (path === 'contact.relationshipToTraveler' && s.contact?.role === 'traveler') continue;
    const value = valueAt(s, path);
    if (path === 'history.incidents') rows.push({ section, path, value: incidents(value) });
    else if (path === 'request.narrative') rows.push({ section, path, value: words(value), block: true });
    else rows.push({ section, path, value: show(path, value) });
  }
  return rows;
}

function show(path: FieldPath, value: unknown): RowValue | null {
  const shown = SHOWN[path] ?? byQuestion(path) ?? text;
  // A field a stored summary lacks (added to the contract after it was made) is unknown, or an empty list.
  if (value === undefined || value === null) return isList(path) ? shown([]) : null;
  return shown(value);
}

/** Lists are answered with "none" as well as with values: an empty one is shown as none, not unknown. */
function isList(path: FieldPath): boolean {
  const q = FILLED_BY.get(path);
  const kind = q ? questionDef(q).kind : null;
  return kind === 'multi' || kind === 'names';
}

/** The fact is a yes / no (a screening answer, the history's short table). */
export function isYesNo(path: FieldPath): boolean {
  const q = FILLED_BY.get(path);
  return !!q && questionDef(q).kind === 'yesno';
}

/** Rows grouped by section, in order. */
export function rowsBySection(rows: readonly DetailRow[]): Array<[FactSection, DetailRow[]]> {
  const out: Array<[FactSection, DetailRow[]]> = [];
  for (const row of rows) {
    const last = out[out.length - 1];
    if (last && last[0] === row.section) last[1].push(row);
    else out.push([row.section, [row]]);
  }
  return out;
}

/**
 * A summary path as `missing`, `unsure` and `truncated` list them ("traveler.name",
 * "history.incidents[1].date", "history.incidents.0.place"): its section, the fact, and the
 * incident's number where there is one (from 1). null for a path the contract does not have.
 */
export function pathParts(path: string): { section: FactSection; field: FieldPath; incident: number | null } | null {
  const m = /^history\.incidents(?:\[(\d+)\]|\.(\d+))\.(\w+)$/.exec(path);
  const field = (m ? `${INCIDENT_PREFIX}${m[3]}` : path) as FieldPath;
  if (!FIELD_PATHS.includes(field)) return null;
  return { section: field.split('.')[0] as FactSection, field, incident: m ? Number(m[1] ?? m[2]) + 1 : null };
}

/**
 * Summary paths in words, grouped by section in the order given: ["traveler.name",
 * "traveler.isMinor"] -> [["Traveler", ["name", "minor"]]]; an incident's field with the
 * incident's number ("date of incident 2"); a section that is one fact has no names of its own.
 * A path the contract does not have is shown as it is, under "Other".
 */
export function pathGroups(paths: readonly string[], l: Labels): Array<[string, string[]]> {
  const groups = new Map<string, string[]>();
  for (const path of paths) {
    const parts = pathParts(path);
    const group = capitalized(l.section(parts?.section ?? 'other'));
    // A section that is one fact (other parties, documents) is named by the section alone.
    const names = !parts
      ? [path]
      : parts.field === parts.section
        ? []
        : [parts.incident === null ? l.field(parts.field) : l.incidentField(parts.field, parts.incident)];
    groups.set(group, [...(groups.get(group) ?? []), ...names]);
  }
  return [...groups];
}

/**
 * What is not known, each path in one list only: the contract lists a fact answered "not sure" in
 * `missing` too (an integration asks both), but the attorney reads it once, under "not sure".
 */
export function unknownLists(s: Summary): { missing: string[]; unsure: string[] } {
  const unsure = s.triage.unsure ?? [];
  const same = (a: string, b: string) => a === b || (pathParts(a) !== null && JSON.stringify(pathParts(a)) === JSON.stringify(pathParts(b)));
  return { missing: s.triage.missing.filter((p) => !unsure.some((u) => same(p, u))), unsure: [...unsure] };
}

/**
 * What was said with the answers (the summary's `answerDetails`), each with its fact in words
 * ("Relationship to traveler", "Place of incident 2"), in order: the text, the dashboard and the
 * PDF list them under the facts. A path the contract does not have is shown as it is.
 */
export function answerDetailLines(s: Summary, l: Labels): Array<{ fact: string; text: string }> {
  const list: unknown[] = Array.isArray(s.answerDetails) ? s.answerDetails : [];
  return list.flatMap((d) => {
    if (!d || typeof d !== 'object') return [];
    const { path, text } = d as { path?: unknown; text?: unknown };
    if (typeof path !== 'string' || typeof text !== 'string' || !text) return [];
    const parts = pathParts(path);
    const fact = !parts ? path : parts.incident === null ? l.field(parts.field) : l.incidentField(parts.field, parts.incident);
    return [{ fact: capitalized(fact), text }];
  });
}
