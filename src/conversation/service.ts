/**
 * The conversation service: what every channel calls. It keeps each conversation's turns in
 * order, processes each inbound message once, stores every turn, and reports what must happen
 * beyond the reply (escalations, opt-outs, submissions). It knows no channel's format.
 *
 * No error of a turn escapes it as such: the engine throws a TurnFailed (src/engine/turn-failed.ts)
 * at once, in the caller's stack, and a message whose turn fails is retried a bounded number of
 * times and then set aside (quarantine.ts), the family told, staff alerted. What still rejects is
 * the store's own failure (the database away: the channel's 5xx, or the outage spool) and
 * ConversationBusyError.
 */
import { randomUUID } from 'node:crypto';
import type { Channel, IntakeContext, Lang } from '../../dialogs/context';
import type { Effect, IntakeEngine, PersistedIntake, Turn } from '../engine/intake-engine';
import { TurnFailed, errorKind } from '../engine/turn-failed';
import type { Rendered } from '../i18n/render';
import { createLogger, type Logger } from '../log';
import type { Summary } from '../summary/contract';
import type { NewOutboxItem } from '../store/handoff-store';
import type { Asking } from '../engine/interpret';
import type { ConversationKey, ConversationRecord, InboundMessage, Lifetime, Store, TranscriptEntry } from '../store/store';
import { KeyedQueue } from './keyed-queue';
import { MAX_TURN_ATTEMPTS, type QuarantineAlert } from './quarantine';
import { SetAside } from './set-aside';
import { sameText, withinRepeatWindow } from './repeats';

/** Replies that leave in the channel's response to a message, until they are known to have left. */
export interface Delivery extends ConversationKey {
  inboundId: string;
}

export interface HandledTurn {
  conversationId: string;
  replies: Rendered[];
  /** The message had been received before: these are the replies it got then. */
  duplicate: boolean;
  language: Lang;
  /**
   * These replies are stored as unsent: once the channel's response carrying them is out (or its
   * REST API took them), say so with repliesSent(delivery). Absent or null: nothing to mark.
   */
  delivery?: Delivery | null;
  /** The message was set aside just now (quarantine.ts): the replies are the family's notice. */
  quarantineId?: string;
}

/**
 * What happens beyond the reply, for the firm (src/handoff): the notifications a turn causes are
 * planned here and stored with the turn itself, so a crash after the commit loses none.
 */
export interface FollowUp {
  /** The outbox items this turn's effects (an escalation, a submission) cause. */
  outboxFor(effects: readonly Effect[], summary: Summary, turn: { conversationId: string; version: number; at: string }): NewOutboxItem[];
  /** The outbox items that alert staff to a message or conversation set aside. */
  outboxForQuarantine(q: QuarantineAlert): NewOutboxItem[];
  /** The turn is committed: what it put in the outbox may go now. */
  committed(items: readonly NewOutboxItem[]): void;
  /** An attorney is in touch with the family (the intake is marked contacted or closed): the assistant stays quiet. */
  silenced(intakeId: string): Promise<boolean>;
}

export interface ServiceOptions {
  /**
   * Minutes of silence before the one reminder (SMS and WhatsApp), then before "abandoned". On
   * the channels with nobody to remind (web chat, Bot Framework), abandonMinutes of silence.
   */
  reminderMinutes: number;
  abandonMinutes: number;
  /** Where turns that fail and messages set aside are logged (ids and what failed, never content). */
  logger?: Logger;
}

export interface Incoming extends InboundMessage {
  /** The conversation's language when the channel knows it (the widget's choice). */
  language?: Lang | null;
  /**
   * When the reply goes out, if later than the message came in (a message replayed from the
   * outage spool): the family's silence, and so the reminder's due time, counts from the reply.
   */
  answeredAt?: string;
  /**
   * The caller sends the replies itself and says when they have left (repliesSent): Twilio's
   * route, whose replies go out in its response, and the outage spool's replay, which sends them
   * through the REST API. Until then they are stored as unsent, and sent after a restart if they
   * never leave (redelivery.ts). Other callers' replies are taken as delivered (web chat's client
   * reads the transcript; botbuilder posts Bot Framework replies itself).
   */
  confirmsDelivery?: boolean;
}

