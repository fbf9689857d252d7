/**
 * What the SQLite file keeps for messages and conversations set aside (src/conversation/quarantine.ts),
 * added at open (idempotent, in one write transaction, like the other migrations):
 *
 * - inbound: `attempts` (failed attempts at the message's turn), and the quarantine it was given
 *   once set aside (`quarantine_id`, `quarantined_at`);
 * - conversations: `quarantine`, the JSON of a conversation set aside as a whole (no personal data:
 *   ids, times, what failed), or NULL.
 *
 * Partial indexes keep only the rows set aside: /readyz counts them without reading the rest.
 */
import type Database from 'better-sqlite3';

const INBOUND_COLUMNS: Array<[string, string]> = [
  ['attempts', 'INTEGER NOT NULL DEFAULT 0'],
  ['quarantine_id', 'TEXT'],
  ['quarantined_at', 'TEXT'],
];
const CONVERSATION_COLUMNS: Array<[string, string]> = [['quarantine', 'TEXT']];

const INDEXES = `
CREATE INDEX IF NOT EXISTS inbound_quarantined ON inbound (quarantined_at) WHERE quarantine_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS conversations_quarantined ON conversations (updated_at) WHERE quarantine IS NOT NULL;
`;

export function migrateQuarantine(db: Database.Database): void {
  const migrate = db.transaction(() => {
    const add = (table: string, columns: Array<[string, string]>) => {
      const have = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name));
      for (const [name, decl] of columns) if (!have.has(name)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${decl}`);
    };
    add('inbound', INBOUND_COLUMNS);
    add('conversations', CONVERSATION_COLUMNS);
    db.exec(INDEXES);
  });
  migrate.immediate();
}
