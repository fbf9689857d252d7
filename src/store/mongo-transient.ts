/**
 * Errors of the MongoDB engine that say "this write lost a race or must be tried again", never
 * "the request is wrong": a request that meets one is retried or read again, not answered 500.
 *
 * - DocumentDB (Microsoft's PostgreSQL extension under FerretDB 2) can answer two concurrent
 *   inserts of the same unique key with PostgreSQL's "deadlock detected" (code 16908292) instead
 *   of a duplicate key (11000): PostgreSQL aborted one of the two, whose write did not happen.
 * - MongoDB labels errors a retry may cure: `TransientTransactionError`, `RetryableWriteError`
 *   (the driver retries a retryable write once by itself; a label that still reaches us means its
 *   retry failed too), and WriteConflict (112) where the storage engine refused a concurrent write.
 */
import { MongoError } from 'mongodb';

/** PostgreSQL's deadlock_detected (40P01), as DocumentDB encodes it in a MongoDB error code. */
export const DOCUMENTDB_DEADLOCK = 16908292;
/** MongoDB's WriteConflict. */
export const WRITE_CONFLICT = 112;
const LABELS = ['TransientTransactionError', 'RetryableWriteError'] as const;
/** Attempts of a write that meets only transient errors (the first included). */
export const TRANSIENT_ATTEMPTS = 3;

function transientOne(e: { code?: unknown; errmsg?: unknown; message?: unknown }): boolean {
  if (e.code === DOCUMENTDB_DEADLOCK || e.code === WRITE_CONFLICT) return true;
  const text = typeof e.errmsg === 'string' ? e.errmsg : typeof e.message === 'string' ? e.message : '';
  return /deadlock detected/i.test(text);
}

/** Whether `err` is one of the engine's transient errors (for a bulk write: every one of its write errors is). */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof MongoError && LABELS.some((l) => err.hasErrorLabel(l))) return true;
  const e = err as Error & { code?: unknown; errmsg?: unknown; writeErrors?: unknown };
  const writeErrors = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  if (writeErrors.length > 0) return writeErrors.every((w) => transientOne(w as { code?: unknown; errmsg?: unknown }));
  return transientOne(e);
}

/**
 * Runs `write` again while it fails with a transient error, at most TRANSIENT_ATTEMPTS times in
 * all; the last error (or any other) is thrown. Only for writes that may run twice: idempotent
 * ones, or conditional ones whose condition refuses a second application.
 */
export async function retryingTransient<T>(write: () => Promise<T>, attempts = TRANSIENT_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (attempt >= attempts || !isTransient(err)) throw err;
      // A short, growing pause: the other side of the deadlock finishes meanwhile.
      await new Promise((r) => setTimeout(r, 5 * attempt));
    }
  }
}
