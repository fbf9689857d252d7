/**
 * What the API accepts, as zod schemas: the list's query string and the PATCH body. Strict, so a
 * misspelt parameter is a 400 that names it rather than a filter silently not applied.
 */
import { z } from 'zod';
import { MAX_ATTORNEY_TEXT } from '../conversation/takeover';
import { HANDLING_STATUSES, type HandlingStatus, type IntakeQuery } from '../store/handoff-store';
import { TIERS, type Tier } from '../summary/contract';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;
/** The tier filter's word for "no tier yet" (an intake still in its first questions). */
export const NO_TIER = 'none';

/** "a,b" -> ["a", "b"], each one of `allowed`; repeats kept once. */
function commaList<T extends string>(allowed: readonly T[]) {
  return z
    .string()
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()))])
    .pipe(z.array(z.enum(allowed as [T, ...T[]])).min(1));
}

export const ListQuerySchema = z.strictObject({
  status: commaList(HANDLING_STATUSES).optional(),
  tier: commaList([...TIERS, NO_TIER]).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.string().regex(/^\d+$/, 'an integer').transform(Number).pipe(z.number().int().min(1).max(MAX_LIMIT)).optional(),
  cursor: z.string().min(1).max(512).optional(),
});

export type ListQuery = z.infer<typeof ListQuerySchema>;

/** The store's query for a parsed list query: most recently updated first. */
export function intakeQuery(q: ListQuery): IntakeQuery {
  return {
    order: 'updated',
    limit: q.limit ?? DEFAULT_LIMIT,
    cursor: q.cursor ?? null,
    ...(q.status ? { handling: q.status as HandlingStatus[] } : {}),
    ...(q.tier ? { tier: q.tier.map((x) => (x === NO_TIER ? null : (x as Tier))) } : {}),
    ...(q.since ? { since: new Date(q.since).toISOString() } : {}),
  };
}

/**
 * The new handling status, and nothing else. Who claims it is the token ("token:NAME"), recorded
 * by the handling rules (src/handoff/handling.ts): a token is not an attorney, so it cannot name
 * one (claimedBy is refused with why, below).
 */
export const PatchBodySchema = z.strictObject({
  status: z.enum(HANDLING_STATUSES),
});

export type PatchBody = z.infer<typeof PatchBodySchema>;

/** An attorney's message to the family (POST /api/intakes/:id/messages): the words alone. */
export const MessageBodySchema = z.strictObject({
  text: z.string().trim().min(1, 'text: the message is empty').max(MAX_ATTORNEY_TEXT, `text: at most ${MAX_ATTORNEY_TEXT} characters (one text message)`),
});

/** Fields that are not unknown but not the API's to set: refused with why rather than "unknown". */
const NOT_SETTABLE: Record<string, string> = {
  claimedBy:
    'claimedBy: an API token cannot name who handles an intake (a token is not an attorney). A claim through the API is recorded as the token itself ("token:NAME"); an attorney claims an intake in the dashboard.',
};

/** The first problem of a failed parse, as the parameter it concerns and a sentence. */
export function firstIssue(error: z.ZodError): { parameter: string; message: string } {
  const issue = error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys.find((k) => k in NOT_SETTABLE) ?? issue.keys[0];
    return { parameter: key, message: NOT_SETTABLE[key] ?? `unknown parameter "${key}"` };
  }
  const parameter = issue.path.length ? String(issue.path[0]) : '';
  return { parameter, message: parameter ? `${parameter}: ${issue.message}` : issue.message };
}
