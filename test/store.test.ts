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
});
