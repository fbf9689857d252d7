/**
 * The readable columns of the SQLite `intakes` table beside the sealed summary: the listing fields
 * (src/summary/listing.ts), which the conversation store writes with every summary, and the
 * handling, which only the firm-side store writes (sqlite-handoff.ts). A data file of the previous
 * release has neither: they are added at open, and the listing fields filled from the summaries.
 */
import type Database from 'better-sqlite3';
import type { FieldCipher } from './cipher';
import type { Summary } from '../summary/contract';
import { listingFields } from '../summary/listing';

/** Column → its declaration. ALTER TABLE ADD COLUMN needs a default for NOT NULL. */
const COLUMNS: Array<[string, string]> = [
  ['reference', 'TEXT'],
  ['tier', 'TEXT'],
  ['tier_rank', 'INTEGER'],
  ['escalated', 'INTEGER'],
  ['queued', 'INTEGER'],
  ['created_at', 'TEXT'],
  ['handling_status', "TEXT NOT NULL DEFAULT 'new'"],
  ['claimed_by', 'TEXT'],
  ['claimed_at', 'TEXT'],
  ['contacted_at', 'TEXT'],
  ['closed_at', 'TEXT'],
  ['handled_at', 'TEXT'],
  ['handled_by', 'TEXT'],
  // An attorney holding the conversation (Hold, handoff-store.ts); NULL: nobody.
  ['held_by', 'TEXT'],
  ['held_at', 'TEXT'],
];

const INDEXES = `
CREATE INDEX IF NOT EXISTS intakes_queue ON intakes (tier_rank, created_at, intake_id);
CREATE INDEX IF NOT EXISTS intakes_updated ON intakes (updated_at, intake_id);
CREATE INDEX IF NOT EXISTS intakes_handling ON intakes (handling_status);
`;

/** The listing columns of a summary, as statement parameters (named). */
export function listingParams(s: Summary) {
  const f = listingFields(s);
  return {
    reference: f.reference,
    tier: f.tier,
    tier_rank: f.tierRank,
    status: f.intakeStatus,
    escalated: f.escalated ? 1 : 0,
    queued: f.queued ? 1 : 0,
    created_at: f.createdAt,
    updated_at: f.updatedAt,
  };
}

/** Adds what an older `intakes` table lacks, and fills the listing columns of its rows. Idempotent. */
export function migrateIntakes(db: Database.Database, cipher: FieldCipher): void {
  const migrate = db.transaction(() => {
    // Read inside the write transaction: two processes opening one old file add each column once.
    const have = new Set((db.prepare('PRAGMA table_info(intakes)').all() as Array<{ name: string }>).map((c) => c.name));
    for (const [name, decl] of COLUMNS) if (!have.has(name)) db.exec(`ALTER TABLE intakes ADD COLUMN ${name} ${decl}`);
    db.exec(INDEXES);
    // Rows written before the listing columns existed (tier_rank is never null once written).
    const rows = db.prepare('SELECT intake_id, summary FROM intakes WHERE tier_rank IS NULL').all() as Array<{ intake_id: string; summary: string }>;
    const fill = db.prepare(
      `UPDATE intakes SET reference = @reference, tier = @tier, tier_rank = @tier_rank, escalated = @escalated, queued = @queued,
       created_at = @created_at WHERE intake_id = @intake_id`,
    );
    for (const r of rows) {
      const { reference, tier, tier_rank, escalated, queued, created_at } = listingParams(cipher.openJson<Summary>(r.summary));
      fill.run({ reference, tier, tier_rank, escalated, queued, created_at, intake_id: r.intake_id });
    }
  });
  migrate.immediate();
}
