/**
 * What the API accepts, as zod schemas: the list's query string and the PATCH body. Strict, so a
 * misspelt parameter is a 400 that names it rather than a filter silently not applied.
 */
import { z } from 'zod';
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
  limit: z
    .string()
    .regex(/^\d+$/, 'an integer')
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_LIMIT))
    .optional(),
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

export const PatchBodySchema = z.strictObject({
  status: z.enum(HANDLING_STATUSES),
  /** Who handles it (an attorney's id or email in the integration's terms); the token's name when absent. */
  claimedBy: z.string().trim().min(1).max(200).optional(),
});

export type PatchBody = z.infer<typeof PatchBodySchema>;

/** The first problem of a failed parse, as the parameter it concerns and a sentence. */
export function firstIssue(error: z.ZodError): { parameter: string; message: string } {
  const issue = error.issues[0];
  if (issue.code === 'unrecognized_keys') return { parameter: issue.keys[0], message: `unknown parameter "${issue.keys[0]}"` };
  const parameter = issue.path.length ? String(issue.path[0]) : '';
  return { parameter, message: parameter ? `${parameter}: ${issue.message}` : issue.message };
}
