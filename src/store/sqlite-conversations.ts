/**
 * The readable lifetime columns of the SQLite `conversations` table beside the sealed snapshot:
 * the intake's status and id, which the scheduler and retention read without opening the
 * snapshot (see Lifetime in store.ts). A data file of the previous release has neither: they are
 * added at open, empty, and the scheduler fills them in (Store.withoutLifetime).
 */
import type Database from 'better-sqlite3';

const COLUMNS: Array<[string, string]> = [
  ['status', 'TEXT'],
  ['intake_id', 'TEXT'],
];

// By status then last update: the rows still without a status (oldest first) for the scheduler,
// and the ended ones past retention for the purge, each a range of this one index.
const INDEXES = `
CREATE INDEX IF NOT EXISTS conversations_status ON conversations (status, updated_at);
`;

/** Adds what an older `conversations` table lacks. Idempotent. */
export function migrateConversations(db: Database.Database): void {
  const migrate = db.transaction(() => {
    // Read inside the write transaction: two processes opening one old file add each column once.
    const have = new Set((db.prepare('PRAGMA table_info(conversations)').all() as Array<{ name: string }>).map((c) => c.name));
    for (const [name, decl] of COLUMNS) if (!have.has(name)) db.exec(`ALTER TABLE conversations ADD COLUMN ${name} ${decl}`);
    db.exec(INDEXES);
  });
  migrate.immediate();
}
