/**
 * What the firm's side keeps about each intake, beside the conversation: who handles it (the
 * handling status), the escalations and their acknowledgement, the outbox of notifications still
 * to deliver, and the audit log. A store only stores: what a notification says, when to retry and
 * whom to page are decided in src/handoff. Adapters: sqlite-handoff.ts, mongo-handoff.ts; both
 * are held to test/support/handoff-contract.ts.
 *
 * Every write is a single-row (single-document) atomic operation, so several instances can share
 * one database without transactions (FerretDB has none).
 */
import type { EscalationReason, Summary, Tier } from '../summary/contract';

// ---- handling -----------------------------------------------------------------------------------

/** Where the firm is with an intake: the attorney's workflow, apart from the family's conversation. */
export const HANDLING_STATUSES = ['new', 'claimed', 'contacted', 'closed'] as const;
export type HandlingStatus = (typeof HANDLING_STATUSES)[number];

export interface Handling {
  status: HandlingStatus;
  /** The attorney (account id) who claimed it; kept through contacted and closed. */
  claimedBy: string | null;
  claimedAt: string | null;
  contactedAt: string | null;
  closedAt: string | null;
  /** The last change: when, and by whom (an attorney's id, or "token:NAME" for the API). */
  updatedAt: string | null;
  updatedBy: string | null;
}

export const NEW_HANDLING: Handling = {
  status: 'new',
  claimedBy: null,
  claimedAt: null,
  contactedAt: null,
  closedAt: null,
  updatedAt: null,
  updatedBy: null,
};

/**
 * An attorney holds the family's conversation: the assistant stays silent (no question, no
 * reminder, no late reply) until it is handed back. Apart from the handling status: an attorney
 * may talk to a family whatever the status, and hands back without changing it.
 */
export interface Hold {
  /** The attorney's account id (or "token:NAME" through the API). */
  by: string;
  at: string;
}

export interface ListedIntake {
  summary: Summary;
  handling: Handling;
}

export interface IntakeQuery {
  handling?: HandlingStatus[];
  /** Tiers to include; null stands for "no tier yet". */
  tier?: Array<Tier | null>;
  /** Only intakes updated at or after this time (ISO 8601). */
  since?: string;
  /**
   * true: only intakes an attorney should look at now (see `queued` in src/summary/listing.ts:
   * finished, or escalated while still in progress); false: only the others.
   */
  queued?: boolean;
  /**
   * 'queue': most urgent tier first (E0 … R, then none), oldest first within a tier.
   * 'updated': most recently updated first.
   */
  order: 'queue' | 'updated';
  limit: number;
  /** The `next` of the previous page. */
  cursor?: string | null;
}

