/**
 * The firm's handling of an intake, one set of rules for the dashboard and the API: what a change
 * of status does to the handling, decided without I/O: the handling to write, nothing to do
 * (already so), or a refusal when the change makes no sense from where the intake is (a closed
 * intake is reopened to "new" before anyone claims it again; a contacted one is not "claimed"
 * again).
 *
 *   new       -> claimed, contacted, closed
 *   claimed   -> new (released), contacted, closed, claimed (handed to someone else)
 *   contacted -> closed, contacted (handed to someone else)
 *   closed    -> new (reopened)
 */
import type { Handling, HandlingStatus } from '../store/handoff-store';

export type Transition = { kind: 'change'; next: Handling } | { kind: 'same' } | { kind: 'refused' };

const ALLOWED: Record<HandlingStatus, readonly HandlingStatus[]> = {
  new: ['claimed', 'contacted', 'closed'],
  claimed: ['new', 'claimed', 'contacted', 'closed'],
  contacted: ['contacted', 'closed'],
  closed: ['new'],
};

/**
 * `actor` is who acts, and the only one a claim can name: an attorney on the dashboard, or an
 * integration's token ("token:NAME") through the API. No caller names someone else: a token is
 * not an attorney, and cannot claim an intake in one's name. With `takeOver` (the dashboard's
 * buttons) a claim or contact moves to the actor; without it (the API) whoever had the claim keeps
 * it, and an unclaimed intake is claimed by the actor.
 */
export function transition(current: Handling, to: HandlingStatus, o: { actor: string; at: string; takeOver?: boolean }): Transition {
  const takeOver = o.takeOver === true;
  const handedOver = takeOver && (to === 'claimed' || to === 'contacted') && current.claimedBy !== o.actor;
  if (current.status === to && !handedOver) return { kind: 'same' };
  if (!ALLOWED[current.status].includes(to)) return { kind: 'refused' };
  const stamp = { updatedAt: o.at, updatedBy: o.actor };
  const claimer = takeOver ? o.actor : (current.claimedBy ?? o.actor);
  switch (to) {
    case 'new':
      // Released or reopened: nobody handles it any more; the history is in the audit log.
      return { kind: 'change', next: { status: 'new', claimedBy: null, claimedAt: null, contactedAt: null, closedAt: null, ...stamp } };
    case 'claimed':
      return { kind: 'change', next: { ...current, status: 'claimed', claimedBy: claimer, claimedAt: o.at, ...stamp } };
    case 'contacted':
      // Handed to someone else after the contact: the contact stays as it was.
      if (current.status === 'contacted') return { kind: 'change', next: { ...current, claimedBy: claimer, claimedAt: o.at, ...stamp } };
      return {
        kind: 'change',
        next: { ...current, status: 'contacted', claimedBy: claimer, claimedAt: current.claimedAt ?? o.at, contactedAt: o.at, ...stamp },
      };
    case 'closed':
      return { kind: 'change', next: { ...current, status: 'closed', closedAt: o.at, ...stamp } };
  }
}
