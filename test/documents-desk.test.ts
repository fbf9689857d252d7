/**
 * The document desk (src/documents/desk.ts) on both stores, with a real clamd: every check before
 * anything is kept (type by content, sizes, images re-encoded without metadata, PDFs parsed,
 * malware), sealed storage (nothing readable on disk or in the database), and purge.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import sharp from 'sharp';
import type { Db } from 'mongodb';
import type { SummaryFacts } from '../src/documents/checklist';
import type { DocumentDesk, DocumentInfo, IncomingDocument, ReceiveResult } from '../src/documents/contract';
import { createDocumentDesk, purgeGoneIntakes, type DocumentDeskDeps } from '../src/documents/desk';
import { incomingDir } from '../src/documents/incoming';
import { DOCUMENT_BUCKET } from '../src/documents/mongo-documents';
import { documentsDir } from '../src/documents/sqlite-documents';
import { FieldCipher, type CipherKey } from '../src/store/cipher';
import { openStores, type Stores } from '../src/store/open';
import { EICAR, startClamd, type TestClamd } from './support/clamd';
import { collect, decodableHeif, encryptedPdf, fakeJpeg, hevcHeic, jpegWithGps, pdf, pdfCarrying, pieces, png, pngBomb, webp } from './support/document-files';
import { PDFDocument } from 'pdf-lib';
import { scratchDatabases } from './support/mongo-server';

const KEYS: CipherKey[] = [{ id: 'k1', key: randomBytes(32) }];
const INTAKE = '11111111-2222-4333-8444-555555555555';
const OTHER_INTAKE = '99999999-2222-4333-8444-555555555555';
const MB = 1024 * 1024;

/** A medical request with a criminal record: its checklist has physician_letter, police_certificate... */
const MEDICAL = {
  request: { reason: 'medical', details: { patient: 'adult' } },
  history: {
    criminal: 'yes',
    drugs: 'no',
    priorRemoval: 'no',
    overstay: 'no',
    misrepresentation: 'no',
    health: 'no',
    security: 'no',
    refusals: 'no',
    waivers: 'no',
    incidents: [],
  },
} as unknown as SummaryFacts;

let clamd: TestClamd;
beforeAll(async () => {
  clamd = await startClamd();
}, 90_000);
afterAll(async () => {
  await clamd?.stop();
});

interface Harness {
  stores: Stores;
  dataDir: string;
  /** Every byte the store holds for documents, as stored (files or the database's documents). */
  raw(): Promise<Buffer>;
  /** How many pieces of content are stored: files (document files, GridFS files) and GridFS chunks. */
  contentCount(): Promise<{ files: number; chunks: number }>;
  close(): Promise<void>;
}

