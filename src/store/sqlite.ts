/**
 * The embedded default store: one SQLite file in DATA_DIR (better-sqlite3). A turn commits in one
 * transaction, so a crash leaves either the whole turn or none of it. What people wrote (the
 * conversation's snapshot, message bodies, summaries) is sealed with the FieldCipher.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FieldCipher } from './cipher';
import { privateDir, privateSqlite } from './private-files';
import type { Channel, IntakeStatus } from '../../dialogs/context';
import type { Summary } from '../summary/contract';
import { purgedRecord } from './purged';
import { insertOutbox, OUTBOX_SCHEMA } from './sqlite-outbox';
import { listingParams, migrateIntakes } from './sqlite-intakes';
import { migrateConversations } from './sqlite-conversations';
import { migrateInbound } from './sqlite-inbound';
import { migrateQuarantine } from './sqlite-quarantine';
import type {
  ConversationKey,
  ConversationRecord,
  InboundMessage,
  JobRun,
  Lifetime,
  PurgedIntake,
  QuarantineCount,
  Store,
  StoredInbound,
  TranscriptEntry,
  TurnCommit,
  UnsentRef,
} from './store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  address TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  remind_at TEXT,
  abandon_at TEXT,
  UNIQUE (channel, address)
);
CREATE INDEX IF NOT EXISTS conversations_remind ON conversations (remind_at);
CREATE INDEX IF NOT EXISTS conversations_abandon ON conversations (abandon_at);
CREATE TABLE IF NOT EXISTS inbound (
  channel TEXT NOT NULL,
  message_id TEXT NOT NULL,
  address TEXT NOT NULL,
  at TEXT NOT NULL,
  body TEXT NOT NULL,
  processed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (channel, address, message_id)
);
CREATE INDEX IF NOT EXISTS inbound_pending ON inbound (channel, address, processed);
CREATE TABLE IF NOT EXISTS transcript (
  conversation_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  direction TEXT NOT NULL,
  channel TEXT NOT NULL,
  message_id TEXT NOT NULL,
  reply_to TEXT,
  at TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);
CREATE TABLE IF NOT EXISTS opt_outs (
  address TEXT PRIMARY KEY,
  opted_out INTEGER NOT NULL,
  at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS purged (
  intake_id TEXT PRIMARY KEY,
  record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS job_runs (
  run_key TEXT PRIMARY KEY,
  job TEXT NOT NULL,
  started_at TEXT NOT NULL,
  by TEXT NOT NULL,
  finished_at TEXT,
  outcome TEXT
);
CREATE TABLE IF NOT EXISTS intakes (
  intake_id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  status TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  summary TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS intakes_status ON intakes (status, updated_at);
`;

type Row = Record<string, unknown>;

/** The conversation or the message changed under this turn: it is rolled back. */
class Conflict extends Error {}

function toConversation(r: Row, c: FieldCipher): ConversationRecord {
  return {
    id: r.id as string,
    channel: r.channel as Channel,
    address: r.address as string,
    snapshot: c.openJson(r.snapshot as string),
    version: r.version as number,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
    remindAt: (r.remind_at as string | null) ?? null,
    abandonAt: (r.abandon_at as string | null) ?? null,
    status: (r.status as IntakeStatus | null) ?? null,
    intakeId: (r.intake_id as string | null) ?? null,
    unsent: r.unsent_id
      ? { inboundId: r.unsent_id as string, since: r.unsent_since as string, claimedUntil: (r.unsent_claimed_until as string | null) ?? null }
      : null,
    quarantine: r.quarantine ? JSON.parse(r.quarantine as string) : null,
  };
}

/** A conversation's quarantine as stored: plain JSON (nothing personal in it), or NULL. */
const quarantineJson = (c: ConversationRecord): string | null => (c.quarantine ? JSON.stringify(c.quarantine) : null);

function toEntry(r: Row, c: FieldCipher): TranscriptEntry {
  // An inbound entry's body is the inbound message's ({ text, media, payload: null when none }, no
  // language); a reply's is { language, text, media, rendered }.
  const { payload, ...body } = c.openJson<Pick<TranscriptEntry, 'language' | 'text' | 'media' | 'rendered'> & { payload?: TranscriptEntry['payload'] | null }>(
    r.body as string,
  );
  return {
    ...body,
    language: body.language ?? null,
    ...(payload ? { payload } : {}),
    conversationId: r.conversation_id as string,
    seq: r.seq as number,
    direction: r.direction as 'in' | 'out',
    channel: r.channel as Channel,
    messageId: r.message_id as string,
    replyTo: (r.reply_to as string | null) ?? null,
    at: r.at as string,
  };
}

