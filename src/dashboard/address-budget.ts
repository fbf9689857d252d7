/**
 * Failed sign-ins per address (RATE_LOGIN_FAILURES_PER_IP_PER_HOUR), across accounts: the
 * per-account lock-out does not stop one address trying a few passwords on many accounts.
 *
 * Counted in the store, so that instances sharing a database share the count, and charged BEFORE
 * the password is checked: a burst of attempts at once cannot all pass a limit that would only be
 * charged once each check is done. A right password gives its charge back.
 *
 * A sliding window: the count of the current window, plus the previous window's weighted by the
 * share of it still within the last `windowMs`, must stay below the limit. Each count is one
 * conditional increment in the store (the previous window no longer grows, so reading it first is
 * safe). The address is kept only as an HMAC with the server's secret; counts expire two windows
 * after their own starts, and are swept now and then by whoever charges.
 */
import { createHmac } from 'node:crypto';
import type { AccountStore } from '../store/account-store';

export type Charge = { allowed: true; refund(): Promise<void> } | { allowed: false; retryAfterSeconds: number };

const NOTHING_TO_REFUND = async () => undefined;
const iso = (ms: number) => new Date(ms).toISOString();

/** How long until one more would be allowed, if nothing else is counted meanwhile. */
function waitMs(limit: number, previous: number, current: number, elapsed: number, windowMs: number): number {
  if (current < limit && previous > 0) {
    // Later in this window, once enough of the previous one has slid out.
    const share = 1 - (limit - current) / previous;
    if (share < 1) return Math.max(0, (share - elapsed) * windowMs);
  }
  // In the next window, this one's count becomes the previous one.
  const share = current > 0 ? Math.max(0, 1 - limit / current) : 0;
  return (1 - elapsed + share) * windowMs;
}

export class AddressBudget {
  private sweptAt = -Infinity;

  constructor(private readonly o: { accounts: AccountStore; secret: string; limit: number; windowMs: number }) {}

  /** The address as stored: an HMAC, so a copy of the database does not list who tried. */
  keyOf(ip: string): string {
    return createHmac('sha256', this.o.secret).update(`sign-in address\u0000${ip}`).digest('base64url');
  }

  /** Counts one failure against the address before its password is checked, or refuses. */
  async charge(ip: string, nowMs: number): Promise<Charge> {
    const { accounts, limit, windowMs } = this.o;
    if (limit <= 0) return { allowed: true, refund: NOTHING_TO_REFUND };
    await this.sweep(nowMs);
    const key = this.keyOf(ip);
    const index = Math.floor(nowMs / windowMs);
    const window = iso(index * windowMs);
    const elapsed = (nowMs - index * windowMs) / windowMs;
    const previous = await accounts.loginFailures(key, iso((index - 1) * windowMs));
    // previous × (1 - elapsed) + current < limit  ⇔  current < ceil(limit - previous × (1 - elapsed))
    const below = Math.ceil(limit - previous * (1 - elapsed));
    if (await accounts.addLoginFailure(key, window, below, iso((index + 2) * windowMs))) {
      return { allowed: true, refund: () => accounts.removeLoginFailure(key, window) };
    }
    const current = await accounts.loginFailures(key, window);
    // Past the exact moment: at it, the count is still one too many.
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.floor(waitMs(limit, previous, current, elapsed, windowMs) / 1000) + 1) };
  }

  /** Expired counts deleted at most every sixth of a window, by this instance. */
  private async sweep(nowMs: number): Promise<void> {
    if (Math.abs(nowMs - this.sweptAt) < this.o.windowMs / 6) return;
    this.sweptAt = nowMs;
    await this.o.accounts.deleteExpiredLoginFailures(iso(nowMs));
  }
}