function deskContract(name: string, open: () => Promise<Harness>) {
  describe(`document desk on ${name}`, () => {
    let h: Harness;
    let desk: DocumentDesk;
    const received: DocumentInfo[] = [];
    const make = (o: Partial<DocumentDeskDeps> = {}) =>
      createDocumentDesk({
        storage: h.stores.documents,
        keys: KEYS,
        cipher: new FieldCipher(KEYS),
        intakeOf: async (id) => (id === INTAKE || id === OTHER_INTAKE ? MEDICAL : null),
        limits: { maxFileBytes: 5 * MB, maxIntakeBytes: 20 * MB, maxFiles: 10 },
        clamd: { socket: clamd.socket },
        dataDir: h.dataDir,
        logger: pino({ level: 'silent' }),
        hooks: { onReceived: async (info) => void received.push(info) },
        chunkBytes: 1024,
        ...o,
      });
    beforeEach(async () => {
      h = await open();
      desk = make();
      received.length = 0;
    });
    afterEach(async () => {
      await h.close();
    });

    const doc = (content: Buffer, o: Partial<IncomingDocument> = {}): IncomingDocument => ({
      intakeId: INTAKE,
      item: 'physician_letter',
      fileName: 'letter.pdf',
      source: 'link',
      content: pieces(content, 777),
      ...o,
    });
    const refusal = (r: ReceiveResult) => (r.ok ? `kept as ${r.document.kind}` : r.refusal);
    const kept = (r: ReceiveResult) => {
      if (!r.ok) throw new Error(`refused: ${r.refusal}`);
      return r.document;
    };
    const nothingKept = async () => {
      expect(await desk.list(INTAKE)).toEqual([]);
      expect(await h.contentCount()).toEqual({ files: 0, chunks: 0 });
      const incoming = incomingDir(h.dataDir);
      expect(existsSync(incoming) ? readdirSync(incoming) : []).toEqual([]);
    };

    it('keeps a PDF as received, sealed, and gives it back byte for byte', async () => {
      const file = await pdf('Dr. Alvarez: diagnosis and prognosis', 3);
      const info = kept(await desk.receive(doc(file, { fileName: '../../etc/Lettre du médecin.PDF' })));
      expect(info).toMatchObject({
        intakeId: INTAKE,
        item: 'physician_letter',
        kind: 'pdf',
        size: file.length,
        source: 'link',
        reencoded: false,
        displayName: 'Lettre du médecin.pdf',
      });
      expect(received).toEqual([info]);
      expect(await desk.list(INTAKE)).toEqual([info]);
      const opened = await desk.open(INTAKE, info.id);
      expect(opened?.info).toEqual(info);
      expect((await collect(opened!.content)).equals(file)).toBe(true);
      // Nothing of it readable where it is stored: not its words, not its name.
      const raw = await h.raw();
      expect(raw.includes('Dr. Alvarez')).toBe(false);
      expect(raw.includes('%PDF')).toBe(false);
      expect(raw.includes('médecin')).toBe(false);
      expect(raw.includes('Lettre')).toBe(false);
      await nothingKept().catch(() => undefined);
      expect(existsSync(incomingDir(h.dataDir)) ? readdirSync(incomingDir(h.dataDir)) : []).toEqual([]);
    });

    it('stores a file of several MB in 64 KiB sealed chunks and gives it back whole', async () => {
      const big = await pdfCarrying(Buffer.from(randomBytes(2 * MB).toString('hex')));
      const full = make({ chunkBytes: undefined });
      const info = kept(await full.receive(doc(big, { content: pieces(big, 100_000) })));
      expect(info.size).toBe(big.length);
      const back = await collect((await full.open(INTAKE, info.id))!.content);
      expect(back.equals(big)).toBe(true);
      expect((await h.raw()).includes(big.subarray(5_000, 5_064))).toBe(false);
    });

    it('takes each kind by its content, whatever its name says', async () => {
      const photo = kept(await desk.receive(doc(await png(), { fileName: 'passport.pdf', item: 'police_certificate' })));
      expect(photo).toMatchObject({ kind: 'png', reencoded: true, displayName: 'passport.png', item: 'police_certificate' });
      expect((await sharp(await collect((await desk.open(INTAKE, photo.id))!.content)).metadata()).format).toBe('png');
      expect(kept(await desk.receive(doc(await webp(), { fileName: undefined })))).toMatchObject({ kind: 'webp', displayName: 'physician_letter.webp' });
      // A HEIF this sharp decodes is stored as a JPEG, re-encoded like every photo.
      expect(kept(await desk.receive(doc(await decodableHeif(), { fileName: 'IMG_0042.HEIC' })))).toMatchObject({
        kind: 'jpeg',
        reencoded: true,
        displayName: 'IMG_0042.jpg',
      });
    });

    it('keeps a HEIC it cannot decode as received, after checking its container, and says so', async () => {
      const heic = hevcHeic();
      const info = kept(await desk.receive(doc(heic, { fileName: 'IMG_0007.HEIC', item: 'police_certificate' })));
      expect(info).toMatchObject({ kind: 'heic', reencoded: false, size: heic.length, displayName: 'IMG_0007.heic' });
      expect((await collect((await desk.open(INTAKE, info.id))!.content)).equals(heic)).toBe(true);
      // One declaring a bomb's size, or only HEIC's brand with nothing behind it, is not kept.
      expect(refusal(await desk.receive(doc(hevcHeic(100_000, 100_000))))).toBe('malformed');
      expect(refusal(await desk.receive(doc(Buffer.concat([hevcHeic().subarray(0, 24), Buffer.alloc(200, 7)]))))).toBe('malformed');
    });

    it('refuses an encrypted PDF', async () => {
      const locked = await encryptedPdf();
      // Well-formed otherwise: only its encryption stops it.
      expect((await PDFDocument.load(locked, { ignoreEncryption: true })).getPageCount()).toBe(1);
      expect(refusal(await desk.receive(doc(locked)))).toBe('malformed');
      await nothingKept();
    });

    it('strips the location and camera metadata from a photo', async () => {
      const photo = await jpegWithGps();
      expect((await sharp(photo).metadata()).exif?.includes('GPS-Leak-Model')).toBe(true);
      const info = kept(await desk.receive(doc(photo, { fileName: 'IMG_1234.jpg' })));
      expect(info).toMatchObject({ kind: 'jpeg', reencoded: true });
      const back = await collect((await desk.open(INTAKE, info.id))!.content);
      const meta = await sharp(back).metadata();
      expect(meta.exif).toBeUndefined();
      expect([meta.width, meta.height]).toEqual([320, 240]);
      expect(back.includes('GPS-Leak-Model')).toBe(false);
      expect(back.includes('Exif')).toBe(false);
      expect(info.size).toBe(back.length);
    });

    it('refuses what it does not take, and what lies about itself, keeping nothing', async () => {
      expect(refusal(await desk.receive(doc(Buffer.from('just some text, not a document at all '.repeat(10)), { fileName: 'a.pdf' })))).toBe('type');
      expect(refusal(await desk.receive(doc(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), { fileName: 'a.png' })))).toBe('type');
      expect(refusal(await desk.receive(doc(Buffer.alloc(0))))).toBe('malformed');
      expect(refusal(await desk.receive(doc(fakeJpeg(), { fileName: 'photo.jpg' })))).toBe('malformed');
      expect(refusal(await desk.receive(doc(pngBomb(), { fileName: 'small.png' })))).toBe('malformed');
      const file = await pdf('Cut short');
      expect(refusal(await desk.receive(doc(file.subarray(0, Math.floor(file.length * 0.6)))))).toBe('malformed');
      expect(refusal(await desk.receive(doc(file.subarray(0, file.length - 8))))).toBe('malformed');
      expect(received).toEqual([]);
      await nothingKept();
    });

    it('refuses a stream that breaks midway as malformed, keeping nothing', async () => {
      const file = await pdf('Broken upload');
      async function* broken() {
        yield new Uint8Array(file.subarray(0, 500));
        throw new Error('client went away');
      }
      expect(refusal(await desk.receive(doc(file, { content: broken() })))).toBe('malformed');
      await nothingKept();
    });

    it('refuses EICAR, alone or inside a well-formed PDF, and keeps nothing of it', async () => {
      expect(refusal(await desk.receive(doc(EICAR, { fileName: 'eicar.com' })))).toBe('type');
      const carrier = await pdfCarrying(EICAR);
      // Without the scan this PDF would be kept: it is well-formed.
      const unscanned = make({ clamd: null });
      const info = kept(await unscanned.receive(doc(carrier)));
      await unscanned.purgeIntake(INTAKE);
      expect(info.kind).toBe('pdf');
      expect(refusal(await desk.receive(doc(carrier)))).toBe('malware');
      await nothingKept();
    });

    it('refuses every file while clamd cannot be reached (never keeps one unscanned)', async () => {
      const away = make({ clamd: { socket: join(h.dataDir, 'no-clamd-here.sock') } });
      expect(refusal(await away.receive(doc(await pdf())))).toBe('scan_unavailable');
      expect(refusal(await make({ clamd: { host: '127.0.0.1', port: 1 } }).receive(doc(await png())))).toBe('scan_unavailable');
      await nothingKept();
    });

    it('refuses an unknown intake or item before reading anything', async () => {
      let read = false;
      async function* watched() {
        read = true;
        yield new Uint8Array(await pdf());
      }
      expect(refusal(await desk.receive(doc(Buffer.alloc(0), { intakeId: 'no-such-intake', content: watched() })))).toBe('unknown_intake');
      expect(refusal(await desk.receive(doc(Buffer.alloc(0), { item: 'death_certificate', content: watched() })))).toBe('unknown_item');
      expect(refusal(await desk.receive(doc(Buffer.alloc(0), { item: 'nonsense', content: watched() })))).toBe('unknown_item');
      expect(read).toBe(false);
      await nothingKept();
    });

    it("takes 'other' with the family's words, one clean line", async () => {
      const info = kept(
        await desk.receive(
          doc(await png(), { item: 'other', description: '  Lettre\u202e de\n\n l\u0000employeur  ', fileName: 'C:\\Users\\Ana\\scan\u0007.png' }),
        ),
      );
      expect(info).toMatchObject({ item: 'other', description: 'Lettre de l employeur', displayName: 'scan.png' });
      expect((await h.raw()).includes('employeur')).toBe(false);
    });

    it('caps the size of a file', async () => {
      const small = make({ limits: { maxFileBytes: 2000, maxIntakeBytes: 20 * MB, maxFiles: 10 } });
      const big = await pdf('A long letter', 20);
      expect(big.length).toBeGreaterThan(2000);
      expect(refusal(await small.receive(doc(big)))).toBe('too_large');
      await nothingKept();
    });

    it('caps what one intake holds, in bytes and in files; other intakes are not affected', async () => {
      const file = await pdf('Letter');
      const capped = make({ limits: { maxFileBytes: 5 * MB, maxIntakeBytes: file.length * 2 + 10, maxFiles: 10 } });
      kept(await capped.receive(doc(file)));
      kept(await capped.receive(doc(file)));
      expect(refusal(await capped.receive(doc(file)))).toBe('intake_full');
      expect((await capped.list(INTAKE)).length).toBe(2);
      kept(await capped.receive(doc(file, { intakeId: OTHER_INTAKE })));

      const few = make({ limits: { maxFileBytes: 5 * MB, maxIntakeBytes: 20 * MB, maxFiles: 3 } });
      kept(await few.receive(doc(file, { intakeId: OTHER_INTAKE })));
      kept(await few.receive(doc(file, { intakeId: OTHER_INTAKE })));
      expect(refusal(await few.receive(doc(file, { intakeId: OTHER_INTAKE })))).toBe('too_many');
      expect((await few.list(OTHER_INTAKE)).length).toBe(3);
      // Files received at once cannot pass the cap together.
      const results = await Promise.all(
        [1, 2, 3].map(() => make({ limits: { maxFileBytes: 5 * MB, maxIntakeBytes: 20 * MB, maxFiles: 4 } }).receive(doc(file))),
      );
      expect(results.filter((r) => r.ok).length).toBeLessThanOrEqual(2);
      expect((await desk.list(INTAKE)).length).toBeLessThanOrEqual(4);
    });

    it('opens a document only for its own intake, and nothing for a made-up id', async () => {
      const info = kept(await desk.receive(doc(await png())));
      expect(await desk.open(OTHER_INTAKE, info.id)).toBeNull();
      expect(await desk.open(INTAKE, '../../intake.sqlite')).toBeNull();
      expect(await desk.open(INTAKE, '00000000-0000-4000-8000-000000000000')).toBeNull();
    });

    it('purges an intake: content and records gone, other intakes kept', async () => {
      kept(await desk.receive(doc(await pdf('One', 4))));
      kept(await desk.receive(doc(await jpegWithGps())));
      const other = kept(await desk.receive(doc(await png(), { intakeId: OTHER_INTAKE })));
      expect((await h.contentCount()).files).toBe(3);
      expect(await desk.purgeIntake(INTAKE)).toBe(2);
      expect(await desk.list(INTAKE)).toEqual([]);
      expect((await h.contentCount()).files).toBe(1);
      expect((await collect((await desk.open(OTHER_INTAKE, other.id))!.content)).length).toBe(other.size);
      // Retention: the documents of intakes that are gone, whatever purged them.
      expect(await purgeGoneIntakes(desk, h.stores.documents, async (id) => id === OTHER_INTAKE)).toBe(1);
      expect(await h.contentCount()).toEqual({ files: 0, chunks: 0 });
      expect(await desk.purgeIntake(INTAKE)).toBe(0);
    });

    it('refuses to give back content that was changed where it is stored', async () => {
      const info = kept(await desk.receive(doc(await pdf('Tamper', 3))));
      await tamper(h, info.id);
      const opened = await desk.open(INTAKE, info.id);
      await expect(collect(opened!.content)).rejects.toThrow(/does not open|cut short/);
    });
  });
}

