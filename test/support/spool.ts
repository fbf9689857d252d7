/**
 * The outage spool seen from a test: the server's readiness, and a replay driven to its end (by
 * calling the replayer's tick, never by sleeping for a set time).
 */
import type { ReplayOutcome } from '../../src/spool/replayer';
import type { TestServer } from './server';

export async function readiness(app: TestServer): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${app.url}/readyz`);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

/** Replays until nothing waits, within a bounded number of passes (the database may take a moment to be seen again). */
export async function replayAll(app: TestServer): Promise<ReplayOutcome> {
  let last: ReplayOutcome | null = null;
  for (let pass = 0; pass < 150; pass++) {
    last = await app.parts.spooling.tick();
    if (last?.reachable && last.left === 0) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the spool was not replayed: ${JSON.stringify(last)}`);
}
