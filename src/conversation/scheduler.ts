/**
 * What runs on a clock. Inactivity, on every channel: on SMS and WhatsApp one reminder after a
 * quiet while, then "abandoned"; on web chat and Bot Framework (nobody to remind) "abandoned"
 * after the same silence. Due times are kept with each conversation in the store (statechart
 * timers would not survive a restart), and this scheduler looks for what is due and sends
 * explicit events. Conversations stored before they kept a lifetime are given one here, a batch
 * per tick. And the daily retention run.
 */
import type { Channel, Lang } from '../../dialogs/context';
import type { Rendered } from '../i18n/render';
import type { Logger } from '../log';
import type { ConversationKey, Store } from '../store/store';
import type { SmsKind } from '../store/handoff-store';
import type { RetentionJob } from './retention';
import type { IntakeService } from './service';

/** What a text sent outside an answer is, for its delivery record (SentSms). */
export interface SendMeta {
  kind: SmsKind;
  /** The transcript entry it carries (an attorney's message). */
  messageId?: string | null;
}

/** Sends messages the assistant starts (a reminder), for one channel. */
export interface ProactiveSender {
  send(key: ConversationKey, replies: Rendered[], language: Lang, meta?: SendMeta): Promise<void>;
  /**
   * An attorney's words, as written, in one message. 'opted_out': the number opted out, nothing
   * was sent. Throws when the channel refused it.
   */
  sendText?(key: ConversationKey, text: string, meta: SendMeta): Promise<'sent' | 'opted_out'>;
}

/**
 * How many conversations of before (no lifetime yet) a tick brings up to date: a large store is
 * done over a few ticks rather than read into memory at once.
 */
export const LIFETIME_BATCH = 500;

export class InactivityScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly store: Store,
    private readonly service: IntakeService,
    private readonly senders: Partial<Record<Channel, ProactiveSender>>,
    private readonly logger: Logger,
    private readonly retention: RetentionJob | null = null,
  ) {}

  /** Handles everything due at `now`; returns how many conversations it moved on. */
  async tick(now = new Date()): Promise<number> {
    let moved = 0;
    // First those of before (each gets its lifetime, and its due event if already due), then
    // whatever is due.
    const records = [...(await this.store.withoutLifetime(LIFETIME_BATCH)), ...(await this.store.dueForInactivity(now.toISOString()))];
    for (const record of records) {
      try {
        const turn = await this.service.inactivity(record, now);
        if (!turn) continue;
        moved++;
        const sender = this.senders[record.channel];
        if (turn.replies.length && sender) await sender.send(record, turn.replies, turn.language, { kind: 'reminder' });
      } catch (err) {
        // The error's name only: a driver's message can quote a filter (a phone number). A turn
        // that fails never gets here (the service sets it aside); what does is the store's.
        this.logger.error({ conversationId: record.id, err: (err as Error).name }, 'inactivity turn failed');
      }
    }
    await this.retention?.run(now).catch((err: Error) => this.logger.error({ err: err.name }, 'retention run failed'));
    return moved;
  }

  start(everyMs = 30_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      // A tick that fails (the database away) is logged: unhandled, it would end the process.
      this.running = this.tick()
        .catch((err: Error) => {
          this.logger.error({ err: err.name }, 'inactivity tick failed');
          return 0;
        })
        .finally(() => (this.running = null));
    }, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
