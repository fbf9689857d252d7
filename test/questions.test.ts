/**
 * One definition per question (dialogs/questions.ts): its choices are the contract's own lists,
 * and no list of values is written out a second time anywhere in the code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import type { Answers, IncidentAnswers, Value } from '../dialogs/context';
import { QUESTIONS, fieldsOf, questionDef, type QuestionId } from '../dialogs/questions';
import { buildSummary, type SummaryInput } from '../src/summary/build';
import * as contract from '../src/summary/contract';
import type { Reason } from '../src/summary/contract';
import { FIELD_PATHS, INCIDENT_PREFIX, fieldSchema, lastKey, valueAt, type FieldPath } from '../src/summary/field-paths';
import { DERIVED_FIELDS, DETAIL_KEYS, FILLED_BY } from '../src/summary/fields';

const ROOT = join(__dirname, '..');

/** The TypeScript sources of the server and the chart (the widget is a bundle of its own). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'widget' ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The contract's value lists and the questions' own choices, with the file that defines them. */
const contractLists = (Object.entries(contract) as Array<[string, unknown]>).filter(
  (e): e is [string, readonly string[]] => Array.isArray(e[1]) && e[1].every((v) => typeof v === 'string'),
);
const lists: Array<[string, readonly string[], string]> = [
  ...contractLists.map(([name, values]): [string, readonly string[], string] => [`contract ${name}`, values, join('src', 'summary', 'contract.ts')]),
  // Choices that are a contract list are checked as that list.
  ...Object.entries(QUESTIONS).flatMap(([id, def]): Array<[string, readonly string[], string]> =>
    'options' in def && def.options && !contractLists.some(([, values]) => def.options.every((o) => values.includes(o)))
      ? [[`question ${id}`, def.options, join('dialogs', 'questions.ts')]]
      : [],
  ),
];

