/**
 * What the assistant keeps, and the only way it keeps it. A store only stores: it knows nothing
 * of the conversation. Adapters: sqlite.ts (the embedded default); MongoDB later.
 *
 * A turn is written in two steps, so that a 200 to a webhook means the message is safe:
 * `receive` writes the inbound message durably (once: its id is unique within its conversation),
 * then `commitTurn` writes the new conversation state, the replies and the summary together, on
 * the condition that nobody else changed the conversation meanwhile (compare-and-set on its version).
 *
 * An inbound message is known by its conversation and its id together (channel, address, id): a
 * channel's ids need only be unique within a conversation (Bot Framework activity ids are), and
 * every Bot Framework channel is our one 'botframework' channel.
 *
 * Replies that leave in the channel's response to the message (SMS, WhatsApp: TwiML) are recorded
 * as unsent with the turn, and marked sent once the response is out (`markSent`): a crash in
 * between leaves them unsent, for src/conversation/redelivery.ts to send.
 *
 * A message whose turn keeps failing is set aside (quarantined, src/conversation/quarantine.ts):
 * its failed attempts are counted here (`failedAttempt`, so a restart does not start the count
 * again), and the turn that sets it aside is an ordinary commit carrying `quarantine`: the message
 * is then processed (no replay takes it again) and marked, and the count is `quarantined()`.
 */
import type { Channel, IntakeStatus, Lang } from '../../dialogs/context';
import type { PersistedIntake } from '../engine/intake-engine';
import type { Rendered } from '../i18n/render';
import type { Summary } from '../summary/contract';
import type { NewOutboxItem } from './handoff-store';

/** Where a conversation happens: a phone number on SMS, a Direct Line conversation id… */
export interface ConversationKey {
  channel: Channel;
  address: string;
}

export interface ConversationRecord extends ConversationKey {
  id: string;
  snapshot: PersistedIntake;
  /** Raised by one at every committed turn: the compare-and-set token. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /**
   * Inactivity: when to send the one reminder (SMS, WhatsApp), when to mark it abandoned (every
   * channel). Both null once the intake is no longer waiting for the family's answer.
   */
  remindAt: string | null;
  abandonAt: string | null;
  /**
   * Readable beside the sealed snapshot, so the scheduler and retention need not open it: the
   * intake's status and id (see Lifetime). Null or absent on a conversation stored before they were
   * kept: the scheduler gives it its lifetime (Store.withoutLifetime).
   */
  status?: IntakeStatus | null;
  intakeId?: string | null;
  /**
   * The replies to the conversation's last message that are not known to have left (null: none).
   * Read from the store; what a commit writes here is TurnCommit.unsentSince, not this field.
   */
  unsent?: UnsentReplies | null;
  /**
   * Set aside as a whole (its record cannot be loaded): no turn of the assistant runs on it any
   * more, what the family writes is only kept (src/conversation/quarantine.ts). Null: it is not.
   * Written by every commit from the record, like `status`.
   */
  quarantine?: ConversationQuarantine | null;
}

/** Why and when a conversation was set aside. Nothing personal: safe to log and to show an operator. */
export interface ConversationQuarantine {
  /** The quarantine id staff are given (the alert carries it). */
  id: string;
  at: string;
  /** What failed: TurnFailed's stage and detail (src/engine/turn-failed.ts). */
  stage: string;
  detail: string;
}

/** An inbound message set aside: the quarantine id it was given, and when. */
export interface SetAside {
  id: string;
  at: string;
}

/** An inbound message as stored, with what became of its attempts. */
export interface StoredInbound extends InboundMessage {
  /** Failed attempts at its turn (failedAttempt). */
  attempts: number;
  /** Set aside, or null. */
  quarantine: SetAside | null;
}

/** What /readyz reports: messages and conversations set aside, and when the latest was. */
export interface QuarantineCount {
  messages: number;
  conversations: number;
  latest: string | null;
}

/** Replies committed for an inbound message that leave in the channel's response to it, not yet sent. */
export interface UnsentReplies {
  /** The inbound message they answer. */
  inboundId: string;
  /** When they were committed (when they should have left). */
  since: string;
  /** Someone is sending them (claimUnsent) until then; null: nobody. */
  claimedUntil: string | null;
}

/** Unsent replies as the redelivery looks for them: where they go, without the conversation's state. */
export interface UnsentRef extends ConversationKey, UnsentReplies {
  conversationId: string;
}

