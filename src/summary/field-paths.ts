/**
 * The summary's facts as paths ("traveler.name", "request.details.condition",
 * "history.incidents[].outcome"), read from the contract's schema in its own order: the order the
 * summary, its `missing` list and every surface show them in. A question's definition names the
 * path it fills (dialogs/questions.ts), so a field added to the contract and named by a question
 * is mapped, checked and shown without another list to keep.
 */
import { z } from 'zod';
import { SummarySchema, type Details, type Incident, type Summary } from './contract';

type Keys<T> = Extract<keyof T, string>;
type Under<P extends string, T> = { [K in Keys<T>]-?: `${P}.${K}` }[Keys<T>];

/** Every fact of the summary a question can fill, as a path into the contract. */
export type FieldPath =
  | Under<'contact', Summary['contact']>
  | Under<'traveler', Summary['traveler']>
  | Under<'request', Omit<Summary['request'], 'details'>>
  | Under<'request.details', Required<Details>>
  | Under<'history', Summary['history']>
  | Under<'history.incidents[]', Incident>
  | 'otherParties'
  | 'documentsOnHand';

/** The summary's sections that hold facts (the others are about the intake: status, triage, consent…). */
export const FACT_SECTIONS = ['contact', 'traveler', 'request', 'otherParties', 'history', 'documentsOnHand'] as const;
export type FactSection = (typeof FACT_SECTIONS)[number];

export const INCIDENT_PREFIX = 'history.incidents[].';

/** The schema under its nullable / optional / default wrappers. */
function bare(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodNullable || s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
  return s;
}

function walk(schema: z.ZodType, path: string, out: string[]): void {
  const s = bare(schema);
  if (s instanceof z.ZodObject) {
    for (const [k, v] of Object.entries(s.shape)) walk(v as z.ZodType, `${path}.${k}`, out);
    return;
  }
  out.push(path);
  // A list of objects (the incidents): the list, then each field of one item.
  if (s instanceof z.ZodArray && bare(s.element as z.ZodType) instanceof z.ZodObject) walk(s.element as z.ZodType, `${path}[]`, out);
}

/** Every fact path, in the contract's order. */
export const FIELD_PATHS: readonly FieldPath[] = FACT_SECTIONS.flatMap((section) => {
  const out: string[] = [];
  const shape = SummarySchema.shape[section] as z.ZodType;
  if (bare(shape) instanceof z.ZodObject) {
    for (const [k, v] of Object.entries((bare(shape) as z.ZodObject).shape)) walk(v as z.ZodType, `${section}.${k}`, out);
  } else out.push(section);
  return out as FieldPath[];
});

/** The field's schema in the contract (without its null / absent wrappers). */
export function fieldSchema(path: FieldPath): z.ZodType {
  let s: z.ZodType = SummarySchema;
  for (const part of path.split('.')) {
    const key = part.endsWith('[]') ? part.slice(0, -2) : part;
    s = (bare(s) as z.ZodObject).shape[key] as z.ZodType;
    if (part.endsWith('[]')) s = (bare(s) as z.ZodArray).element as z.ZodType;
  }
  return bare(s);
}

/** What an unknown fact is: [] for a list, absent for a detail (optional), null otherwise. */
export function emptyOf(path: FieldPath): [] | null | undefined {
  if (fieldSchema(path) instanceof z.ZodArray) return [];
  return path.startsWith('request.details.') ? undefined : null;
}

/** The field can say "not sure" itself (its values include 'unsure'): yes / no / unsure, an outcome. */
export function holdsUnsure(path: FieldPath): boolean {
  const s = fieldSchema(path);
  return s instanceof z.ZodEnum && (s.options as readonly unknown[]).includes('unsure');
}

/** The field is a true / false (traveler.isMinor), where a yes / no question answers it. */
export function isBoolean(path: FieldPath): boolean {
  return fieldSchema(path) instanceof z.ZodBoolean;
}

/** The value at `path` of a summary (or of its sections); an incident's field needs the incident. */
export function valueAt(s: object, path: FieldPath): unknown {
  return path.split('.').reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), s);
}

/** "history.incidents[].date" -> "date"; "request.details.condition" -> "condition". */
export const lastKey = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/** A fact's label in locales/en/labels.json ("history.incidents[].date" -> "field.history.incident.date"). */
export function fieldLabelKey(path: FieldPath): string {
  return `field.${path.replace('incidents[].', 'incident.')}`;
}

/** A section's label in locales/en/labels.json. */
export const sectionLabelKey = (section: FactSection) => `section.${section}`;
