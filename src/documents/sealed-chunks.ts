/**
 * A document's content sealed as it streams: AES-256-GCM over fixed-size chunks (64 KiB), each
 * with its own random nonce, so a 20 MB file is never whole in memory, neither when stored nor when
 * read back. Each chunk's AAD binds it to its document, the key id, its index and whether it is the
 * last: chunks cannot be reordered, swapped between documents, dropped from the end or appended.
 *
 *   frame = nonce (12 bytes) | ciphertext (chunk size, the last shorter) | tag (16 bytes)
 *   AAD   = "doc1:" documentId ":" keyId ":" index ":" ("last" | "more")
 *
 * The frames are written one after another; every frame but the last has the full size, so a
 * reader splits them again by length. The keys are the store's own (src/store/cipher.ts): the
 * current one seals, each listed one opens (the key id is kept with the document).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CipherError, type CipherKey } from '../store/cipher';

export const CHUNK_BYTES = 64 * 1024;
const NONCE = 12;
const TAG = 16;
export const FRAME_OVERHEAD = NONCE + TAG;

const aad = (documentId: string, keyId: string, index: number, last: boolean) => Buffer.from(`doc1:${documentId}:${keyId}:${index}:${last ? 'last' : 'more'}`);

/** Regroups a stream of byte pieces of any sizes into pieces of exactly `size` (the last may be shorter, never empty unless nothing came). */
async function* regroup(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let held = 0;
  for await (const piece of source) {
    let buf = Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    while (buf.length > 0) {
      const take = Math.min(size - held, buf.length);
      parts.push(buf.subarray(0, take));
      held += take;
      buf = buf.subarray(take);
      if (held === size) {
        yield Buffer.concat(parts, size);
        parts = [];
        held = 0;
      }
    }
  }
  if (held > 0) yield Buffer.concat(parts, held);
}

/** Yields the element with whether it is the last one (one element of look-ahead). */
async function* withLast<T>(source: AsyncIterable<T>): AsyncGenerator<[T, boolean]> {
  let prev: { v: T } | null = null;
  for await (const v of source) {
    if (prev) yield [prev.v, false];
    prev = { v };
  }
  if (prev) yield [prev.v, true];
}

export interface SealedStreamOptions {
  /** Plaintext bytes per chunk: CHUNK_BYTES but in tests. */
  chunkBytes?: number;
}

/** Seals `plain` with `key` for `documentId`: the frames to store. Nothing comes out of an empty input but one empty last frame. */
export async function* sealChunks(plain: AsyncIterable<Uint8Array>, key: CipherKey, documentId: string, o: SealedStreamOptions = {}): AsyncGenerator<Buffer> {
  const size = o.chunkBytes ?? CHUNK_BYTES;
  let index = 0;
  let any = false;
  for await (const [chunk, last] of withLast(regroup(plain, size))) {
    any = true;
    yield sealOne(chunk, key, documentId, index++, last);
  }
  if (!any) yield sealOne(Buffer.alloc(0), key, documentId, 0, true);
}

function sealOne(chunk: Buffer, key: CipherKey, documentId: string, index: number, last: boolean): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(aad(documentId, key.id, index, last));
  const body = Buffer.concat([cipher.update(chunk), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/**
 * Opens frames sealed by sealChunks, chunk by chunk. Throws CipherError (once the bad chunk is
 * reached) on a frame that was changed, moved, taken from another document, or on a stream cut
 * short or extended.
 */
export async function* openChunks(
  sealed: AsyncIterable<Uint8Array>,
  keys: readonly CipherKey[],
  keyId: string,
  documentId: string,
  o: SealedStreamOptions = {},
): AsyncGenerator<Buffer> {
  const key = keys.find((k) => k.id === keyId);
  if (!key) throw new CipherError(`sealed with key "${keyId}", which is not configured (ENCRYPTION_OLD_KEYS)`);
  const frame = (o.chunkBytes ?? CHUNK_BYTES) + FRAME_OVERHEAD;
  let index = 0;
  let sawLast = false;
  for await (const [f, last] of withLast(regroup(sealed, frame))) {
    // A full-size frame may be the last one; a short frame must be.
    if (f.length < FRAME_OVERHEAD || (f.length < frame && !last)) throw new CipherError('document content cut short');
    const decipher = createDecipheriv('aes-256-gcm', key.key, f.subarray(0, NONCE));
    decipher.setAAD(aad(documentId, key.id, index++, last));
    decipher.setAuthTag(f.subarray(f.length - TAG));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(f.subarray(NONCE, f.length - TAG)), decipher.final()]);
    } catch {
      throw new CipherError('document content does not open: changed, moved or cut short');
    }
    sawLast = last;
    yield plain;
  }
  if (!sawLast) throw new CipherError('document content is empty');
}

/** The number of bytes sealChunks writes for `size` plaintext bytes. */
export function sealedSize(size: number, chunkBytes = CHUNK_BYTES): number {
  return size + Math.max(1, Math.ceil(size / chunkBytes)) * FRAME_OVERHEAD;
}
