/**
 * Whether the database answers, asked with a short timeout, and remembered as a flag the hot path
 * reads without I/O. The MongoDB driver waits up to serverSelectionTimeoutMS (30 s by default)
 * before it gives up on an unreachable server; a webhook cannot wait that long (Twilio gives up
 * after 15 s), so an answer not given within `timeoutMs` counts as "unreachable".
 *
 * An overloaded database is not an unreachable one. The ping goes on a connection of its own
 * (MongoStore.ping), so it never waits behind the turns in the driver's pool; but a database
 * that runs its commands one after another (FerretDB's SQLite backend, a saturated server) can
 * still answer it late. So a check also counts as answered when any store operation gets its
 * answer while the ping is out (answered()): a database that is killed or frozen answers nothing.
 */

import { PING_TIMEOUT_MS } from '../store/mongo';

export { PING_TIMEOUT_MS };

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
  /** The checks under way, told when an operation gets its answer. */
  private readonly waiting = new Set<() => void>();

  constructor(
    private readonly ping: () => Promise<boolean>,
    private readonly timeoutMs = PING_TIMEOUT_MS,
  ) {}

  /** The last answer: true until a check says otherwise. */
  get up(): boolean {
    return this.reachable;
  }

  /**
   * Asks the database now (at most `timeoutMs`), and remembers the answer: up when the ping is
   * answered, or when another operation is answered meanwhile; else unreachable.
   */
  async check(): Promise<boolean> {
    if (!this.inflight) {
      const ping = this.ping().catch(() => false);
      this.inflight = ping;
      void ping.finally(() => {
        if (this.inflight === ping) this.inflight = null;
      });
    }
    let heard!: () => void;
    const otherAnswer = new Promise<true>((resolve) => (heard = () => resolve(true)));
    this.waiting.add(heard);
    // A failed ping is not the last word either: a turn may still be answered before the deadline.
    const pinged = this.inflight.then((ok) => (ok ? true : otherAnswer));
    try {
      const answered = await withDeadline(Promise.race([pinged, otherAnswer]), this.timeoutMs).catch(() => false);
      this.reachable = answered;
      return answered;
    } finally {
      this.waiting.delete(heard);
    }
  }

  /** A store operation just got its answer (a turn, a read): the checks under way count the database as up. */
  answered(): void {
    for (const heard of this.waiting) heard();
  }
}
