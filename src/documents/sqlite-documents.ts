/**
 * Documents on the embedded store: each one's sealed content in a file of its own under
 * DATA_DIR/documents (0600, the folder 0700, like the rest of DATA_DIR: src/store/private-files.ts),
 * written to a temporary name and renamed when complete; its record in the embedded database.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type Database from 'better-sqlite3';
import { privateDir } from '../store/private-files';
import { DOCUMENT_ID, type DocumentRecord, type DocumentStorage } from './storage';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY,
  intake_id TEXT NOT NULL,
  item TEXT NOT NULL,
  kind TEXT NOT NULL,
  size INTEGER NOT NULL,
  received_at TEXT NOT NULL,
  source TEXT NOT NULL,
  reencoded INTEGER NOT NULL,
  key_id TEXT NOT NULL,
  chunk_bytes INTEGER NOT NULL,
  sealed TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_intake ON documents (intake_id, received_at);
`;

interface Row {
  id: string;
  intake_id: string;
  item: string;
  kind: string;
  size: number;
  received_at: string;
  source: string;
  reencoded: number;
  key_id: string;
  chunk_bytes: number;
  sealed: string;
}

const toRecord = (r: Row): DocumentRecord => ({
  id: r.id,
  intakeId: r.intake_id,
  item: r.item,
  kind: r.kind as DocumentRecord['kind'],
  size: r.size,
  receivedAt: r.received_at,
  source: r.source as DocumentRecord['source'],
  reencoded: r.reencoded === 1,
  keyId: r.key_id,
  chunkBytes: r.chunk_bytes,
  sealed: r.sealed,
});

export function documentsDir(dataDir: string): string {
  return join(dataDir, 'documents');
}

export function createSqliteDocumentStorage(db: Database.Database, dataDir: string): DocumentStorage {
  db.exec(SCHEMA);
  const dir = documentsDir(dataDir);
  const fileOf = (id: string) => {
    if (!DOCUMENT_ID.test(id)) throw new Error('not a document id');
    return join(dir, `${id}.sealed`);
  };
  return {
    async writeContent(id, frames) {
      const file = fileOf(id);
      const part = `${file}.part`;
      // Made with the first document: an install that never receives one has no such folder.
      privateDir(dir);
      try {
        await pipeline(Readable.from(frames), createWriteStream(part, { mode: 0o600, flags: 'wx' }));
        await rename(part, file);
      } catch (err) {
        await rm(part, { force: true });
        throw err;
      }
    },
    readContent(id) {
      return createReadStream(fileOf(id));
    },
    async removeContent(id) {
      await rm(fileOf(id), { force: true });
    },
    async insert(r) {
      db.prepare(
        'INSERT INTO documents (id, intake_id, item, kind, size, received_at, source, reencoded, key_id, chunk_bytes, sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(r.id, r.intakeId, r.item, r.kind, r.size, r.receivedAt, r.source, r.reencoded ? 1 : 0, r.keyId, r.chunkBytes, r.sealed);
    },
    async list(intakeId) {
      return (db.prepare('SELECT * FROM documents WHERE intake_id = ? ORDER BY received_at, id').all(intakeId) as Row[]).map(toRecord);
    },
    async get(intakeId, id) {
      const row = db.prepare('SELECT * FROM documents WHERE intake_id = ? AND id = ?').get(intakeId, id) as Row | undefined;
      return row ? toRecord(row) : null;
    },
    async remove(intakeId, id) {
      db.prepare('DELETE FROM documents WHERE intake_id = ? AND id = ?').run(intakeId, id);
    },
    async totals(intakeId) {
      const r = db.prepare('SELECT COUNT(*) AS files, COALESCE(SUM(size), 0) AS bytes FROM documents WHERE intake_id = ?').get(intakeId) as {
        files: number;
        bytes: number;
      };
      return { files: r.files, bytes: r.bytes };
    },
    async intakesWithDocuments() {
      return (db.prepare('SELECT DISTINCT intake_id FROM documents').all() as Array<{ intake_id: string }>).map((r) => r.intake_id);
    },
  };
}