/** The channels where the assistant can write first: the reminder goes out there. */
const REMINDED_CHANNELS: readonly Channel[] = ['sms', 'whatsapp'];
const MAX_ATTEMPTS = 8;

export class ConversationBusyError extends Error {
  constructor() {
    super('the conversation kept changing while this message was processed');
  }
}

export class IntakeService {
  private readonly queue = new KeyedQueue();
  private readonly log: Logger;
  private readonly setAside: SetAside;

  constructor(
    private readonly store: Store,
    private readonly engine: IntakeEngine,
    private readonly options: ServiceOptions,
    private readonly followUp: FollowUp,
  ) {
    this.log = options.logger ?? createLogger('silent');
    this.setAside = new SetAside(store, engine, followUp, this.log);
  }

  /** A message from the user. */
  receive(message: Incoming): Promise<HandledTurn> {
    return this.queue.run(keyOf(message), () => this.process(message));
  }

  /** The channel opens a conversation and the assistant speaks first (web chat). */
  open(key: ConversationKey, at: Date, language: Lang | null): Promise<HandledTurn> {
    return this.queue.run(keyOf(key), async () => {
      const existing = await this.store.findConversation(key);
      if (existing) return { conversationId: existing.id, replies: [], duplicate: true, language: language ?? 'en' };
      try {
        const snapshot = this.engine.create({ channel: key.channel, at, language });
        return await this.commit(key, null, at, null, (s) => this.engine.greet(s, at, language), snapshot);
      } catch (err) {
        if (!(err instanceof TurnFailed)) throw err;
        // The greeting cannot be made: nothing is stored and nothing said. Nobody has written yet;
        // the family's first message starts the conversation (and is set aside if that fails too).
        this.log.error({ channel: key.channel, stage: err.stage, detail: err.detail }, 'greeting failed: nothing stored');
        return { conversationId: '', replies: [], duplicate: false, language: language ?? 'en' };
      }
    });
  }

  /** Inactivity: the reminder or the abandonment that is due. Returns what to send (proactively). */
  inactivity(record: ConversationRecord, now: Date): Promise<HandledTurn | null> {
    return this.queue.run(keyOf(record), async () => {
      const found = await this.store.findConversation(record);
      if (!found || found.quarantine) return null;
      try {
        return await this.inactivityTurn(found, now);
      } catch (err) {
        if (!(err instanceof TurnFailed)) throw err;
        return this.inactivityFailed(found, now, err);
      }
    });
  }

  private async inactivityTurn(found: ConversationRecord, now: Date): Promise<HandledTurn | null> {
    let current = found;
    if (current.status == null) {
      // Stored before conversations kept their status: it gets the lifetime its last turn would
      // have given it (a due time it has already is kept: a reminder is never sent twice).
      const lifetime = this.lifetimeOf(current);
      if (!(await this.store.setLifetime(current.id, current.version, lifetime))) return null;
      current = { ...current, ...lifetime };
    }
    const due =
      current.remindAt && current.remindAt <= now.toISOString() ? 'REMIND' : current.abandonAt && current.abandonAt <= now.toISOString() ? 'ABANDON' : null;
    if (!due) return null;
    // An attorney has the family in hand: no reminder, and the intake is not marked abandoned.
    if (await this.followUp.silenced(this.engine.intakeIdOf(current.snapshot))) {
      return this.commit(current, current, now, null, (s) => this.engine.hold(s));
    }
    // A number that opted out (with us, or with the carrier) gets no reminder: the intake is let go.
    const kind = due === 'REMIND' && (await this.store.isOptedOut(current.address)) ? 'ABANDON' : due;
    return this.commit(current, current, now, null, (s) => this.engine.timer(s, kind, now));
  }

