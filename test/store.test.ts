import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { FieldCipher } from '../src/store/cipher';
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
    const conversation = { ...key, id: 'conv-1', snapshot: { context: {} } as never, version: 1, createdAt: '2026-11-28T07:00:00.000Z', updatedAt: '2026-11-28T07:00:00.000Z', remindAt: null, abandonAt: null };
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
