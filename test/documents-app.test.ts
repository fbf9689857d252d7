/**
 * The document desk as the running app builds it (Parts.documents), on both stores: bound to the
 * intakes the store holds, scanning with the configured clamd, purged by retention with its
 * intake, and silent in the logs about every document.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { IncomingDocument, ReceiveResult } from '../src/documents/contract';
import { documentsDir } from '../src/documents/sqlite-documents';
import type { ConversationKey } from '../src/store/store';
import { EICAR, startClamd, type TestClamd } from './support/clamd';
import { collect, jpegWithGps, pdfCarrying, pieces } from './support/document-files';
import { scratchDatabases } from './support/mongo-server';
import { startTestServer, type TestServer } from './support/server';

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60_000;
const KEY = randomBytes(32).toString('base64');
const databases = scratchDatabases('documents_app');
const STORES: Array<[string, (label: string) => Record<string, string>]> = [
  ['embedded (SQLite)', () => ({})],
  ['MongoDB', (label) => ({ MONGODB_URI: databases.fresh(label), ENCRYPTION_KEY: KEY })],
];

let clamd: TestClamd;
beforeAll(async () => {
  clamd = await startClamd();
}, 90_000);
afterAll(async () => {
  await clamd?.stop();
});

describe.each(STORES)('documents in the running app, on the %s store', (_name, storeEnv) => {
  let app: TestServer;
  let logs: string;
  let label = 0;
  beforeEach(async () => {
    logs = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        logs += chunk.toString();
        done();
      },
    });
    app = await startTestServer(
      { REMINDER_MINUTES: '30', ABANDON_MINUTES: '60', RETENTION_DAYS: '30', CLAMD_SOCKET: clamd.socket, ...storeEnv(`t${++label}`) },
      { logger: pino({ level: 'trace' }, sink) },
    );
  });
  afterEach(() => app.close());

  let sid = 0;
  const write = (key: ConversationKey, text: string, at: number) =>
    app.parts.service.receive({ ...key, id: `m${++sid}`, at: new Date(at).toISOString(), text, media: [] });
  const intakeIdOf = async (key: ConversationKey) => (await app.parts.store.findConversation(key))!.intakeId!;
  const doc = (intakeId: string, content: Buffer, o: Partial<IncomingDocument> = {}): IncomingDocument => ({
    intakeId,
    item: 'other',
    description: 'Passport photo page',
    fileName: 'Maria Lopez passport.jpg',
    source: 'sms',
    content: pieces(content),
    ...o,
  });
  const kept = (r: ReceiveResult) => {
    if (!r.ok) throw new Error(`refused: ${r.refusal}`);
    return r.document;
  };

  it('takes a document for an intake the store holds, scans it with the configured clamd, and logs nothing about it', async () => {
    const t0 = Date.now();
    const key: ConversationKey = { channel: 'sms', address: '+17165550611' };
    await write(key, 'Hello', t0);
    await write(key, 'yes', t0 + 1000);
    const intakeId = await intakeIdOf(key);
    expect(await app.parts.store.getIntake(intakeId)).not.toBeNull();

    const photo = kept(await app.parts.documents.receive(doc(intakeId, await jpegWithGps())));
    expect(photo).toMatchObject({
      intakeId,
      item: 'other',
      kind: 'jpeg',
      description: 'Passport photo page',
      displayName: 'Maria Lopez passport.jpg',
      source: 'sms',
    });
    expect((await collect((await app.parts.documents.open(intakeId, photo.id))!.content)).includes('GPS-Leak-Model')).toBe(false);
    // Not on this intake's checklist (no reason given yet), and intakes that are not there.
    expect(await app.parts.documents.receive(doc(intakeId, await jpegWithGps(), { item: 'physician_letter' }))).toEqual({ ok: false, refusal: 'unknown_item' });
    expect(await app.parts.documents.receive(doc('00000000-0000-4000-8000-000000000000', await jpegWithGps()))).toEqual({
      ok: false,
      refusal: 'unknown_intake',
    });
    // CLAMD_SOCKET is what the desk scans with.
    expect(await app.parts.documents.receive(doc(intakeId, await pdfCarrying(EICAR), { fileName: 'virus-letter.pdf' }))).toEqual({
      ok: false,
      refusal: 'malware',
    });

    for (const secret of ['Maria Lopez', 'passport', 'Passport photo', 'virus-letter', 'GPS-Leak', 'jpeg', 'image/']) expect(logs).not.toContain(secret);
    // The family's words for the refusal, in their language.
    expect(app.parts.documentWords.refusal('es', 'malware')).toMatch(/seguridad/);
  });

  it('purges the documents of an intake with it, RETENTION_DAYS after it was abandoned', async () => {
    const t0 = Date.now();
    const quiet: ConversationKey = { channel: 'sms', address: '+17165550612' };
    const going: ConversationKey = { channel: 'sms', address: '+17165550613' };
    for (const k of [quiet, going]) {
      await write(k, 'Hello', t0);
      await write(k, 'yes', t0 + 1000);
    }
    const quietId = await intakeIdOf(quiet);
    const goingId = await intakeIdOf(going);
    kept(await app.parts.documents.receive(doc(quietId, await jpegWithGps())));
    kept(await app.parts.documents.receive(doc(quietId, await jpegWithGps())));
    const stays = kept(await app.parts.documents.receive(doc(goingId, await jpegWithGps())));

    await app.parts.scheduler.tick(new Date(t0 + 31 * MINUTE));
    await write(going, 'Maria', t0 + 35 * MINUTE);
    await app.parts.scheduler.tick(new Date(t0 + 92 * MINUTE));
    expect((await app.parts.store.getIntake(quietId))!.status).toBe('abandoned');
    await app.parts.scheduler.tick(new Date(t0 + 31 * DAY));
    expect(await app.parts.store.getPurged(quietId)).not.toBeNull();

    expect(await app.parts.documents.list(quietId)).toEqual([]);
    expect((await app.parts.documents.list(goingId)).map((d) => d.id)).toEqual([stays.id]);
    const runs = await app.parts.store.jobRuns('retention');
    expect(runs.find((r) => r.outcome?.documents === 2)).toBeDefined();
    if (!app.env.MONGODB_URI) {
      expect(readdirSync(documentsDir(app.dataDir))).toEqual([`${stays.id}.sealed`]);
    } else {
      const db = databases.db(app.env.MONGODB_URI);
      expect(await db.collection('documentContent.files').countDocuments()).toBe(1);
      expect(await db.collection('documentContent.chunks').countDocuments({ files_id: { $ne: stays.id } })).toBe(0);
      expect(existsSync(join(app.dataDir, 'documents'))).toBe(false);
    }
  });
});
