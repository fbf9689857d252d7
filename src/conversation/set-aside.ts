/**
 * Setting aside (quarantine.ts) as the conversation service does it, in the store: the commit
 * that sets a message or a whole conversation aside (the family's notice as the reply, the staff
 * alert in the outbox, the mark on the message), and the commit that keeps a message of a
 * conversation set aside as a whole. When to do either is the service's decision (service.ts).
 */
import { randomUUID } from 'node:crypto';
import type { IntakeStatus } from '../../dialogs/context';
import type { IntakeEngine, PersistedIntake } from '../engine/intake-engine';
import type { TurnFailed } from '../engine/turn-failed';
import type { Logger } from '../log';
import { detectCommand, detectLanguage } from '../nlu';
import type { ConversationKey, ConversationRecord, Store } from '../store/store';
import { newQuarantineId, quarantineNotice, readable, type QuarantineAlert, type QuarantineScope, type Readable } from './quarantine';
import type { FollowUp, HandledTurn, Incoming } from './service';

export class SetAside {
  constructor(
    private readonly store: Store,
    private readonly engine: IntakeEngine,
    private readonly followUp: FollowUp,
    private readonly log: Logger,
  ) {}

  /**
   * A message of a conversation set aside as a whole: kept (received, in the transcript for the
   * person who follows up), processed so that no replay takes it again, and answered with nothing:
   * the family was told once. An opt-out word still records the opt-out. Null on a conflict.
   */
  async hold(message: Incoming, record: ConversationRecord): Promise<HandledTurn | null> {
    const iso = new Date(message.at).toISOString();
    const seen = readable(record.snapshot);
    const { unsent: _unsent, ...conversation } = record;
    const ok = await this.store.commitTurn({
      conversation: { ...conversation, version: record.version + 1, updatedAt: iso },
      expectedVersion: record.version,
      inboundId: message.id,
      replies: [],
      summary: null,
      forget: seen.declined,
    });
    if (!ok) return null;
    if (detectCommand(message.text)?.command === 'stop') await this.store.setOptOut(message.address, true, iso);
    return { conversationId: record.id, replies: [], duplicate: false, language: seen.language ?? message.language ?? 'en', delivery: null };
  }

  /**
   * Sets aside what failed (quarantine.ts), in one commit: a message (its turn failed every time)
   * kept in the transcript with the notice as its reply and marked; or, scope 'conversation', the
   * conversation itself (its record cannot be loaded, or none can be started), with no due times
   * left. The staff alert goes into the outbox with it. Null on a conflict (the caller reads again).
   */
  async commit(o: {
    key: ConversationKey;
    record: ConversationRecord | null;
    at: Date;
    err: TurnFailed;
    scope: QuarantineScope;
    /** The message that failed (none: a timer's turn). */
    message?: Incoming;
    /** The sender's number, when the channel tells it (a conversation started here offers it). */
    knownPhone?: string | null;
    attempts?: number;
  }): Promise<HandledTurn | null> {
    const { key, record, at, err, message } = o;
    const iso = at.toISOString();
    let scope = o.scope;
    // An opt-out is recorded, and neither it nor a number that opted out is answered (carrier rules).
    const stop = message !== undefined && detectCommand(message.text)?.command === 'stop';
    const silent = stop || (message === undefined && (await this.store.isOptedOut(key.address)));
    let snapshot: PersistedIntake | null = record ? record.snapshot : null;
    if (!record) {
      // A conversation to keep the message in; if even a new one cannot be made, it has no state
      // to go on from: it is set aside as a whole.
      try {
        snapshot = this.engine.create({ channel: key.channel, at, language: message?.language ?? null, knownPhone: o.knownPhone ?? null });
      } catch {
        scope = 'conversation';
      }
    }
    const known = this.knownOf(snapshot);
    const language = known.language ?? message?.language ?? (message ? detectLanguage(message.text) : null);
    const id = newQuarantineId();
    const intakeId = known.intakeId ?? record?.intakeId ?? null;
    const reference = known.reference ?? (record?.intakeId ? ((await this.store.getIntake(record.intakeId).catch(() => null))?.reference ?? null) : null);
    const alert: QuarantineAlert = { quarantineId: id, channel: key.channel, reference, intakeId, scope, at: iso };
    const notice = quarantineNotice(this.engine.catalog, this.engine.firm, language, this.engine.paging.setAsideReachesAPerson === true);
    const conversation: ConversationRecord = {
      id: record?.id ?? randomUUID(),
      channel: key.channel,
      address: key.address,
      // Null only for a conversation that could not even be started: set aside as a whole, it is
      // never given to the engine again (and null fails to load there, as any unloadable record).
      snapshot: snapshot as PersistedIntake,
      version: (record?.version ?? 0) + 1,
      createdAt: record?.createdAt ?? iso,
      updatedAt: iso,
      remindAt: record?.remindAt ?? null,
      abandonAt: record?.abandonAt ?? null,
      status: record ? (record.status ?? null) : known.status,
      intakeId: record ? (record.intakeId ?? null) : known.intakeId,
      // As a whole: nothing can remind nor abandon it any more.
      ...(scope === 'conversation' ? { remindAt: null, abandonAt: null, quarantine: { id, at: iso, stage: err.stage, detail: err.detail } } : {}),
    };
    const inboundId = message?.id ?? null;
    const unsent = inboundId !== null && message?.confirmsDelivery === true;
    const sentAt = message?.answeredAt && message.answeredAt > iso ? message.answeredAt : iso;
    const outbox = this.followUp.outboxForQuarantine(alert);
    const ok = await this.store.commitTurn({
      conversation,
      expectedVersion: record?.version ?? null,
      inboundId,
      replies: silent
        ? []
        : [{ messageId: randomUUID(), replyTo: inboundId, at: iso, language: language ?? 'en', text: notice.text, media: [], rendered: notice }],
      summary: null,
      forget: known.declined,
      outbox,
      unsentSince: unsent && !silent ? sentAt : null,
      quarantine: inboundId !== null ? { id, at: iso } : null,
    });
    if (!ok) return null;
    this.log.error(
      {
        quarantineId: id,
        scope,
        channel: key.channel,
        conversationId: conversation.id,
        messageId: inboundId,
        stage: err.stage,
        detail: err.detail,
        attempts: o.attempts ?? null,
      },
      scope === 'conversation' ? 'conversation set aside: a person must follow up' : 'message set aside: a person must follow up',
    );
    if (stop) await this.store.setOptOut(key.address, true, iso);
    this.followUp.committed(outbox);
    return {
      conversationId: conversation.id,
      replies: silent ? [] : [notice],
      duplicate: false,
      language: language ?? 'en',
      delivery: unsent && !silent ? { channel: key.channel, address: key.address, inboundId: inboundId! } : null,
      quarantineId: id,
    };
  }

  /** What a stored snapshot tells: through the engine when it loads, else read as it is (quarantine.ts). */
  knownOf(snapshot: PersistedIntake | null): Readable & { status: IntakeStatus | null } {
    try {
      const c = this.engine.contextOf(snapshot as PersistedIntake);
      return { language: c.language, reference: c.reference, intakeId: c.intakeId, declined: c.status === 'declined', status: c.status };
    } catch {
      return { ...readable(snapshot), status: null };
    }
  }
}
