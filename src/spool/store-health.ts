/**
 * Whether the database answers, asked with a short timeout, and remembered as a flag the hot path
 * reads without I/O. The MongoDB driver waits up to serverSelectionTimeoutMS (30 s by default)
 * before it gives up on an unreachable server; a webhook cannot wait that long (Twilio gives up
 * after 15 s), so an answer not given within `timeoutMs` counts as "unreachable".
 */

export const PING_TIMEOUT_MS = 2_000;

export class DeadlineError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** `work`, or a DeadlineError once `ms` have passed (the work itself goes on; its outcome is ignored). */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(ms)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export class StoreHealth {
  private reachable = true;
  /** One ping at a time: against a dead server each waits out the driver's own timeout. */
  private inflight: Promise<boolean> | null = null;

  constructor(
    private readonly ping: () => Promise<boolean>,
    private readonly timeoutMs = PING_TIMEOUT_MS,
  ) {}

  /** The last answer: true until a check says otherwise. */
  get up(): boolean {
    return this.reachable;
  }

  /** Asks the database now (at most `timeoutMs`), and remembers the answer. */
  async check(): Promise<boolean> {
    if (!this.inflight) {
      const ping = this.ping().catch(() => false);
      this.inflight = ping;
      void ping.finally(() => {
        if (this.inflight === ping) this.inflight = null;
      });
    }
    const answered = await withDeadline(this.inflight, this.timeoutMs).catch(() => false);
    this.reachable = answered;
    return answered;
  }
}