export class SqliteStore implements Store {
  /** The connection, shared with the firm-side stores (sqlite-handoff.ts, sqlite-accounts.ts). */
  readonly db: Database.Database;
  /** Files of the database still readable by others after start (reported by open.ts). */
  readonly exposedFiles: readonly string[];

  constructor(
    dataDir: string,
    private readonly cipher: FieldCipher,
  ) {
    privateDir(dataDir);
    const file = join(dataDir, 'intake.sqlite');
    this.exposedFiles = privateSqlite(file);
    this.db = new Database(file);
    // WAL lets readers go on while a turn commits; FULL syncs every commit to disk before it returns.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.db.exec(OUTBOX_SCHEMA);
    migrateIntakes(this.db, this.cipher);
    migrateConversations(this.db);
    migrateInbound(this.db);
    migrateQuarantine(this.db);
  }

  /**
   * Prepared statements, made once each (measured with bench/: preparing the same SQL at every
   * call was ~5% of a turn's CPU). Keyed by the SQL text, which is a fixed set.
   */
  private readonly statements = new Map<string, Database.Statement>();
  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Runs a write without its own fsync (WAL, synchronous NORMAL): the OS has it at once, the disk with the next synced commit. */
  private unsynced<T>(write: () => T): T {
    this.stmt('PRAGMA synchronous = NORMAL').run();
    try {
      return write();
    } finally {
      this.stmt('PRAGMA synchronous = FULL').run();
    }
  }

  async receive(m: InboundMessage): Promise<'new' | 'duplicate'> {
    const body = this.cipher.sealJson({ text: m.text, media: m.media, payload: m.payload ?? null });
    // The inbound row is written to the WAL without its own fsync: it survives a crash of the
    // process at once (the OS has it), and the turn's commit, which syncs the WAL with everything
    // before it, makes it durable on disk before any reply goes out. Only a power loss between the
    // two could lose it, and then the message was never answered (no 200). This halves the syncs
    // of a turn (measured with bench/: one fsync was ~8% of a turn, the same as the commit's).
    const r = this.unsynced(() =>
      this.stmt('INSERT OR IGNORE INTO inbound (channel, message_id, address, at, body) VALUES (?, ?, ?, ?, ?)').run(m.channel, m.id, m.address, m.at, body),
    );
    return r.changes === 1 ? 'new' : 'duplicate';
  }

  async isProcessed(key: ConversationKey, messageId: string): Promise<boolean> {
    const r = this.stmt('SELECT processed FROM inbound WHERE channel = ? AND address = ? AND message_id = ?').get(key.channel, key.address, messageId) as
      Row | undefined;
    return r?.processed === 1;
  }

  async inboundMessage(key: ConversationKey, messageId: string): Promise<StoredInbound | null> {
    const r = this.stmt('SELECT * FROM inbound WHERE channel = ? AND address = ? AND message_id = ?').get(key.channel, key.address, messageId) as
      Row | undefined;
    if (!r) return null;
    const quarantine = r.quarantine_id ? { id: r.quarantine_id as string, at: r.quarantined_at as string } : null;
    return { ...this.toInbound(r), attempts: (r.attempts as number | null) ?? 0, quarantine };
  }

  async failedAttempt(key: ConversationKey, messageId: string): Promise<number> {
    const r = this.stmt('UPDATE inbound SET attempts = attempts + 1 WHERE channel = ? AND address = ? AND message_id = ? RETURNING attempts').get(
      key.channel,
      key.address,
      messageId,
    ) as Row | undefined;
    return (r?.attempts as number | undefined) ?? 0;
  }

  async quarantined(): Promise<QuarantineCount> {
    const m = this.stmt('SELECT COUNT(*) AS n, MAX(quarantined_at) AS latest FROM inbound WHERE quarantine_id IS NOT NULL').get() as Row;
    const c = this.stmt("SELECT COUNT(*) AS n, MAX(json_extract(quarantine, '$.at')) AS latest FROM conversations WHERE quarantine IS NOT NULL").get() as Row;
    const times = [m.latest, c.latest].filter((t): t is string => typeof t === 'string').sort();
    return { messages: m.n as number, conversations: c.n as number, latest: times.at(-1) ?? null };
  }