  /**
   * A reminder or abandonment whose turn failed. A record that cannot be loaded is set aside as a
   * whole: the family gets the notice in the reminder's place, staff are alerted. A chart that
   * fails on the timer's event leaves the conversation as it is, but without due times, so it is
   * not tried again at every tick: the family's next message gives it new ones.
   */
  private async inactivityFailed(current: ConversationRecord, now: Date, err: TurnFailed): Promise<HandledTurn | null> {
    if (err.stage === 'restore') return this.setAside.commit({ key: current, record: current, at: now, err, scope: 'conversation' });
    this.log.error(
      { channel: current.channel, conversationId: current.id, stage: err.stage, detail: err.detail },
      'inactivity turn failed: its due times are cleared',
    );
    const known = this.setAside.knownOf(current.snapshot);
    await this.store.setLifetime(current.id, current.version, {
      status: current.status ?? known.status ?? 'in_progress',
      intakeId: current.intakeId ?? known.intakeId ?? '',
      remindAt: null,
      abandonAt: null,
    });
    return null;
  }

  /**
   * The user ended the conversation (web chat's "end conversation"): an intake still in progress
   * is marked abandoned, as inactivity would, saying nothing. One an attorney is handling is left
   * as it is; a finished one is not touched.
   */
  end(key: ConversationKey, at: Date): Promise<HandledTurn | null> {
    return this.queue.run(keyOf(key), async () => {
      const current = await this.store.findConversation(key);
      if (!current || current.quarantine) return null;
      try {
        if (this.engine.contextOf(current.snapshot).status !== 'in_progress') return null;
        if (await this.followUp.silenced(this.engine.intakeIdOf(current.snapshot))) return null;
        return await this.commit(current, current, at, null, (s) => this.engine.timer(s, 'ABANDON', at));
      } catch (err) {
        if (!(err instanceof TurnFailed)) throw err;
        // Found unloadable: set aside as a whole all the same (staff hear of it). A chart that
        // fails on the abandonment leaves the conversation as it was.
        if (err.stage === 'restore') return this.setAside.commit({ key, record: current, at, err, scope: 'conversation' });
        this.log.error(
          { channel: key.channel, conversationId: current.id, stage: err.stage, detail: err.detail },
          'ending the conversation failed: left as it was',
        );
        return null;
      }
    });
  }

  /**
   * An attorney's message to the family (takeover.ts), stored in the transcript with its author,
   * as a turn of its own: the conversation's version moves (Direct Line's streams and other
   * instances see it), the intake stays where it is. Its due times are cleared: the family is
   * talking with a person now, and handing back gives them new ones. Null when the conversation
   * is unknown or set aside as a whole.
   */
  attorneyWrites(
    key: ConversationKey,
    o: { text: string; author: string; at: Date },
  ): Promise<{ conversationId: string; messageId: string; language: Lang } | null> {
    return this.queue.run(keyOf(key), async () => {
      for (let conflicts = 0; conflicts < MAX_ATTEMPTS; conflicts++) {
        const record = await this.store.findConversation(key);
        if (!record || record.quarantine) return null;
        const iso = o.at.toISOString();
        const language = this.engine.contextOf(record.snapshot).language ?? 'en';
        const messageId = randomUUID();
        const { unsent: _kept, ...conversation } = record;
        const ok = await this.store.commitTurn({
          conversation: { ...conversation, version: record.version + 1, updatedAt: iso, remindAt: null, abandonAt: null },
          expectedVersion: record.version,
          inboundId: null,
          replies: [{ messageId, replyTo: null, at: iso, language, text: o.text, media: [], author: o.author }],
          summary: null,
        });
        if (ok) return { conversationId: record.id, messageId, language };
      }
      throw new ConversationBusyError();
    });
  }

  /**
   * The attorney handed the conversation back (the hold is released): the question the family
   * was on is asked again, and the conversation gets its due times again. Null when the assistant
   * is to stay silent all the same (the intake is marked contacted or closed, or held again), or
   * the conversation is unknown or set aside.
   */
  handBack(key: ConversationKey, at: Date): Promise<HandledTurn | null> {
    return this.queue.run(keyOf(key), async () => {
      const record = await this.store.findConversation(key);
      if (!record || record.quarantine) return null;
      if (await this.followUp.silenced(this.engine.intakeIdOf(record.snapshot))) return null;
      return this.commit(record, record, at, null, (s) => this.engine.reask(s));
    });
  }

