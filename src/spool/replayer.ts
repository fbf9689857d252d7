/**
 * Replays the outage spool once the database answers again: each conversation's messages in
 * arrival order, through the conversation service as if they had just come in. A message keeps
 * its channel id, so one the service had already processed (an attempt that committed late) is
 * not processed twice: the service gives back the replies it got then. The replies go out as the
 * channel sends what the assistant starts: SMS and WhatsApp through Twilio's REST API; web chat
 * needs nothing, its client polls the transcript. A message leaves the spool only once that is done.
 */
import type { Channel } from '../../dialogs/context';
import { sendUnsent } from '../conversation/redelivery';
import type { ProactiveSender } from '../conversation/scheduler';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import type { LanguageMemory } from './language-memory';
import type { MessageSpool, SpooledMessage } from './spool-file';
import { queueKeyOf, type Intake, type SpoolingIntake } from './spooling-intake';
import type { StoreHealth } from './store-health';

/** How often to look while something is spooled or the database is away (start()). */
export const REPLAY_EVERY_MS = 1_000;
/** Conversations replayed at once: enough to drain a burst, few enough not to swamp a database coming back. */
const CONCURRENCY = 4;
/**
 * Replays that fail with the database answering (mostly: the reply cannot be sent), before a
 * message is given up (and logged): retried after 5 s, 10 s, 20 s… at most 10 min apart, so about
 * 40 minutes in all, which outlasts a typical Twilio incident.
 */
export const MAX_ATTEMPTS = 10;
const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 10 * 60_000;

/** When to try a message again after its `attempts`-th failed replay. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), MAX_RETRY_MS);
}

export interface ReplayOutcome {
  /** The database answered the ping. */
  reachable: boolean;
  replayed: number;
  /** Still waiting (not counting given-up messages). */
  left: number;
}

export interface ReplayerDeps {
  service: Intake;
  intake: SpoolingIntake;
  spool: MessageSpool;
  health: StoreHealth;
  languages: LanguageMemory;
  senders: Partial<Record<Channel, ProactiveSender>>;
  /** Where a replayed turn's replies are claimed before they are sent, and marked sent after. */
  store: Store;
  logger: Logger;
}

type StepResult = 'done' | 'unreachable' | 'failed' | 'later';

/** A content-free name for what was thrown (a driver error's class, a system error code). */
function errorName(err: unknown): string {
  const e = err as { name?: unknown; code?: unknown };
  if (typeof e?.code === 'string' && /^[A-Z_]{2,32}$/.test(e.code)) return e.code;
  return typeof e?.name === 'string' ? e.name.slice(0, 60) : 'error';
}

export class SpoolReplayer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ReplayOutcome> | null = null;

  constructor(private readonly d: ReplayerDeps) {}

  /**
   * One pass: when the database answers, every spooled conversation is replayed as far as it
   * goes. Also what tells the spooling intake the database is back (the ping sets the flag).
   * Calls made while a pass runs share it. `now` decides which retries are due.
   */
  tick(now = new Date()): Promise<ReplayOutcome> {
    if (!this.running) {
      const pass = this.pass(now);
      this.running = pass;
      void pass
        .finally(() => {
          if (this.running === pass) this.running = null;
        })
        .catch(() => undefined);
    }
    return this.running;
  }

  start(everyMs = REPLAY_EVERY_MS): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      // Nothing to do while all is well: the hot path sets the flag when the database fails.
      if (this.running || (this.d.health.up && this.d.spool.size === 0)) return;
      this.tick().catch((err) => this.d.logger.error({ err: errorName(err) }, 'spool replay failed'));
    }, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private async pass(now: Date): Promise<ReplayOutcome> {
    const { spool, health } = this.d;
    const reachable = await health.check();
    if (!reachable || spool.size === 0) return { reachable, replayed: 0, left: spool.size };
    let replayed = 0;
    let unreachable = false;
    const waiting = spool.conversations();
    const worker = async () => {
      for (let conversation = waiting.shift(); conversation !== undefined && !unreachable; conversation = waiting.shift()) {
        for (let next = spool.first(conversation); next && !unreachable; next = spool.first(conversation)) {
          // A message waiting for its retry holds back the conversation's later ones (order).
          const step = next.retryAt && next.retryAt > now.toISOString() ? 'later' : await this.replay(next, now);
          if (step === 'done') replayed++;
          if (step === 'unreachable') unreachable = true;
          if (step !== 'done') break;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (replayed) this.d.logger.info({ replayed, left: spool.size }, 'spool replayed');
    return { reachable: !unreachable, replayed, left: spool.size };
  }

  private async replay(s: SpooledMessage, now: Date): Promise<StepResult> {
    const { message } = s;
    let stage: 'process' | 'send' = 'process';
    try {
      // In the intake's queue for the conversation, so a new message of it waits for this turn
      // (and then, finding this one still spooled, is spooled behind it). Processed once: a second
      // replay (after the reply could not be sent) gets the same replies back. The sending is
      // outside the queue: a slow Twilio does not hold up the family's next webhook.
      // Answered now: the reminder counts the family's silence from this reply, not from when the
      // message came in (after a long outage it would otherwise be due at once).
      const sender = this.d.senders[message.channel];
      // With a sender the replies are sent from here (confirmsDelivery): stored as unsent until then.
      const handled = await this.d.intake.queue.run(queueKeyOf(message), () =>
        this.d.service.receive({ ...message, answeredAt: now.toISOString(), ...(sender ? { confirmsDelivery: true } : {}) }),
      );
      stage = 'send';
      // Only replies still unsent, and only if no one else is sending them (the redelivery on this
      // or another instance): claimed, sent, marked sent. Replies a retried webhook carried are sent.
      if (sender && handled.replies.length && handled.delivery)
        await sendUnsent(this.d.store, sender, handled.delivery, handled.replies, handled.language, now);
      this.d.languages.remember(message, handled.language);
      this.d.spool.remove(s.seq);
      this.d.logger.info({ channel: message.channel, messageId: message.id, spoolSeq: s.seq, duplicate: handled.duplicate }, 'spooled message replayed');
      return 'done';
    } catch (err) {
      if (!(await this.d.health.check())) return 'unreachable';
      const gaveUp = this.d.spool.failedAttempt(
        s.seq,
        `${stage}:${errorName(err)}`,
        MAX_ATTEMPTS,
        (attempts) => new Date(now.getTime() + retryDelayMs(attempts)),
      );
      this.d.logger.error(
        { channel: message.channel, messageId: message.id, spoolSeq: s.seq, stage, attempt: s.attempts + 1, gaveUp, err: errorName(err) },
        'spooled message not replayed',
      );
      return 'failed';
    }
  }
}
