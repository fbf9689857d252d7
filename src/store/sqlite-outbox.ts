/**
 * The outbox table of the SQLite file, shared by the conversation store (a turn writes the
 * notifications it causes in its own transaction) and the firm-side store (sqlite-handoff.ts),
 * which delivers them. Payloads are sealed: a notification may carry what the family wrote.
 */
import type Database from 'better-sqlite3';
import type { FieldCipher } from './cipher';
import type { NewOutboxItem } from './handoff-store';

export const OUTBOX_SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  intake_id TEXT,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  due_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  done_at TEXT,
  leased_by TEXT,
  lease_until TEXT
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, due_at);
CREATE INDEX IF NOT EXISTS outbox_intake ON outbox (intake_id, created_at);
`;

/** Adds items; an id already present is left as it is (a retried turn, another instance). */
export function insertOutbox(db: Database.Database, cipher: FieldCipher, items: readonly NewOutboxItem[]): void {
  const insert = db.prepare(`INSERT OR IGNORE INTO outbox (id, kind, intake_id, payload, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?)`);
  for (const i of items) insert.run(i.id, i.kind, i.intakeId, cipher.sealJson(i.payload), i.createdAt, i.dueAt);
}