  private toInbound(r: Row): InboundMessage {
    const body = this.cipher.openJson<{ text: string; media: string[]; payload: Record<string, unknown> | null }>(r.body as string);
    return {
      channel: r.channel as Channel,
      address: r.address as string,
      id: r.message_id as string,
      at: r.at as string,
      text: body.text,
      media: body.media,
      ...(body.payload ? { payload: body.payload } : {}),
    };
  }

  async unprocessed(key: ConversationKey): Promise<InboundMessage[]> {
    const rows = this.stmt('SELECT * FROM inbound WHERE channel = ? AND address = ? AND processed = 0 ORDER BY at, rowid').all(
      key.channel,
      key.address,
    ) as Row[];
    return rows.map((r) => this.toInbound(r));
  }

  async findConversation(key: ConversationKey): Promise<ConversationRecord | null> {
    const r = this.stmt('SELECT * FROM conversations WHERE channel = ? AND address = ?').get(key.channel, key.address) as Row | undefined;
    return r ? toConversation(r, this.cipher) : null;
  }

  async conversationKey(conversationId: string): Promise<ConversationKey | null> {
    const r = this.stmt('SELECT channel, address FROM conversations WHERE id = ?').get(conversationId) as Row | undefined;
    return r ? { channel: r.channel as Channel, address: r.address as string } : null;
  }

