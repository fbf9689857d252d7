/**
 * The firm-side store in the SQLite file (see handoff-store.ts): handling and listing columns of
 * the `intakes` table (sqlite-intakes.ts), escalations, the outbox (sqlite-outbox.ts) and the
 * audit log. It shares the conversation store's connection. better-sqlite3 runs each statement to
 * completion before the next, and several processes on one file serialise on SQLite's write lock,
 * so a conditional UPDATE and its `changes` is a compare-and-set.
 */
import type Database from 'better-sqlite3';
import type { FieldCipher } from './cipher';
import { decodeCursor, encodeCursor } from './cursor';
import { SMS_STATE_RANK } from './handoff-store';
import type {
  AuditEntry,
  EscalationRecord,
  Handling,
  Hold,
  SentSms,
  SmsKind,
  SmsState,
  HandlingStatus,
  HandoffStore,
  IntakePage,
  IntakeQuery,
  NewOutboxItem,
  OutboxItem,
  OutboxOutcome,
  OutboxState,
} from './handoff-store';
import { insertOutbox, OUTBOX_SCHEMA } from './sqlite-outbox';
import type { EscalationReason, Summary, Tier } from '../summary/contract';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS escalations (
  id TEXT PRIMARY KEY,
  intake_id TEXT NOT NULL,
  reference TEXT NOT NULL,
  tier TEXT,
  reasons TEXT NOT NULL,
  created_at TEXT NOT NULL,
  level TEXT NOT NULL,
  reescalate_at TEXT,
  acknowledged_at TEXT,
  acknowledged_by TEXT
);
CREATE TABLE IF NOT EXISTS escalation_reasons (
  intake_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  escalation_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (intake_id, reason)
);
CREATE INDEX IF NOT EXISTS escalations_intake ON escalations (intake_id, created_at);
CREATE INDEX IF NOT EXISTS escalations_open ON escalations (acknowledged_at, level, reescalate_at);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  intake_id TEXT,
  detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at, seq);
