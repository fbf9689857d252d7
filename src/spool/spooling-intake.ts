/**
 * What the channels call instead of the conversation service when the store is a database that
 * can be away (MongoDB): the same receive/open, plus the outage spool. A message goes to the
 * service as usual; when the database cannot be reached (it fails, or does not answer in time,
 * and a short ping confirms it), the message is written to the local spool and the family is
 * told "received, we will answer shortly" in their language. The replayer (replayer.ts) hands
 * spooled messages to the service once the database is back.
 *
 * A turn that is only slow (the database still answers: store-health.ts) is waited for, up to
 * the channel's own limit: an SMS not answered by then gets the notice too and is spooled, and
 * the replayer sends its real reply through Twilio's REST API once the turn is done (the replay
 * finds the message processed and takes its replies).
 *
 * Order: messages of one conversation pass through here one at a time, and while any of its
 * messages wait in the spool a new one waits behind them (spooled too), so the conversation
 * sees every message in arrival order.
 */
import type { Channel, Lang } from '../../dialogs/context';
import type { Intake } from '../bot/intake-bot';
import { ConversationBusyError, type HandledTurn, type Incoming } from '../conversation/service';
import { KeyedQueue } from '../conversation/keyed-queue';
import type { Rendered } from '../i18n/render';
import type { Logger } from '../log';
import { detectLanguage } from '../nlu';
import type { ConversationKey } from '../store/store';
import type { LanguageMemory } from './language-memory';
import { isOptOut } from './notice';
import type { MessageSpool } from './spool-file';
import { DeadlineError, withDeadline, type StoreHealth } from './store-health';

export type { Intake };

/** The answer to a spooled message: only the notice (none to an opt-out). */
export interface SpooledTurn extends HandledTurn {
  spooled: true;
}

/**
 * How long a message may take before the database is suspected: then a ping (PING_TIMEOUT_MS)
 * decides. Both together stay well within Twilio's 15 s webhook limit.
 */
export const ANSWER_DEADLINE_MS = 5_000;

/**
 * How long a channel waits for its answer, from the message's arrival here: Twilio gives up on a
 * webhook after 15 s, and the reply is then lost (the family gets nothing at all). 5 s are left
 * for the network and the server's own queue. Web chat has no such limit: its client polls the
 * transcript, where the reply appears whenever the turn is done.
 */
export const CHANNEL_DEADLINE_MS: Readonly<Partial<Record<Channel, number>>> = { sms: 10_000, whatsapp: 10_000 };

/**
 * Channels whose replies can reach the family after a replay: SMS and WhatsApp through Twilio's
 * REST API, web chat through the transcript its client polls. A Bot Framework reply would need
 * the connector's conversation reference: those messages are not spooled (they fail as before).
 */
export const SPOOLED_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['sms', 'whatsapp', 'webchat']);

export const queueKeyOf = (k: ConversationKey) => `${k.channel}\u0000${k.address}`;

export interface SpoolingIntakeDeps {
  service: Intake;
  spool: MessageSpool;
  health: StoreHealth;
  languages: LanguageMemory;
  notice: (language: Lang) => Rendered;
  logger: Logger;
  deadlineMs?: number;
  channelDeadlinesMs?: Partial<Record<Channel, number>>;
  now?: () => Date;
}

export class SpoolingIntake implements Intake {
  /** Shared with the replayer: a replay step and a new message of one conversation never interleave. */
  readonly queue = new KeyedQueue();
  private readonly deadlineMs: number;
  private readonly channelDeadlinesMs: Partial<Record<Channel, number>>;
  private readonly now: () => Date;

  constructor(private readonly d: SpoolingIntakeDeps) {
    this.deadlineMs = d.deadlineMs ?? ANSWER_DEADLINE_MS;
    this.channelDeadlinesMs = d.channelDeadlinesMs ?? CHANNEL_DEADLINE_MS;
    this.now = d.now ?? (() => new Date());
  }

  receive(message: Incoming): Promise<HandledTurn> {
    if (!SPOOLED_CHANNELS.has(message.channel)) return this.d.service.receive(message);
    const handled = this.queue.run(queueKeyOf(message), () => this.inOrder(message));
    const limit = this.channelDeadlinesMs[message.channel];
    if (limit === undefined) return handled;
    // Counted from arrival, waiting behind the conversation's earlier messages included. The
    // spool keeps arrival order: an earlier message still unanswered met its own limit first.
    // What happens here after the answer (the turn goes on, or the message is spooled again as
    // a duplicate) changes nothing for the family: the replay sends whatever the turn replied.
    return withDeadline(handled, limit).catch((err: unknown) => {
      if (!(err instanceof DeadlineError)) throw err;
      return this.spoolIt(message, 'late');
    });
  }

  open(...args: Parameters<Intake['open']>): ReturnType<Intake['open']> {
    return this.d.service.open(...args);
  }

  private async inOrder(message: Incoming): Promise<HandledTurn> {
    const { health, spool } = this.d;
    // Known to be away, or this conversation has messages waiting: no attempt, straight to the spool.
    if (!health.up || spool.has(message)) return this.spoolIt(message, health.up ? 'behind' : 'unreachable');
    const attempt = this.d.service.receive(message);
    // If it is given up on below, it still ends (fails, or succeeds late) in its own time. A turn
    // done is the database answering: a health check under way counts it as up, however late
    // the ping (a database busy with every other family's turn, not one that is away).
    attempt.then(
      () => health.answered(),
      () => undefined,
    );
    try {
      const handled = await withDeadline(attempt, this.deadlineMs);
      this.d.languages.remember(message, handled.language);
      return handled;
    } catch (err) {
      if (err instanceof ConversationBusyError) throw err;
      if (await health.check()) {
        // The database answers: a slow turn is waited for; a real failure is the channel's 5xx.
        if (err instanceof DeadlineError) return attempt;
        throw err;
      }
      // If the attempt still commits later, the replay finds the message processed and sends
      // the replies it got (the family has had only the notice).
      return this.spoolIt(message, 'failed');
    }
  }

  private spoolIt(message: Incoming, why: 'unreachable' | 'behind' | 'failed' | 'late'): SpooledTurn {
    const language = this.languageFor(message);
    const added = this.d.spool.add(message, language, this.now());
    this.d.logger.warn(
      { channel: message.channel, messageId: message.id, why, duplicate: added === 'duplicate', spooled: this.d.spool.size },
      'message spooled',
    );
    // The notice is no reply of a stored turn: nothing to mark sent (the replay sends the replies).
    return {
      conversationId: '',
      replies: isOptOut(message.text) ? [] : [this.d.notice(language)],
      duplicate: added === 'duplicate',
      language,
      spooled: true,
      delivery: null,
    };
  }

  /** The widget's choice; else the conversation's last known language; else the message's words; else English. */
  private languageFor(message: Incoming): Lang {
    return message.language ?? this.d.languages.get(message) ?? this.d.spool.languageOf(message) ?? detectLanguage(message.text) ?? 'en';
  }
}
