/**
 * When a failed delivery is tried again: soon at first (a mail server restarting, a webhook
 * receiver deploying), then less and less often, then hourly; after a day the item is given up
 * (the dashboard still shows the intake, and the failure is logged with its code).
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** The wait after the 1st, 2nd, … failure; the last one repeats. */
export const RETRY_DELAYS_MS: readonly number[] = [10 * SECOND, 30 * SECOND, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, 60 * MINUTE];

/** An item still failing this long after it was created fails for good. */
export const GIVE_UP_AFTER_MS = 24 * 60 * MINUTE;

/** How long an instance holds an item it works on: longer than any send may take (see deliveries.ts timeouts). */
export const LEASE_MS = 2 * MINUTE;

export type RetryDecision = { retry: true; dueAt: Date } | { retry: false };

/** `attempts`: failures so far, this one included. */
export function nextAttempt(attempts: number, createdAt: Date, now: Date): RetryDecision {
  if (now.getTime() - createdAt.getTime() >= GIVE_UP_AFTER_MS) return { retry: false };
  const delay = RETRY_DELAYS_MS[Math.min(Math.max(attempts, 1), RETRY_DELAYS_MS.length) - 1];
  return { retry: true, dueAt: new Date(now.getTime() + delay) };
}