  /**
   * A message that carried files (web chat's upload): it is kept in the transcript with the
   * assistant's word on each file (`replies`, made in the conversation's language), as a turn of
   * its own. The intake stays where it is: a file answers no question, and the chart never sees
   * it. Received before (the client's retry): the replies it got then. Null when the conversation
   * is unknown or set aside as a whole (nothing is kept then).
   */
  acknowledge(message: Incoming, replies: (language: Lang) => Rendered[]): Promise<HandledTurn | null> {
    return this.queue.run(keyOf(message), async () => {
      const known = await this.store.findConversation(message);
      if (!known || known.quarantine) return null;
      const received = await this.store.receive(message);
      if (received === 'duplicate' && (await this.store.isProcessed(message, message.id))) return this.replayed(message);
      for (let conflicts = 0; conflicts < MAX_ATTEMPTS; conflicts++) {
        const record = conflicts === 0 ? known : await this.store.findConversation(message);
        if (!record || record.quarantine) return null;
        const context = this.engine.contextOf(record.snapshot);
        const language = context.language ?? 'en';
        const said = replies(language);
        const { unsent: _kept, ...conversation } = record;
        const ok = await this.store.commitTurn({
          conversation: { ...conversation, version: record.version + 1, updatedAt: message.at },
          expectedVersion: record.version,
          inboundId: message.id,
          replies: said.map((m) => ({ messageId: randomUUID(), replyTo: message.id, at: message.at, language, text: m.text, media: [], rendered: m })),
          summary: null,
          forget: context.status === 'declined',
        });
        if (ok) return { conversationId: record.id, replies: said, duplicate: false, language };
      }
      throw new ConversationBusyError();
    });
  }

  /** The replies of `delivery` have left (the channel's response is out, or its REST API took them). */
  repliesSent(delivery: Delivery): Promise<void> {
    return this.store.markSent(delivery, delivery.inboundId);
  }

  private async process(message: Incoming): Promise<HandledTurn> {
    const received = await this.store.receive(message);
    if (received === 'duplicate' && (await this.store.isProcessed(message, message.id))) {
      return this.replayed(message);
    }
    // Messages of this conversation written before a crash but never processed come first, in
    // the order they arrived: the conversation reflects every message that was received. Their
    // replies are kept for the channel's retry of them; no response carries them, so they are
    // unsent from now on (answeredAt), and known to be (a repeat of one is at once a re-send).
    let unanswered: string | null = null;
    let notice: Rendered[] = [];
    for (const earlier of await this.store.unprocessed(message)) {
      if (earlier.id === message.id) break;
      // Its last attempt never finished (the process died in it, or its request failed): that
      // attempt is counted now, since it could not count itself. A message that ends the process
      // each time it is tried is so set aside after MAX_TURN_ATTEMPTS, not replayed forever.
      const unfinished = await this.store.failedAttempt(earlier, earlier.id);
      const handled = await this.processReceived(
        { ...earlier, language: message.language ?? null, answeredAt: message.answeredAt ?? message.at, confirmsDelivery: message.confirmsDelivery },
        null,
        unfinished,
      );
      // Set aside just now (a message a failed attempt left behind): its notice would never leave
      // (only a conversation's last replies are sent), so this response carries it, once.
      if (handled.quarantineId) notice = handled.replies;
      unanswered = earlier.id;
    }
    const handled = await this.processReceived(message, unanswered);
    return notice.length && !handled.quarantineId ? { ...handled, replies: [...notice, ...handled.replies] } : handled;
  }

