/**
 * A cap on the web conversations one IP has open at once, in memory.
 *
 * "Open", simply: started from that IP, with a message from the user within the last `idleMs`,
 * and not finished. Starting one and each message the user posts count as activity (polling for
 * replies does not: a tab left open is not a family typing). Finished (completed, declined,
 * opted out) is asked of the store only when an IP is at its cap, so the usual path costs no
 * read: the `finished` callback is given by the caller.
 *
 * Memory stays bounded: an IP's conversations are at most `cap` (the cap refuses more), idle ones
 * are dropped whenever that IP is seen, all of them every `sweepEvery` starts, and past `maxIps`
 * the least recently active IP is forgotten.
 */
import { ALLOWED, type Decision } from './rate-limiter';

export interface OpenConversationsOptions {
  /** At most this many open per IP. 0: no cap. */
  cap: number;
  idleMs: number;
  maxIps?: number;
  now?: () => number;
}

export class OpenConversations {
  readonly cap: number;
  readonly idleMs: number;
  private readonly maxIps: number;
  private readonly now: () => number;
  /** IP → conversation id → last activity (ms); IPs in order of last activity. */
  private readonly byIp = new Map<string, Map<string, number>>();
  /** Conversation id → the IP that started it. */
  private readonly ipOf = new Map<string, string>();
  private starts = 0;
  private static readonly SWEEP_EVERY = 1000;

  constructor(o: OpenConversationsOptions) {
    this.cap = o.cap;
    this.idleMs = o.idleMs;
    this.maxIps = o.maxIps ?? 100_000;
    this.now = o.now ?? Date.now;
  }

  /** Conversations held (for tests). */
  get size(): number {
    return this.ipOf.size;
  }

  /** How many `ip` has open now (without asking about finished ones). */
  openCount(ip: string): number {
    this.dropIdle(ip, this.now());
    return this.byIp.get(ip)?.size ?? 0;
  }

  /**
   * May `ip` start one more? At the cap, the finished ones are asked about and let go first;
   * still at the cap, Retry-After is when its least recently active one goes idle.
   */
  async check(ip: string, finished: (conversationId: string) => Promise<boolean>): Promise<Decision> {
    if (this.cap <= 0) return ALLOWED;
    const now = this.now();
    this.dropIdle(ip, now);
    const open = this.byIp.get(ip);
    if (!open || open.size < this.cap) return ALLOWED;
    for (const id of [...open.keys()]) {
      if (await finished(id)) this.forget(id);
    }
    const still = this.byIp.get(ip);
    if (!still || still.size < this.cap) return ALLOWED;
    const oldest = Math.min(...still.values());
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.idleMs - this.now()) / 1000)) };
  }

  /** `ip` started `conversationId` now. */
  started(ip: string, conversationId: string): void {
    if (this.cap <= 0) return;
    const now = this.now();
    const open = this.byIp.get(ip) ?? new Map<string, number>();
    this.byIp.delete(ip);
    this.byIp.set(ip, open);
    open.set(conversationId, now);
    this.ipOf.set(conversationId, ip);
    if (++this.starts % OpenConversations.SWEEP_EVERY === 0) this.sweep(now);
    while (this.byIp.size > this.maxIps) this.forgetIp(this.byIp.keys().next().value as string);
  }

  /** The user posted to `conversationId`: it stays open. A conversation not started here is ignored. */
  touched(conversationId: string): void {
    const ip = this.ipOf.get(conversationId);
    if (ip === undefined) return;
    const open = this.byIp.get(ip);
    if (!open) return;
    open.set(conversationId, this.now());
    this.byIp.delete(ip);
    this.byIp.set(ip, open);
  }

  /** Drops every idle conversation of every IP. */
  sweep(now = this.now()): void {
    for (const ip of [...this.byIp.keys()]) this.dropIdle(ip, now);
  }

  private dropIdle(ip: string, now: number): void {
    const open = this.byIp.get(ip);
    if (!open) return;
    for (const [id, at] of open) if (now - at >= this.idleMs) this.forget(id);
  }

  private forget(conversationId: string): void {
    const ip = this.ipOf.get(conversationId);
    this.ipOf.delete(conversationId);
    if (ip === undefined) return;
    const open = this.byIp.get(ip);
    open?.delete(conversationId);
    if (open && open.size === 0) this.byIp.delete(ip);
  }

  private forgetIp(ip: string): void {
    for (const id of this.byIp.get(ip)?.keys() ?? []) this.ipOf.delete(id);
    this.byIp.delete(ip);
  }
}
