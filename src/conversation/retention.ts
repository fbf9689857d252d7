/**
 * Retention: intakes that were abandoned or opted out are purged after RETENTION_DAYS, keeping
 * only the minimal record a conflict check needs; conversations that ended before consent (no
 * intake: abandoned, opted out or declined) are deleted after the same time, what they wrote
 * included. A scheduled job rather than a TTL index (FerretDB has none, and a job run is
 * recorded: who ran it, when, how many it purged). With several instances, each day's run is
 * claimed by exactly one of them.
 */
import type { IntakeStatus } from '../../dialogs/context';
import type { Logger } from '../log';
import type { Store } from '../store/store';

export const RETENTION_JOB = 'retention';
const DAY_MS = 24 * 60 * 60 * 1000;
/** A conversation that ended without an intake: gone at silence, at STOP, or at "no" to the notice. */
const ENDED_BEFORE_CONSENT: IntakeStatus[] = ['abandoned', 'opted_out', 'declined'];

export class RetentionJob {
  /** The last day this instance tried: later ticks that day cost nothing. */
  private triedDay: string | null = null;

  constructor(
    private readonly store: Store,
    private readonly days: number,
    private readonly instance: string,
    private readonly logger: Logger,
    /** The documents of purged intakes go with them (src/documents/desk.ts: purgeGoneIntakes). */
    private readonly purgeDocuments: () => Promise<number> = async () => 0,
  ) {}

  /**
   * Runs today's purge if no instance has yet. Returns how many intakes it purged (null: not its
   * run); the run's record also counts the conversations deleted that had no intake.
   */
  async run(now = new Date()): Promise<number | null> {
    const day = now.toISOString().slice(0, 10);
    if (this.triedDay === day) return null;
    this.triedDay = day;
    const runKey = `${RETENTION_JOB}:${day}`;
    if (!(await this.store.claimJob(runKey, RETENTION_JOB, now.toISOString(), this.instance))) return null;
    const updatedBefore = new Date(now.getTime() - this.days * DAY_MS).toISOString();
    const purged = await this.store.purgeIntakes({ statuses: ['abandoned', 'opted_out'], updatedBefore, now: now.toISOString() });
    const conversations = await this.store.purgeConversations({ statuses: ENDED_BEFORE_CONSENT, updatedBefore });
    // Every purged intake's documents, today's and any a run cut short left behind.
    const documents = await this.purgeDocuments();
    await this.store.finishJob(runKey, new Date().toISOString(), { purged, conversations, documents, retentionDays: this.days });
    this.logger.info({ job: RETENTION_JOB, runKey, purged, conversations, documents }, 'retention run');
    return purged;
  }
}
