/**
 * The intake's context (dialogs/context.ts) as a schema, to check a stored context before the
 * chart runs on it: one that does not parse (an older shape, a broken record) is rebuilt from the
 * answers it holds instead of failing later inside a guard or the summary. Every answer must also
 * fit its question (a choice that no longer exists is not an answer any more).
 *
 * The type check at the end fails to compile when the context changes shape and this file does
 * not follow; changing it means raising INTERVIEW_VERSION (dialogs/interview-version.ts).
 */
import { z } from 'zod';
import type { Answer, IntakeContext } from './context';
import { FLAGS, LANGUAGES } from './context';
import { CHANNELS, STATUSES as SUMMARY_STATUSES } from '../src/summary/contract';
import { INCIDENT_FIELDS, QUESTION_IDS, questionDef, type IncidentQuestion, type QuestionId } from './questions';

const PlaceSchema = z.strictObject({ city: z.string().nullable(), region: z.string().nullable().optional(), country: z.string().nullable() });
const ValueSchema = z.union([z.string(), z.number(), z.array(z.string()), PlaceSchema]);
/** The rest of the message kept with an answer (dialogs/context.ts Answer). */
const details = z.string().optional();
export const AnswerSchema = z.union([
  z.strictObject({ value: ValueSchema, details }),
  z.strictObject({ unsure: z.literal(true), details, asap: z.literal(true).optional() }),
  z.strictObject({ none: z.literal(true), details }),
]);

const isString = (v: unknown): v is string => typeof v === 'string';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

/** Whether a recorded answer is one the question can have (its kind, its choices). */
export function answerFits(q: QuestionId, answer: Answer): boolean {
  if (!('value' in answer)) return true;
  const v = answer.value;
  const def = questionDef(q);
  const options: readonly string[] = def.options ?? [];
  switch (def.kind) {
    case 'choice':
      return isString(v) && options.includes(v);
    case 'multi':
      return isStrings(v) && v.every((x) => options.includes(x));
    case 'yesno':
      return v === 'yes' || v === 'no';
    case 'duration':
      return typeof v === 'number' && Number.isFinite(v) && v >= 0;
    case 'names':
    case 'countries':
      return isStrings(v);
    case 'place':
      return PlaceSchema.safeParse(v).success;
    default:
      return isString(v);
  }
}

const QuestionIdSchema = z.enum(QUESTION_IDS as [QuestionId, ...QuestionId[]]);
const IncidentIdSchema = z.enum(Object.keys(INCIDENT_FIELDS) as [IncidentQuestion, ...IncidentQuestion[]]);

/** Answers keyed by question, each fitting its question. */
function answersOf<K extends QuestionId>(keys: z.ZodEnum<{ [k in K]: k }>) {
  return z.partialRecord(keys, AnswerSchema).superRefine((answers, ctx) => {
    for (const [q, a] of Object.entries(answers) as Array<[K, Answer | undefined]>) {
      if (a && !answerFits(q, a)) ctx.addIssue({ code: 'custom', path: [q], message: 'does not fit the question' });
    }
  });
}
export const AnswersSchema = answersOf(QuestionIdSchema);
export const IncidentSchema = answersOf(IncidentIdSchema);
const FactsSchema = z.strictObject({ answers: AnswersSchema, incidents: z.array(IncidentSchema) });

const STATUSES = [...SUMMARY_STATUSES, 'declined'] as const;

/** Each field on its own, so a rebuild can keep every field that still parses. */
export const CONTEXT_FIELDS = {
  intakeId: z.string().min(1),
  reference: z.string().min(1),
  channel: z.enum(CHANNELS),
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
  status: z.enum(STATUSES),
  language: z.enum(LANGUAGES).nullable(),
  consent: z.strictObject({ noticeVersion: z.string(), acceptedAt: z.iso.datetime(), channel: z.enum(CHANNELS) }).nullable(),
  knownPhone: z.string().nullable(),
  answers: AnswersSchema,
  incidents: z.array(IncidentSchema),
  opener: z.strictObject({ text: z.string(), facts: FactsSchema }).nullable(),
  narrative: z.string().nullable(),
  flags: z.array(z.enum(FLAGS)),
  path: z.array(z.string()),
  reopen: QuestionIdSchema.nullable(),
  misses: z.number().int().min(0),
  resumeAt: z.string().nullable(),
};

export const IntakeContextSchema = z.strictObject(CONTEXT_FIELDS);

// The schema and the type say the same thing, both ways: a field added to one only does not compile.
type Parsed = z.infer<typeof IntakeContextSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesType: Same<Parsed, IntakeContext> = true;
void schemaMatchesType;