  /**
   * One message's turn, with its retries: on a conflict (another instance), and when the turn
   * fails, up to MAX_TURN_ATTEMPTS attempts counted in the store, after which the message is set
   * aside. A conversation whose record cannot be loaded is set aside at the first failure (no
   * retry can load it), and a conversation set aside only keeps what the family writes.
   */
  private async processReceived(message: Incoming, unanswered: string | null = null, unfinished = 0): Promise<HandledTurn> {
    const at = new Date(message.at);
    let failures = 0;
    for (let conflicts = 0; conflicts < MAX_ATTEMPTS;) {
      const record = await this.store.findConversation(message);
      let handled: HandledTurn | null;
      if (record?.quarantine) {
        handled = await this.setAside.hold(message, record);
      } else if (unfinished >= MAX_TURN_ATTEMPTS) {
        // Tried that often without an end: not tried again.
        const err = new TurnFailed('turn', `${unfinished} attempts did not finish`);
        handled = await this.setAside.commit({
          key: message,
          record,
          at,
          err,
          scope: 'message',
          message,
          knownPhone: knownPhoneOf(message),
          attempts: unfinished,
        });
      } else {
        try {
          handled = await this.tryMessage(message, record, at, unanswered);
        } catch (err) {
          if (!(err instanceof TurnFailed)) throw err;
          // Counted in the store: a restart, a retried webhook or a replay goes on from there.
          const attempts = Math.max(await this.store.failedAttempt(message, message.id), ++failures);
          const whole = err.stage === 'restore';
          this.log.warn(
            { channel: message.channel, messageId: message.id, conversationId: record?.id ?? null, stage: err.stage, detail: err.detail, attempt: attempts },
            'turn failed',
          );
          if (!whole && attempts < MAX_TURN_ATTEMPTS) continue;
          handled = await this.setAside.commit({
            key: message,
            record,
            at,
            err,
            scope: whole ? 'conversation' : 'message',
            message,
            knownPhone: knownPhoneOf(message),
            attempts,
          });
        }
      }
      if (handled) return handled;
      // Someone else committed this message meanwhile (another instance): theirs is the reply.
      if (await this.store.isProcessed(message, message.id)) return this.replayed(message);
      conflicts++;
    }
    throw new ConversationBusyError();
  }

  /** One attempt at a message's turn: null on a conflict; a TurnFailed when the engine fails. */
  private async tryMessage(message: Incoming, record: ConversationRecord | null, at: Date, unanswered: string | null): Promise<HandledTurn | null> {
    const snapshot = record
      ? record.snapshot
      : this.engine.create({ channel: message.channel, at, language: message.language ?? null, knownPhone: knownPhoneOf(message) });
    // Once an attorney is in touch with the family, what they write is kept for the attorney and
    // the assistant says nothing more, but to STOP, START and danger now (breaksHold).
    const quiet =
      record !== null && (await this.followUp.silenced(this.engine.intakeIdOf(record.snapshot))) && !this.engine.breaksHold(record.snapshot, message.text, at);
    const run = quiet ? (s: PersistedIntake) => this.engine.hold(s) : (s: PersistedIntake) => this.engine.receive(s, message.text, at, message.media);
    // The family wrote again what they wrote last, whose replies never left: not an answer to
    // the question they were never shown (repeats.ts).
    const repeated = record && !quiet ? await this.unsentRepeated(record, message, unanswered) : null;
    return repeated
      ? this.tryRepeat(message, record!, repeated)
      : this.tryCommit(message, record, at, message.id, run, snapshot, message.answeredAt, message.confirmsDelivery);
  }

  private async replayed(message: InboundMessage): Promise<HandledTurn> {
    const record = await this.store.findConversation(message);
    const replies = await this.store.repliesTo(message, message.id);
    return {
      conversationId: record?.id ?? '',
      replies: replies.flatMap((r) => (r.rendered ? [r.rendered] : [])),
      duplicate: true,
      language: replies.find((r) => r.language)?.language ?? 'en',
      // Never sent (the first response was lost): this response carries them.
      delivery: record?.unsent?.inboundId === message.id ? deliveryOf(message, message.id) : null,
    };
  }

  /** The unsent replies `message` asks for again, if it repeats the message they answer (repeats.ts). */
  private async unsentRepeated(record: ConversationRecord, message: Incoming, unanswered: string | null): Promise<TranscriptEntry[] | null> {
    const unsent = record.unsent;
    if (!unsent || unsent.inboundId === message.id || message.media.length > 0) return null;
    if (!withinRepeatWindow(unsent.since, message.at, { knownUnsent: unsent.inboundId === unanswered })) return null;
    const previous = await this.store.inboundMessage(record, unsent.inboundId);
    if (!previous || !sameText(previous.text, message.text)) return null;
    const replies = await this.store.repliesTo(record, unsent.inboundId);
    return replies.length > 0 ? replies : null;
  }

