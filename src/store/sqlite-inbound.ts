/**
 * What a data file of an earlier release lacks for inbound messages and their replies, added at
 * open (idempotent, in one write transaction, so two processes opening one old file do it once):
 *
 * - An inbound message is known by its conversation and id, (channel, address, message_id): it
 *   was (channel, message_id), which made one conversation's Bot Framework activity "1" a
 *   duplicate of another's. SQLite cannot change a primary key in place: the table is rebuilt,
 *   every row kept with its rowid (unprocessed messages are read in rowid order among equal times).
 * - Replies are looked up within their conversation: the index on (channel, reply_to) gives way
 *   to one on (conversation_id, reply_to).
 * - The conversation's unsent replies (the turn's replies not known to have left): three columns.
 */
import type Database from 'better-sqlite3';

/** The inbound table as this release declares it (also in sqlite.ts's SCHEMA, for a new file). */
export const INBOUND_TABLE = (name: string) => `
CREATE TABLE ${name} (
  channel TEXT NOT NULL,
  message_id TEXT NOT NULL,
  address TEXT NOT NULL,
  at TEXT NOT NULL,
  body TEXT NOT NULL,
  processed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (channel, address, message_id)
)`;

const UNSENT_COLUMNS: Array<[string, string]> = [
  ['unsent_id', 'TEXT'],
  ['unsent_since', 'TEXT'],
  ['unsent_claimed_until', 'TEXT'],
];

interface ColumnInfo {
  name: string;
  pk: number;
}

export function migrateInbound(db: Database.Database): void {
  const migrate = db.transaction(() => {
    const inbound = db.prepare('PRAGMA table_info(inbound)').all() as ColumnInfo[];
    const keyed = inbound.find((c) => c.name === 'address')?.pk ?? 0;
    if (keyed === 0) {
      db.exec(INBOUND_TABLE('inbound_rebuilt'));
      db.exec(
        `INSERT INTO inbound_rebuilt (rowid, channel, message_id, address, at, body, processed)
         SELECT rowid, channel, message_id, address, at, body, processed FROM inbound`,
      );
      db.exec('DROP TABLE inbound');
      db.exec('ALTER TABLE inbound_rebuilt RENAME TO inbound');
      db.exec('CREATE INDEX IF NOT EXISTS inbound_pending ON inbound (channel, address, processed)');
    }
    db.exec('DROP INDEX IF EXISTS transcript_reply');
    db.exec('CREATE INDEX IF NOT EXISTS transcript_replies ON transcript (conversation_id, reply_to)');
    const have = new Set((db.prepare('PRAGMA table_info(conversations)').all() as ColumnInfo[]).map((c) => c.name));
    for (const [name, decl] of UNSENT_COLUMNS) if (!have.has(name)) db.exec(`ALTER TABLE conversations ADD COLUMN ${name} ${decl}`);
    db.exec('CREATE INDEX IF NOT EXISTS conversations_unsent ON conversations (unsent_since)');
  });
  migrate.immediate();
}
