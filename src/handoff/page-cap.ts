/**
 * The cap on pages (PAGES_PER_HOUR_PER_TIER): how many escalations of one tier, in one hour, page
 * the on-call attorney (and, likewise, the backup) one by one. Past the cap, ONE summary page for
 * that hour says how many more came in and points to the dashboard; the others page nobody. The
 * escalations are all recorded and listed on the dashboard: only the paging is capped, so a flood
 * (scripted conversations on any channel) cannot ring the attorney's phone all night.
 *
 * The count is the handoff store's page counter, shared by every instance. Its key is made from
 * the level, the tier and the hour of the escalation's own time (not of the worker's clock), so a
 * retried step counts in the same hour, and the store counts each escalation once.
 */
import { z } from 'zod';
import type { Tier } from '../summary/contract';
import { TIERS } from '../summary/contract';

export type PagerLevel = 'oncall' | 'backup';

/** "oncall:E0:2026-11-28T07": one level's pages for one tier in one hour (UTC). */
export function pageCounterKey(level: PagerLevel, tier: Tier | null, at: string): string {
  return `${level}:${tier ?? 'none'}:${new Date(at).toISOString().slice(0, 13)}`;
}

/** What an escalation's place in its counter means: paged one by one, the hour's summary, or nothing. */
export type PageDecision = 'page' | 'summary' | 'held';

export function pageDecision(place: number, cap: number): PageDecision {
  if (cap <= 0 || place <= cap) return 'page';
  return place === cap + 1 ? 'summary' : 'held';
}

/** The summary page's outbox item: named from its counter, so there is one per level, tier and hour. */
export const PageSummaryPayloadSchema = z.object({
  level: z.enum(['oncall', 'backup']),
  tier: z.enum(TIERS).nullable(),
  /** The counter whose total, less the cap, is how many more came in. */
  key: z.string(),
  cap: z.number().int().positive(),
});
export type PageSummaryPayload = z.infer<typeof PageSummaryPayloadSchema>;

export function pageSummaryId(key: string): string {
  return `page-summary:${key}`;
}