  /**
   * A message sent again for want of an answer: kept in the transcript, with the replies it asks
   * for again, and the intake stays where it is (same snapshot, timers and summary). Its own
   * replies are then the unsent ones, until its response is out. Null on a conflict.
   */
  private async tryRepeat(message: Incoming, record: ConversationRecord, replies: TranscriptEntry[]): Promise<HandledTurn | null> {
    const iso = new Date(message.at).toISOString();
    const sentAt = message.answeredAt && message.answeredAt > iso ? message.answeredAt : iso;
    const { unsent: _previous, ...conversation } = record;
    const ok = await this.store.commitTurn({
      conversation: { ...conversation, version: record.version + 1, updatedAt: iso },
      expectedVersion: record.version,
      inboundId: message.id,
      replies: replies.map((r) => ({
        messageId: randomUUID(),
        replyTo: message.id,
        at: iso,
        language: r.language,
        text: r.text,
        media: r.media,
        ...(r.rendered ? { rendered: r.rendered } : {}),
      })),
      summary: null,
      // Consent declined: what they write is forgotten, this too.
      forget: this.engine.contextOf(record.snapshot).status === 'declined',
      unsentSince: message.confirmsDelivery ? sentAt : null,
    });
    if (!ok) return null;
    return {
      conversationId: record.id,
      replies: replies.flatMap((r) => (r.rendered ? [r.rendered] : [])),
      duplicate: false,
      language: replies.find((r) => r.language)?.language ?? 'en',
      delivery: message.confirmsDelivery ? deliveryOf(message, message.id) : null,
    };
  }

  private async commit(
    key: ConversationKey,
    record: ConversationRecord | null,
    at: Date,
    inboundId: string | null,
    run: (snapshot: PersistedIntake) => Turn,
    fresh?: PersistedIntake,
  ): Promise<HandledTurn> {
    const handled = await this.tryCommit(key, record, at, inboundId, run, fresh ?? record!.snapshot);
    if (!handled) throw new ConversationBusyError();
    return handled;
  }

  /** One attempt at a turn: null when the conversation changed meanwhile. */
  private async tryCommit(
    key: ConversationKey,
    record: ConversationRecord | null,
    at: Date,
    inboundId: string | null,
    run: (snapshot: PersistedIntake) => Turn,
    snapshot: PersistedIntake,
    answeredAt?: string,
    confirmsDelivery = false,
  ): Promise<HandledTurn | null> {
    const iso = at.toISOString();
    // Everything up to the commit is computed from the conversation and the message alone: what
    // fails in it is this turn's failure (a TurnFailed), whatever threw.
    const { turn, next, summary, outbox } = turnStep(() => {
      const turn = run(snapshot);
      const timers = this.timers(key.channel, turn, answeredAt && answeredAt > iso ? answeredAt : iso, record);
      const next: ConversationRecord = {
        id: record?.id ?? randomUUID(),
        channel: key.channel,
        address: key.address,
        snapshot: turn.snapshot,
        version: (record?.version ?? 0) + 1,
        createdAt: record?.createdAt ?? iso,
        updatedAt: iso,
        ...timers,
      };
      // Before consent the summary holds nothing sensitive (a story told first is held apart): it
      // can carry an escalation, but only an intake with consent is kept. After a refusal it holds
      // nothing at all, and goes only with an escalation (danger now: staff are alerted all the same).
      const escalates = turn.effects.some((e) => e.type === 'escalate');
      const summary = turn.context.status === 'declined' && !escalates ? null : this.engine.summary(turn.context, { now: at, transcriptId: next.id, turn });
      const outbox = summary ? this.followUp.outboxFor(turn.effects, summary, { conversationId: next.id, version: next.version, at: iso }) : [];
      return { turn, next, summary, outbox };
    });
    const context = turn.context;
    const language = context.language ?? 'en';
    // Replies the caller sends itself are unsent until it says they left, from when they go.
    const unsent = inboundId !== null && turn.messages.length > 0 && confirmsDelivery;
    const sentAt = answeredAt && answeredAt > iso ? answeredAt : iso;
    const ok = await this.store.commitTurn({
      conversation: next,
      expectedVersion: record?.version ?? null,
      inboundId,
      replies: turn.messages.map((m) => ({
        messageId: randomUUID(),
        replyTo: inboundId,
        at: iso,
        language,
        text: m.text,
        media: [],
        rendered: m,
      })),
      summary: context.consent ? summary : null,
      forget: context.status === 'declined',
      outbox,
      unsentSince: unsent ? sentAt : null,
    });
    if (!ok) return null;
    await this.after(key, turn, iso);
    if (outbox.length) this.followUp.committed(outbox);
    return { conversationId: next.id, replies: turn.messages, duplicate: false, language, delivery: unsent ? deliveryOf(key, inboundId!) : null };
  }

