/**
 * The few facts of a summary a store keeps readable (unsealed) beside it, so the attorneys' queue
 * can be filtered and ordered without opening every summary. Nothing here is what the family wrote.
 */
import { TIERS, type Summary, type Tier } from './contract';

export interface ListingFields {
  reference: string;
  tier: Tier | null;
  /** 0 for E0 … 5 for R, 6 for no tier: the queue's order. */
  tierRank: number;
  intakeStatus: Summary['status'];
  escalated: boolean;
  /** An attorney should look at it now: finished (complete or abandoned), or escalated meanwhile. */
  queued: boolean;
  createdAt: string;
  updatedAt: string;
}

export function tierRank(tier: Tier | null): number {
  return tier === null ? TIERS.length : TIERS.indexOf(tier);
}

export function listingFields(s: Summary): ListingFields {
  const escalated = s.triage.escalationReasons.length > 0;
  return {
    reference: s.reference,
    tier: s.triage.tier,
    tierRank: tierRank(s.triage.tier),
    intakeStatus: s.status,
    escalated,
    queued: escalated || s.status === 'complete' || s.status === 'abandoned',
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