/** Flips one byte of the stored content of a document. */
async function tamper(h: Harness, id: string): Promise<void> {
  if (h.stores.kind === 'sqlite') {
    const file = join(documentsDir(h.dataDir), `${id}.sealed`);
    const bytes = readFileSync(file);
    bytes[100] ^= 0xff;
    writeFileSync(file, bytes);
  } else {
    const db = mongoDb!(h);
    const chunk = await db.collection(`${DOCUMENT_BUCKET}.chunks`).findOne({ files_id: id, n: 0 });
    const data = Buffer.from((chunk!.data as { buffer: Uint8Array }).buffer);
    data[100] ^= 0xff;
    await db.collection(`${DOCUMENT_BUCKET}.chunks`).updateOne({ _id: chunk!._id }, { $set: { data } });
  }
}

let mongoDb: ((h: Harness) => Db) | null = null;

/** Every file under a folder, read. */
function filesUnder(dir: string): Buffer[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name)));
}

deskContract('the embedded store (SQLite)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'documents-'));
  const stores = await openStores({ mongodbUri: null, dataDir, keys: KEYS });
  return {
    stores,
    dataDir,
    // The database file and its WAL, and every document file.
    raw: async () => Buffer.concat(filesUnder(dataDir)),
    contentCount: async () => {
      const dir = documentsDir(dataDir);
      if (existsSync(dir)) expect(statSync(dir).mode & 0o777).toBe(0o700);
      const files = existsSync(dir) ? readdirSync(dir) : [];
      for (const f of files) expect((statSync(join(documentsDir(dataDir), f)).mode & 0o077) === 0).toBe(true);
      return { files: files.length, chunks: 0 };
    },
    close: async () => {
      await stores.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

const databases = scratchDatabases('documents');
const uris = new WeakMap<Harness, string>();
mongoDb = (h) => databases.db(uris.get(h)!);

deskContract('MongoDB (GridFS)', async () => {
  const uri = databases.fresh('desk');
  const dataDir = mkdtempSync(join(tmpdir(), 'documents-mongo-'));
  const stores = await openStores({ mongodbUri: uri, dataDir, keys: KEYS });
  const db = databases.db(uri);
  const harness: Harness = {
    stores,
    dataDir,
    raw: async () => {
      const parts: Buffer[] = [];
      for (const c of await db.listCollections().toArray()) {
        for (const d of await db.collection(c.name).find().toArray()) {
          parts.push(Buffer.from(JSON.stringify(d)));
          if (d.data) parts.push(Buffer.from((d.data as { buffer: Uint8Array }).buffer));
        }
      }
      return Buffer.concat(parts);
    },
    contentCount: async () => {
      const files = await db.collection(`${DOCUMENT_BUCKET}.files`).countDocuments();
      const chunks = await db.collection(`${DOCUMENT_BUCKET}.chunks`).countDocuments();
      return { files, chunks };
    },
    close: async () => {
      await stores.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  uris.set(harness, uri);
  return harness;
});