/** What a conversation's lifetime is made of: its due times, its status, its intake. */
export type Lifetime = Pick<ConversationRecord, 'remindAt' | 'abandonAt'> & { status: IntakeStatus; intakeId: string };

export interface InboundMessage extends ConversationKey {
  /** The channel's own id (Twilio MessageSid, activity id): a message of a conversation is processed once. */
  id: string;
  at: string;
  text: string;
  media: string[];
  /** Whatever else the channel sent that must come back (Direct Line's clientActivityID). */
  payload?: Record<string, unknown>;
}

export interface TranscriptEntry {
  conversationId: string;
  /** The position in the conversation, from 1: Direct Line's watermark. */
  seq: number;
  direction: 'in' | 'out';
  channel: Channel;
  messageId: string;
  /** For a reply: the inbound message it answers. */
  replyTo: string | null;
  at: string;
  language: Lang | null;
  text: string;
  media: string[];
  /** A reply as rendered (choices, progress), or the channel's extra fields of an inbound message. */
  rendered?: Rendered;
  payload?: Record<string, unknown>;
  /**
   * Who wrote an outbound entry that is not the assistant's: `attorney:<account id>` (see
   * authorOf). Sealed with the body, like the text. Absent on the family's messages and the
   * assistant's replies.
   */
  author?: string;
}

/** Who wrote a transcript entry: the family, the assistant, or an attorney (by account id). */
export type Author = { kind: 'family' } | { kind: 'assistant' } | { kind: 'attorney'; id: string };

export const ATTORNEY_AUTHOR = 'attorney:';

export function authorOf(e: Pick<TranscriptEntry, 'direction' | 'author'>): Author {
  if (e.direction === 'in') return { kind: 'family' };
  if (e.author?.startsWith(ATTORNEY_AUTHOR)) return { kind: 'attorney', id: e.author.slice(ATTORNEY_AUTHOR.length) };
  return { kind: 'assistant' };
}

export type OutboundEntry = Omit<TranscriptEntry, 'seq' | 'conversationId' | 'channel' | 'direction'>;

export interface TurnCommit {
  conversation: ConversationRecord;
  /** The version read before the turn; the commit fails if the stored one differs. */
  expectedVersion: number | null;
  /** The inbound message this turn processed (null for a turn the assistant starts). */
  inboundId: string | null;
  replies: OutboundEntry[];
  summary: Summary | null;
  /** Consent was declined: what the user wrote is forgotten (the messages' times and ids stay). */
  forget?: boolean;
  /**
   * Notifications this turn causes (an escalation, a submission), written with the turn: a crash
   * after the commit still delivers them. Ids are deterministic; one already present is kept.
   */
  outbox?: NewOutboxItem[];
  /**
   * With an inbound message: its replies are sent by the caller (in Twilio's webhook response, or
   * through the REST API), so they are the conversation's unsent replies, since this time, until
   * markSent. Null or absent: nothing is unsent (no replies, or a channel that delivers them
   * otherwise: web chat's client reads the transcript). Without an inbound message the
   * conversation's unsent replies, if any, stay as they are.
   */
  unsentSince?: string | null;
  /**
   * The inbound message of this turn is set aside (its turn failed every time): it is marked with
   * this quarantine, besides being processed. Absent or null on every ordinary turn.
   */
  quarantine?: SetAside | null;
}

/** The minimal record kept of a purged intake: enough for a conflict check, nothing more. */
export interface PurgedIntake {
  intakeId: string;
  reference: string;
  status: string;
  createdAt: string;
  purgedAt: string;
  /** Names given in the intake (traveler, contact, other parties), for the conflict check. */
  names: string[];
}

export interface JobRun {
  runKey: string;
  job: string;
  startedAt: string;
  by: string;
  finishedAt: string | null;
  outcome: Record<string, number | string> | null;
}

export interface Store {
  /** Writes an inbound message durably. 'duplicate' if this conversation received a message with this id before. */
  receive(message: InboundMessage): Promise<'new' | 'duplicate'>;
  /** True once the turn of this inbound message of the conversation is committed. */
  isProcessed(key: ConversationKey, messageId: string): Promise<boolean>;
  /** An inbound message of the conversation as received (bodies blank once forgotten); null if unknown. */
  inboundMessage(key: ConversationKey, messageId: string): Promise<StoredInbound | null>;
  /** Inbound messages of a conversation received but not yet processed, oldest first (after a crash). */
  unprocessed(key: ConversationKey): Promise<InboundMessage[]>;
  /**
   * One more failed attempt at the turn of this inbound message: one atomic increment, kept
   * across restarts. Returns the count now (0 if the message is unknown).
   */
  failedAttempt(key: ConversationKey, messageId: string): Promise<number>;
  /** How many messages and conversations were set aside (until retention purges them), and the latest time. */
  quarantined(): Promise<QuarantineCount>;