export interface IntakePage {
  items: ListedIntake[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next: string | null;
}

// ---- escalations ----------------------------------------------------------------------------

export interface EscalationRecord {
  /** Deterministic (made from the intake and the turn that escalated): created once. */
  id: string;
  intakeId: string;
  reference: string;
  tier: Tier | null;
  reasons: EscalationReason[];
  createdAt: string;
  /** Who is being paged: the on-call attorney first, the backup once re-escalated. */
  level: 'oncall' | 'backup';
  /** When to page the backup if nobody has acknowledged; null once re-escalated or acknowledged. */
  reescalateAt: string | null;
  acknowledgedAt: string | null;
  /** An attorney's id, "sms:<label>" for a reply from a paged phone, or "link:<level>". */
  acknowledgedBy: string | null;
  /**
   * Nobody could be paged at its level (no contact configured): shown as "not configured", never
   * as paging. Absent on records written before it was kept (they were paged).
   */
  nobodyPaged?: boolean;
}

// ---- outbox ---------------------------------------------------------------------------------

/** Something to deliver (or do) later, at least once, retried until done. */
export interface NewOutboxItem {
  /** Deterministic: enqueuing the same item twice (a retried step, another instance) keeps one. */
  id: string;
  /** What it is, for the dispatcher: 'escalated', 'submitted', 'email', 'sms', 'webhook'… */
  kind: string;
  intakeId: string | null;
  /** Sealed at rest. */
  payload: Record<string, unknown>;
  createdAt: string;
  /** Not before this time. */
  dueAt: string;
}

/**
 * 'done': delivered (or its step taken); 'not_configured': done, but nobody was there to reach (no
 * contact configured); 'repeated': done without paging, its escalation's reasons already paged for
 * the intake; 'failed': given up.
 */
export type OutboxState = 'pending' | 'done' | 'not_configured' | 'repeated' | 'failed';
/** How a finished item ended, when not with an error. */
export type OutboxOutcome = 'done' | 'not_configured' | 'repeated';

export interface OutboxItem extends NewOutboxItem {
  state: OutboxState;
  /** Attempts made so far (failed ones, and the successful one). */
  attempts: number;
  /** A short code of the last failure (an HTTP status, an SMTP code): never content. */
  lastError: string | null;
  doneAt: string | null;
  /** Held by an instance until this time while it works on the item. */
  leasedBy: string | null;
  leaseUntil: string | null;
}

// ---- texts to the family --------------------------------------------------------------------

/** Where a text to the family is, as Twilio's status callbacks tell (src/channels/twilio/status.ts). */
export const SMS_STATES = ['queued', 'sent', 'delivered', 'failed'] as const;
export type SmsState = (typeof SMS_STATES)[number];
/** A state only moves forward: a late "sent" never undoes "delivered" (callbacks can cross). */
export const SMS_STATE_RANK: Record<SmsState, number> = { queued: 0, sent: 1, delivered: 2, failed: 2 };

/** What a text sent outside an answer to the family's message was. */
export type SmsKind = 'attorney' | 'reminder' | 'late_reply' | 'question';

/** One text to the family sent through Twilio's REST API (the body is in the transcript, not here). */
export interface SentSms {
  /** Twilio's message SID; `local:<transcript message id>` for one Twilio refused at once. */
  sid: string;
  intakeId: string | null;
  conversationId: string | null;
  kind: SmsKind;
  /** The transcript entry it carries (an attorney's message), or null. */
  messageId: string | null;
  state: SmsState;
  /** Twilio's error code when it failed, or null. */
  errorCode: string | null;
  createdAt: string;
  updatedAt: string;
}

// ---- audit ----------------------------------------------------------------------------------

export interface AuditEntry {
  at: string;
  /** An attorney's id, "token:NAME" for an API token, "system", "sms:<label>"… */
  actor: string;
  /** viewed, viewed_pdf, viewed_transcript, status, acknowledged, signed_in, sign_in_failed, locked_out, signed_out, listed… */
  action: string;
  intakeId: string | null;
  /** Short, non-sensitive values only (a status, a tier): never what the family wrote. */
  detail: Record<string, string | number | null>;
}

export interface HandoffStore {
  // handling
  getHandling(intakeId: string): Promise<Handling>;
  /**
   * Sets the handling of an intake, on the condition that its status is still `expected` (a
   * claim by two attorneys at once: one wins). False when it was not, or the intake is unknown.
   */
  setHandling(intakeId: string, next: Handling, expected: HandlingStatus): Promise<boolean>;
  /** The handling and the hold together, in one read: every turn asks (is the assistant to stay silent?). */
  quietOf(intakeId: string): Promise<{ handling: Handling; hold: Hold | null }>;
  /** Who holds the intake's conversation, or null. */
  getHold(intakeId: string): Promise<Hold | null>;
  /**
   * Takes (hold) or releases (null) the conversation, on the condition that it is still held by
   * `expectedBy` (null: by nobody): of two attorneys taking it at once, one wins. One atomic
   * update of the intake's row or document. False when it was not, or the intake is unknown.
   */
  setHold(intakeId: string, hold: Hold | null, expectedBy: string | null): Promise<boolean>;
  /** Intakes with a stored summary (purged ones excluded), filtered and ordered. */
  listIntakes(q: IntakeQuery): Promise<IntakePage>;