CREATE INDEX IF NOT EXISTS audit_intake ON audit (intake_id, at, seq);
CREATE TABLE IF NOT EXISTS sent_sms (
  sid TEXT PRIMARY KEY,
  intake_id TEXT,
  conversation_id TEXT,
  kind TEXT NOT NULL,
  message_id TEXT,
  state TEXT NOT NULL,
  state_rank INTEGER NOT NULL,
  error_code TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sent_sms_intake ON sent_sms (intake_id, created_at);
CREATE TABLE IF NOT EXISTS page_counts (
  key TEXT PRIMARY KEY,
  members TEXT NOT NULL,
  total INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
`;

/** How long a page counter is kept (its hour is long over by then). */
const PAGE_COUNT_KEEP_MS = 2 * 24 * 3_600_000;

type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));

function toHandling(r: Row): Handling {
  return {
    status: r.handling_status as HandlingStatus,
    claimedBy: str(r.claimed_by),
    claimedAt: str(r.claimed_at),
    contactedAt: str(r.contacted_at),
    closedAt: str(r.closed_at),
    updatedAt: str(r.handled_at),
    updatedBy: str(r.handled_by),
  };
}

function toEscalation(r: Row): EscalationRecord {
  return {
    id: r.id as string,
    intakeId: r.intake_id as string,
    reference: r.reference as string,
    tier: str(r.tier) as Tier | null,
    reasons: JSON.parse(r.reasons as string),
    createdAt: r.created_at as string,
    level: r.level as EscalationRecord['level'],
    reescalateAt: str(r.reescalate_at),
    acknowledgedAt: str(r.acknowledged_at),
    acknowledgedBy: str(r.acknowledged_by),
    nobodyPaged: r.nobody_paged === 1,
  };
}

export class SqliteHandoffStore implements HandoffStore {
  constructor(
    private readonly db: Database.Database,
    private readonly cipher: FieldCipher,
  ) {
    // The conversation store made these already when it shares the connection; harmless again.
    db.exec(OUTBOX_SCHEMA);
    db.exec(SCHEMA);
    // Files made before escalations kept whether anyone was paged: those were.
    const columns = (db.prepare('PRAGMA table_info(escalations)').all() as Row[]).map((c) => c.name);
    if (!columns.includes('nobody_paged')) db.exec('ALTER TABLE escalations ADD COLUMN nobody_paged INTEGER NOT NULL DEFAULT 0');
    // The handling columns only: the row's sealed summary (kilobytes, on overflow pages) is not read.
    this.handlingOf = db.prepare(
      'SELECT handling_status, claimed_by, claimed_at, contacted_at, closed_at, handled_at, handled_by FROM intakes WHERE intake_id = ?',
    );
    this.holdOf = db.prepare('SELECT held_by, held_at FROM intakes WHERE intake_id = ?');
    this.quietRow = db.prepare(
      'SELECT handling_status, claimed_by, claimed_at, contacted_at, closed_at, handled_at, handled_by, held_by, held_at FROM intakes WHERE intake_id = ?',
    );
  }

  /** Prepared once: every turn asks it (is an attorney already in touch with the family?). */
  private readonly handlingOf: Database.Statement;
  private readonly holdOf: Database.Statement;
  private readonly quietRow: Database.Statement;

  // ---- handling ---------------------------------------------------------------------------------

  async quietOf(intakeId: string): Promise<{ handling: Handling; hold: Hold | null }> {
    const r = this.quietRow.get(intakeId) as Row | undefined;
    return { handling: toHandling(r ?? { handling_status: 'new' }), hold: r?.held_by ? { by: r.held_by as string, at: r.held_at as string } : null };
  }

  async getHold(intakeId: string): Promise<Hold | null> {
    const r = this.holdOf.get(intakeId) as Row | undefined;
    return r?.held_by ? { by: r.held_by as string, at: r.held_at as string } : null;
  }

  async setHold(intakeId: string, hold: Hold | null, expectedBy: string | null): Promise<boolean> {
    // `IS ?` compares NULL as a value: "held by nobody" is a condition like any other.
    const r = this.db
      .prepare('UPDATE intakes SET held_by = ?, held_at = ? WHERE intake_id = ? AND held_by IS ?')
      .run(hold?.by ?? null, hold?.at ?? null, intakeId, expectedBy);
    return r.changes === 1;
  }

  async getHandling(intakeId: string): Promise<Handling> {
    const r = this.handlingOf.get(intakeId) as Row | undefined;
    return r ? toHandling(r) : toHandling({ handling_status: 'new' });
  }

  async setHandling(intakeId: string, next: Handling, expected: HandlingStatus): Promise<boolean> {
    const r = this.db
      .prepare(
        `UPDATE intakes SET handling_status = ?, claimed_by = ?, claimed_at = ?, contacted_at = ?, closed_at = ?, handled_at = ?, handled_by = ?
         WHERE intake_id = ? AND handling_status = ?`,
      )
      .run(next.status, next.claimedBy, next.claimedAt, next.contactedAt, next.closedAt, next.updatedAt, next.updatedBy, intakeId, expected);
    return r.changes === 1;
  }

  async listIntakes(q: IntakeQuery): Promise<IntakePage> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.handling) {
      where.push(q.handling.length ? `handling_status IN (${q.handling.map(() => '?').join(', ')})` : '0');
      params.push(...q.handling);
    }
    if (q.tier) {
      const tiers = q.tier.filter((t): t is Tier => t !== null);
      const parts = tiers.length ? [`tier IN (${tiers.map(() => '?').join(', ')})`] : [];
      if (q.tier.includes(null)) parts.push('tier IS NULL');
      where.push(parts.length ? `(${parts.join(' OR ')})` : '0');
      params.push(...tiers);
    }
    if (q.since !== undefined) {
      where.push('updated_at >= ?');
      params.push(q.since);
    }
    if (q.queued !== undefined) {
      where.push('queued = ?');
      params.push(q.queued ? 1 : 0);
    }
    let order: string;
    if (q.order === 'queue') {
      order = 'tier_rank ASC, created_at ASC, intake_id ASC';
      if (q.cursor) {
        const [rank, created, id] = decodeCursor('queue', q.cursor);
        where.push('(tier_rank > ? OR (tier_rank = ? AND (created_at > ? OR (created_at = ? AND intake_id > ?))))');
        params.push(rank, rank, created, created, id);
      }
    } else {
      order = 'updated_at DESC, intake_id DESC';
      if (q.cursor) {
        const [updated, id] = decodeCursor('updated', q.cursor);
        where.push('(updated_at < ? OR (updated_at = ? AND intake_id < ?))');
        params.push(updated, updated, id);
      }
    }
    const limit = Math.max(1, Math.floor(q.limit));
    // One more than the page: whether there is a next page, without counting.
    const rows = this.db
      .prepare(`SELECT * FROM intakes ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ?`)
      .all(...params, limit + 1) as Row[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const next =
      rows.length > limit && last
        ? q.order === 'queue'
          ? encodeCursor('queue', [last.tier_rank as number, last.created_at as string, last.intake_id as string])
          : encodeCursor('updated', [last.updated_at as string, last.intake_id as string])
        : null;
    // Only the summaries of the page are opened.
    return { items: page.map((r) => ({ summary: this.cipher.openJson<Summary>(r.summary as string), handling: toHandling(r) })), next };
  }

  // ---- escalations ------------------------------------------------------------------------------

  async createEscalation(e: EscalationRecord): Promise<boolean> {
    const r = this.db
      .prepare(
        `INSERT OR IGNORE INTO escalations (id, intake_id, reference, tier, reasons, created_at, level, reescalate_at, acknowledged_at, acknowledged_by, nobody_paged)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        e.id,
        e.intakeId,
        e.reference,
        e.tier,
        JSON.stringify(e.reasons),
        e.createdAt,
        e.level,
        e.reescalateAt,
        e.acknowledgedAt,
        e.acknowledgedBy,
        e.nobodyPaged ? 1 : 0,
      );
    return r.changes === 1;
  }

  async getEscalation(id: string): Promise<EscalationRecord | null> {
    const r = this.db.prepare('SELECT * FROM escalations WHERE id = ?').get(id) as Row | undefined;
    return r ? toEscalation(r) : null;
  }

  async escalationsOf(intakeId: string): Promise<EscalationRecord[]> {
    const rows = this.db.prepare('SELECT * FROM escalations WHERE intake_id = ? ORDER BY created_at, id').all(intakeId) as Row[];
    return rows.map(toEscalation);
  }

  async unacknowledgedEscalations(): Promise<EscalationRecord[]> {
    const rows = this.db.prepare('SELECT * FROM escalations WHERE acknowledged_at IS NULL ORDER BY created_at, id').all() as Row[];
    return rows.map(toEscalation);
  }

  async dueReescalations(now: string): Promise<EscalationRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM escalations WHERE acknowledged_at IS NULL AND level = 'oncall' AND reescalate_at IS NOT NULL AND reescalate_at <= ?
         ORDER BY created_at, id`,
      )
      .all(now) as Row[];
    return rows.map(toEscalation);
  }

  async markReescalated(id: string, o: { nobodyPaged: boolean } = { nobodyPaged: false }): Promise<boolean> {
    const r = this.db
      .prepare(`UPDATE escalations SET level = 'backup', reescalate_at = NULL, nobody_paged = ? WHERE id = ? AND acknowledged_at IS NULL AND level = 'oncall'`)
      .run(o.nobodyPaged ? 1 : 0, id);
    return r.changes === 1;
  }

  async claimEscalationReasons(o: { intakeId: string; reasons: EscalationReason[]; escalationId: string; at: string }): Promise<EscalationReason[]> {
    // One row per (intake, reason), inserted once: the first escalation to name a reason holds it.
    const insert = this.db.prepare('INSERT OR IGNORE INTO escalation_reasons (intake_id, reason, escalation_id, created_at) VALUES (?, ?, ?, ?)');
    const holder = this.db.prepare('SELECT escalation_id FROM escalation_reasons WHERE intake_id = ? AND reason = ?');
    const held: EscalationReason[] = [];
    for (const reason of o.reasons) {
      insert.run(o.intakeId, reason, o.escalationId, o.at);
      const row = holder.get(o.intakeId, reason) as Row | undefined;
      if (row?.escalation_id === o.escalationId) held.push(reason);
    }
    return held;
  }

  async acknowledgeEscalation(id: string, by: string, at: string): Promise<EscalationRecord | null> {
    // Only the first acknowledgement writes; every caller then reads what stands.
    this.db
      .prepare('UPDATE escalations SET acknowledged_at = ?, acknowledged_by = ?, reescalate_at = NULL WHERE id = ? AND acknowledged_at IS NULL')
      .run(at, by, id);
    return this.getEscalation(id);
  }

  // ---- outbox -----------------------------------------------------------------------------------

  async enqueue(items: NewOutboxItem[]): Promise<void> {
    this.db.transaction(() => insertOutbox(this.db, this.cipher, items)).immediate();
  }

  async claimDue(o: { now: string; by: string; leaseUntil: string; limit: number }): Promise<OutboxItem[]> {
    // One write transaction: another process on the file waits for it, then sees the leases.
    const claim = this.db.transaction((): Row[] => {
      const rows = this.db
        .prepare(
          `SELECT id FROM outbox WHERE state = 'pending' AND due_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
           ORDER BY due_at, created_at, id LIMIT ?`,
        )
        .all(o.now, o.now, Math.max(0, Math.floor(o.limit))) as Row[];
      const lease = this.db.prepare('UPDATE outbox SET leased_by = ?, lease_until = ? WHERE id = ?');
      const read = this.db.prepare('SELECT * FROM outbox WHERE id = ?');
      return rows.map((r) => {
        lease.run(o.by, o.leaseUntil, r.id);
        return read.get(r.id) as Row;
      });
    });
    return claim.immediate().map((r) => this.toItem(r));
  }

  async completeOutbox(id: string, by: string, at: string, outcome: OutboxOutcome = 'done'): Promise<boolean> {
    const r = this.db
      .prepare(
        `UPDATE outbox SET state = ?, attempts = attempts + 1, done_at = ?, leased_by = NULL, lease_until = NULL
         WHERE id = ? AND state = 'pending' AND leased_by = ?`,
      )
      .run(outcome, at, id, by);
    return r.changes === 1;
  }

  async retryOutbox(id: string, by: string, o: { dueAt: string; error: string }): Promise<boolean> {
    const r = this.db
      .prepare(
        `UPDATE outbox SET attempts = attempts + 1, due_at = ?, last_error = ?, leased_by = NULL, lease_until = NULL
         WHERE id = ? AND state = 'pending' AND leased_by = ?`,
      )
      .run(o.dueAt, o.error, id, by);
    return r.changes === 1;
  }

  async failOutbox(id: string, by: string, o: { at: string; error: string }): Promise<boolean> {
    // done_at is when it ended, whichever way.
    const r = this.db
      .prepare(
        `UPDATE outbox SET state = 'failed', attempts = attempts + 1, done_at = ?, last_error = ?, leased_by = NULL, lease_until = NULL
         WHERE id = ? AND state = 'pending' AND leased_by = ?`,
      )
      .run(o.at, o.error, id, by);
    return r.changes === 1;
  }

  async outboxItems(o: { intakeId?: string; state?: OutboxState } = {}): Promise<OutboxItem[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (o.intakeId !== undefined) {
      where.push('intake_id = ?');
      params.push(o.intakeId);
    }
    if (o.state !== undefined) {
      where.push('state = ?');
      params.push(o.state);
    }
    const rows = this.db.prepare(`SELECT * FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`).all(...params) as Row[];
    return rows.map((r) => this.toItem(r));
  }

  async nextDue(): Promise<string | null> {
    // An item leased beyond its due time can be claimed again only once the lease runs out.
    const r = this.db
      .prepare(
        `SELECT MIN(CASE WHEN lease_until IS NOT NULL AND lease_until > due_at THEN lease_until ELSE due_at END) AS next
         FROM outbox WHERE state = 'pending'`,
      )
      .get() as Row;
    return str(r.next);
  }

  // ---- paging caps ------------------------------------------------------------------------------

  async countPage(o: { key: string; member: string; keep: number; at: string }): Promise<number> {
    // One write transaction: another process on the file waits for it, then sees the count.
    const count = this.db.transaction((): number => {
      const row = this.db.prepare('SELECT members, total FROM page_counts WHERE key = ?').get(o.key) as Row | undefined;
      if (!row) {
        // A new hour's counter: the ones long over go.
        this.db.prepare('DELETE FROM page_counts WHERE created_at < ?').run(new Date(Date.parse(o.at) - PAGE_COUNT_KEEP_MS).toISOString());
        const members = o.keep > 0 ? [o.member] : [];
        this.db.prepare('INSERT INTO page_counts (key, members, total, created_at) VALUES (?, ?, 1, ?)').run(o.key, JSON.stringify(members), o.at);
        return 1;
      }
      const members = JSON.parse(row.members as string) as string[];
      const place = members.indexOf(o.member);
      if (place >= 0) return place + 1;
      if (members.length < o.keep) members.push(o.member);
      this.db.prepare('UPDATE page_counts SET members = ?, total = total + 1 WHERE key = ?').run(JSON.stringify(members), o.key);
      return (row.total as number) + 1;
    });
    return count.immediate();
  }

  async pagesCounted(key: string): Promise<number> {
    const row = this.db.prepare('SELECT total FROM page_counts WHERE key = ?').get(key) as Row | undefined;
    return row ? (row.total as number) : 0;
  }

  // ---- audit ------------------------------------------------------------------------------------

  async recordSms(s: SentSms): Promise<void> {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO sent_sms (sid, intake_id, conversation_id, kind, message_id, state, state_rank, error_code, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.sid, s.intakeId, s.conversationId, s.kind, s.messageId, s.state, SMS_STATE_RANK[s.state], s.errorCode, s.createdAt, s.updatedAt);
  }

  async updateSms(sid: string, o: { state: SmsState; errorCode: string | null; at: string }): Promise<boolean> {
    const r = this.db
      .prepare('UPDATE sent_sms SET state = ?, state_rank = ?, error_code = ?, updated_at = ? WHERE sid = ? AND state_rank < ?')
      .run(o.state, SMS_STATE_RANK[o.state], o.errorCode, o.at, sid, SMS_STATE_RANK[o.state]);
    return r.changes === 1;
  }

  async smsOf(intakeId: string): Promise<SentSms[]> {
    const rows = this.db.prepare('SELECT * FROM sent_sms WHERE intake_id = ? ORDER BY created_at, sid').all(intakeId) as Row[];
    return rows.map((r) => ({
      sid: r.sid as string,
      intakeId: (r.intake_id as string | null) ?? null,
      conversationId: (r.conversation_id as string | null) ?? null,
      kind: r.kind as SmsKind,
      messageId: (r.message_id as string | null) ?? null,
      state: r.state as SmsState,
      errorCode: (r.error_code as string | null) ?? null,
      createdAt: r.created_at as string,
      updatedAt: r.updated_at as string,
    }));
  }

  async audit(e: AuditEntry): Promise<void> {
    this.db
      .prepare('INSERT INTO audit (at, actor, action, intake_id, detail) VALUES (?, ?, ?, ?, ?)')
      .run(e.at, e.actor, e.action, e.intakeId, JSON.stringify(e.detail));
  }

  async auditLog(o: { intakeId?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    const where = o.intakeId !== undefined ? 'WHERE intake_id = ?' : '';
    const params: unknown[] = o.intakeId !== undefined ? [o.intakeId] : [];
    const limit = o.limit !== undefined ? 'LIMIT ?' : '';
    if (o.limit !== undefined) params.push(Math.max(0, Math.floor(o.limit)));
    const rows = this.db.prepare(`SELECT * FROM audit ${where} ORDER BY at DESC, seq DESC ${limit}`).all(...params) as Row[];
    return rows.map((r) => ({
      at: r.at as string,
      actor: r.actor as string,
      action: r.action as string,
      intakeId: str(r.intake_id),
      detail: JSON.parse(r.detail as string),
    }));
  }

  private toItem(r: Row): OutboxItem {
    return {
      id: r.id as string,
      kind: r.kind as string,
      intakeId: str(r.intake_id),
      payload: this.cipher.openJson<Record<string, unknown>>(r.payload as string),
      createdAt: r.created_at as string,
      dueAt: r.due_at as string,
      state: r.state as OutboxState,
      attempts: r.attempts as number,
      lastError: str(r.last_error),
      doneAt: str(r.done_at),
      leasedBy: str(r.leased_by),
      leaseUntil: str(r.lease_until),
    };
  }
}

export function createSqliteHandoffStore(db: Database.Database, cipher: FieldCipher): HandoffStore {
  return new SqliteHandoffStore(db, cipher);
}