  findConversation(key: ConversationKey): Promise<ConversationRecord | null>;
  /** Where the conversation with this id happens (its channel and address); null if unknown. */
  conversationKey(conversationId: string): Promise<ConversationKey | null>;
  /** Commits a turn atomically; false when the conversation changed meanwhile (try again). */
  commitTurn(turn: TurnCommit): Promise<boolean>;

  /** The replies already committed to an inbound message of the conversation (a retried webhook gets the same). */
  repliesTo(key: ConversationKey, inboundId: string): Promise<TranscriptEntry[]>;

  /**
   * The replies to this inbound message have left (in the channel's response, or through its REST
   * API): the conversation has nothing unsent. Nothing happens if its unsent replies are another
   * message's (a later turn's). One small update, not synced to disk on its own: lost in a power
   * cut, the replies are only sent once more.
   */
  markSent(key: ConversationKey, inboundId: string): Promise<void>;
  /**
   * Unsent replies committed before `before` (and not before `notBefore`), on `channels`, whose
   * claim has lapsed at `now`; oldest first, at most `limit`.
   */
  unsentReplies(o: { before: string; notBefore: string; now: string; channels: readonly Channel[]; limit: number }): Promise<UnsentRef[]>;
  /**
   * Claims the sending of these unsent replies until `until`: true for exactly one caller, across
   * instances, while the claim holds (a claim that lapsed at `now` can be taken again).
   */
  claimUnsent(key: ConversationKey, inboundId: string, now: string, until: string): Promise<boolean>;
  /** Gives back a claim (the sending failed): `until` is the claim's own, so a newer one stays. */
  releaseUnsent(key: ConversationKey, inboundId: string, until: string): Promise<void>;
  /** The transcript from position `after` (exclusive), oldest first. */
  transcript(conversationId: string, after?: number): Promise<TranscriptEntry[]>;

  /** Conversations whose reminder or abandonment is due at `now` (none set aside as a whole). */
  dueForInactivity(now: string): Promise<ConversationRecord[]>;
  /**
   * Conversations stored before conversations kept their status (status null), least recently
   * updated first, at most `limit`: the scheduler gives each its lifetime, a batch at a time.
   * None set aside as a whole: nothing can give those a lifetime.
   */
  withoutLifetime(limit: number): Promise<ConversationRecord[]>;
  /**
   * Sets the lifetime of a conversation still at `version`; not a turn: its version and updatedAt
   * stay (retention counts from the last turn). False if it moved on meanwhile (a turn sets it).
   */
  setLifetime(id: string, version: number, lifetime: Lifetime): Promise<boolean>;

  setOptOut(address: string, optedOut: boolean, at: string): Promise<void>;
  isOptedOut(address: string): Promise<boolean>;

  getIntake(intakeId: string): Promise<Summary | null>;

  /**
   * Retention: intakes in one of `statuses` not updated since `updatedBefore` lose everything but
   * the minimal record a conflict check needs (see PurgedIntake); their conversation, transcript and
   * inbound messages are deleted. Opt-outs are kept. Returns how many intakes were purged.
   */
  purgeIntakes(o: { statuses: Summary['status'][]; updatedBefore: string; now: string }): Promise<number>;
  /**
   * Retention of what has no intake (a conversation that ended before consent: abandoned, opted
   * out or declined): conversations in one of `statuses` not updated since `updatedBefore`, with
   * no intake stored, are deleted with their transcript, their inbound messages and their outbox
   * items. Nothing is kept of them (there is no intake to check conflicts against); opt-outs are
   * kept. A conversation that has an intake is purgeIntakes' to purge. Returns how many.
   */
  purgeConversations(o: { statuses: IntakeStatus[]; updatedBefore: string }): Promise<number>;
  /** What remains of a purged intake. */
  getPurged(intakeId: string): Promise<PurgedIntake | null>;

  /**
   * Claims a run of a scheduled job: true for exactly one caller per `runKey`, across instances.
   * The run is recorded (audit), with its outcome once finishJob is called.
   */
  claimJob(runKey: string, job: string, now: string, by: string): Promise<boolean>;
  finishJob(runKey: string, now: string, outcome: Record<string, number | string>): Promise<void>;
  jobRuns(job: string): Promise<JobRun[]>;

  /** Ready to serve (the database answers). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
