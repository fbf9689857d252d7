/**
 * Documents sealed in chunks (src/documents/sealed-chunks.ts): what goes in comes out, however the
 * bytes are cut on the way in and on the way back, at every size around the chunk boundaries; and
 * any change, move, cut or addition of a chunk is refused.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { CipherError, type CipherKey } from '../src/store/cipher';
import { FRAME_OVERHEAD, openChunks, sealChunks, sealedSize } from '../src/documents/sealed-chunks';
import { clearIncoming, incomingDir, receiveIncoming } from '../src/documents/incoming';

const K1: CipherKey = { id: 'k1', key: randomBytes(32) };
const K2: CipherKey = { id: 'k2', key: randomBytes(32) };
const CHUNK = 16;

/** `buf` cut at the given sizes (cycled), as a stream. */
async function* cut(buf: Buffer, sizes: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  let i = 0;
  while (at < buf.length) {
    const n = Math.max(1, sizes[i++ % sizes.length]);
    yield new Uint8Array(buf.subarray(at, at + n));
    at += n;
  }
}

async function all(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of source) parts.push(Buffer.from(p));
  return Buffer.concat(parts);
}

const seal = (plain: Buffer, id = 'doc-1', key = K1, inSizes = [7]) => all(sealChunks(cut(plain, inSizes), key, id, { chunkBytes: CHUNK }));
const open = (sealed: Buffer, id = 'doc-1', keyId = 'k1', outSizes = [5], keys = [K1, K2]) =>
  all(openChunks(cut(sealed, outSizes), keys, keyId, id, { chunkBytes: CHUNK }));

/** Sizes on and around every multiple of the chunk size up to a few chunks. */
const sizeNearBoundary = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: -2, max: 2 })).map(([n, d]) => Math.max(0, n * CHUNK + d));

describe('documents sealed in chunks', () => {
  it('round-trips any content at and around chunk boundaries, however it is cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(sizeNearBoundary, fc.integer({ min: 0, max: 200 })),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 5 }),
        async (size, inSizes, outSizes) => {
          const plain = randomBytes(size);
          const sealed = await seal(plain, 'doc-1', K1, inSizes);
          expect(sealed.length).toBe(sealedSize(size, CHUNK));
          expect((await open(sealed, 'doc-1', 'k1', outSizes)).equals(plain)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('seals each chunk with its own nonce: the same content twice is sealed differently', async () => {
    const plain = Buffer.alloc(CHUNK * 3, 0x41);
    const a = await seal(plain);
    const b = await seal(plain);
    expect(a.equals(b)).toBe(false);
    // Equal chunks of one document do not look equal either.
    const frame = CHUNK + FRAME_OVERHEAD;
    expect(a.subarray(0, frame).equals(a.subarray(frame, 2 * frame))).toBe(false);
  });

  it('refuses any changed byte', async () => {
    const plain = randomBytes(CHUNK * 3 + 5);
    const sealed = await seal(plain);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: sealed.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, flip) => {
        const bad = Buffer.from(sealed);
        bad[at] ^= flip;
        await expect(open(bad)).rejects.toThrow(CipherError);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses chunks reordered, dropped from the end, appended, or taken from another document', async () => {
    const frame = CHUNK + FRAME_OVERHEAD;
    const plain = randomBytes(CHUNK * 3 + 5);
    const sealed = await seal(plain);
    const frames = [0, 1, 2, 3].map((i) => sealed.subarray(i * frame, (i + 1) * frame));
    await expect(open(Buffer.concat([frames[1], frames[0], frames[2], frames[3]]))).rejects.toThrow(CipherError);
    // Cut at a chunk boundary: the chunk now last was not sealed as the last.
    await expect(open(Buffer.concat(frames.slice(0, 3)))).rejects.toThrow(CipherError);
    await expect(open(Buffer.concat(frames.slice(0, 1)))).rejects.toThrow(CipherError);
    await expect(open(Buffer.concat([...frames, frames[3]]))).rejects.toThrow(CipherError);
    await expect(open(Buffer.alloc(0))).rejects.toThrow(CipherError);
    // The same content sealed for another document does not open as this one.
    const other = await seal(plain, 'doc-2');
    await expect(open(Buffer.concat([other.subarray(0, frame), sealed.subarray(frame)]))).rejects.toThrow(CipherError);
    await expect(open(other, 'doc-1')).rejects.toThrow(CipherError);
  });

  it('opens with the key that sealed it after rotation; refuses a key id it lacks or one that lies', async () => {
    const plain = randomBytes(100);
    const sealedWithOld = await seal(plain, 'doc-1', K2);
    // K1 is the current key now; K2 still opens what it sealed.
    expect((await open(sealedWithOld, 'doc-1', 'k2')).equals(plain)).toBe(true);
    await expect(open(sealedWithOld, 'doc-1', 'k2', [5], [K1])).rejects.toThrow(/not configured/);
    await expect(open(sealedWithOld, 'doc-1', 'k1')).rejects.toThrow(CipherError);
  });
});

describe('files being checked', () => {
  it('are sealed with a key of their own while they wait, and what a dead process left is removed at start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'incoming-'));
    const marker = Buffer.from('%PDF-1.7\nA letter from Dr. Alvarez about the treatment\n%%EOF\n');
    const fresh = await receiveIncoming(dataDir, cut(marker, [10]), 1000);
    const old = await receiveIncoming(dataDir, cut(marker, [10]), 1000);
    if (!fresh.ok || !old.ok) throw new Error('not received');
    expect([fresh.file.kind, fresh.file.size]).toEqual(['pdf', marker.length]);
    expect((await fresh.file.whole()).equals(marker)).toBe(true);
    const files = readdirSync(incomingDir(dataDir));
    expect(files).toHaveLength(2);
    for (const f of files) expect(readFileSync(join(incomingDir(dataDir), f)).includes('Alvarez')).toBe(false);
    // One of them an hour old: a process died checking it.
    const oldFile = join(incomingDir(dataDir), files[0]);
    const hourAgo = new Date(Date.now() - 61 * 60 * 1000);
    utimesSync(oldFile, hourAgo, hourAgo);
    expect(await clearIncoming(dataDir)).toBe(1);
    expect(readdirSync(incomingDir(dataDir))).toHaveLength(1);
    await fresh.file.discard();
    await old.file.discard();
    expect(readdirSync(incomingDir(dataDir))).toEqual([]);
    expect(await clearIncoming(join(dataDir, 'none'))).toBe(0);
  });
});
