/**
 * What a handling button does to an intake's handling, decided without I/O on the firm's one set
 * of rules (src/handoff/handling.ts): the change to write and the status it must still have (the
 * store's compare-and-set), or why it is refused. An intake another attorney has claimed changes
 * only after an explicit take-over, never silently.
 */
import { transition } from '../handoff/handling';
import type { Handling, HandlingStatus } from '../store/handoff-store';

export const ACTIONS = ['claim', 'contacted', 'closed', 'reopen', 'takeover'] as const;
export type HandlingAction = (typeof ACTIONS)[number];

export type Refusal = 'lost_claim' | 'claimed_by_other' | 'changed' | 'not_allowed';

export type Decision = { ok: true; next: Handling; expected: HandlingStatus; flash: string } | { ok: false; refusal: Refusal };

export interface Request {
  action: HandlingAction;
  /** The status the page showed when the button was pressed. */
  seenStatus: string;
  /** Who the page showed as claiming it ('' for nobody). */
  seenClaimedBy: string;
  by: string;
  at: string;
}

/** The statuses an action goes through (reopening puts it back in the queue and claims it). */
function stepsOf(action: HandlingAction, current: Handling): HandlingStatus[] {
  switch (action) {
    case 'claim':
      return ['claimed'];
    case 'contacted':
      return ['contacted'];
    case 'closed':
      return ['closed'];
    case 'reopen':
      return ['new', 'claimed'];
    case 'takeover':
      return [current.status];
  }
}

export function decide(current: Handling, r: Request): Decision {
  // The page was out of date: say so rather than act on what the attorney did not see.
  if (current.status !== r.seenStatus || (current.claimedBy ?? '') !== r.seenClaimedBy) {
    return { ok: false, refusal: r.action === 'claim' && current.claimedBy && current.claimedBy !== r.by ? 'lost_claim' : 'changed' };
  }
  const byOther = current.claimedBy !== null && current.claimedBy !== r.by;
  // What the dashboard adds to the shared rules: a claim is only of a new intake, and what
  // another attorney has claimed changes hands only by an explicit take-over.
  if (r.action === 'claim' && current.status !== 'new') return { ok: false, refusal: byOther ? 'lost_claim' : 'not_allowed' };
  if (r.action === 'takeover' && (!byOther || current.status === 'closed' || current.status === 'new')) return { ok: false, refusal: 'not_allowed' };
  if ((r.action === 'contacted' || r.action === 'closed') && byOther) return { ok: false, refusal: 'claimed_by_other' };
  let next = current;
  for (const to of stepsOf(r.action, current)) {
    // The attorney who presses a button takes the claim (what another holds, only by a take-over: above).
    const t = transition(next, to, { actor: r.by, at: r.at, takeOver: true });
    if (t.kind === 'refused') return { ok: false, refusal: 'not_allowed' };
    if (t.kind === 'change') next = t.next;
  }
  if (next === current) return { ok: false, refusal: 'not_allowed' };
  return { ok: true, expected: current.status, flash: FLASH[r.action], next };
}

const FLASH: Record<HandlingAction, string> = { claim: 'claimed', contacted: 'contacted', closed: 'closed', reopen: 'reopened', takeover: 'taken_over' };