  async commitTurn(turn: TurnCommit): Promise<boolean> {
    const c = turn.conversation;
    // Throwing is what rolls a better-sqlite3 transaction back: a conflict throws Conflict.
    const commit = this.db.transaction((): void => {
      if (turn.expectedVersion === null) {
        const r = this.stmt(
          `INSERT OR IGNORE INTO conversations (id, channel, address, snapshot, version, created_at, updated_at, remind_at, abandon_at, status, intake_id, quarantine)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          c.id,
          c.channel,
          c.address,
          this.cipher.sealJson(c.snapshot),
          c.version,
          c.createdAt,
          c.updatedAt,
          c.remindAt,
          c.abandonAt,
          c.status ?? null,
          c.intakeId ?? null,
          quarantineJson(c),
        );
        if (r.changes !== 1) throw new Conflict();
      } else {
        const r = this.stmt(
          `UPDATE conversations SET snapshot = ?, version = ?, updated_at = ?, remind_at = ?, abandon_at = ?, status = ?, intake_id = ?, quarantine = ?
             WHERE id = ? AND version = ?`,
        ).run(
          this.cipher.sealJson(c.snapshot),
          c.version,
          c.updatedAt,
          c.remindAt,
          c.abandonAt,
          c.status ?? null,
          c.intakeId ?? null,
          quarantineJson(c),
          c.id,
          turn.expectedVersion,
        );
        if (r.changes !== 1) throw new Conflict();
      }
      if (turn.inboundId !== null) {
        const inbound = this.stmt('SELECT * FROM inbound WHERE channel = ? AND address = ? AND message_id = ?').get(c.channel, c.address, turn.inboundId) as
          Row | undefined;
        // Processed elsewhere meanwhile: this turn is void.
        if (!inbound || inbound.processed === 1) throw new Conflict();
        this.stmt('UPDATE inbound SET processed = 1 WHERE channel = ? AND address = ? AND message_id = ?').run(c.channel, c.address, turn.inboundId);
        if (turn.quarantine) {
          this.stmt('UPDATE inbound SET quarantine_id = ?, quarantined_at = ? WHERE channel = ? AND address = ? AND message_id = ?').run(
            turn.quarantine.id,
            turn.quarantine.at,
            c.channel,
            c.address,
            turn.inboundId,
          );
        }
        // This message's replies are the conversation's unsent ones until they leave (or none are).
        const unsent = turn.unsentSince ? turn.inboundId : null;
        this.stmt('UPDATE conversations SET unsent_id = ?, unsent_since = ?, unsent_claimed_until = NULL WHERE id = ?').run(
          unsent,
          unsent ? turn.unsentSince : null,
          c.id,
        );
        // The inbound body, as sealed at receive, is the transcript entry's body ({ text, media,
        // payload }; toEntry reads it): no need to open it and seal it again.
        this.appendSealed(c, { direction: 'in', messageId: turn.inboundId, replyTo: null, at: inbound.at as string }, inbound.body as string);
      }
      for (const reply of turn.replies) this.append(c, { direction: 'out', ...reply });
      if (turn.forget) this.forget(c);
      if (turn.summary) this.saveSummary(c.id, turn.summary);
      if (turn.outbox && turn.outbox.length > 0) insertOutbox(this.db, this.cipher, turn.outbox);
    });
    // Group commit: the transaction is written to the WAL without its own fsync, and the turn
    // returns once an fsync of the WAL that began after it has finished. Turns committed while
    // one fsync runs share the next one, and the sync runs off the event loop, so other turns go
    // on meanwhile (measured with bench/: the blocking fsync of each commit was ~9% of a turn).
    // Nothing is acknowledged before it is on disk: the caller replies only after this resolves.
    this.stmt('PRAGMA synchronous = NORMAL').run();
    try {
      commit.immediate();
    } catch (err) {
      if (err instanceof Conflict) return false;
      throw err;
    } finally {
      this.stmt('PRAGMA synchronous = FULL').run();
    }
    await this.walSynced();
    return true;
  }

  private wal: FileHandle | null = null;
  private syncing: Promise<void> | null = null;
  private nextSync: Promise<void> | null = null;

  /** Resolves once an fsync of the WAL that began after this call has completed. */
  private walSynced(): Promise<void> {
    if (this.nextSync) return this.nextSync;
    if (!this.syncing) return (this.syncing = this.syncWal());
    const next = () => {
      this.nextSync = null;
      return this.walSynced();
    };
    return (this.nextSync = this.syncing.then(next, next));
  }

  private async syncWal(): Promise<void> {
    try {
      this.wal ??= await open(`${this.db.name}-wal`, 'r');
      await this.wal.datasync();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      // No WAL file (checkpointed and removed by another connection's close): the data is in
      // the database file; a FULL checkpoint syncs it.
      this.db.pragma('wal_checkpoint(FULL)');
    } finally {
      this.syncing = null;
    }
  }

  private append(c: ConversationRecord, e: Omit<TranscriptEntry, 'seq' | 'conversationId' | 'channel'>) {
    const { direction, messageId, replyTo, at, ...body } = e;
    this.appendSealed(c, { direction, messageId, replyTo, at }, this.cipher.sealJson(body));
  }

  private appendSealed(c: ConversationRecord, e: Pick<TranscriptEntry, 'direction' | 'messageId' | 'replyTo' | 'at'>, sealedBody: string) {
    this.stmt(
      `INSERT INTO transcript (conversation_id, seq, direction, channel, message_id, reply_to, at, body)
         VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM transcript WHERE conversation_id = ?), ?, ?, ?, ?, ?, ?)`,
    ).run(c.id, c.id, e.direction, c.channel, e.messageId, e.replyTo, e.at, sealedBody);
  }

  private forget(c: ConversationRecord) {
    const blank = this.cipher.sealJson({ text: '', media: [], payload: null });
    this.stmt("UPDATE transcript SET body = ? WHERE conversation_id = ? AND direction = 'in'").run(
      this.cipher.sealJson({ language: null, text: '', media: [] }),
      c.id,
    );
    this.stmt('UPDATE inbound SET body = ? WHERE channel = ? AND address = ?').run(blank, c.channel, c.address);
  }

  /** The summary with its listing columns; the handling columns are the firm's and stay as they are. */
  private saveSummary(conversationId: string, s: Summary) {
    this.stmt(
      `INSERT INTO intakes (intake_id, conversation_id, status, updated_at, summary, reference, tier, tier_rank, escalated, queued, created_at)
         VALUES (@intake_id, @conversation_id, @status, @updated_at, @summary, @reference, @tier, @tier_rank, @escalated, @queued, @created_at)
         ON CONFLICT (intake_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, summary = excluded.summary,
           reference = excluded.reference, tier = excluded.tier, tier_rank = excluded.tier_rank, escalated = excluded.escalated,
           queued = excluded.queued, created_at = excluded.created_at`,
    ).run({ ...listingParams(s), intake_id: s.intakeId, conversation_id: conversationId, summary: this.cipher.sealJson(s) });
  }

  async repliesTo(key: ConversationKey, inboundId: string): Promise<TranscriptEntry[]> {
    const rows = this.stmt(
      `SELECT t.* FROM conversations c JOIN transcript t ON t.conversation_id = c.id
         WHERE c.channel = ? AND c.address = ? AND t.reply_to = ? AND t.direction = 'out' ORDER BY t.seq`,
    ).all(key.channel, key.address, inboundId) as Row[];
    return rows.map((r) => toEntry(r, this.cipher));
  }

  // Delivery marks and claims are written without a sync of their own: lost in a power cut, a
  // reply is sent once more (or a lapsed claim taken again), nothing is lost.

  async markSent(key: ConversationKey, inboundId: string): Promise<void> {
    this.unsynced(() =>
      this.stmt(
        'UPDATE conversations SET unsent_id = NULL, unsent_since = NULL, unsent_claimed_until = NULL WHERE channel = ? AND address = ? AND unsent_id = ?',
      ).run(key.channel, key.address, inboundId),
    );
  }

  async unsentReplies(o: { before: string; notBefore: string; now: string; channels: readonly Channel[]; limit: number }): Promise<UnsentRef[]> {
    if (o.channels.length === 0) return [];
    const marks = o.channels.map(() => '?').join(', ');
    const rows = this.stmt(
      `SELECT id, channel, address, unsent_id, unsent_since, unsent_claimed_until FROM conversations
         WHERE unsent_since < ? AND unsent_since >= ? AND channel IN (${marks}) AND (unsent_claimed_until IS NULL OR unsent_claimed_until <= ?)
         ORDER BY unsent_since LIMIT ?`,
    ).all(o.before, o.notBefore, ...o.channels, o.now, o.limit) as Row[];
    return rows.map((r) => ({
      conversationId: r.id as string,
      channel: r.channel as Channel,
      address: r.address as string,
      inboundId: r.unsent_id as string,
      since: r.unsent_since as string,
      claimedUntil: (r.unsent_claimed_until as string | null) ?? null,
    }));
  }

  async claimUnsent(key: ConversationKey, inboundId: string, now: string, until: string): Promise<boolean> {
    const r = this.unsynced(() =>
      this.stmt(
        `UPDATE conversations SET unsent_claimed_until = ?
           WHERE channel = ? AND address = ? AND unsent_id = ? AND (unsent_claimed_until IS NULL OR unsent_claimed_until <= ?)`,
      ).run(until, key.channel, key.address, inboundId, now),
    );
    return r.changes === 1;
  }

  async releaseUnsent(key: ConversationKey, inboundId: string, until: string): Promise<void> {
    this.unsynced(() =>
      this.stmt('UPDATE conversations SET unsent_claimed_until = NULL WHERE channel = ? AND address = ? AND unsent_id = ? AND unsent_claimed_until = ?').run(
        key.channel,
        key.address,
        inboundId,
        until,
      ),
    );
  }

  async transcript(conversationId: string, after = 0): Promise<TranscriptEntry[]> {
    const rows = this.stmt('SELECT * FROM transcript WHERE conversation_id = ? AND seq > ? ORDER BY seq').all(conversationId, after) as Row[];
    return rows.map((r) => toEntry(r, this.cipher));
  }

  async dueForInactivity(now: string): Promise<ConversationRecord[]> {
    const rows = this.stmt('SELECT * FROM conversations WHERE (remind_at <= ? OR abandon_at <= ?) AND quarantine IS NULL ORDER BY updated_at').all(
      now,
      now,
    ) as Row[];
    return rows.map((r) => toConversation(r, this.cipher));
  }

  async withoutLifetime(limit: number): Promise<ConversationRecord[]> {
    const rows = this.stmt('SELECT * FROM conversations WHERE status IS NULL AND quarantine IS NULL ORDER BY updated_at LIMIT ?').all(limit) as Row[];
    return rows.map((r) => toConversation(r, this.cipher));
  }

  async setLifetime(id: string, version: number, l: Lifetime): Promise<boolean> {
    const r = this.stmt('UPDATE conversations SET status = ?, intake_id = ?, remind_at = ?, abandon_at = ? WHERE id = ? AND version = ?').run(
      l.status,
      l.intakeId,
      l.remindAt,
      l.abandonAt,
      id,
      version,
    );
    return r.changes === 1;
  }

  async setOptOut(address: string, optedOut: boolean, at: string): Promise<void> {
    this.stmt(
      `INSERT INTO opt_outs (address, opted_out, at) VALUES (?, ?, ?)
         ON CONFLICT (address) DO UPDATE SET opted_out = excluded.opted_out, at = excluded.at`,
    ).run(address, optedOut ? 1 : 0, at);
  }

  async isOptedOut(address: string): Promise<boolean> {
    const r = this.stmt('SELECT opted_out FROM opt_outs WHERE address = ?').get(address) as Row | undefined;
    return r?.opted_out === 1;
  }

  async getIntake(intakeId: string): Promise<Summary | null> {
    const r = this.stmt('SELECT summary FROM intakes WHERE intake_id = ?').get(intakeId) as Row | undefined;
    return r ? this.cipher.openJson<Summary>(r.summary as string) : null;
  }

  async purgeIntakes(o: { statuses: Summary['status'][]; updatedBefore: string; now: string }): Promise<number> {
    const marks = o.statuses.map(() => '?').join(', ');
    const purge = this.db.transaction((): number => {
      const rows = this.stmt(`SELECT * FROM intakes WHERE status IN (${marks}) AND updated_at < ?`).all(...o.statuses, o.updatedBefore) as Row[];
      for (const r of rows) {
        const summary = this.cipher.openJson<Summary>(r.summary as string);
        this.stmt('INSERT OR REPLACE INTO purged (intake_id, record) VALUES (?, ?)').run(summary.intakeId, this.cipher.sealJson(purgedRecord(summary, o.now)));
        const conversation = this.stmt('SELECT channel, address FROM conversations WHERE id = ?').get(r.conversation_id) as Row | undefined;
        if (conversation) this.stmt('DELETE FROM inbound WHERE channel = ? AND address = ?').run(conversation.channel, conversation.address);
        this.stmt('DELETE FROM transcript WHERE conversation_id = ?').run(r.conversation_id);
        this.stmt('DELETE FROM conversations WHERE id = ?').run(r.conversation_id);
        this.stmt('DELETE FROM intakes WHERE intake_id = ?').run(summary.intakeId);
        // Notifications may carry what the family wrote: they go with the intake.
        this.stmt('DELETE FROM outbox WHERE intake_id = ?').run(summary.intakeId);
      }
      return rows.length;
    });
    return purge.immediate();
  }

  async purgeConversations(o: { statuses: IntakeStatus[]; updatedBefore: string }): Promise<number> {
    const marks = o.statuses.map(() => '?').join(', ');
    const purge = this.db.transaction((): number => {
      const rows = this.stmt(
        `SELECT id, channel, address, intake_id, updated_at FROM conversations c WHERE status IN (${marks}) AND updated_at < ?
           AND NOT EXISTS (SELECT 1 FROM intakes i WHERE i.intake_id = c.intake_id)`,
      ).all(...o.statuses, o.updatedBefore) as Row[];
      for (const r of rows) {
        // Up to its last turn: a message received since and not processed (the family back this
        // very moment) is not this conversation's to lose; its turn starts a new conversation.
        this.stmt('DELETE FROM inbound WHERE channel = ? AND address = ? AND (processed = 1 OR at <= ?)').run(r.channel, r.address, r.updated_at);
        this.stmt('DELETE FROM transcript WHERE conversation_id = ?').run(r.id);
        // An escalation before consent puts notifications in the outbox: they go with it.
        if (r.intake_id !== null) this.stmt('DELETE FROM outbox WHERE intake_id = ?').run(r.intake_id);
        this.stmt('DELETE FROM conversations WHERE id = ?').run(r.id);
      }
      return rows.length;
    });
    return purge.immediate();
  }

  async getPurged(intakeId: string): Promise<PurgedIntake | null> {
    const r = this.stmt('SELECT record FROM purged WHERE intake_id = ?').get(intakeId) as Row | undefined;
    return r ? this.cipher.openJson<PurgedIntake>(r.record as string) : null;
  }

  async claimJob(runKey: string, job: string, now: string, by: string): Promise<boolean> {
    const r = this.stmt('INSERT OR IGNORE INTO job_runs (run_key, job, started_at, by) VALUES (?, ?, ?, ?)').run(runKey, job, now, by);
    return r.changes === 1;
  }

  async finishJob(runKey: string, now: string, outcome: Record<string, number | string>): Promise<void> {
    this.stmt('UPDATE job_runs SET finished_at = ?, outcome = ? WHERE run_key = ?').run(now, JSON.stringify(outcome), runKey);
  }

  async jobRuns(job: string): Promise<JobRun[]> {
    const rows = this.stmt('SELECT * FROM job_runs WHERE job = ? ORDER BY started_at').all(job) as Row[];
    return rows.map((r) => ({
      runKey: r.run_key as string,
      job: r.job as string,
      startedAt: r.started_at as string,
      by: r.by as string,
      finishedAt: (r.finished_at as string | null) ?? null,
      outcome: r.outcome ? JSON.parse(r.outcome as string) : null,
    }));
  }

  async ping(): Promise<boolean> {
    return this.stmt('SELECT 1 AS ok').get() !== undefined;
  }

  async close(): Promise<void> {
    await (this.nextSync ?? this.syncing)?.catch(() => undefined);
    await this.wal?.close().catch(() => undefined);
    this.wal = null;
    this.db.close();
  }
}
