/**
 * The outage spool put together (start.ts builds it): the intake the channels call, the replayer,
 * readiness, and what web chat shows of a conversation while its messages wait.
 *
 * Only with MongoDB: the embedded SQLite store is a file on the same disk the spool would use, so
 * a spool adds nothing there (and instances sharing one DATA_DIR would share one spool). With
 * SQLite the channels call the service directly and readiness is as before.
 */
import type { Channel, Lang } from '../../dialogs/context';
import type { Firm } from '../config/firm';
import type { ProactiveSender } from '../conversation/scheduler';
import type { IntakeService } from '../conversation/service';
import type { Catalog } from '../i18n/catalog';
import type { Logger } from '../log';
import type { FieldCipher } from '../store/cipher';
import type { ConversationKey, Store, TranscriptEntry } from '../store/store';
import { LanguageMemory } from './language-memory';
import { spooledNotice } from './notice';
import { SpoolReplayer, type ReplayOutcome } from './replayer';
import { MessageSpool } from './spool-file';
import { ANSWER_DEADLINE_MS, SpoolingIntake, type Intake } from './spooling-intake';
import { DeadlineError, StoreHealth, withDeadline } from './store-health';

export interface Readiness {
  code: number;
  body: { status: 'ready' | 'degraded' | 'unavailable'; store: 'ok' | 'unreachable'; spooled?: number };
}

export interface SpoolingOptions {
  store: Store;
  kind: 'mongodb' | 'sqlite';
  service: IntakeService;
  catalog: Catalog;
  firm: Firm;
  senders: Partial<Record<Channel, ProactiveSender>>;
  dataDir: string;
  cipher: FieldCipher;
  /** Keys the spool's conversation hashes (the server's token secret). */
  secret: string;
  logger: Logger;
  /** The waits of the spooling intake (defaults: ANSWER_DEADLINE_MS, CHANNEL_DEADLINE_MS). */
  deadlines?: SpoolDeadlines;
}

/** How long a turn is waited for before the database is checked, and how long each channel waits for its answer. */
export interface SpoolDeadlines {
  answerMs?: number;
  channelMs?: Partial<Record<Channel, number>>;
}

export class Spooling {
  /** What the bot calls: the spooling intake, or the service itself (SQLite). */
  readonly intake: Intake;
  readonly health: StoreHealth;
  /** Null with SQLite. */
  readonly spool: MessageSpool | null;
  readonly replayer: SpoolReplayer | null;
  private readonly notice: (language: Lang) => ReturnType<typeof spooledNotice>;

  constructor(o: SpoolingOptions) {
    this.health = new StoreHealth(() => o.store.ping());
    this.notice = (language) => spooledNotice(o.catalog, o.firm, language);
    if (o.kind !== 'mongodb') {
      this.intake = o.service;
      this.spool = null;
      this.replayer = null;
      return;
    }
    const languages = new LanguageMemory();
    this.spool = new MessageSpool(o.dataDir, o.cipher, o.secret);
    for (const file of this.spool.exposedFiles)
      o.logger.warn({ file }, 'a spool file is readable by other users and could not be made 0600: change its owner or mode');
    const intake = new SpoolingIntake({
      service: o.service,
      spool: this.spool,
      health: this.health,
      languages,
      notice: this.notice,
      logger: o.logger,
      deadlineMs: o.deadlines?.answerMs,
      channelDeadlinesMs: o.deadlines?.channelMs,
    });
    this.intake = intake;
    this.replayer = new SpoolReplayer({
      service: o.service,
      intake,
      spool: this.spool,
      health: this.health,
      languages,
      senders: o.senders,
      store: o.store,
      logger: o.logger,
    });
    if (this.spool.size) o.logger.warn({ spooled: this.spool.size }, 'messages spooled before a restart wait for replay');
  }

  /** Messages waiting for replay. */
  get spooled(): number {
    return this.spool?.size ?? 0;
  }

  /**
   * /readyz. While the database is away the instance still accepts every message (into the
   * spool), so it answers 200 and stays in the load balancer: every instance shares the one
   * database, and a 503 from all of them would turn "received, answered shortly" into refused
   * messages. The body says "degraded" for monitoring, with how many messages wait.
   * Without a spool (SQLite) an unreachable store is 503, as before.
   */
  async readiness(): Promise<Readiness> {
    const reachable = await this.health.check();
    if (!this.spool)
      return reachable ? { code: 200, body: { status: 'ready', store: 'ok' } } : { code: 503, body: { status: 'unavailable', store: 'unreachable' } };
    const spooled = this.spool.size;
    if (!reachable) return { code: 200, body: { status: 'degraded', store: 'unreachable', spooled } };
    // Back, and still catching up: degraded until the spool is empty.
    if (spooled > 0) return { code: 200, body: { status: 'degraded', store: 'ok', spooled } };
    return { code: 200, body: { status: 'ready', store: 'ok' } };
  }

  /**
   * A read of the store for a channel that can show spooled messages instead (web chat's
   * activity list): its result, or null when the database is unreachable (known to be, or found
   * so by a read that fails or takes too long). Any other failure is thrown.
   */
  async unlessUnreachable<T>(read: () => Promise<T>): Promise<T | null> {
    if (!this.spool) return read();
    if (!this.health.up) return null;
    const attempt = read();
    attempt.then(
      () => this.health.answered(),
      () => undefined,
    );
    try {
      return await withDeadline(attempt, ANSWER_DEADLINE_MS);
    } catch (err) {
      if (!(await this.health.check())) return null;
      if (err instanceof DeadlineError) return attempt;
      throw err;
    }
  }

  /**
   * The conversation's spooled messages as transcript entries, each followed by the notice it
   * got: what web chat lists while they wait. Their ids are the ones the stored transcript will
   * use for the messages (a client that dedupes by id shows each once); `seq` is 0: they are
   * not part of the stored transcript, and the watermark does not move past them.
   */
  spooledEntries(key: ConversationKey, conversationId = ''): TranscriptEntry[] {
    if (!this.spool?.has(key)) return [];
    return this.spool.of(key).flatMap(({ message, language }) => {
      const notice = this.notice(language);
      const common = { conversationId, seq: 0, channel: message.channel, media: [] as string[] };
      return [
        {
          ...common,
          direction: 'in' as const,
          messageId: message.id,
          replyTo: null,
          at: message.at,
          language: null,
          text: message.text,
          media: message.media,
          ...(message.payload ? { payload: message.payload } : {}),
        },
        {
          ...common,
          direction: 'out' as const,
          messageId: `${message.id}:spooled`,
          replyTo: message.id,
          at: message.at,
          language,
          text: notice.text,
          rendered: notice,
        },
      ];
    });
  }

  /** Replays now (tests, and the loop start() runs); `now` decides which retries are due. Null without a spool. */
  tick(now?: Date): Promise<ReplayOutcome | null> {
    return this.replayer ? this.replayer.tick(now) : Promise.resolve(null);
  }

  start(everyMs?: number): void {
    this.replayer?.start(everyMs);
  }

  async stop(): Promise<void> {
    await this.replayer?.stop();
  }

  close(): void {
    this.spool?.close();
  }
}