  // escalations
  /** Creates it; false (and no change) when one with this id exists. */
  createEscalation(e: EscalationRecord): Promise<boolean>;
  getEscalation(id: string): Promise<EscalationRecord | null>;
  /** Every escalation of one intake, oldest first. */
  escalationsOf(intakeId: string): Promise<EscalationRecord[]>;
  /** Every escalation nobody has acknowledged, oldest first. */
  unacknowledgedEscalations(): Promise<EscalationRecord[]>;
  /** Not acknowledged, still at the on-call level, and `reescalateAt` <= now. */
  dueReescalations(now: string): Promise<EscalationRecord[]>;
  /**
   * Moves it to the backup level (reescalateAt cleared) if still unacknowledged at the on-call
   * level; `nobodyPaged` when no backup is configured.
   */
  markReescalated(id: string, o?: { nobodyPaged: boolean }): Promise<boolean>;
  /**
   * Claims escalation reasons for an intake, one (intake, reason) row or document each, created
   * once: returns those of `reasons` that `escalationId` holds (newly, or already from an earlier
   * try of the same escalation). A reason another escalation holds is not returned: it was paged.
   */
  claimEscalationReasons(o: { intakeId: string; reasons: EscalationReason[]; escalationId: string; at: string }): Promise<EscalationReason[]>;
  /**
   * Acknowledges it if nobody has: returns the record as it now stands (the first acknowledgement
   * stays), or null for an unknown id.
   */
  acknowledgeEscalation(id: string, by: string, at: string): Promise<EscalationRecord | null>;

  // outbox
  /** Adds items; an id already present is left as it is. */
  enqueue(items: NewOutboxItem[]): Promise<void>;
  /**
   * Leases up to `limit` pending items due at `now` whose lease (if any) has run out, to `by`
   * until `leaseUntil`, oldest due first. Each item is leased to one caller at a time.
   */
  claimDue(o: { now: string; by: string; leaseUntil: string; limit: number }): Promise<OutboxItem[]>;
  /** Done (attempts + 1), as `outcome` (default 'done'). False if `by` no longer holds the lease. */
  completeOutbox(id: string, by: string, at: string, outcome?: OutboxOutcome): Promise<boolean>;
  /** Failed this time: attempts + 1, due again at `dueAt`, lease released. */
  retryOutbox(id: string, by: string, o: { dueAt: string; error: string }): Promise<boolean>;
  /** Failed for good: attempts + 1, state 'failed'. */
  failOutbox(id: string, by: string, o: { at: string; error: string }): Promise<boolean>;
  /** Items of one intake (or all), oldest first: for the dashboard and tests. */
  outboxItems(o?: { intakeId?: string; state?: OutboxState }): Promise<OutboxItem[]>;
  /** The earliest dueAt of a pending item, or null: when the worker should look again. */
  nextDue(): Promise<string | null>;

  // paging caps
  /**
   * Counts `member` (an escalation) once in the counter `key` (one level's pages for one tier in
   * one hour) and returns its place: 1 for the first. The first `keep` members keep their place
   * (counting one of them again returns the same place), so a retried step is not counted twice;
   * past them a member is only counted, and its place is the count so far. One atomic update of
   * one row or document, so that instances sharing the store share the count. A counter is kept
   * two days.
   */
  countPage(o: { key: string; member: string; keep: number; at: string }): Promise<number>;
  /** How many were counted in `key` (0 for none). */
  pagesCounted(key: string): Promise<number>;

  // texts to the family
  /** Records a text sent; a SID already recorded is left as it is. */
  recordSms(sms: SentSms): Promise<void>;
  /**
   * A status callback: moves the text's state forward (by SMS_STATE_RANK, never back), in one
   * conditional update. False when the SID is unknown or the state would not move forward.
   */
  updateSms(sid: string, o: { state: SmsState; errorCode: string | null; at: string }): Promise<boolean>;
  /** The texts of one intake, oldest first. */
  smsOf(intakeId: string): Promise<SentSms[]>;

  // audit
  audit(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  auditLog(o?: { intakeId?: string; limit?: number }): Promise<AuditEntry[]>;
}
