/**
 * A token-bucket rate limiter keyed by string (a phone number, an IP), in memory.
 *
 * Each key has a bucket of `limit` tokens that refills continuously at `limit` per `windowMs`:
 * a burst of `limit` passes at once, then one more every windowMs / limit. A request takes a
 * token; with none left it is refused, and Retry-After is the wait until the next token.
 *
 * Memory stays bounded: a bucket untouched for a whole window has refilled, which is the same as
 * having none, so it is dropped (the oldest are looked at on every call: the map keeps keys in
 * order of last use). Past `maxKeys` the least recently used bucket is dropped even if not full:
 * under a flood of distinct keys the limiter forgets the oldest rather than grow; that key then
 * starts afresh (it fails open for that key, never shut for everyone).
 *
 * Pure: no I/O, and time comes from the `now` it is given.
 */

export interface Decision {
  allowed: boolean;
  /** Whole seconds until a request would pass (0 when it passes now). */
  retryAfterSeconds: number;
}

export interface RateLimiterOptions {
  /** Tokens per window (and the burst). 0: no limit. */
  limit: number;
  windowMs: number;
  /** Most keys kept at once. */
  maxKeys?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last computed (ms). */
  at: number;
}

export const ALLOWED: Decision = Object.freeze({ allowed: true, retryAfterSeconds: 0 });

export class RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly maxKeys: number;
  private readonly now: () => number;
  private readonly buckets = new Map<string, Bucket>();
  /** Tokens regained per millisecond. */
  private readonly rate: number;

  constructor(o: RateLimiterOptions) {
    if (!Number.isInteger(o.limit) || o.limit < 0) throw new RangeError('limit: a whole number, 0 for none');
    if (!(o.windowMs > 0)) throw new RangeError('windowMs: above 0');
    this.limit = o.limit;
    this.windowMs = o.windowMs;
    this.maxKeys = o.maxKeys ?? 100_000;
    this.now = o.now ?? Date.now;
    this.rate = o.limit / o.windowMs;
  }

  get enabled(): boolean {
    return this.limit > 0;
  }

  /** How many keys are held now (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes a token for `key`, or says how long to wait. */
  take(key: string): Decision {
    return this.decide(key, true);
  }

  /** Would `take` pass now? Takes nothing. */
  peek(key: string): Decision {
    return this.decide(key, false);
  }

  private decide(key: string, consume: boolean): Decision {
    if (!this.enabled) return ALLOWED;
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(this.limit, bucket.tokens + (now - bucket.at) * this.rate) : this.limit;
    if (tokens < 1) {
      // Refused: the bucket is not touched (waiting does not cost a token).
      // Multiplied before dividing: (1 - tokens) / rate rounds 1800 s up to 1801.
      const waitMs = ((1 - tokens) * this.windowMs) / this.limit;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    if (!consume) return ALLOWED;
    // Moved to the end: the map's order is the order of last use.
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    return ALLOWED;
  }

  /** Drops the buckets untouched for a window (they are full again): the oldest come first. */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.at < this.windowMs) return;
      this.buckets.delete(key);
    }
  }
}

/** Takes from every limiter or from none: refused by any, the longest wait is returned. */
export function takeAll(limiters: readonly RateLimiter[], key: string): Decision {
  let wait = 0;
  for (const l of limiters) {
    const d = l.peek(key);
    if (!d.allowed) wait = Math.max(wait, d.retryAfterSeconds);
  }
  if (wait > 0) return { allowed: false, retryAfterSeconds: wait };
  for (const l of limiters) l.take(key);
  return ALLOWED;
}
