/**
 * Encryption at rest: AES-256-GCM with a key id, rotation, tampering detected; and the raw
 * SQLite file of a whole intake holds none of what the family wrote.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CipherError, FieldCipher, parseKeyList } from '../src/store/cipher';
import { startTestServer } from './support/server';
import { REFERENCE } from './scripts.reference';
import twilio from 'twilio';
import { TEST_TWILIO } from './support/server';

const k = (id: string) => ({ id, key: randomBytes(32) });

describe('FieldCipher', () => {
  it('seals and opens, never the same twice, never readable', () => {
    const c = new FieldCipher([k('a')]);
    const one = c.seal('my son has leukemia');
    const two = c.seal('my son has leukemia');
    expect(one).not.toBe(two);
    expect(one).not.toContain('leukemia');
    expect(one.startsWith('enc1.a.')).toBe(true);
    expect(c.open(one)).toBe('my son has leukemia');
    expect(c.openJson(c.sealJson({ x: [1, 'é'] }))).toEqual({ x: [1, 'é'] });
  });

  it('gives every value an IV of its own, across the pages of random bytes it draws IVs from', () => {
    const c = new FieldCipher([k('a')]);
    const ivs = Array.from({ length: 2000 }, () => c.seal('same text').split('.')[2]);
    expect(new Set(ivs).size).toBe(ivs.length);
    for (const iv of ivs) expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
  });

  it('rotates: the new key seals, the old one still opens what it sealed', () => {
    const old = k('2025');
    const before = new FieldCipher([old]).seal('assault, 2009');
    const rotated = new FieldCipher([k('2026'), old]);
    expect(rotated.open(before)).toBe('assault, 2009');
    expect(rotated.seal('x').split('.')[1]).toBe('2026');
    expect(() => new FieldCipher([k('2026')]).open(before)).toThrow(/key "2025"/);
  });

  it('detects tampering and a value passed off under another key id', () => {
    const a = k('a');
    const c = new FieldCipher([a, { id: 'b', key: a.key }]);
    const sealed = c.seal('secret');
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[4], 'base64url');
    flipped[0] ^= 1;
    expect(() => c.open([...parts.slice(0, 4), flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => c.open(['enc1', 'b', ...parts.slice(2)].join('.'))).toThrow();
    expect(() => c.open('plain text')).toThrow(CipherError);
  });

  it('refuses a key of the wrong size, and reads a key list', () => {
    expect(() => new FieldCipher([{ id: 'a', key: randomBytes(16) }])).toThrow(/32 bytes/);
    const list = parseKeyList(`old1:${randomBytes(32).toString('base64')}, old2:${randomBytes(32).toString('base64')}`);
    expect(list.map((x) => x.id)).toEqual(['old1', 'old2']);
  });
});

describe('the embedded store at rest', () => {
  it('holds a whole SMS intake with none of its words readable in the raw file', async () => {
    const app = await startTestServer();
    const url = `${app.env.PUBLIC_BASE_URL}/api/sms`;
    for (const [i, body] of REFERENCE.en.entries()) {
      const params = { MessageSid: `SMraw${i}`, From: '+17165550142', To: '+17165550100', Body: body, NumMedia: '0' };
      const r = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(TEST_TWILIO.authToken, url, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      expect(r.status).toBe(200);
    }
    await app.close();
    const files = readdirSync(app.dataDir).filter((f) => f.startsWith('intake.sqlite'));
    const raw = files.map((f) => readFileSync(join(app.dataDir, f)).toString('latin1')).join('\n');
    for (const words of ['leukemia', 'bone marrow', 'theft under', 'assault', 'Tremblay', 'Roswell', 'Refused at the Peace Bridge', 'marc@example.com']) {
      expect(raw).not.toContain(words);
    }
    // The application reads it all back intact.
    const db = new Database(join(app.dataDir, 'intake.sqlite'), { readonly: true });
    const sealed = db.prepare('SELECT summary FROM intakes').get() as { summary: string };
    db.close();
    expect(FieldCipher.isSealed(sealed.summary)).toBe(true);
    const again = await startTestServer({}, { dataDir: app.dataDir });
    const summary = await again.parts.store.getIntake(JSON.parse(JSON.stringify(await intakeIdOf(again))));
    expect(summary).toMatchObject({ status: 'complete', contact: { name: 'Marc Tremblay', email: 'marc@example.com' } });
    expect(summary!.request.details.condition).toBe('He has leukemia and needs a bone marrow transplant');
    await again.close();
  });
});

async function intakeIdOf(app: Awaited<ReturnType<typeof startTestServer>>): Promise<string> {
  const record = await app.parts.store.findConversation({ channel: 'sms', address: '+17165550142' });
  return (record!.snapshot as unknown as { context: { intakeId: string } }).context.intakeId;
}
