import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { FieldCipher } from '../src/store/cipher';
import Database from 'better-sqlite3';
import { SqliteStore } from '../src/store/sqlite';

const cipher = new FieldCipher([{ id: 'test', key: randomBytes(32) }]);
import { storeContract } from './support/store-contract';

storeContract('embedded (SQLite)', async () => new SqliteStore(mkdtempSync(join(tmpdir(), 'store-')), cipher));

describe('embedded store on disk', () => {
  it('keeps everything across a reopen of the same folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const a = new SqliteStore(dir, cipher);
    await a.receive({ channel: 'sms', address: '+17165550111', id: 'SM1', at: '2026-11-28T07:00:00.000Z', text: 'hi', media: [] });
    await a.setOptOut('+17165550199', true, '2026-11-28T07:00:00.000Z');
    await a.close();
    const b = new SqliteStore(dir, cipher);
    expect(await b.receive({ channel: 'sms', address: '+17165550111', id: 'SM1', at: '2026-11-28T07:00:00.000Z', text: 'hi', media: [] })).toBe('duplicate');
    expect(await b.isOptedOut('+17165550199')).toBe(true);
    await b.close();
  });

  it('opens a data file of the release before conversations kept their lifetime: the columns are added, empty, for the scheduler to fill', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const a = new SqliteStore(dir, cipher);
    const key = { channel: 'webchat' as const, address: 'dl-1' };
    const conversation = {
      ...key,
      id: 'conv-1',
      snapshot: { context: {} } as never,
      version: 1,
      createdAt: '2026-11-28T07:00:00.000Z',
      updatedAt: '2026-11-28T07:00:00.000Z',
      remindAt: null,
      abandonAt: null,
    };
    expect(await a.commitTurn({ conversation, expectedVersion: null, inboundId: null, replies: [], summary: null })).toBe(true);
    // Back to the table as that release made it.
    a.db.exec('DROP INDEX conversations_status; ALTER TABLE conversations DROP COLUMN status; ALTER TABLE conversations DROP COLUMN intake_id;');
    await a.close();
    const b = new SqliteStore(dir, cipher);
    expect(await b.findConversation(key)).toMatchObject({ id: 'conv-1', status: null, intakeId: null });
    expect((await b.withoutLifetime(10)).map((c) => c.id)).toEqual(['conv-1']);
    expect(await b.setLifetime('conv-1', 1, { status: 'in_progress', intakeId: 'int-1', remindAt: null, abandonAt: '2026-11-28T08:00:00.000Z' })).toBe(true);
    expect(await b.withoutLifetime(10)).toEqual([]);
    await b.close();
    // A second open changes nothing.
    const c = new SqliteStore(dir, cipher);
    expect(await c.findConversation(key)).toMatchObject({ status: 'in_progress', intakeId: 'int-1', abandonAt: '2026-11-28T08:00:00.000Z' });
    await c.close();
  });
});

describe('embedded store: a data file of the previous release', () => {
  /**
   * Data written through the store, then the file put back as the previous release laid it out:
   * inbound messages keyed by (channel, message_id), replies indexed by (channel, reply_to), and
   * conversations without the unsent columns.
   */
  async function previousRelease(dir: string) {
    const s = new SqliteStore(dir, cipher);
    const a = { channel: 'botframework' as const, address: 'msteams:19:a' };
    const conv = {
      ...a,
      id: 'conv-a',
      snapshot: { status: 'active', value: 'x', context: {} } as never,
      version: 1,
      createdAt: '2026-11-28T07:00:00.000Z',
      updatedAt: '2026-11-28T07:00:00.000Z',
      remindAt: null,
      abandonAt: null,
    };
    await s.receive({ ...a, id: '1', at: '2026-11-28T07:00:00.000Z', text: 'hello', media: [] });
    await s.receive({ ...a, id: '2', at: '2026-11-28T07:00:01.000Z', text: 'second, unprocessed', media: [] });
    await s.commitTurn({
      conversation: conv,
      expectedVersion: null,
      inboundId: '1',
      replies: [{ messageId: 'R1', replyTo: '1', at: '2026-11-28T07:00:00.500Z', language: 'en', text: 'hi A', media: [] }],
      summary: null,
    });
    await s.close();
    const db = new Database(join(dir, 'intake.sqlite'));
    db.exec(`
      CREATE TABLE inbound_old (
        channel TEXT NOT NULL, message_id TEXT NOT NULL, address TEXT NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL,
        processed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (channel, message_id)
      );
      INSERT INTO inbound_old (rowid, channel, message_id, address, at, body, processed) SELECT rowid, channel, message_id, address, at, body, processed FROM inbound;
      DROP TABLE inbound;
      ALTER TABLE inbound_old RENAME TO inbound;
      CREATE INDEX inbound_pending ON inbound (channel, address, processed);
      DROP INDEX transcript_replies;
      CREATE INDEX transcript_reply ON transcript (channel, reply_to);
      DROP INDEX conversations_unsent;
      ALTER TABLE conversations DROP COLUMN unsent_id;
      ALTER TABLE conversations DROP COLUMN unsent_since;
      ALTER TABLE conversations DROP COLUMN unsent_claimed_until;
    `);
    const pk = (db.prepare('PRAGMA table_info(inbound)').all() as Array<{ name: string; pk: number }>).filter((c) => c.pk > 0).map((c) => c.name);
    expect(pk).toEqual(['channel', 'message_id']);
    db.close();
    return a;
  }

  it('is migrated at open: messages known by conversation and id, every row and reply kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-old-'));
    const a = await previousRelease(dir);
    const s = new SqliteStore(dir, cipher);
    // A second connection (another process on the same file) finds it migrated.
    await new SqliteStore(dir, cipher).close();
    try {
      const db = s.db;
      const pk = (db.prepare('PRAGMA table_info(inbound)').all() as Array<{ name: string; pk: number }>)
        .filter((c) => c.pk > 0)
        .sort((x, y) => x.pk - y.pk)
        .map((c) => c.name);
      expect(pk).toEqual(['channel', 'address', 'message_id']);
      const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as Array<{ name: string }>).map(
        (i) => i.name,
      );
      expect(indexes).toEqual(expect.arrayContaining(['inbound_pending', 'transcript_replies', 'conversations_unsent']));
      expect(indexes).not.toContain('transcript_reply');
      // What was there reads as before.
      expect(await s.isProcessed(a, '1')).toBe(true);
      expect((await s.repliesTo(a, '1')).map((e) => e.text)).toEqual(['hi A']);
      expect((await s.unprocessed(a)).map((m) => [m.id, m.text])).toEqual([['2', 'second, unprocessed']]);
      expect((await s.findConversation(a))!.unsent).toBeNull();
      expect(await s.receive({ ...a, id: '1', at: '2026-11-28T07:01:00.000Z', text: 'hello', media: [] })).toBe('duplicate');
      // Another conversation's activity "1" is its own message now.
      const b = { channel: 'botframework' as const, address: 'msteams:19:b' };
      expect(await s.receive({ ...b, id: '1', at: '2026-11-28T07:01:00.000Z', text: 'hello from B', media: [] })).toBe('new');
      expect(await s.isProcessed(b, '1')).toBe(false);
    } finally {
      await s.close();
    }
    // And reopening changes nothing more.
    const again = new SqliteStore(dir, cipher);
    expect((await again.unprocessed({ channel: 'botframework', address: 'msteams:19:b' })).map((m) => m.text)).toEqual(['hello from B']);
    await again.close();
  });
});