  /**
   * The conversation's lifetime after a turn: its due times, and the status and intake the
   * scheduler and retention read without opening the snapshot. Due times live in the store, not
   * in the statechart: a restart must not lose them.
   */
  private timers(channel: Channel, turn: Turn, at: string, record: ConversationRecord | null): Lifetime {
    // The reminder went out (it is due and this turn is not the user's): next comes abandonment.
    const reminded = !!record?.remindAt && record.remindAt <= at && turn.outbound.some((o) => 'say' in o && o.say === 'reminder');
    return this.lifetime(channel, turn.context, turn.asking, at, reminded);
  }

  /**
   * Every conversation waiting for the family's answer has a lifetime, on every channel: silence
   * ends with "abandoned" (which retention later purges), never with a conversation in progress
   * forever. Waiting for nothing (an emergency once consent was given, on hold for the attorney's
   * call, submitted, stopped), it has none: the firm has it in hand, or it is over.
   */
  private lifetime(channel: Channel, ctx: IntakeContext, asking: Asking, at: string, reminded: boolean): Lifetime {
    const kept = { status: ctx.status, intakeId: ctx.intakeId };
    const plus = (minutes: number) => new Date(Date.parse(at) + minutes * 60_000).toISOString();
    // An emergency before the notice was accepted: nothing is kept unless they go on, so silence
    // ends it like any other (with no reminder: there is no question to come back to).
    if (!asking && ctx.status === 'in_progress' && !ctx.consent && ctx.flags.includes('emergency_now')) {
      return { ...kept, remindAt: null, abandonAt: plus(this.options.abandonMinutes) };
    }
    if (!asking || ctx.status !== 'in_progress') return { ...kept, remindAt: null, abandonAt: null };
    // Web chat and Bot Framework: nobody to remind (the page may be gone; the assistant writes
    // there only in answer), so the silence runs straight to "abandoned".
    if (!REMINDED_CHANNELS.includes(channel)) return { ...kept, remindAt: null, abandonAt: plus(this.options.abandonMinutes) };
    if (reminded) return { ...kept, remindAt: null, abandonAt: plus(this.options.abandonMinutes) };
    return { ...kept, remindAt: plus(this.options.reminderMinutes), abandonAt: null };
  }

  /** The lifetime of a conversation stored before conversations kept theirs, as of its last turn. */
  private lifetimeOf(record: ConversationRecord): Lifetime {
    const ctx = this.engine.contextOf(record.snapshot);
    if (record.remindAt || record.abandonAt) return { status: ctx.status, intakeId: ctx.intakeId, remindAt: record.remindAt, abandonAt: record.abandonAt };
    return this.lifetime(record.channel, ctx, this.engine.asking(record.snapshot), record.updatedAt, false);
  }

  private async after(key: ConversationKey, turn: Turn, at: string) {
    for (const effect of turn.effects) {
      if (effect.type === 'optOut') await this.store.setOptOut(key.address, true, at);
      if (effect.type === 'optIn') await this.store.setOptOut(key.address, false, at);
    }
  }
}

const keyOf = (k: ConversationKey) => `${k.channel}\u0000${k.address}`;

/** Runs what a turn computes; whatever it throws is the turn's failure (an engine's TurnFailed passes as it is). */
function turnStep<T>(compute: () => T): T {
  try {
    return compute();
  } catch (e) {
    throw e instanceof TurnFailed ? e : new TurnFailed('turn', errorKind(e), e);
  }
}
const deliveryOf = (k: ConversationKey, inboundId: string): Delivery => ({ channel: k.channel, address: k.address, inboundId });

/** SMS and WhatsApp tell who writes: the number is offered as the callback number. */
function knownPhoneOf(m: InboundMessage): string | null {
  if (m.channel !== 'sms' && m.channel !== 'whatsapp') return null;
  const phone = m.address.replace(/^whatsapp:/, '');
  return /^\+[1-9]\d{6,14}$/.test(phone) ? phone : null;
}
