/**
 * The queue's query string, read into a store query: the view (queue, still in progress, closed),
 * filters by handling status and tier, and the store's cursor. Pure; anything unknown is ignored.
 */
import { TIERS, type Tier } from '../summary/contract';
import { HANDLING_STATUSES, type HandlingStatus, type IntakeQuery } from '../store/handoff-store';

export const PAGE_SIZE = 25;
export const VIEWS = ['queue', 'progress', 'closed'] as const;
export type QueueView = (typeof VIEWS)[number];

export interface QueueFilters {
  view: QueueView;
  status: HandlingStatus | null;
  /** A tier, 'none' (no tier yet), or null for any. */
  tier: Tier | 'none' | null;
  cursor: string | null;
}

const one = (v: unknown): string | null => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : null);

export function readFilters(query: unknown): QueueFilters {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const view = one(q.view);
  const status = one(q.status);
  const tier = one(q.tier);
  const cursor = one(q.cursor);
  return {
    view: (VIEWS as readonly string[]).includes(view ?? '') ? (view as QueueView) : 'queue',
    status: (HANDLING_STATUSES as readonly string[]).includes(status ?? '') ? (status as HandlingStatus) : null,
    tier: tier === 'none' ? 'none' : (TIERS as readonly string[]).includes(tier ?? '') ? (tier as Tier) : null,
    cursor: cursor && cursor.length <= 500 ? cursor : null,
  };
}

const OPEN: HandlingStatus[] = ['new', 'claimed', 'contacted'];

export function intakeQuery(f: QueueFilters): IntakeQuery {
  const q: IntakeQuery = { order: 'queue', limit: PAGE_SIZE, cursor: f.cursor };
  if (f.view === 'closed') {
    q.handling = ['closed'];
    q.order = 'updated';
  } else {
    q.queued = f.view === 'queue';
    q.handling = OPEN;
  }
  if (f.status) q.handling = [f.status];
  if (f.tier) q.tier = [f.tier === 'none' ? null : f.tier];
  return q;
}

/** The query string of a filtered page (the cursor last). */
export function queueHref(f: QueueFilters, cursor: string | null = null): string {
  const p = new URLSearchParams();
  if (f.view !== 'queue') p.set('view', f.view);
  if (f.status) p.set('status', f.status);
  if (f.tier) p.set('tier', f.tier);
  if (cursor) p.set('cursor', cursor);
  const s = p.toString();
  return s ? `/intakes?${s}` : '/intakes';
}
