/**
 * The outage spool: inbound messages accepted while the database cannot be reached, kept in a
 * local SQLite file (DATA_DIR/spool.sqlite) until they are replayed, in arrival order per
 * conversation. A message is on disk (synchronous FULL: fsynced) before the channel hears "received".
 *
 * What people wrote is sealed with the FieldCipher like everything else at rest, and so is the
 * address (a phone number): conversations are grouped by a keyed hash of channel and address.
 * Ids (a MessageSid, a Direct Line activity id) and times stay readable.
 */
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isLang, type Channel, type Lang } from '../../dialogs/context';
import type { Incoming } from '../conversation/service';
import type { FieldCipher } from '../store/cipher';
import { privateDir, privateSqlite } from '../store/private-files';
import type { ConversationKey } from '../store/store';

export const SPOOL_FILE = 'spool.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS spooled (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation TEXT NOT NULL,
  channel TEXT NOT NULL,
  message_id TEXT NOT NULL,
  at TEXT NOT NULL,
  spooled_at TEXT NOT NULL,
  language TEXT NOT NULL,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  retry_at TEXT,
  failed TEXT,
  UNIQUE (channel, message_id)
);
CREATE INDEX IF NOT EXISTS spooled_conversation ON spooled (conversation, seq);
`;

/** Sealed in `body`: everything the message carried but its channel and id. */
interface SpooledBody {
  address: string;
  at: string;
  text: string;
  media: string[];
  payload: Record<string, unknown> | null;
  /** The language the channel gave (the widget's choice), if any. */
  language: Lang | null;
}

export interface SpooledMessage {
  /** Arrival order in this spool. */
  seq: number;
  message: Incoming;
  /** The language the "received" notice was given in. */
  language: Lang;
  spooledAt: string;
  attempts: number;
  /** After a failed replay: not before this time (ISO). */
  retryAt: string | null;
}

interface Row {
  seq: number;
  conversation: string;
  channel: string;
  message_id: string;
  at: string;
  spooled_at: string;
  language: string;
  body: string;
  attempts: number;
  retry_at: string | null;
}

export class MessageSpool {
  readonly db: Database.Database;
  /** Pending messages per conversation hash: the hot path asks "anything spooled?" without I/O. */
  private readonly pending = new Map<string, number>();
  private total = 0;

  /** Files of the spool still readable by others after start (reported by spooling.ts). */
  readonly exposedFiles: readonly string[];

  constructor(
    dataDir: string,
    private readonly cipher: FieldCipher,
    private readonly hashKey: string,
  ) {
    privateDir(dataDir);
    this.exposedFiles = privateSqlite(join(dataDir, SPOOL_FILE));
    this.db = new Database(join(dataDir, SPOOL_FILE));
    this.db.pragma('journal_mode = WAL');
    // An accepted message must survive a power cut: every commit is fsynced.
    this.db.pragma('synchronous = FULL');
    // A replayed message's sealed body is overwritten on disk, not only unlinked from the tree.
    this.db.pragma('secure_delete = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    for (const r of this.db.prepare('SELECT conversation, COUNT(*) AS n FROM spooled WHERE failed IS NULL GROUP BY conversation').all() as Array<{
      conversation: string;
      n: number;
    }>) {
      this.pending.set(r.conversation, r.n);
      this.total += r.n;
    }
  }

  /** The conversation's id in the spool: a keyed hash, so that no phone number is on disk in clear. */
  conversationOf(key: ConversationKey): string {
    return createHmac('sha256', this.hashKey).update(`spool\u0000${key.channel}\u0000${key.address}`).digest('hex').slice(0, 32);
  }

  /** Messages waiting for replay (given-up ones not counted). */
  get size(): number {
    return this.total;
  }

  /** Messages of this conversation wait for replay: a new one must queue behind them. */
  has(key: ConversationKey): boolean {
    // An empty spool (all the time but an outage) costs no hashing.
    return this.total > 0 && this.pending.has(this.conversationOf(key));
  }

  /** Writes the message durably. 'duplicate' when this channel message id is spooled already (a retried webhook). */
  add(message: Incoming, language: Lang, now: Date): 'new' | 'duplicate' {
    const conversation = this.conversationOf(message);
    const body: SpooledBody = {
      address: message.address,
      at: message.at,
      text: message.text,
      media: message.media,
      payload: message.payload ?? null,
      language: message.language ?? null,
    };
    const r = this.db
      .prepare('INSERT OR IGNORE INTO spooled (conversation, channel, message_id, at, spooled_at, language, body) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(conversation, message.channel, message.id, message.at, now.toISOString(), language, this.cipher.sealJson(body));
    if (r.changes === 0) return 'duplicate';
    this.pending.set(conversation, (this.pending.get(conversation) ?? 0) + 1);
    this.total++;
    return 'new';
  }

  /** The language of the conversation's latest spooled message, if any. */
  languageOf(key: ConversationKey): Lang | null {
    const r = this.db.prepare('SELECT language FROM spooled WHERE conversation = ? ORDER BY seq DESC LIMIT 1').get(this.conversationOf(key)) as
      { language: string } | undefined;
    return r && isLang(r.language) ? r.language : null;
  }

  /** Conversations with messages waiting, the one waiting longest first. */
  conversations(): string[] {
    const rows = this.db
      .prepare('SELECT conversation, MIN(seq) AS first FROM spooled WHERE failed IS NULL GROUP BY conversation ORDER BY first')
      .all() as Array<{ conversation: string }>;
    return rows.map((r) => r.conversation);
  }

  /** The conversation's oldest waiting message. */
  first(conversation: string): SpooledMessage | null {
    const r = this.db.prepare('SELECT * FROM spooled WHERE conversation = ? AND failed IS NULL ORDER BY seq LIMIT 1').get(conversation) as Row | undefined;
    return r ? this.toMessage(r) : null;
  }

  /** The conversation's waiting messages, in arrival order. */
  of(key: ConversationKey): SpooledMessage[] {
    if (!this.has(key)) return [];
    const conversation = this.conversationOf(key);
    const rows = this.db.prepare('SELECT * FROM spooled WHERE conversation = ? AND failed IS NULL ORDER BY seq').all(conversation) as Row[];
    return rows.map((r) => this.toMessage(r));
  }

  /** Replayed: gone from the spool. */
  remove(seq: number): void {
    const r = this.db.prepare('SELECT conversation FROM spooled WHERE seq = ? AND failed IS NULL').get(seq) as { conversation: string } | undefined;
    if (this.db.prepare('DELETE FROM spooled WHERE seq = ?').run(seq).changes === 0 || !r) return;
    this.forget(r.conversation);
  }

  /**
   * A replay that failed with the database answering (not an outage; Twilio refusing the reply,
   * say): counted, and tried again after `retryAt(attempts)`. At `maxAttempts` the message is
   * given up (kept, marked with the error code, for an operator) so that it no longer holds back
   * the conversation's later messages. Returns true when given up.
   */
  failedAttempt(seq: number, code: string, maxAttempts: number, retryAt: (attempts: number) => Date): boolean {
    const r = this.db.prepare('UPDATE spooled SET attempts = attempts + 1 WHERE seq = ? AND failed IS NULL RETURNING attempts, conversation').get(seq) as
      { attempts: number; conversation: string } | undefined;
    if (!r) return false;
    if (r.attempts < maxAttempts) {
      this.db.prepare('UPDATE spooled SET retry_at = ? WHERE seq = ?').run(retryAt(r.attempts).toISOString(), seq);
      return false;
    }
    this.db.prepare('UPDATE spooled SET failed = ? WHERE seq = ?').run(code.slice(0, 100), seq);
    this.forget(r.conversation);
    return true;
  }

  /** Messages given up after failed replays. */
  givenUp(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM spooled WHERE failed IS NOT NULL').get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }

  private forget(conversation: string) {
    const n = (this.pending.get(conversation) ?? 1) - 1;
    if (n > 0) this.pending.set(conversation, n);
    else this.pending.delete(conversation);
    this.total = Math.max(0, this.total - 1);
  }

  private toMessage(r: Row): SpooledMessage {
    const b = this.cipher.openJson<SpooledBody>(r.body);
    return {
      seq: r.seq,
      message: {
        channel: r.channel as Channel,
        address: b.address,
        id: r.message_id,
        at: b.at,
        text: b.text,
        media: b.media,
        ...(b.payload ? { payload: b.payload } : {}),
        language: b.language,
      },
      language: isLang(r.language) ? r.language : 'en',
      spooledAt: r.spooled_at,
      attempts: r.attempts,
      retryAt: r.retry_at ?? null,
    };
  }
}