describe('value lists are written once', () => {
  const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'dialogs'))].map((path) => ({
    path: relative(ROOT, path),
    text: readFileSync(path, 'utf8'),
  }));
  /** Every array literal of quoted strings written in a file, as a set of its strings. */
  const arrays = (text: string) =>
    [...text.matchAll(/\[\s*(?:(['"])[\w-]+\1\s*,\s*)*(['"])[\w-]+\2\s*,?\s*\]/g)].map(
      (m) => new Set([...m[0].matchAll(/(['"])([\w-]+)\1/g)].map((q) => q[2])),
    );

  it('finds the lists to look for', () => {
    expect(lists.map(([name]) => name)).toEqual(expect.arrayContaining(['contract REASONS', 'contract DOCUMENTS', 'question port']));
  });

  // A list of four values or more written out again (all of it, or all but one value) is a copy
  // that can drift: import it instead. Records keyed by the values (`satisfies Record<Reason, …>`)
  // are checked by the compiler and are not copies.
  it.each(lists.filter(([, values]) => values.length >= 4))('%s is written out only where it is defined', (_, values, home) => {
    const copies = files
      .filter((f) => f.path !== home)
      .filter((f) => arrays(f.text).some((found) => values.filter((v) => found.has(v)).length >= values.length - 1))
      .map((f) => f.path);
    expect(copies).toEqual([]);
  });
});

// ---- each answer fills the field its definition names -----------------------------------------

describe('each definition drives the summary', () => {
  const NOW = new Date('2026-12-01T15:00:00Z');
  const base: SummaryInput = {
    intakeId: 'int_0001',
    reference: 'HP-7K3Q9',
    channel: 'sms',
    createdAt: '2026-12-01T14:00:00.000Z',
    completedAt: null,
    status: 'in_progress',
    language: 'en',
    consent: null,
    answers: {},
    incidents: [],
    narrative: null,
    flags: [],
  };
  const build = (answers: Answers, incidents: IncidentAnswers[] = []) =>
    buildSummary({ ...base, answers, incidents }, { now: NOW, timeZone: 'America/New_York', updatedAt: NOW.toISOString(), transcriptId: 't' });

  /** A value of the question's kind, and what the field then holds. */
  function sample(q: QuestionId): { value: Value; field: unknown } {
    const def = questionDef(q);
    const [path] = fieldsOf(q);
    switch (def.kind) {
      case 'choice':
      case 'multi': {
        const option = def.options![def.options!.length - 1];
        return def.kind === 'multi' ? { value: [option], field: [option] } : { value: option, field: option };
      }
      case 'choiceOrText':
        return { value: def.options![0], field: def.values?.[def.options![0]] ?? def.options![0] };
      case 'yesno':
        return { value: 'yes', field: fieldSchema(path) instanceof z.ZodBoolean ? true : 'yes' };
      case 'names':
        return { value: ['Jane Roe'], field: ['Jane Roe'] };
      case 'countries':
        return { value: ['MX'], field: ['MX'] };
      case 'futureDate':
        return { value: '2026-12-20', field: '2026-12-20' };
      case 'pastDate':
        return { value: '2009-03', field: '2009-03' };
      case 'duration':
        return { value: 30, field: 30 };
      case 'phone':
        return { value: '+17165550123', field: '+17165550123' };
      default:
        return { value: `words for ${q}`, field: `words for ${q}` };
    }
  }

  /** The answers that make question `q` apply: the reason its detail belongs to, the role it is asked of. */
  function context(q: QuestionId): Answers {
    const [path] = fieldsOf(q);
    if (!path.startsWith('request.details.')) return q === 'relationship' ? { role: { value: 'family' } } : {};
    const reason = (Object.keys(DETAIL_KEYS) as Reason[]).find((r) => DETAIL_KEYS[r].includes(lastKey(path) as never))!;
    return { reason: { value: reason } };
  }

  const direct = [...FILLED_BY].filter(([path]) => !(path in DERIVED_FIELDS));

  it('every fact of the contract has a source: a question, or a derivation written by hand', () => {
    const sourced = new Set<string>([...FILLED_BY.keys(), ...Object.keys(DERIVED_FIELDS), 'history.incidents', 'request.details.hearingDates']);
    expect(FIELD_PATHS.filter((p) => !sourced.has(p))).toEqual([]);
    expect(direct.length).toBeGreaterThan(30);
  });

  it.each(direct.filter(([path]) => !path.startsWith(INCIDENT_PREFIX)))('%s: filled by %s, as answered', (path, q) => {
    const { value, field } = sample(q);
    const s = build({ ...context(q), [q]: { value } });
    expect(valueAt(s, path)).toEqual(field);
  });

  it.each(direct.filter(([path]) => path.startsWith(INCIDENT_PREFIX)))('%s: filled by %s, in each incident', (path, q) => {
    const { value, field } = sample(q);
    const s = build({ criminal: { value: 'yes' } }, [{ [q]: { value } }]);
    expect(s.history.incidents).toHaveLength(1);
    expect(valueAt(s.history.incidents[0], lastKey(path) as FieldPath)).toEqual(field);
  });

  it.each(direct.filter(([, q]) => questionDef(q).unsure))('%s: "not sure" to %s is unsure where the field can say it, else unknown', (path, q) => {
    const answers = { ...context(q), [q]: { unsure: true } } as Answers;
    const s = path.startsWith(INCIDENT_PREFIX) ? build({}, [{ [q]: { unsure: true } }]) : build(answers);
    const value = path.startsWith(INCIDENT_PREFIX) ? valueAt(s.history.incidents[0], lastKey(path) as FieldPath) : valueAt(s, path);
    const schema = fieldSchema(path);
    const holdsUnsure = schema instanceof z.ZodEnum && (schema.options as unknown[]).includes('unsure');
    expect(value).toEqual(holdsUnsure ? 'unsure' : schema instanceof z.ZodArray ? [] : path.startsWith('request.details.') ? undefined : null);
  });

  it('a choice offers exactly the values the field holds (but "not sure", which is the question\'s own)', () => {
    for (const [path, q] of FILLED_BY) {
      const def = questionDef(q);
      if (def.kind !== 'choice' && def.kind !== 'multi') continue;
      const schema = fieldSchema(path);
      const values = schema instanceof z.ZodArray ? (schema.element as z.ZodEnum).options : (schema as z.ZodEnum).options;
      expect([q, [...def.options!]]).toEqual([q, values.filter((v) => v !== 'unsure')]);
      expect([q, def.labels]).toEqual([q, expect.any(String)]);
    }
  });
});
